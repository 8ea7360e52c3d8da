"""Outlet-name normalisation through an editable alias table (YAML: canonical -> aliases)."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from framelens.errors import CorpusError

_MEDIUM = re.compile(r"\s*\((online|web|print)?\s*news\)\s*$", re.I)


def _key(name: str) -> str:
    name = _MEDIUM.sub("", str(name))
    return re.sub(r"[^0-9a-z]+", "", name.lower())


class OutletAliases:
    """Maps every written form of an outlet to one canonical name.

    Short codes that are only meaningful inside one corpus (``L``, ``R``, ``LL`` in NewsWCL50) are
    matched case-sensitively, so that they never capture ordinary names.
    """

    def __init__(self, table: dict[str, list[str]], *, path: str = "<dict>"):
        self.path = path
        self._exact: dict[str, str] = {}
        self._loose: dict[str, str] = {}
        for canonical, aliases in (table or {}).items():
            if not isinstance(aliases, list):
                raise CorpusError(f"aliases of {canonical!r} must be a list", where=path,
                                  fix="write `Canonical Name: [alias one, alias two]`")
            self._loose[_key(canonical)] = canonical
            for alias in aliases:
                alias = str(alias)
                if len(alias) <= 2 and alias.isupper():
                    self._exact[alias] = canonical
                else:
                    self._loose[_key(alias)] = canonical

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "OutletAliases":
        text = resources.files("framelens.corpus").joinpath("outlet_aliases.yml").read_text("utf-8")
        return cls(yaml.safe_load(text), path="framelens/corpus/outlet_aliases.yml")

    @classmethod
    def from_file(cls, path: str | Path) -> "OutletAliases":
        path = Path(path)
        try:
            table = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise CorpusError(f"cannot read alias table: {exc}", where=str(path),
                              fix="give a YAML mapping `Canonical: [alias, ...]`") from None
        if not isinstance(table, dict):
            raise CorpusError("alias table must be a mapping", where=str(path),
                              fix="give a YAML mapping `Canonical: [alias, ...]`")
        merged = dict(yaml.safe_load(resources.files("framelens.corpus").joinpath(
            "outlet_aliases.yml").read_text("utf-8")))
        merged.update(table)
        return cls(merged, path=str(path))

    def normalise(self, name: str) -> str:
        name = str(name).strip()
        if name in self._exact:
            return self._exact[name]
        return self._loose.get(_key(name), _MEDIUM.sub("", name).strip() or name)
