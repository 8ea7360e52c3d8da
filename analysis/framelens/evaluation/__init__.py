"""Evaluations of framelens against hand judgements and annotated corpora."""
