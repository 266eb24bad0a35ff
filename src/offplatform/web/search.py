"""Search that corrects misspellings, like a forum's: "Showing results for whatsapp. Search instead
for watsap."

The vocabulary is the words of the stored messages. It feeds a maintained spelling library,
pyspellchecker (``SpellChecker(language=None)`` plus ``word_frequency.load_words``), so a
suggestion is always a word people on this platform actually wrote, and the most frequent of the
candidates at the smallest edit distance wins. As in forum search, the corrected query replaces
the typed one only when the typed one finds nothing; otherwise it is offered as "Did you mean". The vocabulary grows incrementally: each search
first reads only the messages stored since the last one.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from spellchecker import SpellChecker

#: A word: 2..30 letters (linear-time: one bounded character class).
WORD = re.compile(r"[^\W\d_]{2,30}")
#: Longer words are not corrected (candidate generation at distance 2 grows with length squared).
MAX_CORRECTABLE = 20
MAX_TERMS = 8
#: Words this short are corrected at one edit only ("iban" must not become "can").
SHORT = 4


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def terms(query: str) -> list[str]:
    """The query's search terms (lowercased words and numbers), at most :data:`MAX_TERMS`."""
    return [t.lower() for t in re.findall(r"\w{1,60}", query)][:MAX_TERMS]


@dataclass(frozen=True, slots=True)
class Correction:
    """``query`` as typed and ``corrected`` (equal when nothing was corrected)."""

    query: str
    corrected: str

    @property
    def changed(self) -> bool:
        return self.corrected != self.query


class Vocabulary:
    """The stored messages' words in a spell checker; thread-safe, refreshed incrementally."""

    def __init__(self, distance: int = 2) -> None:
        self._lock = threading.Lock()
        self._spell = SpellChecker(language=None, distance=distance, case_sensitive=False)
        self.last_id = 0

    def add(self, texts: Iterable[str], last_id: int) -> None:
        new: list[str] = []
        for text in texts:
            new.extend(words(text))
        with self._lock:
            if new:
                self._spell.word_frequency.load_words(new)
            self.last_id = max(self.last_id, last_id)

    def known(self, word: str) -> bool:
        with self._lock:
            return word.lower() in self._spell

    def __len__(self) -> int:
        with self._lock:
            return len(self._spell.word_frequency)

    def _best(self, word: str) -> str | None:
        """The most frequent known word within reach (one edit for words of up to 4 letters, two
        for longer ones; ties go to the alphabetically first, so the answer is deterministic)."""
        spell = self._spell
        if len(word) <= SHORT:
            found = spell.known(spell.edit_distance_1(word))
        else:
            found = spell.candidates(word) or set()
            found = {w for w in found if w in spell}
        if not found:
            return None
        return min(found, key=lambda w: (-spell.word_frequency[w], w))

    def correct(self, query: str) -> Correction:
        """Each unknown word replaced by the vocabulary's best candidate (if any)."""

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            if len(lower) > MAX_CORRECTABLE or lower in self._spell:
                return word
            best = self._best(lower)
            return best if best and best != lower else word

        with self._lock:
            corrected = WORD.sub(fix, query.strip())
        return Correction(query.strip(), corrected)
