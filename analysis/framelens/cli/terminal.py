"""What reaches the terminal: text that comes from the data (outlet names, ids, article text, error
messages quoting them) with its control characters made visible, so that an ANSI escape or a
bidirectional override in a corpus cannot recolour, clear or rewrite the user's terminal.

``\\x1b[31m`` prints as the six characters ``\\x1b[31m``; tabs and line breaks are kept.
"""
from __future__ import annotations

import logging
import re

import click

# C0 controls but tab and newline, DEL, C1 controls, and the invisible bidirectional/line-separator marks
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def visible(text) -> str:
    """``text`` as a string with every control character written as an escape (``\\x1b``, ``\\u202e``).

    Examples
    --------
    >>> visible("Outlet \\x1b[2J")
    'Outlet \\\\x1b[2J'
    """
    return _CONTROL.sub(_escape, str(text))


def echo(text="", *, err: bool = False) -> None:
    """``click.echo`` of :func:`visible` text."""
    click.echo(visible(text), err=err)


def echo_table(df, **kwargs) -> None:
    """Print a DataFrame (``to_string(index=False, **kwargs)``) with control characters made visible."""
    echo(df.to_string(index=False, **kwargs))


class VisibleFormatter(logging.Formatter):
    """A log formatter whose messages have their control characters made visible."""

    def format(self, record: logging.LogRecord) -> str:
        return visible(super().format(record))
