"""Output folders that lose nothing: a run writes into a hidden folder beside the target and swaps it
into place only when everything succeeded, so a failed or interrupted run never leaves a folder that
looks complete, and never removes anything framelens did not write. Tables are written as CSV and
Parquet side by side.

The rules
---------
* **Only framelens's own folders are replaced.** An existing target is replaced only when it is
  empty or was written by framelens (it holds the marker :data:`MARKER`, or the ``manifest.json``
  of an older run); when the marker lists what framelens wrote, anything else found in the folder
  (the user's own files) makes it refused too. A refused target needs ``force=True``
  (``--force``) or another ``--out``.
* **Never over an input, never a home.** A target that is, or contains, an input of the run (the
  corpus, a lexicon file...) is refused always, even with ``force``; so are the filesystem root,
  the home folder and the folders above the working directory.
* **One run per target.** :func:`reserve_output` takes a lock (``.<name>.lock`` beside the
  target, removed afterwards) for the whole run: a second run on the same target fails at once
  with a clear message instead of racing the first.
* **Checked before the work.** :func:`reserve_output` creates the parent folder and writes a small
  probe there, so a read-only folder or a full disk fails before any analysis runs; a disk that
  fills up while writing fails with an :class:`~framelens.errors.OutputError` and leaves no folder
  that looks complete.
* **A recoverable swap.** The new folder (``.<name>.partial-<id>``) gets its marker last; then the
  old target is renamed to ``.<name>.old-<id>``, the new one into place, and the old one removed.
  A run killed between those renames leaves both hidden folders; the next run on the same target
  finishes the swap (or, when the new folder was not complete, puts the old one back), and removes
  the partial folders that dead runs left behind.
* Folders are created with the user's umask (``tempfile.mkdtemp`` would make them 0700).

Entry points: :func:`atomic_dir` (write a folder), :func:`reserve_output` (hold a target for a
whole run, checking it first), :func:`mark_output` (record files written into a framelens folder
in place), :func:`safe_filename` (a file name derived from data), :func:`write_table`,
:func:`write_json`.
"""
from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import secrets
import shutil
import unicodedata
from glob import escape as glob_escape
from pathlib import Path
from typing import Iterable

import pandas as pd

from framelens.errors import OutputError

log = logging.getLogger(__name__)

#: The file that marks a folder as written by framelens (and lists what framelens wrote there).
MARKER = ".framelens-output.json"
_PROBE_BYTES = 64 * 1024
_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM}
_HELD: dict[Path, "OutputReservation"] = {}  # targets this process holds, by resolved path


def _real(path: str | Path) -> Path:
    """The absolute path with symbolic links resolved (as far as it exists)."""
    return Path(os.path.realpath(os.path.expanduser(str(path))))


def _is_within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def disk_problem(exc: BaseException) -> str | None:
    """A short description when ``exc`` is a full disk, a size limit or a permission problem, else None."""
    if not isinstance(exc, OSError):
        return None
    code = exc.errno
    text = str(exc)
    if code is None:  # pyarrow puts the errno in the message only
        for c, words in ((errno.ENOSPC, "No space left"), (errno.EFBIG, "File too large"),
                         (errno.EDQUOT, "Disk quota exceeded"), (errno.EROFS, "Read-only file system"),
                         (errno.EACCES, "Permission denied")):
            if words in text:
                code = c
                break
    if code not in _DISK_ERRNOS:
        return None
    return {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "the disk quota is exceeded",
            errno.EFBIG: "a file grew beyond the size limit", errno.EROFS: "the file system is read-only",
            }.get(code, "permission denied")


def _describe_entries(names: list[str], n: int = 5) -> str:
    shown = ", ".join(repr(x) for x in sorted(names)[:n])
    return shown + (f" and {len(names) - n} more" if len(names) > n else "")


def written_by_framelens(folder: Path) -> tuple[bool, list[str] | None]:
    """Whether ``folder`` is a framelens output, and the entries framelens wrote there (None: unknown).

    A folder is framelens's when it holds :data:`MARKER`, or the ``manifest.json`` of a run made
    before the marker existed (it has a ``package_version`` or ``framelens_version`` field).
    """
    marker = folder / MARKER
    if marker.is_file():
        try:
            data = json.loads(marker.read_text(encoding="utf-8"))
            files = data.get("files")
            return True, [str(f) for f in files] if isinstance(files, list) else None
        except (OSError, ValueError, AttributeError):
            return True, None
    manifest = folder / "manifest.json"
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False, None
        if isinstance(data, dict) and ("package_version" in data or "framelens_version" in data):
            return True, None
    return False, None


def check_target(target: str | Path, *, inputs: Iterable[str | Path] = (), force: bool = False,
                 replace: bool = True) -> Path:
    """Refuse an output folder that must not be replaced (or written); return its resolved path.

    Parameters
    ----------
    target : path
        The output folder.
    inputs : iterable of path
        Files and folders the run reads: the target may not be, or contain, any of them.
    force : bool, default False
        Replace a folder that framelens did not write (never an input, a home or the root).
    replace : bool, default True
        False for outputs written into the folder in place (notebooks, a re-drawn report): only
        the rules about inputs, homes and the root apply.

    Raises
    ------
    OutputError
        With what is wrong and how to fix it (see the module docstring for the rules).
    """
    real = _real(target)
    where = str(target)
    if real == real.parent or not real.name:
        raise OutputError("the output folder would be the filesystem root", where=where,
                          fix="give a new folder for --out, e.g. --out results/run1")
    home = _real(Path.home())
    cwd = _real(os.getcwd())
    if _is_within(home, real) or (real != cwd and _is_within(cwd, real)):
        what = "your home folder" if real == home else "a folder that holds your home folder" if _is_within(
            home, real) else "a folder above the current working directory"
        raise OutputError(f"the output folder {real} is {what}; replacing it would delete everything in it",
                          where=where, fix="give a new folder for --out, e.g. --out results/run1")
    for item in inputs:
        if item is None or str(item) in ("", "demo"):
            continue
        p = _real(item)
        if _is_within(p, real):
            what = "is" if p == real else "contains"
            raise OutputError(f"the output folder {what} an input of this run ({item}); replacing it would delete "
                              "the input", where=where,
                              fix="write the outputs somewhere else, e.g. --out results/run1")
    if real.exists() or real.is_symlink():
        if not real.is_dir():
            raise OutputError("the output path exists and is not a folder", where=where,
                              fix="give the path of a folder (new, empty, or an earlier framelens output)")
        try:
            entries = sorted(e.name for e in os.scandir(real))
        except OSError as exc:
            raise OutputError(f"cannot list the existing output folder: {exc.strerror or exc}", where=where,
                              fix="check its permissions, or choose another --out") from None
        if entries and replace and not force:
            ours, files = written_by_framelens(real)
            if not ours:
                raise OutputError(f"the output folder already exists and was not written by framelens (it holds "
                                  f"{_describe_entries(entries)}); replacing it would delete them", where=where,
                                  fix="choose a new or empty folder for --out, or pass --force to replace it")
            if files is not None:
                foreign = [e for e in entries if e not in set(files) | {MARKER}]
                if foreign:
                    raise OutputError(f"the framelens output folder also holds files framelens did not write "
                                      f"({_describe_entries(foreign)}); replacing it would delete them", where=where,
                                      fix="move those files out, choose another --out, or pass --force")
    return real


class OutputReservation:
    """A target held for one run: checked, recovered, locked and probed (see :func:`reserve_output`).

    Attributes
    ----------
    target : Path
        The resolved output folder.
    inputs : tuple of Path
        The run's inputs (checked again when the folder is written).
    force : bool
    """

    def __init__(self, target: Path, inputs: tuple, force: bool):
        self.target = target
        self.inputs = inputs
        self.force = force
        self._lock_fd: int | None = None
        self._lock_path = target.parent / f".{target.name}.lock"
        self._depth = 1  # reserve_output on a target this process holds reuses the reservation

    # -- the lock: a file beside the target, flock-ed; unlinked on release
    def _acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return
        while True:
            try:
                fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as exc:
                raise _output_error(exc, self.target, "cannot create a lock file beside the output folder") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                other = ""
                with contextlib.suppress(OSError, ValueError):
                    other = f" (process {int(os.pread(fd, 32, 0).decode().strip())})"
                os.close(fd)
                raise OutputError(f"another framelens run{other} is writing to this output folder",
                                  where=str(self.target),
                                  fix="wait for it to finish, or choose another --out") from None
            try:  # the file may have been unlinked by its last holder between our open and flock
                same = os.stat(self._lock_path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
                self._lock_fd = fd
                return
            os.close(fd)

    def release(self) -> None:
        """Unlock and remove the lock file (once every nested reservation of the target is released)."""
        self._depth -= 1
        if self._depth > 0:
            return
        _HELD.pop(self.target, None)
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._lock_path)
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- recovery of interrupted swaps and removal of what dead runs left behind
    def _siblings(self, kind: str) -> list[Path]:
        prefix = f".{self.target.name}.{kind}-"
        try:
            return sorted((self.target.parent / e.name for e in os.scandir(self.target.parent)
                           if e.name.startswith(prefix) and e.is_dir(follow_symlinks=False)),
                          key=lambda p: p.stat().st_mtime)
        except OSError:
            return []

    def recover(self) -> None:
        """Finish or undo a swap that a killed run left half done; remove stale partial folders."""
        partials, olds = self._siblings("partial"), self._siblings("old")
        if not self.target.exists():
            complete = [p for p in partials if (p / MARKER).is_file()]
            if complete:
                complete[-1].rename(self.target)
                log.warning("%s: finished replacing the output folder that an interrupted run left in %s",
                            self.target, complete[-1].name)
            elif olds:
                olds[-1].rename(self.target)
                log.warning("%s: put back the earlier output folder that an interrupted run had moved to %s",
                            self.target, olds[-1].name)
        for p in partials + olds:
            if p.exists():
                log.info("%s: removing %s, left behind by an interrupted run", self.target, p.name)
                shutil.rmtree(p, ignore_errors=True)
        for probe in self.target.parent.glob(f".{glob_escape(self.target.name)}.probe-*"):
            with contextlib.suppress(OSError):
                probe.unlink()

    def probe(self) -> None:
        """Write and remove a small file beside the target: a read-only folder or a full disk fails now."""
        probe = self.target.parent / f".{self.target.name}.probe-{secrets.token_hex(4)}"
        try:
            with open(probe, "wb") as fh:
                fh.write(b"\0" * _PROBE_BYTES)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise _output_error(exc, self.target, "cannot write beside the output folder") from None
        finally:
            with contextlib.suppress(OSError):
                probe.unlink()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()
        return False


def _output_error(exc: OSError, target: Path, what: str) -> OutputError:
    problem = disk_problem(exc) or (exc.strerror or str(exc))
    fix = ("free some space on that disk, or choose --out on another one" if problem.startswith(("no space", "the disk",
                                                                                                  "a file grew"))
           else "choose an --out folder you can write to")
    return OutputError(f"{what}: {problem}", where=str(target), fix=fix)


def reserve_output(target: str | Path, *, inputs: Iterable[str | Path] = (), force: bool = False,
                   replace: bool = True) -> OutputReservation:
    """Check an output folder and hold it for a whole run, before the work starts.

    Checks the target (:func:`check_target`), creates its parent, takes the lock, finishes or undoes
    a swap an interrupted run left half done, removes stale partial folders, and writes a probe
    file, so that every problem with the output shows before any analysis. Use it as a context
    manager around the run; :func:`atomic_dir` on the same target inside it reuses the reservation.

    Parameters
    ----------
    target : path
        The output folder.
    inputs : iterable of path
        The run's input files and folders (the target may not contain them).
    force : bool, default False
        Replace a folder that framelens did not write.
    replace : bool, default True
        False when the run writes into the folder in place instead of replacing it (see
        :func:`check_target`).

    Returns
    -------
    OutputReservation

    Raises
    ------
    OutputError
        Unsafe target, another run holding it, no permission, no space.
    """
    inputs = tuple(_real(i) for i in inputs if i is not None and str(i) not in ("", "demo"))
    real = check_target(target, inputs=inputs, force=force, replace=replace)
    held = _HELD.get(real)
    if held is not None:
        held._depth += 1
        return held
    try:
        os.makedirs(real.parent, exist_ok=True)
    except OSError as exc:
        raise _output_error(exc, real, "cannot create the folder that will hold the output") from None
    res = OutputReservation(real, inputs, force)
    res._acquire()
    try:
        res.recover()
        check_target(real, inputs=inputs, force=force, replace=replace)  # what recovery put back too
        res.probe()
    except BaseException:
        res.release()
        raise
    _HELD[real] = res
    return res


def _new_partial(target: Path) -> Path:
    mode = 0o777  # the umask applies
    for _ in range(100):
        path = target.parent / f".{target.name}.partial-{secrets.token_hex(4)}"
        try:
            os.mkdir(path, mode)
            return path
        except FileExistsError:
            continue
    raise OutputError("cannot create a temporary output folder", where=str(target))  # pragma: no cover


def _write_marker(folder: Path, files: list[str]) -> None:
    from framelens import __version__

    data = {"framelens_version": __version__, "files": sorted(set(files) - {MARKER})}
    (folder / MARKER).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def mark_output(folder: str | Path, names: Iterable[str] = ()) -> None:
    """Record in ``folder``'s marker that framelens wrote ``names`` there (for outputs written in place,
    such as ``framelens report FOLDER`` and the notebooks); a folder without a marker gets one that
    lists ``names`` only."""
    folder = Path(folder)
    _, files = written_by_framelens(folder)
    _write_marker(folder, [*(files or []), *names])


@contextlib.contextmanager
def atomic_dir(target: str | Path, *, inputs: Iterable[str | Path] = (), force: bool = False):
    """Yield a new hidden folder beside ``target``; on success it replaces ``target``.

    The rules of the module docstring apply: ``target`` must be new, empty or framelens's own
    (unless ``force``), may not contain an input, and is held for the duration (or for the whole
    run, when the caller used :func:`reserve_output`). On any error the hidden folder is removed
    and ``target`` is left as it was; a full disk or a permission problem becomes an
    :class:`~framelens.errors.OutputError`.

    Parameters
    ----------
    target : path
    inputs : iterable of path
        The run's inputs (see :func:`check_target`).
    force : bool, default False
        Replace a folder that framelens did not write.

    Yields
    ------
    Path
        The folder to write into.
    """
    with reserve_output(target, inputs=inputs, force=force) as res:
        real = res.target
        check_target(real, inputs=(*res.inputs, *inputs), force=force or res.force)
        tmp = _new_partial(real)
        try:
            yield tmp
            _write_marker(tmp, [e.name for e in os.scandir(tmp)])
        except BaseException as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if isinstance(exc, OSError) and disk_problem(exc):
                raise _output_error(exc, real, "cannot write the output folder") from exc
            raise
        _swap(tmp, real)
    log.debug("wrote %s", real)


def _swap(tmp: Path, target: Path) -> None:
    """Put the complete folder ``tmp`` in place of ``target`` (see "A recoverable swap")."""
    in_target = False
    with contextlib.suppress(OSError):
        in_target = _real(os.getcwd()) == target
    old = None
    if target.exists() or target.is_symlink():
        old = target.with_name(f".{target.name}.old-{tmp.name.rsplit('-', 1)[-1]}")
        if in_target:  # `--out .`: the user's shell is in there; keep the folder, swap what it holds
            _swap_contents(tmp, target, old)
            return
        try:
            target.rename(old)
        except OSError as exc:
            if exc.errno != errno.EBUSY:  # a mount point cannot be renamed: swap what it holds
                raise
            _swap_contents(tmp, target, old)
            return
    tmp.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _swap_contents(tmp: Path, target: Path, old: Path) -> None:
    """Move ``target``'s entries to ``old`` and ``tmp``'s into ``target``, the marker last, so that the
    folder itself stays (it is the working directory or a mount point)."""
    os.mkdir(old, 0o777)
    for e in os.scandir(target):
        os.rename(e.path, old / e.name)
    for e in os.scandir(tmp):
        if e.name != MARKER:
            os.rename(e.path, target / e.name)
    os.rename(tmp / MARKER, target / MARKER)
    os.rmdir(tmp)
    shutil.rmtree(old, ignore_errors=True)


def write_file_atomically(path: str | Path, write, *, inputs: Iterable[str | Path] = ()) -> Path:
    """Write one output file through ``write(tmp_path)`` and rename it into place, so that a failed
    write never leaves a truncated file; refuse a ``path`` that is one of the run's ``inputs``.

    Raises
    ------
    OutputError
        When ``path`` is an input, a folder, or cannot be written (no permission, full disk).
    """
    path = Path(path)
    real = _real(path)
    for item in inputs:
        if _real(item) == real:
            raise OutputError(f"the output file is an input of this run ({item}); writing it would destroy the input",
                              where=str(path), fix="write to another file")
    if real.is_dir():
        raise OutputError("the output file is a folder", where=str(path), fix="give the path of a file")
    tmp = real.with_name(f".{real.name}.partial-{secrets.token_hex(4)}")
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.replace(tmp, real)
    except OSError as exc:
        raise _output_error(exc, real, "cannot write the output file") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return path


_UNSAFE_NAME = re.compile(r"[^\w.+=@-]+")


def safe_filename(name: str, *, max_length: int = 120) -> str:
    """A file name made from data (an outlet, a source, a feature): one path component, no separators,
    no control characters, no leading dot, at most ``max_length`` characters (a long name keeps a
    short hash of the whole, so distinct names stay distinct).

    Examples
    --------
    >>> safe_filename("naming:karabakh/capital")
    'naming_karabakh_capital'
    >>> safe_filename("AC/DC News")
    'AC_DC_News'
    """
    import hashlib

    text = unicodedata.normalize("NFC", str(name))
    out = _UNSAFE_NAME.sub("_", text).strip("._") or "unnamed"
    if len(out) > max_length:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
        out = f"{out[:max_length - 9]}-{digest}"
    return out


#: A table bigger than this in memory (about its size as CSV) is written as Parquet only, unless
#: ``csv="always"`` (``--csv always``): a 2 GB hits.csv helps nobody open anything.
CSV_LIMIT_BYTES = 100_000_000

#: How :func:`write_table` writes CSV: ``auto`` (below :data:`CSV_LIMIT_BYTES`), ``always``, ``never``.
CSV_MODES = ("auto", "always", "never")


def write_table(df: pd.DataFrame, folder: str | Path, name: str, *, parquet: bool = True, csv: str = "auto",
                csv_limit: int | None = None) -> list[Path]:
    """Write ``df`` as ``name.parquet`` and ``name.csv`` in ``folder``; return the paths written.

    Parameters
    ----------
    parquet : bool, default True
        Write ``name.parquet``.
    csv : {"auto", "always", "never"}, default "auto"
        Write ``name.csv``: always, never, or (``auto``) when the table holds at most ``csv_limit``
        bytes in memory (its size as CSV, roughly); a bigger table is Parquet only, and the log says
        so. Without Parquet the CSV is always written (it is then the only copy).
    csv_limit : int, optional
        Default :data:`CSV_LIMIT_BYTES`.
    """
    limit = CSV_LIMIT_BYTES if csv_limit is None else csv_limit
    if csv not in CSV_MODES:
        raise OutputError(f"unknown csv mode {csv!r}", fix="use one of: " + ", ".join(CSV_MODES))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = df.copy()
    out.attrs = {}  # pandas would store attrs (e.g. per-document stats) in the Parquet metadata
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(str)
    paths = []
    if parquet:
        paths.append(folder / f"{name}.parquet")
        out.to_parquet(paths[-1], index=False)
    want_csv = (not parquet or csv == "always"
                or (csv == "auto" and int(out.memory_usage(deep=True).sum()) <= limit))
    if want_csv:
        paths.append(folder / f"{name}.csv")
        out.to_csv(paths[-1], index=False)
    elif csv == "auto":
        log.info("%s: %d rows, over %d MB: written as %s.parquet only (--csv always writes the CSV too)", name,
                 len(out), limit // 1_000_000, name)
    return paths


def write_json(obj, folder: str | Path, name: str) -> Path:
    """Write ``obj`` as indented, key-sorted JSON to ``folder/name.json``; return the path."""
    path = Path(folder) / f"{name}.json"
    path.write_text(json.dumps(obj, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    return path
