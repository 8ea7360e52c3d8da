"""``framelens report``: one self-contained HTML page for a corpus or an analysis folder."""
from __future__ import annotations

import time
from pathlib import Path

import click

from framelens.cli import main
from framelens.cli.options import (
    JOBS, N_BOOT, SEED, check_lexicon_names, corpus_options, force_option, load_from_options, run_inputs)


@main.command("report")
@corpus_options
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Output folder. Required for a corpus; for an analysis folder, default: that folder.")
@click.option("--lexicons", "lexicons", multiple=True, metavar="NAME|PATH", callback=check_lexicon_names,
              help="Lexicon pack name or YAML file; repeat for several. Default: all shipped packs.")
@click.option("--seed", default=0, show_default=True, type=SEED,
              help="Seed for bootstrap, permutations and evidence samples.")
@click.option("--n-boot", default=1000, show_default=True, type=N_BOOT, help="Bootstrap replicates for intervals.")
@click.option("--jobs", default=None, type=JOBS, help="Worker processes for extraction (default: all cores).")
@click.option("--max-outlets", default=10, show_default=True, type=click.IntRange(min=1),
              help="Outlets shown in the charts (the biggest).")
@click.option("--max-evidence", default=20, show_default=True, type=click.IntRange(min=0),
              help="KWIC lines shown per finding.")
@force_option
def report_cmd(path, fmt, columns, no_clean, aliases, out_dir, lexicons, seed, n_boot, jobs, max_outlets,
               max_evidence, force):
    """Write report.html: one self-contained page with the figures, tables, evidence and manifest.

    \b
    PATH is either
      a corpus (any format, or `demo`): it is analysed as by `framelens analyze` and OUT gets the
        tables (CSV + Parquet), manifest.json and report.html;
      an analysis folder written by `framelens analyze` (it has manifest.json): the report is
        drawn again from its tables, without recomputing; the corpus is reloaded from the path in
        the manifest for the evidence sentences when it is still there.

    \b
    The page embeds its figures (PNG), loads nothing from the network, escapes all article text,
    and stays small on big corpora: the biggest outlets in the charts, at most --max-evidence
    sentences per finding, the top rows of each table, and links to the full CSV tables beside it.
    Reports of the synthetic demo corpus say so on top and in every chart.

    \b
    Examples:
      framelens report demo --out results/demo
      framelens report results/basil            (re-draw the report of an earlier analysis)
    """
    from framelens.outputs import reserve_output

    t0 = time.perf_counter()
    p = Path(path)
    if p.is_dir() and (p / "manifest.json").exists():
        written = _report_from_folder(p, Path(out_dir) if out_dir else p, max_outlets=max_outlets,
                                      max_evidence=max_evidence, seed=seed, force=force)
    else:
        if not out_dir:
            raise click.UsageError("--out is required when PATH is a corpus")
        from framelens.errors import CorpusError
        from framelens.pipeline import analyze

        inputs = run_inputs(path, lexicons, aliases)
        with reserve_output(out_dir, inputs=inputs, force=force):
            corpus = load_from_options(path, fmt, columns, no_clean, aliases)
            if corpus.synthetic:
                click.echo("[SYNTHETIC demo corpus: generated data, not real news]")
            click.echo(corpus.tally_line())
            if corpus.documents.empty:
                raise CorpusError("no document could be loaded, so there is nothing to report", where=str(path),
                                  fix="see the rejects (framelens load PATH) and fix the input")
            analyze(corpus, out_dir, lexicons=list(lexicons) or None, seed=seed, n_boot=n_boot, jobs=jobs,
                    report=True, parameters={"path": str(path), "format": fmt, "clean": not no_clean},
                    inputs=inputs, force=force)
        written = Path(out_dir) / "report.html"
    click.echo(f"wrote {written} ({written.stat().st_size / 1024:.0f} kB) in {time.perf_counter() - t0:.1f} s")


def _report_from_folder(folder: Path, out_dir: Path, *, force: bool = False, **kw) -> Path:
    """Draw the report of an analysis folder again: in place (``out_dir`` is the folder), or into a new
    ``out_dir`` written atomically with a copy of the folder's CSV tables."""
    import logging

    from framelens.outputs import atomic_dir, mark_output, reserve_output
    from framelens.report import load_analysis, write_report

    back = load_analysis(folder)
    manifest = back["manifest"]
    params = manifest.get("parameters") or {}
    corpus = None
    src = params.get("path")
    if src:
        try:
            from framelens.corpus import load_corpus

            from framelens.cli.options import parse_columns
            from framelens.corpus.select import select_documents

            corpus = load_corpus(src, params.get("format"), columns=parse_columns(tuple(params.get("columns") or ())),
                                 clean=params.get("clean", True))
            chosen = (manifest.get("corpus") or {}).get("selection") or {}
            if chosen:  # the same documents as the analysis
                corpus = select_documents(corpus, outlets=chosen.get("outlets"), since=chosen.get("since"),
                                          until=chosen.get("until"))
        except Exception as exc:  # the texts are optional: the report says evidence is unavailable
            logging.getLogger(__name__).warning("cannot reload the corpus %s for evidence: %s", src, exc)
            corpus = None
    if corpus is not None:
        from framelens.compare.manifest import corpus_hash

        if manifest.get("corpus_hash") and corpus_hash(corpus) != manifest["corpus_hash"]:
            from framelens.cli.terminal import echo

            echo(f"note: the corpus at {src} changed since the analysis; the report shows no evidence")
            corpus = None
    from framelens.compare.groups import group_view

    by = str(params.get("by") or "outlet")
    if by != "outlet" and corpus is not None and by not in corpus.documents.columns:
        corpus = None
    corpus, hits, doc_features, results = group_view(by, corpus, back["hits"], back["doc_features"], back["results"])
    back = {**back, "hits": hits, "doc_features": doc_features, "results": results}
    inputs = [folder, *([src] if src and Path(src).exists() else [])]
    if out_dir.resolve() == folder.resolve():
        with reserve_output(folder, inputs=inputs[1:], replace=False):
            before = {e.name for e in folder.iterdir()}
            path = write_report(folder, corpus, back["hits"], back["doc_features"], back["results"], manifest, **kw)
            mark_output(folder, [e.name for e in folder.iterdir() if e.name not in before] + [path.name])
        return path
    import shutil

    with atomic_dir(out_dir, inputs=inputs, force=force) as tmp:
        for csv in folder.glob("*.csv"):
            shutil.copy2(csv, tmp / csv.name)
        shutil.copy2(folder / "manifest.json", tmp / "manifest.json")
        write_report(tmp, corpus, back["hits"], back["doc_features"], back["results"], manifest, **kw)
    return out_dir / kw.get("filename", "report.html")
