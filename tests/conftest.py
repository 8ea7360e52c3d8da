"""Shared fixtures. Real corpora come from ../shared/data: tests that need them skip with a reason
when it is absent, and fail instead when FRAMELENS_REQUIRE_SHARED_DATA=1 (as in CI)."""
from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("FRAMELENS_SHARED_DATA", REPO.parent / "shared" / "data"))


def shared_path(*parts: str) -> Path:
    """Path inside ../shared/data; skip (or fail under FRAMELENS_REQUIRE_SHARED_DATA=1) if missing."""
    p = SHARED_DATA.joinpath(*parts)
    if not p.exists():
        msg = (f"shared corpus not found at {p}: these tests read real corpora from ../shared/data "
               "(set FRAMELENS_SHARED_DATA to point elsewhere)")
        if os.environ.get("FRAMELENS_REQUIRE_SHARED_DATA") == "1":
            pytest.fail(msg + " and FRAMELENS_REQUIRE_SHARED_DATA=1 requires them")
        pytest.skip(msg)
    return p


@pytest.fixture(scope="session")
def demo_corpus():
    import framelens as fl

    return fl.load_corpus("demo")


@pytest.fixture(scope="session", autouse=True)
def _feature_cache_of_this_run(tmp_path_factory):
    """Commands that cache extractions (analyze, compare, notebooks) write to a folder of this test
    run, never to the user's ~/.cache/framelens."""
    if "FRAMELENS_CACHE_DIR" not in os.environ:
        os.environ["FRAMELENS_CACHE_DIR"] = str(tmp_path_factory.mktemp("framelens-cache"))
    yield
