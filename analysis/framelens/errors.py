"""One exception family for framelens.

Every message says what went wrong, where (file, line or entry) and how to fix it. The CLI turns a
``FramelensError`` into a one-line message and a non-zero exit, never a traceback.
"""
from __future__ import annotations


class FramelensError(Exception):
    """Base class. ``where`` is a file/line/entry locator, ``fix`` a hint for the user."""

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None):
        self.what = what
        self.where = where
        self.fix = fix
        parts = [f"{where}: {what}" if where else what]
        if fix:
            parts.append(f"Fix: {fix}")
        super().__init__(" ".join(parts))


class CorpusError(FramelensError):
    """A corpus cannot be read at all (missing path, unknown format, missing columns, empty folder)."""


class LexiconError(FramelensError):
    """A lexicon pack is malformed (bad YAML, schema violation, bad regex, duplicate variant)."""


class AnalysisError(FramelensError):
    """An analysis cannot run on the data given (for example no outlet has any words)."""


class OutputError(FramelensError):
    """An output folder cannot be written (a folder that is not framelens's, an input inside it, no
    permission, a full disk, another run writing to it)."""
