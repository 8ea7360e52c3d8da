"""English inflection for lexicon entries: ``claim`` → claim, claims, claimed, claiming.

A lexicon entry with ``inflect: verb`` matches every form of its first word (``point out`` →
points out, pointed out, pointing out); ``inflect: noun`` matches the singular and plural of its
last word (``asylum seeker`` → asylum seekers). Regular forms come from spelling rules; irregular
verbs (say/said, tell/told) and verbs that double their final consonant (admit/admitted) come from
the table ``irregular_verbs.yml`` shipped beside this module.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

_VOWELS = set("aeiou")
_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh", "o")


@lru_cache(maxsize=1)
def irregular_verbs() -> dict[str, tuple[str, ...]]:
    """The irregular-verb table: base → (3rd person singular, past, past participle, -ing)."""
    raw = resources.files("framelens.lexicons").joinpath("irregular_verbs.yml").read_text("utf-8")
    table = yaml.safe_load(raw) or {}
    return {str(k).lower(): tuple(str(x) for x in v) for k, v in table.items()}


def _doubles(word: str) -> bool:
    # One-syllable consonant-vowel-consonant verbs double the consonant: ban -> banned, slam -> slammed.
    if len(word) < 3 or word[-1] in _VOWELS or word[-1] in "wxy":
        return False
    if not (word[-2] in _VOWELS and word[-3] not in _VOWELS):
        return False
    syllables = sum(1 for i, c in enumerate(word) if c in _VOWELS and (i == 0 or word[i - 1] not in _VOWELS))
    return syllables == 1


def verb_forms(base: str) -> list[str]:
    """Every inflected form of the verb ``base`` (base first), keeping the case of ``base``.

    Examples
    --------
    >>> verb_forms("claim")
    ['claim', 'claims', 'claimed', 'claiming']
    >>> verb_forms("say")
    ['say', 'says', 'said', 'saying']
    """
    low = base.lower()
    irregular = irregular_verbs().get(low)
    if irregular:
        forms = [low, *irregular]
    else:
        if low.endswith(_SIBILANT_ENDINGS):
            third = low + "es"
        elif low.endswith("y") and len(low) > 1 and low[-2] not in _VOWELS:
            third = low[:-1] + "ies"
        else:
            third = low + "s"
        if low.endswith("e"):
            past = low + "d"
        elif low.endswith("y") and len(low) > 1 and low[-2] not in _VOWELS:
            past = low[:-1] + "ied"
        elif _doubles(low):
            past = low + low[-1] + "ed"
        else:
            past = low + "ed"
        if low.endswith("ie"):
            ing = low[:-2] + "ying"
        elif low.endswith("e") and not low.endswith(("ee", "ye", "oe")):
            ing = low[:-1] + "ing"
        elif _doubles(low):
            ing = low + low[-1] + "ing"
        else:
            ing = low + "ing"
        forms = [low, third, past, ing]
    out: list[str] = []
    for f in forms:
        if base[:1].isupper():
            f = f[:1].upper() + f[1:]
        if f not in out:
            out.append(f)
    return out


def noun_forms(singular: str) -> list[str]:
    """Singular and regular plural of ``singular`` (``militant`` → militant, militants)."""
    low = singular
    if low.lower().endswith(_SIBILANT_ENDINGS[:-1]):
        plural = low + "es"
    elif low.lower().endswith("y") and len(low) > 1 and low[-2].lower() not in _VOWELS:
        plural = low[:-1] + "ies"
    else:
        plural = low + "s"
    return [singular, plural]


def inflect_phrase(phrase: str, how: str) -> list[str]:
    """Forms of a phrase: ``verb`` inflects the first word, ``noun`` the last, ``none`` nothing."""
    if how in (None, "", "none"):
        return [phrase]
    words = phrase.split(" ")
    if how == "verb":
        return [" ".join([f, *words[1:]]) for f in verb_forms(words[0])]
    if how == "noun":
        return [" ".join([*words[:-1], f]) for f in noun_forms(words[-1])]
    raise ValueError(f"unknown inflection {how!r}")
