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


def fold_chars(original: str) -> NormalizedText:
    """Fold ``original`` character by character (see module doc)."""
    if original.isascii():
        return NormalizedText(original, original.lower())
    confusables = confusable_map()
    builder = OffsetBuilder()
    pos = 0
    for m in _TOKEN_RE.finditer(original):
        start, end = m.span()
        if start > pos:
            builder.copy(original[pos:start].lower() if original[pos:start].isascii() else
                         _fold_space(original[pos:start]), pos)
        token = m.group()
        if token.isascii():
            builder.copy(token.lower(), start)
        else:
            fold_lookalikes = _LATIN_EVIDENCE_RE.search(token) is not None
            for i, ch in enumerate(token):
                if ch.isascii():
                    builder.copy(ch.lower(), start + i)
                    continue
                folded = _fold_char(ch)
                if not folded:
                    builder.absorb(start + i + 1)
                    continue
                if fold_lookalikes:
                    folded = "".join(confusables.get(c, c) for c in folded)
                folded = folded.lower()
                if len(folded) == 1:
                    builder.copy(folded, start + i)
                else:
                    builder.replace(folded, start + i, start + i + 1)
        pos = end
    if pos < len(original):
        tail = original[pos:]
        builder.copy(tail.lower() if tail.isascii() else _fold_space(tail), pos)
    return NormalizedText(original, builder.text(), builder.starts, builder.ends)


def _fold_space(run: str) -> str:
    """Whitespace runs keep their length (one output char per input char) but become ASCII."""
    return "".join(c if c.isascii() else " " for c in run)
