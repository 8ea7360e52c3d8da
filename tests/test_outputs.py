"""Output folders lose nothing: only framelens's own folders are replaced, never an input or a home,
one run per target, the swap survives a kill, folders follow the umask, and a read-only or full disk
fails cleanly before (or without) leaving anything that looks complete."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from framelens.errors import OutputError
from framelens.outputs import MARKER, atomic_dir, mark_output, reserve_output, safe_filename, write_file_atomically

REPO = Path(__file__).resolve().parents[1]
ANALYSIS = REPO / "analysis"


def _write(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _hidden(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def small_corpus(path: Path, n: int = 8) -> Path:
    """A small JSON Lines corpus (two outlets, a hedge and a reporting verb in every text)."""
    rows = [{"doc_id": f"d{i}", "outlet": "Outlet A" if i % 2 else "Outlet B",
             "text": f"Officials said the plan may work. Critics claimed that report {i} was wrong. "
                     f"The vote was delayed on day {i}."} for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ what may be replaced
def test_a_folder_of_the_users_files_is_refused_and_kept(tmp_path):
    target = _write(tmp_path / "v", **{"thesis.docx": "x"})
    with pytest.raises(OutputError, match="not written by framelens") as err:
        with atomic_dir(target) as tmp:
            (tmp / "rates.csv").write_text("a\n")
    assert "thesis.docx" in str(err.value) and "--force" in str(err.value)
    assert sorted(p.name for p in target.iterdir()) == ["thesis.docx"]
    assert _hidden(tmp_path) == []  # no partial folder, no lock left behind


def test_an_input_inside_the_target_is_refused_even_with_force(tmp_path):
    target = _write(tmp_path / "v", **{"c.jsonl": "{}\n", "thesis.docx": "x"})
    for force in (False, True):
        with pytest.raises(OutputError, match="contains an input"):
            with atomic_dir(target, inputs=[target / "c.jsonl"], force=force):
                pass
    with pytest.raises(OutputError, match="is an input"):
        with atomic_dir(target, inputs=[target], force=True):
            pass
    assert sorted(p.name for p in target.iterdir()) == ["c.jsonl", "thesis.docx"]


def test_the_cli_refuses_an_out_holding_the_corpus_before_loading(tmp_path):
    """The issue's reproduction: `framelens analyze v/c.jsonl --out v` left only outputs."""
    from framelens.cli import main

    v = _write(tmp_path / "v", **{"thesis.docx": "x"})
    small_corpus(v / "c.jsonl")
    before = {p.name: p.read_bytes() for p in v.iterdir()}
    res = CliRunner().invoke(main, ["analyze", str(v / "c.jsonl"), "--out", str(v), "--no-report", "--jobs", "1"])
    assert res.exit_code == 2
    assert "contains an input" in res.output and "Traceback" not in res.output
    assert "records seen" not in res.output  # refused before any work
    assert {p.name: p.read_bytes() for p in v.iterdir()} == before
    res = CliRunner().invoke(main, ["analyze", str(v / "c.jsonl"), "--out", str(v), "--force", "--no-report"])
    assert res.exit_code == 2 and {p.name: p.read_bytes() for p in v.iterdir()} == before


def test_force_replaces_a_folder_framelens_did_not_write(tmp_path):
    target = _write(tmp_path / "v", **{"old.txt": "x"})
    with atomic_dir(target, force=True) as tmp:
        (tmp / "rates.csv").write_text("a\n")
    assert sorted(p.name for p in target.iterdir()) == [MARKER, "rates.csv"]


def test_an_earlier_output_is_replaced_but_not_the_users_files_in_it(tmp_path):
    target = tmp_path / "out"
    with atomic_dir(target) as tmp:
        (tmp / "rates.csv").write_text("1\n")
    assert json.loads((target / MARKER).read_text())["files"] == ["rates.csv"]
    with atomic_dir(target) as tmp:
        (tmp / "rates.csv").write_text("2\n")
    assert (target / "rates.csv").read_text() == "2\n"
    (target / "notes.md").write_text("mine")
    with pytest.raises(OutputError, match="notes.md"):
        with atomic_dir(target) as tmp:
            (tmp / "rates.csv").write_text("3\n")
    assert (target / "notes.md").read_text() == "mine" and (target / "rates.csv").read_text() == "2\n"
    mark_output(target, ["notes.md"])  # what framelens writes in place is recorded, and then replaceable
    with atomic_dir(target) as tmp:
        (tmp / "rates.csv").write_text("4\n")
    assert sorted(p.name for p in target.iterdir()) == [MARKER, "rates.csv"]


def test_an_output_of_an_older_framelens_is_recognised_by_its_manifest(tmp_path):
    target = _write(tmp_path / "old", **{"manifest.json": json.dumps({"package_version": "0.0.9"}), "rates.csv": ""})
    with atomic_dir(target) as tmp:
        (tmp / "rates.csv").write_text("new\n")
    assert (target / "rates.csv").read_text() == "new\n"
    other = _write(tmp_path / "other", **{"manifest.json": json.dumps({"name": "not ours"})})
    with pytest.raises(OutputError, match="not written by framelens"):
        with atomic_dir(other):
            pass


@pytest.mark.parametrize("where", ["root", "home", "above_cwd"])
def test_root_home_and_folders_above_the_working_directory_are_refused(where, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    work = tmp_path / "work" / "deeper"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    target = {"root": Path("/"), "home": tmp_path / "home", "above_cwd": tmp_path / "work"}[where]
    with pytest.raises(OutputError):
        with atomic_dir(target, force=True):
            pass
    assert work.exists() and (tmp_path / "home").exists()


def test_out_dot_writes_into_the_working_directory(tmp_path, monkeypatch):
    """`--out .` crashed ('.' has an empty name) and left a `..partial-*` folder with the output."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    for round_ in ("1", "2"):
        with atomic_dir(".") as tmp:
            (tmp / "rates.csv").write_text(round_)
        assert Path("rates.csv").read_text() == round_  # the shell's folder itself holds the output
    assert Path.cwd() == here.resolve()
    assert _hidden(tmp_path) == []


def test_folders_follow_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        with atomic_dir(tmp_path / "out") as tmp:
            (tmp / "sub").mkdir()
    finally:
        os.umask(old)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o750  # mkdtemp made it 0700


def test_a_failure_inside_leaves_the_old_output_and_nothing_hidden(tmp_path):
    target = tmp_path / "out"
    with atomic_dir(target) as tmp:
        (tmp / "a.csv").write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_dir(target) as tmp:
            (tmp / "a.csv").write_text("new")
            raise RuntimeError("boom")
    assert (target / "a.csv").read_text() == "old"
    assert _hidden(tmp_path) == []


# ------------------------------------------------------------------------------------ one run at a time
def _hold_in_subprocess(target: Path) -> subprocess.Popen:
    code = textwrap.dedent(f"""
        import sys
        from framelens.outputs import reserve_output
        with reserve_output({str(target)!r}):
            print("held", flush=True)
            sys.stdin.readline()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ANALYSIS)})
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_run_on_the_same_output_fails_at_once(tmp_path):
    """Two concurrent runs could fail with 'Directory not empty'; now the second is told to wait."""
    target = tmp_path / "out"
    proc = _hold_in_subprocess(target)
    try:
        with pytest.raises(OutputError, match=rf"another framelens run \(process {proc.pid}\)"):
            with atomic_dir(target):
                pass
    finally:
        proc.communicate("\n", timeout=60)
    with atomic_dir(target) as tmp:  # released: the next run goes ahead, and the lock file is gone
        (tmp / "x").write_text("1")
    assert _hidden(tmp_path) == []


def test_nested_reservations_of_one_run_share_the_lock(tmp_path):
    target = tmp_path / "out"
    with reserve_output(target) as outer:
        with atomic_dir(target) as tmp:
            (tmp / "x").write_text("1")
        assert (tmp_path / ".out.lock").exists()
        assert reserve_output(target) is outer
        outer.release()
    assert not (tmp_path / ".out.lock").exists()


# ------------------------------------------------------------------------------------ killed mid-swap
_KILL_AT = """
import os, pathlib, shutil, signal, sys
from framelens import outputs
target, kill_at = sys.argv[1], int(sys.argv[2])
calls = []
def killing(real):
    def call(*args, **kwargs):
        calls.append(1)
        if len(calls) == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call
pathlib.Path.rename = killing(pathlib.Path.rename)  # the two renames of the swap ...
outputs.shutil.rmtree = killing(shutil.rmtree)      # ... then removing the old folder
with outputs.atomic_dir(target) as tmp:
    (tmp / "a.csv").write_text("new")
"""


@pytest.mark.parametrize("kill_at, expected", [(1, "old"), (2, "new"), (3, "new")])
def test_a_run_killed_during_the_swap_is_finished_or_undone_by_the_next(tmp_path, kill_at, expected):
    """Killed before the first rename (1), between the two (2: the output only in hidden folders),
    or after both (3: the old one not yet removed): the next run on the target recovers."""
    target = tmp_path / "out"
    with atomic_dir(target) as tmp:
        (tmp / "a.csv").write_text("old")
    proc = subprocess.run([sys.executable, "-c", _KILL_AT, str(target), str(kill_at)],
                          env={**os.environ, "PYTHONPATH": str(ANALYSIS)}, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    if kill_at == 2:
        assert not target.exists() and len(_hidden(tmp_path)) >= 2  # what the issue saw
    with reserve_output(target):
        assert (target / "a.csv").read_text() == expected
    assert _hidden(tmp_path) == []


def test_an_interrupted_swap_without_a_complete_new_folder_puts_the_old_one_back(tmp_path):
    target = tmp_path / "out"
    with atomic_dir(target) as tmp:
        (tmp / "a.csv").write_text("old")
    target.rename(tmp_path / ".out.old-1234abcd")
    (tmp_path / ".out.partial-5678abcd").mkdir()  # a dead run's folder, never completed (no marker)
    with reserve_output(target):
        assert (target / "a.csv").read_text() == "old"
    assert _hidden(tmp_path) == []


def test_stale_partial_folders_of_dead_runs_are_removed(tmp_path):
    target = tmp_path / "out"
    with atomic_dir(target) as tmp:
        (tmp / "a.csv").write_text("old")
    for i in range(3):
        _write(tmp_path / f".out.partial-dead000{i}", **{"hits.csv": "x" * 100})
    (tmp_path / ".other.partial-0000").mkdir()  # another target's: not ours to remove
    (tmp_path / ".out.probe-0badf00d").write_bytes(b"\0")  # a run killed while probing
    with atomic_dir(target) as tmp:
        (tmp / "a.csv").write_text("new")
    assert _hidden(tmp_path) == [".other.partial-0000"]


# ------------------------------------------------------------------------ the disk, and permissions
def _tmpfs(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A 300 kB tmpfs (needs root and mount permission; skips otherwise)."""
    disk = tmp_path / "disk"
    if not _tmpfs(disk, "size=300k"):
        pytest.skip("mounting a small tmpfs needs root and mount permission; "
                    "test_output_beyond_a_file_size_limit covers a full disk without them")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.fixture
def read_only_dir(tmp_path):
    """A folder this process cannot write: chmod 0555 when not root, a read-only tmpfs as root."""
    ro = tmp_path / "ro"
    if os.geteuid() != 0:
        ro.mkdir()
        ro.chmod(0o555)
        yield ro
        ro.chmod(0o755)
        return
    if not _tmpfs(ro, "ro,size=64k"):
        pytest.skip("as root a read-only folder needs a read-only tmpfs mount, which is not permitted here")
    yield ro
    subprocess.run(["umount", "-l", str(ro)], check=False)


def _cli(args, **kw) -> subprocess.CompletedProcess:
    code = "import sys; from framelens.cli import main; sys.argv[0] = 'framelens'; main()"
    env = {**os.environ, "PYTHONPATH": str(ANALYSIS), "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          timeout=600, **kw)


def test_a_read_only_parent_fails_before_any_work(read_only_dir, tmp_path):
    corpus = small_corpus(tmp_path / "c.jsonl")
    res = _cli(["analyze", str(corpus), "--out", str(read_only_dir / "out"), "--no-cache", "--jobs", "1"])
    assert res.returncode == 2, res.stderr
    assert "framelens: error:" in res.stderr and "Traceback" not in res.stderr
    assert "records seen" not in res.stdout  # before loading, not after the whole analysis
    with pytest.raises(OutputError, match="cannot"):
        reserve_output(read_only_dir / "out")


def test_a_full_output_disk_fails_cleanly(small_disk, tmp_path):
    corpus = small_corpus(tmp_path / "c.jsonl", n=40)
    res = _cli(["analyze", str(corpus), "--out", str(small_disk / "out"), "--no-cache", "--jobs", "1",
                "--n-boot", "20"])
    assert res.returncode == 2, res.stderr
    assert "no space left" in res.stderr and "Traceback" not in res.stderr
    assert list(small_disk.iterdir()) == []  # no folder that looks complete, no partial left


def test_output_beyond_a_file_size_limit_fails_cleanly(tmp_path):
    """RLIMIT_FSIZE stands in for a full disk without root: writes beyond it fail with EFBIG (the CLI
    ignores SIGXFSZ, which would otherwise kill it)."""
    import resource

    corpus = small_corpus(tmp_path / "c.jsonl", n=40)
    out = tmp_path / "out"

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    res = _cli(["analyze", str(corpus), "--out", str(out), "--no-cache", "--jobs", "1", "--n-boot", "20"],
               preexec_fn=limit)
    assert res.returncode == 2, res.stderr
    assert "size limit" in res.stderr and "Traceback" not in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl"]


# ----------------------------------------------------------------------------------- file names, files
@pytest.mark.parametrize("name", ["AC/DC News", "../../etc/passwd", "a\x00b", "$x$", "", ".hidden", "x" * 5000,
                                  "naming:karabakh/capital", "C:\\Users", "\u202eevil"])
def test_safe_filename_is_one_harmless_path_component(name, tmp_path):
    out = safe_filename(name)
    assert out and "/" not in out and "\\" not in out and "\x00" not in out and not out.startswith(".")
    assert len(out) <= 120
    (tmp_path / f"{out}.png").write_bytes(b"")  # a real file name on this system
    assert (tmp_path / f"{out}.png").parent == tmp_path


def test_long_names_stay_distinct():
    assert safe_filename("x" * 500 + "a") != safe_filename("x" * 500 + "b")


def test_an_output_file_that_is_an_input_is_refused(tmp_path):
    f = _write(tmp_path, **{"c.csv": "doc_id,text\n1,a\n"}) / "c.csv"
    with pytest.raises(OutputError, match="is an input"):
        write_file_atomically(f, lambda tmp: Path(tmp).write_text("x"), inputs=[f])
    assert f.read_text() == "doc_id,text\n1,a\n"
    with pytest.raises(ZeroDivisionError):
        write_file_atomically(tmp_path / "o.csv", lambda tmp: (Path(tmp).write_text("half"), 1 / 0))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv"]


def test_a_table_over_the_csv_limit_is_parquet_only_unless_asked(tmp_path, caplog):
    import logging

    import pandas as pd

    from framelens.errors import OutputError
    from framelens.outputs import write_table

    table = pd.DataFrame({"doc_id": [f"d{i}" for i in range(1000)], "text": ["some words here"] * 1000})
    with caplog.at_level(logging.INFO, logger="framelens.outputs"):
        written = write_table(table, tmp_path / "a", "hits", csv_limit=10_000)
    assert [p.name for p in written] == ["hits.parquet"] and "hits.parquet only" in caplog.text
    assert [p.name for p in write_table(table, tmp_path / "b", "hits", csv_limit=10_000, csv="always")] == [
        "hits.parquet", "hits.csv"]
    assert [p.name for p in write_table(table, tmp_path / "c", "hits")] == ["hits.parquet", "hits.csv"]
    assert [p.name for p in write_table(table, tmp_path / "d", "hits", csv="never")] == ["hits.parquet"]
    assert [p.name for p in write_table(table, tmp_path / "e", "hits", parquet=False, csv="never")] == ["hits.csv"]
    with pytest.raises(OutputError, match="unknown csv mode"):
        write_table(table, tmp_path / "f", "hits", csv="sometimes")
