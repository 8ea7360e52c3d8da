"""Whose words: the outlet's own narration, or a direct quotation of someone else.

An outlet that quotes a senator calling a bill "outrageous" has not called it outrageous itself.
Every hit gets a ``voice``: ``quoted`` when it starts inside a direct quotation, else
``narration``; its ``quote_start``/``quote_end`` give the quotation's span (marks included), -1
for narration. A scare quote is the writer's own device, so a ``scare_quote`` hit is always
narration; words *inside* a scare quote are someone else's wording and are ``quoted``.

How quotations are found (:func:`quotation_spans`), paragraph (line) by paragraph
----------------------------------------------------------------------------------
- Curly double quotes: ``“`` opens, ``”`` closes. Straight double quotes ``"`` alternate open and
  close within a paragraph. Texts that mix the two (an opening ``“`` closed by ``"``, as converted
  or tokenised texts often have) are read as written: either mark closes an open quotation.
- A closing ``”`` with nothing open closes a quotation that began at the start of its paragraph
  (the opening mark was lost, or sits in a paragraph before: ``... our immigration system,” said
  Noah Gottschalk``).
- **Multi-paragraph quotations** (news style): a paragraph that ends inside an open quotation
  continues it when the next paragraph starts with an opening mark of the same kind (the
  continuation mark opens no new quotation, and does not close one). Otherwise the quotation
  ends at the end of its paragraph (a missing closing mark never swallows the next paragraph).
- Curly single quotes ``‘…’`` outside double quotes count as quotations where they are clearly
  used as quotation marks (the rule of :mod:`framelens.features.quotes`: ``‘`` after a space or
  bracket, before a letter; the closing ``’`` is not followed by a letter), so that the
  apostrophes of ``people’s`` never open or close anything. Single quotes inside a double
  quotation are nested quotations: already inside it.
- Straight single quotes are apostrophes far more often than quotation marks: ignored.

Quotations are found in one pass over the quotation marks of the text (linear in its length);
:func:`quoted_words` counts the words inside them (:data:`framelens.text.WORD_RE`), the
denominator of quoted-voice rates, so that narration words + quoted words = all words.
"""
from __future__ import annotations

import bisect
import re

from framelens.text import count_words

VOICES = ("narration", "quoted")
#: Hits of these features are the writer's own device, narration wherever they stand.
ALWAYS_NARRATION = frozenset({"scare_quote"})

_DOUBLE_MARKS = '“”"'
# ‘ first (a literal the regex engine searches for fast), then what stands before it: the start of
# the text, a space or a bracket or dash
_SINGLE_RE = re.compile(r"‘(?<![^\s(\[—–-]‘)(?=[^\W\d_])[^‘’\n]*(?:’[^\W_][^‘’\n]*)*’(?![^\W_])")
_LEAD_WS = " \t\u00a0"


def _line_starts_with(text: str, pos: int, mark: str) -> int:
    """Position of ``mark`` when the line starting at ``pos`` starts with it (after blanks), else -1."""
    n = len(text)
    while pos < n and text[pos] in _LEAD_WS:
        pos += 1
    return pos if pos < n and text[pos] == mark else -1


def _break_after(text: str, pos: int) -> int:
    """Position of the first line break at or after ``pos`` (``len(text)`` when there is none)."""
    i = text.find("\n", pos)
    return i if i >= 0 else len(text)


def _double_marks(text: str) -> list[int]:
    """Positions of the double quotation marks (“ ” ") of ``text``, in order.

    Found with ``str.find``, mark by mark (a scan at memory speed), not with a regular expression
    over every character of the text, which took a fifth of a second per 15 MB.
    """
    out: list[int] = []
    for mark in _DOUBLE_MARKS:
        i = text.find(mark)
        while i >= 0:
            out.append(i)
            i = text.find(mark, i + 1)
    out.sort()
    return out


def _double_spans(text: str) -> list[tuple[int, int]]:
    # One pass over the double quotation marks; the line breaks matter only while a quotation is
    # open, and are found then (text.find), not matched one by one.
    spans: list[tuple[int, int]] = []
    open_at = -1          # start of the open quotation
    open_kind = ""        # "“" or '"'
    line_end = -1         # the first line break after the open quotation's latest line start
    skip = -1             # a continuation mark at a line start: neither opens nor closes

    def line_breaks_before(p: int) -> None:
        # an open quotation goes on past each line break before p when the next line starts with
        # its mark, else it ends at the break
        nonlocal open_at, open_kind, line_end, skip
        while open_at >= 0 and line_end < p:
            cont = _line_starts_with(text, line_end + 1, open_kind)
            if cont >= 0:
                skip = cont
                line_end = _break_after(text, cont)
            else:
                spans.append((open_at, line_end))
                open_at, open_kind = -1, ""

    for p in _double_marks(text):
        c = text[p]
        line_breaks_before(p)
        if p == skip:
            continue
        if open_at < 0:
            if c in "“\"":
                open_at, open_kind = p, c
                line_end = _break_after(text, p)
            elif c == "”":  # an orphan closing mark: the quotation began with the paragraph
                ls = text.rfind("\n", 0, p) + 1
                while ls < p and text[ls] in _LEAD_WS:
                    ls += 1
                if ls < p and (not spans or spans[-1][1] <= ls):
                    spans.append((ls, p + 1))
            continue
        if c in "”\"":
            spans.append((open_at, p + 1))
            open_at, open_kind = -1, ""
    line_breaks_before(len(text))
    if open_at >= 0:
        spans.append((open_at, len(text)))
    return spans


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Direct quotations in ``text`` as sorted, non-overlapping ``(start, end)`` spans, marks
    included (an unclosed quotation ends at the end of its paragraph). See the module docstring."""
    if not text or ('"' not in text and "“" not in text and "”" not in text and "‘" not in text):
        return []
    spans = _double_spans(text) if ('"' in text or "“" in text or "”" in text) else []
    if "‘" in text:
        starts = [a for a, _ in spans]
        extra = []
        for m in _SINGLE_RE.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i >= 0 and spans[i][1] >= m.end():
                continue  # nested in a double quotation
            extra.append(m.span())
        if extra:
            spans = sorted(spans + extra)
            merged: list[tuple[int, int]] = []
            for a, b in spans:
                if merged and a < merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
                else:
                    merged.append((a, b))
            spans = merged
    return spans


class VoiceIndex:
    """The quotations of one text, for looking up the voice of many positions."""

    def __init__(self, text: str):
        self.spans = quotation_spans(text)
        self._starts = [a for a, _ in self.spans]

    def quotation_at(self, pos: int) -> tuple[int, int] | None:
        """The quotation whose inside (after its opening mark) holds ``pos``, or None."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0:
            a, b = self.spans[i]
            if a < pos < b:
                return (a, b)
        return None

    def voice(self, start: int, feature: str = "") -> tuple[str, int, int]:
        """``(voice, quote_start, quote_end)`` of a hit starting at ``start``."""
        if feature in ALWAYS_NARRATION:
            return ("narration", -1, -1)
        q = self.quotation_at(start)
        return ("quoted", q[0], q[1]) if q else ("narration", -1, -1)


def quoted_words(text: str, spans: list[tuple[int, int]] | None = None) -> int:
    """Words (:data:`framelens.text.WORD_RE`) inside the direct quotations of ``text``."""
    if spans is None:
        spans = quotation_spans(text)
    # counted in one call: a word never crosses the space that joins two quotations
    return count_words(" ".join([text[a:b] for a, b in spans]))
