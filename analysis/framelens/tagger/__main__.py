"""``python -m framelens.tagger``: train, evaluate and run the part-of-speech tagger from the shell.

Every command has its own ``--help``. User mistakes (a :class:`framelens.errors.FramelensError`)
print one line and exit with status 2.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import click

from framelens.errors import FramelensError

_DEFAULT_DATA = os.environ.get("FRAMELENS_SHARED_DATA", "../shared/data")
_DEFAULT_GOLD = "tests/data/tagger_news_gold.csv"


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FramelensError as exc:
            click.echo(f"framelens.tagger: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def main(verbose: int):
    """The framelens part-of-speech tagger: Penn Treebank tags from an averaged perceptron.

    The shipped model (framelens/tagger/pos_model.json.gz, gzip-compressed JSON) was trained on the
    Universal Dependencies English Web Treebank (EWT) and carries its licence, CC BY-SA 4.0
    (framelens/tagger/NOTICE.md). Nothing is downloaded: the model ships with the package.

    \b
    Commands:
      train          rebuild the model from the treebank (byte-identical to the shipped file)
      evaluate       token accuracy on the EWT dev and test splits
      evaluate-news  accuracy on hand-tagged windows of the shared news corpora
      draw-news      draw the news windows again, as a worksheet for hand-tagging
      tag            tag text given as an argument or on standard input
      benchmark      model load time and tagging speed on a real news corpus

    \b
    Rebuild the shipped model and check it:
      python -m framelens.tagger train --treebank ../shared/data/ud-english-ewt \\
          --out analysis/framelens/tagger/pos_model.json.gz
      python -m framelens.tagger evaluate --treebank ../shared/data/ud-english-ewt
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.option("--treebank", required=True, type=click.Path(file_okay=False),
              help="UD English EWT folder holding en_ewt-ud-train.conllu (e.g. ../shared/data/ud-english-ewt).")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Model file to write (.json.gz). The shipped one is analysis/framelens/tagger/pos_model.json.gz.")
@click.option("--iterations", default=8, show_default=True, help="Passes over the training sentences.")
@click.option("--seed", default=20251201, show_default=True, help="Seed of the sentence shuffles.")
@click.option("--weight-step", default=0.5, show_default=True,
              help="Weights are rounded to multiples of this and stored as integers; zeros are dropped.")
def train(treebank, out, iterations, seed, weight_step):
    """Train the tagger on the EWT train split and write the model file.

    With the default options this rebuilds the shipped model byte for byte (seeded shuffles,
    integer training arithmetic, sorted keys, gzip timestamp 0). Takes about a minute on one core.
    Prints the file's size and SHA-256.
    """
    from framelens.tagger.conllu import EWT_FILES, read_ewt_split
    from framelens.tagger.perceptron import PosTagger, sha256_of

    t0 = time.perf_counter()
    sentences = read_ewt_split(treebank, "train")
    source = {"treebank": "UD_English-EWT", "train_file": EWT_FILES["train"],
              "train_sha256": sha256_of(Path(treebank) / EWT_FILES["train"])}
    tagger = PosTagger(iterations=iterations, seed=seed, weight_step=weight_step).fit(sentences, source=source)
    path = tagger.save(out)
    click.echo(f"trained on {tagger.training_['sentences']:,} sentences, {tagger.training_['tokens']:,} tokens "
               f"in {time.perf_counter() - t0:.0f} s")
    click.echo(f"wrote {path}: {path.stat().st_size:,} bytes, {len(tagger.weights_):,} features, "
               f"sha256 {sha256_of(path)}")


@main.command()
@click.option("--treebank", required=True, type=click.Path(file_okay=False),
              help="UD English EWT folder (e.g. ../shared/data/ud-english-ewt).")
@click.option("--model", type=click.Path(dir_okay=False), default=None,
              help="Model file to evaluate (default: the shipped model).")
@click.option("--split", "splits", multiple=True, type=click.Choice(["dev", "test", "train"]),
              help="Split(s) to score (default: dev and test).")
@click.option("--confusions", default=0, show_default=True, help="Also list the N most frequent errors.")
def evaluate(treebank, model, splits, confusions):
    """Token accuracy (every token, punctuation included) on the EWT dev and test splits.

    Each sentence is tagged whole, with the treebank's own tokens. Prints tokens, correct,
    accuracy, and the tagging speed in tokens per CPU second.
    """
    from collections import Counter

    from framelens.tagger.conllu import read_ewt_split
    from framelens.tagger.perceptron import PosTagger

    tagger = PosTagger.load(model) if model else PosTagger.load_default()
    for split in splits or ("dev", "test"):
        sentences = read_ewt_split(treebank, split)
        errors: Counter = Counter()
        correct = total = 0
        t0 = time.process_time()
        for s in sentences:
            predicted = tagger.tag([w for w, _ in s])
            for (word, gold), tag in zip(s, predicted):
                total += 1
                if tag == gold:
                    correct += 1
                else:
                    errors[(gold, tag)] += 1
        cpu = time.process_time() - t0
        click.echo(f"{split:5s} tokens {total:6d}  correct {correct:6d}  accuracy {correct / total:.4f}  "
                   f"({total / max(cpu, 1e-9):,.0f} tokens per CPU second)")
        for (gold, tag), n in errors.most_common(confusions):
            click.echo(f"      {n:5d}  gold {gold:5s} tagged {tag}")


@main.command("evaluate-news")
@click.option("--data", default=_DEFAULT_DATA, show_default=True, type=click.Path(file_okay=False),
              help="The shared data folder (or set FRAMELENS_SHARED_DATA).")
@click.option("--gold", default=_DEFAULT_GOLD, show_default=True, type=click.Path(dir_okay=False),
              help="The hand-tagged gold file (ids, spans, tags).")
@click.option("--model", type=click.Path(dir_okay=False), default=None, help="Model file (default: shipped).")
@click.option("--errors", "show_errors", is_flag=True, help="Also list every wrong token (shows article words).")
def evaluate_news(data, gold, model, show_errors):
    """Accuracy on hand-tagged windows around cue words in the shared news corpora.

    The texts are re-read from DATA; each window is tagged as the extractors will tag it
    (tag_span on the window, "window") and inside its whole sentence ("sentence"). Prints accuracy
    on all tokens, on the cue tokens, and per cue category.
    """
    from framelens.tagger.news_gold import load_texts, read_gold, score_gold, summarize_scores
    from framelens.tagger.perceptron import PosTagger

    tagger = PosTagger.load(model) if model else None
    scores = score_gold(read_gold(gold), data, tagger=tagger)
    summary = summarize_scores(scores)
    click.echo(summary.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    if show_errors:
        wrong = scores[scores["window_tag"] != scores["gold"]]
        for corpus, part in wrong.groupby("corpus"):
            texts = load_texts(data, corpus)
            for row in part.itertuples(index=False):
                word = texts.get(row.doc_id, "")[row.start:row.end]
                click.echo(f"{corpus} {row.doc_id} {row.start}-{row.end} {word!r}: gold {row.gold}, "
                           f"window {row.window_tag or '-'}, sentence {row.sentence_tag or '-'}")


@main.command("draw-news")
@click.option("--data", default=_DEFAULT_DATA, show_default=True, type=click.Path(file_okay=False),
              help="The shared data folder.")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Worksheet CSV to write. It holds article text: keep it out of the repository.")
@click.option("--seed", default=None, type=int, help="Seed of the draw (default: the committed draw's).")
@click.option("--per-category", default=2, show_default=True, help="Windows per cue category.")
@click.option("--exclude-gold", type=click.Path(dir_okay=False), default=None,
              help="Do not draw documents already in this gold file; number windows after its last.")
def draw_news(data, out, seed, per_category, exclude_gold):
    """Draw windows around ambiguous cue words from the shared news corpora, for hand-tagging.

    Writes one row per token (corpus, doc_id, window, start, end, word, cue) with an empty tag
    column. Fill in the tags by hand, then keep only the gold columns (no word) for the committed
    gold file; see tests/data/README.md. The committed gold was drawn in two batches:

    \b
      draw-news --out sheet1.csv                  windows 0-27, every token tagged
      draw-news --out sheet2.csv --seed 20251202 --per-category 4 --exclude-gold batch1.csv
                                                  windows 28-83, only the cue token tagged
    (batch1.csv: the rows of windows 0-27 of tests/data/tagger_news_gold.csv)
    """
    from framelens.tagger.news_gold import DRAW_SEED, draw_windows, read_gold

    earlier = read_gold(exclude_gold) if exclude_gold else None
    sheet = draw_windows(data, seed=DRAW_SEED if seed is None else seed, per_category=per_category,
                         exclude=earlier, first_window=0 if earlier is None else int(earlier["window"].max()) + 1)
    sheet["tag"] = ""
    sheet.to_csv(out, index=False)
    click.echo(f"wrote {out}: {sheet['window'].nunique()} windows, {len(sheet)} tokens")


@main.command()
@click.argument("text", required=False)
@click.option("--model", type=click.Path(dir_okay=False), default=None, help="Model file (default: shipped).")
def tag(text, model):
    """Tag TEXT (or standard input, line by line) and print word/TAG pairs.

    Each line is tokenised as framelens.tagger.tokenize does and tagged as one sequence.
    """
    from framelens.tagger import PosTagger, default_tagger, tokenize

    tagger = PosTagger.load(model) if model else default_tagger()
    lines = [text] if text is not None else sys.stdin.read().splitlines()
    for line in lines:
        words = [w for _, _, w in tokenize(line)]
        click.echo(" ".join(f"{w}/{t}" for w, t in zip(words, tagger.tag(words))))


@main.command()
@click.option("--corpus", default=str(Path(_DEFAULT_DATA) / "article-bias-prediction-subset"), show_default=True,
              type=click.Path(file_okay=False), help="A news corpus folder framelens.load_corpus can read.")
@click.option("--docs", default=300, show_default=True, help="Documents to use (the first ones, in id order).")
@click.option("--model", type=click.Path(dir_okay=False), default=None, help="Model file (default: shipped).")
def benchmark(corpus, docs, model):
    """Model load time and tagging speed (one core) on real news text.

    Loads the corpus with framelens.load_corpus, then measures, in CPU seconds of this process
    (which other work on the machine hardly changes) and wall-clock seconds:

    \b
      load       reading the model file (a fresh PosTagger each time, best of 3)
      sentences  every sentence of the documents tagged whole: first pass (memos empty), second pass
      windows    tag_span on a window of about 15 tokens around every cue-word match (claim, say,
                 could, really, was + participle ... as in evaluate-news), the way extractors call it

    Speeds are tokens per second: tokens tagged and returned (a window's context tokens are tagged
    but not counted).
    """
    import os as _os
    import re

    from framelens import load_corpus
    from framelens.tagger import PosTagger, shipped_model_path, tag_span, tokenize
    from framelens.tagger.news_gold import CUE_PATTERNS
    from framelens.text import default_splitter

    path = Path(model) if model else shipped_model_path()
    loads = []
    for _ in range(3):
        w0, c0 = time.perf_counter(), time.process_time()
        tagger = PosTagger.load(path)
        loads.append((time.process_time() - c0, time.perf_counter() - w0))
    cpu, wall = min(loads)
    click.echo(f"load       {cpu:.2f} s CPU, {wall:.2f} s wall ({path.stat().st_size:,} bytes)")
    documents = load_corpus(corpus).documents.sort_values("doc_id").head(docs)
    texts = list(documents["text"])
    splitter = default_splitter()
    sentences = [[w for _, _, w in tokenize(t, s, e)] for t in texts for s, e in splitter.spans(t)]
    n_tokens = sum(map(len, sentences))
    for label in ("first pass", "second pass"):
        w0, c0 = time.perf_counter(), time.process_time()
        for words in sentences:
            tagger.tag(words)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        click.echo(f"sentences  {label}: {n_tokens:,} tokens in {len(sentences):,} sentences, "
                   f"{n_tokens / cpu:,.0f} tokens/CPU s ({n_tokens / wall:,.0f}/wall s)")
    cue = re.compile("|".join(f"(?:{p})" for p in CUE_PATTERNS.values()).replace("?P<cue>", ""))
    windows = [(t, max(0, m.start() - 45), min(len(t), m.end() + 45)) for t in texts for m in cue.finditer(t)]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    tagger._reset_memo()
    w0, c0 = time.perf_counter(), time.process_time()
    n_window_tokens = sum(len(tag_span(t, s, e, tagger=tagger)) for t, s, e in windows)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    click.echo(f"windows    {len(windows):,} windows ({len(windows) / megabytes:,.0f} per MB of text), "
               f"{n_window_tokens:,} tokens, {n_window_tokens / cpu:,.0f} tokens/CPU s "
               f"({n_window_tokens / wall:,.0f}/wall s), {1e6 * cpu / max(len(windows), 1):,.0f} µs CPU per window, "
               f"{cpu / megabytes:.2f} CPU s per MB of text")
    click.echo(f"(load average {_os.getloadavg()[0]:.1f} on {_os.cpu_count()} cores)")


if __name__ == "__main__":
    main(prog_name="python -m framelens.tagger")
