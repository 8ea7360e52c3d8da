"""Where the main job spends its time after extraction: ``framelens.pipeline.analyze`` under cProfile.

    python benchmarks/profile_analyze.py /work/shared/data/article-bias-prediction-subset --out /tmp/prof

Extraction runs through the feature cache (``--cache-dir``, by default under ``--out``), so a second
run profiles the comparison, the tables, the report and the explorer alone (extraction is then a
cache read). Writes ``<out>/analyze.prof`` (open it with ``python -m pstats`` or snakeviz) and prints
the ``--top`` functions by cumulative time and the stage lines of the comparison.
"""
from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import time
from pathlib import Path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="a corpus path framelens.load_corpus reads")
    ap.add_argument("--out", type=Path, required=True, help="folder for the analysis and the profile")
    ap.add_argument("--cache-dir", type=Path, default=None, help="feature cache (default: OUT/cache)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args(argv)
    import framelens as fl
    from framelens.pipeline import analyze

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = fl.load_corpus(args.corpus)
    profile = cProfile.Profile()
    t0, c0 = time.perf_counter(), time.process_time()
    profile.enable()
    analyze(corpus, args.out / "analysis", jobs=args.jobs, cache_dir=args.cache_dir or args.out / "cache", force=True)
    profile.disable()
    print(f"analyze: {time.perf_counter() - t0:.1f} s wall, {time.process_time() - c0:.1f} s CPU in this process")
    profile.dump_stats(args.out / "analyze.prof")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
