"""Normalized text that remembers where every character came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"\w+")
# bytes.translate table: ASCII word characters kept, every other byte a space
_ASCII_NON_WORD = bytes(c if c < 128 and (chr(c).isalnum() or c == 95) else 32 for c in range(256))


@lru_cache(maxsize=256)
def word_set(text: str) -> frozenset[str]:
    """The set of words (``\\w+`` runs) of a text. Cached: the normalizer and every detector ask
    it of the same text, and set intersections against a vocabulary are the cheapest gate there is."""
    if text.isascii():
        # same words as \w+ on ASCII text, without a match object per word
        return frozenset(text.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").split())
    return frozenset(_WORD.findall(text))


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """``text`` is what detectors read; ``original`` is what the user typed.

    ``starts[i]``/``ends[i]`` give the original range that normalized character ``i`` came from.
    Both are ``None`` when the mapping is the identity (plain ASCII text that needed no rewriting),
    which keeps the common case free of per-character bookkeeping.
    """

    original: str
    text: str
    starts: list[int] | None = None
    ends: list[int] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalized span ``[start, end)`` to a span of the original text."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def original_text(self, start: int, end: int) -> str:
        a, b = self.to_original(start, end)
        return self.original[a:b]

    def is_verbatim(self, start: int, end: int) -> bool:
        """True when the normalized span was typed as is (up to letter case)."""
        return self.original_text(start, end).lower() == self.text[start:end]


# the slots of NormalizedText, set directly (see ``identity_text``)
_NEW = object.__new__
_SET_ORIGINAL = NormalizedText.original.__set__
_SET_TEXT = NormalizedText.text.__set__
_SET_STARTS = NormalizedText.starts.__set__
_SET_ENDS = NormalizedText.ends.__set__


def identity_text(original: str, text: str) -> NormalizedText:
    """``NormalizedText(original, text)`` (the identity map), built by setting its slots: the
    frozen dataclass's ``__init__`` goes through ``object.__setattr__`` once per field, which costs
    as much again, and character folding builds one of these for every ASCII message."""
    nt = _NEW(NormalizedText)
    _SET_ORIGINAL(nt, original)
    _SET_TEXT(nt, text)
    _SET_STARTS(nt, None)
    _SET_ENDS(nt, None)
    return nt


class OffsetBuilder:
    """Collects output pieces with their source ranges and produces a :class:`NormalizedText`.

    It records one operation per piece (``copy``: character by character; ``replace``: the piece
    as a whole); ``starts``/``ends`` are built from them when asked, and :func:`compose` maps whole
    copied stretches through the outer map with list slices.
    """

    __slots__ = ("parts", "ops")

    def __init__(self) -> None:
        self.parts: list[str] = []
        #: (src_start, src_end, length): src_end is -1 for a copy
        self.ops: list[tuple[int, int, int]] = []

    def copy(self, piece: str, src_start: int) -> None:
        """Append ``piece`` which maps character by character onto ``src_start...``."""
        if not piece:
            return
        self.parts.append(piece)
        self.ops.append((src_start, -1, len(piece)))

    def replace(self, piece: str, src_start: int, src_end: int) -> None:
        """Append ``piece`` which as a whole stands for the source range ``[src_start, src_end)``."""
        if not piece:
            return
        self.parts.append(piece)
        self.ops.append((src_start, src_end, len(piece)))

    @property
    def starts(self) -> list[int]:
        out: list[int] = []
        for a, b, n in self.ops:
            out.extend(range(a, a + n) if b < 0 else [a] * n)
        return out

    @property
    def ends(self) -> list[int]:
        out: list[int] = []
        for a, b, n in self.ops:
            out.extend(range(a + 1, a + n + 1) if b < 0 else [b] * n)
        return out

    def text(self) -> str:
        return "".join(self.parts)


def compose(outer: NormalizedText, inner_text: str, inner: OffsetBuilder | None) -> NormalizedText:
    """Chain a rewrite of ``outer.text`` (described by ``inner``) onto ``outer``'s mapping."""
    if inner is None:
        return outer
    if outer.starts is None or outer.ends is None:
        return NormalizedText(outer.original, inner_text, inner.starts, inner.ends)
    o_starts, o_ends = outer.starts, outer.ends
    n = len(o_starts)
    if len(inner.ops) * 8 > len(inner_text):
        # many short pieces: one C-level lookup per character
        i_starts = inner.starts
        if i_starts and max(i_starts) < n:  # always, unless a rewrite starts at the very end
            starts = list(map(o_starts.__getitem__, i_starts))
        else:
            starts = [o_starts[s] if s < n else len(outer.original) for s in i_starts]
        shifted = [0]  # ends[i] = o_ends[e - 1], or 0 for e == 0
        shifted += o_ends
        ends = list(map(shifted.__getitem__, inner.ends))
        return NormalizedText(outer.original, inner_text, starts, ends)
    # long copied stretches: slices of the outer map
    starts = []
    ends = []
    end_of_original = len(outer.original)
    for a, b, k in inner.ops:
        if b < 0:
            starts += o_starts[a:a + k]
            ends += o_ends[a:a + k]
        else:
            starts += [o_starts[a] if a < n else end_of_original] * k
            ends += [o_ends[b - 1] if b > 0 else 0] * k
    return NormalizedText(outer.original, inner_text, starts, ends)
