"""One gate for the five detail detectors (e-mail, link, handle, phone, payment): can any of them
find anything in this message?

Each of those detectors opens ``detect`` with cheap gates and returns an empty tuple when they all
fail. Most chat messages fail every one of them, yet each detector is still called, reads the
text, looks up the word set and the character shape, and tests its own conditions. This gate is
the union of those conditions, each one *implied by* (never stricter than) the detector's own, so
when it says no, every one of the five would have returned ``()``: the scanner then skips them.
It reads the shared per-message values (word set, character shape) once, cheapest and most often
true clauses first.

Which clause stands for which detector's gate (``detect`` in each module):

- e-mail: an "@", or a mail provider's name among the words;
- link: "." with "://", a dot between a letter or digit and a letter, or with "/" or "slash"; a
  letter then ":" (an app's URI scheme);
- handle: an app name, "everywhere" or a meeting word among the words; "live:"; "on all " /
  "on every "; a "#" tag of the Discord shape (a meeting id needs nine digits: the digit clause);
- phone: seven digits (the digit clause);
- payment: six digits (a bank account), two letters then two digits (an IBAN), "$" then a
  letter, an "@", "-" beside a payment app's name, a run of 14 ASCII letters or digits in the
  original text (a wallet).

A detector whose gate changes must change its clause here too; tests/test_speed_detect_gate.py
holds the gate to the detectors over the oracle texts, the phrasing tables and generated chat.
"""

from __future__ import annotations

from ..normalize import NormalizedText
from ..normalize.text import word_set
from .base import has_alnum_run_14, text_shape
from .email import _PROVIDER_WORDS
from .handles import _DISCORD_GATE, _DISCORD_SHAPE, _GATE_WORDS
from .links import _DOTTED, _LETTER_COLON
from .payment import _IBAN_GATE, _IBAN_SHAPE, _names_a_pay_app

#: words any of which opens the e-mail or the handle detector
_GATE_WORDS_ANY = _PROVIDER_WORDS | _GATE_WORDS


def may_hold_detail(nt: NormalizedText) -> bool:
    """False only when the e-mail, link, handle, phone and payment detectors would each return
    ``()`` for ``nt`` (see the module docstring for the clause of each)."""
    text = nt.text
    shape, digits = text_shape(text)
    if digits >= 6 or "@" in text or not _GATE_WORDS_ANY.isdisjoint(word_set(text)):
        return True  # phone, bank account, meeting id; e-mail, payment; provider, app, meeting word
    if digits >= 2 and (
        _IBAN_SHAPE.search(shape) if text.isascii() else _IBAN_GATE.search(text)
    ) is not None:
        return True
    if "." in text and ("://" in text or _DOTTED.search(text) is not None or "/" in text or "slash" in text):
        return True
    if ":" in text and ("live:" in text or _LETTER_COLON.search(text) is not None):
        return True
    if "#" in text and (_DISCORD_SHAPE.search(shape) if text.isascii() else _DISCORD_GATE.search(text)):
        return True
    if "$" in text and shape.find(b"$a") >= 0:
        return True
    if "-" in text and _names_a_pay_app(text):
        return True
    if "on all " in text or "on every " in text:
        return True
    return has_alnum_run_14(nt.original)
