"""Outlet comparison: estimates with intervals, tests corrected for multiplicity, and same-event pairing.

Statistics never see raw text except the distinctive-terms and words models, which take the corpus
documents. Every function takes tidy DataFrames and returns tidy DataFrames whose columns are
documented in its module; ``note`` columns explain every missing value.

====================================  ========================================================
:func:`compare_all`                   every table below in one call (``framelens compare``)
:func:`rate_table`                    rates per 1,000 words per outlet x feature, bootstrap CIs
:func:`bootstrap_rate_ci`             the same for one group of documents (arrays in)
:func:`document_rates`                per-document rates (long form)
:func:`rate_distributions`            spread of per-document rates
:func:`naming_shares`                 variant shares within each naming concept, bootstrap CIs
:func:`naming_tests`                  outlet x variant independence (chi-square / permutation)
:func:`variant_usage`                 share of documents using each naming variant, bootstrap CIs
:func:`source_shares`                 who is attributed: share of attributions per source, bootstrap CIs
:func:`benjamini_hochberg`            adjusted p-values
:func:`log_odds_dirichlet`            Monroe et al. (2008) log-odds with Dirichlet prior (arrays)
:func:`distinctive_terms`             the same for words and bigrams, each-vs-rest and pairwise
:func:`within_event_differences`      paired differences within events, pooled beside
:func:`sign_flip_test`                the paired permutation test used there
:func:`outlet_similarity`             Jensen–Shannon / cosine between framing profiles
:func:`cluster_outlets`               hierarchical clustering of outlets
:func:`outlet_predictability`         cross-validated outlet classifier, framing vs words
:func:`rates_over_time`               rates per outlet per month with CIs
:func:`build_manifest`                corpus hash, lexicon hashes, version, seed, parameters
====================================  ========================================================
"""
from __future__ import annotations

from framelens.compare.logodds import distinctive_terms, log_odds_dirichlet
from framelens.compare.manifest import build_manifest
from framelens.compare.multiple import benjamini_hochberg
from framelens.compare.over_time import rates_over_time
from framelens.compare.profiles import cluster_outlets, framing_matrix, outlet_predictability, outlet_similarity
from framelens.compare.rates import bootstrap_rate_ci, document_rates, rate_distributions, rate_table
from framelens.compare.same_event import sign_flip_test, within_event_differences
from framelens.compare.shares import naming_shares, naming_tests, permutation_chi2, variant_usage
from framelens.compare.sources import source_key, source_shares
from framelens.compare.suite import TABLES, compare_all

__all__ = ["compare_all", "TABLES", "rate_table", "bootstrap_rate_ci", "document_rates", "rate_distributions",
           "naming_shares", "naming_tests", "permutation_chi2", "variant_usage", "source_shares", "source_key",
           "benjamini_hochberg",
           "log_odds_dirichlet", "distinctive_terms", "within_event_differences", "sign_flip_test", "outlet_similarity",
           "cluster_outlets", "outlet_predictability", "framing_matrix", "rates_over_time", "build_manifest"]
