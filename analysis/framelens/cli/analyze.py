"""``framelens analyze``: the main job."""
from __future__ import annotations

import time

import click

from framelens.cli import main
from framelens.cli.options import (
    JOBS, N_BOOT, SEED, by_option, cache_from_options, cache_options, check_lexicon_names, corpus_options,
    force_option, load_for_analysis, run_inputs, selection_options, voice_option)


@main.command("analyze")
@corpus_options
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Output folder (replaced atomically when the run succeeds).")
@click.option("--lexicons", "lexicons", multiple=True, metavar="NAME|PATH", callback=check_lexicon_names,
              help="Lexicon pack name or YAML file; repeat for several. Default: all shipped packs.")
@by_option
@selection_options
@click.option("--seed", default=0, show_default=True, type=SEED, help="Seed for bootstrap and permutation tests.")
@click.option("--n-boot", default=1000, show_default=True, type=N_BOOT, help="Bootstrap replicates for intervals.")
@click.option("--jobs", default=None, type=JOBS, help="Worker processes for extraction (default: all cores).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction runs: worker processes here (local) or a Dask cluster (dask).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --engine dask; without it a "
                   "local cluster of --jobs workers is started). See docs/scaling.md.")
@cache_options
@click.option("--no-predict", is_flag=True,
              help="Skip the outlet classifiers (predictability, coefficients), the slowest step on corpora of "
                   "many outlets; the manifest records it.")
@click.option("--csv", "csv", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="CSV beside each Parquet table: auto leaves it out for a table over 100 MB (the log and "
                   "manifest say so), always writes it, never writes Parquet only.")
@click.option("--no-report", is_flag=True, help="Write the tables only, no report.html or explorer.html.")
@click.option("--no-explorer", is_flag=True, help="Write report.html but not explorer.html.")
@voice_option
@force_option
def analyze_cmd(path, fmt, columns, no_clean, aliases, out_dir, lexicons, by, outlets, since, until, seed, n_boot,
                jobs, engine, scheduler, cache_dir, no_cache, no_predict, csv, no_report, no_explorer, voice, force):
    """Load, clean, extract framing cues, compare outlets, and write tables and a report.

    \b
    Writes to OUT (see the list in the README):
      README.txt                  the data dictionary: every file, table and column of the folder
      manifest.json               corpus hash, columns read, lexicon hashes, version, seed, parameters, tally
      corpus_summary, rejects, cleaning, hits, extraction_errors, doc_features     (Parquet + CSV;
                                  a table over 100 MB is Parquet only unless --csv always)
      rates, rate_distributions, shares, sources, tests, log_odds, within_event, similarity,
      clustering, leaf_order, predictability, coefficients, over_time
      report.html                 one self-contained page with figures, tables and evidence
      explorer.html               the interactive evidence explorer (see `framelens explore --help`)

    \b
    Selection and grouping: --outlets, --since and --until analyse part of the corpus (the manifest
    says what was chosen and how many documents were left out); --by leaning compares groups of
    outlets (each group resampled by outlet) and the report and explorer show the groups.

    \b
    OUT must be new, empty or an earlier framelens output (else --force); it may never be, or
    contain, an input. It is checked, and held against other runs, before any work starts.

    \b
    Example:
      framelens analyze demo --out results/demo
      framelens analyze ../shared/data/basil --out results/basil --n-boot 2000
      framelens analyze ../shared/data/article-bias-prediction-subset --by leaning --out results/allsides
      framelens analyze articles.csv --column text=body --outlets "Fox News,CNN" --since 2020-01-01 --out results/mine
      framelens analyze big.parquet --out results/big --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from framelens.outputs import reserve_output
    from framelens.pipeline import analyze

    t0 = time.perf_counter()
    inputs = run_inputs(path, lexicons, aliases)
    with reserve_output(out_dir, inputs=inputs, force=force):
        corpus = load_for_analysis(path, fmt, columns, no_clean, aliases, action="analyse", outlets=outlets,
                                   since=since, until=until, by=by)
        cache = cache_from_options(cache_dir, no_cache)
        analyze(corpus, out_dir, lexicons=list(lexicons) or None, seed=seed, n_boot=n_boot, jobs=jobs,
                report=not no_report, explorer=not no_explorer,
                parameters={"path": str(path), "format": fmt, "clean": not no_clean, "engine": engine, "voice": voice,
                            "columns": list(columns), "outlets": outlets, "since": since, "until": until},
                engine=engine, scheduler=scheduler, cache_dir=cache, inputs=inputs, force=force, voice=voice, by=by,
                predict=not no_predict, csv=csv)
    click.echo(f"wrote {out_dir} in {time.perf_counter() - t0:.1f} s")
