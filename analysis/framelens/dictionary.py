"""The data dictionary of a results folder: ``README.txt``, what each file and column holds.

:func:`write_data_dictionary` lists every file of a ``framelens analyze`` folder with its
description from ``framelens/data/results_dictionary.yml``, and for each table its rows and its
columns, each with its meaning (the feature columns of ``doc_features``, one per feature, are
summarised). A file the dictionary does not describe is listed as such, so a new table cannot go
out undocumented without a test noticing (``tests/test_pipeline.py``).
"""
from __future__ import annotations

import textwrap
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

#: What a file the dictionary does not know is called in README.txt.
UNDESCRIBED = "(not described: please report it)"


@lru_cache(maxsize=1)
def results_dictionary() -> dict:
    """The shipped dictionary: ``files`` (name -> description), ``tables``, ``columns``."""
    text = resources.files("framelens.data").joinpath("results_dictionary.yml").read_text("utf-8")
    return yaml.safe_load(text)


def describe_column(name: str) -> str:
    """The meaning of a column name (feature columns of ``doc_features`` by their prefix)."""
    cols = results_dictionary()["columns"]
    if name in cols:
        return cols[name]
    if ":" in name or name in ("hedge", "booster", "loaded", "scare_quote", "agentless_passive"):
        return "count of this feature's cues in the document (and voice)"
    return ""


def data_dictionary(tables: dict[str, tuple[list[str], int]], files: list[str]) -> str:
    """README.txt's text for a folder holding ``files`` and the CSV/Parquet ``tables`` (name ->
    (columns, rows))."""
    d = results_dictionary()
    out = ["framelens results: what each file holds", "=" * 40, "",
           "Every table is written as NAME.parquet and, unless it is over 100 MB (or --csv never), as NAME.csv",
           "with the same columns; manifest.json's tables gives each table's rows and file sizes.", ""]
    for name in sorted(f for f in files if not f.endswith((".csv", ".parquet"))):
        out.append(f"{name}: {d['files'].get(name, UNDESCRIBED)}")
    out.append("")
    for name in sorted(tables):
        columns, rows = tables[name]
        out.append(f"{name} ({rows:,} rows): {d['tables'].get(name, UNDESCRIBED)}")
        feature_cols = [c for c in columns if ":" in str(c)]
        for col in columns:
            if col in feature_cols[1:]:
                continue
            meaning = describe_column(str(col))
            label = (f"{col} ... ({len(feature_cols)} feature columns)" if feature_cols and col == feature_cols[0]
                     else str(col))
            out.extend(textwrap.wrap(f"{label}: {meaning}" if meaning else label, width=100,
                                     initial_indent="    ", subsequent_indent="        "))
        out.append("")
    return "\n".join(out)


def write_data_dictionary(folder: str | Path, tables: dict[str, tuple[list[str], int]]) -> Path:
    """Write ``README.txt`` into ``folder`` for the tables written there (name -> (columns, rows));
    return its path."""
    folder = Path(folder)
    files = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    path = folder / "README.txt"
    path.write_text(data_dictionary(tables, files + ["README.txt"]) + "\n", encoding="utf-8")
    return path
