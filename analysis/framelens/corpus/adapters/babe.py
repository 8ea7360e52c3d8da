"""BABE (Spinde et al. 2021): expert-labelled SENTENCES from 11 outlets, with the words marked biased.

Here a "document" is ONE SENTENCE, not an article: rates per document are rates per sentence, and
there is no same-event grouping (sentences were sampled by topic and keyword). For MBIC's full
articles use the ``mbic`` format.

Layout: ``data/final_labels_SG2.csv`` (3,674 sentences, the default) and
``data/final_labels_SG1.csv`` (1,700 sentences), ``;``-delimited with a UTF-8 BOM; columns
``text; news_link; outlet; topic; type; label_bias; label_opinion; biased_words``. A path to one
of these files reads that file. ``read(path, subset="SG1")`` picks the other subset in a folder
(a folder with only SG1 reads SG1).

Columns set: ``doc_id`` ("<file stem>:<data row>", rows counted from 1), ``outlet`` (normalised:
"fox-news" and "Fox News" are one outlet), ``url`` (``news_link``), ``topic``, ``leaning``
(``type``: left/center/right, "" for the 1,000 SG2 rows without one), ``label_bias`` (kept as given,
"No agreement" included), ``label_opinion``, ``biased_words`` (a Python list, parsed from the
list literal), ``subset`` ("SG1"/"SG2"). A row whose ``biased_words`` is not a list literal, or that
has the wrong number of fields, is rejected with its line number.
"""
from __future__ import annotations

import ast
from pathlib import Path

from framelens.corpus.adapters.layout import not_this_layout, probe_first_line
from framelens.corpus.model import Reject
from framelens.corpus.readers import ReadResult, check_path, table_rows
from framelens.errors import CorpusError

NAME = "babe"
DESCRIPTION = "BABE: documents are SENTENCES (SG2: 3,674, the default), with label_bias, biased_words"

COLUMNS = ("text", "news_link", "outlet", "topic", "type", "label_bias", "label_opinion", "biased_words")
SUBSETS = ("SG2", "SG1")


def is_babe_table(f: Path) -> bool:
    """A ``;``-delimited CSV whose header has BABE's columns."""
    if f.suffix.lower() != ".csv" or not f.is_file():
        return False
    head = probe_first_line(f)
    return head is not None and set(COLUMNS) <= {c.strip() for c in head.split(";")}


def _table(path: Path, subset: str) -> Path | None:
    if path.is_file():
        return path if is_babe_table(path) else None
    for folder in (path, path / "data"):
        f = folder / f"final_labels_{subset}.csv"
        if is_babe_table(f):
            return f
    return None


def detect(path: Path) -> bool:
    """A BABE table itself, or a folder with ``final_labels_SG2.csv`` / ``SG1`` (in it or in ``data/``)."""
    path = Path(path)
    return any(_table(path, s) is not None for s in SUBSETS)


def _subset_of(f: Path) -> str:
    return next((s for s in SUBSETS if s.lower() in f.stem.lower()), f.stem)


def read(path: Path, *, subset: str | None = None) -> ReadResult:
    """Read one BABE table: one document per sentence.

    Parameters
    ----------
    path : Path
        The BABE folder (or its ``data/``), or one ``final_labels_*.csv`` file.
    subset : {"SG2", "SG1"}, optional
        Which table to read in a folder (ignored when ``path`` is a file). By default SG2, or SG1
        when the folder has only that one.

    Raises
    ------
    CorpusError
        When there is no BABE table for ``subset`` at ``path``.
    """
    path = Path(path)
    if subset is not None and subset.upper() not in SUBSETS:
        raise CorpusError(f"unknown BABE subset {subset!r}", where=str(path), fix="use subset='SG2' or 'SG1'")
    wanted = [subset.upper()] if subset else list(SUBSETS)
    f = next((t for s in wanted if (t := _table(path, s)) is not None), None) if path.exists() else None
    if f is None:
        raise not_this_layout(path, "BABE", f"final_labels_{'/'.join(wanted)}.csv (';'-delimited) in it or in data/")
    check_path(f)
    header, rows = table_rows(f, ";")
    res = ReadResult(name=NAME)
    n = 0
    for lineno, row in rows:
        n += 1
        if isinstance(row, Reject):
            res.rejects.append(row)
            continue
        cell = dict(zip(header, row))
        try:
            words = ast.literal_eval(cell["biased_words"].strip() or "[]")
            if not isinstance(words, (list, tuple)):
                raise ValueError("not a list")
        except (ValueError, SyntaxError) as exc:
            res.rejects.append(Reject(str(f), str(lineno), "malformed_record",
                                      f"biased_words on line {lineno} is not a Python list literal ({exc}); write "
                                      "it like ['word', 'other word'] or []"))
            continue
        res.records.append({
            "doc_id": f"{f.stem}:{n}",
            "outlet": cell["outlet"].strip(),
            "text": cell["text"],
            "url": cell["news_link"].strip(),
            "source": f"{f}:{lineno}",
            "topic": cell["topic"].strip(),
            "leaning": cell["type"].strip().lower(),
            "label_bias": cell["label_bias"].strip(),
            "label_opinion": cell["label_opinion"].strip(),
            "biased_words": [str(w) for w in words],
            "subset": _subset_of(f),
        })
    return res
