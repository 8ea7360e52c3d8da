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
    assert ("predictability_method" in manifest) == manifest["parameters"]["predict"]
    rates = pd.read_parquet(out / "rates.parquet")
    assert rates["synthetic"].all() and (rates["n_boot"] == 50).all()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no partial folder left


def test_help_is_a_manual():
    result = CliRunner().invoke(main, ["compare", "--help"])
    assert result.exit_code == 0
    for word in ("rates", "shares", "log_odds", "within_event", "manifest.json", "--scheme", "--prior", "Examples"):
        assert word in result.output


def test_resolve_pronouns_flag_reaches_the_sources_table_and_the_manifest(tmp_path):
    docs = [{"id": f"{o}{i}", "outlet": o, "text": f"Mr. Smith said the plan failed in round {i}. He said it again. "
                                                    f"Officials said the talks in week {i} would go on."}
            for o in ("A", "B") for i in range(3)]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    base = ["compare", str(corpus), "--n-boot", "20", "--n-perm", "19", "--no-log-odds", "--no-predict",
            "--no-over-time", "--jobs", "1"]
    plain = CliRunner().invoke(main, base + ["--out", str(tmp_path / "plain")])
    resolved = CliRunner().invoke(main, base + ["--out", str(tmp_path / "res"), "--resolve-pronouns"])
    assert plain.exit_code == 0 and resolved.exit_code == 0, plain.output + resolved.output
    p = pd.read_csv(tmp_path / "plain" / "sources.csv").set_index(["outlet", "source"])
    r = pd.read_csv(tmp_path / "res" / "sources.csv").set_index(["outlet", "source"])
    assert p.loc[("A", "smith"), "count"] == 3 and p.loc[("A", "(pronoun)"), "count"] == 3
    assert r.loc[("A", "smith"), "count"] == 6 and r.loc[("A", "smith"), "resolved"] == 3
    assert ("A", "(pronoun)") not in r.index
    manifest = json.loads((tmp_path / "res" / "manifest.json").read_text())
    assert manifest["parameters"]["resolve_pronouns"] is True


def test_by_leaning_resamples_the_outlets_of_a_leaning(tmp_path):
    # leaning "x" holds outlets A, B and C; leaning "y" is outlet D alone
    leaning = {"A": "x", "B": "x", "C": "x", "D": "y"}
    docs = [{"id": f"{o}{i}", "outlet": o, "leaning": leaning[o],
             "text": f"Officials said the talks in week {i} may go on. Critics claimed the plan for round {i} "
                     f"had failed, and the illegal immigrants were said to be waiting."}
            for o in leaning for i in range(4)]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    out = tmp_path / "lean"
    result = CliRunner().invoke(main, ["compare", str(corpus), "--out", str(out), "--by", "leaning", "--n-boot", "30",
                                       "--n-perm", "19", "--no-log-odds", "--no-predict", "--no-over-time",
                                       "--jobs", "1"])
    assert result.exit_code == 0, result.output
    for name in ("rates", "shares", "sources"):
        table = pd.read_csv(out / f"{name}.csv", keep_default_na=False).set_index("leaning")
        assert set(table.loc["x", "scheme"]) == {"outlets"}, name
        assert (table.loc["x", "n_outlets"] == 3).all() and (table.loc["y", "n_outlets"] == 1).all()
        assert set(table.loc["y", "scheme"]) == {"documents"}
        assert table["small_n"].dtype == bool
    assert "outlets" in CliRunner().invoke(main, ["compare", "--help"]).output


def test_unknown_grouping_column_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["compare", "demo", "--out", str(tmp_path / "x"), "--by", "colour"])
    assert result.exit_code == 2
    assert "no column 'colour'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x").exists()


def test_compare_reads_and_writes_the_feature_cache_unless_told_not_to(tmp_path):
    """compare extracted again on every run (172 s each time on 34,690 articles); it now shares
    analyze's cache."""
    args = ["compare", "demo", "--n-boot", "20", "--n-perm", "20", "--no-predict", "--no-log-odds", "--no-over-time"]
    cache = tmp_path / "cache"
    first = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a"), "--cache-dir", str(cache)])
    assert first.exit_code == 0, first.output
    written = {p: p.stat().st_mtime_ns for p in cache.rglob("*.parquet")}
    assert written
    second = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "b"), "--cache-dir", str(cache)])
    # read, not written again: the same files, untouched
    assert second.exit_code == 0 and {p: p.stat().st_mtime_ns for p in cache.rglob("*.parquet")} == written
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a" / "rates.parquet"),
                                  pd.read_parquet(tmp_path / "b" / "rates.parquet"))
    off = tmp_path / "off"
    third = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "c"), "--cache-dir", str(off), "--no-cache"])
    assert third.exit_code == 0 and not off.exists()
