"""The fast paths for hostile input give exactly what the straightforward code gives.

``fold_chars`` folds non-ASCII text with whole-text ``str.translate`` calls and derives the offset
map from per-character lengths; ``compose`` chains maps with C-level ``map``; ``make_finding`` and
``merge_findings`` skip work on the common shapes. Each is checked here against a plain
character-by-character (or finding-by-finding) version written for clarity, on texts built to hit
every branch: dropped invisible characters (at the start, end, inside and around tokens), characters
that expand ("⒜" -> "(a)", "¨" -> " ̈"), look-alike letters in tokens with and without Latin
evidence, non-ASCII white space.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offplatform.config import ScanConfig
from offplatform.finding import Finding, Kind
from offplatform.merge import SPECIFICITY, merge_findings
from offplatform.normalize import NormalizedText, normalize
from offplatform.normalize.chars import _fold_char, confusable_map, fold_chars
from offplatform.normalize.text import OffsetBuilder, compose
from offplatform.scanner import Scanner

_EVIDENCE = re.compile(r"[A-Za-z0-9@._/:]")


def _fold_one(ch: str, lookalikes: bool) -> str:
    if ch.isascii():
        return ch.lower()
    if ch.isspace():
        return " "
    out = _fold_char(ch)
    if lookalikes:
        out = "".join(confusable_map().get(c, c) for c in out)
    return out.lower()


def reference_fold(original: str) -> tuple[str, list[int], list[int]]:
    """One character at a time: each output character starts at its source character and ends
    after it; a dropped character stretches the output character before it (if any)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in re.finditer(r"\S+|\s+", original):
        piece = m.group()
        # address punctuation ending the token ("телегу:", "мыло.") is the sentence's, no evidence
        body = piece[:-1] if piece[-1] in "@._/:" else piece
        lookalikes = not piece.isspace() and _EVIDENCE.search(body) is not None
        for i, ch in enumerate(piece, m.start()):
            folded = _fold_one(ch, lookalikes)
            if not folded:
                if ends:
                    ends[-1] = i + 1
                continue
            for c in folded:
                out.append(c)
                starts.append(i)
                ends.append(i + 1)
    return "".join(out), starts, ends


def assert_same_fold(original: str) -> None:
    nt = fold_chars(original)
    text, starts, ends = reference_fold(original)
    assert nt.text == text
    if nt.starts is None:
        assert original.isascii() and starts == list(range(len(original))) and ends == [s + 1 for s in starts]
    else:
        assert nt.starts == starts
        assert nt.ends == ends


_PIECES = [
    "a", "Z", "7", "@", ".", ":", "/", "_", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "\u2028", "\u0085",
    "\u200b", "\u200d", "\ufeff", "\u00ad", "\u202e", "\ufe0f", "\u20e3",  # dropped
    "⒜", "¨", "ﬁ", "㎏", "½", "\ufdfa", "\u0130",  # expanding
    "о", "а", "е", "р", "с", "Т", "ο", "α", "ν", "һ", "ӏ",  # look-alikes (Cyrillic, Greek)
    "б", "ж", "я", "ш", "δ", "λ",  # non-Latin letters with no look-alike
    "０", "①", "𝟗", "٣", "९", "ⓐ", "＠", "．", "👍", "🇬🇧", "1️⃣", "👨\u200d👩\u200d👧", "\ufffd",
]


@pytest.mark.parametrize(
    "original",
    [
        "",
        "plain ascii",
        "\u200b",
        "\u200b\u200bab",
        "ab\u200b",
        "ab \u200b\u200b",
        " \u200bcd",
        "a \u200b\u200b b",
        "⒜",
        "x⒜\u200by",
        "⒜\u200b\u200b⒜",
        "\u200b⒜",
        "7️⃣1️⃣8️⃣",
        "jоhn@gmаil.cоm собака Тelegrаm",
        "собака jоhn@gmаil.cоm собака",
        "собака\u00a0собака\u3000аb",
        "аb а аb а аb",
        "sara ⓐ gmail • com",
        "\u00a0\u200b\u00a0",
        "¨\u0130¨",
        "\ud800ab \udfffс",
    ],
)
def test_fold_matches_reference_on_hand_picked_texts(original: str) -> None:
    assert_same_fold(original)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_fold_matches_reference_on_mixtures(original: str) -> None:
    assert_same_fold(original)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_fold_matches_reference_on_any_text(original: str) -> None:
    assert_same_fold(original)


def test_fold_matches_reference_on_the_benchmark_inputs() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_adversarial import CASES

    for name in ("unicode_mix", "random_bytes", "emoji"):
        assert_same_fold(CASES[name](20_000))


def test_lookalike_folding_never_changes_a_length() -> None:
    # fold_chars takes the offsets of both foldings from one length table
    for ch in confusable_map():
        assert len(_fold_one(ch, True)) == len(_fold_one(ch, False))


def _random_rewrite(outer: NormalizedText, rng: random.Random) -> tuple[str, OffsetBuilder, list[int], list[int]]:
    """Rewrite ``outer.text`` with copies and replacements like the word rewrites do; also return
    the straightforward per-character maps of that rewrite."""
    text = outer.text
    builder = OffsetBuilder()
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    while pos < len(text):
        if rng.random() < 0.5:
            b = min(len(text), pos + rng.randint(1, 30))
            builder.copy(text[pos:b], pos)
            starts += range(pos, b)
            ends += range(pos + 1, b + 1)
        else:
            b = min(len(text), pos + rng.randint(1, 6))
            out = rng.choice(["@", ".", "5", "55", ""])
            builder.replace(out, pos, b)
            starts += [pos] * len(out)
            ends += [b] * len(out)
        pos = b
    return builder.text(), builder, starts, ends


@pytest.mark.parametrize("seed", range(40))
def test_compose_matches_per_character_mapping(seed: int) -> None:
    rng = random.Random(seed)
    original = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 300)))
    outer = fold_chars(original)
    inner_text, builder, i_starts, i_ends = _random_rewrite(outer, rng)
    assert builder.starts == i_starts and builder.ends == i_ends
    got = compose(outer, inner_text, builder)
    n = len(outer.text)
    o_starts = outer.starts if outer.starts is not None else list(range(n))
    o_ends = outer.ends if outer.ends is not None else list(range(1, n + 1))
    assert got.text == inner_text
    assert got.starts == [o_starts[s] if s < n else len(original) for s in i_starts]
    assert got.ends == [o_ends[e - 1] if e > 0 else 0 for e in i_ends]


def test_compose_of_long_stretches_and_of_many_pieces_agree() -> None:
    # the slice path (few long pieces) and the lookup path (many short ones) give the same map
    original = "jоhn\u200b at ⒜ gmаil dot com " * 50
    outer = fold_chars(original)
    text = outer.text
    few, many = OffsetBuilder(), OffsetBuilder()
    few.copy(text[:10], 0)
    few.replace("@", 10, 12)
    few.copy(text[12:], 12)
    many.copy(text[:10], 0)
    many.replace("@", 10, 12)
    for i in range(12, len(text)):
        many.copy(text[i], i)
    a = compose(outer, few.text(), few)
    b = compose(outer, many.text(), many)
    assert a == b


def reference_merge(findings: list[Finding]) -> list[Finding]:
    """Details by specificity, score, length; each kept unless it overlaps one kept before;
    the best signal per (kind, category); all in text order."""
    details = [f for f in findings if f.kind in SPECIFICITY]
    signals: dict[tuple[Kind, str | None], Finding] = {}
    for f in findings:
        if f.kind not in SPECIFICITY and (
            (f.kind, f.category) not in signals or f.score > signals[(f.kind, f.category)].score
        ):
            signals[(f.kind, f.category)] = f
    details.sort(key=lambda f: (-SPECIFICITY[f.kind], -f.score, -(f.end - f.start), f.start))
    kept: list[Finding] = []
    for f in details:
        if f.end > f.start and not any(f.overlaps(k) for k in kept):
            kept.append(f)
    return sorted(kept + list(signals.values()), key=lambda f: (f.start, f.end, f.kind))


def _random_findings(rng: random.Random, spread: int) -> list[Finding]:
    out = []
    for i in range(rng.randint(0, 30)):
        kind = rng.choice(list(Kind))
        start = rng.randint(0, spread)
        end = start + rng.choice([0, 1, 2, 5, 10])
        category = rng.choice([None, "phishing", "advance_fee"]) if kind is Kind.SCAM else None
        out.append(Finding(kind=kind, start=start, end=end, text="x" * (end - start), value=f"v{i}",
                           rule=f"r{i}", score=rng.choice([0.5, 0.7, 0.9]), category=category))
    return out


@pytest.mark.parametrize("seed", range(300))
def test_merge_matches_reference(seed: int) -> None:
    rng = random.Random(seed)
    # small spreads overlap often (the full merge), large ones rarely (the disjoint fast path)
    findings = _random_findings(rng, rng.choice([10, 40, 1000, 100_000]))
    got = merge_findings(list(findings))
    want = reference_merge(list(findings))
    assert [(f.value, f.rule) for f in got] == [(f.value, f.rule) for f in want]


def test_make_finding_trims_white_space_of_the_mapped_span() -> None:
    from offplatform.detect.base import make_finding

    nt = normalize("call\u00a0 ５５５\u200b \u3000 now")
    i = nt.text.index("555")
    f = make_finding(nt, Kind.PHONE, i - 2, i + 5, value="555", rule="t", score=1.7)
    assert (f.text, f.score) == ("５５５\u200b", 1.0)
    assert nt.original[f.start:f.end] == f.text
    g = make_finding(normalize("  ab  "), Kind.URL, 0, 6, value="ab", rule="t", score=-1)
    assert (g.start, g.end, g.text, g.score) == (2, 4, "ab", 0.0)
    e = make_finding(nt, Kind.URL, 3, 3, value="", rule="t", score=0.5)
    assert e.start == e.end == nt.to_original(3, 3)[0]


# --- the findings cap -----------------------------------------------------------------------

_PACKED = "call 0917 842 11 or x@y dot com t.me/ "


def test_a_message_packed_with_details_stops_at_the_cap_and_is_marked() -> None:
    scanner = Scanner(ScanConfig(max_findings=20))
    text = _PACKED * 40  # 40 emails, 40 links, 40 phone numbers
    result = scanner.scan(text)
    limits = [f for f in result.findings if f.kind is Kind.LIMIT]
    assert len(limits) == 1
    (limit,) = limits
    assert (limit.rule, limit.value, limit.text, limit.score) == ("limit.max_findings", "20", "", 1.0)
    assert limit.start == limit.end and 0 < limit.start < len(text)
    emails = [f for f in result.findings if f.kind is Kind.EMAIL]
    assert len(emails) == 20
    # what was reported is what an uncapped scan reports for the same stretch of text
    full = Scanner().scan(text)
    assert not any(f.kind is Kind.LIMIT for f in full.findings)
    assert emails == [f for f in full.findings if f.kind is Kind.EMAIL][:20]
    assert result.offplatform and limit.to_dict()["kind"] == "limit"


def test_the_cap_is_kept_when_the_kind_filter_would_drop_limit() -> None:
    scanner = Scanner(ScanConfig(max_findings=5, kinds=frozenset({Kind.PHONE})))
    result = scanner.scan(_PACKED * 10)
    assert {f.kind for f in result.findings} == {Kind.PHONE, Kind.LIMIT}


def test_messages_below_the_cap_are_unchanged() -> None:
    text = _PACKED * 6  # 6 of each kind
    assert Scanner(ScanConfig(max_findings=6)).scan(text).findings == Scanner().scan(text).findings


def test_a_long_ordinary_chat_message_is_far_below_the_default_cap() -> None:
    text = ("Hi! I can start on Monday, the budget of $450 works for me and I'll send the first draft "
            "by 5 pm on 12/03. Call me later? My email is ana.k@mailbox.test or +44 20 7946 0958. ") * 60
    assert len(text) > 5_000
    result = Scanner().scan(text)
    assert not any(f.kind is Kind.LIMIT for f in result.findings)
    assert len(result.details) < ScanConfig().max_findings / 5


def test_the_default_policy_holds_a_capped_message_at_every_stage() -> None:
    from datetime import UTC, datetime

    from offplatform.policy import Action, Context, Stage, decide, load_policy

    text = _PACKED * 40
    result = Scanner(ScanConfig(max_findings=20)).scan(text)
    for stage in Stage:
        context = Context(conversation_id="c1", sender="ana", recipient="ben", stage=stage,
                          now=datetime(2026, 11, 24, tzinfo=UTC))
        d = decide(text, list(result.findings), context, load_policy())
        assert d.action in (Action.HOLD, Action.BLOCK), stage
        assert "too-many-findings" in d.rules
        assert not d.delivered and d.text is None


def test_max_findings_must_be_positive() -> None:
    from offplatform.errors import ConfigError

    with pytest.raises(ConfigError):
        ScanConfig(max_findings=0)
    assert ScanConfig.from_mapping(ScanConfig(max_findings=7).to_mapping()).max_findings == 7
