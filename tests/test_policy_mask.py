"""Masking: no fragment of a detail stays visible; nothing outside the masked stretches changes."""

from __future__ import annotations

import itertools
from functools import cache

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offplatform.finding import DETAIL_KINDS
from offplatform.policy import Context, Guard, load_policy
from offplatform.policy.mask import MAX_WIDEN, Span, mask_text, plan, widen
from offplatform.scanner import Scanner


@cache
def guard() -> Guard:
    return Guard(load_policy(), scanner=Scanner())


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        pytest.param("call +44 20 7946 0958 now", [(5, 21, "phone")], "call [phone hidden] now", id="plain"),
        pytest.param("id:4155552671x", [(3, 13, "phone")], "id:[phone hidden]", id="widen-right-into-word"),
        pytest.param("ab12345cd", [(2, 7, "phone")], "[phone hidden]", id="widen-both-ways"),
        pytest.param(
            "mail a@b.test, ok", [(5, 13, "email")], "mail [email hidden], ok", id="punctuation-kept"
        ),
        pytest.param(
            "x +1 415 555 2671 y",
            [(2, 17, "phone"), (5, 8, "phone")],
            "x [phone hidden] y",
            id="nested-merge",
        ),
        pytest.param(
            "aa@bb.test+44 20",
            [(0, 10, "email"), (10, 16, "phone")],
            "[email hidden]",
            id="touching-merge-keeps-first-kind",
        ),
        pytest.param(
            "first a@b.test then c@d.test",
            [(6, 14, "email"), (20, 28, "email")],
            "first [email hidden] then [email hidden]",
            id="two",
        ),
        pytest.param("nothing here", [], "nothing here", id="no-spans"),
        pytest.param("empty span", [(3, 3, "phone")], "empty span", id="empty-span-ignored"),
        pytest.param("é9876543210ü", [(1, 11, "phone")], "[phone hidden]", id="unicode-letters-are-word"),
    ],
)
def test_mask_text(text: str, spans: list[tuple[int, int, str]], expected: str) -> None:
    assert mask_text(text, [Span(*s) for s in spans]) == expected


def test_widening_is_bounded() -> None:
    text = "a" * 1000 + "5551234567" + "b" * 1000
    start, end = widen(text, 1000, 1010)
    assert (start, end) == (1000 - MAX_WIDEN, 1010 + MAX_WIDEN)


# --- properties ------------------------------------------------------------------------------

REGIONS = ("GB", "US", "IN", "DE", "BR", "NG", "AU", "FR", "MX", "PH")


@cache
def example_numbers() -> list[str]:
    out = []
    for region in REGIONS:
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            n = phonenumbers.example_number_for_type(region, kind)
            if n is not None:
                out.append(phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
    return out


# Neutral words around the details: single letters or number words ("v", "ek") would make the
# detectors' own context rules fire, which is the detectors' business, not masking's.
WORDS = [
    "hey",
    "sure,",
    "here:",
    "thanks!",
    "cheers",
    "(ping me)",
    "-",
    "ß",
    "中文",
    "🙂",
    "\n",
    "mañana",
    "ok?",
]
filler = st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join)
phone = st.integers(min_value=0, max_value=10**6).map(lambda i: example_numbers()[i % len(example_numbers())])
email = st.from_regex(r"[a-z]{3,8}\.[a-z]{2,6}@(?:mailbox|inbox|post)\.(?:com|net|org)", fullmatch=True)
detail = st.one_of(phone, email)
message = st.lists(st.tuples(filler, detail), min_size=1, max_size=4).flatmap(
    lambda parts: filler.map(lambda tail: " ".join(f"{a} {d} thx" for a, d in parts) + " " + tail)
)


def _check_outside_unchanged(original: str, masked: str, stretches: list[tuple[int, int, str]]) -> None:
    pos_o = 0
    pos_m = 0
    for start, end, placeholder in stretches:
        keep = original[pos_o:start]
        assert masked[pos_m : pos_m + len(keep)] == keep
        pos_m += len(keep)
        assert masked[pos_m : pos_m + len(placeholder)] == placeholder
        pos_m += len(placeholder)
        pos_o = end
    assert masked[pos_m:] == original[pos_o:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message)
def test_masked_text_rescans_clean_and_keeps_the_rest(text: str) -> None:
    g = guard()
    d = g.review(text, Context(stage="interview"))
    found = [f for f in g.scanner.scan(text).findings if f.kind in DETAIL_KINDS]
    assert found, "the generated message holds a plain detail that must be found"
    assert d.text is not None
    leftover = [f for f in g.scanner.scan(d.text).findings if f.kind in DETAIL_KINDS]
    assert leftover == [], (text, d.text, leftover)
    _check_outside_unchanged(text, d.text, [(m.start, m.end, m.placeholder) for m in d.masked])
    for m in d.masked:
        assert text[m.start : m.end] == m.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_masks_to_no_detail(text: str) -> None:
    g = guard()
    d = g.review(text, Context(stage="inquiry"))
    if d.text is None:  # held (a payment detail or a scam): nothing is delivered
        return
    assert [f for f in g.scanner.scan(d.text).findings if f.kind in DETAIL_KINDS] == []
    _check_outside_unchanged(text, d.text, [(m.start, m.end, m.placeholder) for m in d.masked])


@given(st.text(max_size=80), st.lists(st.tuples(st.integers(0, 80), st.integers(0, 20)), max_size=5))
def test_plan_stretches_are_disjoint_and_cover_the_spans(text: str, raw: list[tuple[int, int]]) -> None:
    spans = [Span(min(a, len(text)), min(a + n, len(text)), "phone") for a, n in raw]
    stretches = plan(text, spans)
    for a, b in itertools.pairwise(stretches):
        assert a.end < b.start
    for s in spans:
        if s.start < s.end:
            assert any(t.start <= s.start and s.end <= t.end for t in stretches)
