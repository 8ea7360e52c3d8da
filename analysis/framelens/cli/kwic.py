"""``framelens kwic``: keyword in context for any feature or term, with outlet, document and sentence."""
from __future__ import annotations

import click

from framelens.cli import main
from framelens.cli.options import check_lexicon_names, corpus_options, load_from_options, run_inputs
from framelens.cli.terminal import echo


@main.command("kwic")
@corpus_options
@click.option("--feature", default=None, metavar="KEY",
              help="A feature key (naming:karabakh/capital), a prefix (naming:karabakh, attribution) or a family (hedge).")
@click.option("--term", default=None, metavar="REGEX",
              help="A regular expression searched in the texts (with --feature: in that feature's hits).")
@click.option("--width", default=60, show_default=True, type=click.IntRange(min=0),
              help="Characters of context on each side.")
@click.option("--case-sensitive", is_flag=True, help="Match --term case-sensitively.")
@click.option("--lexicons", "lexicons", multiple=True, metavar="NAME|PATH", callback=check_lexicon_names,
              help="Lexicon pack name or YAML file (for --feature); default: all shipped packs.")
@click.option("--source", default=None, metavar="KEY",
              help="Only reporting verbs whose source has this key in the sources table: a name such as "
                   "obama, \"(pronoun)\", or \"(no source)\" for the unattributed claims.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0),
              help="Print at most this many lines (0: all).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), help="Also write every line to this CSV file.")
def kwic_cmd(path, fmt, columns, no_clean, aliases, feature, term, width, case_sensitive, lexicons, source, limit,
             out_file):
    """Show every occurrence of a feature or term in context: outlet, document, sentence, left | match | right.

    \b
    Examples:
      framelens kwic ../shared/data/seed-presstv-karabakh --feature naming:karabakh/capital
      framelens kwic ../shared/data/newswcl50 --feature naming:newswcl50/kim_jong_un --term dictator
      framelens kwic corpus.jsonl --term "according to" --width 40
      framelens kwic ../shared/data/basil --source "(no source)"      # the unattributed claims
    """
    from framelens.errors import AnalysisError
    from framelens.kwic import kwic

    if feature is None and term is None and source is None:
        raise AnalysisError("give --feature, --term or --source",
                            fix="e.g. --feature naming:karabakh/capital, --term Karabakh or --source \"(no source)\"")
    corpus = load_from_options(path, fmt, columns, no_clean, aliases)
    if corpus.synthetic:
        click.echo("[SYNTHETIC demo corpus: generated data, not real news]")
    table = kwic(corpus, feature=feature, term=term, width=width, case_sensitive=case_sensitive,
                 lexicons=list(lexicons) or None, source=source)
    what = " and ".join(x for x in (f"feature {feature}" if feature else "", f"term {term!r}" if term else "",
                                    f"source {source!r}" if source else "") if x)
    echo(f"{len(table)} lines for {what}")
    shown = table if not limit else table.head(limit)
    for r in shown.itertuples(index=False):
        echo(f"{r.outlet} | {r.doc_id} | s{r.sentence} | {r.left:>{width}} [{r.match}] {r.right}")
    if limit and len(table) > limit:
        click.echo(f"... {len(table) - limit} more (use --limit 0 or --out FILE)")
    if out_file:
        from framelens.outputs import write_file_atomically

        write_file_atomically(out_file, lambda tmp: table.to_csv(tmp, index=False), inputs=run_inputs(path, lexicons,
                                                                                                       aliases))
        echo(f"wrote {out_file}")
