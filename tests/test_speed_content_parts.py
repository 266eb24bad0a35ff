"""``is_content_for_the_work`` searches the alternatives of ``_CONTENT_FOR_THE_WORK`` one by one,
each only when the text holds a word from every one of its word sets. The answer must be the plain
search's: each alternative's word sets are necessary (whenever it matches, every set meets the
text's words), and the alternatives joined are the pattern itself.
"""

from __future__ import annotations

import random
import re

from table_texts import chat_texts, table_texts
from test_hostile_filters import PIECES

from offplatform import filters
from offplatform.normalize import normalize
from offplatform.normalize.text import word_set

#: phrasings built to match each alternative (and near misses), beyond the tables
_MORE = [
    "please add my number to the website footer", "it will appear on the new flyer", "the salon's whatsapp is 0917",
    "their store official account", "our new shop hotline", "it's the company updates channel",
    "pages to manage: ig", "manage the client's 3 accounts", "comptes à gérer : instagram", "cuenta a gestionar",
    "contas para gerenciar", "konten, die du betreust", "brief for the html email signature",
    "für die e-mail-signatur", "pour le pied de page", "para la plantilla", "nel modelo", "im impressum",
    "use it as the sender e-mail", "the no-reply mailbox", "default address", "placeholder number is 555",
    "dummy text is", "on the poster mockup is", "in our mock-up shows", "reply-to: a@b.co", "in .env",
    "into the smtp", "on the shopify settings", "in wix configuration", "in the webflow emails",
    "emailsignatur für die signatur", "the clients' facebook", "the client’s page", "design of a new 2 col footer",
    "display it at the homepage", "print it for the business cards", "needs to be on the landing page",
]


def _texts() -> list[str]:
    rng = random.Random(11)
    out = table_texts() + _MORE + chat_texts(3000, seed=7)
    for _ in range(6000):
        out.append(" ".join(rng.choice(PIECES + _MORE) for _ in range(rng.randint(1, 6))))
    return [normalize(t).text for t in out]


def test_the_alternatives_joined_are_the_pattern() -> None:
    assert filters._CONTENT_FOR_THE_WORK.pattern == "|".join(s for s, _ in filters._CONTENT_ALTERNATIVES)
    changed = [i for i, ((p, _), (s, _)) in enumerate(zip(filters._CONTENT_PARTS, filters._CONTENT_ALTERNATIVES))
               if p.pattern != s]
    leads = (r"\b(?:the\s)?(?:client|", r"\b(?:that'?s |it'?s )?(?:the|our) ")
    # the two with their optional lead-in left out
    assert [filters._CONTENT_ALTERNATIVES[i][0].startswith(leads) for i in changed] == [True, True]


def test_each_part_matches_where_its_alternative_does() -> None:
    """A part without its alternative's optional lead-in finds a match in the same texts."""
    found = [0] * len(filters._CONTENT_PARTS)
    for text in _texts() + ["the client's ig", "that's our announcements channel", "it's the brand x channel",
                            "theclient's ig", "thats our public channel"]:
        for i, ((part, _), (source, _)) in enumerate(zip(filters._CONTENT_PARTS, filters._CONTENT_ALTERNATIVES)):
            hit = re.search(source, text) is not None
            assert (part.search(text) is not None) is hit, (i, text)
            found[i] += hit
    assert sum(found) > 300 and all(found), found


def test_each_alternatives_word_sets_are_necessary() -> None:
    hits = [0] * len(filters._CONTENT_PARTS)
    for text in _texts():
        words = word_set(text)
        for i, (pattern, needs) in enumerate(filters._CONTENT_PARTS):
            if pattern.search(text) is not None:
                hits[i] += 1
                for need in needs:
                    assert not need.isdisjoint(words), (i, text)
    assert all(hits), hits  # every alternative was exercised


def test_the_split_search_answers_as_the_plain_search() -> None:
    matched = 0
    for text in _texts():
        plain = filters._CONTENT_FOR_THE_WORK.search(text) is not None
        words = word_set(text)
        gated = (("'s" in text or "’s" in text or "s'" in text or not filters._WORK_PLACE_WORDS.isdisjoint(words))
                 and (not filters._CONTENT_NEEDS.isdisjoint(words) or "config" in text))
        filters.is_content_for_the_work.cache_clear()
        assert filters.is_content_for_the_work(text) is (gated and plain), text
        matched += plain
    assert matched > 300


def test_a_set_that_missed_a_word_would_be_caught() -> None:
    """The necessity check above can fail: without "homepage" among the places, "display it at the
    homepage" matches the first alternative while its place set misses."""
    pattern, (verbs, places) = filters._CONTENT_PARTS[0]
    text = "display it at the homepage"
    assert pattern.search(text) is not None
    assert places - {"homepage"} and (places - {"homepage"}).isdisjoint(word_set(text))
    assert re.search(r"\bhomepage\b", text)
