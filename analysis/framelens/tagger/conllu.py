"""Read the words and Penn Treebank tags (XPOS) of a CoNLL-U treebank, such as UD English EWT.

Only what the tagger learns from is read: the FORM (column 2) and XPOS (column 5) of every word
line. Multi-word token lines (``3-4``, the surface form of ``don't`` whose words ``do`` and ``n't``
follow on their own lines) and empty nodes (``8.1``) are skipped, as are comment lines (``#``).
A line that is not a comment, a blank or a ten-column word line is an error that names the file
and line.
"""
from __future__ import annotations

from pathlib import Path

from framelens.tagger.errors import TaggerError

#: The official split files of UD English EWT, by split name.
EWT_FILES = {"train": "en_ewt-ud-train.conllu", "dev": "en_ewt-ud-dev.conllu", "test": "en_ewt-ud-test.conllu"}


def read_conllu(path: str | Path) -> list[list[tuple[str, str]]]:
    """Sentences of ``(form, xpos)`` pairs from a CoNLL-U file.

    Parameters
    ----------
    path : str or Path
        A ``.conllu`` file (UTF-8).

    Returns
    -------
    list of list of (str, str)
        One list per sentence, in file order; multi-word token lines and empty nodes are skipped.

    Raises
    ------
    TaggerError
        When the file is missing, not UTF-8, or has a line that is neither a comment, a blank line
        nor a word line with ten tab-separated columns (the message gives the file and line), or a
        word line with an empty form or a missing (``_``) XPOS.
    """
    path = Path(path)
    if not path.is_file():
        raise TaggerError("no such CoNLL-U file", where=str(path),
                          fix="pass the treebank folder that holds en_ewt-ud-{train,dev,test}.conllu")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise TaggerError(f"not UTF-8 ({exc.reason} at byte {exc.start})", where=str(path),
                          fix="CoNLL-U files are UTF-8; re-export the treebank") from None
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise TaggerError(f"a word line needs 10 tab-separated columns, this one has {len(cols)}",
                              where=f"{path}:{number}", fix="check the file is CoNLL-U (tabs, not spaces)")
        word_id = cols[0]
        if "-" in word_id or "." in word_id:
            continue  # multi-word token (its words follow) or empty node (not a surface word)
        if not word_id.isdigit():
            raise TaggerError(f"word id {word_id!r} is not a number, a range (3-4) or an empty node (8.1)",
                              where=f"{path}:{number}", fix="check the file is CoNLL-U")
        form, xpos = cols[1], cols[4]
        if not form or xpos in ("", "_"):
            raise TaggerError("a word line has an empty FORM or no XPOS (column 5)", where=f"{path}:{number}",
                              fix="the tagger learns Penn Treebank tags from XPOS; use a treebank that has them")
        current.append((form, xpos))
    if current:
        sentences.append(current)
    return sentences


def read_ewt_split(treebank: str | Path, split: str) -> list[list[tuple[str, str]]]:
    """Sentences of one split (``train``, ``dev`` or ``test``) of a UD English EWT folder.

    Parameters
    ----------
    treebank : str or Path
        The folder holding ``en_ewt-ud-train.conllu``, ``en_ewt-ud-dev.conllu``, ``en_ewt-ud-test.conllu``.
    split : {"train", "dev", "test"}

    Returns
    -------
    list of list of (str, str)
        As :func:`read_conllu`.

    Raises
    ------
    TaggerError
        For an unknown split, a missing folder or file, or a malformed line.
    """
    if split not in EWT_FILES:
        raise TaggerError(f"unknown split {split!r}", fix="use one of: " + ", ".join(EWT_FILES))
    folder = Path(treebank)
    if not folder.is_dir():
        raise TaggerError("no such treebank folder", where=str(folder),
                          fix="pass the UD English EWT folder, e.g. ../shared/data/ud-english-ewt")
    return read_conllu(folder / EWT_FILES[split])
