"""Peak memory of ``framelens analyze`` on a corpus holding one very long document.

The bound it checks (see benchmarks/README.md): **a document of N MB analyses within 1 GB + 50 x N
MB** of memory (process tree, PSS), so a 20 MB document within 2 GB, and the report's evidence
carries a window around each cue, never the document. Before the evidence fix a 1 MB document with
2,000 cues took about 4 GB in the report alone, and a 20 MB document was killed at 17 GB.

One command::

    python benchmarks/long_document.py                     # documents of 1, 5 and 20 MB
    python benchmarks/long_document.py --sizes 20 --jobs 2

What it does: writes a corpus (in a scratch folder, never committed) made of the synthetic demo
corpus plus one long document for one of its outlets, built by repeating that outlet's own demo
sentences (so it is full of cues: hedges, reporting verbs, names) up to N MB of UTF-8; runs
``framelens analyze CORPUS --out DIR --no-cache`` in a fresh process; samples the memory of that
process and its workers every 0.1 s; and prints a Markdown table (document MB, cues found, peak MB,
wall and CPU seconds, within the bound or not). Exit status 1 when a size exceeds the bound.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from run import tree_pss  # the same memory sampling as the throughput benchmark (benchmarks/run.py)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BOUND_BASE_MB = 1000
BOUND_PER_MB = 50


def bound_mb(doc_mb: float) -> float:
    """The memory bound for a corpus with one document of ``doc_mb`` MB."""
    return BOUND_BASE_MB + BOUND_PER_MB * doc_mb


def write_corpus(folder: Path, doc_mb: float) -> Path:
    """The demo corpus plus one ``doc_mb`` MB document of outlet "Outlet A" (JSON Lines)."""
    sys.path.insert(0, str(REPO / "analysis"))
    from framelens.demo import demo_records

    records = demo_records().records
    mine = [r for r in records if r["outlet"] == "Outlet A"]
    paragraphs = [p for r in mine for p in r["text"].split("\n\n") if p.strip()]
    target = int(doc_mb * 1_000_000)
    parts, size, i = [], 0, 0
    while size < target:
        p = paragraphs[i % len(paragraphs)]
        parts.append(p)
        size += len(p.encode("utf-8")) + 2
        i += 1
    long_doc = {"doc_id": f"long-{doc_mb:g}mb", "outlet": "Outlet A", "published": "2031-02-01",
                "title": "One very long document", "text": "\n\n".join(parts), "synthetic": True}
    path = folder / f"corpus-{doc_mb:g}mb.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for r in [*records, long_doc]:
            fh.write(json.dumps({k: (str(v) if k == "published" and v is not None else v) for k, v in r.items()},
                                ensure_ascii=False) + "\n")
    return path


def measure(corpus: Path, out: Path, jobs: int) -> dict:
    """Run ``framelens analyze`` on ``corpus`` in a fresh process; its peak memory and times."""
    import psutil

    code = "import sys; from framelens.cli import main; sys.argv[0] = 'framelens'; main()"
    cmd = [sys.executable, "-c", code, "analyze", str(corpus), "--out", str(out), "--no-cache",
           "--jobs", str(jobs), "--n-boot", "200"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "analysis"), "MPLBACKEND": "Agg"}
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    ps = psutil.Process(proc.pid)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_pss(ps))
            done.wait(0.1)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, stderr = proc.communicate()
    done.set()
    th.join()
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"long_document: analyze failed (exit {proc.returncode}):\n{stderr[-2000:]}")
    import pyarrow.parquet as pq

    hits = pq.read_table(out / "hits.parquet", columns=["doc_id"]).column(0).to_pylist()
    long_id = [d for d in set(hits) if str(d).startswith("long-")]
    return {"peak_mb": peak / 1e6, "wall_s": wall, "cpu_s": (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime),
            "cues_in_long_doc": sum(1 for d in hits if d in long_id), "report_kb": (out / "report.html").stat().st_size / 1e3,
            "maxrss_mb": ru1.ru_maxrss / 1024}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20], help="long-document sizes in MB")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes for extraction (default 1)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "framelens-long-doc")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for mb in args.sizes:
        corpus = write_corpus(args.work, mb)
        out = args.work / f"out-{mb:g}mb"
        res = measure(corpus, out, args.jobs)
        res.update(doc_mb=mb, bound_mb=bound_mb(mb), ok=res["peak_mb"] <= bound_mb(mb))
        rows.append(res)
        print(json.dumps(res), file=sys.stderr, flush=True)
    print(f"framelens analyze, one long document (+ the demo corpus), --jobs {args.jobs}, load "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print("| document | cues in it | peak memory (PSS) | bound | wall | CPU | report |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['doc_mb']:g} MB | {r['cues_in_long_doc']:,} | {r['peak_mb']:,.0f} MB | {r['bound_mb']:,.0f} MB "
              f"{'ok' if r['ok'] else 'EXCEEDED'} | {r['wall_s']:.0f} s | {r['cpu_s']:.0f} s | {r['report_kb']:.0f} kB |")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
