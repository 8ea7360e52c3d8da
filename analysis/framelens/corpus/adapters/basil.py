"""BASIL (Fan et al. 2019): the same event told by Fox News, the New York Times and HuffPost.

Layout: ``articles/<year>/<triplet-uuid>_<n>.json`` (one article each) and, optionally,
``annotations/<year>/<triplet-uuid>_<n>_ann.json`` (gold annotations of the article of the same
name). ``n`` does not tell the outlet: the ``source`` field does ("nyt", "fox", "hpo", a few in
upper case), normalised by the alias table.

Each article's ``body-paragraphs`` is a list of paragraphs, each a list of sentences: sentences are
joined with a space into a paragraph and paragraphs with a newline (so a paragraph is a line).

Columns set: ``doc_id`` (file name without ``.json``: the ``uuid`` field is not unique, three
HuffPost files say "empty"), ``event_id`` (``triplet-uuid``), ``published`` (``date``), ``title``,
``url``, ``leaning`` (``relative_stance`` of the annotation mapped to left/center/right:
liberal -> left, conservative -> right; "" without an annotation file) and, as given,
``relative_stance``, ``uuid``, ``main_event``, ``main_entities`` (list), ``keywords``,
``annotation_file`` (path, "" when missing).
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from framelens.corpus.adapters.layout import json_folder_with, not_this_layout, read_json_file, text_of
from framelens.corpus.model import Reject
from framelens.corpus.readers import ReadResult

log = logging.getLogger(__name__)

NAME = "basil"
DESCRIPTION = "BASIL: 3 outlets (Fox, NYT, HuffPost) per event; articles/<year>/*.json (+ annotations/)"

_YEAR = re.compile(r"^\d{4}$")
_ARTICLE_KEYS = ("triplet-uuid", "body-paragraphs", "source")
LEANING = {"left": "left", "liberal": "left", "center": "center", "right": "right", "conservative": "right"}


def _year_dirs(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and _YEAR.match(p.name))


def _articles_dir(path: Path) -> Path | None:
    """``path/articles`` for the corpus folder, or ``path`` itself when it is the articles folder."""
    for candidate in (path / "articles", path):
        for year in _year_dirs(candidate)[:1]:
            if json_folder_with(year, _ARTICLE_KEYS):
                return candidate
    return None


def detect(path: Path) -> bool:
    """A folder with ``articles/<year>/*.json`` holding BASIL article fields."""
    path = Path(path)
    return path.is_dir() and _articles_dir(path) is not None


def _paragraphs(body) -> str | None:
    if not isinstance(body, list):
        return None
    lines = []
    for para in body:
        if isinstance(para, str):
            para = [para]
        if not isinstance(para, list) or not all(isinstance(s, str) for s in para):
            return None
        if para:
            lines.append(" ".join(para))
    return "\n".join(lines)


def read(path: Path) -> ReadResult:
    """Read every article (one document each) and its annotation file's article-level stance.

    Raises
    ------
    CorpusError
        When ``path`` has no ``articles/<year>/*.json``.
    """
    path = Path(path)
    articles = _articles_dir(path) if path.is_dir() else None
    if articles is None:
        raise not_this_layout(path, "BASIL", "articles/<year>/<triplet-uuid>_<n>.json files")
    annotations = articles.parent / "annotations"
    res = ReadResult(name=NAME)
    for year in _year_dirs(articles):
        for f in sorted(year.glob("*.json")):
            art, rej = read_json_file(f)
            if rej:
                res.rejects.append(rej)
                continue
            text = _paragraphs(art.get("body-paragraphs")) if isinstance(art, dict) else None
            if text is None:
                res.rejects.append(Reject(str(f), "", "malformed_record",
                                          "not a BASIL article: `body-paragraphs` must be a list of lists of "
                                          "sentences; restore the file from the BASIL release"))
                continue
            ann_path = annotations / year.name / f"{f.stem}_ann.json"
            stance = ""
            if ann_path.is_file():
                ann, ann_rej = read_json_file(ann_path)
                if isinstance(ann, dict):
                    stance = text_of((ann.get("article-level-annotations") or {}).get("relative_stance")).lower()
                else:  # the article still loads; only its stance is unknown
                    log.warning("%s: annotation file unreadable (%s); leaning left empty", ann_path,
                                ann_rej.detail if ann_rej else "not a JSON object")
            res.records.append({
                "doc_id": f.stem,
                "outlet": text_of(art.get("source")),
                "published": text_of(art.get("date")),
                "title": text_of(art.get("title")),
                "text": text,
                "url": text_of(art.get("url")),
                "source": str(f),
                "event_id": text_of(art.get("triplet-uuid")),
                "leaning": LEANING.get(stance, stance),
                "relative_stance": stance,
                "uuid": text_of(art.get("uuid")),
                "main_event": text_of(art.get("main-event")),
                "main_entities": list(art.get("main-entities") or []),
                "keywords": text_of(art.get("keywords")),
                "annotation_file": str(ann_path) if ann_path.is_file() else "",
            })
    return res
