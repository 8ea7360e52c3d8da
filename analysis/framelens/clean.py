"""Page-noise removal with an audit (placeholder: the cleaning issue work fills this in)."""
from __future__ import annotations


def clean_corpus(corpus):
    return corpus
