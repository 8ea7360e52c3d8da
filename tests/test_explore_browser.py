"""The explorer page in a real browser: Chromium from the Debian packages, driven headless by Playwright
(never a downloaded browser build).

Two page loads: the demo corpus with a document carrying injected markup, and the AllSides subset
(the largest shared corpus) under a tight size bound. Checked: no request to any host, no script
error, searching a term and clicking it shows its sentences, clicking a rate shows the sentences
behind it (in either voice), clicking a naming segment shows its mentions, the same-event view
shows each outlet, the z-scores computed in the page equal the log_odds table, injected markup
never runs, and the size bound holds. The load times are printed (``-s``), never asserted.

Without Chromium or Playwright the tests skip with the reason; FRAMELENS_REQUIRE_BROWSER=1 (as in
.ci/run) makes that a failure.
"""
from __future__ import annotations

import os
import shutil
from urllib.parse import urlparse

import pytest

import framelens as fl
from conftest import shared_path
from framelens.compare import compare_all
from framelens.explore import write_explorer
from framelens.features import document_features

pytestmark = pytest.mark.browser

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = {"file", "data", "about"}
INJECTED_OUTLET = "Wire <img src=x onerror=\"window.__pwned = 5\">"
INJECTED_TITLE = "Council <script>window.__pwned = 1</script> votes <img src=x onerror=\"window.__pwned = 4\">"
INJECTED_TEXT = ("Officials reportedly said the plan </script><script>window.__pwned = 2</script> was "
                 "<img src=x onerror=\"window.__pwned = 3\"> dropped, according to the council. "
                 "<img src=\"http://example.com/beacon.png\"> <link rel=stylesheet href=\"https://example.com/x.css\">\n"
                 "The mayor said: \u201cThe plan may well fail, and it might cost us the vote.\u201d")


def _need_browser():
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the browser tests need the playwright package (pip install -e '.[test]')"
    path = os.environ.get("FRAMELENS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if reason is None and not path:
        reason = "no Chromium found (apt-get install chromium chromium-driver, or set FRAMELENS_CHROMIUM)"
    if reason:
        if os.environ.get("FRAMELENS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " and FRAMELENS_REQUIRE_BROWSER=1 requires it")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    path = _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("chromium-profile")),
                                                   executable_path=path, headless=True, args=FLAGS,
                                                   viewport={"width": 1400, "height": 900})
        yield ctx
        ctx.close()


def _open(ctx, path):
    """Load a page, recording every request (anything but file:, data:, about: is aborted) and every
    console error or page error."""
    page = ctx.new_page()
    seen, errors = [], []

    def route(r):
        seen.append(r.request.url)
        if urlparse(r.request.url).scheme in LOCAL_SCHEMES:
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda req: seen.append(req.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready='1']", timeout=30_000)
    return page, seen, errors


def _remote(urls):
    return sorted({u for u in urls if urlparse(u).scheme not in LOCAL_SCHEMES})


# ------------------------------------------------------------------------------------------- demo
@pytest.fixture(scope="module")
def demo_page(tmp_path_factory):
    corpus = fl.load_corpus("demo")
    docs = corpus.documents
    first = docs.index[0]
    docs.loc[first, "title"] = INJECTED_TITLE
    docs.loc[first, "text"] = INJECTED_TEXT + " " + docs.loc[first, "text"]
    docs["outlet"] = docs["outlet"].astype(str)
    docs.loc[docs.index[1], "outlet"] = INJECTED_OUTLET
    hits = fl.extract(corpus)
    feats = document_features(corpus, hits)
    results = compare_all(corpus, hits, feats, n_boot=20, predictability=False, over_time=False)
    path = write_explorer(tmp_path_factory.mktemp("explorer") / "demo.html", corpus, hits, results)
    return path, corpus, hits, results


def test_demo_page_in_chromium(browser, demo_page):
    path, corpus, hits, results = demo_page
    page, seen, errors = _open(browser, path)
    ready = page.evaluate("window.framelensReadyMs")
    print(f"\ndemo explorer: {path.stat().st_size / 1e6:.2f} MB, ready {ready:.0f} ms after navigation start")
    assert seen and seen[0].startswith("file:")  # the recorder works
    assert _remote(seen) == []
    assert errors == []

    # injected markup never ran, and shows as text
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("img").count() == 0 and page.locator("link").count() == 0
    assert page.locator("script").count() == 2
    options = page.locator("select[name='side A'] option").all_inner_texts()
    assert INJECTED_OUTLET in options  # an outlet name with markup is listed as text

    # search a term and click it: its sentences, highlighted, from every outlet that uses it
    page.click("#tab-terms")
    page.fill("#term-search", "stepanakert")
    page.press("#term-search", "Enter")
    page.wait_for_selector("#evidence-list .ev")
    assert page.inner_text("#evidence-title") == "“stepanakert”"
    marks = page.locator("#evidence-list mark").all_inner_texts()
    assert marks and {m.lower() for m in marks} == {"stepanakert"}
    outlets = set(page.locator("#evidence-list .outlet-chip").all_inner_texts())
    using = set(corpus.documents.loc[corpus.documents["text"].str.contains("Stepanakert"), "outlet"])
    assert outlets == using

    # the page's log-odds equal the log_odds table (outlet against the rest)
    lo = results["log_odds"]
    outlet_names = [o[0] for o in page.evaluate("window.framelensExplorer.data.outlets")]
    for outlet in outlet_names[:2]:
        rows = lo[(lo["group"] == outlet) & (lo["comparison"] == "rest")].head(10)
        spec = f"o:{outlet_names.index(outlet)}"
        mine = page.evaluate("([a]) => Object.fromEntries(window.framelensExplorer.logOdds(a, 'rest')"
                             ".map(p => [p.name, p.z]))", [spec])
        for term, z in zip(rows["term"], rows["z"]):
            assert mine[term] == pytest.approx(z, rel=1e-9, abs=1e-9), (outlet, term)

    # click a rate: the sentences behind it are that outlet's cues of that feature
    page.click("#tab-cues")
    dot = page.locator(".rate-dot").first
    outlet, feature = dot.get_attribute("data-outlet"), dot.get_attribute("data-feature")
    dot.click()
    page.wait_for_selector("#evidence-list .ev")
    title = page.inner_text("#evidence-title")
    assert title.startswith(outlet)
    assert set(page.locator("#evidence-list .outlet-chip").all_inner_texts()) == {outlet}
    expected = hits[(hits["feature"] == feature) & hits["doc_id"].map(
        dict(zip(corpus.documents["doc_id"], corpus.documents["outlet"]))).eq(outlet)]
    shown = page.locator("#evidence-list mark").all_inner_texts()
    assert shown and set(shown) <= set(expected["text"])
    count = page.inner_text("#evidence-count")
    assert count.startswith("Showing ")

    # the quoted voice: its rates and its sentences (the injected article quotes the mayor hedging)
    quoted_outlet = corpus.documents["outlet"].iloc[0]
    page.select_option("select[name='cue']", value=str(page.evaluate("window.framelensExplorer.data.features"
                                                                     ".indexOf('hedge')")))
    page.select_option("select[name='voice']", label="quoted")
    page.click(f".rate-dot[data-outlet='{quoted_outlet}'][data-feature='hedge']")
    page.wait_for_selector("#evidence-list .ev")
    assert page.inner_text("#evidence-title").endswith("· quoted")
    sources = page.locator("#evidence-list .src").all_inner_texts()
    assert sources and all(s.endswith("· quoted") for s in sources)
    quoted = hits[(hits["voice"] == "quoted") & (hits["feature"] == "hedge")
                  & hits["doc_id"].isin(corpus.documents.loc[corpus.documents["outlet"] == quoted_outlet, "doc_id"])]
    marks = {m.lower() for m in page.locator("#evidence-list mark").all_inner_texts()}
    assert len(sources) == len(quoted) and marks == {t.lower() for t in quoted["text"]}
    assert {"may well", "might"} <= marks  # the mayor's two hedges, each marked as matched

    # click a naming segment: the mentions with that name in that outlet
    page.click("#tab-naming")
    seg = page.locator(".segment").first
    variant = seg.get_attribute("data-variant")
    seg.click()
    page.wait_for_selector("#evidence-list .ev")
    assert variant in page.inner_text("#evidence-title")
    names = {m.lower() for m in page.locator("#evidence-list mark").all_inner_texts()}
    forms = set(hits.loc[hits["variant"] == variant, "text"].str.lower())
    assert names and names <= forms

    # filter the evidence by outlet from the panel
    page.click("#tab-terms")
    page.evaluate("window.framelensExplorer.chooseTerm('said')")
    page.wait_for_selector("#evidence-list .ev")
    pick = outlet_names[1]
    page.select_option("select[name='filter outlet']", label=pick)
    assert set(page.locator("#evidence-list .outlet-chip").all_inner_texts()) == {pick}

    # the same event, told by each outlet
    page.click("#tab-events")
    page.wait_for_selector("#story .article")
    chips = page.locator("#story .outlet-chip").all_inner_texts()
    assert len(set(chips)) >= 2
    assert page.locator("#story mark").count() > 0

    # and still nothing ran, nothing was fetched
    assert page.evaluate("window.__pwned === undefined")
    assert _remote(seen) == [] and errors == []
    page.close()


# ------------------------------------------------------------------------------- largest corpus
@pytest.mark.shared_data
@pytest.mark.slow
def test_largest_shared_corpus_page_keeps_its_bound_in_chromium(browser, tmp_path):
    corpus = fl.load_corpus(shared_path("article-bias-prediction-subset"))
    # two packs keep the extraction short; their 50,000 cues are still far more than the page holds
    hits = fl.extract(corpus, lexicons=["hedges", "immigration"])
    feats = document_features(corpus, hits)
    results = compare_all(corpus, hits, feats, n_boot=20, n_perm=50, log_odds=False, predictability=False,
                          over_time=False)
    bound = 4_000_000  # below what the default budgets give here (about 5.7 MB), so the bound is what holds
    # and at most 60 of its 107 outlets, so the page's statement of the outlets left out is drawn too
    path = write_explorer(tmp_path / "allsides.html", corpus, hits, results, max_bytes=bound, max_outlets=60)
    size = path.stat().st_size
    assert size <= bound
    page, seen, errors = _open(browser, path)
    ready = page.evaluate("window.framelensReadyMs")
    print(f"\nAllSides explorer: {size / 1e6:.2f} MB (bound {bound / 1e6:.0f} MB), ready {ready:.0f} ms")
    assert _remote(seen) == [] and errors == []
    meta = page.evaluate("window.framelensExplorer.data.meta")
    assert meta["bound_mb"] == "4" and float(meta["page_mb"]) <= 4.0
    assert meta["sampling"]["cues_shown"] < meta["sampling"]["cues"]
    lead = page.inner_text("#lead")
    assert "under 4 MB" in lead
    n_outlets = corpus.documents["outlet"].nunique()
    assert f"This page shows the 60 outlets with most documents" in lead and f"of the corpus's {n_outlets}:" in lead
    assert page.evaluate("window.framelensExplorer.data.outlets.length") == 60
    # groups are there: leaning against the rest
    page.select_option("select[name='side A']", label="leaning: right")
    page.fill("#term-search", "illegal")
    page.press("#term-search", "Enter")
    page.wait_for_selector("#evidence-list .ev")
    marks = {m.lower() for m in page.locator("#evidence-list mark").all_inner_texts()}
    assert marks and all(m.startswith("illegal") for m in marks)
    page.close()
