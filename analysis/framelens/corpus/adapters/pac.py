"""PAC (Zou et al. 2023): pairs of left- and right-rated articles on the same AllSides story.

Layout: ``data/merged_annotations/STORY_<s>_DOCUMENT_<d>.json``, one article each: ``title, id,
old_id, split, date, topic, source, media_ideology, relative_ideology, absolute_ideology, news``
(a list of ``{"id": sentence index, "text": sentence}``), ``events``, ``entity_list``.
``data/dev.json`` and ``data/test.json`` repeat the dev/test stories in another shape and are not
read.

The text is the sentences in order, ONE SENTENCE PER LINE, so that line i is PAC sentence i (the
events' ``sentence_id``); the corpus gives no paragraph breaks.

Columns set: ``doc_id`` (``id``: "STORY_<s>_DOCUMENT_<d>"), ``event_id`` ("STORY_<s>"), ``outlet``
(``source``, normalised), ``published`` (``date``; NaT when empty), ``title``, ``leaning``
(``relative_ideology``, lower case: left/right within the pair), ``topic``, and as given
``relative_ideology``, ``media_ideology``, ``absolute_ideology``, ``split``, ``old_id``.
Event annotations are not loaded.
"""
from __future__ import annotations

import re
from pathlib import Path

from framelens.corpus.adapters.layout import json_folder_with, not_this_layout, read_json_file, text_of
from framelens.corpus.model import Reject
from framelens.corpus.readers import ReadResult

NAME = "pac"
DESCRIPTION = "PAC: left/right article pairs per story; merged_annotations/STORY_<s>_DOCUMENT_<d>.json"

_KEYS = ("news", "events", "relative_ideology", "source")
_ID = re.compile(r"^(STORY_\d+)_DOCUMENT_\d+$")


def _folder(path: Path) -> Path | None:
    for candidate in (path / "data" / "merged_annotations", path / "merged_annotations", path):
        if json_folder_with(candidate, _KEYS):
            return candidate
    return None


def detect(path: Path) -> bool:
    """A folder with ``merged_annotations/*.json`` (or ``data/``..., or that folder) of PAC articles."""
    path = Path(path)
    return path.is_dir() and _folder(path) is not None


def _sentences(news) -> str | None:
    """Sentences in the order given, a line each; a line break inside a sentence becomes a space
    (same length, so the events' character offsets inside the sentence still hold)."""
    if not isinstance(news, list):
        return None
    lines = []
    for s in news:
        if not (isinstance(s, dict) and isinstance(s.get("text"), str)):
            return None
        lines.append(s["text"].replace("\r", " ").replace("\n", " "))
    return "\n".join(lines)


def _sort_key(f: Path):
    nums = [int(n) for n in re.findall(r"\d+", f.stem)]
    return nums, f.name


def read(path: Path) -> ReadResult:
    """Read every article file, one document each.

    Raises
    ------
    CorpusError
        When ``path`` has no PAC article files.
    """
    path = Path(path)
    folder = _folder(path) if path.is_dir() else None
    if folder is None:
        raise not_this_layout(path, "PAC", "merged_annotations/STORY_<s>_DOCUMENT_<d>.json files")
    res = ReadResult(name=NAME)
    for f in sorted(folder.glob("*.json"), key=_sort_key):
        obj, rej = read_json_file(f)
        text = _sentences(obj.get("news")) if rej is None and isinstance(obj, dict) else None
        if rej is None and text is None:
            rej = Reject(str(f), "", "malformed_record", "not a PAC article: `news` must be a list of "
                                                         "{id, text} sentences; restore the file from the release")
        if rej:
            res.rejects.append(rej)
            continue
        doc_id = text_of(obj.get("id")) or f.stem
        m = _ID.match(doc_id) or _ID.match(f.stem)
        ideology = text_of(obj.get("relative_ideology"))
        res.records.append({
            "doc_id": doc_id,
            "outlet": text_of(obj.get("source")),
            "published": text_of(obj.get("date")),
            "title": text_of(obj.get("title")),
            "text": text,
            "url": "",
            "source": str(f),
            "event_id": m.group(1) if m else "",
            "leaning": ideology.lower(),
            "topic": text_of(obj.get("topic")),
            "relative_ideology": ideology,
            "media_ideology": text_of(obj.get("media_ideology")),
            "absolute_ideology": text_of(obj.get("absolute_ideology")),
            "split": text_of(obj.get("split")),
            "old_id": text_of(obj.get("old_id")),
        })
    return res
