"""Who is attributed: the sources of each outlet's reporting verbs, as shares with intervals.

Every attribution hit (``family == "attribution"``) carries the source its verb attributes words to
(``source_entity``, found by :mod:`framelens.features.sources`), or "" when none was found. This
module turns those strings into comparable keys and measures, per outlet, the share of its
attributions that go to each source.

Source keys (:func:`source_key`)
--------------------------------
The key is the source in lower case, with a possessive ``'s``, leading determiners (``the``,
``a``) and leading titles before a name (``President``, ``Mr.``, ``Sen.``, ``Secretary of State``)
taken off, so that "President Obama", "Mr. Obama" and "Obama" are one key (``obama``) while "the
president" stays ``president``. Full names are not merged with surnames ("Barack Obama" and "Obama"
stay two keys): doing so safely needs knowing which strings are people. Pronouns (he, she, they ...)
are one key, ``(pronoun)``; ``resolve_pronouns=True`` counts a "he"/"she" for the named source it
most likely stands for instead (:func:`attribution_sources` says how, and how often that is right).
A verb with no source found has the key ``(no source)``: these are the unattributed claims.

``sources`` table (:func:`source_shares`), one row per group x source:

==============  =====================================================================================
outlet          the group (named after ``by``)
source          the source key; the ``top`` keys of the whole corpus, then ``(other named source)``,
                ``(pronoun)`` and ``(no source)``
label           the most frequent way the corpus writes that source ("" for the three pooled keys)
kind            ``named``, ``other``, ``pronoun`` or ``none``
count           the group's attributions to this source
resolved        how many of them had "he"/"she" as source, counted here by ``resolve_pronouns`` (else 0)
attributions    the group's attribution hits (any source or none)
share           ``count / attributions`` (NaN, with a note, when the group has no attribution)
ci_low, ci_high interval of the share (bootstrap widened to Jeffreys at the effective n, as for naming shares)
note            "" or why a value is missing or degenerate
scheme          how the interval resampled: ``documents``, ``events``, ``outlets`` or ``stratified``
n_outlets       outlets in the group (1 when grouping by outlet; 0 when there is no outlet column)
small_n         ``attributions < SMALL_N`` (:data:`framelens.compare.shares.SMALL_N`): too few to compare
==============  =====================================================================================

The shares of one group add up to 1 over its rows. Intervals come from
:func:`framelens.compare.shares.naming_shares` (the sources are treated as the variants of one
concept), so they resample whole documents (or events, or the outlets of a group that holds
several) and keep an article's attributions together.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from framelens.compare.inputs import as_labels
from framelens.compare.shares import naming_shares

SOURCE_COLUMNS = ["outlet", "source", "label", "kind", "count", "resolved", "attributions", "share", "ci_low",
                  "ci_high", "note", "scheme", "n_outlets", "small_n"]
PRONOUN_KEY = "(pronoun)"
NO_SOURCE_KEY = "(no source)"
OTHER_KEY = "(other named source)"
_CONCEPT = "attribution/source"

PRONOUNS = frozenset("he she they we i it you him her them us".split())
_DETERMINERS = frozenset("the a an".split())
#: Titles taken off the front of a source when a personal name follows ("President Obama" -> "obama").
TITLES = frozenset("""mr mrs ms miss dr president vice sen senator rep representative gov governor secretary
gen lt col sgt capt adm maj prof rev judge justice mayor ambassador former then prime minister chancellor
attorney deputy spokesman spokeswoman spokesperson colonel lieutenant sergeant captain commander admiral
professor reverend""".split())
#: Titles that only follow another ("Attorney General", "Secretary of State").
_INNER_TITLES = frozenset("general of state".split())
#: Last words that make the rest an organisation, not a person ("Justice Department").
_ORG_HEADS = frozenset("""department ministry house office committee court agency council party administration
campaign government service commission senate congress police army forces news times post press""".split())
_POSSESSIVE_RE = re.compile(r"['’]s$")


def source_key(source: str) -> tuple[str, str]:
    """The comparable key of a source string and its kind (see the module docstring).

    Returns
    -------
    (key, kind)
        ``kind`` is ``"named"``, ``"pronoun"`` or ``"none"``.

    Examples
    --------
    >>> source_key("President Barack Obama")
    ('barack obama', 'named')
    >>> source_key("the president")
    ('president', 'named')
    >>> source_key("He")
    ('(pronoun)', 'pronoun')
    """
    words = str(source or "").split()
    if not words:
        return NO_SOURCE_KEY, "none"
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return PRONOUN_KEY, "pronoun"
    words[-1] = _POSSESSIVE_RE.sub("", words[-1])
    while len(words) > 1 and words[0].lower() in _DETERMINERS:
        words = words[1:]
    # titles before a personal name: one to three capitalised words, not an organisation
    i = 0
    while i < len(words) - 1 and (words[i].lower().rstrip(".") in TITLES
                                  or (i > 0 and words[i].lower() in _INNER_TITLES)):
        i += 1
    rest = words[i:]
    if (i > 0 and words[i - 1].lower() != "of" and len(rest) <= 3 and all(w[:1].isupper() for w in rest)
            and rest[-1].lower().rstrip(".") not in _ORG_HEADS):
        words = rest
    return " ".join(words).lower(), "named"


#: How many sentences back a "he" or "she" source may look for the named source it stands for.
ANTECEDENT_SENTENCES = 2
_SINGULAR_PRONOUNS = frozenset({"he", "she"})
#: Heads of sources that are not one person (never the antecedent of "he"/"she").
_NOT_PERSON_HEADS = _ORG_HEADS | frozenset("""people group family team staff crowd public media company firm
network union board panel embassy military navy report statement study survey poll data document letter
website article analysis review filing complaint lawsuit memo city state country town county village region
province""".split())
_MALE_TITLES = ("mr.", "mr ")
_FEMALE_TITLES = ("ms.", "ms ", "mrs.", "mrs ", "miss ")


def _can_be_he_or_she(raw: str, key: str) -> bool:
    """Could this source be the one person a later "he"/"she" refers to?"""
    words = raw.split()
    if not words or key in (PRONOUN_KEY, NO_SOURCE_KEY):
        return False
    last = _POSSESSIVE_RE.sub("", words[-1]).rstrip(".,")
    low = last.lower()
    if low in _NOT_PERSON_HEADS or " and " in f" {raw.lower()} ":
        return False
    if last[:1].islower() and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return False  # a plural: officials, authorities
    if last.isupper() and len(last) > 1:
        return False  # an acronym: an organisation (AP, NATO)
    return True


def attribution_sources(hits: pd.DataFrame, *, resolve_pronouns: bool = False) -> pd.DataFrame:
    """The attribution rows of a hits table as ``doc_id, source, label, kind, pronoun`` (one row per verb).

    With ``resolve_pronouns``, a "he" or "she" source takes the key of the last named source of the
    same document that can be one person (not a plural, an organisation, a place word or an
    acronym; not "Mr." for "she" nor "Ms."/"Mrs." for "he"), when that source is at most
    :data:`ANTECEDENT_SENTENCES` sentences before; ``pronoun`` then keeps the pronoun ("he"), else
    it is "". Other pronouns (they, we, I, it) are never resolved. The antecedent is only looked for
    among attributed sources, so a "he" that refers to a person named but not quoted goes to the
    last quoted one. Judged by hand on BASIL and AllSides documents (seed 20261129; development
    draws, not held out): 30 of 35 resolutions right before the place-word and title checks were
    added, 18 of 23 in a second draw after (0.83 over both; the errors: the referent was never a
    quoted source, a woman resolved to a man with no title to tell, a "he" inside a quotation, or
    a wrong source string such as a place). Off by default for that reason.
    """
    cols = ["doc_id", "source", "label", "kind", "pronoun"]
    if hits is None or len(hits) == 0 or "family" not in hits.columns:
        return pd.DataFrame(columns=cols)
    a = hits[hits["family"].astype(str) == "attribution"]
    raw = as_labels(a["source_entity"]) if "source_entity" in a.columns else pd.Series([""] * len(a), index=a.index)
    keys = [source_key(s) for s in raw]
    out = pd.DataFrame({"doc_id": a["doc_id"].astype(str).to_numpy(), "source": [k for k, _ in keys],
                        "label": [" ".join(str(s).split()) for s in raw], "kind": [k for _, k in keys],
                        "pronoun": ""}, columns=cols)
    if resolve_pronouns and len(out):
        sentence = a["sentence"].to_numpy() if "sentence" in a.columns else np.zeros(len(a), dtype=int)
        doc_ids = out["doc_id"].to_numpy(dtype=object)
        order = np.lexsort((a["start"].to_numpy() if "start" in a.columns else np.arange(len(a)), sentence, doc_ids))
        src = out["source"].to_numpy(dtype=object)
        kind = out["kind"].to_numpy(dtype=object)
        pron = out["pronoun"].to_numpy(dtype=object)
        labels = out["label"].to_numpy(dtype=object)
        doc, last = None, None  # last: (key, sentence, label) of the last source that can be one person
        for i in order:
            if doc_ids[i] != doc:
                doc, last = doc_ids[i], None
            word = labels[i].lower()
            if word in _SINGULAR_PRONOUNS:
                if last is not None and sentence[i] - last[1] <= ANTECEDENT_SENTENCES:
                    title = last[2].lower()
                    if not title.startswith(_FEMALE_TITLES if word == "he" else _MALE_TITLES):
                        src[i], kind[i], pron[i] = last[0], "named", word
            elif _can_be_he_or_she(labels[i], src[i]):
                last = (src[i], sentence[i], labels[i])
        out["source"], out["kind"], out["pronoun"] = src, kind, pron
    return out


def source_shares(hits: pd.DataFrame, doc_features: pd.DataFrame, *, by: str = "outlet", top: int = 15,
                  n_boot: int = 1000, seed: int = 0, level: float = 0.95, scheme: str = "auto",
                  interval: str = "studentized", resolve_pronouns: bool = False) -> pd.DataFrame:
    """Share of each group's attributions that go to each source, with bootstrap intervals.

    Parameters
    ----------
    hits : DataFrame
        Hits table (rows with ``family == "attribution"`` and their ``source_entity``).
    doc_features : DataFrame
        One row per document (``doc_id``, ``by``, ``words``, optional ``event_id``).
    by : str, default "outlet"
        Grouping column; the first output column is named after it.
    top : int, default 15
        Named sources kept by name: the ``top`` most frequent keys of the whole corpus; the other
        named sources are pooled as ``(other named source)``.
    n_boot, seed, level, scheme, interval
        As for :func:`framelens.compare.shares.naming_shares` (``scheme="auto"`` resamples outlets
        in groups that hold several).
    resolve_pronouns : bool, default False
        Count a "he"/"she" source for the named source it most likely stands for (see
        :func:`attribution_sources`, which gives its measured precision); ``resolved`` counts them.

    Returns
    -------
    DataFrame
        The ``sources`` table (module docstring), sorted by group, then kind (named first) and count.
    """
    out_cols = [by] + SOURCE_COLUMNS[1:]
    src = attribution_sources(hits, resolve_pronouns=resolve_pronouns)
    if src.empty:
        return pd.DataFrame(columns=out_cols)
    named = src[src["kind"] == "named"]
    counts = named["source"].value_counts()
    keep = set(sorted(counts.index, key=lambda k: (-counts[k], k))[:max(int(top), 0)])
    labels = (named[named["pronoun"] == ""].groupby(["source", "label"]).size().reset_index(name="n")
              .sort_values(["source", "n", "label"], ascending=[True, False, True])
              .drop_duplicates("source").set_index("source")["label"])
    variant = np.where(src["kind"] != "named", src["source"],
                       np.where(src["source"].isin(keep), src["source"], OTHER_KEY))
    pseudo = pd.DataFrame({"doc_id": src["doc_id"], "family": "naming", "concept": _CONCEPT, "variant": variant})
    shares = naming_shares(pseudo, doc_features, by=by, n_boot=n_boot, seed=seed, level=level, scheme=scheme,
                           interval=interval, concepts=[_CONCEPT])
    shares = shares[shares["variant"] != ""]
    kinds = {PRONOUN_KEY: "pronoun", NO_SOURCE_KEY: "none", OTHER_KEY: "other"}
    out = pd.DataFrame({by: shares[by].to_numpy(), "source": shares["variant"].to_numpy()})
    out["label"] = [labels.get(s, "") if s not in kinds else "" for s in out["source"]]
    out["kind"] = [kinds.get(s, "named") for s in out["source"]]
    out["count"] = shares["count"].astype("int64").to_numpy()
    groups = dict(zip(doc_features["doc_id"].astype(str), as_labels(doc_features[by])))
    resolved = (src.assign(_g=src["doc_id"].map(groups), _v=variant)[src["pronoun"] != ""]
                .groupby(["_g", "_v"]).size())
    out["resolved"] = [int(resolved.get((g, v), 0)) for g, v in zip(out[by], out["source"])]
    out["attributions"] = shares["concept_total"].astype("int64").to_numpy()
    for col in ("share", "ci_low", "ci_high", "note", "scheme", "n_outlets", "small_n"):
        out[col] = shares[col].to_numpy()
    out["note"] = (out["note"].str.replace("never mentions the concept", "has no attribution", regex=False)
                   .str.replace("all mentions come from", "all attributions come from", regex=False)
                   .str.replace("drew no mention", "drew no attribution", regex=False))
    order = {"named": 0, "other": 1, "pronoun": 2, "none": 3}
    out = out.assign(_k=out["kind"].map(order)).sort_values([by, "_k", "count", "source"],
                                                            ascending=[True, True, False, True])
    return out.drop(columns="_k").reset_index(drop=True)[out_cols]
