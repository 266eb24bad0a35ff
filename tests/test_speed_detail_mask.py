"""The detail gate's mask (``detect.detail_gate.detail_mask``) and the tighter gates of the detail
detectors (sixth session) never hide a finding.

- wherever a detector's bit is clear, that detector's ``detect`` returns the empty tuple its own
  gates return (stronger than "finds nothing");
- each tighter gate is implied by the pattern it stands in front of (``_IBAN_SHAPE``,
  ``_six_close_digits``, ``_PLACE_WORDS``, ...), written out here the plain way;
- the scanner, which calls only the detectors whose bit is set, gives what every detector called
  in turn gives.

Checked over the phrasing tables, the sample messages, generated chat, texts built from the pieces
the clauses look at, and those texts mutated.
"""

from __future__ import annotations

import random
import re

import pytest
from table_texts import chat_texts, table_texts

from offplatform.config import ScanConfig
from offplatform.detect import all_detectors, email, payment
from offplatform.detect.base import text_shape
from offplatform.detect.detail_gate import EMAIL, HANDLE, LINK, PAYMENT, PHONE, detail_mask, may_hold_detail
from offplatform.finding import Kind
from offplatform.scanner import finish_findings
from offplatform.normalize import normalize
from offplatform.normalize.text import word_set
from offplatform.scanner import Scanner


#: the pieces each clause stands on, and near misses of them
PIECES = [
    # e-mail
    "@", "a@b", "ana@gmail.com", "x @ y", "gmail", "hotmail", "live", "outlook", "yahoo", "tyler.b", "no", "na",
    "en", "em", "bei", "chez", "sur", "tyler.b no gmail", "rafa.costa, en hotmail", "arquivo_v2.pdf no gmail",
    "my gmail is tyler.b", "username is k.mensah.dev", "i use outlook",
    # link
    ".", "..", "a.b", "a. b", "1.2", "v1.2", "next.js", "e.g.", "://", "http://x", "https://a.b/c", "/", "slash",
    "t . me / ana", "instagram.com slash the.carla", ":", "10:15", "note:", "in:", "tg:", "tg:ana", "whatsapp:",
    "viber://chat", "line:", "signal:", "discord:", "msteams:", "zoommtg:", "skype:ana", "kik:",
    # handle
    "live:", "live:ana.b", "#", "#1234", "ana#1234", "a#12345", "#a0d8e6", "#bd3498", "insta", "whatsapp",
    "telegram", "zoom", "meeting", "webinar", "zoom 123 456 789", "meeting id 123 456 7890", "everywhere",
    "on all ", "on every ", "on all platforms", "on every app", "i'm ana_b everywhere", "on all days",
    # phone and digits
    "0", "12", "123", "1234", "12345", "123456", "1234567", "123 456 789", "555 123 4567", "٣٤٥", "１２３",
    "$1200", "10 revisions", "9:15",
    # payment
    "$", "$5", "$abc", "$ABC", "-", "m-pesa", "paypal", "venmo", "pix", "i'm", "cash app", "ab12", "AB12", "gb82",
    "gb82 west", "gb82 west 1234", "GB82 WEST 1234 5698 7654 32", "nl91abna0417164300", "de89370400440532013000",
    "#bd34980123456789", "acc", "access", "account", "sort", "sort code", "konto", "a/c", "счет", "12-34-56",
    "12 34 56", "1234 5678", "12345678", "1-2-3-4-5-6", "1 2 3 4 5 6", "12  34  56", "account no 1234 5678",
    "sort code 12-34-56 acc 12345678", "abcdefghijklm", "abcdefghijklmn", "ABCDEFGHIJKLMN",
    "0x52908400098527886E0F7030069857D2E4169EE7", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "bc1", "ana@ybl",
    # other characters
    "é", "ñ", "о", "\u200b", "\n", "\t", " ", "  ", "the", "hello", "five", "oh", "at", "dot", "then",
]

BITS = {"EmailDetector": EMAIL, "LinkDetector": LINK, "HandleDetector": HANDLE, "PhoneDetector": PHONE,
        "PaymentDetector": PAYMENT}


def _table_texts() -> list[str]:
    return table_texts()


def _chat_texts(n: int) -> list[str]:
    return chat_texts(n, seed=47)


def _piece_texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) + rng.choice(["", " ", ", ", ". ", "-", "#"]) for _ in range(rng.randint(1, 10)))
            for _ in range(n)]


def _mutated(texts: list[str], seed: int, n: int) -> list[str]:
    """Texts with a few pieces inserted or characters deleted: the edges of each clause."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        chars = list(rng.choice(texts))
        for _ in range(rng.randint(1, 4)):
            i = rng.randint(0, len(chars))
            if rng.random() < 0.6:
                chars.insert(i, rng.choice(PIECES))
            elif chars:
                del chars[min(i, len(chars) - 1)]
        out.append("".join(chars))
    return out


@pytest.fixture(scope="module")
def texts() -> list[str]:
    base = _table_texts() + _chat_texts(3000)
    return base + _piece_texts(5, 5000) + _mutated(base, 6, 5000)


def _detail_detectors(config: ScanConfig) -> list:
    return [d for d in all_detectors(config) if getattr(d, "detail_gated", False)]


def test_each_detail_detector_has_its_own_bit() -> None:
    detectors = _detail_detectors(ScanConfig())
    assert {type(d).__name__: d.detail_bit for d in detectors} == BITS
    assert len(set(BITS.values())) == 5


def test_a_clear_bit_means_that_detector_returns_nothing(texts: list[str]) -> None:
    detectors = _detail_detectors(ScanConfig())
    cleared = dict.fromkeys(BITS, 0)
    for text in texts:
        nt = normalize(text)
        mask = detail_mask(nt)
        assert (mask != 0) == may_hold_detail(nt)
        for d in detectors:
            if not mask & d.detail_bit:
                cleared[type(d).__name__] += 1
                assert d.detect(nt) == (), (type(d).__name__, text)
    # the test looked at many texts each clause turns away
    assert min(cleared.values()) > len(texts) // 10, cleared


@pytest.mark.parametrize(("text", "bits"), [
    ("mail me at ana@example.com", EMAIL | LINK | PAYMENT), ("ana at gmail", EMAIL | PAYMENT),
    ("see next.js docs", LINK), ("http://x.example", LINK | HANDLE), ("tg:ana", LINK | HANDLE),
    ("skype live:ana.b", EMAIL | LINK | HANDLE), ("discord ana#1234", HANDLE), ("call 555 123 4567", PHONE),
    ("acc 123456", PAYMENT), ("gb82 west 1234 5698 7654 32", PHONE | PAYMENT), ("$ana on cash app", PAYMENT),
    ("m-pesa 0712", PAYMENT), ("on all platforms @ana", EMAIL | HANDLE | PAYMENT), ("t . me / ana", LINK),
    ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", PAYMENT), ("zoom meeting id 123 456 7890", HANDLE | PHONE),
    ("insta is ana_b", HANDLE),
    # ordinary chat: only the detectors its pieces can wake
    ("the client meeting moved to sunday at 9:15", 0), ("the colors should be #bd3498 and #f7e640", PHONE),
    ("the colors should be #bd34ab", 0), ("just checking in: any feedback?", 0),
    ("my budget is $1200 for 10 revisions, access the repo", 0), ("i built it last year using next.js.", LINK),
])
def test_mask_of_each_kind_of_detail(text: str, bits: int) -> None:
    assert detail_mask(normalize(text)) == bits


def test_tighter_payment_gates_are_implied_by_their_patterns(texts: list[str]) -> None:
    for text in texts:
        t = normalize(text).text
        shape = text_shape(t)[0]
        if t.isascii() and payment._IBAN.search(t) is not None:
            assert payment._IBAN_SHAPE.search(shape) is not None, text
        close = payment._six_close_digits(t, shape)
        assert close == (re.search(r"\d(?:[ \-]?\d){5}", t) is not None), text
        if payment._BANK_ACCOUNT.search(t) is not None or payment._SORT_CODE.search(t) is not None:
            assert close, text


def test_iban_shape_gate_on_the_shape_of_iban_pieces() -> None:
    for text in ("gb82 west 1234 5698 7654 32", "nl91abna0417164300", "x de89370400440532013000", "(gb82-west-1234"):
        assert payment._IBAN_SHAPE.search(text_shape(text)[0]) is not None, text
    for text in ("#bd3498", "the colours #ab12cd and #ef34ab", "xgb82 west 1234", "ab12", "gb82west"):
        assert payment._IBAN_SHAPE.search(text_shape(text)[0]) is None, text


def test_name_then_provider_needs_a_word_of_place(texts: list[str]) -> None:
    for text in texts:
        t = normalize(text).text
        if email._NAME_THEN_PROVIDER.search(t) is not None:
            assert not email._PLACE_WORDS.isdisjoint(word_set(t)), text


def test_scanner_with_the_mask_finds_what_every_detector_finds(texts: list[str]) -> None:
    config = ScanConfig()
    scanner = Scanner(config)
    detectors = all_detectors(config)
    for text in texts[::2]:
        nt = normalize(text)
        found = [f for d in detectors for f in d.detect(nt)]
        kept = [f for f in found if f.kind in config.kinds and f.score >= config.min_score]
        assert scanner.scan(text).findings == tuple(finish_findings(nt, kept, config.kinds)), text


@pytest.mark.parametrize("kinds", [frozenset({Kind.PHONE}), frozenset({Kind.PAYMENT, Kind.INTENT}),
                                   frozenset({Kind.URL, Kind.EMAIL})])
def test_scanner_with_some_detail_kinds_runs_their_detectors(kinds: frozenset[Kind]) -> None:
    config = ScanConfig(kinds=kinds)
    scanner = Scanner(config)
    detectors = all_detectors(config)
    for text in ("call 555 123 4567", "acc 123456 bank transfer", "mail ana@example.com or see x.example.com/a",
                 "send me your whatsapp number please", "paypal @ana_b"):
        nt = normalize(text)
        found = [f for d in detectors for f in d.detect(nt)]
        kept = [f for f in found if f.kind in config.kinds and f.score >= config.min_score]
        assert scanner.scan(text).findings == tuple(finish_findings(nt, kept, config.kinds)), text
