"""Words of other scripts keep their letters unless Latin evidence sits inside the same token:
punctuation that ends a token belongs to the sentence."""

from __future__ import annotations

import pytest

from offplatform import Scanner
from offplatform.normalize import normalize

SCANNER = Scanner()


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("пишите в телегу: @andrey_remont", "телегу:"),
        ("пишите на мыло: olga_perevod", "мыло:"),
        ("напишите мне в телеграм.", "телеграм."),
        ("о@", "о@"),
    ],
)
def test_a_token_ending_in_punctuation_keeps_its_script(text: str, kept: str) -> None:
    assert kept in normalize(text).text


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("write to jоhn@gmаil.com", "john@gmail.com"),
        ("gmаil.com: ok", "gmail.com:"),
        ("t.mе/nina", "t.me/nina"),
    ],
)
def test_look_alikes_inside_an_address_are_folded(text: str, folded: str) -> None:
    assert folded in normalize(text).text


def test_a_russian_app_name_before_a_colon_is_read() -> None:
    result = SCANNER.scan("пишите в телегу: @andrey_remont")
    assert result.offplatform
    assert any(f.text == "@andrey_remont" for f in result.findings)


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("WA aja: nol delapan satu tiga, lima dua dua, sembilan nol enam empat", "0 8 1 3, 5 2 2, 9 0 6 4"),
        ("add zalo mình: không chín không ba, năm năm năm, một bảy hai sáu", "0 9 0 3, 5 5 5, 1 7 2 6"),
        ("numaram sıfır beş otuz iki, beş yüz elli beş, kırk bir yirmi yedi", "0 5 32, 555, 41 27"),
        ("call five hundred fifty five, forty one twenty seven", "555, 41 27"),
    ],
)
def test_number_words_of_more_languages(text: str, digits: str) -> None:
    assert digits in normalize(text).text


@pytest.mark.parametrize(
    "text",
    [
        "mera number hai nau aath saat chhe paanch chaar teen do ek shunya",  # Hinglish "hai" is "is"
        "0917 555 1234 ba?",  # Tagalog "ba" is a particle
        "năm 2024 có vấn đề",  # Vietnamese "year"
        "không có vấn đề gì",  # Vietnamese "no"
        "the essay is five hundred words",
        "lima dua",  # two ambiguous words alone
    ],
)
def test_words_that_are_numbers_only_elsewhere_stay_words(text: str) -> None:
    out = normalize(text).text
    for word in ("hai", "ba", "năm", "không", "hundred", "lima"):
        if word in text.split():
            assert word in out, out


def test_a_hinglish_number_after_hai_keeps_its_reading() -> None:
    result = SCANNER.scan("mera number hai nau aath saat chhe paanch chaar teen do ek shunya")
    assert [f.value for f in result.findings if f.kind.value == "phone"] == ["+919876543210"]


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("мой номер: восемь девятьсот шестнадцать, сто двадцать три, сорок пять, шестьдесят семь",
         "8 916, 123, 45, 67"),
        ("mój numer: pięćset sześćdziesiąt, sto dwadzieścia trzy, czterysta pięćdziesiąt sześć", "560, 123, 456"),
        ("app me even op nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig", "0 6, 12, 34, 56, 78"),
        ("sıfır beş üç iki, yüz yirmi üç, kırk beş", "0 5 3 2, 123, 45"),
    ],
)
def test_hundreds_and_compounds(text: str, digits: str) -> None:
    assert digits in normalize(text).text


@pytest.mark.parametrize("text", ["ik heb een vraag over de twee logos", "sto lavorando al progetto"])
def test_dutch_polish_articles_and_words_stay(text: str) -> None:
    assert normalize(text).text == text.lower()
