"""Readers for generic corpus formats: a folder of .txt files, JSON Lines, CSV/TSV, Parquet, HTML.

Like NLTK's corpus readers, each reader knows the file and position of every record. A reader
never raises on a bad *record*: it turns it into a :class:`Reject` (with the file, the line and how
to fix it) and goes on, so that the tally (records seen = loaded + rejected) holds. It raises
:class:`CorpusError` only when the corpus as a whole cannot be read (missing path, empty folder,
missing text column, a file above :data:`MAX_FILE_BYTES`).

Field names: each reader maps the input's fields to the canonical ones (``doc_id, outlet,
published, title, text, url``) through :data:`DEFAULT_COLUMN_CANDIDATES`, or through an explicit
``columns`` mapping (canonical name -> input name; any other name, such as ``event_id`` or
``leaning``, renames that input field). Unmapped fields are kept as metadata; one whose name clashes
with a canonical column is kept as ``input_<name>``.
"""
from __future__ import annotations

import csv
import errno
import json
import logging
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

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

#: Names a reader sets itself; an input field with one of these names is kept as ``input_<name>``.
RESERVED_FIELDS = frozenset({"source", "outlet_raw", "duplicate_of"})

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class ReadResult:
    """What a reader returns: raw records, rejects, and how many input records it saw."""

    records: list[dict] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    name: str = "corpus"
    synthetic: bool = False
    #: canonical field -> the input's column it was read from (tables and JSON: see :func:`columns_used`)
    columns_used: dict = field(default_factory=dict)

    @property
    def seen(self) -> int:
        return len(self.records) + len(self.rejects)


def _size_problem(path: Path) -> str | None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return (f"file is {size / 1e9:.1f} GB, above the {MAX_FILE_BYTES / 1e9:.1f} GB limit for one file "
                f"({size} > {MAX_FILE_BYTES} bytes)")
    return None


_SPLIT_FIX = "split it into several files in one folder (JSON Lines or Parquet parts)"


def check_path(path: Path) -> None:
    """Raise a CorpusError when ``path`` does not exist or is a file above :data:`MAX_FILE_BYTES`."""
    if not path.exists():
        raise CorpusError("no such file or folder", where=str(path), fix="check the path")
    if path.is_file():
        problem = _size_problem(path)
        if problem:
            raise CorpusError(problem, where=str(path), fix=_SPLIT_FIX)


_check_file = check_path  # old name, kept for callers


def read_file_bytes(path: Path) -> tuple[bytes | None, Reject | None]:
    """The bytes of one file of a folder corpus, or a reject (unreadable, or above the size limit)."""
    try:
        problem = _size_problem(path)
        if problem:
            return None, Reject(str(path), "", "unreadable_file", f"{problem}; {_SPLIT_FIX}")
        return path.read_bytes(), None
    except OSError as exc:
        return None, Reject(str(path), "", "unreadable_file",
                            f"cannot read {path.name}: {exc.strerror or exc}; check that it exists and is readable")


def read_text_file(path: Path) -> tuple[str | None, Reject | None]:
    """The UTF-8 text of one file of a folder corpus, or a reject (unreadable, too big, bad encoding)."""
    raw, rej = read_file_bytes(path)
    if rej is not None:
        return None, rej
    return decode_bytes(raw, str(path))


def decode_bytes(raw: bytes, where: str, *, first_line: int = 1) -> tuple[str | None, Reject | None]:
    """Decode UTF-8 (with or without BOM). Bad bytes give a reject naming the line and byte.

    Parameters
    ----------
    raw : bytes
    where : str
        The file, for the reject.
    first_line : int, default 1
        Line number of the first byte of ``raw`` in its file (when ``raw`` is one line of a file).
    """
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = first_line + raw[: exc.start].count(b"\n")
        return None, Reject(where, str(line), "bad_encoding",
                            f"byte 0x{raw[exc.start]:02x} at line {line} is not UTF-8; re-save the file as "
                            "UTF-8 (for example `iconv -f cp1252 -t utf-8`)")


def _as_text(value):
    """Text given as a list of paragraphs (or sentences) becomes one string, a line per item (a Parquet
    list column arrives as a numpy array)."""
    if hasattr(value, "tolist") and not isinstance(value, str) and getattr(value, "ndim", 0) == 1:
        value = value.tolist()
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return value


def _map_fields(row: dict, mapping: dict[str, str] | None) -> dict:
    """Rename a row's fields to canonical names; unmapped fields are kept as metadata."""
    mapping = mapping or {}
    out: dict = {}
    used: set = set()
    targets = list(DEFAULT_COLUMN_CANDIDATES) + [k for k in mapping if k not in DEFAULT_COLUMN_CANDIDATES]
    for canon in targets:
        names = [mapping[canon]] if canon in mapping else DEFAULT_COLUMN_CANDIDATES[canon]
        for name in names:
            if name in row and name not in used:
                out[canon] = row[name]
                used.add(name)
                break
    for key, value in row.items():
        if key in used:
            continue
        out[f"input_{key}" if key in out or key in RESERVED_FIELDS else key] = value
    if "text" in out:
        out["text"] = _as_text(out["text"])
    return out


def columns_used(available, mapping: dict[str, str] | None) -> dict[str, str]:
    """Which input column each canonical field is read from (``{"text": "body", "outlet": "source"}``):
    :func:`_map_fields` applied to the column names themselves."""
    targets = set(DEFAULT_COLUMN_CANDIDATES) | set(mapping or {})
    return {k: v for k, v in _map_fields({c: c for c in available}, mapping).items() if k in targets}


def _missing_id(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == ""


def _check_mapping(columns: dict[str, str] | None, available: list[str], where: str) -> None:
    """A CorpusError when a mapped column is absent or no text column can be found."""
    if columns:
        missing = [v for v in columns.values() if v not in available]
        if missing:
            raise CorpusError(f"mapped column(s) {missing} not among the columns {available}", where=where,
                              fix="check the --column FIELD=COLUMN mapping against the file's column names")
    if "text" not in _map_fields({c: c for c in available}, columns):
        raise CorpusError(f"no text column among {available}", where=where,
                          fix="name the text column `text`, or map it: --column text=YOUR_COLUMN")


def _check_outlet_column(columns: dict[str, str] | None, available: list[str], where: str) -> None:
    """A CorpusError, once for the file, when a table has no outlet column: every row would be a
    ``missing_outlet`` reject."""
    if "outlet" not in _map_fields({c: c for c in available}, columns):
        names = ", ".join(DEFAULT_COLUMN_CANDIDATES["outlet"])
        raise CorpusError(f"no outlet column among the columns {available}", where=where,
                          fix=f"name the outlet column `outlet` (or one of: {names}), or map yours: "
                              "--column outlet=YOUR_COLUMN")


def walk_files(root: Path, suffixes: tuple[str, ...]) -> tuple[list[Path], list[Reject]]:
    """Every file under ``root`` whose suffix (lower-cased) is one of ``suffixes``, sorted, and a reject
    for every path that cannot be read: a folder that cannot be opened (its files cannot even be
    counted), a broken or looping symbolic link, something that is not a regular file (a pipe
    would block the read). Symbolic links to folders are followed after the real folders (so a
    file is found under its real folder first), each folder once.
    """
    files: list[Path] = []
    rejects: list[Reject] = []
    visited: set[tuple[int, int]] = set()
    linked: list[Path] = []

    def visit(folder: Path) -> None:
        try:
            st = folder.stat()
            key = (st.st_dev, st.st_ino)
            if key in visited:
                rejects.append(Reject(str(folder), "", "unreadable_file",
                                      "this folder was already read through another path (a symbolic link loop "
                                      "or a second link to it); its files are counted once"))
                return
            visited.add(key)
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            rejects.append(Reject(str(folder), "", "unreadable_file",
                                  f"cannot open the folder: {exc.strerror or exc}, so its files cannot be read or "
                                  "counted; check its permissions (ls -ld, chmod u+rx)"))
            return
        for e in entries:
            path = folder / e.name
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if e.is_symlink():
                    linked.append(path)
                else:
                    visit(path)
                continue
            if path.suffix.lower() not in suffixes:
                continue
            try:
                st = os.stat(path)
            except OSError as exc:
                what = ("a symbolic link loop" if exc.errno == errno.ELOOP else
                        f"a broken symbolic link (to {os.readlink(path)!r}, which does not exist)"
                        if e.is_symlink() else f"unreadable ({exc.strerror or exc})")
                rejects.append(Reject(str(path), "", "unreadable_file",
                                      f"{path.name} is {what}; fix or remove it"))
                continue
            if not stat.S_ISREG(st.st_mode):
                rejects.append(Reject(str(path), "", "unreadable_file",
                                      f"{path.name} is not a regular file (a pipe, socket or device); remove it"))
                continue
            files.append(path)

    visit(root)
    while linked:
        visit(linked.pop(0))
    return sorted(files), rejects


def read_txt_folder(path: str | Path, *, metadata: str | Path | None = None) -> ReadResult:
    """A folder of ``.txt`` files, one document each.

    The outlet comes from ``metadata.csv`` in the folder (a ``file`` or ``doc_id`` column, an
    ``outlet`` column, and optionally ``published``, ``title``, ``url`` and any more metadata) or,
    failing that, from the name of the top sub-folder the file sits in. The doc_id is the
    ``doc_id`` given in metadata.csv, else the path relative to the folder without ``.txt``.

    Raises
    ------
    CorpusError
        When the folder is missing or has no ``.txt`` file, or metadata.csv lacks its key columns.
    """
    root = Path(path)
    check_path(root)
    files, unreadable = ([root], []) if root.is_file() else walk_files(root, (".txt",))
    if not files and not unreadable:
        raise CorpusError("folder has no .txt files", where=str(root),
                          fix="put one .txt file per article in it (sub-folders per outlet), or pass --format")
    base = root.parent if root.is_file() else root
    meta_path = Path(metadata) if metadata else base / "metadata.csv"
    meta: dict[str, dict] = {}
    if meta_path.exists():
        try:
            table = pd.read_csv(meta_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise CorpusError(f"cannot read metadata.csv: {exc}", where=str(meta_path),
                              fix="save it as UTF-8 CSV with a header row") from None
        key = "file" if "file" in table.columns else "doc_id" if "doc_id" in table.columns else None
        if key is None or "outlet" not in table.columns:
            raise CorpusError(f"metadata.csv needs a `file` (or `doc_id`) column and an `outlet` column; it has "
                              f"{list(table.columns)}", where=f"{meta_path}:1", fix="add the missing column header")
        for row in table.to_dict("records"):
            meta[str(row[key]).removesuffix(".txt")] = row
    res = ReadResult(name=root.stem if root.is_file() else root.name, rejects=list(unreadable))
    for f in files:
        rel = f.relative_to(base).as_posix().removesuffix(".txt")
        text, rej = read_text_file(f)
        if rej:
            res.rejects.append(rej)
            continue
        rec = {"doc_id": rel, "text": text, "source": str(f)}
        m = meta.get(rel) or meta.get(f.name.removesuffix(".txt"))
        if m:
            rec.update({k: v for k, v in m.items() if k != "file" and not (k == "doc_id" and not v)})
        elif f.parent != base:
            rec["outlet"] = f.relative_to(base).parts[0]
        res.records.append(rec)
    return res


def read_jsonl(path: str | Path, *, columns: dict[str, str] | None = None) -> ReadResult:
    """JSON Lines: one JSON object per line. Blank lines are skipped (they are not records).

    A ``.json`` file that holds one JSON array of objects is read as that array (element i is
    record ``file#i``). :func:`stream_jsonl` reads the same records one at a time.

    Raises
    ------
    CorpusError
        When the file is missing or too big, or no object has a text field.
    """
    res = stream_jsonl(path, columns=columns)
    res.records = list(res.records)
    return res


def stream_jsonl(path: str | Path, *, columns: dict[str, str] | None = None) -> ReadResult:
    """:func:`read_jsonl`, with the records an iterator that reads the file as it is consumed.

    Only the record being read is held, not every record with its text: ``load_corpus`` builds
    the corpus from it in bounded memory. The result's ``rejects`` and ``columns_used`` are
    complete once ``records`` has been read to the end (its ``seen`` cannot be counted before).

    Raises
    ------
    CorpusError
        When the file is missing or too big (at once), or no object has a text field (at the end
        of ``records``).
    """
    p = Path(path)
    check_path(p)
    if p.is_dir():
        raise CorpusError("expected a JSON Lines file, got a folder", where=str(p),
                          fix="point at the .jsonl file, or pass the right --format for the folder")
    try:
        if _starts_with_bracket(p):
            res = _read_json_array(p, columns)
            res.records = iter(res.records)
            return res
        fh = open(p, "rb")
    except OSError as exc:
        raise _unreadable(p, exc) from None
    res = ReadResult(name=p.stem)
    res.records = _jsonl_records(fh, p, columns, res)
    return res


def _jsonl_records(fh, p: Path, columns: dict[str, str] | None, res: ReadResult) -> Iterator[dict]:
    """The records of the open JSON Lines file ``fh`` (``p``), one at a time; bad lines go to
    ``res.rejects`` and, at the end, the fields read to ``res.columns_used``."""
    objects = with_text = 0
    fields_seen: set[str] = set()
    with fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            line, rej = decode_bytes(raw, str(p), first_line=lineno)
            if rej:
                res.rejects.append(rej)
                continue
            obj, problem = _parse_json(line)
            if problem:
                res.rejects.append(Reject(str(p), str(lineno), "malformed_record",
                                          f"line {lineno}: {problem}; fix or delete that line (each line must be one "
                                          "complete JSON object)"))
                continue
            if not isinstance(obj, dict):
                res.rejects.append(Reject(str(p), str(lineno), "malformed_record",
                                          f"line {lineno} is JSON but not an object; each line must be {{...}}"))
                continue
            objects += 1
            fields_seen.update(obj)
            rec = _map_fields(obj, columns)
            with_text += "text" in rec
            rec["source"] = f"{p}:{lineno}"
            if _missing_id(rec.get("doc_id")):
                rec["doc_id"] = f"{p.stem}:{lineno}"
            yield rec
    if objects and not with_text:
        _check_mapping(columns, sorted(fields_seen), str(p))
    res.columns_used = columns_used(fields_seen, columns)


def _unreadable(path: Path, exc: OSError) -> CorpusError:
    return CorpusError(f"cannot read the file: {exc.strerror or exc}", where=str(path),
                       fix="check that it exists and that you may read it (ls -l, chmod u+r)")


def _parse_json(text: str):
    """``(object, None)``, or ``(None, problem)`` when ``text`` is not JSON Python can hold: bad
    syntax (with the column), nesting too deep for the parser, a number with too many digits."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON at column {exc.colno}: {exc.msg}"
    except RecursionError:
        return None, "JSON nested too deeply to read (thousands of [ or { inside each other)"
    except ValueError as exc:  # e.g. an integer beyond Python's 4,300-digit limit
        return None, f"JSON value cannot be read: {str(exc).splitlines()[0][:120]}"


def _starts_with_bracket(p: Path) -> bool:
    """A ``.json`` file holding one JSON array (``[{...}, {...}]``) rather than JSON Lines."""
    if p.suffix.lower() != ".json":
        return False
    with open(p, "rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"[")


def _read_json_array(p: Path, columns: dict[str, str] | None) -> ReadResult:
    """A JSON array of article objects; element i is record ``file#i``."""
    raw = p.read_bytes()
    text, rej = decode_bytes(raw, str(p))
    if rej:
        raise CorpusError(rej.detail.split(";")[0], where=f"{p}:{rej.record}", fix="re-save the file as UTF-8")
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"invalid JSON: {exc.msg}", where=f"{p}:{exc.lineno}",
                          fix="fix the JSON at that line and column "
                              f"{exc.colno}, or write one object per line (JSON Lines)") from None
    except (RecursionError, ValueError):
        _, problem = _parse_json(text)
        raise CorpusError(problem, where=str(p), fix="write one flat object per line (JSON Lines)") from None
    res = ReadResult(name=p.stem)
    fields_seen: set[str] = set()
    with_text = 0
    for i, obj in enumerate(items if isinstance(items, list) else [items]):
        if not isinstance(obj, dict):
            res.rejects.append(Reject(str(p), str(i), "malformed_record",
                                      f"element {i} of the array is not an object; each element must be {{...}}"))
            continue
        fields_seen.update(obj)
        rec = _map_fields(obj, columns)
        with_text += "text" in rec
        rec["source"] = f"{p}#{i}"
        if _missing_id(rec.get("doc_id")):
            rec["doc_id"] = f"{p.stem}#{i}"
        res.records.append(rec)
    if res.records and not with_text:
        _check_mapping(columns, sorted(fields_seen), str(p))
    res.columns_used = columns_used(fields_seen, columns)
    return res


def _decoded_lines(raw: bytes, where: str) -> tuple[list[str], dict[int, Reject]]:
    """Split bytes into lines (``\\n`` only, ends kept) and decode each; bad lines -> reject by line."""
    try:
        text = raw.decode("utf-8-sig")
        bad: dict[int, Reject] = {}
    except UnicodeDecodeError:
        pieces = raw.split(b"\n")
        text_lines, bad = [], {}
        for i, piece in enumerate(pieces, 1):
            if i == 1 and piece.startswith(b"\xef\xbb\xbf"):
                piece = piece[3:]
            try:
                text_lines.append(piece.decode("utf-8"))
            except UnicodeDecodeError:
                text_lines.append(piece.decode("utf-8", errors="replace"))
                _, bad[i] = decode_bytes(piece, where, first_line=i)
        text = "\n".join(text_lines)
    if "\n" not in text and "\r" in text:  # old Mac line ends: CR only
        text = text.replace("\r", "\n")
    lines = text.split("\n")
    out = [ln + "\n" for ln in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out, bad


def _swallowing(raw_lines: list[str], sep: str) -> bool:
    """Whether a record is a quote left open that took the following rows in: read strictly (a closing
    quote must be followed by a delimiter or the end of the line, and every quote must close before
    the end of the file), its lines do not parse. A record on one line counts only when its quote
    runs to the end of the file (a stray quote inside one line swallows nothing)."""
    try:
        list(csv.reader(iter(raw_lines), delimiter=sep, strict=True))
    except csv.Error as exc:
        return len(raw_lines) > 1 or "unexpected end of data" in str(exc)
    return False


def _looks_like_rows(field: str, sep: str, n_fields: int) -> int:
    """How many lines inside a (well-quoted) multi-line field parse on their own as a full row."""
    count = 0
    for line in field.split("\n")[1:]:
        if line.count(sep) >= n_fields - 1:
            try:
                parsed = next(csv.reader([line], delimiter=sep, strict=True))
            except (csv.Error, StopIteration):
                continue
            count += len(parsed) == n_fields and bool(parsed[0].strip())
    return count


def table_rows(path: Path, sep: str) -> tuple[list[str], Iterator[tuple[int, list[str] | Reject]]]:
    """The header of a delimited file and an iterator of ``(start_line, row or Reject)``.

    Blank lines are skipped (they are not records). A row with the wrong number of fields, a csv
    parse error or bytes that are not UTF-8 come out as a :class:`Reject` for that line.

    A quote left open (``3,A,"text`` with no closing quote) would make the csv module read every
    following line into that one field, up to the next quote or the end of the file. A record read
    over several lines is therefore read again strictly; when that fails, or when it has the wrong
    number of fields and a line inside it reads as a row (its quote closed on a later row's quote),
    the record is rejected
    (file, line, and how to fix the quote) and reading starts again on the next line, so the rows
    it swallowed load as rows. A well-quoted multi-line field that still holds lines looking like
    rows of this file is kept, with a logged warning.
    """
    lines, bad = _decoded_lines(path.read_bytes(), str(path))
    reader = csv.reader(iter(lines), delimiter=sep)
    try:
        header = next(reader)
    except StopIteration:
        raise CorpusError("file is empty", where=str(path), fix="give a header row and one row per article") from None
    except csv.Error as exc:
        raise CorpusError(f"cannot parse the header row: {exc}", where=f"{path}:1",
                          fix="check the delimiter and quoting of the first line") from None
    if 1 in bad:
        raise CorpusError("header row is not UTF-8", where=f"{path}:1", fix="re-save the file as UTF-8")
    if reader.line_num > 1 and _swallowing(lines[:reader.line_num], sep):
        raise CorpusError("the header row opens a quote that is never closed", where=f"{path}:1",
                          fix="close the quote in the header row")
    header = [h.strip() for h in header]
    first_body_line = reader.line_num  # 0-based index of the first line after the header

    def rows():
        pos = first_body_line
        while pos < len(lines):
            part = csv.reader(iter(lines[pos:]), delimiter=sep)
            end = 0  # physical lines this reader has consumed
            resync = None
            while resync is None:
                start = pos + end + 1  # 1-based line number where the next record starts
                try:
                    row = next(part)
                except StopIteration:
                    return
                except csv.Error as exc:
                    end = part.line_num
                    yield start, Reject(str(path), str(start), "malformed_record",
                                        f"cannot parse line {start}: {exc}; fix the quoting on that line")
                    continue
                end = part.line_num
                last = pos + end
                if not row:
                    continue
                # a quote left open: the record does not parse strictly, or it runs over several lines,
                # has the wrong number of fields and holds a line that reads as a row of this file (the
                # open quote closed on a later row's quote)
                if (last > start or last == len(lines)) and (
                        _swallowing(lines[start - 1:last], sep)
                        or (last > start and len(row) != len(header)
                            and any(_looks_like_rows(v, sep, len(header)) for v in row if "\n" in v))):
                    yield start, Reject(str(path), str(start), "malformed_record",
                                        f"line {start} opens a quote that is not closed properly, so it would take in "
                                        f"{f'lines {start + 1}-{last}' if last > start else 'the end of the file'} as "
                                        f"part of one field; this record was left out and reading went on at line "
                                        f"{start + 1}. Close the quote on line {start}, or double a quote that is "
                                        'part of the text ("")')
                    resync = start  # index of the line after the record's first line
                    continue
                bad_lines = [i for i in range(start, last + 1) if i in bad]
                if bad_lines:
                    rej = bad[bad_lines[0]]
                    yield start, Reject(rej.source, str(start), rej.reason, rej.detail)
                    continue
                if len(row) != len(header):
                    yield start, Reject(str(path), str(start), "malformed_record",
                                        f"line {start} has {len(row)} fields, the header has {len(header)}; check "
                                        f"quoting and delimiters ({sep!r}) on that line")
                    continue
                if last - start >= 2:
                    inner = max((_looks_like_rows(v, sep, len(header)) for v in row if "\n" in v), default=0)
                    if inner >= 2:
                        log.warning("%s:%d: a quoted field runs over lines %d-%d and %d of its lines look like rows "
                                    "of this file; check that its quote is closed where it should be", path, start,
                                    start, last, inner)
                yield start, row
            pos = resync

    return header, rows()


def read_table(path: str | Path, *, sep: str | None = None, columns: dict[str, str] | None = None) -> ReadResult:
    """CSV or TSV with a header row. ``columns`` maps canonical names to the file's column names.

    Raises
    ------
    CorpusError
        When the file is missing, empty or too big, or has no text column or no outlet column.
    """
    p = Path(path)
    check_path(p)
    if p.is_dir():
        raise CorpusError("expected a CSV/TSV file, got a folder", where=str(p),
                          fix="point at the file, or pass the right --format for the folder")
    if sep is None:
        sep = "\t" if p.suffix.lower() in (".tsv", ".tab") else ","
    with p.open("rb") as fh:
        if fh.read(4) == b"PK\x03\x04":  # a zip archive: an .xlsx workbook saved under another name, or --format csv on one
            raise CorpusError("this is a zip archive (an Excel .xlsx workbook?), not a CSV/TSV file", where=str(p),
                              fix="load it with --format xlsx, or save the sheet as CSV (UTF-8)")
    header, rows = table_rows(p, sep)
    _check_mapping(columns, header, f"{p}:1")
    _check_outlet_column(columns, header, f"{p}:1")
    res = ReadResult(name=p.stem, columns_used=columns_used(header, columns))
    for lineno, row in rows:
        if isinstance(row, Reject):
            res.rejects.append(row)
            continue
        rec = _map_fields(dict(zip(header, row)), columns)
        rec["source"] = f"{p}:{lineno}"
        if _missing_id(rec.get("doc_id")):
            rec["doc_id"] = f"{p.stem}:{lineno}"
        res.records.append(rec)
    return res


def read_parquet(path: str | Path, *, columns: dict[str, str] | None = None) -> ReadResult:
    """A Parquet file, or a folder of Parquet parts, one row per document.

    Raises
    ------
    CorpusError
        When the file cannot be read as Parquet or has no text column.
    """
    p = Path(path)
    check_path(p)
    try:
        table = pd.read_parquet(p)
    except Exception as exc:  # pyarrow raises many types
        raise CorpusError(f"cannot read Parquet: {exc}", where=str(p),
                          fix="check that it is a Parquet file (or a folder of them)") from None
    _check_mapping(columns, [str(c) for c in table.columns], str(p))
    _check_outlet_column(columns, [str(c) for c in table.columns], str(p))
    res = ReadResult(name=p.stem, columns_used=columns_used([str(c) for c in table.columns], columns))
    for i, row in enumerate(table.to_dict("records")):
        rec = _map_fields(row, columns)
        rec["source"] = f"{p}#{i}"
        if _missing_id(rec.get("doc_id")):
            rec["doc_id"] = f"{p.stem}#{i}"
        res.records.append(rec)
    return res


def read_excel(path: str | Path, *, sheet: int | str = 0, columns: dict[str, str] | None = None) -> ReadResult:
    """An Excel workbook (.xlsx, .xlsm) with a header row on its first sheet, one row per document.

    Every cell is read as text as Excel shows it (dates as written), row numbers are the sheet's
    (the header is row 1). Raises a CorpusError when the file is not a workbook, or has no text or
    no outlet column.
    """
    p = Path(path)
    check_path(p)
    try:
        table = pd.read_excel(p, sheet_name=sheet, dtype=str, engine="openpyxl").fillna("")
    except Exception as exc:  # openpyxl and zipfile raise many types
        raise CorpusError(f"cannot read the workbook: {type(exc).__name__}: {exc}", where=str(p),
                          fix="open it in a spreadsheet program and save the sheet as CSV (UTF-8)") from None
    header = [str(c) for c in table.columns]
    _check_mapping(columns, header, f"{p}:1")
    _check_outlet_column(columns, header, f"{p}:1")
    res = ReadResult(name=p.stem, columns_used=columns_used(header, columns))
    for i, row in enumerate(table.to_dict("records")):
        row = {str(k): v for k, v in row.items()}
        if not any(str(v).strip() for v in row.values()):
            continue  # a blank row is not a record
        rec = _map_fields(row, columns)
        rec["source"] = f"{p}:{i + 2}"
        if _missing_id(rec.get("doc_id")):
            rec["doc_id"] = f"{p.stem}:{i + 2}"
        res.records.append(rec)
    return res


def read_html_folder(path: str | Path) -> ReadResult:
    """HTML files (a file or a folder, outlet from the sub-folder): main text through trafilatura.

    The outlet is the top sub-folder's name when there is one, else the site name in the page's
    metadata; title, URL and date come from the page's metadata when it has them.
    """
    import trafilatura

    root = Path(path)
    check_path(root)
    files, unreadable = ([root], []) if root.is_file() else walk_files(root, (".html", ".htm"))
    if not files and not unreadable:
        raise CorpusError("folder has no .html files", where=str(root), fix="check the path or pass --format")
    res = ReadResult(name=root.stem, rejects=list(unreadable))
    for f in files:
        html, rej = read_text_file(f)
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
