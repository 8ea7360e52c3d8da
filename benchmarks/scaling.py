"""The main job at scale: ``framelens analyze`` end to end on the AllSides subset replicated.

    python benchmarks/scaling.py --scales 1 3 10          # writes benchmarks/results/scaling.md

Each replica gets new document ids and new outlet names (``<outlet> #<r>``), so a scale of k has
k x 2,864 articles from k x 107 outlets and the many-outlet costs show. The replicated corpora are
written once as JSON Lines under ``--work`` (``$TMPDIR/framelens-scaling``), never committed.

Every scale runs the real command, ``framelens -v analyze FILE --out DIR --no-cache`` (the feature
cache off, so every run extracts), in a fresh process under GNU ``/usr/bin/time -v``: the total CPU
seconds (user + system, worker processes included) and the peak resident memory come from there.
The stages are cut by the lines the command prints as it goes (timestamped on arrival): load (until
the tally line), extraction (until ``extracted N hits``), each comparison stage (``compare: <stage>
in <s> s``), writing the tables, the report and the explorer (``write: <part> in <s> s``) and the
rest (until the end). The peak memory of the main process so far (``VmHWM``) and its CPU seconds so
far (its own and those of the worker processes it has reaped, ``/proc/<pid>/stat``) are read at each cut: wall and CPU seconds per stage. Workers
are reaped when extraction ends, so extraction's CPU shows in its stage; the later stages run in the
main process.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMELENS_SHARED_DATA", REPO.parent / "shared" / "data"))


def replicate(k: int, work: Path) -> Path:
    """The AllSides subset k times over as JSON Lines (new ids and outlet names per replica)."""
    import framelens as fl

    path = work / f"allsides-x{k}.jsonl"
    if path.exists():
        return path
    docs = fl.load_corpus(SHARED / "article-bias-prediction-subset", clean=False).documents
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for r in range(k):
            for d in docs.itertuples(index=False):
                outlet = str(d.outlet) if r == 0 else f"{d.outlet} #{r}"
                fh.write(json.dumps({"doc_id": f"{d.doc_id}~{r}", "outlet": outlet, "text": d.text,
                                     "title": d.title, "leaning": getattr(d, "leaning", ""),
                                     "published": str(d.published.date()) if str(d.published) != "NaT" else None},
                                    ensure_ascii=False) + "\n")
    tmp.rename(path)
    return path


def _vm_hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of ``pid`` and of its children it has waited for (the worker
    processes, once the pool is shut down), from ``/proc/<pid>/stat``."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return float("nan")
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime


# the log line of each comparison stage (the progress bar's own "compare: ..." text shares the line)
STAGE_RE = re.compile(r"framelens\.compare\.suite: compare: (?P<stage>.+?) in (?P<s>[\d.]+) s")
# the log line of each part of writing the outputs (tables, report, explorer)
WRITE_RE = re.compile(r"framelens\.pipeline: write: (?P<stage>.+?) in (?P<s>[\d.]+) s")


def run_once(path: Path, out: Path, jobs: int) -> dict:
    cmd = ["/usr/bin/time", "-v", sys.executable, "-c", "from framelens.cli import main; main()", "-v", "analyze",
           str(path), "--format", "jsonl", "--out", str(out), "--no-cache", "--force", "--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
                            errors="replace")
    cuts: list[tuple[str, float, float, float]] = []  # (stage, seconds since start, peak MB so far, CPU s so far)
    lines: list[str] = []
    child = {"pid": None}

    def find_child():  # the python under /usr/bin/time
        for _ in range(200):
            try:
                kids = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
                if kids:
                    child["pid"] = int(kids[0])
                    return
            except OSError:
                return
            time.sleep(0.05)

    threading.Thread(target=find_child, daemon=True).start()
    stage_start = 0.0
    for raw in proc.stdout:
        now = time.perf_counter() - t0
        lines.append(raw.rstrip("\n"))
        mem = _vm_hwm_mb(child["pid"]) if child["pid"] else float("nan")
        cpu = _cpu_s(child["pid"]) if child["pid"] else float("nan")
        if " records seen = " in raw and not cuts:
            cuts.append(("load", now, mem, cpu))
            stage_start = now
        elif "extracted " in raw and " hits from " in raw:
            cuts.append(("extract + document features", now, mem, cpu))
            stage_start = now
        elif (m := STAGE_RE.search(raw)):
            cuts.append((f"compare: {m['stage']}", now, mem, cpu))
            stage_start = now
        elif (m := WRITE_RE.search(raw)):
            cuts.append((f"write: {m['stage']}", now, mem, cpu))
            stage_start = now
    proc.wait()
    total = time.perf_counter() - t0
    text = "\n".join(lines)
    if proc.returncode != 0:  # reported as a row (the crash is a result), with the last lines of output
        return {"wall_s": round(total, 1), "cpu_s": float("nan"), "peak_mb": float("nan"), "stages": [],
                "failed": next((ln for ln in reversed(lines) if "rror" in ln and "Command being timed" not in ln),
                               lines[-1] if lines else "")}

    def grab(label):
        m = re.search(rf"{re.escape(label)}: ([\d.:]+)", text)
        return m.group(1) if m else ""

    cpu = float(grab("User time (seconds)") or 0) + float(grab("System time (seconds)") or 0)
    peak_mb = int(grab("Maximum resident set size (kbytes)") or 0) / 1024
    stages, prev, prev_cpu = [], 0.0, 0.0
    for name, at, mem, cpu_so_far in cuts:
        stages.append({"stage": name, "wall_s": round(at - prev, 1), "cpu_s": round(cpu_so_far - prev_cpu, 1),
                       "peak_mb_so_far": round(mem)})
        prev, prev_cpu = at, cpu_so_far
    stages.append({"stage": "write: the rest (data dictionary, folder into place)", "wall_s": round(total - stage_start, 1),
                   "cpu_s": round(cpu - prev_cpu, 1), "peak_mb_so_far": round(peak_mb)})
    return {"wall_s": round(total, 1), "cpu_s": round(cpu, 1), "peak_mb": round(peak_mb), "stages": stages}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 3, 10])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "framelens-scaling")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "scaling.md")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for k in args.scales:
        path = replicate(k, args.work)
        size_mb = path.stat().st_size / 1e6
        res = run_once(path, args.work / f"out-x{k}", args.jobs)
        rows.append({"scale": k, "input_mb": round(size_mb, 1), **res})
        print(f"x{k}: {size_mb:.0f} MB, wall {res['wall_s']} s, CPU {res['cpu_s']} s, peak {res['peak_mb']} MB"
              + (f", FAILED: {res['failed']}" if res.get("failed") else ""), flush=True)
    md = ["# framelens analyze at scale (benchmarks/scaling.py)", "",
          f"Command: `python benchmarks/scaling.py --scales {' '.join(map(str, args.scales))} --jobs {args.jobs}`",
          "", "| scale | input MB | wall s | CPU s | peak MB |", "|---:|---:|---:|---:|---:|"]
    md += [f"| {r['scale']}x | {r['input_mb']} | {r['wall_s']} | {r['cpu_s']} | {r['peak_mb']} |" for r in rows]
    md += ["", "Wall seconds per stage / CPU seconds of the main process and the worker processes it has "
           "reaped (peak memory of the main process when the stage ended, MB):", "",
           "| stage | " + " | ".join(f"{r['scale']}x" for r in rows) + " |",
           "|---|" + "---:|" * len(rows)]
    names = list(dict.fromkeys(s["stage"] for r in rows for s in r["stages"]))
    for name in names:
        cells = []
        for r in rows:
            s = next((s for s in r["stages"] if s["stage"] == name), None)
            cells.append(f"{s['wall_s']} / {s['cpu_s']} ({s['peak_mb_so_far']})" if s else "")
        md.append(f"| {name} | " + " | ".join(cells) + " |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(md) + "\n", encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
