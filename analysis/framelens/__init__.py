"""framelens: measure how news outlets frame the same story through word choice, and compare them.

Public API::

    import framelens as fl
    corpus = fl.load_corpus("path/or/shared/corpus")        # .documents, .rejects, .cleaning
    hits = fl.extract(corpus)                                 # one row per cue, with spans
    X = fl.FramingVectorizer().fit_transform(corpus.documents["text"])
"""
from __future__ import annotations

import logging

__version__ = "0.1.0"

from framelens.errors import FramelensError, CorpusError, LexiconError, AnalysisError  # noqa: E402
from framelens.corpus import Corpus, load_corpus  # noqa: E402

logging.getLogger(__name__).addHandler(logging.NullHandler())

# Imported eagerly: a submodule with the same name as the function (framelens.extract, framelens.kwic)
# would otherwise replace the lazy attribute with the module as soon as anything imports it.
from framelens.extract import extract  # noqa: E402
from framelens.kwic import kwic  # noqa: E402

_LAZY = {
    "extract": ("framelens.extract", "extract"),
    "kwic": ("framelens.kwic", "kwic"),
    "FramingVectorizer": ("framelens.vectorize", "FramingVectorizer"),
    "load_lexicons": ("framelens.lexicons", "load_lexicons"),
    "clean_corpus": ("framelens.clean", "clean_corpus"),
    "compare": ("framelens.compare", None),
    "plots": ("framelens.plots", None),
    "explore": ("framelens.explore", None),
}


def __getattr__(name):
    # Heavy modules (scikit-learn, matplotlib) load only when asked for.
    if name in _LAZY:
        import importlib

        mod_name, attr = _LAZY[name]
        mod = importlib.import_module(mod_name)
        return getattr(mod, attr) if attr else mod
    raise AttributeError(f"module 'framelens' has no attribute {name!r}")


__all__ = ["__version__", "FramelensError", "CorpusError", "LexiconError", "AnalysisError", "Corpus",
           "load_corpus", *_LAZY]


def __dir__():
    # the lazy names too, so that dir(framelens) and tab completion list the whole public API
    return sorted(set(globals()) | set(__all__))
