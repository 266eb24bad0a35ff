"""Payment patterns written to open with a set of first characters (``base.at_word_start``, the
IBAN's look-behind after its first letter) give the matches of the patterns as first written."""

from __future__ import annotations

import random
import re

import pytest

from offplatform.detect import payment
from offplatform.detect.base import at_word_start

_PLAIN = {
    "_IBAN": re.compile(
        r"(?<![a-z0-9])[a-z]{2}\d{2}(?:[a-z0-9]{11,30}|(?:[ \-][a-z0-9]{4}){2,7}(?:[ \-][a-z0-9]{1,4})?)(?![a-z0-9])"
    ),
    "_BANK_ACCOUNT": re.compile(
        r"\b(?:account|acct|acc|a/c|rekening|cuenta|conta|konto|compte|счет|счёт|norek|no\.? rek)"
        r"(?:[ \t]{0,2}(?:no|number|num|nr|#|n°|nº|numero|número))?\.?[ \t:\-]{0,3}"
        r"(?:(?:bca|bni|bri|mandiri|hdfc|icici|sbi|gtb|uba|access|zenith|chase|boa)[ \t]{1,2})?"
        r"(?P<acct>\d(?:[ \-]?\d){5,19})(?![\d\-])"
    ),
    "_APP_HANDLE": re.compile(
        r"\b(?P<app>venmo|paypal|zelle|payoneer|revolut|skrill|gcash|paytm|phonepe|gpay|mpesa|m-pesa|pix|"
        r"chave pix|cash ?app|wise|upi)(?:[ \t]{0,2}(?:id|key|chave|handle|account|acct|tag|is|me|@))?[ \t:=\-]{0,3}"
        r"(?P<handle>@[a-z0-9][a-z0-9_\-.]{2,30}|\$[a-z][a-z0-9_]{2,19}"
        r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        r"|\d{3}\.\d{3}\.\d{3}-\d{2}|[a-z0-9._\-]{2,40}@(?:ok|ybl|paytm|upi|apl|ibl|axl|sbi|icici|hdfc|okaxis|oksbi|"
        r"okhdfcbank|okicici)\b)"
    ),
}
PIECES = [
    "gb82", "west", "1234", "5698", "7654", "32", "nl91abna0417164300", "de89370400440532013000", "x", "a", "1", " ",
    " ", "-", ".", ":", "#", "acc", "account no", "a/c", "no. rek", "norek", "счёт", "konto nr", "123456", "12 34 56",
    "bca ", "venmo", "paypal", "m-pesa", "cash app", "cashapp", "upi", "@ana_b", "$ana", "ok@ybl", "chave pix",
    "123.456.789-09", "123e4567-e89b-12d3-a456-426614174000", "_", "é", "\n", "xvenmo", "2venmo",
]


def _texts() -> list[str]:
    rng = random.Random(9)
    return ["".join(rng.choice(PIECES) + rng.choice(["", "", " "]) for _ in range(rng.randint(1, 10)))
            for _ in range(30000)]


@pytest.mark.parametrize("name", sorted(_PLAIN))
def test_first_character_form_gives_the_plain_matches(name: str) -> None:
    fast, plain = getattr(payment, name), _PLAIN[name]
    matched = 0
    for text in _texts():
        expected = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == expected, text
        matched += len(expected)
    assert matched > 300


def test_at_word_start_wants_a_word_character_first() -> None:
    assert re.fullmatch(at_word_start("ab", "cd"), "cd")
    assert re.search(at_word_start("ab"), "xab") is None
    assert re.search(at_word_start("ab"), "x ab").start() == 2
    with pytest.raises(ValueError):
        at_word_start("#tag")
