"""The word gate in front of ``is_content_for_the_work`` never hides a match of its pattern.

On a long noisy text the older gate (a possessive "'s" or a work-place word anywhere) passes by
chance and the pattern scans a megabyte; the key-word gate fails there. It must be a necessary
condition: whenever the pattern matches, one of its words is a whole word of the text.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from offplatform import filters
from offplatform.normalize import normalize
from offplatform.normalize.text import word_set

DATA = Path(__file__).parent / "data" / "phrasings.jsonl"
PHRASINGS = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
PIECES = [
    "add our whatsapp number to the website footer", "put it on the new landing page", "should appear on every flyer",
    "the client's instagram", "clients' telegram handle", "our brand handle", "the official account",
    "use x@y.com as the sender address", "set the reply-to", "no-reply e-mail", "in the mailchimp", "in .env",
    "on the shopify settings", "in the wix configuration", "on wordpress admin", "needs to be shown on the home page", "will go on the mock-up", "'s", "s'",
    "list", "print", "in", "on", "to", "the", "ig", "e-mail", " ", ".", "\n",
]


def _texts() -> list[str]:
    rng = random.Random(5)
    out = [normalize(t).text for t in PHRASINGS]
    for _ in range(3000):
        out.append(normalize(" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8)))).text)
    return out


def test_key_words_are_necessary_for_the_pattern() -> None:
    matched = 0
    for text in _texts():
        if filters._CONTENT_FOR_THE_WORK.search(text) is not None:
            matched += 1
            assert not filters._CONTENT_NEEDS.isdisjoint(word_set(text)) or "config" in text, text
    assert matched > 200


def test_gate_fails_on_noise_and_agrees_with_the_plain_search() -> None:
    rng = random.Random(1)
    noise = rng.randbytes(200_000).decode("utf-8", errors="replace")
    assert filters._CONTENT_NEEDS.isdisjoint(word_set(noise))  # the case the gate is for
    for tail in ("", " the client's ", " the client's instagram is @x", " add it to the website footer"):
        text = noise + tail
        assert filters.is_content_for_the_work(text) is (filters._CONTENT_FOR_THE_WORK.search(text) is not None)
    assert filters.is_content_for_the_work(noise + " add it to the website footer")


def test_span_filters_read_only_their_window() -> None:
    """``is_link_for_the_page`` and ``is_quoted_content`` test for their words and quote marks in
    the window before the span only (a whole-text test per finding made 3,000 findings in 1 MB cost
    0.5 s): the answers equal those of the whole-text tests on texts built to have the word or the
    quote mark outside the window."""
    import random

    from offplatform.filters import _LINK_FOR_THE_PAGE, QUOTED_CONTENT, is_link_for_the_page, is_quoted_content

    def link_reference(text: str, start: int) -> bool:
        return "link" in text and _LINK_FOR_THE_PAGE.search(text, max(0, start - 60), start) is not None

    def quoted_reference(text: str, start: int) -> bool:
        if "'" not in text and '"' not in text and "“" not in text and "‘" not in text:
            return False
        return QUOTED_CONTENT.search(text, max(0, start - 120), start) is not None

    rng = random.Random(7)
    pieces = ["link the Instagram icon to ", "link ", "the script says '", "caption: \"", "ok ", "'", "x" * 70,
              "instagram.com/acme ", "call 555 0100 ", "reads \u201c", " "]
    checked = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for start in range(0, len(text) + 1, 7):
            assert is_link_for_the_page(text, start) == link_reference(text, start), (text, start)
            assert is_quoted_content(text, start) == quoted_reference(text, start), (text, start)
            checked += 1
    assert checked > 10000
