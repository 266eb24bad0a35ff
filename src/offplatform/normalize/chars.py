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

from .text import NormalizedText, OffsetBuilder

#: Characters some people type instead of "@" that NFKC would turn into a letter.
_AT_SIGNS = {"\u24d0": "@", "\u24b6": "@", "\ufe6b": "@", "\uff20": "@"}

_TOKEN_RE = re.compile(r"\S+")
_LATIN_EVIDENCE_RE = re.compile(r"[A-Za-z0-9@._/:]")


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

    Translating whole runs in C keeps hostile non-ASCII input fast; ``lengths`` is the companion
    table (code point -> chr(len(folded))) that says where the map is not one-to-one.
    """

    def __init__(self, lookalikes: bool) -> None:
        super().__init__()
        self.lookalikes = lookalikes
        self.lengths: dict[int, str] = _LengthTable(self)

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isascii():
            out = ch.lower()
        else:
            out = _fold_char(ch)
            if self.lookalikes:
                confusables = confusable_map()
                out = "".join(confusables.get(c, c) for c in out)
            out = out.lower()
        self[code] = out
        return out


class _LengthTable(dict):
    def __init__(self, fold: _FoldTable) -> None:
        super().__init__()
        self.fold = fold

    def __missing__(self, code: int) -> str:
        out = chr(min(len(self.fold[code]), 2))
        self[code] = out
        return out


class _SpaceTable(dict):
    def __missing__(self, code: int) -> str:
        out = chr(code) if code < 128 else " "
        self[code] = out
        return out


@cache
def _tables() -> tuple[_FoldTable, _FoldTable, _SpaceTable]:
    return _FoldTable(lookalikes=False), _FoldTable(lookalikes=True), _SpaceTable()


_EXPANDING = re.compile("\x02")


def _fold_mixed(builder: OffsetBuilder, token: str, start: int, table: _FoldTable, lengths: str) -> None:
    """Fold a token where some characters expand to several ("⒜" -> "(a)"): the stretches between
    them go through ``copy_kept`` in one piece, each expanding character stands for itself."""
    a = 0
    for m in _EXPANDING.finditer(lengths):
        b = m.start()
        if b > a:
            builder.copy_kept(token[a:b].translate(table), start + a, lengths[a:b].encode("latin-1"))
        builder.replace(table[ord(token[b])], start + b, start + b + 1)
        a = b + 1
    if a < len(token):
        builder.copy_kept(token[a:].translate(table), start + a, lengths[a:].encode("latin-1"))


def fold_chars(original: str) -> NormalizedText:
    """Fold ``original`` character by character (see module doc)."""
    if original.isascii():
        return NormalizedText(original, original.lower())
    plain, lookalike, spaces = _tables()
    builder = OffsetBuilder()
    pos = 0
    for m in _TOKEN_RE.finditer(original):
        start, end = m.span()
        if start > pos:
            gap = original[pos:start]
            builder.copy(gap.lower() if gap.isascii() else gap.translate(spaces), pos)
        token = m.group()
        if token.isascii():
            builder.copy(token.lower(), start)
        else:
            table = lookalike if _LATIN_EVIDENCE_RE.search(token) is not None else plain
            lengths = token.translate(table.lengths)
            if "\x02" not in lengths:
                builder.copy_kept(token.translate(table), start, lengths.encode("latin-1"))
            else:
                _fold_mixed(builder, token, start, table, lengths)
        pos = end
    if pos < len(original):
        tail = original[pos:]
        builder.copy(tail.lower() if tail.isascii() else tail.translate(spaces), pos)
    return NormalizedText(original, builder.text(), builder.starts, builder.ends)
