"""Options shared by several commands (corpus path, format, column mapping, cleaning, output folder)."""
from __future__ import annotations

import click

from framelens.errors import CorpusError


def parse_columns(values: tuple[str, ...]) -> dict[str, str] | None:
    out = {}
    for v in values:
        key, sep, col = v.partition("=")
        if not sep or not key or not col:
            raise CorpusError(f"bad --column {v!r}", fix="write --column FIELD=COLUMN, e.g. --column text=body")
        out[key.strip()] = col.strip()
    return out or None


def corpus_options(f):
    """Decorate a command with PATH and the loading options."""
    f = click.option("--aliases", type=click.Path(exists=True, dir_okay=False),
                     help="YAML outlet alias table merged over the shipped one.")(f)
    f = click.option("--no-clean", is_flag=True, help="Keep page noise (no boilerplate/caption/byline removal).")(f)
    f = click.option("--column", "columns", multiple=True, metavar="FIELD=COLUMN",
                     help="Map a canonical field to your column (CSV/TSV/JSONL/Parquet), e.g. text=body.")(f)
    f = click.option("--format", "fmt", default=None, metavar="FORMAT",
                     help="Corpus format; detected when omitted. See `framelens load --help`.")(f)
    f = click.argument("path")(f)
    return f


def check_lexicon_names(ctx, param, values):
    """``--lexicons`` callback: a misspelled pack is reported (with the closest names) before any corpus
    is loaded."""
    from pathlib import Path

    from framelens.lexicons import shipped_pack_names, unknown_pack

    shipped = set(shipped_pack_names())
    for v in values:
        if v in shipped or v == "default" or Path(v).suffix.lower() in (".yml", ".yaml") or Path(v).exists():
            continue
        raise unknown_pack(v)
    return values


def voice_option(f):
    """Decorate a command with ``--voice`` (whose words the tables measure)."""
    return click.option("--voice", type=click.Choice(["narration", "quoted", "all"]), default="narration",
                        show_default=True,
                        help="Whose words the rates, tests and models measure: the outlet's own narration "
                             "(outside direct quotations), the quoted speakers' words, or all. Rates and "
                             "shares also list the other of narration/quoted beside (a 'voice' column).")(f)


def load_from_options(path, fmt, columns, no_clean, aliases):
    from framelens.corpus import load_corpus

    return load_corpus(path, fmt, columns=parse_columns(columns), clean=not no_clean, aliases=aliases)


def load_for_analysis(path, fmt, columns, no_clean, aliases, *, action: str = "analyse"):
    """Load as :func:`load_from_options`, print the synthetic banner and the tally, and refuse an
    empty corpus with a clear error (``action`` names what there would be nothing to do)."""
    corpus = load_from_options(path, fmt, columns, no_clean, aliases)
    if corpus.synthetic:
        click.echo("[SYNTHETIC demo corpus: generated data, not real news]")
    click.echo(corpus.tally_line())
    if corpus.documents.empty:
        raise CorpusError(f"no document could be loaded, so there is nothing to {action}", where=str(path),
                          fix="see the rejects (framelens load PATH) and fix the input")
    return corpus


def force_option(f):
    """Decorate a command that writes an output folder with ``--force``."""
    return click.option("--force", is_flag=True,
                        help="Replace OUT even when it is a folder framelens did not write (never an input of the "
                             "run, your home folder or a folder above the working directory).")(f)


def run_inputs(path, lexicons=(), *files) -> list[str]:
    """The files and folders a command reads (corpus, lexicon files, aliases, ...): the output folder
    may not be, or contain, any of them (see :func:`framelens.outputs.check_target`)."""
    from pathlib import Path

    items = [path, *(lexicons or ()), *files]
    return [str(x) for x in items if x and str(x) not in ("demo", "default") and Path(str(x)).exists()]


#: Seeds every random generator accepts (scikit-learn and numpy's legacy generators need < 2**32).
SEED = click.IntRange(0, 2**32 - 1)
#: At least one bootstrap replicate (0 would give no interval at all; few give rough intervals).
N_BOOT = click.IntRange(min=1)
#: At least one worker process.
JOBS = click.IntRange(min=1)
