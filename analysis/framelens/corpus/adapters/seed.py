"""The first user's example: a Press TV web page on the Karabakh ceasefire, stored as scraped.

Layout: a folder of plain-text pages named ``NNN_<16 hex digits>.txt`` (the user's scraper's naming;
the shared copy has one, ``000_4a6d31d5d92b9fe9.txt``) beside a ``SOURCE.md``. Each page is one
document; the outlet is read from the page's own signature ("Press TV's website ..."), so a page
from another site is rejected with ``missing_outlet`` rather than mislabelled.

The text is kept exactly as scraped: the site header ("News / More"), a stray photo caption and
the trailer are page noise for :mod:`framelens.clean` to remove and report, not for the loader.
``title`` is the first line that reads like a headline (not the header's breadcrumb).
"""
from __future__ import annotations

import re
from pathlib import Path

from framelens.corpus.adapters.layout import not_this_layout
from framelens.corpus.model import Reject
from framelens.corpus.readers import ReadResult, read_text_file

NAME = "seed"
DESCRIPTION = "the first user's example Press TV page(s): NNN_<hash>.txt as scraped, noise left for the cleaner"

PAGE_NAME = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
#: Site signatures found in a page's text -> outlet.
SIGNATURES = {"Press TV": re.compile(r"Press TV(?:’|')s website|presstv\.(?:ir|com|co\.uk)", re.I)}
_BREADCRUMB = re.compile(r"^[\w ]+(?:\s*/\s*[\w ]+)+$")


def _pages(path: Path) -> list[Path]:
    if path.is_file():
        return [path] if PAGE_NAME.match(path.name) else []
    if not path.is_dir():
        return []
    return sorted(p for p in path.iterdir() if p.is_file() and PAGE_NAME.match(p.name))


def detect(path: Path) -> bool:
    """A folder whose .txt files are all scraper pages (``NNN_<hash>.txt``), one from a known site."""
    path = Path(path)
    pages = _pages(path)
    if not pages:
        return False
    if path.is_dir():
        others = [p for p in path.iterdir() if p.suffix.lower() == ".txt" and not PAGE_NAME.match(p.name)]
        if others or any(p.is_dir() for p in path.iterdir()):
            return False
    try:
        head = pages[0].read_bytes()[:1 << 20].decode("utf-8", errors="replace")
    except OSError:
        return False
    return any(sig.search(head) for sig in SIGNATURES.values())


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if len(line.split()) >= 4 and not _BREADCRUMB.match(line):
            return line
    return ""


def read(path: Path) -> ReadResult:
    """Read every scraper page; outlet from the page's site signature.

    Raises
    ------
    CorpusError
        When ``path`` holds no ``NNN_<hash>.txt`` page.
    """
    path = Path(path)
    pages = _pages(path)
    if not pages:
        raise not_this_layout(path, "seed", "pages named NNN_<16 hex digits>.txt")
    res = ReadResult(name=NAME)
    for f in pages:
        text, rej = read_text_file(f)
        if rej:
            res.rejects.append(rej)
            continue
        outlet = next((name for name, sig in SIGNATURES.items() if sig.search(text)), "")
        if not outlet:
            res.rejects.append(Reject(str(f), "", "missing_outlet",
                                      f"{f.name} carries no known site signature, so its outlet is unknown; load "
                                      "such pages as --format txt with a metadata.csv (file,outlet)"))
            continue
        res.records.append({"doc_id": f.stem, "outlet": outlet, "title": _title(text), "text": text,
                            "source": str(f)})
    return res
