"""The manifest of a comparison run: what produced the numbers.

:func:`build_manifest` returns a JSON-ready dict:

==================  =====================================================================================
package_version     framelens version
corpus_hash         content hash of the documents (ids, outlets, texts; :meth:`Corpus.fingerprint`)
corpus              name, documents, outlets, synthetic flag, columns_used (field -> input column),
                    selection (outlets and dates chosen, documents left out; empty for the whole corpus)
lexicon_hashes      lexicon pack -> SHA-256 (first 16 hex digits) of its YAML file
seed                the seed of every bootstrap and permutation
parameters          the run's parameters (n_boot, level, scheme, ...)
software            versions of python, numpy, pandas, scipy, scikit-learn
==================  =====================================================================================

No timestamp or host name: the same inputs and seed give a byte-identical manifest.
"""
from __future__ import annotations

import hashlib
import logging
import platform
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)


def corpus_hash(corpus) -> str:
    """Content hash of a Corpus or a documents DataFrame (same as :meth:`Corpus.fingerprint`)."""
    if hasattr(corpus, "fingerprint"):
        return corpus.fingerprint()
    docs = corpus
    h = hashlib.sha256()
    for row in docs[["doc_id", "outlet", "text"]].itertuples(index=False):
        for v in row:
            h.update(str(v).encode("utf-8"))
            h.update(b"\x00")
    return h.hexdigest()[:16]


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _shipped_packs() -> dict[str, Path]:
    try:
        from importlib import resources

        root = resources.files("framelens.lexicons").joinpath("packs")
        return {Path(str(p)).stem: Path(str(p)) for p in root.iterdir() if str(p).endswith((".yml", ".yaml"))}
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError, TypeError):
        return {}


def lexicon_hashes(lexicons=None) -> dict[str, str]:
    """SHA-256 (16 hex digits) of each lexicon pack file used.

    Parameters
    ----------
    lexicons : list of (str, Path or lexicon object), optional
        Pack names, YAML paths or loaded lexicon objects; all shipped packs when None.

    Returns
    -------
    dict
        Pack name -> hash ("not found" for a name that matches no file; "unhashable" for an object
        without a file or serialisable content).
    """
    shipped = _shipped_packs()
    if lexicons is None:
        return {name: _file_hash(path) for name, path in sorted(shipped.items())}
    if isinstance(lexicons, (str, Path)):
        lexicons = [lexicons]
    out = {}
    for item in lexicons:
        if isinstance(item, (str, Path)):
            p = Path(str(item))
            if p.is_file():
                out[p.stem] = _file_hash(p)
            elif str(item) in shipped:
                out[str(item)] = _file_hash(shipped[str(item)])
            else:
                out[str(item)] = "not found"
            continue
        name = str(getattr(item, "name", type(item).__name__))
        path = getattr(item, "path", None) or getattr(item, "source", None)
        if path is not None and Path(str(path)).is_file():
            out[name] = _file_hash(Path(str(path)))
        elif hasattr(item, "to_dict"):
            import json

            content = json.dumps(item.to_dict(), sort_keys=True, default=str).encode("utf-8")
            out[name] = hashlib.sha256(content).hexdigest()[:16]
        else:
            out[name] = "unhashable"
    return dict(sorted(out.items()))


def build_manifest(corpus, *, lexicons=None, seed: int = 0, parameters: dict | None = None) -> dict:
    """What produced a run's numbers (see module docstring).

    Parameters
    ----------
    corpus : Corpus or DataFrame
        The corpus (or its documents table).
    lexicons : list, optional
        Lexicon packs used (names, paths or objects); the shipped packs when None.
    seed : int, default 0
    parameters : dict, optional
        Run parameters to record.

    Returns
    -------
    dict
    """
    import numpy
    import scipy
    import sklearn

    from framelens import __version__

    docs = getattr(corpus, "documents", corpus)
    outlets = sorted(pd.Series(docs["outlet"]).astype(str).unique()) if "outlet" in docs else []
    return {
        "package_version": __version__,
        "corpus_hash": corpus_hash(corpus),
        "corpus": {"name": getattr(corpus, "name", ""), "documents": int(len(docs)), "outlets": outlets,
                   "synthetic": bool(getattr(corpus, "synthetic", False)),
                   "columns_used": dict(getattr(corpus, "columns_used", {}) or {}),
                   "selection": dict(getattr(corpus, "selection", {}) or {})},
        "lexicon_hashes": lexicon_hashes(lexicons),
        "seed": int(seed),
        "parameters": dict(parameters or {}),
        "software": {"python": platform.python_version(), "numpy": numpy.__version__, "pandas": pd.__version__,
                     "scipy": scipy.__version__, "scikit-learn": sklearn.__version__},
    }
