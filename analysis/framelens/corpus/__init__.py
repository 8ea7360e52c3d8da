"""Corpus loading: readers for generic formats, adapters for the shared research corpora, and the
canonical corpus table with its rejects report."""
from framelens.corpus.model import (
    Corpus,
    DOC_COLUMNS,
    REJECT_COLUMNS,
    build_corpus,
    Reject,
)
from framelens.corpus.load import load_corpus, FORMATS

__all__ = ["Corpus", "DOC_COLUMNS", "REJECT_COLUMNS", "build_corpus", "Reject", "load_corpus", "FORMATS"]
