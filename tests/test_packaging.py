"""The install files agree, the CI script runs the README's test command, and the CLI is documented."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import yaml
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(req: str) -> str:
    name = _name(req)
    rest = req.strip()[len(name):]
    rest = re.sub(r"^\[[^\]]*\]", "", rest)
    return rest.replace(" ", "")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))]
    py = {_name(r): _spec(r) for r in project["dependencies"]}
    co = {_name(r): _spec(r) for r in conda}
    assert py == co, f"pyproject.toml and environment.yml disagree: {set(py.items()) ^ set(co.items())}"
    assert any(d == "python=3.11" for d in env["dependencies"] if isinstance(d, str))


def test_ci_runs_the_readme_test_command_with_shared_data_required():
    ci = (REPO / ".ci" / "run").read_text()
    readme = (REPO / "README.md").read_text()
    assert "make test" in ci and "make test" in readme
    assert "FRAMELENS_REQUIRE_SHARED_DATA=1" in ci


def _extra_and_environment_pip(extra: str) -> tuple[dict, dict]:
    """Name -> version spec of a pyproject extra, and of environment.yml's pip section."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = {_name(r): _spec(r) for r in project["optional-dependencies"][extra]}
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    return wanted, {_name(r): _spec(r) for r in pip if not r.startswith("-")}


def test_the_browser_test_driver_is_in_the_test_extra_and_environment_yml_alike():
    test, listed = _extra_and_environment_pip("test")
    assert "playwright" in test and listed.get("playwright") == test["playwright"]


def test_ci_installs_debian_chromium_and_requires_the_browser_tests():
    ci = (REPO / ".ci" / "run").read_text()
    assert "apt-get install" in ci and "chromium chromium-driver" in ci and "playwright install" not in ci
    assert "FRAMELENS_REQUIRE_BROWSER=1" in ci
    # the test command is still exactly the README's
    assert [line.strip() for line in ci.splitlines() if line.strip().startswith("make ")] == ["make test"]


def test_every_cli_command_has_a_help_page():
    from framelens.cli import main

    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0
    for name, cmd in main.commands.items():
        res = runner.invoke(main, [name, "--help"])
        assert res.exit_code == 0, name
        assert cmd.help and len(cmd.help.strip()) > 30, f"`framelens {name}` needs a real help text"
        assert name in top.output


def test_no_network_model_downloads_in_the_package():
    for path in (REPO / "analysis").rglob("*.py"):
        assert "nltk.download(" not in path.read_text(encoding="utf-8"), path


def test_notebooks_are_committed_without_outputs():
    for nb_path in (REPO / "notebooks").glob("*.ipynb"):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{nb_path.name} has committed outputs: strip them"
                assert cell.get("execution_count") is None, f"{nb_path.name} has execution counts"


def test_license_is_an_spdx_expression_so_the_install_is_quiet():
    """A TOML table for project.license made every install print setuptools' deprecation warning."""
    data = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert isinstance(data["project"]["license"], str) and "MIT" in data["project"]["license"]
    assert "CC-BY-SA-4.0" in data["project"]["license"]  # the shipped tagger model's data licence
    assert any(r.startswith("setuptools>=77") for r in data["build-system"]["requires"])


def test_jupyterlab_is_one_command_away():
    """The design card says Jupyter, and `jupyter lab` was not in the environment."""
    lab, listed = _extra_and_environment_pip("lab")
    assert "jupyterlab" in lab and listed.get("jupyterlab") == lab["jupyterlab"]
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^lab: .*\n\t.*jupyter lab --notebook-dir=notebooks", makefile, re.M)
    assert "[lab]" in makefile and "make lab" in (REPO / "README.md").read_text()
