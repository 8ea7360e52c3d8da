"""Time and resident memory of each step of the explorer page, on a ``framelens analyze`` folder.

    python benchmarks/profile_explorer.py RESULTS_DIR CORPUS [--format jsonl] [--warm]

Loads the analysed corpus and the folder's tables, then builds the page as ``framelens analyze``
does (``ExplorerData`` and ``bounded_page``), printing for each step (the hits matched to the corpus,
the term counts, the cue sample, the term selection, the term sentences, the same-event sentences)
its wall seconds, the resident memory before and after, and the peak resident memory during it
(Linux: ``/proc/self/status``, the peak reset before each step through ``/proc/self/clear_refs``).
``--warm`` tokenises the whole corpus first, as the comparison has done by the time the page is
written (the explorer then takes its words from those tokens). The last line gives the page's
SHA-256 and, when the folder has an ``explorer.html``, that file's: the same analysis and seed give
the same page, so the two are equal when nothing that changes the page has changed.
"""
from __future__ import annotations

import argparse
import hashlib
import time
from contextlib import contextmanager
from pathlib import Path


def _status(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) // 1024
    return -1


@contextmanager
def step(name: str):
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the present
    except OSError:
        pass
    before, t = _status("VmRSS"), time.perf_counter()
    yield
    print(f"{name:<22} {time.perf_counter() - t:7.1f} s   resident {before:,} -> {_status('VmRSS'):,} MB, "
          f"peak {_status('VmHWM'):,} MB", flush=True)


def _wrap(module, name: str, label: str | None = None):
    inner = getattr(module, name)

    def wrapped(*args, **kwargs):
        with step(label or name):
            return inner(*args, **kwargs)

    setattr(module, name, wrapped)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", type=Path, help="a folder written by framelens analyze")
    ap.add_argument("corpus", help="the corpus it analysed")
    ap.add_argument("--format", default=None)
    ap.add_argument("--warm", action="store_true", help="tokenise the whole corpus first, as the comparison does")
    args = ap.parse_args()

    import framelens as fl
    from framelens.explore import data as xd
    from framelens.explore import terms as xt
    from framelens.explore.page import bounded_page
    from framelens.memory import release_memory
    from framelens.report import load_analysis

    with step("load"):
        corpus = fl.load_corpus(args.corpus, args.format)
        back = load_analysis(args.results)
        results = dict(back["results"])
        results.setdefault("corpus_summary", back["corpus_summary"])
        hits = back["hits"]
        release_memory("loading")
    if args.warm:
        from framelens.compare.tokens import token_ids

        with step("tokens of the corpus"):
            token_ids(corpus.documents["text"].fillna("").astype(str).tolist())
    for name in ("matchable_hits", "TermCounts", "cue_evidence", "term_evidence", "event_evidence"):
        _wrap(xd, name)
    _wrap(xt.TermCounts, "select", "term selection")
    _wrap(xt.TermCounts, "documents_with", "  (document, term) pairs")
    _wrap(xt, "sample_per_cell", "  term sample")
    with step("ExplorerData"):
        data = xd.ExplorerData(corpus.documents, hits, results, back["manifest"],
                               seed=int(back["manifest"].get("seed", 0) or 0))
    with step("page"):
        page = bounded_page(data)
    written = args.results / "explorer.html"
    print(f"page {len(page.encode('utf-8')) / 1e6:.1f} MB, sha256 {hashlib.sha256(page.encode('utf-8')).hexdigest()[:16]}"
          + (f"; {written.name} {hashlib.sha256(written.read_bytes()).hexdigest()[:16]}" if written.exists() else ""))


if __name__ == "__main__":
    main()
