"""MBIC (Spinde et al. 2021): the full source ARTICLES behind 1,700 crowd-labelled sentences.

Layout: ``final_labels_MBIC.xlsx`` (in the BABE/MBIC folder's ``data/``): one row per labelled
sentence, with the whole source article in the ``article`` column. Here one document is one
distinct article text (918 of them, from 8 outlets); the sentence rows and their labels
(``label_bias``, ``biased_words``...) are NOT documents and NOT document labels: read them with
pandas if you need them, joining on ``sentence_rows``.

A path to the .xlsx is detected as MBIC; the BABE/MBIC folder itself is detected as ``babe``
(give ``--format mbic`` to read MBIC from it). Reading needs ``openpyxl``.

Records: one per distinct ``article`` value, so the tally is 919 seen = 918 loaded + 1 rejected
(100 sentence rows have an empty ``article``: their source was not scraped).

Columns set: ``doc_id`` ("MBIC#<first xlsx row>"), ``outlet`` (the outlet of most of the
article's sentence rows), ``url`` (their most common ``news_link``), ``topic``, ``leaning``
(``type``), ``sentence_rows`` (xlsx row numbers of the labelled sentences, comma-separated) and
``outlets_seen`` ("" unless the same text was filed under several outlets, which marks a scraping
error page, e.g. a "too many requests" notice or a cookie wall: they are kept, as the corpus has
them, for the cleaner or the user to judge).
"""
from __future__ import annotations

import logging
import warnings
from collections import Counter
from pathlib import Path

from framelens.corpus.adapters.layout import not_this_layout
from framelens.corpus.model import Reject
from framelens.corpus.readers import ReadResult, check_path
from framelens.errors import CorpusError

log = logging.getLogger(__name__)

NAME = "mbic"
DESCRIPTION = "MBIC: 918 full articles (one per distinct `article` text) from final_labels_MBIC.xlsx"

COLUMNS = ("text", "news_link", "outlet", "topic", "type", "group_id", "article")


def _header(f: Path) -> list[str] | None:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(f, read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            row = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), None)
        finally:
            wb.close()
    except Exception:  # a broken or non-Excel file is simply not MBIC
        return None
    return [str(c).strip() for c in row if c is not None] if row else None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet(f: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and ``(xlsx row number, cells)`` of the first sheet's non-blank rows, cells as strings
    ("" when empty); read-only, which is several times faster than ``pandas.read_excel``."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl: "Unknown extension is not supported"
            wb = load_workbook(f, read_only=True, data_only=True)
            try:
                rows = [[_cell(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
            finally:
                wb.close()
    except Exception as exc:  # zipfile/openpyxl raise many types
        raise CorpusError(f"cannot read the Excel file: {exc}", where=str(f),
                          fix="check that it is the .xlsx of the MBIC release (re-download it)") from None
    if not rows:
        raise CorpusError("the Excel sheet is empty", where=str(f), fix="use the final_labels_MBIC.xlsx of the release")
    body = [(n, row) for n, row in enumerate(rows[1:], 2) if any(c.strip() for c in row)]
    return [h.strip() for h in rows[0]], body


def is_mbic_table(f: Path) -> bool:
    """An .xlsx file whose first sheet's header has MBIC's columns (``article`` included)."""
    if f.suffix.lower() != ".xlsx" or not f.is_file():
        return False
    header = _header(f)
    return header is not None and set(COLUMNS) <= set(header)


def _table(path: Path) -> Path | None:
    if path.is_file():
        return path if is_mbic_table(path) else None
    for folder in (path, path / "data"):
        if folder.is_dir():
            for f in sorted(folder.glob("*MBIC*.xlsx")) + sorted(folder.glob("*.xlsx")):
                if not f.name.startswith("raw_") and is_mbic_table(f):
                    return f
    return None


def detect(path: Path) -> bool:
    """The MBIC table itself (an .xlsx with sentence rows and an ``article`` column), or a folder with it."""
    path = Path(path)
    if path.is_file():
        return is_mbic_table(path)
    if not path.is_dir():
        return False
    if not (any(path.glob("*.xlsx")) or any((path / "data").glob("*.xlsx"))):
        return False
    return _table(path) is not None


def _row_list(rows: list[int], shown: int = 10) -> str:
    more = f" and {len(rows) - shown} more" if len(rows) > shown else ""
    return ", ".join(map(str, rows[:shown])) + more


def _most_common(values: list[str]) -> str:
    """The most frequent value; ties go to the one seen first (stable, order of the file)."""
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def read(path: Path) -> ReadResult:
    """Read the distinct articles of the MBIC table, one document each.

    Raises
    ------
    CorpusError
        When there is no MBIC table at ``path`` or it lacks MBIC's columns.
    """
    path = Path(path)
    # a file is read as is (its columns are checked below); a folder is searched for the table
    f = path if path.is_file() else _table(path) if path.is_dir() else None
    if f is None:
        raise not_this_layout(path, "MBIC", "final_labels_MBIC.xlsx (sentence rows with an `article` column)")
    check_path(f)
    header, cells = _sheet(f)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CorpusError(f"MBIC table lacks column(s) {missing}", where=str(f),
                          fix="use the final_labels_MBIC.xlsx of the MBIC release")
    table = {name: [row[i] if i < len(row) else "" for _, row in cells] for i, name in enumerate(header)
             if name in COLUMNS}
    row_numbers = [n for n, _ in cells]
    groups: dict[str, list[int]] = {}
    for i, art in enumerate(table["article"]):
        groups.setdefault(art.strip(), []).append(i)
    res = ReadResult(name=NAME)
    for text, idx in groups.items():
        rows = [row_numbers[i] for i in idx]
        if not text:
            res.rejects.append(Reject(str(f), str(rows[0]), "empty_text",
                                      f"{len(rows)} sentence rows have an empty `article` cell (their source article "
                                      f"was not scraped): xlsx rows {_row_list(rows)}; nothing to load"))
            continue
        sub = {name: [values[i] for i in idx] for name, values in table.items()}
        outlets = [o.strip() for o in sub["outlet"]]
        distinct = list(dict.fromkeys(outlets))
        if len(distinct) > 1:
            log.info("MBIC article at xlsx row %d is filed under %d outlets (%s): likely a scraping error page",
                     rows[0], len(distinct), ", ".join(distinct))
        res.records.append({
            "doc_id": f"MBIC#{rows[0]}",
            "outlet": _most_common(outlets),
            "text": table["article"][idx[0]],
            "url": _most_common([u.strip() for u in sub["news_link"]]),
            "source": f"{f}#{rows[0]}",
            "topic": _most_common([t.strip() for t in sub["topic"]]),
            "leaning": _most_common([t.strip().lower() for t in sub["type"]]),
            "sentence_rows": ",".join(map(str, rows)),
            "outlets_seen": "|".join(distinct) if len(distinct) > 1 else "",
        })
    return res
