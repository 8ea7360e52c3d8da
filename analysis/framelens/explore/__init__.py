"""Explore the evidence: one interactive, offline, bounded-size HTML page per analysis.

The page (``explorer.html``, written by ``framelens analyze`` beside ``report.html`` and by
``framelens explore RESULTS_DIR``) has four views, each linked to the sentences behind it:
distinctive terms for any two sides (an outlet or a group such as left / center / right, against
the rest or another), cue rates with intervals, naming shares, and the same event told by each
outlet. Sentences are windows around hits, sampled with a seeded reservoir so the page stays under
its size bound (15 MB by default) whatever the corpus.

Modules: :mod:`~framelens.explore.sampling` (the seeded samples), :mod:`~framelens.explore.evidence`
(sentence windows), :mod:`~framelens.explore.terms` (term counts per unit), :mod:`~framelens.explore.data`
(the page's data), :mod:`~framelens.explore.page` (the page itself; the template, script and styles
are package data beside it).
"""
from framelens.explore.data import Budgets, ExplorerData
from framelens.explore.page import (DEFAULT_MAX_BYTES, bounded_page, explore_folder, explorer_html, explorer_iframe,
                                    write_explorer)

__all__ = ["Budgets", "ExplorerData", "DEFAULT_MAX_BYTES", "bounded_page", "explore_folder", "explorer_html", "explorer_iframe",
           "write_explorer"]
