"""Readers for generic corpus formats: a folder of .txt files, JSON Lines, CSV/TSV, Parquet, HTML.

Like NLTK's corpus readers, each reader knows the file and position of every record. A reader
never raises on a bad *record*: it turns it into a :class:`Reject` and goes on, so that the tally
(records seen = loaded + rejected) holds. It raises :class:`CorpusError` only when the corpus as a
whole cannot be read (missing path, empty folder, missing required column).
"""
from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framelens.corpus.model import Reject
from framelens.errors import CorpusError

log = logging.getLogger(__name__)

#: Files larger than this are refused with a clear message rather than read into memory whole.
MAX_FILE_BYTES = 2 * 1024**3

#: Canonical field -> column names tried, in order, when no mapping is given.
DEFAULT_COLUMN_CANDIDATES = {
    "doc_id": ["doc_id", "id", "ID", "uuid"],
    "outlet": ["outlet", "source", "publisher", "newsSource", "media"],
    "published": ["published", "date", "publish_date", "pub_date"],
    "title": ["title", "headline"],
    "text": ["text", "content_original", "content", "body", "article"],
    "url": ["url", "link", "news_link"],
}


@dataclass
class ReadResult:
    """What a reader returns: raw records, rejects, and how many input records it saw."""

    records: list[dict] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    name: str = "corpus"
    synthetic: bool = False

    @property
    def seen(self) -> int:
        return len(self.records) + len(self.rejects)


def _check_file(path: Path) -> None:
    if not path.exists():
        raise CorpusError("no such file or folder", where=str(path), fix="check the path")
    if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
        raise CorpusError(f"file is {path.stat().st_size / 1e9:.1f} GB, above the {MAX_FILE_BYTES / 1e9:.0f} GB "
                          "limit for one file", where=str(path),
                          fix="split it into several files in one folder (JSON Lines or Parquet parts)")


def decode_bytes(raw: bytes, where: str) -> tuple[str | None, Reject | None]:
    """Decode UTF-8 (with or without BOM). Bad bytes give a reject naming the byte offset."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Reject(where, str(line), "bad_encoding",
                            f"byte 0x{raw[exc.start]:02x} at line {line} is not UTF-8; re-save the file as "
                            "UTF-8 (for example `iconv -f cp1252 -t utf-8`)")


def _map_fields(row: dict, mapping: dict[str, str] | None) -> dict:
    """Rename a row's columns to canonical names; unmapped columns are kept as metadata."""
    out = {}
    used = set()
    for canon, candidates in DEFAULT_COLUMN_CANDIDATES.items():
        names = [mapping[canon]] if mapping and canon in mapping else candidates
        for name in names:
            if name in row and name not in used:
                out[canon] = row[name]
                used.add(name)
                break
    for key, value in row.items():
        if key not in used and key not in out:
            out[key] = value
    return out


def read_txt_folder(path: str | Path, *, metadata: str | Path | None = None) -> ReadResult:
    """A folder of ``.txt`` files, one document each.

    The outlet comes from ``metadata.csv`` in the folder (columns ``file`` or ``doc_id``, ``outlet``,
    and optionally ``published``, ``title``, ``url``, more) or, failing that, from the name of the
    sub-folder the file sits in. The doc_id is the path relative to the folder, without ``.txt``.
    """
    root = Path(path)
    _check_file(root)
    files = sorted(p for p in root.rglob("*.txt") if p.is_file())
    if not files:
        raise CorpusError("folder has no .txt files", where=str(root),
                          fix="put one .txt file per article in it (sub-folders per outlet), or pass --format")
    meta_path = Path(metadata) if metadata else root / "metadata.csv"
    meta: dict[str, dict] = {}
    if meta_path.exists():
        table = pd.read_csv(meta_path, dtype=str, keep_default_na=False)
        key = "file" if "file" in table.columns else "doc_id" if "doc_id" in table.columns else None
        if key is None or "outlet" not in table.columns:
            raise CorpusError("metadata.csv needs a `file` (or `doc_id`) column and an `outlet` column",
                              where=str(meta_path), fix="add the missing column header")
        for row in table.to_dict("records"):
            meta[str(row[key]).removesuffix(".txt")] = row
    res = ReadResult(name=root.name)
    for f in files:
        rel = f.relative_to(root).as_posix().removesuffix(".txt")
        try:
            raw = f.read_bytes()
        except OSError as exc:
            res.rejects.append(Reject(str(f), "", "unreadable_file", f"{exc.strerror}; check permissions"))
            continue
        text, rej = decode_bytes(raw, str(f))
        if rej:
            res.rejects.append(rej)
            continue
        rec = {"doc_id": rel, "text": text, "source": str(f)}
        m = meta.get(rel) or meta.get(f.name.removesuffix(".txt"))
        if m:
            rec.update({k: v for k, v in m.items() if k not in ("file",)})
            rec["doc_id"] = rel
        elif f.parent != root:
            rec["outlet"] = f.relative_to(root).parts[0]
        res.records.append(rec)
    return res


def read_jsonl(path: str | Path, *, columns: dict[str, str] | None = None) -> ReadResult:
    """JSON Lines: one JSON object per line. Blank lines are skipped (they are not records)."""
    p = Path(path)
    _check_file(p)
    res = ReadResult(name=p.stem)
    with open(p, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            line, rej = decode_bytes(raw, str(p))
            if rej:
                res.rejects.append(Reject(str(p), str(lineno), "bad_encoding",
                                          rej.detail.replace("at line 1", f"at line {lineno}")))
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                res.rejects.append(Reject(str(p), str(lineno), "malformed_record",
                                          f"invalid JSON at column {exc.colno}: {exc.msg}; fix or delete line "
                                          f"{lineno}"))
                continue
            if not isinstance(obj, dict):
                res.rejects.append(Reject(str(p), str(lineno), "malformed_record",
                                          "line is JSON but not an object; each line must be {...}"))
                continue
            rec = _map_fields(obj, columns)
            rec["source"] = f"{p}:{lineno}"
            if not rec.get("doc_id"):
                rec["doc_id"] = f"{p.stem}:{lineno}"
            res.records.append(rec)
    return res


def read_table(path: str | Path, *, sep: str | None = None, columns: dict[str, str] | None = None) -> ReadResult:
    """CSV or TSV with a header row. ``columns`` maps canonical names to the file's column names."""
    p = Path(path)
    _check_file(p)
    if sep is None:
        sep = "\t" if p.suffix.lower() in (".tsv", ".tab") else ","
    raw = p.read_bytes()
    text, rej = decode_bytes(raw, str(p))
    if rej:
        # Decode line by line so that only the bad rows are lost.
        text = raw.decode("utf-8-sig", errors="replace")
    res = ReadResult(name=p.stem)
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, delimiter=sep)
    try:
        header = next(reader)
    except StopIteration:
        raise CorpusError("file is empty", where=str(p), fix="give a header row and one row per article") from None
    mapped = _map_fields({h: h for h in header}, columns)
    if "text" not in mapped:
        raise CorpusError(f"no text column among {header}", where=f"{p}:1",
                          fix="name the text column `text`, or map it: --column text=YOUR_COLUMN")
    if columns:
        missing = [v for v in columns.values() if v not in header]
        if missing:
            raise CorpusError(f"mapped column(s) {missing} not in header {header}", where=f"{p}:1",
                              fix="check the --column mapping against the header")
    for row in reader:
        lineno = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            res.rejects.append(Reject(str(p), str(lineno), "malformed_record",
                                      f"row has {len(row)} fields, header has {len(header)}; check quoting "
                                      "and delimiters on that line"))
            continue
        rec = _map_fields(dict(zip(header, row)), columns)
        if "\ufffd" in "".join(row) and rej:
            res.rejects.append(Reject(str(p), str(lineno), "bad_encoding",
                                      "row holds bytes that are not UTF-8; re-save the file as UTF-8"))
            continue
        rec["source"] = f"{p}:{lineno}"
        if not rec.get("doc_id"):
            rec["doc_id"] = f"{p.stem}:{lineno}"
        res.records.append(rec)
    return res


def read_parquet(path: str | Path, *, columns: dict[str, str] | None = None) -> ReadResult:
    """A Parquet file, or a folder of Parquet parts, one row per document."""
    p = Path(path)
    _check_file(p)
    try:
        table = pd.read_parquet(p)
    except Exception as exc:  # pyarrow raises many types
        raise CorpusError(f"cannot read Parquet: {exc}", where=str(p),
                          fix="check that it is a Parquet file (or a folder of them)") from None
    mapped = _map_fields({c: c for c in table.columns}, columns)
    if "text" not in mapped:
        raise CorpusError(f"no text column among {list(table.columns)}", where=str(p),
                          fix="name the text column `text`, or map it: --column text=YOUR_COLUMN")
    res = ReadResult(name=p.stem)
    for i, row in enumerate(table.to_dict("records")):
        rec = _map_fields(row, columns)
        rec["source"] = f"{p}#{i}"
        if not rec.get("doc_id"):
            rec["doc_id"] = f"{p.stem}#{i}"
        res.records.append(rec)
    return res


def read_html_folder(path: str | Path) -> ReadResult:
    """HTML files (a file or a folder, outlet from the sub-folder): main text through trafilatura."""
    import trafilatura

    root = Path(path)
    _check_file(root)
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix.lower() in (".html", ".htm"))
    if not files:
        raise CorpusError("folder has no .html files", where=str(root), fix="check the path or pass --format")
    res = ReadResult(name=root.stem)
    for f in files:
        try:
            raw = f.read_bytes()
        except OSError as exc:
            res.rejects.append(Reject(str(f), "", "unreadable_file", f"{exc.strerror}; check permissions"))
            continue
        html, rej = decode_bytes(raw, str(f))
        if rej:
            res.rejects.append(rej)
            continue
        text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
        meta = trafilatura.extract_metadata(html)
        rec = {"doc_id": f.relative_to(root).as_posix() if root.is_dir() else f.name, "text": text,
               "source": str(f)}
        if meta is not None:
            rec.update(title=meta.title or "", url=meta.url or "", published=meta.date or None)
            if meta.sitename:
                rec["outlet"] = meta.sitename
        if root.is_dir() and f.parent != root:
            rec["outlet"] = f.relative_to(root).parts[0]
        res.records.append(rec)
    return res
