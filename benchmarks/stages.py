"""Where extraction time goes: CPU milliseconds per MB of text, stage by stage, on one core.

    python benchmarks/stages.py                                  # AllSides subset, prints a Markdown table
    python benchmarks/stages.py --out /tmp/after.json --before /tmp/before.json   # with a before column

It runs the default path in this process: ``framelens.load_corpus`` on the AllSides subset
(``$FRAMELENS_SHARED_DATA/article-bias-prediction-subset``; default ``../shared/data``), then
``framelens.extract`` and ``framelens.features.document_features``, with each step of
:func:`framelens.extract.extract_text` wrapped in a timer of ``time.process_time``. Time is
*exclusive*: a stage that calls another (the matcher calls the tagger, the attribution rows call
the source finder) is charged without the callee. "rows and voices" is what ``extract_text`` does
between the stages (sorting rows, adding each row's voice); the setup rows (imports, Punkt
training, lexicon compilation, the tagger's model) are measured once, before the documents, and
are not in the per-MB figures. Loading and cleaning the corpus is not extraction and is left out.

CPU time, not wall-clock, so that other work on the machine matters less; run it twice to see
the noise (a few percent).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(os.environ.get("FRAMELENS_SHARED_DATA", HERE.parent.parent / "shared" / "data")) \
    / "article-bias-prediction-subset"

_clock = time.process_time
_spent: dict[str, float] = defaultdict(float)
_calls: dict[str, int] = defaultdict(int)
_stack: list[float] = []


def _timed(name: str, fn):
    """``fn`` charging its exclusive CPU time to stage ``name``."""
    def wrapper(*args, **kwargs):
        t0 = _clock()
        _stack.append(0.0)
        try:
            return fn(*args, **kwargs)
        finally:
            elapsed = _clock() - t0
            child = _stack.pop()
            _spent[name] += elapsed - child
            _calls[name] += 1
            if _stack:
                _stack[-1] += elapsed
    wrapper.__wrapped__ = fn
    return wrapper


def _instrument() -> None:
    import framelens.features.attribution as attribution
    import framelens.features.context as context
    import framelens.tagger as tagger
    from framelens.lexicons.matcher import Matcher
    from framelens.text import SentenceSplitter

    ex = sys.modules["framelens.extract"]  # the attribute framelens.extract is the function
    SentenceSplitter.spans = _timed("sentences (Punkt + joins)", SentenceSplitter.spans)
    Matcher.find = _timed("lexicon match", Matcher.find)
    tagger.tag_span = _timed("tagger windows (pos:, quotes, subjects)", tagger.tag_span)
    attribution._attributed_source = _timed("sources", attribution._attributed_source)
    context.attributed_source = _timed("sources", context.attributed_source)
    ex.count_words = _timed("word count", ex.count_words)
    ex.naming_hits = _timed("naming/hedge/loaded rows", ex.naming_hits)
    ex.hedge_hits = _timed("naming/hedge/loaded rows", ex.hedge_hits)
    ex.loaded_hits = _timed("naming/hedge/loaded rows", ex.loaded_hits)
    ex.attribution_hits = _timed("attribution rows (subject checks)", ex.attribution_hits)
    ex.scare_quote_spans = _timed("scare quotes", ex.scare_quote_spans)
    ex.agentless_passive_spans = _timed("passives", ex.agentless_passive_spans)
    ex.VoiceIndex = _timed("quotations (voice)", ex.VoiceIndex)
    ex.quoted_words = _timed("quotations (voice)", ex.quoted_words)
    ex.hits_frame = _timed("hits table", ex.hits_frame)
    ex.extract_text = _timed("rows and voices", ex.extract_text)


def measure(data: Path) -> dict:
    setup: dict[str, float] = {}
    t = _clock()
    import framelens as fl
    from framelens.features import document_features
    from framelens.lexicons import load_lexicons
    from framelens.text import splitter_for

    setup["import framelens"] = _clock() - t
    corpus = fl.load_corpus(data)
    texts = corpus.documents["text"].fillna("").astype(str).tolist()
    mb = sum(len(x.encode("utf-8", "surrogatepass")) for x in texts) / 1e6
    t = _clock()
    splitter_for(texts)
    setup["Punkt training (import nltk, train)"] = _clock() - t
    t = _clock()
    load_lexicons().matcher()
    setup["lexicons (load, compile)"] = _clock() - t
    t = _clock()
    from framelens.tagger import default_tagger

    default_tagger()
    setup["tagger model"] = _clock() - t
    _instrument()
    t = _clock()
    hits = fl.extract(corpus)
    extract_s = _clock() - t
    t = _clock()
    document_features(corpus, hits)
    _spent["document features"] += _clock() - t
    stages = {k: v for k, v in _spent.items()}
    return {"mb": mb, "docs": len(texts), "hits": len(hits), "stages": stages, "setup": setup,
            "extract_seconds": extract_s, "calls": dict(_calls)}


def table(res: dict, before: dict | None = None) -> str:
    mb = res["mb"]
    rows = sorted(res["stages"].items(), key=lambda kv: -kv[1])
    head = "| stage | before ms/MB | after ms/MB |" if before else "| stage | ms per MB | share |"
    lines = [head, "|---|---:|---:|"]
    total = sum(res["stages"].values())
    for name, s in rows:
        if before:
            b = before["stages"].get(name)
            lines.append(f"| {name} | {b / before['mb'] * 1000:.0f} | {s / mb * 1000:.0f} |" if b is not None
                         else f"| {name} | - | {s / mb * 1000:.0f} |")
        else:
            lines.append(f"| {name} | {s / mb * 1000:.0f} | {s / total:.0%} |")
    if before:
        for name in before["stages"]:
            if name not in res["stages"]:
                lines.append(f"| {name} | {before['stages'][name] / before['mb'] * 1000:.0f} | - |")
        bt = sum(before["stages"].values())
        lines.append(f"| **total** | **{bt / before['mb'] * 1000:.0f}** | **{total / mb * 1000:.0f}** |")
        lines.append(f"| MB per CPU s (extraction + document features) | {before['mb'] / bt:.2f} | {mb / total:.2f} |")
        lines.append("")
        lines.append("| setup (once per process) | before CPU s | after CPU s |")
        lines.append("|---|---:|---:|")
        for name, s in res["setup"].items():
            b = before["setup"].get(name)
            lines.append(f"| {name} | {b:.2f} | {s:.2f} |" if b is not None else f"| {name} | - | {s:.2f} |")
    else:
        lines.append(f"| **total** | **{total / mb * 1000:.0f}** | |")
        lines.append(f"| MB per CPU s (extraction + document features) | {mb / total:.2f} | |")
        lines.append("")
        lines.append("| setup (once per process) | CPU s |")
        lines.append("|---|---:|")
        for name, s in res["setup"].items():
            lines.append(f"| {name} | {s:.2f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, help="write the measurement here (JSON)")
    ap.add_argument("--before", type=Path, help="a measurement written before, for a before/after table")
    args = ap.parse_args(argv)
    res = measure(args.data)
    if args.out:
        args.out.write_text(json.dumps(res, indent=2) + "\n")
    before = json.loads(args.before.read_text()) if args.before else None
    print(f"{res['docs']} documents, {res['mb']:.1f} MB, {res['hits']} hits")
    print(table(res, before))
    return 0


if __name__ == "__main__":
    sys.exit(main())
