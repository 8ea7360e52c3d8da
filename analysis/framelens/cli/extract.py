"""``framelens extract``: the hits table (every framing cue with its evidence) and document features."""
from __future__ import annotations

import click

from framelens.cli import main
from framelens.cli.options import check_lexicon_names, corpus_options, force_option, load_from_options, run_inputs


@main.command("extract")
@corpus_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Write hits and doc_features (CSV + Parquet) to this folder (replaced atomically).")
@click.option("--lexicons", "lexicons", multiple=True, metavar="NAME|PATH", callback=check_lexicon_names,
              help="Lexicon pack name or YAML file; repeat for several; `default` = all shipped packs.")
@click.option("--show", default=10, show_default=True, type=click.IntRange(min=0),
              help="Print this many example hits.")
@force_option
def extract_cmd(path, fmt, columns, no_clean, aliases, out_dir, lexicons, show, force):
    """Find every framing cue in a corpus and print counts per feature (and write the tables with --out).

    \b
    Families: naming (concept -> variant), hedge, booster, attribution (stance and source),
    scare_quote, passive (agentless), loaded. Each hit keeps document, sentence and character span,
    so `framelens kwic` can show the words behind any number.

    \b
    Example:
      framelens extract ../shared/data/seed-presstv-karabakh --out results/seed-hits
      framelens extract corpus.jsonl --lexicons default --lexicons my/karabakh.yml
    """
    import contextlib

    from framelens.outputs import reserve_output

    inputs = run_inputs(path, lexicons, aliases)
    with reserve_output(out_dir, inputs=inputs, force=force) if out_dir else contextlib.nullcontext():
        _extract(path, fmt, columns, no_clean, aliases, out_dir, lexicons, show, inputs, force)


def _extract(path, fmt, columns, no_clean, aliases, out_dir, lexicons, show, inputs, force):
    from framelens.cli.terminal import echo_table
    from framelens.extract import extract
    from framelens.features import document_features
    from framelens.pipeline import corpus_inputs

    corpus = load_from_options(path, fmt, columns, no_clean, aliases)
    if corpus.synthetic:
        click.echo("[SYNTHETIC demo corpus: generated data, not real news]")
    click.echo(corpus.tally_line())
    hits = extract(corpus, lexicons=list(lexicons) or None)
    feats = document_features(corpus, hits)
    words = int(feats["words"].sum()) if len(feats) else 0
    click.echo(f"{len(hits)} hits in {len(feats)} documents ({words} words)")
    if len(hits):
        counts = hits.groupby("feature").size().rename("hits").reset_index()
        counts["per_1000_words"] = (counts["hits"] / words * 1000).round(2) if words else 0.0
        echo_table(counts)
        if show:
            click.echo("")
            cols = ["doc_id", "sentence", "feature", "text", "category", "source_entity"]
            echo_table(hits[cols].head(show), max_colwidth=50)
    if out_dir:
        from framelens.outputs import atomic_dir, write_table

        with atomic_dir(out_dir, inputs=[*inputs, *corpus_inputs(corpus)], force=force) as tmp:
            write_table(hits, tmp, "hits")
            write_table(feats, tmp, "doc_features")
        click.echo(f"wrote {out_dir}")
