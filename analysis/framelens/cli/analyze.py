"""``framelens analyze``: the main job."""
from __future__ import annotations

import time

import click

from framelens.cli import main
from framelens.cli.options import corpus_options, load_from_options


@main.command("analyze")
@corpus_options
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Output folder (replaced atomically when the run succeeds).")
@click.option("--lexicons", "lexicons", multiple=True, metavar="NAME|PATH",
              help="Lexicon pack name or YAML file; repeat for several. Default: all shipped packs.")
@click.option("--seed", default=0, show_default=True, help="Seed for bootstrap and permutation tests.")
@click.option("--n-boot", default=1000, show_default=True, help="Bootstrap replicates for intervals.")
@click.option("--jobs", default=None, type=int, help="Worker processes for extraction (default: all cores).")
@click.option("--no-report", is_flag=True, help="Write the tables only, no report.html.")
def analyze_cmd(path, fmt, columns, no_clean, aliases, out_dir, lexicons, seed, n_boot, jobs, no_report):
    """Load, clean, extract framing cues, compare outlets, and write tables and a report.

    \b
    Writes to OUT (see the list in the README):
      manifest.json               corpus hash, lexicon hashes, version, seed, parameters, tally
      corpus_summary, rejects, cleaning, hits, doc_features     (CSV + Parquet)
      rates, shares, tests, log_odds, within_event, similarity, predictability, coefficients, over_time
      report.html                 one self-contained page with figures, tables and evidence

    \b
    Example:
      framelens analyze demo --out results/demo
      framelens analyze ../shared/data/basil --out results/basil --n-boot 2000
    """
    from framelens.pipeline import analyze

    t0 = time.perf_counter()
    corpus = load_from_options(path, fmt, columns, no_clean, aliases)
    if corpus.synthetic:
        click.echo("[SYNTHETIC demo corpus: generated data, not real news]")
    click.echo(corpus.tally_line())
    if corpus.documents.empty:
        from framelens.errors import CorpusError

        raise CorpusError("no document could be loaded, so there is nothing to analyse", where=str(path),
                          fix="see the rejects above (framelens load PATH) and fix the input")
    analyze(corpus, out_dir, lexicons=list(lexicons) or None, seed=seed, n_boot=n_boot, jobs=jobs,
            report=not no_report, parameters={"path": str(path), "format": fmt, "clean": not no_clean})
    click.echo(f"wrote {out_dir} in {time.perf_counter() - t0:.1f} s")
