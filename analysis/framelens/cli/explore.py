"""``framelens explore``: the interactive evidence explorer of an analysis folder."""
from __future__ import annotations

import time

import click

from framelens.cli import main


@main.command("explore")
@click.argument("results_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out", default=None, type=click.Path(dir_okay=True),
              help="Where to write the page: a .html file or a folder. Default: RESULTS_DIR/explorer.html.")
@click.option("--corpus", "corpus", default=None, metavar="PATH",
              help="The analysed corpus, when it is no longer at the path in the manifest.")
@click.option("--max-mb", default=15.0, show_default=True, type=click.FloatRange(min=0.5),
              help="Bound on the page size in MB (evidence is sampled to stay under it).")
@click.option("--max-outlets", default=200, show_default=True, type=click.IntRange(min=0),
              help="Most outlets on the page: the ones with most documents; 0 for every outlet. The tables "
                   "keep every outlet; the page's About says how many were left out.")
@click.option("--seed", default=None, type=int, help="Seed of the evidence samples (default: the analysis seed).")
def explore_cmd(results_dir, out, corpus, max_mb, max_outlets, seed):
    """Write explorer.html: one interactive page, offline and under a size bound, with the words behind
    every number of an analysis.

    \b
    Views, each linked to its sentences (click to read them, filter by outlet, feature, variant,
    voice, event):
      Distinctive terms   any outlet or group (leaning, topic...) against the rest or another:
                          frequency against log-odds z, with search; click a term for its sentences
      Cues                rates per outlet per feature with intervals; click a dot for its sentences
      Naming              shares of each name per outlet within a concept; click a segment
      Same event          one event told by each outlet, cues highlighted side by side

    \b
    RESULTS_DIR is a folder written by `framelens analyze` (it has manifest.json and hits). The
    sentences come from the corpus, reloaded from the path in the manifest (or --corpus) and checked
    against the corpus hash. The page loads nothing from any host, shows article text as text, and
    holds a seeded sample of sentence windows (never whole articles) so it stays under --max-mb.
    With more than --max-outlets outlets, the page shows the ones with most documents (their
    documents, hits and terms only) and says so.

    \b
    Examples:
      framelens analyze demo --out results/demo && framelens explore results/demo
      framelens explore results/basil --out /tmp/basil-explorer.html
      framelens explore results/allsides --max-mb 5
      framelens explore results/big --max-outlets 50
    """
    from framelens.explore import explore_folder

    t0 = time.perf_counter()
    kw = {"max_bytes": int(max_mb * 1_000_000), "max_outlets": max_outlets or None}
    if seed is not None:
        kw["seed"] = seed
    path = explore_folder(results_dir, out, corpus=corpus, **kw)
    click.echo(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
