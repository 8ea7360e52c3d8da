"""The precision and recall framelens publishes for its default cues, shipped with the package.

``framelens/data/validity.yml`` holds the figures of the latest blind evaluation sample
(``docs/validity.md``), one row per cue family: precision with its Wilson 95% interval, recall
where it was measured, and ``outlet_flag`` when the cue's error rate differs between outlets (its
rates are then not comparable across outlets of different genres as they stand). The report
shows this table beside the rates, so a reader sees how far each cue can be trusted.

The file is written from the tables ``framelens validate score --out DIR`` writes::

    python -m framelens.evaluation.published DIR --sample "evaluation 6 (seed 20261207, rules of 71ff8a5)"
"""
from __future__ import annotations

import argparse
import math
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

#: Columns of :func:`published_validity`.
COLUMNS = ["family", "precision", "ci_low", "ci_high", "recall", "recall_low", "recall_high", "outlet_flag",
           "note"]

#: What a flagged cue means for a reader.
FLAG_NOTE = ("its error rate differs between outlets on the evaluation sample: compare outlets of the same "
             "genre, and read the evidence before comparing a news agency with an opinion site")


def published_validity() -> tuple[pd.DataFrame, dict]:
    """The shipped figures: a table of :data:`COLUMNS` and the sample's description.

    Returns
    -------
    (pandas.DataFrame, dict)
        One row per cue family (``hedge``, ``booster``, ``attribution``, ``source``, ``scare_quote``,
        ``passive``, ``loaded``, ``naming``); ``recall*`` are NaN where recall was not measured. The
        dict has ``sample``, ``command`` and ``docs``.
    """
    raw = yaml.safe_load(resources.files("framelens.data").joinpath("validity.yml").read_text("utf-8"))
    rows = [{c: cue.get(c, math.nan if c.startswith("recall") else "") for c in COLUMNS} for cue in raw["cues"]]
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["outlet_flag"] = table["outlet_flag"].astype(bool)
    return table, {k: raw[k] for k in ("sample", "command", "docs")}


#: Fewest judged items of a cue for the latest sample's precision to be published in place of an
#: earlier sample's (a fresh sample can run out of a rare cue: evaluation 9 held no booster).
MIN_ITEMS = 30


def from_scores(precision: pd.DataFrame, recall: pd.DataFrame, *, earlier: tuple | None = None,
                min_items: int = MIN_ITEMS) -> list[dict]:
    """Rows for ``validity.yml`` from ``framelens validate score``'s precision and recall tables.

    ``earlier`` is ``(precision, recall, description)`` of an earlier sample: a cue with fewer than
    ``min_items`` judged items in the latest sample takes its precision and recall from there, and
    its note says so (so the report never shows a figure from a handful of items as if it were one
    of a hundred)."""
    rec = recall.set_index("family") if not recall.empty else pd.DataFrame()
    old = earlier[0].set_index("family") if earlier is not None else pd.DataFrame()
    out = []
    for r in precision.itertuples(index=False):
        note = ""
        src, src_rec = r, rec
        judged = getattr(r, "judged", min_items)
        if judged < min_items and r.family in old.index:
            src = old.loc[r.family]
            src_rec = earlier[1].set_index("family") if not earlier[1].empty else pd.DataFrame()
            note = f"from {earlier[2]}: the latest sample held only {int(judged)} items of this cue"
        row = {"family": r.family, "precision": round(float(src.precision), 3), "ci_low": round(float(src.ci_low), 3),
               "ci_high": round(float(src.ci_high), 3)}
        if r.family in src_rec.index and src_rec.loc[r.family, "gold"] >= 20:
            row.update(recall=round(float(src_rec.loc[r.family, "recall"]), 3),
                       recall_low=round(float(src_rec.loc[r.family, "ci_low"]), 3),
                       recall_high=round(float(src_rec.loc[r.family, "ci_high"]), 3))
        row["outlet_flag"] = bool(src.outlet_flag)
        row["note"] = "; ".join(x for x in (note, FLAG_NOTE if row["outlet_flag"] else "") if x)
        out.append(row)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Write framelens/data/validity.yml from `framelens validate score --out DIR`.")
    ap.add_argument("scores", type=Path, help="the folder with precision.csv and recall.csv")
    ap.add_argument("--sample", required=True, help="which sample, seed and rules the scores are of")
    ap.add_argument("--command", default="framelens validate score (see docs/validity.md)")
    ap.add_argument("--earlier", type=Path, help="scores of an earlier sample, for cues the latest one holds too few of")
    ap.add_argument("--earlier-sample", default="an earlier sample", help="how to name that sample in the notes")
    ap.add_argument("--min-items", type=int, default=MIN_ITEMS, help="fewest judged items to publish a cue's figures")
    ap.add_argument("--out", type=Path, default=Path(str(resources.files("framelens.data").joinpath("validity.yml"))))
    a = ap.parse_args(argv)

    def read(folder):
        recall_csv = folder / "recall.csv"
        return pd.read_csv(folder / "precision.csv"), pd.read_csv(recall_csv) if recall_csv.exists() else pd.DataFrame()

    precision, recall = read(a.scores)
    earlier = (*read(a.earlier), a.earlier_sample) if a.earlier else None
    doc = {"sample": a.sample, "command": a.command, "docs": "docs/validity.md",
           "cues": from_scores(precision, recall, earlier=earlier, min_items=a.min_items)}
    header = ("# Precision and recall of framelens' default cues on its latest blind evaluation sample.\n"
              "# Written by `python -m framelens.evaluation.published` from `framelens validate score --out`;\n"
              "# see docs/validity.md. The report shows these figures beside the rates.\n")
    a.out.write_text(header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
