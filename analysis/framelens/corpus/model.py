"""The canonical corpus table, the rejects report, and the tally that ties them together.

Every reader and adapter produces *raw records* (plain dicts) and *rejects*; :func:`build_corpus`
validates the records (empty text, missing outlet, duplicate id), normalises outlet names through the
alias table, flags exact duplicate texts, and returns a :class:`Corpus` whose tally always adds up:
``len(documents) + len(rejects) == records_seen``.

Columns of ``Corpus.documents`` (one row per document):

=============  =================================================================================
doc_id         unique id (string)
outlet         normalised outlet name (``str``, as in every table framelens returns)
outlet_raw     the outlet as written in the input
published      publication date (``datetime64``; NaT when unknown)
title          headline ("" when unknown)
text           body text (after cleaning, when cleaning ran)
url            article URL ("" when unknown)
source         where the record came from: ``file`` or ``file:line`` or ``file#record``
duplicate_of   doc_id of an earlier document with byte-identical text, else ""
...            extra metadata kept as given (``event_id``, ``leaning``, ``topic``, ...)
=============  =================================================================================

Columns of ``Corpus.rejects``: ``source`` (file), ``record`` (line, record number or id, "" for a
whole file), ``reason`` (short code, see :data:`REJECT_REASONS`), ``detail`` (message with the fix).

Values are checked, not printed: a ``text`` that is not a string (a number, true, an object, a list
that is not of strings, bytes) and an ``outlet``, ``doc_id``, ``title`` or ``url`` that is a list,
an object, bytes or true/false are ``wrong_type`` rejects naming the type found; a string holding
a lone surrogate (``"\\ud800"``, half of an emoji) in any field is a ``bad_encoding`` reject. Dates
given as whole numbers are read as seconds since 1970-01-01 (UTC), and the load says so.
"""
from __future__ import annotations

import hashlib
import logging
import math
import numbers
import re
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa

from framelens.corpus.aliases import OutletAliases

log = logging.getLogger(__name__)

DOC_COLUMNS = ["doc_id", "outlet", "outlet_raw", "published", "title", "text", "url", "source", "duplicate_of"]
REJECT_COLUMNS = ["source", "record", "reason", "detail"]
REJECT_REASONS = {
    "unreadable_file": "the file could not be opened or parsed",
    "bad_encoding": "the bytes are not valid in the expected encoding",
    "malformed_record": "a line or record could not be parsed (bad JSON, wrong number of fields)",
    "empty_text": "the text is empty or only whitespace",
    "missing_outlet": "no outlet could be found for the record",
    "duplicate_id": "an earlier record has the same doc_id",
    "wrong_type": "a field holds a number, true/false, a list, an object or bytes where text is expected",
}
#: Texts a :class:`TextColumn` holds as Python strings before it converts them to one Arrow chunk.
TEXT_CHUNK = 1024


def column_values(column: pd.Series, batch: int = TEXT_CHUNK):
    """The values of ``column`` (as ``column.to_numpy()`` gives them), converted ``batch`` rows at a
    time: the texts of a corpus are not all Python strings at once beside their Arrow column."""
    for lo in range(0, len(column), batch):
        yield from column.iloc[lo:lo + batch].to_numpy()


class TextColumn:
    """A column of texts built one text at a time, held as Arrow chunks of ``chunk_size`` texts.

    A corpus's texts as Python strings take about twice their UTF-8 size (a text with one curly
    quote is stored at two bytes a character); collecting them all in a list before pandas converts
    them to its Arrow-backed ``str`` column held both copies at once. Here only one chunk is ever
    held as Python strings. :meth:`array` is the column ``pd.array(texts, dtype="str")`` would make
    (same values, same dtype), in several Arrow chunks.

    Parameters
    ----------
    chunk_size : int, default :data:`TEXT_CHUNK`
        Texts per Arrow chunk.
    """

    def __init__(self, chunk_size: int = TEXT_CHUNK):
        self.chunk_size = chunk_size
        self._chunks: list[pa.Array] = []
        self._pending: list[str] = []

    def append(self, text: str) -> None:
        """Add one text (a str) at the end of the column."""
        self._pending.append(text)
        if len(self._pending) >= self.chunk_size:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._chunks.append(pa.array(self._pending, type=pa.large_string()))
            self._pending = []

    def __len__(self) -> int:
        return sum(len(c) for c in self._chunks) + len(self._pending)

    def array(self):
        """The texts so far as a pandas ``str`` array (Arrow-backed, one chunk per ``chunk_size`` texts)."""
        self._flush()
        return pd.array(pa.chunked_array(self._chunks, type=pa.large_string()), dtype="str")


@dataclass(frozen=True)
class Reject:
    """One input record that was not loaded, and why."""

    source: str
    record: str
    reason: str
    detail: str

    def __post_init__(self):
        if self.reason not in REJECT_REASONS:
            raise ValueError(f"unknown reject reason {self.reason!r}")


@dataclass(repr=False)
class Corpus:
    """A loaded corpus: the documents, what was rejected, and what cleaning removed.

    Attributes
    ----------
    documents : DataFrame
        The canonical table (see module docstring).
    rejects : DataFrame
        One row per input record that was not loaded (columns :data:`REJECT_COLUMNS`).
    records_seen : int
        Input records seen; always ``len(documents) + len(rejects)``.
    name : str
        A short name for outputs (folder or adapter name).
    synthetic : bool
        True for generated corpora (the demo); every output made from it says so.
    cleaning : DataFrame
        The cleaning audit: ``doc_id, line_no, removed_text, reason`` (empty if not cleaned).
    columns_used : dict
        Canonical field -> the input column it was read from (tables and JSON; empty for folders
        and the shared-corpus adapters, whose layout fixes it).
    selection : dict
        Empty for a whole corpus; for one chosen by :func:`framelens.corpus.select.select_documents`
        (some outlets, a date range), what was chosen and how many loaded documents were left out.
    """

    documents: pd.DataFrame
    rejects: pd.DataFrame
    records_seen: int
    name: str = "corpus"
    synthetic: bool = False
    cleaning: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["doc_id", "line_no", "removed_text", "reason"]))
    columns_used: dict = field(default_factory=dict)
    selection: dict = field(default_factory=dict)

    def tally(self) -> dict:
        """Counts of records seen, loaded and rejected (loaded + rejected == seen)."""
        return {"seen": int(self.records_seen), "loaded": int(len(self.documents)),
                "rejected": int(len(self.rejects))}

    def tally_line(self) -> str:
        t = self.tally()
        sel = self.selection
        if sel:  # the input's own tally, then what the selection kept of it
            loaded = sel["documents_loaded"]
            return (f"{loaded + t['rejected']} records seen = {loaded} loaded + {t['rejected']} rejected; "
                    f"{t['loaded']} selected, {sel['documents_left_out']} left out by the selection")
        return f"{t['seen']} records seen = {t['loaded']} loaded + {t['rejected']} rejected"

    @property
    def outlets(self) -> list[str]:
        return sorted(self.documents["outlet"].astype(str).unique())

    def fingerprint(self) -> str:
        """A content hash of the documents (ids, outlets, texts): keys caches and manifests."""
        h = hashlib.sha256()
        for row in self.documents[["doc_id", "outlet", "text"]].itertuples(index=False):
            for v in row:
                h.update(str(v).encode("utf-8"))
                h.update(b"\x00")
        return h.hexdigest()[:16]

    def summary(self) -> pd.DataFrame:
        """Per-outlet summary: documents, words, first and last date."""
        from framelens.text import count_words

        docs = self.documents
        if docs.empty:
            return pd.DataFrame(columns=["outlet", "documents", "words", "first_date", "last_date"])
        words = docs["text"].map(count_words)
        out = (docs.assign(words=words)
               .groupby("outlet", observed=True)
               .agg(documents=("doc_id", "size"), words=("words", "sum"),
                    first_date=("published", "min"), last_date=("published", "max"))
               .reset_index())
        out["outlet"] = out["outlet"].astype(str)
        return out.sort_values("outlet").reset_index(drop=True)

    def __repr__(self) -> str:
        # one line: the frames are one attribute away (.documents, .rejects), not printed whole
        n_out = self.documents["outlet"].nunique() if len(self.documents) else 0
        flag = ", synthetic" if self.synthetic else ""
        return (f"Corpus({self.name!r}: {len(self.documents):,} documents from {n_out:,} outlets, "
                f"{len(self.rejects):,} rejected of {self.records_seen:,} records{flag})")

    def _repr_html_(self) -> str:
        """A notebook's view: the tally line and the per-outlet summary (escaped)."""
        from html import escape

        head = f"<p><b>{escape(repr(self))}</b></p>"
        if self.synthetic:
            head += "<p><b>SYNTHETIC demo corpus: generated data, not real news.</b></p>"
        summary = self.summary()
        more = f"<p>{len(summary) - 20:,} more outlets not shown.</p>" if len(summary) > 20 else ""
        return head + summary.head(20).to_html(index=False, escape=True) + more

    def merged_outlets(self) -> pd.DataFrame:
        """Outlet names the alias table merged: ``outlet_raw, outlet, documents`` (empty when none)."""
        docs = self.documents
        if docs.empty or "outlet_raw" not in docs:
            return pd.DataFrame(columns=["outlet_raw", "outlet", "documents"])
        raw, out = docs["outlet_raw"].astype(str), docs["outlet"].astype(str)
        moved = docs[raw.str.strip() != out]
        return (moved.assign(outlet_raw=raw[moved.index], outlet=out[moved.index])
                .groupby(["outlet_raw", "outlet"]).size().rename("documents").reset_index())

    def subset(self, mask) -> "Corpus":
        """A corpus with only the documents where ``mask`` holds (rejects and tally kept)."""
        docs = self.documents[mask].reset_index(drop=True)
        return Corpus(documents=docs, rejects=self.rejects, records_seen=len(docs) + len(self.rejects),
                      name=self.name, synthetic=self.synthetic,
                      cleaning=self.cleaning[self.cleaning["doc_id"].isin(docs["doc_id"])],
                      columns_used=dict(self.columns_used), selection=dict(self.selection))


def _clean_str(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    return str(value)


_MIN_DATE, _MAX_DATE = pd.Timestamp("1678-01-01"), pd.Timestamp("2261-12-31")


def _one_date(value):
    if isinstance(value, str):
        value = value.strip()
    if value is None or (isinstance(value, str) and not value):
        return None
    try:
        ts = pd.to_datetime(value, errors="coerce", format="mixed")
    except (ValueError, TypeError, OverflowError):
        return None
    if not isinstance(ts, pd.Timestamp) or pd.isna(ts):
        return None
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)  # keep the wall-clock time the outlet printed
    return ts if _MIN_DATE <= ts <= _MAX_DATE else None


def _epoch_seconds(values: pd.Series) -> pd.Series:
    """Whole numbers (and numbers written as 9-10 digit strings) as timestamps: seconds since 1970-01-01."""
    def is_number(v) -> bool:
        return _is_number(v) or isinstance(v, str) and v.strip().isdigit() and 9 <= len(v.strip()) <= 10

    mask = values.map(is_number)
    if not mask.any():
        return values
    numbers = pd.to_numeric(values[mask].map(lambda v: float(v)), errors="coerce")
    stamps = pd.to_datetime(numbers.where((numbers > -9.2e9) & (numbers < 9.2e9)), unit="s", errors="coerce")
    log.info("%d publication date(s) were numbers: read as seconds since 1970-01-01 (UTC)", int(mask.sum()))
    out = values.copy()
    out[mask] = stamps.astype(object).where(stamps.notna(), None)
    return out


def parse_published(values) -> pd.Series:
    """Publication dates as ``datetime64[ns]`` (tz-naive, wall-clock time as written); NaT if unknown.

    Accepts any mix of ISO strings, other common date spellings, timestamps, empty strings and None,
    including mixed UTC offsets (which ``pd.to_datetime`` refuses as a whole); a value that is not a
    date, or is outside the years 1678-2261, becomes NaT instead of an error (and a warning says how
    many). A number (or a string of 9-10 digits) is read as seconds since 1970-01-01 UTC (Unix time),
    not as nanoseconds, and the log says so.
    """
    values = pd.Series(values, dtype=object)
    values = values.where(~values.map(lambda v: isinstance(v, str) and not v.strip()), None)
    values = _epoch_seconds(values)
    given = int(values.map(lambda v: not _missing(v)).sum())
    out = _parse_dates(values)
    lost = given - int(out.notna().sum())
    if lost:
        log.warning("%d publication date(s) could not be read as a date from 1678 to 2261 and are unknown", lost)
    return out


def _parse_dates(values: pd.Series) -> pd.Series:
    try:  # fast path: one vectorised parse
        out = pd.to_datetime(values, errors="coerce", format="mixed")
        if getattr(out.dtype, "tz", None) is not None:
            out = out.dt.tz_localize(None)
        out = out.where((out >= _MIN_DATE) & (out <= _MAX_DATE))
        return out.astype("datetime64[ns]")
    except (ValueError, TypeError, OverflowError, pd.errors.OutOfBoundsDatetime):
        pass
    parsed = [_one_date(v) for v in values]
    return pd.Series([pd.NaT if ts is None else ts.as_unit("ns") for ts in parsed], index=values.index,
                     dtype="datetime64[ns]")


_SURROGATE = re.compile("[\ud800-\udfff]")
_NAME_FIELDS = ("outlet", "doc_id", "title", "url")


def _is_number(value) -> bool:
    """A finite int or float (numpy's too), not true/false."""
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and math.isfinite(float(value)))


def _type_name(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return f"true/false ({str(bool(value)).lower()})"
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        return f"bytes ({raw[:20]!r}...)" if len(raw) > 20 else f"bytes ({raw!r})"
    if isinstance(value, dict):
        return "an object {...}"
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return "a list [...]"
    if isinstance(value, numbers.Real):
        return f"a number ({value})"
    return f"a {type(value).__name__}"


def _missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, bytes, bytearray, list, tuple, dict, set, np.ndarray)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _record_problem(rec: dict) -> tuple[str, str] | None:
    """(reason, detail) when a record's values cannot be loaded as they are, else None."""
    text = rec.get("text")
    if not _missing(text) and not isinstance(text, str):
        return "wrong_type", (f"field 'text' holds {_type_name(text)}, not text; give the article text as a string "
                              "(or a list of paragraph strings), or map the right column with --column text=NAME")
    for name in _NAME_FIELDS:
        v = rec.get(name)
        if _missing(v) or isinstance(v, str) or _is_number(v):
            continue
        return "wrong_type", f"field {name!r} holds {_type_name(v)}, not text; give one {name} as a string"
    for key, v in rec.items():
        if isinstance(v, str) and _SURROGATE.search(v):
            at = _SURROGATE.search(v).start()
            return "bad_encoding", (f"field {key!r} holds a lone surrogate \\u{ord(v[at]):04x} at character {at} (half "
                                    "of a character such as an emoji, cut in two, or a bad \\u escape); fix or "
                                    "remove it in the source")
    return None


def split_source(source: str) -> tuple[str, str]:
    """Split ``file:line`` or ``file#record`` into (file, position); position is "" for a whole file."""
    head, sep, tail = source.rpartition(":")
    if sep and tail.isdigit():
        return head, tail
    head, sep, tail = source.rpartition("#")
    if sep:
        return head, tail
    return source, ""


def build_corpus(records: Iterable[dict], rejects: Iterable[Reject] = (), *, records_seen: int | None = None,
                 name: str = "corpus", synthetic: bool = False, aliases: OutletAliases | None = None,
                 chunk_size: int = TEXT_CHUNK) -> Corpus:
    """Validate raw records into a :class:`Corpus`.

    Parameters
    ----------
    records : iterable of dict
        Raw records with at least ``text`` and ``source``; ``doc_id``, ``outlet``, ``published``,
        ``title``, ``url`` and any extra metadata are optional.
    rejects : iterable of Reject
        Records the reader already rejected (unreadable files, malformed lines...), listed first in
        ``corpus.rejects``. Read once every record has been: a reader that streams ``records`` may
        still be adding to it while they are read.
    records_seen : int, optional
        Input records the reader saw. Defaults to records + reader rejects; when given, it must
        equal that sum (a reader that loses a record is a bug, and this says so).
    name, synthetic : see :class:`Corpus`.
    aliases : OutletAliases, optional
        Outlet alias table; the shipped default when None.
    chunk_size : int, default :data:`TEXT_CHUNK`
        The texts are converted to Arrow this many at a time (see :class:`TextColumn`): the records
        can be a stream, of which only a chunk's texts are held as Python strings at once.
    """
    aliases = aliases or OutletAliases.default()
    found: list[Reject] = []
    rows: list[dict] = []  # every field but the text, which goes to ``texts`` (Arrow) as it is read
    texts = TextColumn(chunk_size)
    seen_ids: dict[str, str] = {}
    seen_text: dict[str, str] = {}
    n_records = 0
    for rec in records:
        n_records += 1
        source = _clean_str(rec.get("source")) or "<unknown>"
        file, where = split_source(source)
        problem = _record_problem(rec)
        if problem:
            doc_id = rec.get("doc_id")
            found.append(Reject(file, where or (doc_id if isinstance(doc_id, str) else source), *problem))
            continue
        text = _clean_str(rec.get("text"))
        doc_id = _clean_str(rec.get("doc_id")) or f"{source}"
        if not text.strip():
            found.append(Reject(file, where or doc_id, "empty_text",
                                f"record {doc_id!r} has no text; remove it or fill its text field"))
            continue
        outlet_raw = _clean_str(rec.get("outlet")).strip()
        if not outlet_raw:
            found.append(Reject(file, where or doc_id, "missing_outlet",
                                f"record {doc_id!r} has no outlet; add an outlet field (or a sub-folder "
                                "per outlet, or a metadata.csv with doc_id,outlet)"))
            continue
        if doc_id in seen_ids:
            found.append(Reject(file, where or doc_id, "duplicate_id",
                                f"doc_id {doc_id!r} was already loaded from {seen_ids[doc_id]}; "
                                "give each record a unique id"))
            continue
        seen_ids[doc_id] = source
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        dup = seen_text.setdefault(digest, doc_id)
        row = dict(rec)
        row.pop("text", None)
        row.update(doc_id=doc_id, outlet=aliases.normalise(outlet_raw), outlet_raw=outlet_raw,
                   title=_clean_str(rec.get("title")), url=_clean_str(rec.get("url")), source=source,
                   duplicate_of="" if dup == doc_id else dup)
        rows.append(row)
        texts.append(text)
    rejects = list(rejects) + found  # read after the records: a streaming reader adds its rejects as it reads
    if records_seen is None:
        records_seen = len(rows) + len(rejects)
    elif records_seen != len(rows) + len(rejects):
        raise AssertionError(f"tally broken: seen {records_seen} != loaded {len(rows)} + rejected {len(rejects)}")
    docs = pd.DataFrame(rows)
    if rows:
        docs["text"] = texts.array()
    else:
        docs = pd.DataFrame(columns=DOC_COLUMNS)
    for col in DOC_COLUMNS:
        if col not in docs.columns:
            docs[col] = ""
    docs["published"] = parse_published(docs["published"])
    extra = [c for c in docs.columns if c not in DOC_COLUMNS]
    docs = docs[DOC_COLUMNS + extra].reset_index(drop=True)
    docs["doc_id"] = docs["doc_id"].astype(str)
    # a plain string, as in every other table (a categorical kept the categories of outlets a selection
    # had dropped, and compared unlike the str columns of the result tables)
    docs["outlet"] = docs["outlet"].astype(str)
    rej = pd.DataFrame([r.__dict__ for r in rejects], columns=REJECT_COLUMNS)
    log.info("%s: %d loaded, %d rejected", name, len(docs), len(rej))
    return Corpus(documents=docs, rejects=rej, records_seen=int(records_seen), name=name, synthetic=synthetic)
