import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offplatform import normalize


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        pytest.param("Call ME", "call me", id="lowercase"),
        pytest.param("ＡＢＣ １２３", "abc 123", id="fullwidth"),
        pytest.param("⑨⓪⓪ ➑➊", "900 81", id="circled-and-dingbat-digits"),
        pytest.param("𝟗𝟗𝟎 𝟒", "990 4", id="math-bold-digits"),
        pytest.param("⁺⁴⁴ ⁷⁷⁰⁰", "+44 7700", id="superscript"),
        pytest.param("+९१ ९६६", "+91 966", id="devanagari-digits"),
        pytest.param("+٩٧١ ٥٠", "+971 50", id="arabic-indic-digits"),
        pytest.param("7️⃣1️⃣8️⃣", "718", id="emoji-keycaps"),
        pytest.param("wh\u200bats\u200dapp", "whatsapp", id="zero-width"),
        pytest.param("tele\u00adgram", "telegram", id="soft-hyphen"),
        pytest.param("jоhn@gmаil.cоm", "john@gmail.com", id="cyrillic-lookalikes-in-latin-word"),
        pytest.param("Тelegrаm", "telegram", id="cyrillic-capital-lookalike"),
        pytest.param("собака", "собака", id="pure-cyrillic-word-kept"),
        pytest.param("five five five, oh one", "5 5 5, 0 1", id="english-number-words-oh"),
        pytest.param("double seven triple two 9", "77 222 9", id="double-triple"),
        pytest.param("seis uno dos cuatro", "6 1 2 4", id="spanish"),
        pytest.param("nau saat do ek", "9 7 2 1", id="hinglish"),
        pytest.param("zwei drei vier", "2 3 4", id="german"),
        pytest.param("девять восемь семь", "9 8 7", id="russian"),
        pytest.param("twenty three forty", "23 40", id="tens"),
        pytest.param("nine1-two04", "91-204", id="words-glued-to-digits"),
        pytest.param("O8O3 4l2", "0803 412", id="letters-for-digits"),
        pytest.param("ana (at) hotmail (dot) com", "ana@hotmail.com", id="bracketed-at-dot"),
        pytest.param("ana [at] hotmail [dot] com", "ana@hotmail.com", id="square-brackets"),
        pytest.param("ana at gmail dot com", "ana@gmail.com", id="bare-at-dot"),
        pytest.param("ana arroba gmail punto com", "ana@gmail.com", id="spanish-arroba"),
        pytest.param("ana d0t b at yahoo", "ana.b@yahoo", id="leet-dot"),
        pytest.param("first underscore last", "first_last", id="underscore"),
        pytest.param("g m a i l", "gmail", id="spaced-letters"),
        pytest.param("w.h.a.t.s.a.p.p", "whatsapp", id="dotted-letters"),
        pytest.param("g mail and whats app", "gmail and whatsapp", id="split-names"),
        pytest.param("hmu on dis cord", "hmu on discord", id="split-discord"),
        pytest.param("telegr@m, sk¥pe, wh@tsapp", "telegram, skype, whatsapp", id="leetspeak-names"),
        pytest.param("sara . lee @ g mail . com", "sara.lee@gmail.com", id="spaced-dots-and-at"),
        pytest.param("s a r a . l e e @ y a h o o . c o m", "sara.lee@yahoo.com", id="spaced-letters-address"),
        pytest.param("sara at icloud (dot com)", "sara@icloud.com", id="bracketed-dot-tld"),
        pytest.param("sara ⓐ gmail • com", "sara@gmail.com", id="circled-at-bullet-dot"),
        pytest.param("plus four four, seven nine one one", "+ 4 4, 7 9 1 1", id="plus-as-country-prefix"),
        # numbers dictated in pairs: teens, tens and their joins in each language
        pytest.param("zéro six, trente-neuf, quatre-vingt-dix-huit, douze", "0 6, 39, 98, 12", id="french-pairs"),
        pytest.param("soixante-dix, quatre-vingts, soixante et onze, vingt et un", "70, 80, 71, 21", id="french-70-80"),
        pytest.param("cuarenta y cinco, treinta y dos, diecisiete", "45, 32, 17", id="spanish-y"),
        pytest.param("quarenta e dois, dezoito, setenta e três", "42, 18, 73", id="portuguese-e"),
        pytest.param("trentanove, ventotto, sessantuno, dodici", "39, 28, 61, 12", id="italian-compounds"),
        pytest.param("neununddreißig, zweiundvierzig, elf", "39, 42, 11", id="german-compounds"),
        pytest.param("двадцать пять, сорок три, ноль семь", "25, 43, 0 7", id="russian-tens"),
        # hard negatives: ordinary words stay as they are
        pytest.param("2 plus 2 plus 3", "2 plus 2 plus 3", id="neg-arithmetic-plus"),
        pytest.param("text me at 633.247.0913", "text me at 633.247.0913", id="neg-at-before-dotted-number"),
        pytest.param("my work at www.ana.design", "my work at www.ana.design", id="neg-at-before-www"),
        pytest.param("ek minute 5", "ek minute 5", id="neg-hindi-ek"),
        pytest.param("meet at 5pm", "meet at 5pm", id="neg-meet-at"),
        pytest.param("do one thing", "do one thing", id="neg-ambiguous-number-words"),
        pytest.param("two 3-bedroom flats", "two 3-bedroom flats", id="neg-single-word-beside-digit"),
        pytest.param("someone done it", "someone done it", id="neg-number-word-inside-word"),
        pytest.param("is it ok. de rien", "is it ok. de rien", id="neg-dot-before-tld-like-word"),
        pytest.param("once the milestone is approved", "once the milestone is approved", id="neg-spanish-once"),
        pytest.param("could we chat on discord", "could we chat on discord", id="neg-we-chat-is-two-words"),
        pytest.param("I linked in the file", "i linked in the file", id="neg-linked-in-is-two-words"),
        pytest.param("add me on we-chat", "add me on wechat", id="we-chat-with-a-hyphen"),
        pytest.param("llama a la puerta a las doce y media", "llama a la puerta a las doce y media", id="neg-doce-y-media"),
        pytest.param("I worked there twenty years and twelve months", "i worked there twenty years and twelve months",
                     id="neg-tens-then-ordinary-words"),
    ],
)
def test_normalized_text(original: str, expected: str) -> None:
    assert normalize(original).text == expected


@pytest.mark.parametrize(
    ("original", "needle", "expected_original"),
    [
        ("mail: ana (at) hotmail (dot) com!", "ana@hotmail.com", "ana (at) hotmail (dot) com"),
        ("call 5️⃣5️⃣5️⃣ now", "555", "5️⃣5️⃣5️⃣"),
        ("x wh\u200dats\u200dapp y", "whatsapp", "wh\u200dats\u200dapp"),
        ("n: nine 7 three", "9 7 3", "nine 7 three"),
        ("ok jоhn@gmаil.cоm", "john@gmail.com", "jоhn@gmаil.cоm"),
        ("ﬁle ①②", "12", "①②"),
    ],
)
def test_spans_map_back_to_original(original: str, needle: str, expected_original: str) -> None:
    nt = normalize(original)
    i = nt.text.index(needle)
    assert nt.original_text(i, i + len(needle)) == expected_original


def test_ascii_text_keeps_identity_map() -> None:
    nt = normalize("Plain ASCII text with nothing to rewrite")
    assert nt.starts is None and nt.to_original(3, 9) == (3, 9)


_tokens = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from(list("0123456789 @.()[]-_+") + ["at", "dot", "five", "oh", "\u200b", "️⃣", "о", "⑨", " at ", " dot "]),
)
_texts = st.lists(_tokens, max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_offset_map_stays_inside_original(original: str) -> None:
    nt = normalize(original)
    n = len(nt.text)
    for a in range(n + 1):
        for b in (a, min(n, a + 1), n):
            if b < a:
                continue
            s, e = nt.to_original(a, b)
            assert 0 <= s <= e <= len(original)
    if nt.starts is not None:
        assert len(nt.starts) == len(nt.ends) == n
        assert all(x <= y for x, y in zip(nt.starts, nt.starts[1:]))


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_normalize_is_idempotent_on_digits(original: str) -> None:
    # every digit of any script in the original comes out as an ASCII digit
    folded = normalize(original).text
    assert all(c.isascii() for c in folded if unicodedata.category(c) == "Nd")
