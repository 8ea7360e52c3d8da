"""Regular expressions of lexicon packs: the shapes that backtrack for ever are found from the parsed
pattern, and matching has a time bound per document, so a pattern that slips through stops with an
error on that document instead of hanging the run."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from framelens.lexicons.patterns import backtracking_risk, compile_bounded, document_budget

ANALYSIS = Path(__file__).resolve().parents[1] / "analysis"


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a*)*", r"(\w+\s?)+$", r"(a|aa)+$", r"(?:x+y?)*", r"(\d+)*",
                                     r"(?:Xa|xb)+", r"((ab)*c)*"])
def test_risky_shapes_are_found(pattern):
    assert backtracking_risk(pattern)


@pytest.mark.parametrize("pattern", [
    r"\b(?:call|calls|called|calling)(?=\s+(?:it|them|him|her|this|that|the\s+\w+)?\s*[“\"‘])",
    r"\b(?:cite|cites|cited|citing)\s+(?P<source>[^.;!?\n]{2,120}?)\s+as\s+(?:saying|telling|stating|reporting)\b",
    r"(?:said|says)+", r"(?:\w++\s)+", r"a+b+c*", r"(?:\s+\w+){1,5}", r"(?>a+)+", r"(?:ab|cd)+", r"(?:A|a)+",
    r"(\w|\d)*x", r"(?:ß|ss)+", "call(ed"])
def test_patterns_that_match_one_way_pass(pattern):
    assert backtracking_risk(pattern) is None


def test_the_shipped_regex_forms_pass():
    from framelens.lexicons import load_lexicons

    forms = [f.regex for p in load_lexicons(None) for e in p.entries for f in e.forms if f.regex]
    assert forms and all(backtracking_risk(f) is None for f in forms)


def test_bounded_patterns_match_as_re_does():
    import re

    text = "Officials cited the minister as saying it may rain; critics called it “a sham”."
    for pattern in (r"\bcit(?:e|es|ed|ing)\s+(?P<source>[^.]{1,80}?)\s+as\s+saying", r"\bcall\w*", r"(?i)MAY"):
        ours = [(m.span(), m.groupdict()) for m in compile_bounded(pattern, re.IGNORECASE).finditer(text)]
        theirs = [(m.span(), m.groupdict()) for m in re.compile(pattern, re.IGNORECASE).finditer(text)]
        assert ours == theirs


def test_the_budget_grows_with_the_document():
    assert document_budget("x" * 20_000_000) > document_budget("x")


_RUN = textwrap.dedent("""
    import sys
    from framelens.lexicons import patterns
    from framelens.lexicons.schema import Entry, Form, Pack
    patterns.SECONDS_PER_DOCUMENT = 0.2  # keep the test short; the default is {default}
    bad = Pack(name="slow", family="loaded", description="d", sources="s", categories={{"neg": "n"}},
               entries=[Entry(term="slow", category="neg", forms=(Form(regex=r"(a|aa)+$"),))])
    import pandas as pd
    from framelens.engine import run_extraction
    from framelens.lexicons import load_lexicons
    docs = pd.DataFrame({{"doc_id": ["ok", "evil"], "outlet": ["A", "A"],
                         "text": ["Officials said it may happen.", "Officials said it may happen. " + "a" * 60 + "!"]}})
    run = run_extraction(docs, [*load_lexicons(None).packs, bad], jobs=1, progress=False)
    print(run.errors.to_dict("records"))
    print(sorted(set(run.hits["doc_id"] + ":" + run.hits["feature"])))
""")


def test_a_regex_that_slips_through_is_stopped_per_document_and_the_rest_is_kept():
    """Without the bound, re.finditer on (a|aa)+$ and sixty a's never returns (the subprocess guards
    the suite against that hang; nothing here depends on how fast the machine is)."""
    from framelens.lexicons import patterns

    code = _RUN.format(default=patterns.SECONDS_PER_DOCUMENT)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ANALYSIS)})
    assert proc.returncode == 0, proc.stderr
    errors, cues = proc.stdout.strip().splitlines()[-2:]
    assert "'doc_id': 'evil', 'extractor': 'pack:slow'" in errors and "RegexTimeout" in errors
    assert "'ok'" not in errors  # only the document it got stuck on
    assert "evil:hedge" in cues and "ok:hedge" in cues  # the other packs' cues are kept on both


def test_anchored_patterns_match_as_the_plain_pattern_does_at_every_position():
    """The shortcuts of AnchoredPattern (a literal start compared first, no timeout for patterns
    without repetition) never change a match, in any case and next to characters that only a
    case-insensitive regex folds (the long s, the Kelvin sign)."""
    import re

    from framelens.lexicons.patterns import AnchoredPattern, Deadline

    text = ("That said, THAT SAID, that ſaid, That saidx, that said. Officials cited the minister as saying; "
            "they stated: stating: Stating: \u212aelvin kelvin, the city’s proposed plan, as many as 5, AS  MANY\tAS 7, "
            "as\u00a0many as 8, as\x1cmany as 9, aſ many as 10, an estimated 300, an\nestimated 4, as much as 2, as ma")
    deadline = Deadline(text)
    for pattern, flags in ((r"\bThat said(?=,)", re.IGNORECASE), (r"\bThat said(?=,)", 0),
                           (r"\bstating(?=:)", re.IGNORECASE), (r"kelvin", re.IGNORECASE),
                           (r"(?<=['’]s\s)(?:proposed|alleged)\b", re.IGNORECASE),
                           (r"\bcit(?:e|es|ed|ing)\s+(?P<source>[^.]{1,80}?)\s+as\s+saying", re.IGNORECASE),
                           (r"\b(?:around|some|an\s+estimated|as\s+many\s+as|as\s+much\s+as)(?=\s+\d)", re.IGNORECASE),
                           (r"\b(?:as\s+many|an\s+estimated)", 0)):
        rx = compile_bounded(pattern, flags)
        anchored = AnchoredPattern(rx)
        for pos in range(len(text) + 1):
            ours, plain = anchored.match(text, pos, deadline), rx.match(text, pos)
            assert (ours and (ours.span(), ours.groupdict())) == (plain and (plain.span(), plain.groupdict())), \
                (pattern, pos)


def test_literal_starts_and_repetition_free():
    from framelens.lexicons.patterns import literal_starts, repetition_free

    assert literal_starts(r"\bThat said(?=,)", ignore_case=True) == (("that said",),)
    assert literal_starts(r"\bThat said(?=,)", ignore_case=False) == (("That said",),)
    assert literal_starts(r"(?x) That", ignore_case=False) is None  # verbose: not read
    assert literal_starts(r"\bcaf\u00e9", ignore_case=True) == (("caf",),)  # ASCII only
    assert literal_starts(r"(?:ab|cd\s+x)e", ignore_case=True) == (("ab",), ("cd", "x"))
    assert literal_starts(r"(?:ab|\w)", ignore_case=True) is None  # an alternative with no word
    assert literal_starts(r"as\s*many", ignore_case=True) == (("as",),)  # \s* may be empty: not a run
    assert repetition_free(r"\bThat said(?=,)") and repetition_free(r"(?<=['’]s\s)(?:a|b)\b")
    assert not repetition_free(r"\babout(?=\s+\d)") and not repetition_free(r"a{2}")
