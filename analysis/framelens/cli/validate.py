"""``framelens validate``: draw blind judging sheets, and score judged ones into precision and recall."""
from __future__ import annotations

from pathlib import Path

import click

from framelens.cli import main

_DEFAULT_DATA = "../shared/data"
_DEFAULT_EXCLUDED = "data/validation/excluded_documents.csv"


@main.group("validate")
def validate_group():
    """Measure how often framelens' cues are right: blind judging sheets, precision and recall.

    \b
    Every sheet is drawn on the default path (load_corpus + extract, the splitter users get) from
    the shared corpora, from documents never used for tuning. The judge sees the sentence with the
    candidate marked and answers what it is; the label framelens gave it stays hidden (the page
    shows it only once an item is judged). Judgements are kept as ids, offsets and labels only.

    \b
    Typical use:
      framelens validate draw --seed 7 --prefix E --out /tmp/sheet       # then judge /tmp/sheet/sheet.html
      framelens validate score --key data/validation/evaluation_key.csv \\
          --judgements data/validation/evaluation_judgements.csv \\
          --recall-sentences data/validation/evaluation_recall_sentences.csv \\
          --recall-annotations data/validation/evaluation_recall_annotations.csv

    How items are judged: data/validation/JUDGING.md. What the numbers are: docs/validity.md.
    """


@validate_group.command("draw")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the key (committable: no text) and the judges' sheets (hold text: never commit).")
@click.option("--seed", required=True, type=int, help="Seed of every random choice.")
@click.option("--prefix", default="P", show_default=True, help="Item ids are PREFIX0001, ...; recall items PREFIXR0001.")
@click.option("--per-family", default=100, show_default=True, help="Items per judged family (and source items).")
@click.option("--recall-sentences", "n_sentences", default=150, show_default=True,
              help="Sentences to annotate exhaustively for recall (drawn without looking at hits).")
@click.option("--data", "data_root", default=_DEFAULT_DATA, show_default=True, type=click.Path(file_okay=False),
              help="The shared data folder.")
@click.option("--exclude", "excluded_path", default=_DEFAULT_EXCLUDED, show_default=True,
              help="CSV (corpus, doc_id, reason) of documents never to draw: those used for tuning.")
@click.option("--corpus", "corpora", multiple=True, help="Only these corpora (basil, allsides, pac, babe, neus).")
@click.option("--outlets", default=0, show_default=True,
              help="Stratify: draw --per-outlet items of each family from each of this many biggest outlets first.")
@click.option("--per-outlet", default=0, show_default=True, help="Items per family from each stratified outlet.")
def draw_cmd(out_dir, seed, prefix, per_family, n_sentences, data_root, excluded_path, corpora, outlets, per_outlet):
    """Draw a precision sheet and a recall sheet.

    \b
    Writes to OUT:
      key.csv, recall_sentences.csv    ids, offsets and framelens' labels (commit these)
      sheet.csv, sheet.html            the judges' view: sentence, candidate marked, no label
      concepts.csv                     second, label-aware pass for naming items
      recall_sheet.csv                 sentences to annotate exhaustively
    """
    from framelens.evaluation.judging import draw, excluded_documents

    paths = draw(data_root, out_dir, seed=seed, prefix=prefix, per_family=per_family, n_sentences=n_sentences,
                 excluded=excluded_documents(excluded_path), corpora=list(corpora) or None, outlets=outlets,
                 per_outlet=per_outlet)
    for name, p in paths.items():
        click.echo(f"{name:17} {p}")
    click.echo("sheet.csv, sheet.html, concepts.csv and recall_sheet.csv hold article text: do not commit them.")


@validate_group.command("score")
@click.option("--key", "key_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--judgements", "judgements_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--recall-sentences", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("--recall-annotations", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("--data", "data_root", default=_DEFAULT_DATA, show_default=True, type=click.Path(file_okay=False))
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Also write precision.csv, per_outlet.csv, items.csv and recall.csv here.")
def score_cmd(key_path, judgements_path, recall_sentences, recall_annotations, data_root, out_dir):
    """Score judged items against what framelens produces now (drift is reported, not hidden).

    \b
    precision   per family: judged, still produced, correct, precision, Wilson 95% interval,
                outlets with enough items, spread of precision between them, a permutation test of
                equal precision over outlets (outlet_flag: the error rate differs between outlets,
                so that cue's rates are not comparable across outlets as they stand),
                agreement of stance and voice with the judges
    per_outlet  precision per family and outlet
    recall      per family on the exhaustively annotated sentences, and the precision of the hits there
    """
    import pandas as pd

    from framelens.evaluation.judging import score

    tables = score(data_root, key_path, judgements_path, recall_sentences_path=recall_sentences,
                   recall_annotations_path=recall_annotations)
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        click.echo(tables["precision"].round(3).to_string(index=False))
        if "recall" in tables:
            click.echo("")
            click.echo(tables["recall"].round(3).to_string(index=False))
    if out_dir:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        for name, t in tables.items():
            t.to_csv(out / f"{name}.csv", index=False)
        click.echo(f"wrote {out}")


@validate_group.command("agree")
@click.option("--key", "key_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--first", "first_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="One judge's judgements (the columns of `score --judgements`).")
@click.option("--second", "second_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="A second judge's judgements of some of the same items.")
def agree_cmd(key_path, first_path, second_path):
    """Agreement of two judges on the items both judged: per family, the share judged alike, each
    judge's precision and Cohen's kappa (a check that the judging, not only the tool, is reliable)."""
    from framelens.evaluation.judging import judge_agreement, load_judgements, load_key

    table = judge_agreement(load_key(key_path), load_judgements(first_path), load_judgements(second_path))
    click.echo(table.round(3).to_string(index=False))

