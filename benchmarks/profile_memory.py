"""What holds memory in the big steps of the main job: the traced peak of each, one after another.

    python benchmarks/profile_memory.py /tmp/framelens-scaling/allsides-x3.jsonl --format jsonl

Each step runs under ``tracemalloc`` (numpy's arrays and Python objects are traced; Arrow's own
memory pool, where the corpus texts and the hits' strings live, is not): the peak while it ran and
what it still holds after, in MB. The steps: loading and cleaning the corpus, tokenising it (the
token cache of :mod:`framelens.compare.tokens`, kept for the later steps as in the job), the
distinctive terms (``log_odds``), the explorer's term counts and its (document, term) pairs. The
peak resident memory of the whole job, stage by stage, is ``benchmarks/scaling.py``'s.
"""
from __future__ import annotations

import argparse
import gc
import time
import tracemalloc


def step(name: str, fn):
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{name:<34} {time.perf_counter() - t0:7.1f} s   peak {peak / 2**20:7.0f} MB   held after {held / 2**20:6.0f} MB",
          flush=True)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="a corpus path framelens.load_corpus reads")
    ap.add_argument("--format", default=None)
    args = ap.parse_args(argv)
    import framelens as fl
    from framelens.compare.logodds import distinctive_terms
    from framelens.compare.tokens import token_ids
    from framelens.explore.terms import TermCounts, grouping_columns

    corpus = step("load and clean", lambda: fl.load_corpus(args.corpus, args.format))
    docs = corpus.documents
    step("tokens (kept: the token cache)", lambda: token_ids(docs["text"].fillna("").astype(str).tolist()))
    step("log-odds (distinctive_terms)", lambda: distinctive_terms(docs, top_n=50))
    tc = step("explorer: TermCounts (kept)", lambda: TermCounts(docs, grouping_columns(docs)))
    kept = tc.select()
    step("explorer: documents_with", lambda: tc.documents_with(kept))


if __name__ == "__main__":
    main()
