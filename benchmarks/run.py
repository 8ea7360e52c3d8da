"""Feature-extraction throughput and peak memory: framelens against two peers, at 1x, 10x, 100x.

One command (see benchmarks/README.md)::

    python benchmarks/run.py                       # everything: framelens (all cores, 1 core), both peers
    python benchmarks/run.py --scales 1 10 --tools framelens nltk

What it does
------------
1. Reads the AllSides subset (``../shared/data/article-bias-prediction-subset``: one JSON per
   article; ``content_original`` is the text) and writes it, replicated 1x, 10x and 100x, as
   Parquet datasets in a scratch folder (default ``$TMPDIR/framelens-bench``; never committed).
   Each replica is one file; replicated documents get new ids (``<ID>~r<k>``).
2. For every tool and scale, starts a fresh Python process that streams the dataset from disk and
   extracts features, and samples the memory of that process and all its children every 0.1 s.
   - ``framelens``: :func:`framelens.engine.extract_dataset` (every extractor, every shipped pack,
     hits and document features written to Parquet part by part), with all cores and with one.
   - ``nltk`` and ``spacy``: the peers in ``benchmarks/peers.py`` (single process). A peer stops
     after ``--peer-budget`` seconds (the NLTK peer needs about an hour of CPU for 100x) and its
     row reports the documents it read; its rate and memory are those of that prefix.
3. Prints a Markdown table: MB/s (UTF-8 bytes of text), words/s (words by framelens' WORD_RE,
   the same count for every tool), peak memory (the largest sum over the process tree of each
   process's proportional set size, PSS, so pages shared after fork are not counted twice), and
   CPU seconds of the process tree (user + system, from ``getrusage``: unlike wall-clock time, it
   hardly moves when other work shares the machine), and the ratios framelens (one core) / peer.

Timings are wall-clock of the extraction (after imports), including Punkt training, lexicon
compilation, worker start-up, reading and writing. The machine's load average is recorded with
each row: other work on the machine slows every tool.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "article-bias-prediction-subset"
TOOLS = ("framelens", "framelens-1core", "nltk", "spacy")


# --- datasets ----------------------------------------------------------------------------------

def read_allsides(data: Path) -> list[dict]:
    """The AllSides articles as canonical records, sorted by ID (deterministic)."""
    folder = data / "data" / "jsons"
    if not folder.is_dir():
        sys.exit(f"benchmark: no AllSides JSON folder at {folder}; pass --data PATH")
    rows = []
    for f in sorted(folder.glob("*.json")):
        d = json.loads(f.read_text("utf-8"))
        text = d.get("content_original") or ""
        if not text.strip():
            continue
        rows.append({"doc_id": d["ID"], "outlet": d.get("source") or "unknown", "title": d.get("title") or "",
                     "published": d.get("date") or "", "leaning": d.get("bias_text") or "",
                     "topic": d.get("topic") or "", "text": text})
    return rows


def prepare(data: Path, work: Path, scales: list[int]) -> dict:
    """Write the replicated datasets (once; reused while the source is unchanged)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from framelens.text import count_words

    work.mkdir(parents=True, exist_ok=True)
    info_path = work / "dataset.json"
    rows = read_allsides(data)
    fingerprint = f"{len(rows)}:{sum(len(r['text']) for r in rows)}"
    info = json.loads(info_path.read_text()) if info_path.exists() else {}
    if info.get("fingerprint") != fingerprint or "doc_words" not in info:
        doc_bytes = [len(r["text"].encode("utf-8")) for r in rows]
        doc_words = [count_words(r["text"]) for r in rows]
        info = {"fingerprint": fingerprint, "docs": len(rows), "bytes": sum(doc_bytes), "words": sum(doc_words),
                "doc_bytes": doc_bytes, "doc_words": doc_words, "scales": info.get("scales", [])}
    for k in scales:
        folder = work / f"x{k}"
        if k in info["scales"] and len(list(folder.glob("part-*.parquet"))) == k:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("part-*.parquet"):
            old.unlink()
        for r in range(k):
            suffix = "" if r == 0 else f"~r{r}"
            table = pa.table({key: [row[key] + suffix if key == "doc_id" else row[key] for row in rows]
                              for key in rows[0]})
            pq.write_table(table, folder / f"part-{r:04d}.parquet", row_group_size=256)
        info["scales"] = sorted(set(info["scales"]) | {k})
        info_path.write_text(json.dumps(info, indent=2))
    return info


def iter_texts(dataset: Path):
    """Texts of a Parquet dataset, streamed batch by batch in file order."""
    import pyarrow.parquet as pq

    for f in sorted(dataset.glob("part-*.parquet")):
        pf = pq.ParquetFile(f)
        for batch in pf.iter_batches(batch_size=256, columns=["text"]):
            yield from batch.column(0).to_pylist()


# --- one measurement, in its own process ------------------------------------------------------

def worker(tool: str, dataset: Path, jobs: int | None, out: Path, budget: float | None = None) -> dict:
    if tool.startswith("framelens"):
        from framelens.engine import extract_dataset

        t0 = time.perf_counter()
        summary = extract_dataset(dataset, out, jobs=jobs, cache_dir=None, progress=False)
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "docs": summary["documents"], "hits": summary["hits"],
                "errors": summary["errors"]}
    sys.path.insert(0, str(HERE))
    import peers

    forms, n_regex = peers.lexicon_forms()
    t0 = time.perf_counter()
    run = peers.nltk_peer if tool == "nltk" else peers.spacy_peer
    docs = hits = 0
    for counts in run(iter_texts(dataset), forms):
        docs += 1
        hits += sum(counts.values())
        if budget and docs % 64 == 0 and time.perf_counter() - t0 > budget:
            break  # the time budget is spent: report the documents read so far
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "docs": docs, "hits": hits, "forms": len(forms), "regex_forms_left_out": n_regex}


def tree_pss(proc) -> int:
    """Proportional set size of a process and all its children, in bytes (pages shared after fork
    counted once); 0 when the process is gone."""
    import psutil

    total = 0
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    for p in procs:
        try:
            mem = p.memory_full_info()
            total += getattr(mem, "pss", mem.rss)
        except psutil.Error:
            pass
    return total


def measure(tool: str, dataset: Path, jobs: int | None, work: Path, budget: float | None = None) -> dict:
    """Run one tool on one dataset in a fresh process; return its timing and peak memory."""
    import psutil

    out = Path(tempfile.mkdtemp(prefix=f"out-{tool}-", dir=work)) / "result"
    cmd = [sys.executable, str(Path(__file__).resolve()), "_worker", tool, str(dataset), str(out)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    if budget and not tool.startswith("framelens"):
        cmd += ["--budget", str(budget)]
    import resource

    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak = 0
    load = []
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_pss(ps))
            load.append(os.getloadavg()[0])
            done.wait(0.1)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, _ = proc.communicate()
    done.set()
    th.join()
    if proc.returncode != 0:
        raise SystemExit(f"benchmark: {tool} on {dataset} failed (exit {proc.returncode})")
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    res = json.loads(stdout.strip().splitlines()[-1])
    # CPU seconds of the measured process and its workers (includes imports; a load-independent view)
    res["cpu_seconds"] = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    res["peak_mb"] = peak / 1e6
    res["load_avg"] = sum(load) / max(len(load), 1)
    import shutil

    shutil.rmtree(out.parent, ignore_errors=True)
    return res


def table(rows: list[dict]) -> str:
    head = ("| tool | scale | docs | MB | seconds | MB/s | words/s | peak memory (MB) | CPU s | MB per CPU s "
            "| load avg |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
    lines = []
    for r in rows:
        part = "" if r.get("fraction", 1) >= 0.999 else f" ({100 * r['fraction']:.0f}% read, time budget)"
        lines.append(f"| {r['tool']} | {r['scale']}x | {r['docs']:,}{part} | {r['mb']:.0f} | {r['seconds']:.1f} | "
                     f"{r['mb_s']:.2f} | {r['words_s'] / 1e6:.2f} M | {r['peak_mb']:.0f} | {r['cpu_seconds']:.1f} | "
                     f"{r['mb'] / r['cpu_seconds']:.2f} | {r['load_avg']:.1f} |")
    return head + "\n".join(lines) + "\n"


def ratios(rows: list[dict]) -> str:
    by = {(r["tool"], r["scale"]): r for r in rows}
    out = []
    for scale in sorted({r["scale"] for r in rows}):
        fl1 = by.get(("framelens-1core", scale)) or by.get(("framelens", scale))
        fln = by.get(("framelens", scale))
        for peer in ("nltk", "spacy"):
            p = by.get((peer, scale))
            if p and fl1:
                per_cpu = (fl1["mb"] / fl1["cpu_seconds"]) / (p["mb"] / p["cpu_seconds"])
                if fl1["tool"] == "framelens-1core":
                    line = (f"- {scale}x: framelens (1 core) / {peer} = {fl1['mb_s'] / p['mb_s']:.1f}x wall-clock, "
                            f"{per_cpu:.1f}x per CPU second")
                else:
                    line = f"- {scale}x: framelens / {peer} = {per_cpu:.1f}x per CPU second"
                if fln:
                    line += f"; framelens (all cores) / {peer} = {fln['mb_s'] / p['mb_s']:.1f}x wall-clock"
                out.append(line)
    mem = {}
    for r in rows:
        mem.setdefault(r["tool"], {})[r["scale"]] = r["peak_mb"]
    for tool, by_scale in mem.items():
        if len(by_scale) > 1:
            lo, hi = min(by_scale), max(by_scale)
            out.append(f"- peak memory {tool}: {by_scale[lo]:.0f} MB at {lo}x, {by_scale[hi]:.0f} MB at {hi}x "
                       f"({(by_scale[hi] / by_scale[lo] - 1) * 100:+.0f}%)")
    return "\n".join(out) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="AllSides subset folder")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "framelens-bench",
                    help="scratch folder for the replicated datasets (default: $TMPDIR/framelens-bench)")
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--tools", nargs="+", default=list(TOOLS), choices=TOOLS)
    ap.add_argument("--jobs", type=int, default=None, help="cores for `framelens` (default: all)")
    ap.add_argument("--out", type=Path, default=None, help="also write the table (Markdown) here")
    ap.add_argument("--results", type=Path, default=None,
                    help="JSON file of measurements (default WORK/results.json): each run replaces the rows "
                         "of the tools and scales it measured, and the table shows every row in it")
    ap.add_argument("--fresh", action="store_true", help="forget earlier measurements in the results file")
    ap.add_argument("--report", nargs="*", type=Path, default=None, metavar="RESULTS",
                    help="measure nothing: print the table of the results file(s) given (default: --results)")
    ap.add_argument("--peer-budget", type=float, default=900,
                    help="stop a peer after this many seconds and report the documents it read (default 900; "
                         "the NLTK peer needs about an hour of CPU for 100x); 0 = no limit")
    args = ap.parse_args(argv)

    if args.report is not None:
        rows = []
        for f in args.report or [args.results or args.work / "results.json"]:
            rows.extend(json.loads(Path(f).read_text()))
        order = {t: i for i, t in enumerate(TOOLS)}
        rows.sort(key=lambda r: (r["scale"], order.get(r["tool"], 9)))
        text = table(rows) + "\n" + ratios(rows)
        print(text)
        if args.out:
            cmds = sorted({r["command"].strip() for r in rows})
            args.out.write_text("Commands:\n" + "".join(f"- `{c}`\n" for c in cmds) + f"\n{text}", encoding="utf-8")
        return rows
    info = prepare(args.data, args.work, args.scales)
    mb1 = info["bytes"] / 1e6
    results_path = args.results or args.work / "results.json"
    stored = [] if args.fresh or not results_path.exists() else json.loads(results_path.read_text())
    rows = []
    print(f"AllSides subset: {info['docs']} documents, {mb1:.1f} MB of text, {info['words']:,} words "
          f"(x1); {os.cpu_count()} cores; Python {platform.python_version()}", flush=True)
    for scale in args.scales:
        for tool in args.tools:
            jobs = 1 if tool == "framelens-1core" else args.jobs
            res = measure(tool, args.work / f"x{scale}", jobs, args.work, args.peer_budget or None)
            full, part = divmod(res["docs"], info["docs"])  # documents read, in dataset order
            mb = (full * info["bytes"] + sum(info["doc_bytes"][:part])) / 1e6
            words = full * info["words"] + sum(info["doc_words"][:part])
            row = {"tool": tool, "scale": scale, "docs": res["docs"], "mb": mb, "seconds": res["seconds"],
                   "fraction": res["docs"] / (info["docs"] * scale),
                   "mb_s": mb / res["seconds"], "words_s": words / res["seconds"],
                   "peak_mb": res["peak_mb"], "load_avg": res["load_avg"], "hits": res["hits"],
                   "cpu_seconds": res["cpu_seconds"]}
            row["command"] = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
            row["when"] = time.strftime("%Y-%m-%d %H:%M")
            row["commit"] = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                           capture_output=True, text=True).stdout.strip()
            rows.append(row)
            if results_path.exists() and not args.fresh:  # another run may have added rows meanwhile
                stored = json.loads(results_path.read_text())
            stored = [r for r in stored if (r["tool"], r["scale"]) != (tool, scale)] + [row]
            results_path.write_text(json.dumps(stored, indent=1))
            print(f"{tool:16s} {scale:4d}x  {row['mb_s']:7.2f} MB/s  {row['words_s'] / 1e6:6.2f} M words/s  "
                  f"peak {row['peak_mb']:6.0f} MB  cpu {res['cpu_seconds']:7.1f} s  hits {res['hits']:,}  "
                  f"load {row['load_avg']:.1f}", flush=True)
    order = {t: i for i, t in enumerate(TOOLS)}
    allrows = sorted(stored, key=lambda r: (r["scale"], order.get(r["tool"], 9)))
    text = table(allrows) + "\n" + ratios(allrows)
    print()
    print(text)
    if args.out:
        cmds = sorted({r["command"].strip() for r in allrows})
        args.out.write_text("Commands:\n" + "".join(f"- `{c}`\n" for c in cmds) + f"\n{text}", encoding="utf-8")
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_worker":
        wp = argparse.ArgumentParser()
        wp.add_argument("cmd")
        wp.add_argument("tool")
        wp.add_argument("dataset", type=Path)
        wp.add_argument("out", type=Path)
        wp.add_argument("--jobs", type=int, default=None)
        wp.add_argument("--budget", type=float, default=None)
        a = wp.parse_args()
        print(json.dumps(worker(a.tool, a.dataset, a.jobs, a.out, a.budget)), flush=True)
    else:
        main()
