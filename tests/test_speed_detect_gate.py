"""The scanner's one gate for the detail detectors (``detect.detail_gate.may_hold_detail``) must
never hide a finding: wherever it says no, each of the e-mail, link, handle, phone and payment
detectors returns the empty tuple its own gates return (stronger than "finds nothing": their gates
fail too). Checked over the phrasing tables, the sample messages, generated chat, texts built from
the pieces the gates look at, and those texts mutated; and the scanner with the gate gives the
same findings as every detector called in turn.
"""

from __future__ import annotations

import random

import pytest
from table_texts import chat_texts, table_texts

from offplatform.config import ScanConfig
from offplatform.detect import all_detectors
from offplatform.detect.detail_gate import may_hold_detail
from offplatform.finding import Kind
from offplatform.scanner import finish_findings
from offplatform.normalize import normalize
from offplatform.scanner import Scanner


#: the pieces each clause of the gate stands on, and near misses of them
PIECES = [
    "@", "a@b", "x @ y", "#", "#1234", "ana#1234", "a#12345", "#a0d8e6", "$", "$5", "$abc", "$ABC", ".", "..",
    "a.b", "a. b", "1.2", "v1.2", "next.js", "e.g.", "://", "http://x", ":", "10:15", "note:", "live:", "LIVE:",
    "tg:", "/", "slash", "t . me / ana", "-", "m-pesa", "paypal", "venmo", "pix", "i'm", "gmail", "hotmail",
    "live", "outlook", "yahoo", "insta", "whatsapp", "telegram", "zoom", "meeting", "webinar", "everywhere",
    "on all ", "on every ", "on all platforms", "on every app", "0", "12", "123", "1234", "12345", "123456",
    "1234567", "123 456 789", "٣٤٥", "１２３", "ab12", "AB12", "gb82", "acc", "sort", "konto", "a/c",
    "abcdefghijklm", "abcdefghijklmn", "ABCDEFGHIJKLMN", "0x52908400098527886E0F7030069857D2E4169EE7",
    "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "bc1", "é", "ñ", "о", "\u200b", "\n", " ", "  ", "the", "hello",
    "five", "oh", "at", "dot", "then",
]


def _table_texts() -> list[str]:
    return table_texts()


def _chat_texts(n: int) -> list[str]:
    return chat_texts(n, seed=31)


def _piece_texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) + rng.choice(["", " ", ", ", ". "]) for _ in range(rng.randint(1, 10)))
            for _ in range(n)]


def _mutated(texts: list[str], seed: int, n: int) -> list[str]:
    """Texts with a few pieces inserted, deleted or swapped: the edges of each clause."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        chars = list(rng.choice(texts))
        for _ in range(rng.randint(1, 4)):
            i = rng.randint(0, len(chars))
            op = rng.random()
            if op < 0.6:
                chars.insert(i, rng.choice(PIECES))
            elif chars:
                del chars[min(i, len(chars) - 1)]
        out.append("".join(chars))
    return out


@pytest.fixture(scope="module")
def texts() -> list[str]:
    base = _table_texts() + _chat_texts(3000)
    return base + _piece_texts(1, 4000) + _mutated(base, 2, 4000)


def _detail_detectors(config: ScanConfig) -> list:
    return [d for d in all_detectors(config) if getattr(d, "detail_gated", False)]


def test_the_gated_detectors_are_the_five_detail_detectors() -> None:
    names = [type(d).__name__ for d in _detail_detectors(ScanConfig())]
    assert names == ["EmailDetector", "LinkDetector", "HandleDetector", "PhoneDetector", "PaymentDetector"]
    # they lead the list: the scanner skips a leading run of gated detectors
    assert [type(d).__name__ for d in all_detectors(ScanConfig())][:5] == names


def test_gate_says_no_only_where_every_detail_detector_returns_nothing(texts: list[str]) -> None:
    detectors = _detail_detectors(ScanConfig())
    closed = 0
    for text in texts:
        nt = normalize(text)
        if may_hold_detail(nt):
            continue
        closed += 1
        for d in detectors:
            assert d.detect(nt) == (), (type(d).__name__, text)
    assert closed > len(texts) // 10  # the test looked at many texts the gate turns away


@pytest.mark.parametrize("text", [
    "mail me at ana@example.com", "ana at gmail", "see next.js docs", "http://x.example", "tg:ana",
    "skype live:ana.b", "discord ana#1234", "call 555 123 4567", "acc 123456", "gb82 west", "$ana on cash app",
    "m-pesa 0712", "on all platforms @ana", "t . me / ana", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
    "zoom meeting id 123 456 7890", "insta is ana_b",
])
def test_gate_opens_on_each_kind_of_detail(text: str) -> None:
    assert may_hold_detail(normalize(text))


def test_scanner_with_the_gate_finds_what_every_detector_finds(texts: list[str]) -> None:
    config = ScanConfig()
    scanner = Scanner(config)
    detectors = all_detectors(config)
    for text in texts[::3]:
        nt = normalize(text)
        found = [f for d in detectors for f in d.detect(nt)]
        kept = [f for f in found if f.kind in config.kinds and f.score >= config.min_score]
        assert scanner.scan(text).findings == tuple(finish_findings(nt, kept, config.kinds)), text


def test_scanner_without_detail_kinds_runs_no_gate() -> None:
    config = ScanConfig(kinds=frozenset({Kind.INTENT}))
    scanner = Scanner(config)
    assert scanner._gated_detects == ()
    assert scanner.scan("send me your whatsapp number please").findings
