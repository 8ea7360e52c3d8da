"""``framelens notebooks``: run every notebook on a corpus, writing executed notebooks and HTML."""
from __future__ import annotations

import time

import click

from framelens.cli import main
from framelens.cli.options import (
    N_BOOT, SEED, by_option, check_lexicon_names, parse_columns, parse_outlets, run_inputs, selection_options)
from framelens.cli.terminal import echo


@main.command("notebooks")
@click.argument("path")
@click.option("--format", "fmt", default=None, metavar="FORMAT",
              help="Corpus format; detected when omitted. See `framelens load --help`.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the executed notebooks (.ipynb) and their HTML.")
@click.option("--lexicons", "lexicons", multiple=True, metavar="NAME|PATH", callback=check_lexicon_names,
              help="Lexicon pack name or YAML file; repeat for several. Default: all shipped packs.")
@click.option("--column", "columns", multiple=True, metavar="FIELD=COLUMN",
              help="Map a canonical field to your column (CSV/TSV/JSONL/Parquet), e.g. text=body.")
@by_option
@selection_options
@click.option("--only", multiple=True, metavar="NN",
              help="Run only this notebook (number like 02, or name); repeat for several.")
@click.option("--n-boot", default=1000, show_default=True, type=N_BOOT, help="Bootstrap replicates for intervals.")
@click.option("--seed", default=0, show_default=True, type=SEED, help="Seed of bootstraps and permutations.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(min=1),
              help="Notebooks run at once (separate kernels).")
@click.option("--timeout", default=1800, show_default=True, type=click.IntRange(min=1),
              help="Seconds allowed per notebook cell.")
@click.option("--no-html", is_flag=True, help="Write executed .ipynb only, no HTML.")
@click.option("--notebooks", "folder", default=None, type=click.Path(file_okay=False, exists=True),
              help="Folder of the notebooks (default: notebooks/ of this repository).")
def notebooks_cmd(path, fmt, out_dir, lexicons, columns, by, outlets, since, until, only, n_boot, seed, jobs, timeout,
                  no_html, folder):
    """Run every framelens notebook on a corpus (papermill), top to bottom, with that corpus as the
    parameter, and write the executed notebooks and their HTML to OUT.

    \b
    Notebooks (notebooks/ in the repository):
      01_corpus_overview          what is in the corpus: outlets, sizes, dates, rejects, cleaning
      02_naming_choices           which name each outlet uses for the same thing, with evidence
      03_hedging_and_attribution  hedges, boosters, attribution stance, scare quotes, passives
      04_outlet_comparison        heatmap, distinctive words, similarity, predictability
      05_same_event_comparison    outlets compared within the same events (needs event ids)
      06_bring_your_own_corpus    walk-through: a new corpus and a new naming lexicon

    \b
    Writes to OUT:
      NN_name.ipynb   the executed notebook, outputs included
      NN_name.html    the same as a web page
      NN_name/        files that notebook wrote (its figures)

    \b
    If a notebook fails, the others still run; the command then exits with status 2 and names the
    notebook, the cell and the error (the executed notebook shows the traceback in place).

    \b
    Examples:
      framelens notebooks demo --out results/notebooks
      framelens notebooks ../shared/data/basil --out results/nb-basil --n-boot 500
      framelens notebooks articles.jsonl --format jsonl --outlets 8 --out results/nb-mine
      framelens notebooks mine.csv --column text=body --by leaning --since 2020-01-01 --out results/nb-lean
    """
    from framelens.corpus.select import parse_day
    from framelens.notebooks_runner import run_notebooks
    from framelens.outputs import reserve_output

    parse_day(since, "--since"), parse_day(until, "--until")  # a bad date fails before any notebook runs
    t0 = time.perf_counter()
    with reserve_output(out_dir, inputs=run_inputs(path, lexicons), replace=False):
        runs = run_notebooks(path, out_dir, format=fmt, lexicons=list(lexicons) or None,
                             outlets=parse_outlets(outlets), since=since, until=until, columns=parse_columns(columns),
                             by=by, n_boot=n_boot, seed=seed, only=list(only) or None, folder=folder, jobs=jobs,
                             html=not no_html, timeout=timeout)
    for r in runs:
        echo(f"{r.name:<30} {r.seconds:6.1f} s  {r.html or r.ipynb}")
    click.echo(f"ran {len(runs)} notebooks in {time.perf_counter() - t0:.1f} s; outputs in {out_dir}")
