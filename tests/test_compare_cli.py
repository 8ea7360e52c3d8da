"""``framelens compare``: the command writes every table, a manifest, and explains user mistakes."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from framelens.cli import main
from framelens.compare import TABLES


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("cmp") / "demo"
    result = CliRunner().invoke(main, ["compare", "demo", "--out", str(out), "--n-boot", "50", "--n-perm", "99",
                                       "--seed", "3"])
    return result, out


def test_compare_writes_tables_and_manifest(demo_run):
    result, out = demo_run
    assert result.exit_code == 0, result.output
    assert "SYNTHETIC" in result.output and "wrote" in result.output
    for name in TABLES:
        assert (out / f"{name}.csv").exists() and (out / f"{name}.parquet").exists(), name
    assert (out / "SYNTHETIC.txt").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 3 and manifest["parameters"]["n_boot"] == 50 and manifest["synthetic"] is True
    assert len(manifest["corpus_hash"]) == 16 and manifest["lexicon_hashes"]
    rates = pd.read_parquet(out / "rates.parquet")
    assert rates["synthetic"].all() and (rates["n_boot"] == 50).all()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no partial folder left


def test_help_is_a_manual():
    result = CliRunner().invoke(main, ["compare", "--help"])
    assert result.exit_code == 0
    for word in ("rates", "shares", "log_odds", "within_event", "manifest.json", "--scheme", "--prior", "Examples"):
        assert word in result.output


def test_unknown_grouping_column_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["compare", "demo", "--out", str(tmp_path / "x"), "--by", "colour"])
    assert result.exit_code == 2
    assert "no column 'colour'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x").exists()
