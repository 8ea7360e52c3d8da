"""Render the figures of docs/README.md from the shared research corpora (and the KWIC figure from the
synthetic demo corpus, so that no article sentence ends up in the repository).

    python docs/make_figures.py [--shared ../shared/data] [--out docs/figures] [--n-boot 1000]

Every figure is made by the library (framelens.plots) from the library's tables; this script only
chooses corpora, outlets and features.
"""
from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import framelens as fl  # noqa: E402
from framelens import plots  # noqa: E402
from framelens.compare import compare_all  # noqa: E402
from framelens.compare.logodds import distinctive_terms  # noqa: E402
from framelens.compare.shares import naming_shares  # noqa: E402
from framelens.features import document_features  # noqa: E402
from framelens.corpus.select import select_documents  # noqa: E402
from framelens.report import biggest_outlets  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
LEANING_COLORS = {"left": "#1f5fa8", "center": "#6b6b6b", "right": "#b2182b"}


def save(ax, out: Path, name: str) -> Path:
    path = out / f"{name}.png"
    ax.figure.savefig(path, dpi=100, bbox_inches="tight", metadata={"Software": None})
    plt.close(ax.figure)
    print("wrote", path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return path


def analyse(corpus, n_boot, **kw):
    hits = fl.extract(corpus)
    feats = document_features(corpus, hits)
    return hits, feats, compare_all(corpus, hits, feats, n_boot=n_boot, **kw)


def basil(shared: Path, out: Path, n_boot: int):
    corpus = fl.load_corpus(shared / "basil")
    hits, feats, res = analyse(corpus, n_boot, log_odds=False)
    colors = plots.outlet_colors(corpus.outlets)
    save(plots.plot_documents_over_time(corpus.documents, colors=colors), out, "basil_documents_over_time")
    save(plots.plot_rate_forest(res["rates"], feature="hedge", colors=colors), out, "basil_rate_forest_hedges")
    save(plots.plot_rate_forest(res["rates"], feature="attribution:neutral", colors=colors), out,
         "basil_rate_forest_neutral_attribution")
    save(plots.plot_feature_heatmap(res["rates"], colors=colors), out, "basil_heatmap")
    save(plots.plot_within_event(res["within_event"], feature="hedge", colors=colors), out, "basil_within_event_hedges")
    save(plots.plot_similarity_dendrogram(res["similarity"], colors=colors), out, "basil_similarity")


def allsides(shared: Path, out: Path, n_boot: int):
    full = fl.load_corpus(shared / "article-bias-prediction-subset")
    corpus = select_documents(full, outlets=10)  # the 10 outlets with most documents; one colour each in every figure
    colors = plots.outlet_colors(corpus.outlets)
    save(plots.plot_outlet_sizes(full.summary(), outlets=corpus.outlets, colors=colors), out, "allsides_outlet_sizes")
    hits, feats, res = analyse(corpus, n_boot, predictability=False)
    concept = "immigration/immigrants"
    save(plots.plot_naming_shares(res["shares"], concept=concept, colors=colors), out, "allsides_naming_by_outlet")
    save(plots.plot_source_shares(res["sources"], source="(no source)", colors=colors), out,
         "allsides_sources_unattributed")
    # the same concept by AllSides' outlet rating (left / center / right), over the whole subset
    all_hits = fl.extract(full, lexicons=["immigration"])
    all_feats = document_features(full, all_hits)
    by_leaning = naming_shares(all_hits, all_feats, by="leaning", n_boot=n_boot)
    save(plots.plot_naming_shares(by_leaning, concept=concept, outlets=["left", "center", "right"], by="leaning",
                                  colors=LEANING_COLORS), out, "allsides_naming_by_leaning")
    save(plots.plot_feature_heatmap(res["rates"], colors=colors), out, "allsides_heatmap")
    save(plots.plot_similarity_dendrogram(res["similarity"], colors=colors), out, "allsides_similarity")
    save(plots.plot_document_lengths(feats, colors=colors), out, "allsides_document_lengths")
    save(plots.plot_rates_over_time(res["over_time"], feature="attribution:doubting", colors=colors,
                                    outlets=biggest_outlets(feats, 4)), out, "allsides_over_time_doubting")
    terms = distinctive_terms(corpus, comparisons=("rest",), ngram_range=(1, 1), top_n=None)
    big = biggest_outlets(feats, 1)[0]
    save(plots.plot_fightin_words(terms, group=big, colors=colors), out, "allsides_fightin_words")


def newswcl50(shared: Path, out: Path, n_boot: int):
    corpus = fl.load_corpus(shared / "newswcl50")
    hits = fl.extract(corpus, lexicons=["newswcl50"])
    feats = document_features(corpus, hits)
    shares = naming_shares(hits, feats, n_boot=n_boot)
    colors = plots.outlet_colors(corpus.outlets)
    save(plots.plot_naming_shares(shares, concept="newswcl50/kim_jong_un", colors=colors), out,
         "newswcl50_naming_kim_jong_un")


def demo(out: Path, n_boot: int):
    corpus = fl.load_corpus("demo")
    hits, feats, res = analyse(corpus, n_boot, predictability=False)
    colors = plots.outlet_colors(corpus.outlets)
    kw = dict(colors=colors, synthetic=corpus.synthetic)
    lines = plots.kwic_table(corpus.documents, hits[hits["feature"] == "attribution:doubting"], max_lines=12)
    save(plots.plot_kwic(lines, title="Evidence: doubting attributions in context", **kw), out, "demo_kwic")
    save(plots.plot_naming_shares(res["shares"], concept="karabakh/capital", **kw), out, "demo_naming_shares")
    save(plots.plot_rates_over_time(res["over_time"], feature="hedge", **kw), out, "demo_over_time_hedges")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "figures")
    ap.add_argument("--n-boot", type=int, default=1000)
    ap.add_argument("--only", nargs="*", default=["basil", "allsides", "newswcl50", "demo"])
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    args.out.mkdir(parents=True, exist_ok=True)
    for part in args.only:
        t0 = time.perf_counter()
        if part == "demo":
            demo(args.out, args.n_boot)
        else:
            globals()[part](args.shared, args.out, args.n_boot)
        print(f"{part}: {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
