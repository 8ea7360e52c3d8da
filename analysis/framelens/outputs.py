"""Atomic output folders: a run writes into a hidden temporary folder beside the target and renames
it into place only when everything succeeded, so a failed or interrupted run never leaves a folder
that looks complete. Tables are written as CSV and Parquet side by side."""
from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd


@contextlib.contextmanager
def atomic_dir(target: str | Path):
    """Yield a temporary folder; on success it replaces ``target`` (an old ``target`` is removed)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{tmp.name[-8:]}")
        target.rename(old)
    tmp.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_table(df: pd.DataFrame, folder: str | Path, name: str, *, parquet: bool = True) -> list[Path]:
    """Write ``df`` as ``name.csv`` (and ``name.parquet``) in ``folder``; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = df.copy()
    out.attrs = {}  # pandas would store attrs (e.g. per-document stats) in the Parquet metadata
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(str)
    paths = [folder / f"{name}.csv"]
    out.to_csv(paths[0], index=False)
    if parquet:
        paths.append(folder / f"{name}.parquet")
        out.to_parquet(paths[1], index=False)
    return paths


def write_json(obj, folder: str | Path, name: str) -> Path:
    path = Path(folder) / f"{name}.json"
    path.write_text(json.dumps(obj, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    return path
