"""The ``framelens`` command line. ``framelens --help`` is the manual; each command has its own.

Each command lives in its own module under ``framelens.cli`` and registers itself on :data:`main`.
User mistakes (a :class:`FramelensError`) print one line and exit with status 2, never a traceback.
Text from the data reaches the terminal with its control characters made visible
(:mod:`framelens.cli.terminal`).
"""
from __future__ import annotations

import importlib
import logging
import signal
import sys

import click

from framelens import __version__
from framelens.cli.terminal import VisibleFormatter, visible
from framelens.errors import FramelensError

COMMAND_MODULES = ["load", "analyze", "extract", "kwic", "lexicon", "compare", "report", "explore", "notebooks",
                   "validate"]


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FramelensError as exc:
            click.echo(f"framelens: error: {visible(' '.join(str(exc).split()))}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("framelens: interrupted; no partial output was left behind.", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="framelens")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def main(verbose: int):
    """framelens: measure how news outlets frame the same story through word choice.

    \b
    Typical use:
      framelens load PATH                 what is in a corpus, and what was rejected
      framelens analyze PATH --out DIR    load, clean, extract cues, compare outlets, write tables + report
      framelens explore DIR               the interactive evidence explorer of an analysis (explorer.html)
      framelens kwic PATH --feature naming:karabakh/capital   the words behind a number
      framelens lexicon show karabakh     what a lexicon pack contains
      framelens notebooks PATH --out DIR  run every notebook on a corpus
      framelens validate draw|score      blind judging sheets: precision and recall of the cues

    \b
    PATH is a file or folder in any supported format (see `framelens load --help`), a shared research
    corpus folder (recognised by its layout), or the word `demo` for the synthetic demo corpus.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    handler = logging.StreamHandler()
    handler.setFormatter(VisibleFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
    if hasattr(signal, "SIGXFSZ"):  # a file-size limit then fails the write (EFBIG) instead of killing us
        try:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        except ValueError:  # not the main thread (an embedding application): leave signals alone
            pass


for _name in COMMAND_MODULES:
    try:
        importlib.import_module(f"framelens.cli.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"framelens.cli.{_name}":
            raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
