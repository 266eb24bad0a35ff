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
