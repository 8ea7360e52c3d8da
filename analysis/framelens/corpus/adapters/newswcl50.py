"""NewsWCL50 (Hamborg et al. 2019): 10 events, each told by 5 outlets, annotated for word choice.

Layout: the full texts gathered by Luisgarchi, ``luisgarchi_fulltext/1-raw-articles/event_<e>/
<e>_<code>.txt`` (event 4's files are named ``*.txt.txt``), one paragraph per line, headline first
(except two New York Times files that start with the dateline). The official
``hamborg_original/urls.tsv`` (``Event ID, Outlet, URL``) gives each article's URL when present.

The outlet codes are orientations, mapped here to outlet names (not through the alias table, so a
bare "L" elsewhere is never read as the New York Times):
LL = HuffPost (left), L = New York Times (lean left), M = USA Today (center),
R = Fox News (lean right), RR = Breitbart (right).

Columns set: ``doc_id`` ("<e>_<code>"), ``event_id`` (the event number), ``title`` (the first line
when it is a headline, else ""), ``text`` (the whole file, headline line included, because the
annotations count headline mentions: paragraph 0 is the headline), ``url``, ``published`` (the
``/YYYY/MM/DD/`` in the URL when there is one, else NaT), ``leaning`` (left/center/right from the
orientation) and ``orientation`` (the code as given).
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from framelens.corpus.adapters.layout import date_from_url, not_this_layout
from framelens.corpus.model import Reject
from framelens.corpus.readers import ReadResult, read_text_file

NAME = "newswcl50"
DESCRIPTION = "NewsWCL50: 10 events x 5 outlets (full texts in luisgarchi_fulltext/1-raw-articles/event_<e>/)"

#: Orientation code -> (outlet, leaning).
OUTLETS = {"LL": ("HuffPost", "left"), "L": ("New York Times", "left"), "M": ("USA Today", "center"),
           "R": ("Fox News", "right"), "RR": ("Breitbart", "right")}
_EVENT_DIR = re.compile(r"^event_(\d+)$")
_FILE = re.compile(r"^(\d+)_(LL|L|M|R|RR)\.txt(?:\.txt)?$")
#: A first line that opens the body (a dateline "CITY, State — ...") is not a headline.
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]+(?:,[^—–-]{0,40})?\s+[—–-]\s")
_MAX_TITLE_CHARS = 250


def _raw_dir(path: Path) -> Path | None:
    for candidate in (path / "luisgarchi_fulltext" / "1-raw-articles", path / "1-raw-articles", path):
        if not candidate.is_dir():
            continue
        for sub in sorted(candidate.iterdir()):
            if sub.is_dir() and _EVENT_DIR.match(sub.name):
                if any(_FILE.match(f.name) for f in sub.iterdir()):
                    return candidate
                break
    return None


def detect(path: Path) -> bool:
    """A folder with ``luisgarchi_fulltext/1-raw-articles/event_<e>/<e>_<code>.txt`` (or that folder)."""
    path = Path(path)
    return path.is_dir() and _raw_dir(path) is not None


def _urls(raw_dir: Path) -> dict[tuple[str, str], str]:
    """(event, code) -> URL from hamborg_original/urls.tsv, looked for beside the corpus folder."""
    for base in (raw_dir.parent.parent, raw_dir.parent, raw_dir):
        f = base / "hamborg_original" / "urls.tsv"
        if f.is_file():
            with open(f, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh, delimiter="\t"))
            return {(r.get("Event ID", "").strip(), r.get("Outlet", "").strip()): (r.get("URL") or "").strip()
                    for r in rows}
    return {}


def _title(text: str) -> str:
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if not first or len(first) > _MAX_TITLE_CHARS or _DATELINE.match(first):
        return ""
    return first


def read(path: Path) -> ReadResult:
    """Read the 50 full texts, one document per article.

    Raises
    ------
    CorpusError
        When ``path`` has no ``event_<e>/<e>_<code>.txt`` files.
    """
    path = Path(path)
    raw_dir = _raw_dir(path) if path.is_dir() else None
    if raw_dir is None:
        raise not_this_layout(path, "NewsWCL50", "luisgarchi_fulltext/1-raw-articles/event_<e>/<e>_<code>.txt")
    urls = _urls(raw_dir)
    res = ReadResult(name=NAME)
    events = sorted((p for p in raw_dir.iterdir() if p.is_dir() and _EVENT_DIR.match(p.name)),
                    key=lambda p: int(_EVENT_DIR.match(p.name).group(1)))
    for event_dir in events:
        for f in sorted(event_dir.iterdir()):
            m = _FILE.match(f.name)
            if not m or not f.is_file():
                continue
            event, code = m.groups()
            text, rej = read_text_file(f)
            if rej:
                res.rejects.append(rej)
                continue
            text = text.replace("\r\n", "\n")
            if event != _EVENT_DIR.match(event_dir.name).group(1):
                res.rejects.append(Reject(str(f), "", "malformed_record",
                                          f"file of event {event} sits in {event_dir.name}; move it to event_{event}"))
                continue
            outlet, leaning = OUTLETS[code]
            url = urls.get((event, code), "")
            res.records.append({"doc_id": f"{event}_{code}", "outlet": outlet, "title": _title(text), "text": text,
                                "url": url, "published": date_from_url(url), "source": str(f),
                                "event_id": event, "leaning": leaning, "orientation": code})
    return res
