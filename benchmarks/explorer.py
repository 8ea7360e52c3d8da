"""Measure the evidence explorer: build time, page size and load time in headless Chromium, per analysis.

    python benchmarks/explorer.py RESULTS_DIR [RESULTS_DIR ...] [--screenshots DIR] [--loads 3]

Each RESULTS_DIR is a folder written by ``framelens analyze`` (or an explorer page built before, a
``.html`` file, which is then only loaded). For each, the page is built again with
``framelens.explore.explore_folder`` (wall and CPU time of the build, corpus reload included), then
opened ``--loads`` times in Debian's Chromium (``/usr/bin/chromium``, driven by Playwright; no browser
is downloaded), each time in a fresh tab, with every request to a host other than ``file:`` aborted
and counted. The load time is the page's own ``framelensReadyMs``: milliseconds from navigation
start until the first view is drawn; beside it, the main thread's busy time and script time until
then (Chrome DevTools Protocol ``Performance.getMetrics``), which a loaded machine inflates less. With ``--screenshots`` it saves one PNG per view (after a term
search and click, a rate click, a naming click), named ``<folder>_<view>.png``.

Prints a Markdown table. Numbers depend on the machine and on what else runs on it; they are
reported, never asserted (the tests check behaviour, see tests/test_explore_browser.py).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def build(folder: Path, out: Path) -> dict:
    from framelens.explore import explore_folder

    t0, c0 = time.perf_counter(), _cpu()
    path = explore_folder(folder, out)
    return {"path": path, "build_s": time.perf_counter() - t0, "build_cpu_s": _cpu() - c0,
            "bytes": path.stat().st_size}


def load(ctx, path: Path, *, screenshots: Path | None = None, prefix: str = "") -> dict:
    page = ctx.new_page()
    remote, errors = [], []

    def route(r):
        if urlparse(r.request.url).scheme in ("file", "data", "about"):
            r.continue_()
        else:
            remote.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    cdp = ctx.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready='1']", timeout=60_000)
    ready = page.evaluate("window.framelensReadyMs")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    if screenshots is not None:
        shoot(page, screenshots, prefix)
    page.close()
    # main-thread busy time (parsing, script, layout) is less sensitive to a loaded machine than the wall clock
    return {"ready_ms": ready, "task_ms": 1000 * metrics.get("TaskDuration", float("nan")),
            "script_ms": 1000 * metrics.get("ScriptDuration", float("nan")), "remote": remote, "errors": errors}


def shoot(page, folder: Path, prefix: str):
    folder.mkdir(parents=True, exist_ok=True)
    data = page.evaluate("window.framelensExplorer.data.terms.names.length")
    if data:
        page.click("#tab-terms")
        top = page.locator("button.term-link").first
        if top.count():
            term = top.get_attribute("data-term")
            page.fill("#term-search", term)
            page.press("#term-search", "Enter")
            page.wait_for_timeout(200)
        page.screenshot(path=str(folder / f"{prefix}_terms.png"))
    page.click("#tab-cues")
    dot = page.locator(".rate-dot").first
    if dot.count():
        dot.click()
    page.wait_for_timeout(200)
    page.screenshot(path=str(folder / f"{prefix}_cues.png"))
    page.click("#tab-naming")
    seg = page.locator(".segment").first
    if seg.count():
        seg.click()
    page.wait_for_timeout(200)
    page.screenshot(path=str(folder / f"{prefix}_naming.png"))
    page.click("#tab-events")
    page.wait_for_timeout(200)
    page.screenshot(path=str(folder / f"{prefix}_events.png"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", type=Path, help="framelens analyze output folders (or built .html pages)")
    ap.add_argument("--out", type=Path, default=None, help="where to write the pages (default: a temporary folder)")
    ap.add_argument("--loads", type=int, default=3, help="page loads per folder (the median is reported)")
    ap.add_argument("--screenshots", type=Path, default=None, help="save one PNG per view here")
    ap.add_argument("--chromium", default=os.environ.get("FRAMELENS_CHROMIUM") or shutil.which("chromium"))
    args = ap.parse_args(argv)
    if not args.chromium:
        raise SystemExit("no Chromium: apt-get install chromium chromium-driver (or --chromium PATH)")
    from playwright.sync_api import sync_playwright

    out = args.out or Path(tempfile.mkdtemp(prefix="framelens-explorer-bench-"))
    rows = []
    for folder in args.folders:
        if folder.suffix == ".html":  # a page built before: load it only
            rows.append({"name": folder.stem, "path": folder, "build_s": float("nan"), "build_cpu_s": float("nan"),
                         "bytes": folder.stat().st_size})
            continue
        b = build(folder, out / f"{folder.name}.html")
        rows.append({"name": folder.name, **b})
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(tempfile.mkdtemp(prefix="framelens-chromium-"),
                                                   executable_path=args.chromium, headless=True, args=FLAGS,
                                                   viewport={"width": 1400, "height": 900})
        for r in rows:
            loads = [load(ctx, r["path"], screenshots=args.screenshots if i == 0 else None, prefix=r["name"])
                     for i in range(args.loads)]
            r["ready_ms"] = statistics.median(x["ready_ms"] for x in loads)
            r["ready_all"] = [round(x["ready_ms"]) for x in loads]
            r["task_ms"] = statistics.median(x["task_ms"] for x in loads)
            r["script_ms"] = statistics.median(x["script_ms"] for x in loads)
            r["remote"] = sorted({u for x in loads for u in x["remote"]})
            r["errors"] = sorted({e for x in loads for e in x["errors"]})
        ctx.close()
    print("| analysis | page size | build (wall / CPU) | ready, median of %d (each) | main thread busy / script "
          "(median) | requests to a host | errors |" % args.loads)
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['name']} | {r['bytes'] / 1e6:.2f} MB | {r['build_s']:.1f} s / {r['build_cpu_s']:.1f} s | "
              f"{r['ready_ms']:.0f} ms ({', '.join(map(str, r['ready_all']))}) | "
              f"{r['task_ms']:.0f} ms / {r['script_ms']:.0f} ms | {len(r['remote'])} | {len(r['errors'])} |")
    print(f"\npages in {out}" + (f"; screenshots in {args.screenshots}" if args.screenshots else ""))


if __name__ == "__main__":
    main()
