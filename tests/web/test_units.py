"""The web package's pure helpers: spelling correction, span segments, placeholder chips, charts."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from offplatform.web.charts import bar_chart
from offplatform.web.render import Piece, chips, duration, segments
from offplatform.web.search import Vocabulary, terms

STORED = [
    "Add me on WhatsApp so we can talk there",
    "whatsapp me, my number is below",
    "Send the payment by Western Union",
    "Can you share the brief?",
    "The telegram group has the files",
]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    v = Vocabulary()
    v.add(STORED, last_id=len(STORED))
    return v


@pytest.mark.parametrize("query, corrected", [
    pytest.param("watsap", "whatsapp", id="two-edits"),
    pytest.param("whatsap", "whatsapp", id="one-edit"),
    pytest.param("westrn union", "western union", id="first-word-only"),
    pytest.param("telegarm", "telegram", id="transposition"),
    pytest.param("whatsapp", "whatsapp", id="known-word-kept"),
    pytest.param("brief", "brief", id="known-word-kept-2"),
    pytest.param("zzzzqqqq", "zzzzqqqq", id="nothing-close-kept"),
    pytest.param("iban 1234", "iban 1234", id="numbers-and-unknowns-kept"),
    pytest.param("", "", id="empty"),
])
def test_corrections_come_from_the_stored_vocabulary(vocabulary, query, corrected):
    c = vocabulary.correct(query)
    assert c.corrected == corrected
    assert c.changed is (query != corrected)


def test_the_vocabulary_grows_incrementally():
    v = Vocabulary()
    v.add(["first message"], last_id=1)
    assert v.correct("mesage").corrected == "message"
    assert v.correct("skype").corrected == "skype"
    v.add(["add me on skype"], last_id=2)
    assert v.last_id == 2 and v.known("skype")
    assert v.correct("skipe").corrected == "skype"


def test_long_hostile_queries_stay_fast(vocabulary):
    start = time.process_time()
    vocabulary.correct(("a" * 30 + " ") * 8 + "x" * 5000)
    assert time.process_time() - start < 2.0


@pytest.mark.parametrize("query, expected", [
    pytest.param("WhatsApp  me", ["whatsapp", "me"], id="lowercased"),
    pytest.param("100% off_platform", ["100", "off_platform"], id="punctuation-dropped"),
    pytest.param(" ".join(["w"] * 20), ["w"] * 8, id="at-most-eight"),
    pytest.param("%_", ["_"], id="like-wildcards-are-terms-not-patterns"),
])
def test_terms(query, expected):
    assert terms(query) == expected


@pytest.mark.parametrize("text, spans, expected", [
    pytest.param("call 555 now", [(5, 8)], [("call ", ()), ("555", (0,)), (" now", ())], id="one"),
    pytest.param("abcdef", [(0, 4), (2, 6)], [("ab", (0,)), ("cd", (0, 1)), ("ef", (1,))], id="overlap"),
    pytest.param("abc", [], [("abc", ())], id="none"),
    pytest.param("abc", [(1, 1)], [("a", ()), ("bc", ())], id="empty-span"),
    pytest.param("abc", [(2, 99)], [("ab", ()), ("c", (0,))], id="clipped"),
])
def test_segments(text, spans, expected):
    out = segments(text, spans)
    assert [(s.text, s.marks) for s in out] == expected
    assert "".join(s.text for s in out) == text


@pytest.mark.parametrize("delivered, masked, expected", [
    pytest.param("Call me on [phone hidden] now", True,
                 [Piece("Call me on "), Piece("[phone hidden]", "phone"), Piece(" now")], id="chip"),
    pytest.param("[email hidden] or [phone hidden]", True,
                 [Piece("[email hidden]", "email"), Piece(" or "), Piece("[phone hidden]", "phone")], id="two"),
    pytest.param("I typed [phone hidden] myself", False, [Piece("I typed [phone hidden] myself")],
                 id="typed-placeholder-in-unmasked-message-stays-text"),
    pytest.param("[Phone hidden] [phone  hidden]", True, [Piece("[Phone hidden] [phone  hidden]")],
                 id="near-misses-stay-text"),
])
def test_chips(delivered, masked, expected):
    assert chips(delivered, "[{kind} hidden]", masked) == expected


@pytest.mark.parametrize("delta, text", [
    pytest.param(timedelta(seconds=5), "just now", id="seconds"),
    pytest.param(timedelta(minutes=7, seconds=30), "7 min", id="minutes"),
    pytest.param(timedelta(hours=5, minutes=12), "5 h 12 min", id="hours"),
    pytest.param(timedelta(days=3, hours=4, minutes=1), "3 d 4 h", id="days"),
    pytest.param(None, "-", id="none"),
])
def test_duration(delta, text):
    assert duration(delta) == text


def test_bar_chart_stacks_and_scales():
    chart = bar_chart("t", ["a", "b"], {"x": [1, 3], "y": [1, 0]}, height=236)
    bars = {b.title: b for b in chart.bars}
    assert set(bars) == {"a - x: 1", "a - y: 1", "b - x: 3"}  # zero values draw nothing
    plot_h = 236 - 10 - 36
    assert chart.ticks[-1].label == "5"  # 4 rounded up to a nice maximum
    assert bars["b - x: 3"].height == pytest.approx(3 / 5 * plot_h, abs=0.01)
    # stacked: y sits on top of x in the same column
    assert bars["a - y: 1"].y + bars["a - y: 1"].height == pytest.approx(bars["a - x: 1"].y, abs=0.01)
    assert not chart.empty
    assert bar_chart("t", ["a"], {"x": [0]}).empty


def test_install_twice_mounts_once(web):
    from offplatform.web import install

    app, _ = web
    before = len(app.router.routes)
    install(app, app.state.web.settings)
    assert len(app.router.routes) == before


@pytest.mark.parametrize("text, words, expected", [
    pytest.param("Add me on WhatsApp", ["whatsapp"], [(10, 18)], id="case-insensitive"),
    pytest.param("aa aa", ["aa"], [(0, 2), (3, 5)], id="every-occurrence"),
    pytest.param("nothing here", ["zzz"], [], id="absent"),
    pytest.param("\u0130stanbul whatsapp", ["whatsapp"], [], id="length-changing-lowercase-skipped"),
])
def test_term_spans(text, words, expected):
    from offplatform.web.render import term_spans

    assert term_spans(text, words) == expected


def test_stage_banner_follows_the_policy_not_a_fixed_text() -> None:
    """The banner says what the running policy allows: with channels opening at the funded stage
    an accepted contract still hides contact details."""
    import dataclasses

    from offplatform.policy import load_policy
    from offplatform.policy.model import Stage
    from offplatform.web.inbox import stage_banner

    default = load_policy()
    assert stage_banner(default, Stage.INTERVIEW).startswith(
        "Contact details are hidden: they may be shared once a contract is accepted")
    assert "You may share contact details" in stage_banner(default, Stage.CONTRACT)
    funded_first = dataclasses.replace(default, channels_open_at=Stage.FUNDED, version="")
    assert "hidden: they may be shared once the contract's escrow is funded" in stage_banner(funded_first, Stage.CONTRACT)
    assert "You may share contact details" in stage_banner(funded_first, Stage.FUNDED)
    assert "new contract" in stage_banner(funded_first, Stage.CLOSED)
