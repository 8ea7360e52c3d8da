"""``load_corpus``: one entry point for every format, with format detection.

Detection order: the word ``demo`` (the synthetic demo corpus); a shared research corpus recognised
by its folder layout, not its name (see :mod:`framelens.corpus.adapters`); then by file suffix or
folder content. Every failure to read a corpus as a whole is a :class:`CorpusError` naming the path
and the fix; every bad record is a row of ``corpus.rejects``.
"""
from __future__ import annotations

import logging
from pathlib import Path

from framelens.corpus.aliases import OutletAliases
from framelens.corpus.model import Corpus, build_corpus
from framelens.corpus import readers
from framelens.errors import CorpusError

log = logging.getLogger(__name__)

GENERIC_FORMATS = {
    "txt": "a folder of .txt files (outlet from sub-folder or metadata.csv)",
    "jsonl": "JSON Lines, one article object per line (or a .json array of objects)",
    "csv": "CSV with a header row",
    "tsv": "TSV with a header row",
    "parquet": "a Parquet file or folder of parts",
    "xlsx": "an Excel workbook (.xlsx) with a header row on its first sheet",
    "html": "HTML files (main text through trafilatura)",
    "demo": "the synthetic demo corpus shipped with framelens",
}


def _adapters() -> dict:
    from framelens.corpus.adapters import ADAPTERS

    return ADAPTERS


def formats() -> dict[str, str]:
    """Every format name ``load_corpus`` accepts, with a one-line description."""
    out = dict(GENERIC_FORMATS)
    out.update({name: mod.DESCRIPTION for name, mod in _adapters().items()})
    return out


FORMATS = GENERIC_FORMATS  # the generic ones; ``formats()`` adds the shared-corpus adapters

#: Other spellings accepted for ``format``.
FORMAT_ALIASES = {"json": "jsonl", "ndjson": "jsonl", "text": "txt", "htm": "html", "pq": "parquet",
                  "excel": "xlsx", "xlsm": "xlsx"}
#: Formats that take a ``columns`` mapping.
COLUMN_FORMATS = ("jsonl", "csv", "tsv", "parquet", "xlsx")


def project_root(start: Path | None = None) -> Path | None:
    """The framelens checkout that holds ``start`` (default: the working folder): the nearest folder
    with both ``pyproject.toml`` and ``notebooks/``, or None outside a checkout."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "notebooks").is_dir():
            return folder
    return None


def resolve_path(path: Path) -> Path:
    """A relative corpus path as the README writes it (``../shared/data/basil``, relative to the
    repository root) works from any folder of the checkout: the CLI in the root, papermill, and a
    notebook kernel started in ``notebooks/``. It is tried against the working folder first, then
    against the project root; an absolute path, ``demo`` and a path that exists are kept as given."""
    if str(path) == "demo" or path.is_absolute() or path.exists():
        return path
    root = project_root()
    if root is not None and (root / path).exists():
        log.info("%s: not found in %s; using %s (relative to the project root)", path, Path.cwd(), root / path)
        return root / path
    return path


def missing_path(path: Path) -> CorpusError:
    """The error for a path that does not exist: where it was looked for, and the closest names there."""
    import difflib

    root = project_root()
    if not path.parent.exists() and root is not None and not path.is_absolute() and (root / path).parent.exists():
        path_for_hint = root / path  # the README's paths are relative to the project root
    else:
        path_for_hint = path
    parent = path_for_hint.parent if str(path_for_hint.parent) else Path(".")
    hint = ""
    try:
        near = difflib.get_close_matches(path.name, [p.name for p in parent.iterdir()], n=3, cutoff=0.6)
        if near:  # written as the user wrote the path (a relative one resolves from the project root too)
            hint = "did you mean " + " or ".join(repr(str(path.parent / n)) for n in near) + "? "
    except OSError:
        hint = f"the folder {str(parent)!r} does not exist either; "
    looked = [str(path.resolve())]
    if root is not None and not path.is_absolute() and (root / path).resolve() != path.resolve():
        looked.append(str((root / path).resolve()))
    return CorpusError("no such file or folder", where=f"{path} (looked for at {' and at '.join(looked)})",
                       fix=f"{hint}check the path, or use `demo`")


def detect_format(path: Path) -> str:
    """Guess the format of ``path``; raise a CorpusError that lists the formats when unsure."""
    if str(path) == "demo":
        return "demo"
    if not path.exists():
        raise missing_path(path)
    for name, mod in _adapters().items():
        try:
            if mod.detect(path):
                return name
        except (OSError, ValueError, RecursionError) as exc:  # unreadable, or not parseable: not that corpus
            log.debug("detect %s on %s: %s", name, path, type(exc).__name__)
    suffix = path.suffix.lower()
    if path.is_file():
        by_suffix = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
                     ".parquet": "parquet", ".pq": "parquet", ".html": "html", ".htm": "html", ".json": "jsonl",
                     ".xlsx": "xlsx", ".xlsm": "xlsx"}
        if suffix in by_suffix:
            return by_suffix[suffix]
        if suffix == ".xls":
            raise CorpusError("old Excel .xls workbooks cannot be read", where=str(path),
                              fix="open it in a spreadsheet program and save it as .xlsx, or as CSV (UTF-8)")
    else:
        kinds = {p.suffix.lower() for p in path.rglob("*") if p.is_file()}
        if ".parquet" in kinds:
            return "parquet"
        if ".txt" in kinds:
            return "txt"
        if kinds & {".html", ".htm"}:
            return "html"
        if not kinds:
            raise CorpusError("folder is empty", where=str(path), fix="point at a folder with article files")
    raise CorpusError(f"cannot tell the corpus format of {path.name!r}", where=str(path),
                      fix="pass --format, one of: " + ", ".join(formats()))


class _SyntheticMarks:
    """The records, passed through as they are read, noting whether every one says it is synthetic
    (e.g. data/demo/demo.jsonl read as JSON Lines), so that generated data stays labelled whichever
    way it is loaded: a stream of records is read once."""

    def __init__(self, records):
        self._records = records
        self._count = 0
        self._unmarked = 0

    def __iter__(self):
        for rec in self._records:
            self._count += 1
            self._unmarked += str(rec.get("synthetic", "")).strip().lower() not in ("true", "1")
            yield rec

    @property
    def all_marked(self) -> bool:
        """True when there were records and every one was marked synthetic (read them first)."""
        return self._count > 0 and not self._unmarked


def load_corpus(path, format: str | None = None, *, columns: dict[str, str] | None = None,
                clean: bool = True, aliases: str | Path | None = None, progress: bool = False) -> Corpus:
    """Load a corpus into the canonical table.

    Parameters
    ----------
    path : str or Path
        A file or folder, or ``"demo"`` for the synthetic demo corpus.
    format : str, optional
        One of :func:`formats`; detected when None (shared corpora by their layout).
    columns : dict, optional
        For CSV/TSV/JSONL/Parquet: canonical field -> column name, e.g. ``{"text": "body"}``. Other
        names rename a column too, e.g. ``{"event_id": "story"}``.
    clean : bool, default True
        Remove page noise (repeated lines, captions, bylines) and keep an audit in ``corpus.cleaning``.
    aliases : path, optional
        A YAML outlet alias table merged over the shipped one.
    progress : bool, default False
        Show a progress bar while cleaning (the commands turn it on).

    Returns
    -------
    Corpus
        ``.documents`` (canonical table), ``.rejects``, ``.cleaning``; ``.tally()`` adds up.

    Raises
    ------
    CorpusError
        When the corpus as a whole cannot be read: missing path, unknown or undetectable format,
        empty folder, missing text column, a file too big. Bad records are rejects, not errors.
    """
    path = resolve_path(Path(str(path)))
    fmt = (format or detect_format(path)).strip().lower()
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if fmt not in formats():
        raise CorpusError(f"unknown format {fmt!r}", where=str(path), fix="use one of: " + ", ".join(formats()))
    if columns and fmt not in COLUMN_FORMATS:
        raise CorpusError(f"a column mapping does not apply to the {fmt!r} format", where=str(path),
                          fix="drop --column, or use it with one of: " + ", ".join(COLUMN_FORMATS))
    if fmt != "demo" and not path.exists():
        raise missing_path(path)
    alias_table = OutletAliases.from_file(aliases) if aliases else None
    if fmt == "demo":
        from framelens.demo import demo_records

        res = demo_records()
    elif fmt in _adapters():
        res = _adapters()[fmt].read(path)
    elif fmt == "txt":
        res = readers.read_txt_folder(path)
    elif fmt == "jsonl":
        res = readers.stream_jsonl(path, columns=columns)
    elif fmt in ("csv", "tsv"):
        res = readers.read_table(path, sep="\t" if fmt == "tsv" else ",", columns=columns)
    elif fmt == "parquet":
        res = readers.read_parquet(path, columns=columns)
    elif fmt == "xlsx":
        res = readers.read_excel(path, columns=columns)
    elif fmt == "html":
        res = readers.read_html_folder(path)
    else:
        raise CorpusError(f"unknown format {fmt!r}", where=str(path), fix="use one of: " + ", ".join(formats()))
    marks = _SyntheticMarks(res.records)
    # a stream (JSON Lines) is counted by build_corpus as it reads it; a list is checked against the reader's count
    seen = res.seen if isinstance(res.records, list) else None
    corpus = build_corpus(marks, res.rejects, records_seen=seen, name=res.name, aliases=alias_table)
    corpus.synthetic = res.synthetic or marks.all_marked
    res.records = []  # in the corpus now: their Python copies of the texts go before cleaning makes its own
    if clean:
        from framelens.clean import clean_corpus

        corpus = clean_corpus(corpus, progress=progress)
    corpus.columns_used = dict(res.columns_used)
    return corpus
