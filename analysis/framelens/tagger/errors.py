"""The tagger's error: a :class:`framelens.errors.FramelensError` that says what, where and how to fix."""
from __future__ import annotations

from framelens.errors import FramelensError


class TaggerError(FramelensError):
    """A treebank, model file or gold file cannot be read, or the tagger is given bad input."""
