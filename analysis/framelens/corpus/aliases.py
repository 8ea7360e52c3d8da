"""Outlet-name normalisation through an editable alias table (YAML: canonical -> aliases).

The same outlet is written many ways across corpora: ``fox``, ``FOX``, ``Fox News (Online News)``,
``Fox Online News``. :class:`OutletAliases` maps each written form to one canonical name in three
steps:

1. a *medium* marker at the end is dropped: ``(Online News)``, ``(Web News)``, ``(News)``,
   ``(Online)``, ``(Print)``, `` - News``;
2. an *opinion section* marker is written one way: ``New York Times - Opinion``,
   ``CNN - Editorial``, ``Fox News Opinion`` all become ``<Outlet> (Opinion)``. Opinion sections
   stay apart from the newsroom (AllSides rates them apart, and their word choice differs); merge
   them with your own alias table if you want them together;
3. the rest is looked up in the table, ignoring case, punctuation and a leading "The". Names not
   in the table are kept as written (after steps 1 and 2).

Short codes that are only meaningful inside one corpus (one or two capital letters, such as
``AP``) are matched case-sensitively, so that they never capture ordinary names.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from framelens.errors import CorpusError

_MEDIUM = re.compile(r"\s*\((?:(?:online|web|print)(?:\s+news)?|news)\)\s*$|\s+[-–—]\s*news\s*$", re.I)
_OPINION_MARKED = re.compile(r"\s*(?:\((?:opinion|editorial|op-ed)\)|\s[-–—:|]\s*(?:opinion|editorial|op-ed))\s*$",
                             re.I)
_OPINION_BARE = re.compile(r"\s+(?:opinion|editorial|op-ed)\s*$", re.I)
OPINION_SUFFIX = " (Opinion)"


def _key(name: str) -> str:
    """Lookup key: no medium marker, lower case, no leading "the", letters and digits only."""
    name = _MEDIUM.sub("", str(name)).strip().lower()
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"[\W_]+", "", name)


def _tidy(name: str) -> str:
    return re.sub(r"\s+", " ", _MEDIUM.sub("", name)).strip()


class OutletAliases:
    """Maps every written form of an outlet to one canonical name (see module docstring).

    Parameters
    ----------
    table : dict
        Canonical name -> list of other written forms (``None`` or ``[]`` for none).
    path : str
        Where the table came from, for error messages.
    """

    def __init__(self, table: dict[str, list[str]] | None, *, path: str = "<dict>"):
        self.path = path
        self._exact: dict[str, str] = {}
        self._loose: dict[str, str] = {}
        for canonical, aliases in (table or {}).items():
            if aliases is None:
                aliases = []
            if not isinstance(aliases, list):
                raise CorpusError(f"aliases of {canonical!r} must be a list", where=path,
                                  fix=f"write `{canonical}: [alias one, alias two]`")
            canonical = str(canonical).strip()
            self._loose[_key(canonical)] = canonical
            for alias in aliases:
                alias = str(alias).strip()
                if len(alias) <= 2 and alias.isupper():
                    self._exact[alias] = canonical
                else:
                    self._loose[_key(alias)] = canonical

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "OutletAliases":
        """The alias table shipped with framelens (``framelens/corpus/outlet_aliases.yml``)."""
        return cls(_shipped_table(), path="framelens/corpus/outlet_aliases.yml")

    @classmethod
    def from_file(cls, path: str | Path) -> "OutletAliases":
        """A YAML alias table merged over the shipped one (its entries win).

        Raises
        ------
        CorpusError
            When the file cannot be read or is not a mapping of names to lists.
        """
        path = Path(path)
        try:
            table = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise CorpusError(f"cannot read alias table: {exc}", where=str(path),
                              fix="give a UTF-8 YAML mapping `Canonical: [alias, ...]`") from None
        if not isinstance(table, dict):
            raise CorpusError("alias table must be a mapping", where=str(path),
                              fix="give a YAML mapping `Canonical: [alias, ...]`")
        merged = dict(_shipped_table())
        for canonical, aliases in table.items():
            merged.pop(canonical, None)  # re-insert at the end so that the user's entries win
            merged[canonical] = aliases
        return cls(merged, path=str(path))

    def _lookup(self, name: str) -> str | None:
        if name in self._exact:
            return self._exact[name]
        return self._loose.get(_key(name))

    def normalise(self, name: str) -> str:
        """The canonical name of ``name`` (see module docstring for the rules)."""
        name = re.sub(r"\s+", " ", str(name)).strip()
        if not name:
            return name
        found = self._lookup(name)
        if found is not None:
            return found
        base = _OPINION_MARKED.sub("", name)
        if base == name:
            bare = _OPINION_BARE.sub("", name)
            # "Fox News Opinion": only split a bare trailing "Opinion" off a known outlet
            if bare != name and self._lookup(bare) is not None:
                base = bare
        if base != name and base.strip():
            return (self._lookup(base) or _tidy(base)) + OPINION_SUFFIX
        return _tidy(name) or name


@lru_cache(maxsize=1)
def _shipped_table() -> dict:
    text = resources.files("framelens.corpus").joinpath("outlet_aliases.yml").read_text("utf-8")
    return dict(yaml.safe_load(text) or {})
