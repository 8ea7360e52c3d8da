"""The lexicon pack schema: what a pack YAML file may contain, and its validation.

A pack is one YAML file. Every problem found raises :class:`~framelens.errors.LexiconError` whose
message names the file, the line, the entry, the problem and the fix. This docstring is the
developer reference; user guide: docs/lexicons.md.

Top level (all packs)::

    name: hedges                 # [a-z][a-z0-9_-]*; a user pack with a shipped name overrides it
    family: hedge                # naming | hedge | booster | attribution | loaded
    description: one paragraph saying what the pack measures
    sources: where the entries come from (papers, style guides, "written for framelens")
    version: 1                   # optional
    topic: [Karabakh, Azerbaijan]   # optional: the pack counts only in documents that mention one
    categories:                  # every category an entry may use, with what it means
      modal: modal verbs of possibility

Non-naming packs (hedge, booster, attribution, loaded) list ``entries``::

    entries:
      - term: claim              # the lemma reported in the hits table's ``term`` column
        category: doubting       # one of ``categories`` (attribution: the stance)
        inflect: verb            # verb | noun | none (default none): claim/claims/claimed/claiming;
                                 # noun: the head noun's plural (opponent of abortion -> opponents of
                                 # abortion, unborn child -> unborn children; framelens.lexicons.inflection)
        case: insensitive        # insensitive (default) | sensitive ("may" but not "May")
        forms: [...]             # optional: what to match (default: the term itself)
    exclude: [likely voters]     # optional: phrases that contain an entry's form but are not cues
                                 # (they win every overlap with a form, wherever it starts, then are
                                 # dropped; see framelens.lexicons.matcher)

Naming packs list ``concepts``, each with ``variants``::

    concepts:
      - concept: capital         # [a-z][a-z0-9_]*; the feature is naming:<pack>/<concept>
        description: the main city of Nagorno-Karabakh
        topic: [...]             # optional, as for the pack but for this concept only
        exclude: [...]           # optional: forms that look like a variant but are not this concept
                                 # (North Korean is not "the North"; they win overlaps as above)
        variants:
          - variant: Stepanakert       # the label reported in ``variant``
            category: armenian_usage   # who uses it / what it signals: one of ``categories``
            signals: Armenian name of the city, used by Armenian and most Western media
            case: sensitive
            forms: [Stepanakert]

A form is a string (a literal word or phrase, matched on word boundaries) or a mapping::

    {form: occupied, followed_by: [territories, by], window: 1}   # context: one of these words
                                                                  # within the next ``window`` words
    {form: leader, preceded_by: [North Korean]}                   # ...or before it
    {regex: 'cit(?:e|es|ed|ing)\\s+(?P<source>[^.]{1,80}?)\\s+as\\s+saying'}  # a regular expression;
                                                                  # a group named ``source`` marks who
                                                                  # is attributed
    {regex: ..., anchors: [cite, cites, cited, citing]}            # try the regex only where one of
                                                                  # these words starts (much faster)
    {form: claims, pos: [VB]}                                     # part of speech (Penn tags, by
                                                                  # prefix: VB = VB, VBD, VBZ ...) of
                                                                  # the form's first word, from the
                                                                  # shipped tagger: the verb, not the
                                                                  # noun "claims"
    {form: really, not_next_pos: [JJ, RB]}                        # ... or of the word after the form
    {form: appeared, next_pos: [JJ, VBN, TO]}                     #     (must / must not be one of)
    {form: right to life activist, inflect: noun, head: activist} # the word made plural, where the
                                                                  # rule (the word before of/to/who ...)
                                                                  # picks the wrong one; one of the
                                                                  # form's words, with inflect: noun
``case`` and ``inflect`` may also be given per form. The tagger runs only on a short window around
a candidate whose form has a part-of-speech condition, so its cost grows with such candidates, not
with the corpus. A form one entry produces twice (``undocumented person`` makes "undocumented
people", also listed) is kept once; the same form under two entries is an error.

An entry (or a variant) may also say whose act it is (``hedge`` and ``attribution`` packs)::

    - {term: suggest, category: asserting, inflect: verb, subject: person}    # "the senator suggested"
    - {term: suggest, category: verb, inflect: verb, subject: not_person}     # "the data suggest"

``subject: person`` counts the verb only when the noun phrase it is said of (found as the source
of a reporting verb is, :mod:`framelens.features.sources`) is a person or a body that speaks: a
personal pronoun, a name (capitalised), or a noun of :data:`framelens.features.context.SPEAKER_NOUNS`;
``not_person`` only otherwise.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from framelens.errors import LexiconError
from framelens.lexicons.inflection import inflect_phrase
from framelens.lexicons.patterns import backtracking_risk

FAMILIES = ("naming", "hedge", "booster", "attribution", "loaded")
STANCES = ("neutral", "asserting", "doubting", "conceding", "accusing", "praising", "denying", "urging",
           "endorsing", "according_to")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
_CONCEPT_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {"name", "family", "description", "sources", "version", "topic", "categories", "entries", "concepts",
             "exclude"}
_ENTRY_KEYS = {"term", "category", "inflect", "case", "forms", "note", "subject", "__line__"}
_CONCEPT_KEYS = {"concept", "description", "topic", "exclude", "variants", "__line__"}
_VARIANT_KEYS = {"variant", "category", "signals", "inflect", "case", "forms", "note", "__line__"}
_FORM_KEYS = {"form", "regex", "anchors", "case", "inflect", "head", "followed_by", "preceded_by", "window", "pos",
              "next_pos", "not_next_pos", "__line__"}
_POS_KEYS = ("pos", "next_pos", "not_next_pos")
#: Tags a part-of-speech condition may name (Penn Treebank tags or their prefixes).
POS_TAGS = frozenset("""CC CD DT EX FW IN JJ JJR JJS LS MD NN NNS NNP NNPS PDT POS PRP PRP$ RB RBR RBS RP SYM
TO UH VB VBD VBG VBN VBP VBZ WDT WP WP$ WRB""".split())
_SUBJECTS = ("any", "person", "not_person")
_CASES = ("insensitive", "sensitive")
_INFLECTIONS = ("none", "verb", "noun")

_NORM_TABLE = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-",
                             "\t": " ", "\n": " ", "\r": " ", "\x0b": " ", "\x0c": " ", "\xa0": " ",
                             "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200a": " "})
_WS_RE = re.compile(r"\s+")


def normalise_form(s: str) -> str:
    """The matching key of a form: lower case, single spaces, straight apostrophes, ASCII hyphens."""
    return _WS_RE.sub(" ", s.translate(_NORM_TABLE).strip())


@dataclass(frozen=True)
class Form:
    """One thing to look for: a literal ``text`` (matched on word boundaries) or a ``regex``."""

    text: str = ""
    regex: str = ""
    case_sensitive: bool = False
    followed_by: tuple[str, ...] = ()
    preceded_by: tuple[str, ...] = ()
    window: int = 1
    anchors: tuple[str, ...] = ()  # regex only: words at which the regex is tried (else: whole text)
    pos: tuple[str, ...] = ()           # tag prefixes the form's first word must have
    next_pos: tuple[str, ...] = ()      # ... the word after the form must have
    not_next_pos: tuple[str, ...] = ()  # ... the word after the form must not have

    def context_key(self):
        return (self.followed_by, self.preceded_by, self.window, self.pos, self.next_pos, self.not_next_pos)

    @property
    def needs_tags(self) -> bool:
        """Does a part-of-speech condition decide whether this form counts?"""
        return bool(self.pos or self.next_pos or self.not_next_pos)


@dataclass(frozen=True)
class Entry:
    """One lexicon entry (non-naming packs) or one naming variant, with its expanded forms."""

    term: str
    category: str
    forms: tuple[Form, ...]
    concept: str = ""      # naming only: the concept id (without the pack prefix)
    variant: str = ""      # naming only
    signals: str = ""      # naming only
    exclude: bool = False  # ``exclude`` forms (of a concept or a pack): they win overlaps, then are dropped
    line: int = 0
    subject: str = "any"   # hedge/attribution: "person" / "not_person" (who the verb is said of)


@dataclass
class Pack:
    """A validated lexicon pack (see the module docstring for the YAML it comes from).

    Attributes
    ----------
    name, family, description, sources : str
    categories : dict of str to str
    entries : list of Entry
        Non-naming entries, or every naming variant (``concept`` set) and exclusion.
    concepts : dict of str to dict
        Naming only: concept id → ``{"description": ..., "topic": (...)}``.
    topic : tuple of str
        Forms of which one must occur in a document for the pack to count there (empty: always).
    path : str
        The file it was read from.
    digest : str
        SHA-256 of the file's bytes (recorded in manifests).
    """

    name: str
    family: str
    description: str
    sources: str
    categories: dict[str, str]
    entries: list[Entry]
    concepts: dict[str, dict] = field(default_factory=dict)
    topic: tuple[str, ...] = ()
    version: str = ""
    path: str = ""
    digest: str = ""

    def feature_for(self, entry: Entry) -> str:
        """The feature key of hits from ``entry`` (see the hits table in CONTRACTS.md)."""
        if self.family == "naming":
            return f"naming:{self.name}/{entry.concept}"
        if self.family == "attribution":
            return f"attribution:{entry.category}"
        return self.family

    def features(self) -> list[str]:
        """Every feature key this pack can produce, in pack order."""
        out: list[str] = []
        for e in self.entries:
            if e.exclude:
                continue
            f = self.feature_for(e)
            if f not in out:
                out.append(f)
        return out

    def summary(self):
        """One row per entry/variant: concept, variant or term, category, forms (a DataFrame)."""
        import pandas as pd

        rows = []
        for e in self.entries:
            forms = ", ".join(f.text or f"/{f.regex}/" for f in e.forms)
            rows.append({"concept": e.concept, "variant": e.variant, "term": e.term,
                         "category": "(exclude)" if e.exclude else e.category,
                         "signals": e.signals, "forms": forms})
        return pd.DataFrame(rows, columns=["concept", "variant", "term", "category", "signals", "forms"])


# --- YAML with line numbers --------------------------------------------------------------------

_BOOL_TAG = "tag:yaml.org,2002:bool"


def _core_schema_booleans(loader_cls):
    """Make ``loader_cls`` read booleans as YAML 1.2 does: only ``true`` and ``false``.

    PyYAML follows YAML 1.1, where a bare ``no``, ``on``, ``yes`` or ``off`` is a boolean: a word list
    such as ``preceded_by: [no, not, on]`` then held ``False`` and ``True``, which became the words
    "false" and "true", so those context conditions never matched. Packs are lists of words, so these
    four stay text; ``true``/``false`` (any case) are still booleans. Returns ``loader_cls``."""
    resolvers = {first: [(tag, regexp) for tag, regexp in rules if tag != _BOOL_TAG]
                 for first, rules in loader_cls.yaml_implicit_resolvers.items()}
    loader_cls.yaml_implicit_resolvers = resolvers
    loader_cls.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                     list("tTfF"))
    return loader_cls


@_core_schema_booleans
class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the line of every mapping under the key ``__line__`` and refuses a key
    given twice in one mapping (YAML would keep the last one silently). Booleans are YAML 1.2's
    (see :func:`_core_schema_booleans`)."""


def _construct_mapping(loader, node, deep=False):
    seen: dict = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first given on line {seen[key]})", key_node.start_mark)
        except TypeError:  # an unhashable key: construct_mapping says so
            continue
        seen[key] = line
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

if getattr(yaml, "__with_libyaml__", False):
    @_core_schema_booleans
    class _FastLineLoader(yaml.CSafeLoader):
        """:class:`_LineLoader` on libyaml's parser: the same data, six times faster (the shipped
        packs take about half a CPU second to parse in pure Python, in every process)."""

    _FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLineLoader = None


def _load_yaml(text: str):
    """The YAML document in ``text``, with ``__line__`` in every mapping (see :class:`_LineLoader`).

    Parsed by libyaml when PyYAML has it; a document libyaml refuses is parsed again by the
    pure-Python parser, whose message and line are the ones reported (so errors read the same
    either way)."""
    if _FastLineLoader is not None:
        try:
            return yaml.load(text, Loader=_FastLineLoader)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_LineLoader)


# --- validation --------------------------------------------------------------------------------

class _Ctx:
    def __init__(self, path: str):
        self.path = path

    def fail(self, what: str, line: int | None = None, entry: str | None = None, fix: str | None = None):
        where = self.path + (f":{line}" if line else "") + (f" (entry {entry!r})" if entry else "")
        raise LexiconError(what, where=where, fix=fix)


def _str_field(ctx: _Ctx, d: dict, key: str, *, entry: str | None = None, required: bool = True) -> str:
    line = d.get("__line__")
    if key not in d or d[key] is None or (isinstance(d[key], str) and not d[key].strip()):
        if required:
            ctx.fail(f"missing field '{key}'", line, entry, fix=f"add `{key}: ...` to this entry")
        return ""
    v = d[key]
    if isinstance(v, (dict, list)):
        ctx.fail(f"field '{key}' must be a text, not a {type(v).__name__}", line, entry,
                 fix=f"write `{key}: some text`")
    return str(v).strip()


def _str_list(ctx: _Ctx, d: dict, key: str, *, entry: str | None) -> tuple[str, ...]:
    v = d.get(key)
    if v is None:
        return ()
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, (str, int, float)) for x in v):
        ctx.fail(f"field '{key}' must be a list of words or phrases", d.get("__line__"), entry,
                 fix=f"write `{key}: [word, another phrase]`")
    if any(isinstance(x, bool) for x in v):  # a bare true/false: YAML read a boolean, not the word
        ctx.fail(f"field '{key}' holds a bare true or false, which YAML reads as a yes/no value, not a word",
                 d.get("__line__"), entry, fix="quote the word: 'true' or 'false'")
    return tuple(str(x).strip() for x in v if str(x).strip())


def _choice(ctx, d, key, choices, default, entry):
    v = d.get(key, default)
    if v is None:
        v = default
    v = str(v).strip().lower()
    if v not in choices:
        ctx.fail(f"'{key}: {d.get(key)}' is not one of {', '.join(choices)}", d.get("__line__"), entry,
                 fix=f"use one of: {', '.join(choices)}")
    return v


def _unknown_keys(ctx, d, allowed, entry, what):
    extra = sorted(k for k in d if k not in allowed)
    if extra:
        ctx.fail(f"unknown field(s) {', '.join(map(repr, extra))} in {what}", d.get("__line__"), entry,
                 fix=f"the fields allowed here are: {', '.join(sorted(allowed - {'__line__'}))}")


def _forms(ctx: _Ctx, raw, *, default: str, case: str, inflect: str, entry: str, line: int) -> tuple[Form, ...]:
    items = raw if raw is not None else [default]
    if isinstance(items, (str, dict)):
        items = [items]
    if not isinstance(items, list) or not items:
        ctx.fail("'forms' must be a non-empty list", line, entry, fix="write `forms: [word, another phrase]`")
    out: list[Form] = []
    seen: set = set()

    def add(form: Form):
        # one entry may produce a form twice (undocumented person -> ... people, and undocumented people
        # listed too): it matches the same text for the same entry, so it is kept once, not refused
        key = _form_key(form)
        if key not in seen:
            seen.add(key)
            out.append(form)

    for item in items:
        if isinstance(item, bool) or isinstance(item, dict) and isinstance(item.get("form"), bool):
            # a bare true/false: YAML read a boolean, not the word (as in _str_list)
            ctx.fail("a form is a bare true or false, which YAML reads as a yes/no value, not a word",
                     item.get("__line__", line) if isinstance(item, dict) else line, entry,
                     fix="quote the word: 'true' or 'false'")
        if isinstance(item, (int, float)):
            item = str(item)
        if isinstance(item, str):
            item = {"form": item, "__line__": line}
        if not isinstance(item, dict):
            ctx.fail(f"a form must be a text or a mapping, not {item!r}", line, entry,
                     fix="write a word, a phrase, or {form: ..., followed_by: [...]}")
        iline = item.get("__line__", line)
        _unknown_keys(ctx, item, _FORM_KEYS, entry, "a form")
        has_form, has_regex = bool(item.get("form")), bool(item.get("regex"))
        if has_form == has_regex:
            ctx.fail("a form mapping needs exactly one of 'form' or 'regex'", iline, entry,
                     fix="write {form: some words} or {regex: 'a pattern'}")
        fcase = _choice(ctx, item, "case", _CASES, case, entry)
        finf = _choice(ctx, item, "inflect", _INFLECTIONS, inflect, entry)
        head = _str_field(ctx, item, "head", entry=entry, required=False)
        followed = tuple(normalise_form(x).lower() for x in _str_list(ctx, item, "followed_by", entry=entry))
        preceded = tuple(normalise_form(x).lower() for x in _str_list(ctx, item, "preceded_by", entry=entry))
        window = item.get("window", 1)
        if not isinstance(window, int) or not 1 <= window <= 10:
            ctx.fail(f"'window: {window}' must be a whole number from 1 to 10", iline, entry,
                     fix="write window: 1 (the next word) up to window: 10")
        tags = {}
        for key in _POS_KEYS:
            tags[key] = tuple(x.upper() for x in _str_list(ctx, item, key, entry=entry))
            bad = [t for t in tags[key] if t not in POS_TAGS]
            if bad:
                ctx.fail(f"unknown part-of-speech tag(s) {bad} in '{key}'", iline, entry,
                         fix="use Penn Treebank tags or their prefixes: VB (any verb), VBD, NN (any noun), JJ, RB, ...")
        if has_regex:
            pattern = str(item["regex"])
            try:
                compiled = re.compile(pattern, 0 if fcase == "sensitive" else re.IGNORECASE)
            except re.error as exc:
                ctx.fail(f"bad regular expression {pattern!r}: {exc}", iline, entry,
                         fix="escape special characters (\\. \\( \\?) or check the brackets; "
                             "test it with python -c \"import re; re.compile(r'...')\"")
            if compiled.match(""):
                ctx.fail(f"regular expression {pattern!r} matches the empty text", iline, entry,
                         fix="make the pattern require at least one character")
            risk = backtracking_risk(pattern, ignore_case=fcase != "sensitive")
            if risk:
                ctx.fail(f"regular expression {pattern!r} can take exponential time on some texts (it has {risk}), "
                         "which would hang extraction", iline, entry,
                         fix="make each part match in one way only, e.g. (a+)+ -> a+, (\\w+\\s?)+ -> "
                             "(?:\\w+\\s)*\\w+; or use a possessive quantifier (a++) or an atomic group (?>...)")
            extra_groups = set(compiled.groupindex) - {"source"}
            if extra_groups:
                ctx.fail(f"regular expression {pattern!r} has named group(s) {sorted(extra_groups)}", iline, entry,
                         fix="only a group named `source` is allowed; use (?:...) for other groups")
            anchors = tuple(normalise_form(x) for x in _str_list(ctx, item, "anchors", entry=entry))
            if any(tags.values()):
                ctx.fail("part-of-speech conditions apply to literal forms, not to a regex", iline, entry,
                         fix="write the form as {form: some words, pos: [...]}")
            if head:
                ctx.fail("'head' applies to a literal form, not to a regex", iline, entry,
                         fix="remove `head`, or write the form as {form: some words, inflect: noun, head: word}")
            add(Form(regex=pattern, case_sensitive=fcase == "sensitive", followed_by=followed,
                     preceded_by=preceded, window=window, anchors=anchors))
            continue
        if item.get("anchors"):
            ctx.fail("'anchors' only applies to a regex form", iline, entry,
                     fix="remove `anchors`, or write the form as {regex: ..., anchors: [...]}")
        text = normalise_form(str(item["form"]))
        if not any(c.isalnum() for c in text):
            ctx.fail(f"form {item['form']!r} has no letter or digit", iline, entry, fix="remove it")
        if head:
            words = text.split(" ")
            if finf != "noun":
                ctx.fail(f"'head: {head}' needs `inflect: noun` (the head is the word made plural)", iline, entry,
                         fix="add `inflect: noun` to this form or its entry, or remove `head`")
            if normalise_form(head).lower() not in [w.lower() for w in words]:
                ctx.fail(f"'head: {head}' is not one of the words of the form {text!r}", iline, entry,
                         fix=f"give one of its words: {', '.join(words)}")
        for variant in inflect_phrase(text, finf, head=normalise_form(head) if head else None):
            add(Form(text=variant, case_sensitive=fcase == "sensitive", followed_by=followed,
                     preceded_by=preceded, window=window, pos=tags["pos"], next_pos=tags["next_pos"],
                     not_next_pos=tags["not_next_pos"]))
    return tuple(out)


def _form_key(form: Form):
    text = form.text if form.case_sensitive else form.text.lower()
    return (text, form.regex, form.case_sensitive, form.context_key())


def _exclude_entry(ctx: _Ctx, raw, entry: str, line: int | None, concept: str = "") -> Entry:
    """The ``exclude`` forms of a concept or a pack as one entry: they win overlaps, then are dropped."""
    forms = _forms(ctx, raw, default="", case="insensitive", inflect="none", entry=entry, line=line)
    return Entry(term="(exclude)", category="", forms=forms, concept=concept, exclude=True, line=line or 0)


def parse_pack(text: str, path: str = "<string>") -> Pack:
    """Validate the YAML ``text`` of a pack (read from ``path``) and return the :class:`Pack`.

    Raises
    ------
    LexiconError
        For bad YAML (with its line), a missing field, an unknown family or category, a bad regular
        expression, or a duplicate term, variant or form; the message names file, line and entry.
    """
    ctx = _Ctx(path)
    try:
        data = _load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if problem.startswith("duplicate key"):
            ctx.fail(problem, line, fix="keep one of the two: YAML would silently use the last one")
        ctx.fail(f"not valid YAML: {problem}", line,
                 fix="check indentation and quoting on that line (quote text containing ': ' or '#')")
    if not isinstance(data, dict):
        ctx.fail("a lexicon pack must be a YAML mapping with name, family, description, sources, categories",
                 fix="start from `framelens lexicon show hedges` and edit it")
    _unknown_keys(ctx, data, _TOP_KEYS | {"__line__"}, None, "the pack")
    name = _str_field(ctx, data, "name")
    if not _NAME_RE.match(name):
        ctx.fail(f"pack name {name!r} must be lower case letters, digits, - or _", data.get("__line__"),
                 fix="e.g. `name: my-hedges`")
    family = _str_field(ctx, data, "family")
    if family not in FAMILIES:
        ctx.fail(f"unknown family {family!r}", data.get("__line__"), fix=f"use one of: {', '.join(FAMILIES)}")
    description = _str_field(ctx, data, "description")
    sources = _str_field(ctx, data, "sources")
    cats = data.get("categories")
    if not isinstance(cats, dict) or not [k for k in cats if k != "__line__"]:
        ctx.fail("missing field 'categories' (a mapping of category name to what it means)", data.get("__line__"),
                 fix="add e.g. `categories: {modal: modal verbs of possibility}`")
    categories = {str(k): str(v) for k, v in cats.items() if k != "__line__"}
    if family == "attribution":
        bad = sorted(set(categories) - set(STANCES))
        if bad:
            ctx.fail(f"unknown attribution stance(s) {bad} in categories", cats.get("__line__"),
                     fix=f"attribution categories are stances: {', '.join(STANCES)}")
    topic = tuple(normalise_form(x) for x in _str_list(ctx, data, "topic", entry=None))
    entries: list[Entry] = []
    concepts: dict[str, dict] = {}

    def check_category(cat, line, entry):
        if cat not in categories:
            ctx.fail(f"unknown category {cat!r}", line, entry,
                     fix=f"use one of the pack's categories ({', '.join(categories)}) or add it under `categories:`")

    if family == "naming":
        if "exclude" in data:
            ctx.fail("a naming pack lists `exclude:` under each concept, not at the top", data.get("__line__"),
                     fix="move the forms to the `exclude:` of the concept they must not count for")
        if "entries" in data:
            ctx.fail("a naming pack lists `concepts:` (with variants), not `entries:`", data.get("__line__"),
                     fix="see `framelens lexicon show karabakh` for the layout")
        raw_concepts = data.get("concepts")
        if not isinstance(raw_concepts, list) or not raw_concepts:
            ctx.fail("missing field 'concepts' (a list)", data.get("__line__"),
                     fix="add `concepts:` with at least one concept and its variants")
        for c in raw_concepts:
            if not isinstance(c, dict):
                ctx.fail(f"a concept must be a mapping, not {c!r}", data.get("__line__"),
                         fix="write `- concept: id` followed by description and variants")
            cline = c.get("__line__")
            cid = _str_field(ctx, c, "concept")
            _unknown_keys(ctx, c, _CONCEPT_KEYS, cid, "a concept")
            if not _CONCEPT_RE.match(cid):
                ctx.fail(f"concept id {cid!r} must be lower case letters, digits or _", cline, cid,
                         fix="e.g. `concept: capital`")
            if cid in concepts:
                ctx.fail(f"duplicate concept {cid!r}", cline, cid, fix="merge the two concepts into one")
            concepts[cid] = {"description": _str_field(ctx, c, "description", entry=cid),
                             "topic": tuple(normalise_form(x) for x in _str_list(ctx, c, "topic", entry=cid))}
            variants = c.get("variants")
            if not isinstance(variants, list) or not variants:
                ctx.fail("missing field 'variants' (a list)", cline, cid, fix="add `variants:` to this concept")
            seen_variants: set[str] = set()
            seen_forms: dict = {}
            for v in variants:
                if not isinstance(v, dict):
                    ctx.fail(f"a variant must be a mapping, not {v!r}", cline, cid,
                             fix="write `- variant: label` with category, signals and forms")
                vline = v.get("__line__", cline)
                label = _str_field(ctx, v, "variant", entry=cid)
                ename = f"{cid}/{label}"
                _unknown_keys(ctx, v, _VARIANT_KEYS, ename, "a variant")
                if label in seen_variants:
                    ctx.fail(f"duplicate variant {label!r} in concept {cid!r}", vline, ename,
                             fix="list all its forms under one variant")
                seen_variants.add(label)
                cat = _str_field(ctx, v, "category", entry=ename)
                check_category(cat, vline, ename)
                signals = _str_field(ctx, v, "signals", entry=ename)
                case = _choice(ctx, v, "case", _CASES, "insensitive", ename)
                inflect = _choice(ctx, v, "inflect", _INFLECTIONS, "none", ename)
                forms = _forms(ctx, v.get("forms"), default=label, case=case, inflect=inflect, entry=ename,
                               line=vline)
                for f in forms:
                    key = _form_key(f)
                    if key in seen_forms:
                        ctx.fail(f"duplicate variant form {f.text or f.regex!r}: also under {seen_forms[key]!r}",
                                 vline, ename, fix="keep the form under one variant only")
                    seen_forms[key] = ename
                entries.append(Entry(term=label, category=cat, forms=forms, concept=cid, variant=label,
                                     signals=signals, line=vline or 0))
            if c.get("exclude") is not None:
                entries.append(_exclude_entry(ctx, c["exclude"], f"{cid}/exclude", cline, concept=cid))
    else:
        if "concepts" in data:
            ctx.fail(f"a {family} pack lists `entries:`, not `concepts:`", data.get("__line__"),
                     fix="use `family: naming` for concepts with variants")
        raw_entries = data.get("entries")
        if not isinstance(raw_entries, list) or not raw_entries:
            ctx.fail("missing field 'entries' (a list)", data.get("__line__"),
                     fix="add `entries:` with at least one `- term: ...`")
        seen_terms: set[str] = set()
        seen_forms = {}
        for e in raw_entries:
            if isinstance(e, str):
                e = {"term": e, "__line__": data.get("__line__")}
            if not isinstance(e, dict):
                ctx.fail(f"an entry must be a mapping, not {e!r}", data.get("__line__"),
                         fix="write `- term: word` with its category")
            eline = e.get("__line__")
            term = _str_field(ctx, e, "term")
            _unknown_keys(ctx, e, _ENTRY_KEYS, term, "an entry")
            if term.lower() in seen_terms:
                ctx.fail(f"duplicate term {term!r}", eline, term, fix="keep one entry per term (merge their forms)")
            seen_terms.add(term.lower())
            cat = _str_field(ctx, e, "category", entry=term)
            check_category(cat, eline, term)
            case = _choice(ctx, e, "case", _CASES, "insensitive", term)
            inflect = _choice(ctx, e, "inflect", _INFLECTIONS, "none", term)
            subject = _choice(ctx, e, "subject", _SUBJECTS, "any", term)
            if subject != "any" and family not in ("hedge", "attribution"):
                ctx.fail(f"'subject: {subject}' applies to hedge and attribution packs only", eline, term,
                         fix="remove `subject:` from this entry")
            forms = _forms(ctx, e.get("forms"), default=term, case=case, inflect=inflect, entry=term, line=eline)
            for f in forms:
                key = _form_key(f)
                if key in seen_forms:
                    ctx.fail(f"duplicate form {f.text or f.regex!r}: also under term {seen_forms[key]!r}", eline,
                             term, fix="keep the form under one term only")
                seen_forms[key] = term
            entries.append(Entry(term=term, category=cat, forms=forms, line=eline or 0, subject=subject))
        if data.get("exclude") is not None:
            entries.append(_exclude_entry(ctx, data["exclude"], "exclude", data.get("__line__")))
    return Pack(name=name, family=family, description=description, sources=sources, categories=categories,
                entries=entries, concepts=concepts, topic=topic, version=str(data.get("version", "") or ""),
                path=path, digest=hashlib.sha256(text.encode("utf-8")).hexdigest())


def read_pack(path: str | Path) -> Pack:
    """Read and validate the pack file at ``path``."""
    p = Path(path)
    if not p.is_file():
        raise LexiconError("no such lexicon file", where=str(p),
                           fix="give a pack name (see `framelens lexicon show`) or the path of a .yml file")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", where=str(p),
                           fix="save the file as UTF-8") from None
    return parse_pack(text, str(p))
