"""Arguments are checked before any work: a seed numpy or scikit-learn cannot take, or a number of
bootstrap replicates that gives no interval, is a usage error (exit 2, one message), never a
traceback after the whole analysis and never NaN intervals with exit 0."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from framelens.cli import main
from framelens.errors import AnalysisError


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("c") / "c.jsonl"
    rows = [{"doc_id": str(i), "outlet": "AB"[i % 2], "text": "Officials said it may work."} for i in range(6)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["analyze", "compare", "report"])
@pytest.mark.parametrize("args, option", [(["--seed", "-1"], "--seed"), (["--seed", str(2**70)], "--seed"),
                                          (["--seed", "1.5"], "--seed"), (["--n-boot", "0"], "--n-boot"),
                                          (["--n-boot", "-5"], "--n-boot"), (["--jobs", "0"], "--jobs")])
def test_bad_numbers_are_usage_errors_before_any_work(corpus, tmp_path, command, args, option):
    res = CliRunner().invoke(main, [command, str(corpus), "--out", str(tmp_path / "out"), *args])
    assert res.exit_code == 2
    assert option in res.output and "Traceback" not in res.output
    assert "records seen" not in res.output  # nothing was loaded
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [["--level", "1.5"], ["--level", "0"], ["--n-perm", "0"], ["--top-terms", "0"],
                                  ["--prior-scale", "-1"]])
def test_compare_checks_its_other_numbers(corpus, tmp_path, args):
    res = CliRunner().invoke(main, ["compare", str(corpus), "--out", str(tmp_path / "out"), *args])
    assert res.exit_code == 2 and args[0] in res.output and "records seen" not in res.output


@pytest.mark.parametrize("command, args", [("kwic", ["--term", "x", "--width", "-1"]), ("kwic", ["--term", "x", "--limit", "-2"]),
                                           ("load", ["--rejects", "-1"]), ("extract", ["--show", "-1"])])
def test_counts_may_not_be_negative(corpus, command, args):
    res = CliRunner().invoke(main, [command, str(corpus), *args])
    assert res.exit_code == 2 and args[-2] in res.output


@pytest.mark.parametrize("kwargs", [{"seed": -1}, {"seed": 2**70}, {"seed": 1.5}, {"n_boot": -1}, {"jobs": 0}])
def test_the_library_checks_them_too_before_writing(demo_corpus, tmp_path, kwargs):
    from framelens.pipeline import analyze

    with pytest.raises(AnalysisError):
        analyze(demo_corpus, tmp_path / "out", **kwargs)
    assert not (tmp_path / "out").exists()
