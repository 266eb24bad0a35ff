"""What every detector is: a small object with ``detect(normalized) -> Iterable[Finding]``.

Detectors read the normalized text, never do I/O and keep no state between calls. They are
built once per :class:`~offplatform.scanner.Scanner` with the frozen configuration. ``detect``
returns a generator (the scanner can stop one early on a hostile text), or an empty tuple when
its gates show nothing can be found (most messages: no generator is made).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar, Protocol

from ..config import ScanConfig
from ..finding import Finding, Kind, new_finding
from ..normalize import NormalizedText


class Detector(Protocol):
    kinds: ClassVar[frozenset[Kind]]

    def detect(self, nt: NormalizedText) -> Iterable[Finding]: ...


def make_finding(
    nt: NormalizedText,
    kind: Kind,
    start: int,
    end: int,
    *,
    value: str,
    rule: str,
    score: float,
    category: str | None = None,
    explanation: str = "",
) -> Finding:
    """Build a finding from a span of the NORMALIZED text; the span is mapped to the original
    and trimmed of surrounding white space."""
    original = nt.original
    starts = nt.starts
    if starts is None:  # identity map (see NormalizedText.to_original)
        a, b = start, end
    elif end > start:
        a, b = starts[start], nt.ends[end - 1]
    else:
        a = b = starts[start] if start < len(starts) else len(original)
    text = original[a:b]
    if text and (text[0].isspace() or text[-1].isspace()):
        stripped = text.lstrip()
        a += len(text) - len(stripped)
        text = stripped.rstrip()
        b = a + len(text)
    return new_finding(kind, a, b, text, value, rule, score if 0.0 <= score <= 1.0 else (0.0 if score < 0.0 else 1.0),
                       category, explanation)


_ASCII_ALNUM = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# digit -> "0", lowercase letter -> "a", uppercase letter -> "A", every other byte kept
_SHAPE = bytes.maketrans(_ASCII_ALNUM, b"0" * 10 + b"a" * 26 + b"A" * 26)
# letter or digit -> "a", every other byte kept
_ALNUM = bytes.maketrans(_ASCII_ALNUM, b"a" * 62)
_ANY_DIGIT = re.compile(r"\d")
_ALNUM_RUN_14 = b"a" * 14


def text_shape(text: str) -> tuple[bytes, int]:
    """(shape, digits) of a text, for gates that must be true whenever a pattern can match.

    ``shape`` has one byte per character: "0" for an ASCII digit, "a" for an ASCII lowercase
    letter, "A" for an uppercase one, "?" for any non-ASCII character, every other ASCII character
    as it is. A regex over the shape jumps from literal to literal ("0" for "a digit") where the
    same regex over the text with ``\\d`` tries every position. ``digits`` counts the characters
    ``\\d`` matches (Unicode decimal digits): a pattern that needs seven digits cannot match a text
    with fewer. One C-level ``translate`` per message.

    The detectors of one message ask one after the other, so the last answer is kept (one slot,
    replaced in a single assignment: safe across threads, which at worst recompute).
    """
    global _last_shape
    last = _last_shape
    if last[0] is text:
        return last[1]
    shape = text.encode("ascii", "replace").translate(_SHAPE)
    result = shape, (shape.count(48) if text.isascii() else len(_ANY_DIGIT.findall(text)))
    _last_shape = (text, result)
    return result


_last_shape: tuple[str, tuple[bytes, int]] = ("", (b"", 0))


def has_alnum_run_14(text: str) -> bool:
    """True when ``text`` holds 14 ASCII letters or digits in a row: what every crypto wallet
    address (``[A-Za-z0-9]`` runs of 14 to 90 characters) needs. Non-ASCII characters break a run."""
    # (bytes.find, not "in": ``in`` on bytes first tries the needle as an integer, and the TypeError
    # it catches costs as much as the search)
    return text.encode("ascii", "replace").translate(_ALNUM).find(_ALNUM_RUN_14) >= 0


def finditer_around(pattern: re.Pattern[str], text: str, mark: str, reach: int) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match holds ``mark`` at most ``reach``
    characters after the match's start ("@" in an e-mail address or a UPI id): each search starts
    ``reach`` characters before the next ``mark`` (look-behinds still see the text before), instead
    of at every position of the message. Matches must not be empty."""
    pos = 0
    at = text.find(mark)
    while at >= 0:
        m = pattern.search(text, max(pos, at - reach))
        if m is None:
            return
        yield m
        pos = m.end()
        at = text.find(mark, pos)


#: Above this many characters (no chat message), ``finditer_at_words`` is one regex pass: a hostile
#: text can hold a word at every few characters, and a Python step per occurrence costs more.
LONG_TEXT = 2000
_LONG_TEXT = LONG_TEXT


def finditer_at(pattern: re.Pattern[str], positions: Iterable[int], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can only match at ``positions`` (ascending):
    the same matches, trying the pattern at those positions instead of at every one. Matches must
    not be empty."""
    end = 0
    for pos in positions:
        if pos < end:
            continue
        m = pattern.match(text, pos)
        if m is not None:
            yield m
            end = m.end()


def finditer_at_words(pattern: re.Pattern[str], text: str, words: Iterable[str]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match starts, at a word boundary, with one
    of ``words`` ("\\b(?:zoom|meeting|webinar)..."): on a chat message the pattern is tried only where
    one of them starts a word (found by ``str.find``), not at every position. Matches must not be
    empty."""
    if len(text) > _LONG_TEXT:
        return pattern.finditer(text)
    return _match_at_words(pattern, text, words)


def _match_at_words(pattern: re.Pattern[str], text: str, words: Iterable[str]) -> Iterator[re.Match[str]]:
    starts = set()
    for word in words:
        i = text.find(word)
        while i >= 0:
            if i == 0 or not is_word_char(text[i - 1]):
                starts.add(i)
            i = text.find(word, i + 1)
    return finditer_at(pattern, sorted(starts), text)


def is_word_char(c: str) -> bool:
    """What ``\\w`` matches in a str pattern."""
    return c.isalnum() or c == "_"


def at_word_start(*phrases: str) -> str:
    """``\\b(?:phrase|phrase|...)`` for phrases that each start with a word character (regex source,
    already escaped where needed), written so that the compiled pattern opens with a set of first
    characters: each alternative is its first character, then a look-behind that no word character
    stands before it (what ``\\b`` says there), then the rest. ``re`` then skips every position whose
    character no alternative starts with (a C loop) instead of trying the pattern there: several
    times faster on long texts. Same alternatives in the same order: the same matches."""
    for p in phrases:
        if not is_word_char(p[0]):
            raise ValueError(f"{p!r} does not start with a word character")
    return "(?:" + "|".join(p[0] + r"(?<!\w.)" + p[1:] for p in phrases) + ")"


def window(text: str, start: int, end: int, before: int = 40, after: int = 40) -> tuple[str, str]:
    """The text just before and just after a span (for context cues)."""
    return text[max(0, start - before):start], text[end:end + after]


#: The bit of each detail detector (``BaseDetector.detail_bit``) in the mask
#: :func:`~.detail_gate.detail_mask` answers: which of them may find something in a message.
EMAIL_BIT, LINK_BIT, HANDLE_BIT, PHONE_BIT, PAYMENT_BIT = 1, 2, 4, 8, 16


class BaseDetector:
    """Shared constructor: keeps the configuration."""

    kinds: ClassVar[frozenset[Kind]] = frozenset()
    #: True for a detector whose ``detect`` gates are covered by
    #: :func:`~.detail_gate.detail_mask`: the scanner skips it when its bit there is clear.
    detail_gated: ClassVar[bool] = False
    #: Its bit in :func:`~.detail_gate.detail_mask` (one of the ``*_BIT`` above): the scanner
    #: calls it only when that bit is set.
    detail_bit: ClassVar[int] = 0

    def __init__(self, config: ScanConfig) -> None:
        self.config = config
