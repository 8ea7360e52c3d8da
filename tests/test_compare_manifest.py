"""The manifest: corpus hash, lexicon hashes, version, seed, parameters; byte-identical reruns."""
from __future__ import annotations

import json

import pandas as pd

import framelens
from framelens.compare import build_manifest
from framelens.compare.manifest import corpus_hash, lexicon_hashes

DOCS = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["a", "b"], "text": ["one text", "another"]})


def test_manifest_fields_and_determinism():
    m1 = build_manifest(DOCS, seed=7, parameters={"n_boot": 10})
    m2 = build_manifest(DOCS.copy(), seed=7, parameters={"n_boot": 10})
    assert json.dumps(m1, sort_keys=True) == json.dumps(m2, sort_keys=True)
    assert m1["package_version"] == framelens.__version__ and m1["seed"] == 7
    assert m1["parameters"] == {"n_boot": 10}
    assert m1["corpus"]["documents"] == 2 and m1["corpus"]["outlets"] == ["a", "b"]
    assert set(m1["software"]) >= {"numpy", "pandas", "scipy", "scikit-learn", "python"}
    assert "timestamp" not in json.dumps(m1)


def test_corpus_hash_follows_the_content():
    changed = DOCS.assign(text=["one text", "another!"])
    assert corpus_hash(DOCS) != corpus_hash(changed)
    assert len(corpus_hash(DOCS)) == 16


def test_corpus_hash_equals_the_corpus_fingerprint():
    from framelens.corpus import Corpus

    corpus = Corpus(documents=DOCS, rejects=pd.DataFrame(), records_seen=2)
    assert corpus_hash(corpus) == corpus_hash(DOCS) == corpus.fingerprint()


def test_lexicon_hashes(tmp_path):
    pack = tmp_path / "mine.yml"
    pack.write_text("name: mine\n", encoding="utf-8")
    hashes = lexicon_hashes([pack, "no-such-pack"])
    assert hashes["no-such-pack"] == "not found" and len(hashes["mine"]) == 16
    pack.write_text("name: mine\nversion: 2\n", encoding="utf-8")
    assert lexicon_hashes([pack])["mine"] != hashes["mine"]
    shipped = lexicon_hashes(None)
    assert isinstance(shipped, dict)
    for name, digest in shipped.items():
        assert lexicon_hashes([name])[name] == digest
