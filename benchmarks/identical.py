"""Byte-identity check for speed work: a hash of every shared corpus's extraction outputs.

Speed changes must not change a single output. This script loads every shared corpus under
``$FRAMELENS_SHARED_DATA`` (default ``../shared/data``) the default way (``framelens.load_corpus``,
cleaning on), extracts it (``framelens.extract``: Punkt trained on the corpus, every shipped pack,
scare quotes, passives) and builds its document features (``framelens.features.document_features``,
narration and all voices), then prints, per corpus, the number of documents and hits and a SHA-256
of the hits table and of each document-features table (their CSV serialisation, every column).
No text of a corpus is written: ids, counts and hashes only.

    python benchmarks/identical.py --out /tmp/before.json          # record
    python benchmarks/identical.py --compare /tmp/before.json      # check (exit status 1 on a difference)
    python benchmarks/identical.py --corpora basil --compare ...   # some corpora only

Run it on the unchanged code first, then after each change.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(os.environ.get("FRAMELENS_SHARED_DATA", HERE.parent.parent / "shared" / "data"))

#: Folder under the shared data, and the format to load it as (None: detected from its layout).
CORPORA = {
    "basil": ("basil", None),
    "newswcl50": ("newswcl50", None),
    "article-bias-prediction-subset": ("article-bias-prediction-subset", None),
    "babe": ("babe-mbic", "babe"),
    "mbic": ("babe-mbic", "mbic"),
    "neus-allsides-triplets": ("neus-allsides-triplets", None),
    "pac-partisan-events": ("pac-partisan-events", None),
    "seed-presstv-karabakh": ("seed-presstv-karabakh", None),
}


def _sha(frame) -> str:
    return hashlib.sha256(frame.to_csv(index=False, lineterminator="\n").encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint(name: str, data: Path) -> dict:
    """Counts and hashes of one corpus's extraction outputs."""
    import framelens as fl
    from framelens.features import document_features

    folder, fmt = CORPORA[name]
    t0 = time.process_time()
    corpus = fl.load_corpus(data / folder, format=fmt)
    t1 = time.process_time()
    hits = fl.extract(corpus)
    t2 = time.process_time()
    stats = hits.attrs["doc_stats"]
    stats_sha = hashlib.sha256(repr(sorted(stats.items())).encode()).hexdigest()
    out = {"docs": len(corpus.documents), "hits": len(hits), "hits_sha256": _sha(hits),
           "doc_stats_sha256": stats_sha, "features": list(hits.attrs["features"])}
    for voice in ("narration", "all"):
        feats = document_features(corpus, hits, voice=voice)
        out[f"doc_features_{voice}_sha256"] = _sha(feats)
    out["cpu_seconds"] = {"load": round(t1 - t0, 2), "extract": round(t2 - t1, 2)}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--corpora", nargs="*", default=list(CORPORA), choices=list(CORPORA))
    ap.add_argument("--out", type=Path, help="write the fingerprints here (JSON)")
    ap.add_argument("--compare", type=Path, help="compare with fingerprints written before")
    args = ap.parse_args(argv)
    results = {}
    for name in args.corpora:
        results[name] = fingerprint(name, args.data)
        r = results[name]
        print(f"{name}: {r['docs']} docs, {r['hits']} hits, hits {r['hits_sha256'][:12]}, "
              f"features {r['doc_features_narration_sha256'][:12]}/{r['doc_features_all_sha256'][:12]}, "
              f"cpu {r['cpu_seconds']}", flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    status = 0
    if args.compare:
        before = json.loads(args.compare.read_text())
        for name, r in results.items():
            b = before.get(name)
            if b is None:
                print(f"{name}: not in {args.compare}")
                status = 1
                continue
            diff = [k for k in r if k != "cpu_seconds" and r[k] != b.get(k)]
            print(f"{name}: {'identical' if not diff else 'DIFFERENT: ' + ', '.join(diff)}")
            status |= bool(diff)
    return status


if __name__ == "__main__":
    sys.exit(main())
