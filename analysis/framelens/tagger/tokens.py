"""Penn-Treebank/EWT-style tokens of news text, with character offsets into the original text.

The tokens follow the conventions of the Universal Dependencies English Web Treebank (EWT), the
tagger's training data, so that the tagger sees words cut the way it learned them:

- tokens never cross a space, and how a run of non-space characters is cut does not depend on
  what is around it: a window that starts and ends at spaces has the tokens of the whole text;
- clitics are split: ``don't`` -> ``do n't``, ``can't`` -> ``ca n't``, ``Trump’s`` -> ``Trump ’s``,
  ``they're`` -> ``they 're``; ``cannot``, ``gonna``, ``wanna``, ``gotta`` are split in two
  (``can not``, ``gon na``);
- punctuation is split off, but ``U.S.``, ``p.m.``, ``e.g.``, ``Mr.``, ``Sen.``, ``Jan.`` and middle
  initials (``George W. Bush``) keep their periods; numbers keep their separators (``30,000``,
  ``3.5``, ``10:30``, ``9/11``); URLs and e-mail addresses stay whole;
- hyphenated compounds are split at the hyphen (``so-called`` -> ``so - called``), except after
  the prefixes EWT keeps attached (``e-mail``, ``non-profit``, ``anti-war``, ``co-founder``...);
- news typography is understood: curly quotes and apostrophes (“ ” ‘ ’), em and en dashes,
  Unicode hyphens, the ellipsis character, and non-breaking or thin spaces (which separate tokens
  like any space).

Every token is ``(start, end, word)`` with ``word == text[start:end]``: the word as written. The
typography is mapped to what EWT uses (``’`` -> ``'``, ``“`` -> ``"``, ``—`` -> ``--``) only for
tagging, by :func:`ewt_form`.
"""
from __future__ import annotations

import re

#: Prefixes that EWT keeps attached to the following word (``e-mail``, ``non-profit``); any other
#: hyphen between word characters is a token of its own.
ATTACHED_PREFIXES = ("e", "non", "anti", "pre", "re", "mid", "co", "post", "pro", "multi", "ex", "semi",
                     "counter", "sub", "vice", "neo", "cross", "socio", "mis", "micro", "intra", "inter",
                     "un", "de", "bi", "tri", "over", "ultra", "pseudo", "quasi", "extra")

#: Abbreviations that keep their final period (case-sensitive; letter-dot sequences such as
#: ``U.S.``, ``p.m.``, ``e.g.`` are recognised by their shape instead).
ABBREVIATIONS = tuple("""
Mr Mrs Ms Messrs Dr Prof Sen Sens Rep Reps Gov Govs Gen Lt Col Maj Capt Sgt Cpl Pvt Adm Cmdr Cdr Rev
Fr Hon Pres Supt Insp Det Atty Amb Gens
St Ste Jr Sr Inc Corp Co Cos Ltd Bros Dept Univ Assn Ave Blvd Rd Mt Ft No Nos Vol Ch Sec
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thurs Fri Sat Sun
Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev
Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo
vs etc approx cf al Nos
""".split())

# Spaces: str.isspace() characters (NBSP, thin and narrow spaces included) plus zero-width
# characters, which news pages leave between words and which are not letters.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
#: The characters that separate tokens, as the body of a regular-expression character class.
SPACES = rf"\s{_ZERO_WIDTH}"
_CHUNK_RE = re.compile(rf"[^{SPACES}]+")

_W = r"[^\W_]"  # a letter or digit, any script
_APOS = "'\u2019"
_CLITIC_BODY = rf"(?:[sS]|[rR][eE]|[vV][eE]|[lL][lL]|[dD]|[mM])(?!{_W})"  # 's 're 've 'll 'd 'm
_HYPHENS = "\\-\u2010\u2011"
_PREFIX_ALT = "|".join(sorted(ATTACHED_PREFIXES, key=len, reverse=True))
_ABBR_ALT = "|".join(sorted(set(ABBREVIATIONS), key=len, reverse=True))

_TOKEN_RE = re.compile(rf"""
  (?:https?://|www\.)[^\s"“”‘’<>()\[\]{{}}]*[^\s"“”‘’<>()\[\]{{}}.,;:!?']   # URL
| [\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+                                          # e-mail address
| (?:[^\W\d_]\.){{2,}}                                                      # U.S., p.m., e.g.
| (?<![^\W_.])(?:{_ABBR_ALT})\.(?!{_W})                                     # Mr., Sen., Jan.
| (?<!{_W})[A-Z]\.(?!\S)                                                    # middle initial: W. Bush
| \d+(?:[.,:/]\d+)+                                                         # 30,000  3.5  10:30  9/11
| {_W}+?(?=[nN][{_APOS}][tT](?!{_W}))                                       # do|n't, ca|n't
| [nN][{_APOS}][tT](?!{_W})                                                 # n't
| (?<={_W})[{_APOS}]{_CLITIC_BODY}                                                      # 's 're 've 'll 'd 'm
| (?<!{_W})(?i:{_PREFIX_ALT})[{_HYPHENS}]{_W}+(?:[{_APOS}](?!{_CLITIC_BODY}){_W}+)*   # e-mail, non-profit
| {_W}+(?:[{_APOS}](?!{_CLITIC_BODY}){_W}+)*                                 # words, O'Brien
| \.{{2,}} | -{{2,}} | [!?]+ | ``|''                                         # runs of punctuation
| [^\s{_ZERO_WIDTH}]                                                        # any other character
""", re.VERBOSE)

# Words that EWT splits in two without an apostrophe: word (lower case) -> length of the first part.
_SPLIT_WORDS = {"cannot": 3, "gonna": 3, "wanna": 3, "gotta": 3}
# Runs of non-space characters already cut (chunk_tokens); cleared when full, to bound memory.
_CHUNKS: dict[str, tuple[tuple[int, int, str], ...]] = {}
_CHUNK_MEMO_LIMIT = 200_000

#: Typography of news text -> the characters EWT uses (applied to a token's text for tagging only).
EWT_TRANSLATION = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2014": "--", "\u2015": "--", "\u2013": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u2026": "...",
})


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Penn-Treebank/EWT-style tokens of ``text[start:end]``, with offsets into ``text``.

    Parameters
    ----------
    text : str
        The whole text (a document or a sentence).
    start, end : int, optional
        The window to tokenise (Python slice semantics; ``end=None`` is the end of ``text``). A
        window that starts or ends inside a word cuts that word at the window's edge.

    Returns
    -------
    list of (int, int, str)
        ``(start, end, word)`` per token, in order, with ``word == text[start:end]`` (the word as
        written: typography is not changed; see :func:`ewt_form`).

    Raises
    ------
    TypeError
        When ``text`` is not a string.

    Examples
    --------
    >>> [w for _, _, w in tokenize("They don’t claim the U.S. is “safe.”")]
    ['They', 'do', 'n’t', 'claim', 'the', 'U.S.', 'is', '“', 'safe', '.', '”']
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize() needs a str, got {type(text).__name__}")
    lo, hi, _ = slice(start, end).indices(len(text))
    out: list[tuple[int, int, str]] = []
    append = out.append
    cuts = _CHUNKS
    # Tokens never cross a space and no rule looks across one, so every run of non-space
    # characters is cut on its own (the window's edges cut the runs they fall in). Most runs are
    # one token, the whole run (the tokens of a run cover it).
    for chunk in _CHUNK_RE.finditer(text, lo, hi):
        run = chunk.group()
        toks = cuts.get(run) or chunk_tokens(run)
        if len(toks) == 1:
            append((chunk.start(), chunk.end(), toks[0][2]))
        else:
            s = chunk.start()
            for a, b, word in toks:
                append((s + a, s + b, word))
    return out


def chunk_tokens(chunk: str) -> tuple[tuple[int, int, str], ...]:
    """The tokens of one run of non-space characters, ``(start, end, word)`` relative to its start.

    How a run is cut depends on the run alone (no rule of :data:`_TOKEN_RE` looks across a space,
    and a space or the start of the string look the same to its look-behinds), so the cuts are
    memoised per run: news text repeats its words, and the tagger's windows and their context
    read the same runs again and again.

    Examples
    --------
    >>> chunk_tokens("don’t,")
    ((0, 2, 'do'), (2, 5, 'n’t'), (5, 6, ','))
    """
    toks = _CHUNKS.get(chunk)
    if toks is None:
        if len(_CHUNKS) >= _CHUNK_MEMO_LIMIT:
            _CHUNKS.clear()
        toks = _CHUNKS[chunk] = tuple(_cut(chunk))
    return toks


def _cut(chunk: str) -> list[tuple[int, int, str]]:
    # The tokens of one run (see chunk_tokens); a run of letters and digits (most runs) is one token.
    spans = [(0, len(chunk))] if chunk.isalnum() else [m.span() for m in _TOKEN_RE.finditer(chunk)]
    out = []
    for s, e in spans:
        word = chunk[s:e]
        cut = _SPLIT_WORDS.get(word.lower()) if len(word) in (5, 6) else None
        if cut:
            out.append((s, s + cut, word[:cut]))
            out.append((s + cut, e, word[cut:]))
        else:
            out.append((s, e, word))
    return out


def ewt_form(word: str) -> str:
    """The token as EWT writes it: curly quotes and apostrophes straight, dashes ``--``/``-``.

    Examples
    --------
    >>> ewt_form("n’t"), ewt_form("“"), ewt_form("—")
    ("n't", '"', '--')
    """
    return word if word.isascii() else word.translate(EWT_TRANSLATION)
