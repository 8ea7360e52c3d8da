"""Measurements of framelens against annotated corpora (NewsWCL50 naming shares, ...).

Each module reads a shared research corpus and returns tidy tables; the tests assert honest lower
bounds on the numbers, and the numbers themselves are reported in the notes.
"""
