"""Normalized text that remembers where every character came from."""

from __future__ import annotations

import re
from itertools import compress, islice
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


class OffsetBuilder:
    """Collects output pieces with their source ranges and produces a :class:`NormalizedText`."""

    __slots__ = ("parts", "starts", "ends")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def copy(self, piece: str, src_start: int) -> None:
        """Append ``piece`` which maps character by character onto ``src_start...``."""
        if not piece:
            return
        self.parts.append(piece)
        self.starts.extend(range(src_start, src_start + len(piece)))
        self.ends.extend(range(src_start + 1, src_start + len(piece) + 1))

    def copy_kept(self, piece: str, src_start: int, kept: bytes) -> None:
        """Append ``piece``: the characters of the source ``[src_start, src_start + len(kept))``
        whose ``kept`` byte is 1, one output character each; the others (0) were dropped. A
        dropped character is covered by the output character before it (see ``absorb``): each
        output character ends where the next kept one starts, the last where the source ends."""
        src_end = src_start + len(kept)
        if len(piece) == len(kept):
            self.copy(piece, src_start)
            return
        starts = list(compress(range(src_start, src_end), kept))
        if self.ends and kept[0] == 0:
            self.absorb(starts[0] if starts else src_end)
        if not starts:
            return
        self.parts.append(piece)
        self.starts.extend(starts)
        self.ends.extend(islice(starts, 1, None))
        self.ends.append(src_end)

    def replace(self, piece: str, src_start: int, src_end: int) -> None:
        """Append ``piece`` which as a whole stands for the source range ``[src_start, src_end)``."""
        if not piece:
            return
        n = len(piece)
        self.parts.append(piece)
        self.starts.extend([src_start] * n)
        self.ends.extend([src_end] * n)

    def absorb(self, src_end: int) -> None:
        """A dropped source character: let the previous output character cover it too, so a span
        ending there takes the invisible marks that belong to it ("5" + keycap mark)."""
        if self.ends:
            self.ends[-1] = max(self.ends[-1], src_end)

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
    starts = [o_starts[s] if s < n else len(outer.original) for s in inner.starts]
    ends = [o_ends[e - 1] if e > 0 else 0 for e in inner.ends]
    return NormalizedText(outer.original, inner_text, starts, ends)
