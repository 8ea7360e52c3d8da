"""Measurements of framelens against annotated corpora, on the default path users get.

- :mod:`~framelens.evaluation.basil`: where cues fall relative to BASIL's lexical and
  informational bias spans (enrichment over chance, span recall, a voice check);
- :mod:`~framelens.evaluation.newswcl50`: mention-level precision and recall of the naming concepts
  against NewsWCL50's annotated mentions (in-sample), and the older share comparison;
- :mod:`~framelens.evaluation.babe`: coverage of BABE's biased words, and whether framing features
  add to words in a sentence bias classifier;
- :mod:`~framelens.evaluation.comparisons`: the outlet comparisons on real corpora;
- :mod:`~framelens.evaluation.judging`: blind judging sheets and their scores;
- :mod:`~framelens.evaluation.published`: the precision and recall shipped with the package
  (``framelens/data/validity.yml``), shown in the report beside the rates.

Each module reads a shared research corpus and returns tidy tables (``python -m
framelens.evaluation.<module> PATH`` prints them); the tests assert honest lower bounds on the
numbers, and the numbers themselves are reported in the notes.
"""
