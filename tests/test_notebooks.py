"""The notebooks: committed clean and thin, and every one runs top to bottom, on the demo corpus and on
a real shared corpus (BASIL), through the same runner as `framelens notebooks`."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbformat.v4 import new_code_cell, new_notebook

from conftest import REPO, shared_path
from framelens.errors import AnalysisError, FramelensError
from framelens.notebooks_runner import NOTEBOOKS, list_notebooks, run_notebook, run_notebooks

NB_DIR = REPO / "notebooks"
PARAMETERS = {"corpus", "format", "lexicons", "outlets", "since", "until", "columns", "by", "out_dir", "n_boot", "seed",
              "voice"}
N_BOOT = 20  # intervals are not what these tests check; keep the runs short


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.fixture(scope="module")
def committed():
    return {p.stem: nbformat.read(str(p), as_version=4) for p in sorted(NB_DIR.glob("*.ipynb"))}


# ------------------------------------------------------------------------------ committed, clean, thin
def test_the_six_notebooks_are_there(committed):
    assert list(committed) == list(NOTEBOOKS)
    assert [p.stem for p in list_notebooks(NB_DIR)] == list(NOTEBOOKS)


def test_committed_notebooks_have_no_outputs_or_execution_counts():
    for path in NB_DIR.glob("*.ipynb"):
        raw = json.loads(path.read_text(encoding="utf-8"))
        for cell in raw["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [], f"{path.name} has committed outputs: clear them"
                assert cell.get("execution_count") is None, f"{path.name} has execution counts: clear them"
        assert "papermill" not in raw["metadata"], f"{path.name} was committed after a papermill run"


def test_each_notebook_has_one_parameters_cell_with_the_documented_parameters(committed):
    for name, nb in committed.items():
        tagged = [c for c in _code(nb) if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, name
        assigned = set(re.findall(r"^(\w+)\s*=", tagged[0].source, flags=re.M))
        assert assigned == PARAMETERS, f"{name}: {assigned ^ PARAMETERS}"
        assert re.search(r'^corpus = "demo"', tagged[0].source, flags=re.M), name


def test_notebooks_hard_code_no_outlet_or_concept_of_any_corpus(committed):
    # they must re-run unchanged on a new corpus: no names from the demo or the shared corpora
    forbidden = re.compile(r"\bOutlet [A-D]\b|(?i:\b(fox|new york times|huffpost|karabakh|immigration|stepanakert|"
                           r"nyt|hpo)\b)")
    for name, nb in committed.items():
        for cell in _code(nb):
            hit = forbidden.search(cell.source)
            assert not hit, f"{name}: hard-coded {hit.group()!r} in a code cell"


def test_notebooks_are_thin_calls_into_framelens(committed):
    for name, nb in committed.items():
        code = "\n".join(c.source for c in _code(nb))
        assert "import framelens as fl" in code, name
        assert not re.search(r"^\s*(def|class) (?!show\b)", code, flags=re.M), f"{name} defines its own logic"
        for forbidden in ("scipy", "sklearn", "np.random", "bootstrap(", "chi2"):
            assert forbidden not in code, f"{name} computes statistics itself ({forbidden})"
        prose = sum(1 for c in nb.cells if c.cell_type == "markdown")
        assert prose >= len(_code(nb)) // 2, f"{name}: each chart needs prose that explains how to read it"


# ------------------------------------------------------------------------------------- the runner
def _probe_notebooks(folder: Path, *, fail: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    params = new_code_cell('corpus = "demo"\nformat = None\nout_dir = "x"')
    params.metadata["tags"] = ["parameters"]
    cells = [params,
             new_code_cell("import sys, os, matplotlib\nprint(sys.executable)\nprint(matplotlib.get_backend())\n"
                           "print(os.getcwd() == out_dir)"),
             new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2], [2, 1])\nplt.show()")]
    if fail:
        cells.append(new_code_cell("x = 1\n1 / 0"))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(folder / "01_probe.ipynb"))
    return folder / "01_probe.ipynb"


def test_runner_uses_this_python_and_captures_charts_even_under_agg(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")  # as in CI
    probe = _probe_notebooks(tmp_path / "nbs", fail=False)
    run = run_notebook(probe, tmp_path / "out", {"corpus": "demo"})
    assert run.ok, run.error
    nb = nbformat.read(str(run.ipynb), as_version=4)
    printed = "".join(o.get("text", "") for o in nb.cells[2].outputs if o.output_type == "stream").split()
    assert printed[0] == sys.executable
    assert "inline" in printed[1]
    assert printed[2] == "True"  # it ran in its own out_dir
    kinds = [o.get("data", {}) for o in nb.cells[3].outputs]
    assert any("image/png" in d for d in kinds), "the chart was not captured"
    assert run.html is not None and "<html" in run.html.read_text(encoding="utf-8")[:500].lower()


def test_a_failing_notebook_is_named_with_its_cell_and_error_after_all_ran(tmp_path):
    folder = tmp_path / "nbs"
    _probe_notebooks(folder, fail=True)
    nbformat.write(nbformat.read(str(folder / "01_probe.ipynb"), as_version=4), str(folder / "02_probe.ipynb"))
    with pytest.raises(AnalysisError) as info:
        run_notebooks("demo", tmp_path / "out", folder=folder)
    msg = str(info.value)
    assert "2 of 2 notebooks failed" in msg
    assert "01_probe: code cell" in msg and "ZeroDivisionError" in msg and "(cell 5 of the notebook)" in msg
    assert (tmp_path / "out" / "01_probe.ipynb").exists() and (tmp_path / "out" / "01_probe.html").exists()


def test_cli_names_unknown_notebooks_and_documents_itself(tmp_path):
    from framelens.cli import main

    res = CliRunner().invoke(main, ["notebooks", "demo", "--out", str(tmp_path), "--only", "99"])
    assert res.exit_code == 2
    assert "no notebook called '99'" in res.output and "01_corpus_overview" in res.output
    help_text = CliRunner().invoke(main, ["notebooks", "--help"]).output
    assert "06_bring_your_own_corpus" in help_text and "--out" in help_text


def test_missing_notebook_folder_says_how_to_fix(tmp_path):
    with pytest.raises(FramelensError, match="notebook folder not found"):
        list_notebooks(tmp_path / "nope")


# ------------------------------------------------------------------------------- every notebook runs
@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    """One feature cache for the notebooks of this module (the kernels inherit the environment)."""
    return tmp_path_factory.mktemp("framelens-cache")


def _check_run(run, *, synthetic: bool):
    assert run.ok, run.error
    nb = nbformat.read(str(run.ipynb), as_version=4)
    outputs = [o for c in _code(nb) for o in c.get("outputs", [])]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert images, f"{run.name} drew no chart"
    assert run.html is not None and run.html.stat().st_size > 10_000
    text = json.dumps([o.get("data", {}).get("text/markdown", "") for o in outputs])
    assert ("SYNTHETIC DATA" in text) == synthetic or run.name.startswith("06")


#: Notebooks that show the interactive explorer inline (framelens.explore), and the view each opens on.
EXPLORER_VIEWS = {"02_naming_choices": "naming", "03_hedging_and_attribution": "cues", "04_outlet_comparison": "terms",
                  "05_same_event_comparison": "events"}


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_on_the_demo_corpus(name, tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("FRAMELENS_CACHE_DIR", str(cache_dir))
    run = run_notebook(NB_DIR / f"{name}.ipynb", tmp_path, {"corpus": "demo", "n_boot": N_BOOT})
    _check_run(run, synthetic=True)
    if name in EXPLORER_VIEWS:  # the explorer is inline, in a sandboxed frame, opening on this notebook's view
        nb = nbformat.read(str(run.ipynb), as_version=4)
        frames = [o["data"]["text/html"] for c in _code(nb) for o in c.get("outputs", [])
                  if "<iframe" in o.get("data", {}).get("text/html", "")]
        assert len(frames) == 1 and 'sandbox="allow-scripts"' in frames[0]
        assert f"&quot;start_view&quot;:&quot;{EXPLORER_VIEWS[name]}&quot;" in frames[0]


@pytest.mark.slow
@pytest.mark.shared_data
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_on_a_real_corpus(name, tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("FRAMELENS_CACHE_DIR", str(cache_dir))
    basil = shared_path("basil")
    run = run_notebook(NB_DIR / f"{name}.ipynb", tmp_path, {"corpus": str(basil), "n_boot": N_BOOT})
    _check_run(run, synthetic=False)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["03_hedging_and_attribution", "05_same_event_comparison"])
def test_notebook_explains_a_corpus_without_dates_or_events(name, tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("FRAMELENS_CACHE_DIR", str(cache_dir))
    lines = [json.dumps({"id": f"{o}-{i}", "outlet": o, "text": f"Officials said the vote may be delayed. "
                         f"Critics claimed it was a \"sham\" and the plan was dropped. Story {i}."})
             for o in ("North Wire", "South Daily") for i in range(3)]
    path = tmp_path / "plain.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_notebook(NB_DIR / f"{name}.ipynb", tmp_path / "out", {"corpus": str(path), "format": "jsonl",
                                                                  "n_boot": N_BOOT})
    assert run.ok, run.error
    nb = nbformat.read(str(run.ipynb), as_version=4)
    printed = " ".join(o.get("text", "") for c in _code(nb) for o in c.get("outputs", []) if o.output_type == "stream")
    assert ("no publication dates" in printed) if name.startswith("03") else ("no event ids" in printed)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["03_hedging_and_attribution", "04_outlet_comparison"])
def test_notebooks_run_with_slashes_and_dollars_in_outlet_names(name, tmp_path, cache_dir, monkeypatch):
    """An outlet with '/' reached a file name in notebooks 03 and 04 (FileNotFoundError), and one with
    '$...$' was read as mathematics by matplotlib (ValueError)."""
    monkeypatch.setenv("FRAMELENS_CACHE_DIR", str(cache_dir))
    lines = [json.dumps({"id": f"{k}-{i}", "outlet": o, "text": f"Officials said the vote may be delayed. Critics "
                         f"claimed it was a \"sham\" and the plan was dropped by the board. Story {i} of {k}."})
             for k, o in enumerate(("AC/DC News", "Cost $_$ Daily", "../../Up")) for i in range(4)]
    path = tmp_path / "names.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_notebook(NB_DIR / f"{name}.ipynb", tmp_path / "out", {"corpus": str(path), "format": "jsonl",
                                                                  "n_boot": N_BOOT})
    assert run.ok, run.error
    written = sorted(p.relative_to(tmp_path / "out" / name).as_posix() for p in (tmp_path / "out" / name).rglob("*.png"))
    assert written and all("/" not in p for p in written)  # every figure directly in its out_dir
    assert not (tmp_path / "Up").exists()


def test_exported_html_loads_nothing_from_the_network(tmp_path):
    """nbconvert's page loaded require.js and MathJax from a CDN: offline it was incomplete."""
    import re

    import nbformat

    from framelens.notebooks_runner import export_html

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
                                         nbformat.v4.new_code_cell("1 + 1")])
    ipynb = tmp_path / "n.ipynb"
    nbformat.write(nb, str(ipynb))
    page = export_html(ipynb, tmp_path / "n.html").read_text("utf-8")
    assert "Title" in page
    assert re.findall(r"""(?:src|href)=["']https?://""", page) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["01_corpus_overview", "04_outlet_comparison", "05_same_event_comparison"])
def test_notebooks_take_columns_a_date_range_and_groups_as_the_cli_does(name, tmp_path, cache_dir, monkeypatch):
    """`framelens notebooks --column --since --by` and the parameters: your column names, a date range
    (what it left out is printed), and groups of outlets where the charts show outlets."""
    monkeypatch.setenv("FRAMELENS_CACHE_DIR", str(cache_dir))
    lines = [json.dumps({"key": f"{o[0]}{i}", "paper": o, "side": side, "day": f"2021-03-{i + 1:02d}", "event_id": f"e{i}",
                         "story": f"Officials said the vote may be delayed. Critics claimed it was a \"sham\" "
                                  f"and the plan was dropped by the board. Story {i}."})
             for o, side in (("North Wire", "left"), ("East Daily", "left"), ("South Post", "right"),
                             ("West Herald", "right")) for i in range(5)]
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    params = {"corpus": str(path), "format": "jsonl", "n_boot": N_BOOT, "since": "2021-03-02", "by": "side",
              "columns": {"doc_id": "key", "outlet": "paper", "text": "story", "published": "day"}}
    run = run_notebook(NB_DIR / f"{name}.ipynb", tmp_path / "out", params)
    assert run.ok, run.error
    nb = nbformat.read(str(run.ipynb), as_version=4)
    outputs = [o for c in _code(nb) for o in c.get("outputs", [])]
    printed = " ".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "20 records seen = 20 loaded + 0 rejected; 16 selected, 4 left out by the selection" in printed
    shown = " ".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("data", {}).get("text/html", ""))
                     for o in outputs)
    assert "left" in shown and "right" in shown  # the groups stand where outlets would
    assert "North Wire" not in shown  # no chart, table or explorer shows the outlets themselves
