"""Normalization: text a user typed -> text detectors can read, with an offset map back.

``normalize(original)`` returns a :class:`NormalizedText`; only its ``to_original`` turns a span
in the normalized text back into a span of the original.
"""

from __future__ import annotations

from .chars import fold_chars
from .cjk import segment_cjk
from .text import NormalizedText, OffsetBuilder
from .words import rewrite_words

__all__ = ["NormalizedText", "OffsetBuilder", "normalize"]


def normalize(original: str) -> NormalizedText:
    """Fold characters, put blanks between CJK words that touch, then rewrite spelled-out words
    (see ``chars``, ``cjk`` and ``words``)."""
    folded = fold_chars(original)
    if folded.text.isascii():
        return rewrite_words(folded)
    return rewrite_words(segment_cjk(folded))
