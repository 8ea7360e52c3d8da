"""Article-Bias-Prediction (Baly et al. 2020): AllSides articles, one JSON file each.

Layout: ``data/jsons/<ID>.json`` with ``ID, topic, source, source_url, url, date, authors, title,
content_original, content, bias_text, bias`` (the shared subset keeps the topics immigration,
middle_east and terrorism). ``data/splits/`` (lists of IDs of the full release) is not read.

Columns set: ``doc_id`` (``ID``), ``outlet`` (``source``, normalised: "CNN (Web News)" -> CNN),
``published`` (``date``; NaT when empty or malformed), ``title``, ``text`` (``content_original``,
the untokenised body), ``url``, ``leaning`` (``bias_text``: AllSides' rating of the OUTLET, not a
judgement of the article), ``topic``, ``authors``, ``source_url``. There is no same-event grouping,
so no ``event_id`` (topic and date only approximate one). The tokenised ``content`` is dropped.
"""
from __future__ import annotations

from pathlib import Path

from framelens.corpus.adapters.layout import json_folder_with, not_this_layout, read_json_file, text_of
from framelens.corpus.model import Reject
from framelens.corpus.readers import ReadResult

NAME = "allsides"
DESCRIPTION = "Article-Bias-Prediction (AllSides): data/jsons/<ID>.json, bias_text as leaning, topic, date"

_KEYS = ("ID", "source", "bias_text", "content_original")


def _jsons_dir(path: Path) -> Path | None:
    for candidate in (path / "data" / "jsons", path / "jsons", path):
        if json_folder_with(candidate, _KEYS):
            return candidate
    return None


def detect(path: Path) -> bool:
    """A folder with ``data/jsons/*.json`` (or that folder) holding Article-Bias-Prediction fields."""
    path = Path(path)
    return path.is_dir() and _jsons_dir(path) is not None


def read(path: Path) -> ReadResult:
    """Read every article JSON, one document each.

    Raises
    ------
    CorpusError
        When ``path`` has no Article-Bias-Prediction JSON files.
    """
    path = Path(path)
    folder = _jsons_dir(path) if path.is_dir() else None
    if folder is None:
        raise not_this_layout(path, "Article-Bias-Prediction", "data/jsons/<ID>.json article files")
    res = ReadResult(name=NAME)
    for f in sorted(folder.glob("*.json")):
        obj, rej = read_json_file(f)
        if rej is None and not isinstance(obj, dict):
            rej = Reject(str(f), "", "malformed_record", "the file is JSON but not an article object {...}; "
                                                         "restore it from the corpus release")
        if rej:
            res.rejects.append(rej)
            continue
        authors = obj.get("authors")
        res.records.append({
            "doc_id": text_of(obj.get("ID")) or f.stem,
            "outlet": text_of(obj.get("source")),
            "published": text_of(obj.get("date")),
            "title": text_of(obj.get("title")),
            "text": obj.get("content_original") or "",
            "url": text_of(obj.get("url")),
            "source": str(f),
            "leaning": text_of(obj.get("bias_text")).lower(),
            "topic": text_of(obj.get("topic")),
            "authors": ", ".join(map(str, authors)) if isinstance(authors, list) else text_of(authors),
            "source_url": text_of(obj.get("source_url")),
        })
    return res
