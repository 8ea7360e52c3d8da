"""Lexicon packs: YAML data (``lexicons/packs/*.yml``), a validated schema, and fast matching.

``load_lexicons(None)`` gives every shipped pack. A list mixes pack names and file paths, in order;
a later pack with the same name replaces an earlier one, so a user pack named ``hedges`` overrides
the shipped hedges. The name ``default`` stands for all shipped packs, so
``["default", "my/karabakh.yml"]`` is the shipped set with your own karabakh pack.

See :mod:`framelens.lexicons.schema` for the pack format, :mod:`framelens.lexicons.matcher` for
how forms are matched (word boundaries, case, overlaps), and :mod:`framelens.lexicons.trial` to try
a pack on a corpus (``framelens lexicon try``) before an analysis.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from framelens.errors import LexiconError
from framelens.lexicons.schema import FAMILIES, STANCES, Entry, Form, Pack, parse_pack, read_pack

__all__ = ["FAMILIES", "STANCES", "Entry", "Form", "Pack", "LexiconSet", "load_lexicons", "load_pack",
           "shipped_pack_names", "parse_pack", "read_pack", "compile_matcher"]


def _packs_dir():
    return resources.files("framelens.lexicons").joinpath("packs")


def shipped_pack_names() -> list[str]:
    """Names of the packs that ship with framelens (the default set), sorted."""
    return sorted(p.name[:-4] for p in _packs_dir().iterdir() if p.name.endswith(".yml"))


@lru_cache(maxsize=None)
def _shipped(name: str) -> Pack:
    ref = _packs_dir().joinpath(f"{name}.yml")
    return parse_pack(ref.read_text("utf-8"), f"framelens/lexicons/packs/{name}.yml")


def load_pack(name_or_path: str | Path) -> Pack:
    """One pack by shipped name (``hedges``) or by path to a ``.yml`` file."""
    s = str(name_or_path)
    if s in shipped_pack_names():
        return _shipped(s)
    p = Path(s)
    if p.suffix.lower() in (".yml", ".yaml") or p.exists():
        return read_pack(p)
    raise unknown_pack(s)


def unknown_pack(name: str) -> LexiconError:
    """The error for a pack name that is neither shipped nor a file, with the closest shipped names."""
    import difflib

    names = shipped_pack_names()
    close = difflib.get_close_matches(name.lower(), names, n=2, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    return LexiconError(f"unknown lexicon pack {name!r}", where=name,
                        fix=f"{hint}use a shipped pack ({', '.join(names)}) or the path of a .yml file")


class LexiconSet:
    """An ordered set of packs with unique names.

    Attributes
    ----------
    packs : list of Pack
    """

    def __init__(self, packs: Iterable[Pack]):
        by_name: dict[str, Pack] = {}
        for p in packs:
            by_name[p.name] = p  # a later pack with the same name overrides
        self.packs = list(by_name.values())

    def __iter__(self):
        return iter(self.packs)

    def __len__(self):
        return len(self.packs)

    def __getitem__(self, name: str) -> Pack:
        for p in self.packs:
            if p.name == name:
                return p
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.packs]

    def features(self) -> list[str]:
        """Every feature key the packs can produce (lexicon-free features not included)."""
        out: list[str] = []
        for p in self.packs:
            for f in p.features():
                if f not in out:
                    out.append(f)
        return out

    def digests(self) -> dict[str, str]:
        """Pack name → SHA-256 of its file (for manifests)."""
        return {p.name: p.digest for p in self.packs}

    def digest(self) -> str:
        """One hash for the whole set (order and content)."""
        h = hashlib.sha256()
        for p in self.packs:
            h.update(p.name.encode() + b"\0" + p.digest.encode() + b"\0")
        return h.hexdigest()

    def matcher(self):
        """The compiled :class:`~framelens.lexicons.matcher.Matcher` (built once, then cached)."""
        m = getattr(self, "_matcher", None)
        if m is None:
            m = compile_matcher(self)
            self._matcher = m
        return m

    def __getstate__(self):  # the automaton is rebuilt after pickling (worker processes)
        state = dict(self.__dict__)
        state.pop("_matcher", None)
        return state


def load_lexicons(lexicons: LexiconSet | Sequence[str | Path | Pack] | str | Path | None = None) -> LexiconSet:
    """Resolve pack names, paths and Pack objects into a :class:`LexiconSet`.

    Parameters
    ----------
    lexicons : None, str, Path, Pack, LexiconSet or a list of them
        None: every shipped pack. A name (``hedges``), ``default`` (every shipped pack) or a path to
        a YAML pack; a list of them in order, a later pack replacing an earlier one of the same name.

    Returns
    -------
    LexiconSet

    Raises
    ------
    LexiconError
        For an unknown name or a pack file that does not validate.
    """
    if isinstance(lexicons, LexiconSet):
        return lexicons
    if lexicons is None:
        return _default_set()
    if isinstance(lexicons, (str, Path, Pack)):
        lexicons = [lexicons]
    packs: list[Pack] = []
    for item in lexicons:
        if isinstance(item, Pack):
            packs.append(item)
        elif str(item) == "default":
            packs.extend(_default_set().packs)
        else:
            packs.append(load_pack(item))
    if not packs:
        raise LexiconError("no lexicon pack given", fix="pass None for the shipped packs, or pack names/paths")
    return LexiconSet(packs)


@lru_cache(maxsize=1)
def _default_set() -> LexiconSet:
    return LexiconSet(_shipped(n) for n in shipped_pack_names())


def compile_matcher(lexicons) -> "Matcher":
    """A :class:`~framelens.lexicons.matcher.Matcher` for ``lexicons`` (anything :func:`load_lexicons` takes)."""
    from framelens.lexicons.matcher import Matcher

    return Matcher(load_lexicons(lexicons).packs)
