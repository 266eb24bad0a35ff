"""Fast paths of the detail detectors (fifth session) give exactly what the plain searches give.

Each test compares the fast path with the plain way, written out here on purpose, on texts built
from the pieces the fast path looks at, short (chat messages) and long (hostile input), with the
thresholds that pick a path lowered so that every path runs.
"""

from __future__ import annotations

import random

import pytest

from offplatform.config import ScanConfig
from offplatform.detect import links
from offplatform.normalize import normalize

LINK_PIECES = [
    "www.", "ana", ".com", ".js", "next.js", "http://", "https://", "ftp://", "http:/", "https:", "://",
    "hxxp://", "t.me/", "wa.me/x", "a.b.c", "a-b.io", "-x.com", "_x.com", "é.com", "xé.com", "@a.com", "/a.com",
    ".a.com", "1.2.3.4", "10.0.0.1:8080", "[::1]", "http://[2001:db8::1]/x", "https://a.b/c?d=e#f", "a.", ".",
    "..", " ", "  ", "\n", "é", "x", "0", "9", "-", "/", "@", ":", "a.co.uk/path", "docs.google.com/document/d/1",
    "https", "http", "ftp", "mail.", "xhttps://a.com", "shttp://a.com", "www.a", "a.b", "bit.ly/x", "zoom.us/j/1",
]


def _texts(seed: int, n: int, k: tuple[int, int]) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(LINK_PIECES) + rng.choice(["", "", " "]) for _ in range(rng.randint(*k)))
            for _ in range(n)]


SHORT = _texts(11, 4000, (1, 14))
LONG = _texts(12, 60, (400, 1200))


def _spans(matches) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


def test_link_starts_hold_every_match_start() -> None:
    """The positions ascend and are a superset of where the pattern matches (also where finditer
    would not report a match because an earlier one covers it): no start is ever missed."""
    for text in SHORT + LONG:
        starts = list(links._link_starts(text, "://" in text))
        assert starts == sorted(starts)
        held = set(starts)
        for i in range(len(text)):
            if links._LINK.match(text, i) is not None:
                assert i in held, (text, i)


class _CountingPattern:
    """``links._LINK`` that counts the one-pass fallbacks (``finditer``)."""

    def __init__(self) -> None:
        self.passes = 0

    def match(self, text: str, pos: int):
        return _PLAIN_LINK.match(text, pos)

    def finditer(self, text: str, pos: int = 0):
        self.passes += 1
        return _PLAIN_LINK.finditer(text, pos)


_PLAIN_LINK = links._LINK


@pytest.mark.parametrize(("few", "sample", "dense"),
                         [(64, 20000, 16), (0, 50, 16), (0, 10**9, 40), (1, 10, 1000)])
def test_links_at_their_starts_equal_the_full_search(few: int, sample: int, dense: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Same matches as ``_LINK.finditer`` whichever path runs (positions; the one-pass fallback for
    a text dense in starts, decided on the sample or part-way through the positions)."""
    monkeypatch.setattr(links, "_FEW", few)
    monkeypatch.setattr(links, "_SAMPLE", sample)
    monkeypatch.setattr(links, "_DENSE", dense)
    counting = _CountingPattern()
    monkeypatch.setattr(links, "_LINK", counting)
    for text in SHORT + LONG:
        scheme = "://" in text
        expected = _spans(_PLAIN_LINK.finditer(text))
        assert _spans(links._links(text, scheme)) == expected, text
        if not scheme:
            assert _spans(links._bare_links(text)) == expected, text
    if (few, dense) == (64, 16):
        assert counting.passes == 0  # the usual thresholds: every one of these texts takes the positions
    if dense >= 40:
        assert counting.passes > 0  # the dense path is exercised too (after the sample, or part-way)


def test_links_part_way_to_the_fallback_equal_the_full_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """The switch to one pass after some matches were found by their positions, at every cap."""
    monkeypatch.setattr(links, "_SAMPLE", 10**9)
    text = " ".join(["x", "a.com", "http://b.io/x", "c.d.e", "f", "www.g.hi/j", "k.lm", "@n.op", "q.rs"] * 6)
    expected = _spans(_PLAIN_LINK.finditer(text))
    assert len(expected) > 20
    for cap in range(0, 60):
        assert _spans(links._links_at(text, True, cap)) == expected, cap


@pytest.mark.parametrize("unit", ["a.", "http://", "x.y/", "a.b ", "https://a.b "])
def test_dense_hostile_links_fall_back_to_one_pass(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (unit * (100_000 // len(unit) + 1))[:100_000]
    counting = _CountingPattern()
    monkeypatch.setattr(links, "_LINK", counting)
    got = _spans(links._links(text, "://" in text))
    assert counting.passes == 1  # more than one start per _DENSE characters: one regex pass
    assert got == _spans(_PLAIN_LINK.finditer(text))


def test_links_are_found_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    """A capped scan takes the first matches of a long text without walking all of its dots."""
    plain = links._LABEL_DOT
    walked = []

    class CountingDots:
        def findall(self, text: str, pos: int, endpos: int):
            return plain.findall(text, pos, endpos)

        def finditer(self, text: str):
            for d in plain.finditer(text):
                walked.append(d.start())
                yield d

    monkeypatch.setattr(links, "_LABEL_DOT", CountingDots())
    text = "see the page a.com " * 50_000  # one dot per 19 characters: the positions path
    found = links._links(text, False)
    assert [next(found).span() for _ in range(3)] == [(13, 18), (32, 37), (51, 56)]
    assert len(walked) < 10


def test_link_detector_on_texts_with_a_scheme_equals_the_full_search() -> None:
    """The detector's findings: the scheme path now goes through the positions as well."""
    det = links.LinkDetector(ScanConfig())
    found = 0
    for text in SHORT[:1500] + LONG[:20]:
        nt = normalize(text)
        t = nt.text
        expected = []
        linked = "." in t and ("://" in t or links._DOTTED.search(t))
        uris = ":" in t and links._LETTER_COLON.search(t) is not None and links._URI_GATE.search(t) is not None
        if linked:
            for m in links._LINK.finditer(t):
                expected += det._link(nt, m)
        if uris:
            for m in links._URI.finditer(t):
                expected += det._uri(nt, m)
        if (linked or uris) and ("/" in t or "slash" in t):
            expected += det._spaced(nt)  # an app's link with blanks around its slash
        elif not (linked or uris) and "." in t and ("/" in t or "slash" in t):
            expected += det._spaced(nt)
        assert list(det.detect(nt)) == expected, text
        found += bool(expected)
    assert found > 300


EMAIL_PIECES = [
    "@", "@@", "a", "ab", "x" * 30, "y" * 40, "z" * 64, "é", "ß", "ÿ", "ö", "ø", "÷", "А", "A", "_", ".", "..",
    "%", "+", "-", "1", "0", " ", "  ", "\n", "gmail", "gmail.com", "mail.co.uk", "ex.com", "a.b", "ana.b", "x_y",
    "#", "/", ":", "(", "'", "ana@", "@gmail", "@yahoo.com", "@g.co", "-@x.io", ".@x.io", "q@",
    "git@github.com:org/r",
]


def _email_texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(EMAIL_PIECES) for _ in range(rng.randint(1, 16))) for _ in range(n)]


EMAIL_TEXTS = _email_texts(21, 6000) + [
    "a" * 65 + "@x.com", "a" * 66 + "@x.com", "b " + "a" * 65 + "@x.com", "." + "a" * 64 + "@x.com",
    "x@y.com@z.com", "x@y.com" + "a" * 70 + "@z.com", "ana@gmail ana.b@gmail", "a@b.c@d.ee", "@" * 50,
]


@pytest.mark.parametrize(("name", "least"), [("_EMAIL", 1000), ("_IMPLIED", 300)])
def test_addresses_tried_at_run_starts_equal_the_full_search(name: str, least: int) -> None:
    from offplatform.detect import email

    pattern = getattr(email, name)
    found = 0
    for text in EMAIL_TEXTS:
        for t in (text.lower(), text):  # as normalized, and with capitals (\w the local part does not take)
            expected = _spans(pattern.finditer(t))
            assert _spans(email._at_run_starts(pattern, t)) == expected, t
            assert _spans(email._around_ats(pattern, t)) == expected, t
            found += bool(expected)
    assert found > least


def test_named_provider_pattern_tried_at_provider_words_equals_the_full_search() -> None:
    from offplatform.detect import email
    from offplatform.detect.base import finditer_at_words

    assert email._PROVIDER_WORDS == frozenset(p for p in email.MAIL_PROVIDERS if p.isalpha() and len(p) >= 4)
    providers = sorted(email._PROVIDER_WORDS)
    pieces = providers + ["is", ":", " ", "  ", "-", "id", "mail", "ana.b", "tyler_b1", "x", "é", "_", "2",
                          "es", "->", "=", "address", "a", "my", "\t", "\n", "gmailis", "ygmail", "yahoo.",
                          "outlook:"]
    rng = random.Random(31)
    found = 0
    for _ in range(4000):
        t = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(1, 12)))
        expected = _spans(email._NAMED.finditer(t))
        assert _spans(finditer_at_words(email._NAMED, t, email._PROVIDER_WORDS)) == expected, t
        found += bool(expected)
    assert found > 500


@pytest.mark.parametrize("unit", ["@", "x@", "ana.b@gmail.com ", "a" * 70 + "@x.co ", "a@b.c@d.ee ",
                                  "é@x.com "])
@pytest.mark.parametrize("name", ["_EMAIL", "_IMPLIED"])
def test_addresses_in_long_texts_equal_the_full_search(unit: str, name: str) -> None:
    """Both paths of a long text (dense in "@": one search per match; sparse: the run starts),
    each equal to ``finditer``; the random texts hold "@" at every density."""
    from offplatform.detect import email

    pattern = getattr(email, name)
    rng = random.Random(41)
    filler = "".join(rng.choice(EMAIL_PIECES) for _ in range(3000))
    for text in [(unit * (5000 // len(unit) + 1))[:5000], filler, filler.replace("@", " ", 400),
                 " word " * 800 + unit * 3, filler.lower()]:
        assert len(text) > email.LONG_TEXT
        assert _spans(email._around_ats(pattern, text)) == _spans(pattern.finditer(text)), text[:80]
    dense = "x@" * 3000
    assert dense.count("@") * email._DENSE_AT > len(dense)  # the dense path is taken for this one


def test_merge_of_no_finding_equals_the_general_merge() -> None:
    from offplatform.merge import merge_findings

    assert merge_findings([]) == merge_findings(iter([])) == []
    assert merge_findings(()) == []
