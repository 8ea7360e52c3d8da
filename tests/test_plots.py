"""framelens.plots: every chart draws from tables shaped as in CONTRACTS.md, flags synthetic data,
keeps outlet colours stable, says its unit, and does not overlap its labels."""
from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from framelens import plots  # noqa: E402

OUTLETS = ["Daily Planet", "Gotham Gazette", "Metro Times", "Star Ledger"]
FEATURES = ["hedge", "booster", "attribution:doubting", "attribution:neutral", "scare_quote", "agentless_passive",
            "loaded"]


def fake_results(outlets=OUTLETS, seed=0, n_terms=400):
    """Synthetic comparison tables with the CONTRACTS.md columns (values made up, not computed)."""
    rng = np.random.default_rng(seed)
    rates = []
    for o, f in itertools.product(outlets, FEATURES):
        words = int(rng.integers(20_000, 60_000))
        rate = float(rng.gamma(2.0, 3.0))
        rates.append(dict(outlet=o, feature=f, docs=int(rng.integers(5, 60)), words=words,
                          count=int(rate * words / 1000), rate_per_1000=rate, ci_low=rate * 0.8,
                          ci_high=rate * 1.25, n_boot=200, note=""))
    rates = pd.DataFrame(rates)
    shares = []
    concepts = {"karabakh/capital": ["Stepanakert", "Khankendi", "Xankəndi"],
                "immigration/person": ["illegal immigrant", "undocumented immigrant", "illegal alien", "migrant",
                                       "asylum seeker", "newcomer", "foreign national", "border crosser",
                                       "unauthorized immigrant"]}
    for o, (c, variants) in itertools.product(outlets, concepts.items()):
        counts = rng.integers(0, 40, size=len(variants))
        total = int(counts.sum())
        for v, n in zip(variants, counts):
            s = n / total if total else np.nan
            shares.append(dict(outlet=o, concept=c, variant=v, count=int(n), concept_total=total, share=s,
                               ci_low=max(0, s - 0.1), ci_high=min(1, s + 0.1), note=""))
    shares = pd.DataFrame(shares)
    words = [f"term{i}" for i in range(n_terms)] + ["regime", "separatist", "occupied", "liberated", "claimed",
                                                     "allegedly", "so-called", "terrorists", "militants"]
    lo = []
    for o in outlets:
        for comp in ["rest"] + [x for x in outlets if x != o]:
            for w in words:
                z = float(rng.normal(0, 1.5))
                if w in ("regime", "separatist", "occupied", "liberated", "claimed", "allegedly"):
                    z += 6 if hash((o, w)) % 2 else -6
                freq = int(rng.lognormal(2.5, 1.3)) + 1
                lo.append(dict(group=o, comparison=comp, term=w, ngram=1, count_group=freq // 2,
                               count_other=freq - freq // 2, delta=z / 10, variance=0.01, z=z, freq=freq))
    log_odds = pd.DataFrame(lo)
    sim = []
    for a, b in itertools.combinations(outlets, 2):
        sim.append(dict(outlet_a=a, outlet_b=b, metric="cosine", value=float(rng.uniform(0.6, 0.99))))
    similarity = pd.DataFrame(sim)
    ot = []
    for o, f in itertools.product(outlets, ["hedge", "attribution:doubting"]):
        for m in pd.period_range("2020-01", "2021-06", freq="M"):
            r = float(rng.gamma(3, 2))
            ot.append(dict(outlet=o, month=str(m), feature=f, docs=3, words=3000, count=int(r * 3), rate_per_1000=r,
                           ci_low=r * 0.6, ci_high=r * 1.5))
    over_time = pd.DataFrame(ot)
    we = []
    for f in ["hedge", "scare_quote"]:
        for a, b in itertools.combinations(outlets[:3], 2):
            we.append(dict(feature=f, outlet_a=a, outlet_b=b, pooled_diff=float(rng.normal(0, 2)),
                           within_diff=float(rng.normal(0, 2)), n_events=int(rng.integers(5, 50)), statistic=1.0,
                           p_value=0.2, p_adjusted=0.4, note=""))
    within_event = pd.DataFrame(we)
    return dict(rates=rates, shares=shares, log_odds=log_odds, similarity=similarity, over_time=over_time,
                within_event=within_event)


@pytest.fixture(scope="module")
def results():
    return fake_results()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(ax):
    fig = ax.figure
    out = [ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()]
    out += [t.get_text() for t in ax.texts]
    out += [t.get_text() for t in fig.texts]
    return " | ".join(out)


# --------------------------------------------------------------------------------------- colours
def test_outlet_colors_are_deterministic_by_sorted_name_and_distinct():
    a = plots.outlet_colors(["b", "a", "c"])
    b = plots.outlet_colors(["c", "b", "a", "a"])
    assert a == b
    assert list(a) == ["a", "b", "c"]
    assert len(set(a.values())) == 3
    many = plots.outlet_colors([f"o{i}" for i in range(15)])
    assert len(set(many.values())) == 15
    lots = plots.outlet_colors([f"o{i}" for i in range(110)])
    assert len(set(lots.values())) == 110


def test_every_outlet_keeps_its_colour_across_charts(results):
    colors = plots.outlet_colors(OUTLETS)
    ax1 = plots.plot_rate_forest(results["rates"], feature="hedge", colors=colors)
    ax2 = plots.plot_rates_over_time(results["over_time"], feature="hedge", colors=colors)
    # forest: the dot of each outlet (markers are Line2D objects with one point)
    forest = {}
    for line, outlet in zip([ln for ln in ax1.lines if len(ln.get_xdata()) == 1], OUTLETS):
        forest[outlet] = matplotlib.colors.to_hex(line.get_color())
    over = {ln.get_label(): matplotlib.colors.to_hex(ln.get_color()) for ln in ax2.lines}
    for o in OUTLETS:
        assert forest[o] == colors[o] == over[o]


# -------------------------------------------------------------------------------- units and flags
@pytest.mark.parametrize("name", ["naming", "forest", "fightin", "heatmap", "dendrogram", "time", "within"])
def test_each_chart_returns_its_axes_says_its_unit_and_flags_synthetic(results, name):
    calls = {
        "naming": (plots.plot_naming_shares, results["shares"], "share of mentions within concept"),
        "forest": (plots.plot_rate_forest, results["rates"], "per 1,000 words"),
        "fightin": (plots.plot_fightin_words, results["log_odds"], "z-score"),
        "heatmap": (plots.plot_feature_heatmap, results["rates"], "per 1,000 words"),
        "dendrogram": (plots.plot_similarity_dendrogram, results["similarity"], "cosine"),
        "time": (plots.plot_rates_over_time, results["over_time"], "per 1,000 words"),
        "within": (plots.plot_within_event, results["within_event"], "per 1,000 words"),
    }
    fn, table, unit = calls[name]
    fig, ax = plt.subplots()
    assert fn(table, ax=ax) is ax
    assert unit in _texts(ax)
    assert plots.SYNTHETIC_TAG not in ax.get_title(loc="left")
    ax2 = fn(table, synthetic=True)
    assert ax2.get_title(loc="left").startswith(plots.SYNTHETIC_TAG)
    flagged = table.copy()
    flagged.attrs["synthetic"] = True
    assert fn(flagged).get_title(loc="left").startswith(plots.SYNTHETIC_TAG)
    with_column = table.assign(synthetic=True)
    assert fn(with_column).get_title(loc="left").startswith(plots.SYNTHETIC_TAG)


@pytest.mark.parametrize("fn", [plots.plot_naming_shares, plots.plot_rate_forest, plots.plot_fightin_words,
                                plots.plot_feature_heatmap, plots.plot_similarity_dendrogram,
                                plots.plot_rates_over_time, plots.plot_within_event, plots.plot_kwic])
def test_empty_tables_draw_an_explanation_instead_of_failing(fn):
    ax = fn(pd.DataFrame(), synthetic=True)
    assert ax.texts and len(ax.texts[0].get_text()) > 10
    assert ax.get_title(loc="left").startswith(plots.SYNTHETIC_TAG)


def test_rates_over_time_switches_to_quarters_for_long_spans(results):
    ot = results["over_time"]
    ax = plots.plot_rates_over_time(ot, feature="hedge", period="month")
    assert "by month" in ax.get_title(loc="left") and ax.collections  # bands
    long = pd.concat([ot.assign(month=ot["month"].str.replace("2020", "2016").str.replace("2021", "2017")), ot])
    ax = plots.plot_rates_over_time(long, feature="hedge")
    assert "by quarter" in ax.get_title(loc="left") and not ax.collections
    d = long[(long.outlet == OUTLETS[0]) & (long.feature == "hedge") & long.month.str.startswith("2016-0")]
    q1 = d[d.month <= "2016-03"]
    line = [ln for ln in ax.lines if ln.get_label() == OUTLETS[0]][0]
    assert line.get_ydata()[0] == pytest.approx(q1["count"].sum() / q1["words"].sum() * 1000)


def test_rates_over_time_without_dates_explains_why():
    ax = plots.plot_rates_over_time(pd.DataFrame(columns=["outlet", "month", "feature", "rate_per_1000"]))
    assert "publication date" in ax.texts[0].get_text()


def test_dendrogram_with_two_outlets_gives_the_number_instead():
    sim = pd.DataFrame([dict(outlet_a="a", outlet_b="b", metric="cosine", value=0.9)])
    ax = plots.plot_similarity_dendrogram(sim)
    assert "0.900" in ax.texts[0].get_text()


def test_forest_marks_rates_without_interval_with_their_note(results):
    rates = results["rates"].copy()
    i = rates.index[(rates["outlet"] == OUTLETS[0]) & (rates["feature"] == "hedge")][0]
    rates.loc[i, ["ci_low", "ci_high"]] = np.nan
    rates.loc[i, "note"] = "one document: no interval"
    ax = plots.plot_rate_forest(rates, feature="hedge")
    assert any("one document: no interval" in t.get_text() for t in ax.texts)


def test_naming_shares_lumps_rare_variants_and_reports_mentions(results):
    ax = plots.plot_naming_shares(results["shares"], concept="immigration/person", max_variants=4)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[-1] == "other variants" and len(labels) == 5
    assert any(t.get_text().startswith("n=") for t in ax.texts)
    assert "person (immigration)" in ax.get_title(loc="left")


def test_naming_shares_by_another_grouping(results):
    by_leaning = results["shares"].rename(columns={"outlet": "leaning"})
    ax = plots.plot_naming_shares(by_leaning, concept="karabakh/capital", by="leaning")
    assert ax.get_title(loc="left").endswith("per leaning")
    assert [t.get_text() for t in ax.get_yticklabels()] == sorted(OUTLETS)


def test_heatmap_annotates_the_rates(results):
    ax = plots.plot_feature_heatmap(results["rates"])
    rates = results["rates"]
    v = rates[(rates.outlet == OUTLETS[1]) & (rates.feature == "hedge")]["rate_per_1000"].iloc[0]
    assert plots._fmt_rate(v) in [t.get_text() for t in ax.texts]
    labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert "hedges" in labels and "doubting attributions" in labels


# ------------------------------------------------------------------------------------ no overlaps
def _visible_label_boxes(ax):
    fig = ax.figure
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    # the text of each label, without its leader line
    return [matplotlib.text.Text.get_window_extent(t, r) for t in ax.texts
            if t.get_visible() and isinstance(t, matplotlib.text.Annotation)]


@pytest.mark.parametrize("figsize", [(9, 6.5), (6, 4), (4, 3)])
def test_fightin_words_labels_never_overlap(figsize):
    # many strong terms crowded at similar frequencies and z: the worst case for labels
    rng = np.random.default_rng(3)
    n = 60
    df = pd.DataFrame(dict(group="A", comparison="rest", term=[f"word{i:02d}" for i in range(n)], ngram=1,
                           count_group=10, count_other=10, delta=0.1, variance=0.01,
                           z=np.r_[rng.uniform(4, 5, n // 2), -rng.uniform(4, 5, n // 2)],
                           freq=rng.uniform(50, 60, n)))
    fig, ax = plt.subplots(figsize=figsize)
    plots.plot_fightin_words(df, ax=ax, top_k=15)
    boxes = _visible_label_boxes(ax)
    assert len(boxes) >= 8, "the spreader dropped nearly every label"
    assert plots.overlapping_pairs(boxes) == []
    # and after the figure is resized, the labels are spread again at draw time
    fig.set_size_inches(figsize[0] * 0.7, figsize[1] * 0.7)
    assert plots.overlapping_pairs(_visible_label_boxes(ax)) == []


def test_fightin_words_labels_the_strongest_terms_on_both_sides(results):
    ax = plots.plot_fightin_words(results["log_odds"], group=OUTLETS[0], top_k=10)
    shown = {t.get_text() for t in ax.texts if isinstance(t, matplotlib.text.Annotation)}
    lo = results["log_odds"]
    d = lo[(lo.group == OUTLETS[0]) & (lo.comparison == "rest")]
    assert d.loc[d.z.idxmax(), "term"] in shown
    assert d.loc[d.z.idxmin(), "term"] in shown


def test_forest_outlet_labels_do_not_overlap_with_many_outlets():
    res = fake_results(outlets=[f"Outlet number {i}" for i in range(25)])
    ax = plots.plot_rate_forest(res["rates"], feature="hedge")
    fig = ax.figure
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    assert plots.overlapping_pairs([t.get_window_extent(r) for t in ax.get_yticklabels()]) == []


def test_heatmap_feature_labels_do_not_overlap(results):
    ax = plots.plot_feature_heatmap(results["rates"])
    fig = ax.figure
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    assert plots.overlapping_pairs([t.get_window_extent(r) for t in ax.get_xticklabels()]) == []


# -------------------------------------------------------------------------------------------- KWIC
def _docs_and_hits():
    docs = pd.DataFrame(dict(doc_id=["d1", "d2"], outlet=pd.Categorical(["A", "B"]),
                             text=["First sentence. Officials <script>alert(1)</script> claimed the city fell.",
                                   "Nothing here. They said so."]))
    t0 = docs.text[0]
    s = t0.index("claimed")
    t1 = docs.text[1]
    s1 = t1.index("said")
    hits = pd.DataFrame([
        dict(doc_id="d1", sentence=1, sent_start=16, sent_end=len(t0), start=s, end=s + 7, text="claimed",
             family="attribution", feature="attribution:doubting", category="doubting", term="claim", concept="",
             variant="", source_entity="Officials", pack="attribution"),
        dict(doc_id="d2", sentence=1, sent_start=14, sent_end=len(t1), start=s1, end=s1 + 4, text="said",
             family="attribution", feature="attribution:neutral", category="neutral", term="say", concept="",
             variant="", source_entity="They", pack="attribution")])
    return docs, hits


def test_kwic_table_splits_each_sentence_at_the_cue():
    docs, hits = _docs_and_hits()
    k = plots.kwic_table(docs, hits)
    assert list(k.columns[:6]) == plots.KWIC_COLUMNS
    row = k.iloc[0]
    assert row.match == "claimed" and row.left.endswith("</script>") and row.right == "the city fell."
    assert not row.left.startswith("First")  # stays within the sentence
    assert k.iloc[1].left == "They" and k.iloc[1].outlet == "B"


def test_kwic_table_sample_is_bounded_balanced_and_deterministic():
    text = "The army claimed it. " * 50
    docs = pd.DataFrame(dict(doc_id=["a", "b"], outlet=["A", "B"], text=[text, text]))
    rows = []
    for d, n in (("a", 50), ("b", 5)):
        for i in range(n):
            s = 21 * i + text[21 * i:].index("claimed")
            rows.append(dict(doc_id=d, sentence=i, sent_start=21 * i, sent_end=21 * i + 20, start=s, end=s + 7,
                             feature="attribution:doubting", term="claim", variant=""))
    hits = pd.DataFrame(rows)
    k1 = plots.kwic_table(docs, hits, max_lines=8, seed=1)
    k2 = plots.kwic_table(docs, hits, max_lines=8, seed=1)
    assert len(k1) == 8
    pd.testing.assert_frame_equal(k1, k2)
    assert (k1.outlet == "B").sum() == 4  # round-robin over outlets, not 8 from the big one


TRICKY = ["Cost $_$ News", "N" * 20_000, "AC/DC $5 and $10", "\\$ plain"]


def _tricky_charts():
    """Every chart, drawn from tables whose outlet names (and texts) are legal but hostile."""
    res = fake_results(outlets=TRICKY, n_terms=30)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(8)], "outlet": TRICKY * 2,
                         "published": pd.to_datetime(["2021-01-05", "2021-02-07"] * 4),
                         "text": ["It cost $5 and $_$ more, officials said."] * 8})
    feats = docs.assign(words=[100, 200] * 4)
    summary = pd.DataFrame({"outlet": TRICKY, "documents": [2] * 4, "words": [300] * 4,
                            "first_date": pd.NaT, "last_date": pd.NaT})
    sources = pd.DataFrame([dict(outlet=o, source="(no source)", label="(no source)", kind="unattributed", count=3,
                                 attributions=10, share=0.3, ci_low=0.1, ci_high=0.5, docs=4, resolved=0, note="")
                            for o in TRICKY])
    kwic = pd.DataFrame({"outlet": TRICKY, "doc_id": ["d0", "d1", "d2", "d3"], "sentence": [0] * 4,
                         "left": ["It cost $5 and $_"] * 4, "match": ["$said$"] * 4, "right": ["$x^$ more"] * 4})
    yield "naming", plots.plot_naming_shares(res["shares"], concept="karabakh/capital")
    yield "forest", plots.plot_rate_forest(res["rates"], feature="hedge")
    yield "sources", plots.plot_source_shares(sources)
    yield "fightin", plots.plot_fightin_words(res["log_odds"], group=TRICKY[1])
    yield "heatmap", plots.plot_feature_heatmap(res["rates"])
    yield "dendrogram", plots.plot_similarity_dendrogram(res["similarity"])
    yield "over_time", plots.plot_rates_over_time(res["over_time"], feature="hedge")
    yield "within", plots.plot_within_event(res["within_event"], feature="hedge")
    yield "sizes", plots.plot_outlet_sizes(summary)
    yield "months", plots.plot_documents_over_time(docs)
    yield "lengths", plots.plot_document_lengths(feats)
    yield "kwic", plots.plot_kwic(kwic)


def test_names_from_the_data_never_break_or_blow_up_a_chart():
    """An outlet with '$...$' was read as matplotlib mathtext (ValueError when drawn), and a
    20,000-character outlet name made figures too big to hold (MemoryError)."""
    import io

    from PIL import Image

    for name, ax in _tricky_charts():
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png", dpi=50, bbox_inches="tight")
        width, height = Image.open(io.BytesIO(buf.getvalue())).size
        assert width < 3000 and height < 3000, (name, width, height)
        texts = [t.get_text() for t in ax.findobj(matplotlib.text.Text)]
        assert not any(len(t) > plots.TEXT_CHARS for t in texts), name
        plt.close(ax.figure)


def test_plain_text_escapes_dollars_once_and_bounds_length():
    assert plots.plain_text("Cost $_$ News") == "Cost \\$_\\$ News"
    assert plots.plain_text(plots.plain_text("$x$")) == plots.plain_text("$x$")  # idempotent
    assert plots.plain_text("x" * 100, 60) == "x" * 59 + "…"
    assert len(plots.plain_text("x" * 100, plots.LABEL_CHARS)) == plots.LABEL_CHARS
    assert not plots.plain_text("a" * 58 + "\\$", 60).endswith("\\…")  # never cut inside an escape


def _long_document(n_chars: int, n_hits: int):
    sentence = "Officials said the plan may work and critics claimed it would fail. "
    text = (sentence * (n_chars // len(sentence) + 1))[:n_chars]
    docs = pd.DataFrame({"doc_id": ["long", "short"], "outlet": ["A", "B"], "text": [text, sentence]})
    starts = np.linspace(0, n_chars - 100, n_hits).astype(int)
    hits = pd.DataFrame({"doc_id": "long", "sentence": np.arange(n_hits), "sent_start": starts - 200,
                         "sent_end": starts + 300, "start": starts + 10, "end": starts + 14, "feature": "hedge",
                         "term": "may", "variant": ""})
    return docs, hits


def test_kwic_table_carries_a_window_never_the_document():
    """Evidence lines hold at most `width` characters each side, whatever the document's length, and
    their size does not grow with it."""
    sizes = {}
    for n_chars in (20_000, 2_000_000):
        docs, hits = _long_document(n_chars, 300)
        lines = plots.kwic_table(docs, hits, max_lines=None, width=40)
        assert len(lines) == 300
        assert lines["left"].str.len().max() <= 41 and lines["right"].str.len().max() <= 41  # "…" + 40
        assert (lines["match"] == "may ").all() or lines["match"].str.len().max() <= 4
        assert not {"doc_text", "text"} & set(lines.columns)
        sizes[n_chars] = int(lines.memory_usage(deep=True).sum())
    assert sizes[2_000_000] <= 1.05 * sizes[20_000]


def test_kwic_table_memory_does_not_grow_with_document_times_hits(tmp_path):
    """Merging the text onto every hit took ~4 GB for one 1 MB document with 2,000 hits; here a
    300 kB document with 600 hits (about 180 MB that way) must stay within a few MB."""
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    code = textwrap.dedent("""
        import resource, sys
        sys.path.insert(0, sys.argv[1])
        import test_plots
        from framelens import plots
        docs, hits = test_plots._long_document(300_000, 600)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        plots.kwic_table(docs, hits, max_lines=20)
        plots.kwic_table(docs, hits, max_lines=None)
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
    """)
    out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)], capture_output=True, text=True,
                         timeout=300, env={**__import__("os").environ, "MPLBACKEND": "Agg"})
    assert out.returncode == 0, out.stderr
    assert float(out.stdout.strip().splitlines()[-1]) < 60  # MB of peak growth


def test_kwic_html_escapes_article_text():
    docs, hits = _docs_and_hits()
    out = plots.kwic_html(plots.kwic_table(docs, hits), caption="<b>x</b>")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;b&gt;x&lt;/b&gt;" in out


def test_plot_kwic_clips_each_column_to_its_box():
    docs, hits = _docs_and_hits()
    k = plots.kwic_table(docs, hits)
    k.loc[0, "left"] = "very long context " * 40
    ax = plots.plot_kwic(k, synthetic=True)
    assert ax.get_title(loc="left").startswith(plots.SYNTHETIC_TAG)
    body = [t for t in ax.texts if t.get_text().startswith("…") and "long context" in t.get_text()]
    assert body and body[0].get_clip_on() and body[0].get_clip_box() is not None
    assert body[0].get_text().startswith("…") and len(body[0].get_text()) < len(k.loc[0, "left"])


def test_feature_labels_and_units():
    assert plots.feature_unit("hedge") == "hedges per 1,000 words"
    assert plots.feature_label("attribution:according_to") == "according-to attributions"
    assert plots.feature_label("naming:karabakh/capital") == "mentions of capital (karabakh)"
    assert plots.feature_label("something_new") == "something new"


def test_the_library_never_calls_show():
    import ast
    from pathlib import Path

    modules = sorted(Path(plots.__file__).parent.glob("*.py"))
    assert len(modules) > 5  # every module of the plots package, not only its __init__
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        calls = [n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
        assert "show" not in calls, module.name


def test_kwic_charts_take_the_output_of_framelens_kwic(demo_corpus):
    import framelens as fl

    hits = fl.extract(demo_corpus)
    lines = fl.kwic(demo_corpus, hits, feature="hedge").head(6)
    assert "<table class=\"kwic\">" in plots.kwic_html(lines)
    ax = plots.plot_kwic(lines, synthetic=demo_corpus.synthetic)
    assert ax.get_title(loc="left").startswith(plots.SYNTHETIC_TAG)
