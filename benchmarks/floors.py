"""What a pass over the text costs at the least, in CPU milliseconds per MB: the floors under the stages.

    python benchmarks/floors.py                  # AllSides subset, prints a Markdown table
    python benchmarks/floors.py --out floors.json

The speed target of issue 13 is 10 MB of text per CPU second for the whole extraction: 100 ms per
MB for everything. This script measures, on the same texts the stages are measured on (the AllSides
subset, loaded and cleaned the default way), what the simplest passes cost, so that each stage of
``benchmarks/stages.py`` can be set against the least its kind of work costs in Python:

- ``re.findall`` of the word pattern: one pass in C, no Python per word (the floor of any reading);
- a Python loop over the words (``finditer``, one span per word): the floor of any step that looks
  at every word in Python (the source finder, the tagger's tokenizer and the passive finder each do);
- the Aho-Corasick pass of every shipped lexicon form, looping over its occurrences with nothing
  done for them: the floor of the lexicon matcher as it is built (one Python iteration per
  occurrence of any form, most of them inside longer words);
- the shipped tagger on every word of every sentence (warm: its memos filled by a first pass), per
  word and per MB: what tagging costs where it runs (extraction tags only windows around candidates).

CPU time (``time.process_time``), best of three, one core. Loading is not measured.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(os.environ.get("FRAMELENS_SHARED_DATA", HERE.parent.parent / "shared" / "data")) \
    / "article-bias-prediction-subset"


def _best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def measure(data: Path) -> dict:
    import framelens as fl
    from framelens.lexicons import load_lexicons
    from framelens.lexicons.matcher import normalise_text
    from framelens.tagger import default_tagger, tokenize
    from framelens.text import WORD_RE, splitter_for

    texts = fl.load_corpus(data).documents["text"].fillna("").astype(str).tolist()
    mb = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts) / 1e6
    n_words = sum(len(WORD_RE.findall(t)) for t in texts)
    automaton = load_lexicons().matcher()._automaton
    lows = [normalise_text(t) for t in texts]
    splitter = splitter_for(texts)
    sentences = [[w for _, _, w in tokenize(t, s, e)] for t in texts for s, e in splitter.spans(t)]
    sentences = [s for s in sentences if s]
    n_tagged = sum(len(s) for s in sentences)
    tagger = default_tagger()

    def findall():
        for t in texts:
            WORD_RE.findall(t)

    def word_loop():
        for t in texts:
            for m in WORD_RE.finditer(t):
                m.span()

    def automaton_loop():
        for low in lows:
            for _ in automaton.iter(low):
                pass

    def tag_all():
        for s in sentences:
            tagger.tag(s)

    occurrences = sum(1 for low in lows for _ in automaton.iter(low))
    tag_all()  # fill the tagger's memos first, as a long run has them
    seconds = {
        "word pattern, re.findall (C only)": _best(findall),
        "Python loop over the words (finditer, a span each)": _best(word_loop),
        "Aho-Corasick pass of every lexicon form, a Python iteration per occurrence": _best(automaton_loop),
        "tagger on every word of every sentence (warm)": _best(tag_all, repeat=1),
    }
    return {"mb": mb, "documents": len(texts), "words": n_words, "occurrences": occurrences,
            "tagged_words": n_tagged, "seconds": seconds}


def table(res: dict) -> str:
    mb = res["mb"]
    lines = [f"{res['documents']:,} documents, {mb:.1f} MB, {res['words']:,} words "
             f"({res['words'] / mb:,.0f} per MB), {res['occurrences']:,} occurrences of lexicon forms",
             "", "| pass | ms per MB | |", "|---|---:|---|"]
    for name, s in res["seconds"].items():
        note = ""
        if name.startswith("tagger"):
            note = f"{s / res['tagged_words'] * 1e6:.1f} us per word"
        elif name.startswith("Aho"):
            note = f"{s / res['occurrences'] * 1e6:.2f} us per occurrence"
        elif name.startswith("Python loop"):
            note = f"{s / res['words'] * 1e6:.2f} us per word"
        lines.append(f"| {name} | {s * 1000 / mb:,.0f} | {note} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="AllSides subset folder")
    ap.add_argument("--out", type=Path, help="also write the measurements (JSON) here")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"floors: no corpus at {args.data} (set FRAMELENS_SHARED_DATA)", file=sys.stderr)
        return 2
    res = measure(args.data)
    print(table(res))
    if args.out:
        args.out.write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
