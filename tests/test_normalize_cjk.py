"""Blanks inside CJK text (normalize/cjk.py): where they go, and that every span still maps back."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offplatform.normalize import normalize
from offplatform.normalize.chars import fold_chars
from offplatform.normalize.cjk import segment_cjk
from offplatform.scanner import Scanner


@pytest.mark.parametrize(("text", "normalized"), [
    ("LINEのIDはsakura_piano_77です", "line の id は sakura_piano_77 です"),
    ("加我微信：chen_design2024，平台里聊天", "加我 微信:chen_design2024,平台 里聊天"),
    ("请把收到的验证码发给我们", "请把收到的 验证码 发给 我们"),
    ("카톡 아이디 jiwoo_ph0to 로", "카톡 아이디 jiwoo_ph0to 로"),  # Korean has its blanks already
    ("no cjk here: call 555", "no cjk here: call 555"),
])
def test_blanks_go_at_script_edges_and_around_known_words(text: str, normalized: str) -> None:
    assert normalize(text).text == normalized


@pytest.mark.parametrize("text", [
    "LINEのIDはsakura_piano_77です。そちらで", "ａｂ加我微信①②x验证码", "加我微信：chen_design2024，平台",
    "手数料がもったいないので銀行振込で", "x\u200b加我\u200b微信y",
])
def test_every_word_maps_back_to_what_was_typed(text: str) -> None:
    nt = normalize(text)
    for m in re.finditer(r"\S+", nt.text):
        a, b = nt.to_original(*m.span())
        assert 0 <= a < b <= len(text)
        assert fold_chars(text[a:b]).text == m.group()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("加我微信验证码发给平台のはライン카톡abcxyz019 :：_@.")), max_size=60))
def test_spans_stay_inside_and_in_order(text: str) -> None:
    nt = segment_cjk(fold_chars(text))
    starts, ends = nt.starts, nt.ends
    if starts is None:
        assert nt.text == fold_chars(text).text
        return
    assert len(starts) == len(ends) == len(nt.text)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends))
    assert starts == sorted(starts)
    assert nt.text.replace(" ", "") == fold_chars(text).text.replace(" ", "")


def test_ascii_text_is_left_alone() -> None:
    folded = fold_chars("call me at 555 0100")
    assert segment_cjk(folded) is folded


@pytest.mark.parametrize(("text", "kind"), [
    ("加我微信：chen_design2024，平台里聊天太不方便了", "messaging"),
    ("LINEのIDはsakura_piano_77です。そちらで日程を決めましょう。", "messaging"),
    ("我们是平台客服，请把收到的验证码发给我们进行解冻。", "scam"),
])
def test_cjk_details_and_scams_are_found(text: str, kind: str) -> None:
    assert kind in {f.kind.value for f in Scanner().scan(text).findings}


@pytest.mark.parametrize("text", [
    "请把logo做成PNG格式，尺寸1200x800", "LINEのボタンをサイトに追加してください", "微信小程序开发，预算5000元",
    "验证码功能需要在登录页实现，六位数字",
])
def test_cjk_job_talk_is_not_flagged(text: str) -> None:
    result = Scanner().scan(text)
    assert not result.offplatform and not result.scam, result.findings
