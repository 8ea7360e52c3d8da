"""``framelens load``: per-outlet summary and rejects of a corpus."""
from __future__ import annotations

import click

from framelens.cli import main
from framelens.cli.options import corpus_options, load_from_options
from framelens.cli.terminal import echo, echo_table


def _formats_help() -> str:
    from framelens.corpus.load import formats

    return "\n".join(f"  {k:<10} {v}" for k, v in formats().items())


@main.command("load", epilog="\b\nFormats:\n" + _formats_help())
@corpus_options
@click.option("--rejects", "show_rejects", type=click.IntRange(min=0), default=20, show_default=True,
              help="Show at most this many rejects.")
def load_cmd(path, fmt, columns, no_clean, aliases, show_rejects):
    """Load a corpus and print documents, words and date range per outlet, then the rejects.

    The tally line always adds up: records seen = loaded + rejected. Exits with an error when no
    document loads.
    """
    corpus = load_from_options(path, fmt, columns, no_clean, aliases)
    if corpus.synthetic:
        click.echo("[SYNTHETIC demo corpus: generated data, not real news]")
    summary = corpus.summary()
    if len(summary):
        echo_table(summary, max_colwidth=60)
    else:
        click.echo("(no documents loaded)")
    click.echo("")
    if corpus.columns_used:
        echo("columns used: " + ", ".join(f"{field} <- {col}" for field, col in corpus.columns_used.items()
                                          if field in ("doc_id", "outlet", "published", "title", "text", "url")))
    merged = corpus.merged_outlets()
    if len(merged):
        echo("outlet names merged by the alias table: " + ", ".join(
            f"{r.outlet_raw!r} -> {r.outlet!r} ({r.documents})" for r in merged.itertuples(index=False)))
    click.echo(corpus.tally_line())
    dups = int((corpus.documents["duplicate_of"] != "").sum()) if len(corpus.documents) else 0
    if dups:
        click.echo(f"{dups} documents have exactly the same text as an earlier one (kept, flagged in duplicate_of)")
    if len(corpus.cleaning):
        by = corpus.cleaning.groupby("reason").size()
        echo("cleaning removed: " + ", ".join(f"{n} {r}" for r, n in by.items()))
    if len(corpus.rejects):
        echo("\nRejects (reason counts): " + ", ".join(
            f"{r}={n}" for r, n in corpus.rejects.groupby("reason").size().items()))
        if show_rejects:
            echo_table(corpus.rejects.head(show_rejects), max_colwidth=90)
    if not len(corpus.documents):
        # nothing to analyse: say so with the exit status too, so scripts and make stop here
        from framelens.errors import CorpusError

        raise CorpusError("no document loaded: every record was rejected", where=str(path),
                          fix="fix the input as the rejects above say, and load it again")
