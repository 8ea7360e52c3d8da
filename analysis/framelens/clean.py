"""Page-noise removal with an audit: what was removed from which document, where, and why.

Scraped articles carry text that is not the story: site headers ("News / More"), photo captions
and credits, bylines, datelines ("WASHINGTON (Reuters) - "), newsletter pitches, "Click here"
links and outlet trailers. Left in, they distort word rates and distinctive terms (an outlet looks
as if it "talks about" newsletters). :func:`clean_corpus` removes them line by line and records
every removal in ``Corpus.cleaning``.

Three kinds of rule, all in ``framelens/data/cleaning_rules.yml`` (patterns are data):

* **line rules** remove a whole line that matches a pattern (captions, credits, bylines, site
  chrome, trailers). They apply to every document, even the only document of an outlet.
* **trailer rules** remove a line that opens a trailer ("Press TV's website can also be accessed
  at the following alternate addresses:") and the short lines after it.
* **dateline rules** remove only the dateline prefix of the first paragraph and keep the sentence.

And one rule that needs many documents, **repeated lines**: a line (compared after lower-casing,
collapsing whitespace and turning digits into 0) that appears in at least
``max(min_repeat_docs, ceil(min_repeat_share * n))`` of the ``n`` documents of one outlet (exact
duplicate documents count once) is page furniture, *unless it looks like story text*: a line with a
quotation mark, with a reporting word ("said", "according"), or that ends like a sentence and has
at least 4 words is kept however often it recurs, because outlets legitimately reuse background
sentences and quotes, and those carry framing. Such a line is removed only when it also holds a
chrome cue (newsletter, copyright, click, subscribe, ``.com`` ...). A repeated headline-like or
label-like line ("Story continued below", "Analysis/Opinion:", "6 years ago") goes.

Removed lines are replaced by empty lines, so the cleaned text has exactly the lines of the
original and line numbers stay valid; the original text is recovered exactly from the cleaned
text and the audit by :func:`restore_text` (so no ``text_raw`` column is kept). A document with
nothing left after cleaning becomes a reject (reason ``empty_text``), which keeps the tally.

Columns of ``Corpus.cleaning`` (one row per removal):

============  ======================================================================================
doc_id        the document
line_no       1-based line number in the original text
removed_text  exactly what was removed: the whole line, or for ``dateline`` the prefix of the line
reason        repeated_line, site_chrome, caption, photo_credit, byline, dateline, trailer
rule          which rule fired: a rule name from the YAML file, or for ``repeated_line``
              "seen in K of N documents of OUTLET"
============  ======================================================================================
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import pandas as pd
import yaml

from framelens.corpus.model import Corpus, Reject, TextColumn, column_values, split_source
from framelens.errors import FramelensError

log = logging.getLogger(__name__)

CLEANING_COLUMNS = ["doc_id", "line_no", "removed_text", "reason", "rule"]

#: Audit reasons and what they mean.
REASONS = {
    "repeated_line": "a line repeated in many documents of the same outlet (site chrome, pitches, trailers)",
    "site_chrome": "site furniture: headers, breadcrumbs, widgets, newsletter pitches, 'Click here', copyright",
    "caption": "a photo or video caption",
    "photo_credit": "a photo credit ('Image copyright Getty Images', 'John Moore/Getty Images')",
    "byline": "an author line ('By Jane Doe, CNN', 'Reporting by ...')",
    "dateline": "the dateline prefix of the first paragraph ('WASHINGTON (Reuters) - '); the sentence is kept",
    "trailer": "an end-of-article trailer ('The Associated Press contributed to this report.', alternate addresses)",
}

# Characters replaced before matching (str.replace on the few lines that hold them is far faster than
# str.translate); unusual spaces (NBSP, thin space...) are handled by str.split(), which splits on every
# Unicode space.
_REPLACE = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u00ab", '"'), ("\u00bb", '"'),
            ("\u201e", '"'), ("\u2032", "'"), ("\u200b", ""), ("\u200c", ""), ("\u200d", ""), ("\ufeff", ""))
_DIGITS = re.compile(r"\d")
_NON_WORD = re.compile(r"[^\w@©]+")
_CLOSERS = "\"')]"
_SENTENCE_ENDS = (".", "!", "?", "\u2026")


def normalise_line(line: str) -> str:
    """The form rules are matched against: unusual spaces -> space, curly -> straight quotes,
    runs of spaces collapsed, stripped."""
    if not line.isascii():
        for old, new in _REPLACE:
            if old in line:
                line = line.replace(old, new)
    return " ".join(line.split())


def line_key(line: str) -> str:
    """The key under which lines are compared across documents: normalised, lower-cased, digits -> 0
    (so "Copyright 2019 ..." and "Copyright 2020 ..." are the same line)."""
    return _DIGITS.sub("0", normalise_line(line).lower())


def _n_words(norm: str) -> int:
    return norm.count(" ") + 1 if norm else 0


@dataclass(frozen=True)
class LineRule:
    name: str
    reason: str
    pattern: re.Pattern
    max_words: int = 10_000
    where: str = "any"
    needs: tuple[str, ...] = ()  # lower-case substrings, one of which must be present (a fast pre-check)


@dataclass(frozen=True)
class TrailerRule:
    name: str
    pattern: re.Pattern
    tail_max_words: int = 8
    needs: tuple[str, ...] = ()
    reason: str = "trailer"
    tail_stop: re.Pattern | None = None  # a tail line that matches ends the block (and is kept)


class PhraseSet:
    """Whole-word phrases matched in a lower-cased line whose punctuation became spaces; a ``*`` at
    either end of a phrase lets it run on into a longer word. Much faster than a regex alternation."""

    def __init__(self, phrases: Iterable[str]):
        self.phrases = tuple(phrases)
        self._probes = tuple(("" if p.startswith("*") else " ") + p.strip("*").lower() + ("" if p.endswith("*") else " ")
                             for p in self.phrases)

    @staticmethod
    def pad(line: str) -> str:
        return " " + " ".join(_NON_WORD.sub(" ", line.lower()).split()) + " "

    def search_padded(self, padded: str) -> bool:
        return any(p in padded for p in self._probes)

    def search(self, line: str) -> bool:
        return self.search_padded(self.pad(line))


@dataclass(frozen=True)
class CleaningRules:
    """The rule set (see ``framelens/data/cleaning_rules.yml`` for the format)."""

    line_rules: tuple[LineRule, ...]
    trailer_rules: tuple[TrailerRule, ...]
    dateline_rules: tuple[tuple[str, re.Pattern], ...]
    chrome_cues: PhraseSet
    reporting_words: PhraseSet
    story_min_words: int = 4
    repeat_max_words: int = 120
    top_lines: int = 6
    dateline_lines: int = 3
    source: str = "<built-in>"

    def rules_for(self, n_words: int, top: bool) -> tuple[LineRule, ...]:
        """The line rules that apply to a line of ``n_words`` words (``top``: among the first lines)."""
        key = (min(n_words, self._longest), top)
        cache = self.__dict__.setdefault("_rules_for_cache", {})
        found = cache.get(key)
        if found is None:
            found = cache[key] = tuple(r for r in self.line_rules
                                       if n_words <= r.max_words and (top or r.where != "top"))
        return found

    @property
    def _longest(self) -> int:
        return max((r.max_words for r in self.line_rules if r.max_words < 10_000), default=0) + 1

    @classmethod
    def from_file(cls, path: str | Path) -> "CleaningRules":
        """Read a rules YAML file; raise :class:`FramelensError` naming the entry when it is wrong."""
        path = Path(path)
        try:
            raw = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise FramelensError(f"cannot read cleaning rules: {exc}", where=str(path),
                                 fix="check that the file exists and is valid YAML") from None
        return cls.from_dict(raw, source=str(path))

    @classmethod
    def from_dict(cls, raw: dict, *, source: str = "<dict>") -> "CleaningRules":
        if not isinstance(raw, dict):
            raise FramelensError("cleaning rules must be a mapping", where=source,
                                 fix="see framelens/data/cleaning_rules.yml for the format")

        def compile_(entry: dict, where: str) -> re.Pattern:
            if "pattern" not in entry:
                raise FramelensError("rule has no pattern", where=where, fix="add `pattern: REGEX`")
            flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
            try:
                return re.compile(entry["pattern"], flags)
            except re.error as exc:
                raise FramelensError(f"bad regular expression: {exc}", where=where,
                                     fix="fix the pattern (YAML single quotes: write '' for a quote)") from None

        def needs(entry: dict, where: str) -> tuple[str, ...]:
            value = entry.get("needs") or []
            if not isinstance(value, list):
                raise FramelensError("`needs` must be a list of strings", where=where, fix="write needs: [word, ...]")
            return tuple(str(v).lower() for v in value)

        def reason_of(entry: dict, where: str, default: str | None = None) -> str:
            reason = entry.get("reason", default)
            if reason not in REASONS or reason in ("repeated_line", "dateline"):
                raise FramelensError(f"unknown or unusable reason {reason!r}", where=where,
                                     fix="use one of: site_chrome, caption, photo_credit, byline, trailer")
            return reason

        def phrases(value, where: str) -> PhraseSet:
            if not isinstance(value, list):
                raise FramelensError("must be a list of words or phrases", where=where, fix="write [word, phrase, ...]")
            return PhraseSet(str(v) for v in value)

        line_rules = []
        for i, e in enumerate(raw.get("line_rules") or []):
            where = f"{source}: line_rules[{i}] ({e.get('name', '?')})"
            reason = reason_of(e, where)
            if e.get("where", "any") not in ("any", "top"):
                raise FramelensError(f"unknown where {e.get('where')!r}", where=where, fix="use any or top")
            line_rules.append(LineRule(str(e.get("name", f"rule{i}")), reason, compile_(e, where),
                                       int(e.get("max_words", 10_000)), e.get("where", "any"), needs(e, where)))
        trailer_rules = []
        for i, e in enumerate(raw.get("trailer_rules") or []):
            where = f"{source}: trailer_rules[{i}] ({e.get('name', '?')})"
            reason = reason_of(e, where, "trailer")
            stop = compile_({"pattern": e["tail_stop"], "case_sensitive": e.get("case_sensitive")}, where) \
                if e.get("tail_stop") else None
            trailer_rules.append(TrailerRule(str(e.get("name", f"trailer{i}")), compile_(e, where),
                                             int(e.get("tail_max_words", 8)), needs(e, where), reason, stop))
        dateline_rules = [(str(e.get("name", f"dateline{i}")), compile_(e, f"{source}: dateline_rules[{i}]"))
                          for i, e in enumerate(raw.get("dateline_rules") or [])]
        rep = raw.get("repeated_line") or {}
        cues = phrases(rep.get("chrome_cues", []), f"{source}: repeated_line.chrome_cues")
        reporting = phrases(rep.get("reporting_words", []), f"{source}: repeated_line.reporting_words")
        return cls(tuple(line_rules), tuple(trailer_rules), tuple(dateline_rules), cues, reporting,
                   int(rep.get("story_min_words", 4)), int(rep.get("repeat_max_words", 120)),
                   int(raw.get("top_lines", 6)),
                   int(raw.get("dateline_lines", 3)), source)

    @classmethod
    def default(cls) -> "CleaningRules":
        """The shipped rules (``framelens/data/cleaning_rules.yml``)."""
        return _default_rules()

    def looks_like_story(self, norm: str, padded: str | None = None) -> bool:
        """True when a (normalised) line reads like story text: it has a quotation mark, a reporting
        word, or ends like a sentence with at least ``story_min_words`` words."""
        if '"' in norm:
            return True
        if _n_words(norm) >= self.story_min_words and norm.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS):
            return True
        return self.reporting_words.search_padded(padded or PhraseSet.pad(norm))

    def repeat_candidate(self, norm: str) -> bool:
        """May this line be removed for being repeated? Not if it is longer than
        ``repeat_max_words`` words, nor if it reads like story text, unless it also holds a chrome
        cue (newsletter, copyright, click ...)."""
        if _n_words(norm) > self.repeat_max_words:
            return False
        padded = PhraseSet.pad(norm)
        return not self.looks_like_story(norm, padded) or self.chrome_cues.search_padded(padded)


@lru_cache(maxsize=1)
def _default_rules() -> CleaningRules:
    path = resources.files("framelens.data").joinpath("cleaning_rules.yml")
    return CleaningRules.from_dict(yaml.safe_load(path.read_text("utf-8")), source="framelens/data/cleaning_rules.yml")


@dataclass(frozen=True)
class Removal:
    """One removal: ``line_no`` is 1-based in the original text."""

    line_no: int
    removed_text: str
    reason: str
    rule: str


def clean_text(text: str, *, rules: CleaningRules | None = None,
               repeated: dict[str, str] | None = None) -> tuple[str, list[Removal]]:
    """Clean one text.

    Parameters
    ----------
    text : str
        The document text.
    rules : CleaningRules, optional
        The shipped rules when None.
    repeated : dict, optional
        ``hash(line_key) -> description`` of lines repeated across this document's outlet (from
        :func:`repeated_lines`); such a line is removed as ``repeated_line`` unless it reads like
        story text (:meth:`CleaningRules.repeat_candidate`).

    Returns
    -------
    (str, list of Removal)
        The cleaned text (same number of lines; removed lines are empty) and the removals.
    """
    rules = rules or CleaningRules.default()
    lines = text.split("\n")
    removals: list[Removal] = []
    in_trailer: TrailerRule | None = None
    kept_body = 0  # non-blank lines kept so far: datelines are only looked for in the first few
    dateline_done = False  # one dateline per document (kept apart from kept_body, which "top" rules use)
    for i, raw in enumerate(lines):
        norm = normalise_line(raw)
        if not norm:
            continue
        n_words = _n_words(norm)
        hit: tuple[str, str] | None = None
        if in_trailer is not None:
            if n_words <= in_trailer.tail_max_words and not (in_trailer.tail_stop
                                                             and in_trailer.tail_stop.search(norm)):
                hit = (in_trailer.reason, in_trailer.name)
            else:
                in_trailer = None
        low = norm.lower()
        if hit is None:
            for tr in rules.trailer_rules:
                if (not tr.needs or any(s in low for s in tr.needs)) and tr.pattern.search(norm):
                    hit, in_trailer = (tr.reason, tr.name), tr
                    break
        if hit is None:
            # "top": before the story's first lines (removed noise does not count, so cleaning twice
            # gives the same result as cleaning once)
            for rule in rules.rules_for(n_words, kept_body < rules.top_lines):
                if rule.needs and not any(s in low for s in rule.needs):
                    continue
                if rule.pattern.search(norm):
                    hit = (rule.reason, rule.name)
                    break
        if hit is None and repeated and n_words <= rules.repeat_max_words:
            found = repeated.get(hash(_DIGITS.sub("0", low)))
            if found is not None and rules.repeat_candidate(norm):
                hit = ("repeated_line", found)
        if hit is not None:
            removals.append(Removal(i + 1, raw, hit[0], hit[1]))
            lines[i] = ""
            continue
        kept_body += 1
        if not dateline_done and kept_body <= rules.dateline_lines:
            for name, pattern in rules.dateline_rules:
                m = pattern.match(raw)
                if m and _n_words(normalise_line(raw[m.end():])) >= 3:
                    removals.append(Removal(i + 1, raw[: m.end()], "dateline", name))
                    lines[i] = raw[m.end():]
                    dateline_done = True
                    break
    return "\n".join(lines), removals


def restore_text(text: str, removals: Iterable[Removal] | pd.DataFrame) -> str:
    """Rebuild the original text from a cleaned text and its removals (the audit rows of one document)."""
    if isinstance(removals, pd.DataFrame):
        removals = [Removal(int(r.line_no), r.removed_text, r.reason, getattr(r, "rule", ""))
                    for r in removals.itertuples(index=False)]
    lines = text.split("\n")
    for r in removals:
        i = r.line_no - 1
        lines[i] = r.removed_text + lines[i] if r.reason == "dateline" else r.removed_text
    return "\n".join(lines)


def original_text(corpus: Corpus, doc_id: str) -> str:
    """The text of ``doc_id`` as loaded, before cleaning (rebuilt from the cleaned text and the audit)."""
    docs = corpus.documents
    match = docs.loc[docs["doc_id"] == doc_id, "text"]
    if match.empty:
        raise FramelensError(f"no document {doc_id!r} in this corpus", where=corpus.name,
                             fix="check the doc_id (rejected documents have no text)")
    audit = corpus.cleaning
    return restore_text(str(match.iloc[0]), audit[audit["doc_id"] == doc_id] if len(audit) else [])


def repeated_lines(docs: pd.DataFrame, *, rules: CleaningRules | None = None, min_repeat_docs: int = 3,
                   min_repeat_share: float = 0.02) -> dict[str, dict[int, str]]:
    """Lines repeated across documents of the same outlet.

    Parameters
    ----------
    docs : DataFrame
        With columns ``outlet``, ``text`` and optionally ``duplicate_of`` (documents flagged as exact
        duplicates are not counted, so a re-posted article does not make its own lines "repeated").
    rules : CleaningRules, optional
    min_repeat_docs : int, default 3
        A line must be in at least this many documents of the outlet...
    min_repeat_share : float, default 0.02
        ...and in at least this share of them (rounded up).

    Returns
    -------
    dict
        ``outlet -> {hash(line_key): "seen in K of N documents of OUTLET"}`` for every line of at most
        ``rules.repeat_max_words`` words that recurs that often. Whether it reads like story text
        (and so stays) is decided per line by :func:`clean_text`, so counting needs no rule checks.
        Lines are counted by the hash of their key, which keeps memory small on large corpora.
    """
    rules = rules or CleaningRules.default()
    max_words = rules.repeat_max_words
    counts: dict[str, Counter] = defaultdict(Counter)
    n_docs: Counter = Counter()
    dup = docs["duplicate_of"].to_numpy() if "duplicate_of" in docs.columns else [""] * len(docs)
    for outlet, text, dup_of in zip(docs["outlet"].astype(str).to_numpy(), column_values(docs["text"]), dup):
        if dup_of:
            continue
        n_docs[outlet] += 1
        keys = set()
        for raw in str(text).split("\n"):
            norm = normalise_line(raw)
            if norm and _n_words(norm) <= max_words:
                keys.add(hash(_DIGITS.sub("0", norm.lower())))
        counts[outlet].update(keys)
    out: dict[str, dict[int, str]] = {}
    for outlet, counter in counts.items():
        n = n_docs[outlet]
        need = max(min_repeat_docs, math.ceil(min_repeat_share * n))
        found = {k: f"seen in {c} of {n} documents of {outlet}" for k, c in counter.items() if c >= need}
        if found:
            out[outlet] = found
    return out


def clean_corpus(corpus: Corpus, *, min_repeat_docs: int = 3, min_repeat_share: float = 0.02,
                 rules: CleaningRules | str | Path | None = None, repeated: bool = True,
                 progress: bool = False) -> Corpus:
    """Remove page noise from every document and record each removal in ``.cleaning``.

    Parameters
    ----------
    corpus : Corpus
        The corpus to clean (left unchanged).
    min_repeat_docs : int, default 3
        A line must recur in at least this many documents of one outlet to count as repeated.
    min_repeat_share : float, default 0.02
        ...and in at least this share of that outlet's documents (rounded up): 7 of 335, 3 of 20.
    rules : CleaningRules or path, optional
        The rule set, or a YAML file in the format of ``framelens/data/cleaning_rules.yml``; the
        shipped rules when None.
    repeated : bool, default True
        Apply the repeated-line rule (set False to use only the pattern rules).
    progress : bool, default False
        Show a progress bar over the documents (cleaning is most of the time a big load takes).

    Returns
    -------
    Corpus
        A new corpus: cleaned ``text``, the audit in ``.cleaning`` (columns in the module docstring,
        appended to any earlier audit), and documents left empty moved to ``.rejects``.
    """
    if rules is None:
        rules = CleaningRules.default()
    elif not isinstance(rules, CleaningRules):
        rules = CleaningRules.from_file(rules)
    docs = corpus.documents
    if docs.empty:
        return Corpus(documents=docs.copy(), rejects=corpus.rejects, records_seen=corpus.records_seen,
                      name=corpus.name, synthetic=corpus.synthetic, cleaning=_empty_audit())
    rep = repeated_lines(docs, rules=rules, min_repeat_docs=min_repeat_docs,
                         min_repeat_share=min_repeat_share) if repeated else {}
    new_texts = TextColumn()  # Arrow chunks: never every cleaned text as a Python string at once
    audit: dict[str, list] = {c: [] for c in CLEANING_COLUMNS}
    empty: list[int] = []
    rows = zip(docs["doc_id"].to_numpy(), docs["outlet"].astype(str).to_numpy(), column_values(docs["text"]))
    if progress:
        from tqdm.auto import tqdm

        rows = tqdm(rows, total=len(docs), desc="clean", unit="doc", dynamic_ncols=True)
    for pos, (doc_id, outlet, text) in enumerate(rows):
        cleaned, removals = clean_text(str(text), rules=rules, repeated=rep.get(outlet))
        new_texts.append(cleaned)
        for r in removals:
            audit["doc_id"].append(doc_id)
            audit["line_no"].append(r.line_no)
            audit["removed_text"].append(r.removed_text)
            audit["reason"].append(r.reason)
            audit["rule"].append(r.rule)
        if removals and not cleaned.strip():
            empty.append(pos)
    out = docs.copy()
    out["text"] = new_texts.array()
    table = pd.DataFrame(audit, columns=CLEANING_COLUMNS).astype({"line_no": "int64"})
    rejects = corpus.rejects
    if empty:
        gone = out.iloc[empty]
        new_rejects = []
        for row in gone.itertuples(index=False):
            file, where = split_source(str(row.source))
            n = int((table["doc_id"] == row.doc_id).sum())
            new_rejects.append(Reject(file, where or str(row.doc_id), "empty_text",
                                      f"record {row.doc_id!r}: nothing left after cleaning ({n} lines of page noise "
                                      "removed, listed in corpus.cleaning); load with --no-clean to keep it"))
        rejects = pd.concat([rejects, pd.DataFrame([r.__dict__ for r in new_rejects], columns=rejects.columns)],
                            ignore_index=True) if len(rejects) else pd.DataFrame(
            [r.__dict__ for r in new_rejects], columns=corpus.rejects.columns)
        out = out.drop(index=out.index[empty]).reset_index(drop=True)
        log.warning("%s: %d documents had nothing left after cleaning and were rejected", corpus.name, len(empty))
    if len(corpus.cleaning):
        prev = corpus.cleaning.reindex(columns=CLEANING_COLUMNS, fill_value="")
        table = pd.concat([prev, table], ignore_index=True)
    log.info("%s: cleaning removed %d lines from %d documents", corpus.name, len(table),
             table["doc_id"].nunique() if len(table) else 0)
    return Corpus(documents=out, rejects=rejects, records_seen=corpus.records_seen, name=corpus.name,
                  synthetic=corpus.synthetic, cleaning=table)


def _empty_audit() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="int64" if c == "line_no" else object) for c in CLEANING_COLUMNS})


def cleaning_summary(corpus: Corpus) -> pd.DataFrame:
    """Removals per outlet and reason: columns ``outlet, reason, lines, documents``."""
    audit = corpus.cleaning
    if audit.empty:
        return pd.DataFrame(columns=["outlet", "reason", "lines", "documents"])
    outlets = corpus.documents.set_index("doc_id")["outlet"].astype(str)
    t = audit.assign(outlet=audit["doc_id"].map(outlets).fillna("(rejected)"))
    out = (t.groupby(["outlet", "reason"]).agg(lines=("line_no", "size"), documents=("doc_id", "nunique"))
           .reset_index().sort_values(["outlet", "reason"]).reset_index(drop=True))
    return out
