"""One gate for the five detail detectors (e-mail, link, handle, phone, payment): which of them
can find anything in this message?

Each of those detectors opens ``detect`` with cheap gates and returns an empty tuple when they all
fail. Most chat messages fail every one of them, yet each detector is still called, reads the
text, looks up the word set and the character shape, and tests its own conditions. This gate
holds one clause per detector, each *implied by* (never stricter than) that detector's own gates,
and answers with a bit mask: a detector whose bit is clear would have returned ``()``, so the
scanner skips it. Most messages that pass at all pass for one or two detectors (a price's digits,
"next.js", an app's name), so the other three or four are not called either. It reads the shared
per-message values (word set, character shape) once, cheapest and most often decisive tests first.

Which clause stands for which detector's gate (``detect`` in each module):

- e-mail (``EMAIL``): an "@", or a mail provider's name among the words;
- link (``LINK``): "." with "/" (which "://" holds), a dot between a letter or digit and a letter,
  "slash" or "www"; a letter then ":" where an app's URI scheme ends (``_URI_GATE``);
- handle (``HANDLE``): an app name or "everywhere" among the words; "live:"; "on all " / "on
  every " with a word of ``_EVERY_PLACE``; a "#" tag of the Discord shape; a meeting word with
  nine digits (a meeting id);
- phone (``PHONE``): seven digits;
- payment (``PAYMENT``): six digits close together with a bank word (a bank account, a sort
  code), two letters then two digits at a word start and the length of an IBAN, "$" then a
  letter, an "@", "-" beside a payment app's name, a run of 14 ASCII letters or digits in the
  original text (a wallet).

A detector whose gate changes must change its clause here too; tests/test_speed_detect_gate.py and
tests/test_speed_detail_mask.py hold the gate to the detectors over the oracle texts, the phrasing
tables and generated chat.
"""

from __future__ import annotations

from ..normalize import NormalizedText
from ..normalize.text import word_set
from .base import EMAIL_BIT, HANDLE_BIT, LINK_BIT, PAYMENT_BIT, PHONE_BIT, has_alnum_run_14, text_shape
from .email import _PROVIDER_WORDS
from .handles import _APP_WORDS, _DISCORD_GATE, _DISCORD_SHAPE, _EVERY_PLACE, _GATE_WORDS, _MEETING_WORDS
from .links import _DOTTED, _LETTER_COLON, _URI_GATE
from .payment import _IBAN_GATE, _IBAN_SHAPE, _names_a_bank_word, _names_a_pay_app, _six_close_digits

#: The bit of each detail detector (``BaseDetector.detail_bit``) in ``detail_mask``'s answer.
EMAIL, LINK, HANDLE, PHONE, PAYMENT = EMAIL_BIT, LINK_BIT, HANDLE_BIT, PHONE_BIT, PAYMENT_BIT

#: words any of which opens the e-mail or the handle detector (a handle's meeting word only with
#: the digits of a meeting id)
_GATE_WORDS_ANY = _PROVIDER_WORDS | _GATE_WORDS
#: the words that open the handle detector by themselves
_HANDLE_WORDS = _APP_WORDS | {"everywhere"}


def detail_mask(nt: NormalizedText) -> int:
    """The bits (``EMAIL`` ... ``PAYMENT``) of the detail detectors that may find something in
    ``nt``: a clear bit only where that detector's ``detect`` returns ``()`` (see the module
    docstring for the clause of each)."""
    text = nt.text
    shape, digits = text_shape(text)
    mask = (EMAIL | PAYMENT) if "@" in text else 0  # an address; a UPI id or an app handle
    words = word_set(text)
    if not _GATE_WORDS_ANY.isdisjoint(words):
        if not _PROVIDER_WORDS.isdisjoint(words):
            mask |= EMAIL
        if not _HANDLE_WORDS.isdisjoint(words) or (digits >= 9 and not _MEETING_WORDS.isdisjoint(words)):
            mask |= HANDLE
    if digits >= 7:
        mask |= PHONE
    # ("://" in the link detector's gate: "/" here holds it)
    if "." in text and ("/" in text or _DOTTED.search(text) is not None or "slash" in text or "www" in text):
        mask |= LINK
    elif ":" in text and _LETTER_COLON.search(text) is not None and _URI_GATE.search(text) is not None:
        mask |= LINK
    if not mask & HANDLE and (
        ("live:" in text)
        or ("#" in text and (_DISCORD_SHAPE.search(shape) if text.isascii() else _DISCORD_GATE.search(text)))
        or (("on all " in text or "on every " in text) and not _EVERY_PLACE.isdisjoint(words))
    ):
        mask |= HANDLE
    if not mask & PAYMENT and (
        ("$" in text and shape.find(b"$a") >= 0)
        or (digits >= 2 and (_IBAN_SHAPE.search(shape) if text.isascii() else _IBAN_GATE.search(text)) is not None)
        or (digits >= 6 and _names_a_bank_word(text) and _six_close_digits(text, shape))
        or ("-" in text and _names_a_pay_app(text))
        or has_alnum_run_14(nt.original)
    ):
        mask |= PAYMENT
    return mask


def may_hold_detail(nt: NormalizedText) -> bool:
    """False only when the e-mail, link, handle, phone and payment detectors would each return
    ``()`` for ``nt``."""
    return detail_mask(nt) != 0
