"""Character folding: compatibility forms, digits of every script, invisibles, look-alikes.

Every rule here works on one character at a time, so the offset map stays exact:
- Unicode NFKC (fullwidth, circled, superscript, mathematical letters and digits, ligatures);
- decimal digits of any script (Devanagari, Arabic-Indic, dingbats...) to ASCII digits;
- invisible characters dropped: format characters (zero-width space/joiner/non-joiner, soft
  hyphen, BOM, bidi marks), combining marks (emoji variation selectors, the keycap mark);
- letters of other scripts that look like Latin letters (Unicode's confusables data, via the
  ``confusable_homoglyphs`` package) folded to Latin inside tokens that also hold Latin letters,
  digits or address punctuation ("nοah.king@gmail.cοm" with a Greek omicron). Words written
  wholly in another script ("собака", "один") are left alone so their own meaning survives.
- lower case.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources
from itertools import compress, repeat

from .text import NormalizedText, identity_text

#: Characters some people type instead of "@" that NFKC would turn into a letter.
_AT_SIGNS = {"\u24d0": "@", "\u24b6": "@", "\ufe6b": "@", "\uff20": "@"}

_LATIN_EVIDENCE_RE = re.compile(r"[A-Za-z0-9@._/:]")
#: Address punctuation at the end of a token: ends a sentence or a label, says nothing of the script.
_TRAILING_MARK = re.compile(r"[.:/_@](?=\s|$)")


@cache
def confusable_map() -> dict[str, str]:
    """Non-Latin letters that Unicode lists as confusable with one ASCII letter or digit."""
    data_file = resources.files("confusable_homoglyphs").joinpath("confusables.json")
    data = json.loads(data_file.read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for char, homoglyphs in data.items():
        if len(char) != 1 or char.isascii() or not unicodedata.category(char).startswith("L"):
            continue
        if "LATIN" in unicodedata.name(char, ""):
            continue
        ascii_forms = [h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalnum()]
        letters = [c for c in ascii_forms if c.isalpha()]
        pick = (letters or ascii_forms or [None])[0]
        if pick is not None:
            table[char] = pick.lower()
    return table


@cache
def _fold_char(ch: str) -> str:
    """The folded form of one non-ASCII character (may be empty or several characters)."""
    if ch in _AT_SIGNS:
        return _AT_SIGNS[ch]
    cat = unicodedata.category(ch)
    if cat == "Cf" or cat in ("Mn", "Me"):
        return ""
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if not c.isascii():
            digit = unicodedata.digit(c, None)
            if digit is not None:
                c = str(digit)
        out.append(c)
    return "".join(out)


class _FoldTable(dict):
    """``str.translate`` table: code point -> folded text, computed on first sight and kept.

    Translating the whole text in C keeps hostile non-ASCII input fast. White space folds to one
    space (only tokens, the runs between white space, are folded character by character).
    """

    def __init__(self, lookalikes: bool) -> None:
        super().__init__()
        self.lookalikes = lookalikes

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isascii():
            out = ch.lower()
        elif ch.isspace():
            out = " "
        else:
            out = _fold_char(ch)
            if self.lookalikes:
                confusables = confusable_map()
                out = "".join(confusables.get(c, c) for c in out)
            out = out.lower()
        self[code] = out
        return out


# Bits of a code point's info byte (see _InfoTable).
_LEN_MASK = 31  # folded length (0 when dropped; NFKC never gives more than 18 characters)
_CONFUSABLE = 32  # folds differently when look-alikes are folded
_EVIDENCE = 64  # Latin letter, digit or address punctuation: look-alikes around it are folded
_SPACE = 128  # white space: separates tokens

#: info byte -> folded length
_LENGTHS = bytes(b & _LEN_MASK for b in range(256))
#: info byte -> class letter: " " white space, "c" confusable, "e" evidence, "x" anything else
_CLASSES = bytes(
    ord(" " if b & _SPACE else "c" if b & _CONFUSABLE else "e" if b & _EVIDENCE else "x") for b in range(256)
)
#: length byte -> 1 for an expanding character (several output characters), else 0
_IS_EXPANDING = bytes(int(b >= 2) for b in range(256))
#: k -> length byte -> 1 where the length is k
_IS_LENGTH = [bytes(int(b == k) for b in range(256)) for k in range(_LEN_MASK + 1)]
#: a token (run between white space) with a confusable letter and no evidence: folded without the
#: look-alike table. Atomic and possessive, so linear: each token is read at most twice.
_PLAIN_TOKEN = rb"[^ ec]*+c[^ e]*+(?![^ ])"
_NEUTRAL_TOKEN = rb"[^ c]++"
#: a stretch of such tokens, with tokens that fold the same either way (no confusable) between them
_PLAIN_RUN = re.compile(rb"(?<![^ ])(?>" + _PLAIN_TOKEN + rb"(?: ++(?:" + _PLAIN_TOKEN + rb"|" + _NEUTRAL_TOKEN + rb"))*+)")


class _InfoTable(dict):
    """``str.translate`` table: code point -> one latin-1 character whose bits say how the code
    point folds (length, confusable) and what it is (white space, Latin evidence)."""

    def __init__(self, plain: _FoldTable, lookalike: _FoldTable) -> None:
        super().__init__()
        self.plain = plain
        self.lookalike = lookalike

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isspace():
            info = 1 | _SPACE
        elif ch.isascii():
            info = 1 | (_EVIDENCE if _LATIN_EVIDENCE_RE.match(ch) else 0)
        else:
            plain, lookalike = self.plain[code], self.lookalike[code]
            # a look-alike folds to one ASCII letter, so both forms have the same length
            info = min(len(plain), _LEN_MASK) | (_CONFUSABLE if lookalike != plain else 0)
        out = chr(info)
        self[code] = out
        return out


@cache
def _tables() -> tuple[_FoldTable, _FoldTable, _InfoTable]:
    plain, lookalike = _FoldTable(lookalikes=False), _FoldTable(lookalikes=True)
    return plain, lookalike, _InfoTable(plain, lookalike)


def fold_chars(original: str) -> NormalizedText:
    """Fold ``original`` character by character (see module doc).

    Non-ASCII text is folded by ``str.translate`` in as few pieces as the look-alike rule allows:
    stretches of tokens that must keep their own script (a look-alike letter and no Latin
    evidence) without the look-alike table, the rest with it. One more ``str.translate`` gives
    each character's folded length and class (white space, look-alike, Latin evidence). The offset
    map follows from each character's folded length: an output character starts at the character
    it came from and ends where the next character that was not dropped starts, so invisible
    characters belong to the character before them ("5" + keycap mark); a character folding to
    several ("⒜" -> "(a)") gives each of them its own one-character range, the last one also
    taking the dropped characters after it.
    """
    if original.isascii():
        return identity_text(original, original.lower())
    plain, lookalike, info_table = _tables()
    n = len(original)
    info = original.translate(info_table).encode("latin-1")
    lengths = info.translate(_LENGTHS)
    classes = info.translate(_CLASSES)
    if lengths.count(1) == n:
        starts = list(range(n))
        ends = list(range(1, n + 1))
    else:
        starts, ends = _offsets(lengths)
    if b"c" not in classes:
        return NormalizedText(original, original.translate(plain), starts, ends)
    if _TRAILING_MARK.search(original) is not None:
        # punctuation that ends a token ("телегу:", "мыло.") is the sentence's, no evidence of Latin
        marks = bytearray(classes)
        for m in _TRAILING_MARK.finditer(original):
            marks[m.start()] = ord("x")
        classes = bytes(marks)
    pieces: list[str] = []
    done = 0  # source position translated so far
    for m in _PLAIN_RUN.finditer(classes):
        a, b = m.span()
        pieces.append(original[done:a].translate(lookalike))
        pieces.append(original[a:b].translate(plain))
        done = b
    pieces.append(original[done:].translate(lookalike))
    return NormalizedText(original, "".join(pieces), starts, ends)


def _offsets(lengths: bytes) -> tuple[list[int], list[int]]:
    """``starts``/``ends`` for a text whose characters fold to ``lengths`` characters each.

    Both lists are sorted, so each is built as a multiset and sorted (a merge of sorted runs, in
    C): ``starts`` holds every kept position (length >= 1) once, plus ``k - 1`` more copies of a
    position that expands to ``k`` characters; ``ends`` holds, for every kept position, the next
    kept position (or the end of the text), plus ``k - 1`` times ``p + 1`` for an expansion at
    ``p`` (its characters but the last end right after it)."""
    n = len(lengths)
    starts = list(compress(range(n), lengths))
    ends = starts[1:]
    if starts:
        ends.append(n)
    expanding = lengths.translate(_IS_EXPANDING)
    count = expanding.count(1)
    if not count:
        return starts, ends
    if count * 16 > n:  # dense: C-level passes, one per length
        for k in range(2, _LEN_MASK + 1):
            if k in lengths:
                mask = lengths.translate(_IS_LENGTH[k])
                starts += list(compress(range(n), mask)) * (k - 1)
                ends += list(compress(range(1, n + 1), mask)) * (k - 1)
    else:
        p = expanding.find(1)
        while p != -1:
            k = lengths[p] - 1
            starts += repeat(p, k)
            ends += repeat(p + 1, k)
            p = expanding.find(1, p + 1)
    starts.sort()
    ends.sort()
    return starts, ends
