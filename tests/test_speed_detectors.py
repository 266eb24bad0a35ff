"""The detail detectors' fast paths give exactly what the plain searches give.

Each detector tries cheap gates first (a per-message character shape and digit count, substring
and word-set tests) and returns an empty tuple when they all fail; some patterns are tried only
near the characters every match holds ("@" of an address, the first run of seven digits of a
phone number, the word a Zoom id follows); the phone region screen skips parsing where no reading
can be valid; findings and scan results are built through their slots. None of these may change a
finding, so every test here compares the fast path with the plain way (written out in the test
on purpose: what the code did before) on texts built from the pieces the gates look at: digits in
every spacing, Unicode digits, "$", "@", "-", payment words, wallets, IBANs, connectors...
"""

from __future__ import annotations

import random
import re

import pytest

from offplatform.config import ScanConfig
from offplatform.detect import email, handles, links, payment, phone
from offplatform.detect.base import finditer_around, has_alnum_run_14, text_shape
from offplatform.normalize import normalize
from offplatform.normalize.text import word_set

PIECES = [
    "0", "1", "2", "3", "7", "9", "00", "12", "555", "0917", "7700", "900", "123456", "4155552671", " ", "  ",
    "-", ".", ",", "(", ")", "+", "+44", "_", "/", ":", "x", "ext", "\t", "\n", "and then", "then", "y luego",
    "$", "$abc", "$5", "@", "@ana_b", "ok@ybl", "a@b", "#", "#ab12cd", "٣", "٤٥", "１２", "é", "ñ", "о", "€",
    "call me", "my number is", "the rest later", "first part", "price", "order #", "v1.2", "10:15", "1200x1080",
    "iban", "gb82 west 1234 5698 7654 32", "nl91abna0417164300", "NL91ABNA0417164300", "sort code", "acc",
    "account no", "a/c", "bank", "transfer", "paypal", "venmo", "pix", "chave pix", "m-pesa", "i'm", "cash app",
    "upi", "wise", "zelle", "send", "pay", "usdt", "wallet", "0x", "bc1", "BC1", "tb1", "T", "1Bv",
    "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW",
    "0x52908400098527886E0F7030069857D2E4169EE7", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "abcdefghijklm", "abcdefghijklmn", "ABCDEFGHIJKLMN", "123e4567-e89b-12d3-a456-426614174000",
    "123.456.789-09", "word", "hello", "the", "lorem", "bank transfer to acc 123456", "sort code 12-34-56",
    "konto nr 1234 567", "zoom meeting id 123 456 7890", "discord ana#1234", "live:ana.b",
]


def _random_texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.randint(1, 14)
        out.append("".join(rng.choice(PIECES) + rng.choice(["", "", " ", "  ", ", "]) for _ in range(k)))
    return out


TEXTS = _random_texts(1, 3000) + _random_texts(2, 3000)


def test_text_shape_counts_what_the_digit_class_matches() -> None:
    for text in TEXTS + ["", "١٢٣ 45", "no digits"]:
        shape, digits = text_shape(text)
        assert len(shape) == len(text)
        assert digits == len(re.findall(r"\d", text)), text
        assert (b"aa00" in shape) == (re.search(r"[a-z]{2}[0-9]{2}", text) is not None), text
        assert (b"$a" in shape) == (re.search(r"\$[a-z]", text) is not None), text


def test_alnum_run_gate_equals_the_regex() -> None:
    for text in TEXTS + ["a" * 13, "a" * 14, "é" + "a" * 13, "a" * 7 + "é" + "a" * 7]:
        assert has_alnum_run_14(text) == (re.search(r"[A-Za-z0-9]{14}", text) is not None), text


def _payment_reference(det: payment.PaymentDetector, nt) -> list:
    """The payment detector as it was before the gates: each family behind its plain test."""
    text, original = nt.text, nt.original
    out = []
    if "0x" in original or "bc1" in original or "BC1" in original or "tb1" in original or payment._B58_RUN.search(
        original
    ):
        out += det._wallets(nt)
    if payment._IBAN_GATE.search(text):
        out += det._ibans(nt)
    for w in payment._BANK_WORDS:
        if w in text:
            if re.search(r"\d", text):
                out += det._bank(nt)
            break
    if "$" in text:
        out += det._detect(nt, False, False, False, True, False, False)
    apps = payment._PAY_APP_WORDS.intersection(word_set(text))
    if apps and (apps != payment._M_ONLY or payment._APP_NAME_ANYWHERE.search(text)):
        out += det._app_handles(nt)
    if "@" in text:
        out += det._detect(nt, False, False, False, False, False, True)
    return out


def test_payment_gates_change_no_finding() -> None:
    det = payment.PaymentDetector(ScanConfig())
    found = 0
    for text in TEXTS:
        nt = normalize(text)
        expected = _payment_reference(det, nt)
        assert list(det.detect(nt)) == expected, text
        found += bool(expected)
    assert found > 100  # the texts do reach the patterns


def test_phone_gates_change_no_finding() -> None:
    det = phone.PhoneDetector(ScanConfig())
    found = 0
    for text in TEXTS:
        nt = normalize(text)
        # before the gates: only _QUICK, and candidates searched from the start of the text
        expected = list(det._detect(nt, 0)) if phone._QUICK.search(nt.text) else []
        assert list(det.detect(nt)) == expected, text
        found += bool(expected)
    assert found > 100


@pytest.mark.parametrize("text", ["call me on 00 (44) 7911 123456", "+  (415) 555 2671", "tel:07911123456",
                                  "ab 12 3 and then 4567 890", "x" * 50 + " 0 0 7911 123 456"])
def test_phone_candidates_from_the_first_seven_digits(text: str) -> None:
    t = normalize(text).text
    seven = phone._SEVEN_DIGITS.search(t)
    assert seven is not None
    pos = max(0, seven.start() - phone._MAX_LEAD)
    assert [m.span() for m in phone._CANDIDATE.finditer(t, pos)] == [m.span() for m in phone._CANDIDATE.finditer(t)]
    assert list(phone._CANDIDATE.finditer(t))  # a candidate is there to be found


def test_phone_shape_gates_match_their_text_patterns() -> None:
    for text in TEXTS:
        t = normalize(text).text
        if not t.isascii():
            continue
        shape = text_shape(t)[0]
        assert (phone._QUICK_SHAPE.search(shape) is None) == (phone._QUICK.search(t) is None), t
        seven = phone._SEVEN_DIGITS.search(t)
        if seven is not None:  # the shape gate finds it too, at the same start or before
            gate = phone._SEVEN_SHAPE.search(shape)
            assert gate is not None and gate.start() <= seven.start(), t


def _handles_reference(det: handles.HandleDetector, nt) -> list:
    words = word_set(nt.text)
    return list(det._detect(nt, words, not handles._APP_WORDS.isdisjoint(words)))


@pytest.mark.parametrize(
    ("module", "cls", "reference"),
    [
        pytest.param(email, "EmailDetector", lambda det, nt: list(det._detect(nt)), id="email"),
        pytest.param(links, "LinkDetector", lambda det, nt: list(det._detect(
            nt, "://" in nt.text, links._DOTTED.search(nt.text) is not None, links._URI_GATE.search(nt.text) is not None
        )), id="links"),
        pytest.param(handles, "HandleDetector", _handles_reference, id="handles"),
    ],
)
def test_gated_detectors_find_what_their_bodies_find(module, cls, reference) -> None:
    """``detect`` returns () only where the body (every pattern behind its own test) finds nothing."""
    det = getattr(module, cls)(ScanConfig())
    found = 0
    for text in TEXTS + LINK_AND_HANDLE_TEXTS:
        nt = normalize(text)
        expected = reference(det, nt)
        assert list(det.detect(nt)) == expected, text
        found += bool(expected)
    assert found > 50


LINK_PIECES = [
    "www.", "ana", ".com", ".js", "next.js", "http://", "https://", "t.me/", "wa.me/", "tg:", "tg://x", "skype:",
    "line://x", "whatsapp:", " ", ". ", "telegram", "@ana_b", "ig", "insta", "on", "my", "is", "everywhere", "all", "on all", "on every", "platform", "socials",
    "apps", "live:ana.b", "#1234", "ana#1234", "zoom", "meeting", "id", "123 456 7890", "gmail", "live", "outlook",
    "ana.b@gmail.com", "@", "name", "login", "username", ":", "10:15", "é", "1.2", "#ab12cd", "#١٢٣٤", "zoom id 123 456 789", "i'm ana_b on all apps", "find me as @ana on every platform", "i am x_1",
]


def _link_and_handle_texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(LINK_PIECES) + rng.choice(["", " ", " "]) for _ in range(rng.randint(1, 12)))
            for _ in range(n)]


LINK_AND_HANDLE_TEXTS = _link_and_handle_texts(3, 3000)


def test_discord_shape_gate_never_hides_a_tag() -> None:
    texts = TEXTS + LINK_AND_HANDLE_TEXTS + ["ana#1234", "a#1234", "ab#12345", "x.y_#0001 hi", "#1234ab", "é#1234"]
    gated = 0
    for text in texts:
        t = normalize(text).text
        if not t.isascii():
            continue
        tag = handles._DISCORD_TAG.search(t) is not None
        gate = handles._DISCORD_SHAPE.search(text_shape(t)[0]) is not None
        assert gate or not tag, t
        gated += tag
    assert gated > 20


def test_scan_result_built_by_its_slots_equals_the_dataclass() -> None:
    import dataclasses

    from offplatform.scanner import Scanner, ScanResult, _result

    for text in ["nothing here", "call me on 07911 123456 or mail ana@gmail.com"]:
        r = Scanner().scan(text)
        assert r == ScanResult(text=r.text, findings=r.findings, normalized=r.normalized)
        assert r.text == text and r.normalized.original == text
        assert type(_result(text, (), r.normalized)) is ScanResult
        with pytest.raises(dataclasses.FrozenInstanceError):
            r.text = "changed"  # type: ignore[misc]


def _phone_numbers_to_screen() -> list[str]:
    """Valid numbers of every configured region and type as people type them (national format,
    with the country code and no "+"), then random digit strings."""
    import phonenumbers

    out = []
    for region in ScanConfig().phone_regions:
        for kind in phonenumbers.PhoneNumberType.values():
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            national = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
            e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            out += [re.sub(r"\D", "", national), e164[1:]]
    rng = random.Random(4)

    def digits(n: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(n))

    # national prefixes rewritten by a transform rule: Argentina's "0 <area> 15 <number>" (a mobile
    # number, read as "9 <area> <number>") and Brazil's "0 <carrier> <area> <number>"
    for _ in range(40):
        out += ["011" + "15" + digits(8), "0341" + "15" + digits(7), "0" + rng.choice(["11", "221", "3541"]) + digits(8),
                "911" + digits(8), "1115" + digits(8), "0" + rng.choice(["12", "14", "15", "21", "31", "41"]) + "11"
                + "9" + digits(8), "90" + rng.choice(["15", "21", "99"]) + "21" + digits(8), "0" + "11" + "9" + digits(8)]
    out += ["".join(rng.choice("0123456789") for _ in range(rng.randint(7, 15))) for _ in range(150)]
    out += ["0" + "".join(rng.choice("0123456789") for _ in range(rng.randint(6, 12))) for _ in range(150)]
    return out


def test_region_screen_hides_no_valid_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """``may_be_valid_in`` skips the parse for regions where no reading can be valid: the readings
    must be those of parsing every region."""
    det = phone.PhoneDetector(ScanConfig())
    numbers = _phone_numbers_to_screen()
    screened = [det._validate_uncached(d, False) for d in numbers]
    monkeypatch.setattr(phone, "may_be_valid_in", lambda digits, region: True)
    assert [det._validate_uncached(d, False) for d in numbers] == screened
    assert sum(r is not None and r[1].startswith("phone.national") for r in screened) > 100
    for region in ("AR", "BR"):  # both transform-rule regions read some of the numbers
        assert any(r is not None and r[1] == f"phone.national.{region}" for r in screened), region


def test_phone_candidates_jump_from_seven_digits_to_seven_digits() -> None:
    texts = TEXTS + [" call 0917 842 1234, or 0917 842 1235 and (415) 555-2671 x12 " * 3]
    for text in texts:
        t = normalize(text).text
        first = phone._SEVEN_SHAPE.search(text_shape(t)[0]) if t.isascii() else phone._SEVEN_DIGITS.search(t)
        if first is None:
            assert not list(phone._CANDIDATE.finditer(t)), t
            continue
        pos = max(0, first.start() - phone._MAX_LEAD)
        assert [m.span() for m in phone._candidates(t, pos)] == [m.span() for m in phone._CANDIDATE.finditer(t)], t


def test_filter_fast_paths_equal_their_plain_forms() -> None:
    from offplatform import filters

    rng = random.Random(9)
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 35)))
        if rng.random() < 0.3:  # a run up or down, or a repeated digit
            first, step = rng.randint(0, 9), rng.choice([0, 1, 9, 2])
            digits = "".join(str((first + step * i) % 10) for i in range(rng.randint(1, 35)))
        steps = {(int(b) - int(a)) % 10 for a, b in zip(digits, digits[1:])}
        plain = len(digits) >= 6 and len(steps) == 1 and steps <= {0, 1, 9}
        assert filters._is_placeholder_digits(digits) is plain, digits
    for text in TEXTS + ["order №12 and n° 5", "ünïcode wörds 12", "a_b c-d"]:
        assert filters.words_of(text) == re.findall(r"\w+", text), text


def test_partial_cue_gate_words_start_every_phrase() -> None:
    # each phrase of the pattern starts with one of the gate's words (or "the " before "rest")
    body = phone._PARTIAL_CUE.pattern[len(r"\b(?:"):phone._PARTIAL_CUE.pattern.index(r")\b(?=")]
    phrases = re.split(r"\|(?![^(]*\))", body)
    firsts = {re.match(r"(?:\(\?:the \)\?)?(\w+)", p).group(1) for p in phrases}
    assert firsts == phone._PARTIAL_CUE_WORDS


def test_bank_word_test_names_every_bank_word() -> None:
    for word in payment._BANK_WORDS:
        assert payment._names_a_bank_word(f"x {word} y")
    assert not payment._names_a_bank_word("nothing of the kind here")


def test_new_finding_equals_the_dataclass_and_checks_the_same() -> None:
    import dataclasses
    import pickle

    from offplatform.finding import Finding, Kind, new_finding

    args = (Kind.PHONE, 11, 23, "07911 123456", "+447911123456", "phone.national.GB", 0.8)
    fast = new_finding(*args, category="c", explanation="why")
    plain = Finding(*args, category="c", explanation="why")
    assert fast == plain and repr(fast) == repr(plain) and fast.message is None
    assert fast.explanation == "why" and pickle.loads(pickle.dumps(fast)) == fast
    assert dataclasses.replace(fast, message=3) == plain.with_message(3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.start = 0  # type: ignore[misc]
    for bad in ((Kind.PHONE, 5, 4, "", "", "r", 0.5), (Kind.PHONE, -1, 4, "", "", "r", 0.5),
                (Kind.PHONE, 1, 4, "", "", "r", 1.5), (Kind.PHONE, 1, 4, "", "", "r", float("nan"))):
        with pytest.raises(ValueError) as fast_error:
            new_finding(*bad)
        with pytest.raises(ValueError) as plain_error:
            Finding(*bad)
        assert str(fast_error.value) == str(plain_error.value)


def test_language_regions_from_the_word_set_equal_the_dict_walk() -> None:
    by_word, stems = phone._language_lookup()
    texts = TEXTS + ["llámame al 612 345 678, mi número", "ruf mich an, meine nummer", "звони мне", "appelle-moi",
                     "chiama il cellulare", "liga pro meu celular", "uno due tre", "один два"]
    hinted = 0
    for text in texts:
        t = normalize(text).text
        words = word_set(t)
        regions: set[str] = set()
        for word in by_word:  # the plain walk: every word of the table
            if word in words:
                regions |= by_word[word]
        for stem, stem_regions in stems:
            if any(w.startswith(stem) for w in words):
                regions |= stem_regions
        assert phone._language_regions(t) == frozenset(regions), t
        hinted += bool(regions)
    assert hinted >= 6


def test_cue_test_by_words_equals_the_cue_pattern() -> None:
    pieces = ["call", "recall", "calls", "me", "on", "no.", "no", "nos", "llámame", "llama", "llam", "appelle-moi",
              "hit me", "hit", "m-pesa", "m pesa", "baat karo", "📞", "☎️", "tel:", "hotel:", "sms:", "callto:", "zap",
              "zapier", "número", "numero:", "звони", "позвоните", "ligue", "ligue-me", "chiamami", "wa", "wasabi",
              " ", ", ", "-", "_", "x", "5", "ruf", "ruft", "text", "texting", "é"]
    rng = random.Random(11)
    windows = ["".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 8)))
               for _ in range(4000)]
    windows += [normalize(t).text[i:i + 48] for t in TEXTS[:500] for i in (0, 20)]
    cued = 0
    for w in windows:
        expected = phone._CUE.search(w) is not None
        assert phone._has_cue(w) is expected, w
        cued += expected
    assert cued > 500


def test_ruled_out_asks_every_filter_in_order() -> None:
    import inspect

    called = re.findall(r"(is_\w+)\(text, start, end\)", inspect.getsource(phone._ruled_out))
    assert called == [f.__name__ for f in phone._FILTERS]
    for text in TEXTS[:1500]:
        t = normalize(text).text
        for m in phone._CANDIDATE.finditer(t):
            a, b = m.span()
            assert phone._ruled_out(t, a, b) == any(f(t, a, b) for f in phone._FILTERS)


def test_addresses_searched_around_each_at_equal_the_full_search() -> None:
    local = "a" * 65
    texts = TEXTS + LINK_AND_HANDLE_TEXTS + [
        f"{local}@gmail.com and x.y@z.io, me@gmail", f"x{local}@gmail.com", "a@b.co@c.de @@ x@y.org",
        " ".join(f"n{i}@mail{i}.com" for i in range(30)), "é" * 70 + "ana@gmail.com",
    ]
    found = 0
    for text in texts:
        t = normalize(text).text
        for pattern in (email._EMAIL, email._IMPLIED):
            expected = [m.span() for m in pattern.finditer(t)]
            assert [m.span() for m in email._around_ats(pattern, t)] == expected, t
            found += len(expected)
    assert found > 100


def test_upi_ids_searched_around_each_at_equal_the_full_search() -> None:
    name = "a" * 40
    texts = TEXTS + [f"{name}@ybl and x.y@paytm, me@upi", f"x{name}@ybl", "a@ybl@okaxis @@ bb@sbi.",
                     " ".join(f"n{i}@ybl" for i in range(30))]
    found = 0
    for text in texts:
        t = normalize(text).text
        expected = [m.span() for m in payment._UPI.finditer(t)]
        assert [m.span() for m in finditer_around(payment._UPI, t, "@", payment._UPI_REACH)] == expected, t
        found += len(expected)
    assert found > 50


def test_merge_of_one_finding_equals_the_general_merge() -> None:
    from offplatform.finding import Finding, Kind
    from offplatform.merge import merge_findings

    for kind in Kind:
        for start, end in ((3, 9), (4, 4)):
            f = Finding(kind=kind, start=start, end=end, text="x", value="x", rule="test", score=0.7)
            assert merge_findings([f]) == merge_findings(iter([f])), (kind, start, end)


def test_patterns_tried_at_their_words_equal_the_full_search() -> None:
    from offplatform.detect.base import finditer_at_words

    pieces = ["gmail", "gmailid", "email", "hotmail", "mail", "protonmail", "proton", "live", "yahoo", "_gmail",
              "égmail", "zoom", "zoomed", "meeting", "webinar", "id", "is", ":", "-", "=", "->", "→", "es", "number",
              "#", "ana.b1", "x_y", "abc", "123", "456", "7890", "123 456 7890", "12345678901", " ", "  ", ".", "@",
              "est", "acc", "handle", "no", "١٢٣"]
    rng = random.Random(13)
    texts = ["".join(rng.choice(pieces) + rng.choice(["", " ", " ", ": "]) for _ in range(rng.randint(1, 14)))
             for _ in range(4000)]
    texts += [normalize(t).text for t in TEXTS[:1000]] + ["zoom meeting id 123 456 7890 " * 100]  # long: one pass
    found = 0
    for t in texts:
        for pattern, words in ((handles._ZOOM_ID, handles._MEETING_WORDS), (email._NAMED, email._PROVIDER_WORDS)):
            expected = [m.span() for m in pattern.finditer(t)]
            assert [m.span() for m in finditer_at_words(pattern, t, words)] == expected, t
            found += len(expected)
    assert found > 300


def test_app_patterns_tried_at_app_words_equal_the_full_search() -> None:
    names = sorted(handles.APP_OF)
    rng = random.Random(17)
    pieces = names + ["my", "is", "on", "@ana_b", "ana.b1", ":", " ", "the", "gram", "whatsapp'e", "xtelegram",
                      "telegramx", "_ig", "ig_", "é", "in", "linked", "fb", "chat", "id", "-", "=", "add me"]
    texts = ["".join(rng.choice(pieces) + rng.choice(["", " ", " ", ": "]) for _ in range(rng.randint(1, 12)))
             for _ in range(4000)]
    texts += [normalize(t).text for t in TEXTS[:1000] + LINK_AND_HANDLE_TEXTS[:1000]]
    found = 0
    for t in texts:
        for pattern in (handles.APP_MENTION, handles._APP_THEN_HANDLE):
            expected = [m.span() for m in pattern.finditer(t)]
            assert [m.span() for m in handles._at_app_names(pattern, t)] == expected, t
            found += len(expected)
    assert found > 1000
