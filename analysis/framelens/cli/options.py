"""Options shared by several commands (corpus path, format, column mapping, cleaning)."""
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


def load_from_options(path, fmt, columns, no_clean, aliases):
    from framelens.corpus import load_corpus

    return load_corpus(path, fmt, columns=parse_columns(columns), clean=not no_clean, aliases=aliases)
