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


def parse_outlets(value):
    """``--outlets``: None, a number N (the N outlets with most documents) or comma-separated names."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    return [v.strip() for v in value.split(",") if v.strip()]


def selection_options(f):
    """Decorate a command with the corpus selection: ``--outlets``, ``--since``, ``--until``."""
    f = click.option("--until", default=None, metavar="YYYY-MM-DD",
                     help="Only documents published on or before this day (undated ones are left out).")(f)
    f = click.option("--since", default=None, metavar="YYYY-MM-DD",
                     help="Only documents published on or after this day (undated ones are left out).")(f)
    f = click.option("--outlets", default=None, metavar="N|A,B,...",
                     help="Only some outlets: a number N (the N with most documents) or comma-separated names "
                          "(as `framelens load` lists them; aliases such as Fox work).")(f)
    return f


def by_option(f):
    """Decorate a command with ``--by`` (the column documents are grouped by)."""
    return click.option("--by", default="outlet", show_default=True, metavar="COLUMN",
                        help="Group documents by this column (e.g. leaning) instead of outlet; a group that holds "
                             "several outlets is resampled by outlet.")(f)


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

    import sys

    # the cleaning bar only where someone watches (a terminal), not in logs and captured output
    return load_corpus(path, fmt, columns=parse_columns(columns), clean=not no_clean, aliases=aliases,
                       progress=sys.stderr.isatty())


def load_for_analysis(path, fmt, columns, no_clean, aliases, *, action: str = "analyse", outlets=None,
                      since=None, until=None, by: str = "outlet"):
    """Load as :func:`load_from_options`, keep the selection (``--outlets``, ``--since``, ``--until``),
    print the synthetic banner and the tally, and refuse an empty corpus or a ``--by`` column the
    corpus does not have with a clear error (``action`` names what there would be nothing to do)."""
    from framelens.corpus.select import parse_day, select_documents

    parse_day(since, "--since"), parse_day(until, "--until")  # a bad date fails before the corpus is read
    corpus = load_from_options(path, fmt, columns, no_clean, aliases)
    if corpus.synthetic:
        click.echo("[SYNTHETIC demo corpus: generated data, not real news]")
    if corpus.documents.empty:
        click.echo(corpus.tally_line())
        raise CorpusError(f"no document could be loaded, so there is nothing to {action}", where=str(path),
                          fix="see the rejects (framelens load PATH) and fix the input")
    corpus = select_documents(corpus, outlets=parse_outlets(outlets) if isinstance(outlets, str) else outlets,
                              since=since, until=until)
    click.echo(corpus.tally_line())
    if by not in corpus.documents.columns:
        raise CorpusError(f"the corpus has no column {by!r} to group by", where=str(path),
                          fix="use --by outlet, or one of: " + ", ".join(map(str, corpus.documents.columns)))
    return corpus


def cache_options(f):
    """Decorate a command that extracts with ``--cache-dir`` and ``--no-cache`` (see :mod:`framelens.cache`)."""
    f = click.option("--no-cache", is_flag=True, help="Extract everything again; do not read or write the cache.")(f)
    f = click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                     help="Feature cache folder (default: $FRAMELENS_CACHE_DIR or ~/.cache/framelens). Unchanged "
                          "documents and lexicons are not extracted again.")(f)
    return f


def cache_from_options(cache_dir, no_cache):
    """The cache folder a command uses: None with ``--no-cache``."""
    from framelens.cache import default_cache_dir

    return None if no_cache else (cache_dir or default_cache_dir())


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
