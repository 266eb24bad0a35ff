"""Normalization: text a user typed -> text detectors can read, with an offset map back.

``normalize(original)`` returns a :class:`NormalizedText`; only its ``to_original`` turns a span
in the normalized text back into a span of the original.
"""

from __future__ import annotations

from .chars import fold_chars
from .text import NormalizedText, OffsetBuilder
from .words import rewrite_words

__all__ = ["NormalizedText", "OffsetBuilder", "normalize"]


def normalize(original: str) -> NormalizedText:
    """Fold characters, then rewrite spelled-out words (see ``chars`` and ``words``)."""
    return rewrite_words(fold_chars(original))
