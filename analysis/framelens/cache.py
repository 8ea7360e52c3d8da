"""The feature cache: extracted hits kept on disk, reused while the text, lexicon and code are unchanged.

What is cached, and under which key
-----------------------------------
Extraction runs over *partitions* of the corpus (see :mod:`framelens.engine`) and over *units*: one
unit per lexicon pack (its hits) and one per lexicon-free extractor (scare quotes, passives, ...),
plus the ``document`` unit (words and sentences per document). One cache entry holds the output of
one unit on one partition, as a Parquet file::

    <cache_dir>/framelens-<version>/<unit name>/<unit key>/<partition key>.parquet

- the **partition key** is a hash of the content hashes of the partition's documents (doc_id and
  text), so an entry is found again only for byte-identical documents;
- the **unit key** is a hash of the unit's own digest (a pack's file hash; for a lexicon-free
  extractor its name), the sentence splitter's parameters (sentence numbers depend on them), the
  package version and a digest of the extraction source code and its data files (word lists,
  inflection tables; not the packs, which have their own digest).

So changing one pack re-extracts that pack only; every other pack's entries are reused. An entry
written by a different framelens version is never read: the version is part of the folder and of
the key, and is checked again in the file's metadata when it is loaded (a mismatch is a miss,
logged with both versions, never an error).

Every entry is verified
-----------------------
Each entry stores a digest of its content (the table, without its metadata) and is checked against
it when read: an entry changed after it was written (edited by hand, damaged on disk) is a miss
with a warning, and is extracted again and replaced, never silently used. So is an entry whose
keys do not match its place (copied or moved).

Entries are written to a temporary file and renamed into place, so an interrupted run never leaves
a half-written entry that looks complete. Entries from failed documents are not cached (the
failure is reported again on the next run). A cache that cannot be written (a full disk, a
read-only folder) is not an error: the run goes on without storing, after one warning.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from framelens import __version__

log = logging.getLogger(__name__)

#: Source files and data whose content decides what is extracted: their digest is part of every unit
#: key. Lexicon packs are left out on purpose: each pack is keyed by its own digest, so that editing
#: one pack re-extracts that pack only.
CODE_MODULES = ("extract.py", "text.py", "fast_punkt.py", "punkt_training.py", "features", "lexicons", "data")
_CODE_SUFFIXES = (".py", ".yml", ".yaml", ".txt")
_NOT_CODE = ("lexicons/packs/", "data/cleaning_rules.yml")  # packs: keyed by their digest; cleaning: before extraction

_META_VERSION = b"framelens.version"
_META_UNIT = b"framelens.unit_key"
_META_PART = b"framelens.partition_key"
_META_DIGEST = b"framelens.content_digest"
_UNWRITABLE: set[str] = set()  # cache roots this process could not write to (warned once each)


def content_digest(table: pa.Table) -> str:
    """A digest of a table's content (schema and values, not its metadata): what an entry is checked
    against when it is read."""
    table = table.replace_schema_metadata(None).combine_chunks()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        for batch in table.to_batches():
            writer.write_batch(batch)
    return hashlib.blake2b(sink.getvalue().to_pybytes(), digest_size=16).hexdigest()


def default_cache_dir() -> Path:
    """``$FRAMELENS_CACHE_DIR``, else ``$XDG_CACHE_HOME/framelens``, else ``~/.cache/framelens``."""
    env = os.environ.get("FRAMELENS_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "framelens"


def document_key(doc_id: str, text: str) -> str:
    """Content hash of one document (its id and its text)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(str(doc_id).encode("utf-8", "surrogatepass"))
    h.update(b"\x00")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def partition_key(doc_keys: Iterable[str]) -> str:
    """Hash of a partition: the content hashes of its documents, in order."""
    h = hashlib.blake2b(digest_size=16)
    for k in doc_keys:
        h.update(k.encode("ascii"))
    return h.hexdigest()


def code_files() -> list[Path]:
    """The files :func:`code_digest` reads (see :data:`CODE_MODULES`)."""
    root = Path(str(resources.files("framelens")))
    out: list[Path] = []
    for name in CODE_MODULES:
        node = root / name
        if node.is_dir():
            out.extend(p for p in node.rglob("*") if p.is_file() and p.suffix in _CODE_SUFFIXES)
        elif node.is_file():
            out.append(node)
    rel = lambda p: p.relative_to(root).as_posix()  # noqa: E731
    return sorted((p for p in out if not rel(p).startswith(_NOT_CODE) and "__pycache__" not in p.parts), key=rel)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the extraction code and its data files (:func:`code_files`), so that editing an
    extractor invalidates the cache even when the version number has not moved."""
    h = hashlib.blake2b(digest_size=16)
    root = Path(str(resources.files("framelens")))
    for p in code_files():
        h.update(p.relative_to(root).as_posix().encode())
        h.update(b"\x00")
        h.update(p.read_bytes())
    return h.hexdigest()


def unit_key(unit: str, digest: str, context: str, *, version: str = __version__, code: str | None = None) -> str:
    """Key of one unit: its name and digest, the shared ``context`` (sentence-splitter parameters),
    the package version and the code digest."""
    h = hashlib.blake2b(digest_size=16)
    for part in (unit, digest, context, version, code if code is not None else code_digest()):
        h.update(str(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


class FeatureCache:
    """Cached unit outputs under ``root`` (see the module docstring).

    Parameters
    ----------
    root : str or Path
        The cache folder (created when needed). Several runs may share it.
    version : str, optional
        The package version entries are written and accepted for (default: this framelens).

    Attributes
    ----------
    hits, misses : int
        Lookups answered from the cache, and lookups not found, since this object was made.
    """

    def __init__(self, root: str | Path, *, version: str = __version__):
        self.root = Path(root)
        self.version = str(version)
        self.hits = 0
        self.misses = 0

    def _path(self, unit: str, ukey: str, pkey: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in unit)
        return self.root / f"framelens-{self.version}" / safe / ukey / f"{pkey}.parquet"

    def load(self, unit: str, ukey: str, pkey: str) -> pa.Table | None:
        """The cached table for (unit, partition), or None (a miss)."""
        path = self._path(unit, ukey, pkey)
        if not path.exists():
            self.misses += 1
            return None
        try:
            table = pq.read_table(path)
        except Exception as exc:  # a damaged entry is a miss, and is replaced on store
            log.warning("feature cache: unreadable entry %s (%s); extracting again", path, exc)
            self.misses += 1
            return None
        meta = table.schema.metadata or {}
        written_by = meta.get(_META_VERSION, b"").decode(errors="replace")
        problem = None
        if written_by != self.version:
            problem = (f"was written by framelens {written_by or '(unknown)'}, and this is framelens {self.version}",
                       logging.INFO)
        elif meta.get(_META_UNIT, b"").decode(errors="replace") != ukey or \
                meta.get(_META_PART, b"").decode(errors="replace") != pkey:
            problem = ("has keys that do not match its place in the cache (was it copied or moved?)", logging.WARNING)
        elif _META_DIGEST not in meta:
            problem = ("has no content digest (written before entries were verified)", logging.INFO)
        elif meta[_META_DIGEST].decode(errors="replace") != content_digest(table):
            problem = ("does not match its content digest: it was changed after it was written", logging.WARNING)
        if problem is not None:
            log.log(problem[1], "feature cache: entry %s %s; extracting again", path, problem[0])
            self.misses += 1
            return None
        self.hits += 1
        return table.replace_schema_metadata(None)

    def store(self, unit: str, ukey: str, pkey: str, table: pa.Table) -> Path | None:
        """Write one entry atomically (temporary file, then rename), with its content digest.

        Returns the entry's path, or None when the cache cannot be written (a full disk, a
        read-only folder): the run goes on without the cache, and one warning says why.
        """
        from framelens.outputs import disk_problem

        path = self._path(unit, ukey, pkey)
        if str(self.root) in _UNWRITABLE:
            return None
        meta = dict(table.schema.metadata or {})
        meta.update({_META_VERSION: self.version.encode(), _META_UNIT: ukey.encode(), _META_PART: pkey.encode(),
                     _META_DIGEST: content_digest(table).encode()})
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".partial", dir=path.parent)
            os.close(fd)
            pq.write_table(table.replace_schema_metadata(meta), tmp)
            os.replace(tmp, path)
        except OSError as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            problem = disk_problem(exc)
            if problem is None:
                raise
            _UNWRITABLE.add(str(self.root))
            log.warning("feature cache: cannot write to %s (%s); going on without storing features in the cache "
                        "(free space there, or pass --cache-dir elsewhere or --no-cache)", self.root, problem)
            return None
        except BaseException:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def entries(self) -> list[Path]:
        """Every entry of this version (for inspection and tests)."""
        base = self.root / f"framelens-{self.version}"
        return sorted(base.rglob("*.parquet")) if base.exists() else []
