"""NeuS raw crawl (Lee et al. 2022): AllSides stories, each told from the left, center and right.

Layout: JSON Lines (``data/raw_crawled/*.jsonl``), one AllSides story per line: ``id, issue,
topic, link, date, roundup`` and ``news`` = ``{"left": {...}, "center": {...}, "right": {...}}``,
each side with ``newsSource, newsTitle, newsLink, newBody`` (the first paragraphs only, about 90
words), ``stance`` and ``stance_specific``.

A document is one side's snippet (1,479 in the shared file). A story with no sides yields none;
a story line that is not valid JSON is rejected with its line number. The story's own neutral
summary (``roundup``) is NOT a document: get the roundups as a table with :func:`roundups`.

Columns set: ``doc_id`` ("<story id>-<side>"), ``event_id`` (the story ``id``), ``outlet``
(``newsSource``, normalised), ``title`` (``newsTitle``), ``text`` (``newBody`` paragraphs, a line
each), ``url`` (``newsLink``), ``published`` (the STORY's date, the day AllSides posted it; the
articles' own dates are not in the data), ``leaning`` (``stance``: left/center/right),
``stance_specific`` ("lean left", ...), ``topic``, ``issue`` (the story headline), ``story_link``,
``opinion_tag``.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from framelens.corpus.adapters.layout import first_files, has_keys, not_this_layout, probe_first_line, text_of
from framelens.corpus.model import Reject
from framelens.corpus.readers import ReadResult, check_path, decode_bytes

NAME = "neus"
DESCRIPTION = "NeuS AllSides crawl (JSONL): one document per left/center/right snippet, story id as event_id"

_KEYS = ("issue", "roundup", "news")
SIDES = ("left", "center", "right")


def _is_neus_file(f: Path) -> bool:
    if f.suffix.lower() not in (".jsonl", ".ndjson") or not f.is_file():
        return False
    line = probe_first_line(f, max_bytes=8 << 20)
    try:
        return has_keys(json.loads(line or ""), _KEYS)
    except ValueError:
        return False


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path] if _is_neus_file(path) else []
    for candidate in (path / "data" / "raw_crawled", path / "raw_crawled", path / "data", path):
        files = [f for f in first_files(candidate, ".jsonl", limit=50) if _is_neus_file(f)]
        if files:
            return files
    return []


def detect(path: Path) -> bool:
    """A NeuS crawl (.jsonl whose lines have ``issue``, ``roundup``, ``news``) or a folder holding one."""
    return bool(_files(Path(path)))


def _date(value) -> str:
    # "2021-10-18T16:15:00-07:00": the calendar day as AllSides wrote it
    return text_of(value)[:10]


def _stories(path: Path, res: ReadResult | None = None):
    """Yield (file, line, story dict); bad lines become rejects in ``res`` when given."""
    files = _files(path) if path.exists() else []
    if not files:
        raise not_this_layout(path, "NeuS", "a .jsonl crawl (data/raw_crawled/*.jsonl) with issue/roundup/news")
    for f in files:
        check_path(f)
        with open(f, "rb") as fh:
            for lineno, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                line, rej = decode_bytes(raw, str(f), first_line=lineno)
                if rej is None:
                    try:
                        story = json.loads(line)
                    except json.JSONDecodeError as exc:
                        story = None
                        rej = Reject(str(f), str(lineno), "malformed_record",
                                     f"invalid JSON on line {lineno}, column {exc.colno}: {exc.msg}; restore the "
                                     "line from the crawl")
                    else:
                        if not isinstance(story, dict) or not isinstance(story.get("news") or {}, dict):
                            rej = Reject(str(f), str(lineno), "malformed_record",
                                         f"line {lineno} is not a story object with a `news` mapping of sides")
                if rej:
                    if res is not None:
                        res.rejects.append(rej)
                    continue
                yield f, lineno, story


def read(path: Path) -> ReadResult:
    """Read every side snippet of every story, one document each.

    Raises
    ------
    CorpusError
        When ``path`` holds no NeuS crawl.
    """
    path = Path(path)
    res = ReadResult(name=NAME)
    for f, lineno, story in _stories(path, res):
        sid = text_of(story.get("id"))
        news = story.get("news") or {}
        for side in sorted(news, key=lambda s: (SIDES.index(s) if s in SIDES else len(SIDES), s)):
            art = news[side]
            if not art:
                continue  # an absent side is not a record
            where = f"{f}:{lineno}"
            if not isinstance(art, dict):
                res.rejects.append(Reject(str(f), str(lineno), "malformed_record",
                                          f"side {side!r} of story {sid} on line {lineno} is not an object"))
                continue
            body = art.get("newBody")
            text = "\n".join(p.strip() for p in body if isinstance(p, str)) if isinstance(body, list) else text_of(body)
            res.records.append({
                "doc_id": f"{sid}-{side}" if sid else f"{f.stem}:{lineno}-{side}",
                "outlet": text_of(art.get("newsSource")),
                "published": _date(story.get("date")),
                "title": text_of(art.get("newsTitle")),
                "text": text,
                "url": text_of(art.get("newsLink")),
                "source": where,
                "event_id": sid,
                "leaning": text_of(art.get("stance") or side).lower(),
                "stance_specific": text_of(art.get("stance_specific")).lower(),
                "topic": text_of(story.get("topic")),
                "issue": text_of(story.get("issue")),
                "story_link": text_of(story.get("link")),
                "opinion_tag": text_of(art.get("opinionTag")),
            })
    return res


def roundups(path: str | Path) -> pd.DataFrame:
    """AllSides' own neutral summary of each story, one row per story (not part of the corpus).

    Returns
    -------
    DataFrame
        ``event_id, title`` (the story headline), ``topic, published`` (datetime64), ``url``
        (AllSides path), ``text`` (the roundup paragraphs, a line each; "" when the story has none),
        ``source`` ("file:line").
    """
    from framelens.corpus.model import parse_published

    rows = []
    for f, lineno, story in _stories(Path(path)):
        roundup = story.get("roundup")
        text = "\n".join(p.strip() for p in roundup if isinstance(p, str)) if isinstance(roundup, list) \
            else text_of(roundup)
        rows.append({"event_id": text_of(story.get("id")), "title": text_of(story.get("issue")),
                     "topic": text_of(story.get("topic")), "published": _date(story.get("date")),
                     "url": text_of(story.get("link")), "text": text, "source": f"{f}:{lineno}"})
    out = pd.DataFrame(rows, columns=["event_id", "title", "topic", "published", "url", "text", "source"])
    out["published"] = parse_published(out["published"])
    return out
