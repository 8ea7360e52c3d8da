"""English inflection for lexicon entries: ``claim`` → claim, claims, claimed, claiming.

A lexicon entry with ``inflect: verb`` matches every form of its first word (``point out`` →
points out, pointed out, pointing out); ``inflect: noun`` matches the singular and plural of the
phrase's head noun: the last word before the first post-modifier (``of``, ``for``, ``who`` ...), else
the last word (``opponent of abortion`` → opponents of abortion, ``asylum seeker`` → asylum
seekers). Regular forms come from spelling rules. Irregular verbs (say/said, tell/told) and verbs
that double their final consonant (admit/admitted) come from the table ``irregular_verbs.yml``;
irregular and invariant nouns (child/children, crisis/crises, hero/heroes, sheep) and the
exceptions to -man → -men (human, German) from ``irregular_nouns.yml``, both shipped beside this
module.
"""
from __future__ import annotations

from dataclasses import dataclass
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


#: Words that start a post-modifier: the head noun of a phrase is the word before the first of them.
POST_MODIFIERS = frozenset("""of for in on at to from with against about by under over without within between
among who that which""".split())


@dataclass(frozen=True)
class IrregularNouns:
    """The irregular-noun table (lower case): plurals, invariant nouns, and -man words that are not "man"."""

    plurals: dict[str, tuple[str, ...]]  # person -> (people, persons)
    already_plural: frozenset[str]  # every plural of ``plurals``
    invariant: frozenset[str]
    man_exceptions: frozenset[str]


@lru_cache(maxsize=1)
def irregular_nouns() -> IrregularNouns:
    """The table ``irregular_nouns.yml`` shipped beside this module."""
    raw = resources.files("framelens.lexicons").joinpath("irregular_nouns.yml").read_text("utf-8")
    table = yaml.safe_load(raw) or {}
    plurals = {str(k).lower(): tuple(str(x).lower() for x in (v if isinstance(v, list) else [v]))
               for k, v in (table.get("plurals") or {}).items()}
    return IrregularNouns(
        plurals=plurals, already_plural=frozenset(x for v in plurals.values() for x in v),
        invariant=frozenset(str(x).lower() for x in table.get("invariant") or ()),
        man_exceptions=frozenset(str(x).lower() for x in table.get("man_exceptions") or ()))


def _keep_case(original: str, new: str) -> str:
    # as verb_forms does: CHILD -> CHILDREN, Child -> Children, child -> children
    if original.isupper() and len(original) > 1:
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _irregular_plurals(word: str) -> list[str] | None:
    """The plurals from the table (or the -man rule), or None for a regular noun."""
    table = irregular_nouns()
    # a hyphenated word is looked up by its last part: ex-wife -> ex-wives, step-child -> step-children
    prefix, _, last = word.rpartition("-")
    prefix = prefix + "-" if prefix else ""
    low = last.lower()
    if low in table.invariant or low in table.already_plural:  # sheep; people, children are plural already
        return [word]
    if low in table.plurals:
        return [prefix + _keep_case(last, p) for p in table.plurals[low]]
    if low.endswith("man") and low not in table.man_exceptions:  # gunman -> gunmen, chairwoman -> chairwomen
        return [word[:-2] + ("EN" if word[-1].isupper() else "en")]
    return None


def noun_forms(singular: str) -> list[str]:
    """Singular and plural(s) of the noun ``singular``, keeping its case.

    Examples
    --------
    >>> noun_forms("militant")
    ['militant', 'militants']
    >>> noun_forms("Child")
    ['Child', 'Children']
    >>> noun_forms("sheep")
    ['sheep']
    """
    plurals = _irregular_plurals(singular)
    if plurals is None:
        low = singular.lower()
        if low.endswith(_SIBILANT_ENDINGS[:-1]):  # not "o": photos, videos (heroes is in the table)
            plurals = [singular + "es"]
        elif low.endswith("y") and len(low) > 1 and low[-2] not in _VOWELS:
            plurals = [singular[:-1] + "ies"]
        else:
            plurals = [singular + "s"]
    return [singular, *(p for p in plurals if p != singular)]


def head_index(words: list[str]) -> int:
    """Position of the head noun of a noun phrase: the word before the first post-modifier, else the last.

    >>> head_index("opponent of abortion".split())
    0
    """
    for i, w in enumerate(words):
        if i > 0 and w.lower() in POST_MODIFIERS:
            return i - 1
    return len(words) - 1


def inflect_phrase(phrase: str, how: str, head: str | None = None) -> list[str]:
    """Forms of a phrase: ``verb`` inflects the first word, ``noun`` the head noun, ``none`` nothing.

    Parameters
    ----------
    phrase : str
        Words separated by single spaces.
    how : {"verb", "noun", "none"}
    head : str, optional
        ``noun`` only: the word to inflect instead of the head :func:`head_index` finds (its first
        occurrence, compared case-insensitively), for a phrase where the rule picks the wrong word.

    Examples
    --------
    >>> inflect_phrase("unborn child", "noun")
    ['unborn child', 'unborn children']
    >>> inflect_phrase("right to life activist", "noun", head="activist")
    ['right to life activist', 'right to life activists']
    """
    if how in (None, "", "none"):
        return [phrase]
    words = phrase.split(" ")
    if how == "verb":
        return [" ".join([f, *words[1:]]) for f in verb_forms(words[0])]
    if how == "noun":
        if head is None:
            i = head_index(words)
        else:
            lowered = [w.lower() for w in words]
            if head.lower() not in lowered:
                raise ValueError(f"head {head!r} is not a word of {phrase!r}")
            i = lowered.index(head.lower())
        return [" ".join([*words[:i], f, *words[i + 1:]]) for f in noun_forms(words[i])]
    raise ValueError(f"unknown inflection {how!r}")
