"""Blanks where scripts written without them meet other text or name a known word.

Chinese and Japanese put no blank between words, and chat glues Latin names and handles onto them
("LINEのIDはsakura_piano_77です", "加我微信：chen_design2024"): every word-based test (``\\b``, the
word set, the anchor pass) then sees one long word. :func:`segment_cjk` adds a blank

- where a CJK character (Han, kana, Hangul) meets a Latin letter or a digit, either way round;
- before and after a word of :data:`CJK_WORDS` (app names, contact and credential words) standing
  inside a run of CJK characters.

Each added blank maps to the original character it was inserted before, so every span still
points into the text the user typed. A text without CJK characters is returned as it is.
"""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import trie_regex
from .text import NormalizedText

_CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK_CLASS}]")

#: Words worth reading on their own inside a CJK run: chat apps, contact, payment and credential
#: words (Chinese, Japanese, Korean), as the traffic writes them.
CJK_WORDS: tuple[str, ...] = (
    # apps
    "微信", "微信号", "威信", "钉钉", "qq号", "ライン", "カカオトーク", "카톡", "카카오톡", "라인", "텔레그램", "왓츠앱",
    "テレグラム", "ワッツアップ", "电报", "飞机",
    # contact
    "电话", "電話", "手机", "手機", "手机号", "电话号码", "邮箱", "郵箱", "邮件", "メール", "メアド", "携帯", "番号", "연락처",
    "전화번호", "이메일",
    # credentials and codes
    "验证码", "驗證碼", "认证码", "密码", "密碼", "認証コード", "確認コード", "認証番号", "パスワード", "인증번호", "비밀번호",
    # asking for one: "发给我们", "教えてください"
    "发给", "發給", "告诉", "告訴", "发送", "教えて", "送って", "加我",
    # money and the platform
    "银行卡", "银行", "銀行", "支付宝", "转账", "轉帳", "振込", "銀行振込", "口座", "手续费", "手数料", "平台", "平台外",
    "プラットフォーム", "수수료",
)

_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
_LATIN_OR_DIGIT = re.compile("[a-z0-9]")


@cache
def _known_words() -> re.Pattern[str]:
    return re.compile(trie_regex(sorted(CJK_WORDS, key=len, reverse=True)))


def _cuts(text: str) -> list[int]:
    """The places a blank goes, run by run of CJK characters: an end of the run that touches a
    Latin letter or a digit (folded text: lower case, ASCII digits), and the edges of a known word
    inside the run."""
    cuts: list[int] = []
    known = _known_words()
    n = len(text)
    for run in _CJK_RUN.finditer(text):
        a, b = run.span()
        if a > 0 and _LATIN_OR_DIGIT.match(text, a - 1):
            cuts.append(a)
        if b - a > 1:
            for m in known.finditer(text, a, b):
                if m.start() > a:
                    cuts.append(m.start())
                if m.end() < b:
                    cuts.append(m.end())
        if b < n and _LATIN_OR_DIGIT.match(text, b):
            cuts.append(b)
    return sorted(set(cuts))


def segment_cjk(nt: NormalizedText) -> NormalizedText:
    """``nt`` with blanks added inside CJK text (see the module docstring); ``nt`` itself when its
    text holds no CJK character."""
    text = nt.text
    if text.isascii() or _HAS_CJK.search(text) is None:
        return nt
    cuts = _cuts(text)
    if not cuts:
        return nt
    bounds = [0, *cuts, len(text)]
    new_text = " ".join(text[a:b] for a, b in zip(bounds, bounds[1:]))
    # every output character maps where the character of ``text`` it copies maps; an added blank
    # maps where the character it was put before maps (whole slices of the map: C-level copies)
    src_starts = nt.starts if nt.starts is not None else range(len(text))
    src_ends = nt.ends if nt.ends is not None else range(1, len(text) + 1)
    starts: list[int] = list(src_starts[:cuts[0]])
    ends: list[int] = list(src_ends[:cuts[0]])
    for a, b in zip(bounds[1:], bounds[2:]):
        starts.append(src_starts[a])
        ends.append(src_ends[a])
        starts += src_starts[a:b]
        ends += src_ends[a:b]
    return NormalizedText(nt.original, new_text, starts, ends)
