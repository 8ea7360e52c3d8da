"""How adapters recognise a shared corpus by its folder layout, and read its files without losing one.

Detection must be cheap (it runs on every folder a user loads without ``--format``): it looks at a
few fixed places relative to the path and opens at most a handful of small files, never walks a
whole tree. Reading turns every file problem into a :class:`Reject` so that the tally holds.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Iterable

from framelens.corpus.model import Reject
from framelens.corpus.readers import read_text_file
from framelens.errors import CorpusError

#: Detection never opens a file bigger than this (a layout probe, not a read).
PROBE_MAX_BYTES = 20 * 1024**2


def first_files(folder: Path, suffix: str, limit: int = 1) -> list[Path]:
    """Up to ``limit`` files in ``folder`` (not below it) whose name ends with ``suffix``, by name."""
    if not folder.is_dir():
        return []
    found = []
    try:
        with os.scandir(folder) as it:
            for entry in it:
                if entry.name.endswith(suffix) and entry.is_file():
                    found.append(Path(entry.path))
                    if len(found) >= 64 * limit:  # bounded scan: enough to pick a stable first few
                        break
    except OSError:
        return []
    return sorted(found)[:limit]


def probe_json(path: Path) -> object | None:
    """The parsed JSON of a small file, or None when it is missing, big, or not JSON."""
    try:
        if not path.is_file() or path.stat().st_size > PROBE_MAX_BYTES:
            return None
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def probe_first_line(path: Path, max_bytes: int = 1 << 20) -> str | None:
    """The first line of a text file (BOM removed), or None when unreadable."""
    try:
        with open(path, "rb") as fh:
            raw = fh.readline(max_bytes)
        return raw.decode("utf-8-sig", errors="replace").rstrip("\r\n")
    except OSError:
        return None


def has_keys(obj: object, keys: Iterable[str]) -> bool:
    return isinstance(obj, dict) and all(k in obj for k in keys)


def json_folder_with(folder: Path, keys: Iterable[str], probes: int = 3) -> bool:
    """True when one of the first ``probes`` JSON files of ``folder`` has all ``keys``
    (a few, so that one damaged file does not hide the corpus)."""
    keys = tuple(keys)
    return any(has_keys(probe_json(f), keys) for f in first_files(folder, ".json", limit=probes))


def first_existing(candidates: Iterable[Path], test) -> Path | None:
    """The first candidate for which ``test(candidate)`` holds."""
    for c in candidates:
        try:
            if test(c):
                return c
        except OSError:
            continue
    return None


def read_json_file(path: Path) -> tuple[object | None, Reject | None]:
    """Parse one JSON file of a corpus; an unreadable, non-UTF-8 or invalid file gives a reject."""
    text, rej = read_text_file(path)
    if rej:
        return None, rej
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, Reject(str(path), str(exc.lineno), "malformed_record",
                            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; restore the file "
                            "from the corpus's original release")


def not_this_layout(path: Path, corpus: str, expected: str) -> CorpusError:
    """The error for ``--format X`` on a path that does not have corpus X's layout."""
    if not path.exists():
        return CorpusError("no such file or folder", where=str(path), fix="check the path")
    return CorpusError(f"not a {corpus} folder: expected {expected}", where=str(path),
                       fix=f"point at the {corpus} folder itself, or drop --format to detect the format")


_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)")


def date_from_url(url: str) -> str:
    """``YYYY-MM-DD`` when a URL path holds ``/YYYY/MM/DD/`` (as most news sites do), else ""."""
    m = _URL_DATE.search(url or "")
    if not m:
        return ""
    y, mo, d = m.groups()
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
        return ""
    return f"{y}-{mo}-{d}"


def text_of(value) -> str:
    """A field's value as a stripped string ("" for None)."""
    if value is None:
        return ""
    return str(value).strip()
