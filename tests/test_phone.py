import pytest

from offplatform import Kind, ScanConfig, Scanner

from assertions import assert_found, assert_no_detail

SCANNER = Scanner()


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        pytest.param("call me on +44 20 7946 0958 tonight", "+44 20 7946 0958", "+442079460958", id="uk-intl"),
        pytest.param("my cell (415) 555-2671", "(415) 555-2671", "+14155552671", id="us-parens"),
        pytest.param("whatsapp 0803 555 1234 pls", "0803 555 1234", None, id="ng-local-with-app-cue"),
        pytest.param("num: 98201 44312", "98201 44312", "+919820144312", id="in-mobile-grouped"),
        pytest.param("+49 1523 7719048 whatsapp", "+49 1523 7719048", "+4915237719048", id="de-mobile"),
        pytest.param("0044 7911 123456 is my number", "0044 7911 123456", "+447911123456", id="00-prefix"),
        pytest.param("ring 07911.123.456", "07911.123.456", None, id="dots"),
        pytest.param("text me 0_7_9_1_1 1_2_3 4_5_6", "0_7_9_1_1 1_2_3 4_5_6", None, id="underscores"),
        pytest.param("phone: nine eight two zero one, four four three one two", "nine eight two zero one, four four three one two",
                     "+919820144312", id="number-words"),
        pytest.param("my number ＋４４ ７９１１ １２３４５６", "＋４４ ７９１１ １２３４５６", "+447911123456", id="fullwidth"),
        pytest.param("call: 0７911 12345６", "0７911 12345６", None, id="mixed-width"),
        pytest.param("tel:+14155552671", "+14155552671", "+14155552671", id="tel-uri"),
        pytest.param("mob 9820144312 whatsapp", "9820144312", "+919820144312", id="bare-ten-digits-with-cue"),
        pytest.param("call 0_8_0_3 then 555 1234", "0_8_0_3 then 555 1234", None, id="connector-with-cue"),
        pytest.param("my no. is 98.20.14.43.12", "98.20.14.43.12", None, id="dotted-pairs"),
        pytest.param("+1 604 555 0184 ext. 12 office", "+1 604 555 0184 ext. 12", None, id="extension"),
        pytest.param("call +44 7700 900123 after 6", "+44 7700 900123", "+447700900123", id="uk-fiction-range-with-cue"),
        pytest.param("call (415) 555-2671 x12 at the office", "(415) 555-2671 x12", "+14155552671", id="extension-x"),
        pytest.param("my cell 415.555.2671 after 5", "415.555.2671", "+14155552671", id="dotted-us"),
        pytest.param("ek +44 7911 123456", "+44 7911 123456", "+447911123456", id="hindi-word-before"),
        pytest.param("v +44 7911 123456", "+44 7911 123456", "+447911123456", id="letter-v-before"),
        pytest.param("+44 7911 123456  +1 415 555 2671", "+1 415 555 2671", "+14155552671", id="two-numbers-second"),
        pytest.param("+44 7911 123456  +1 415 555 2671", "+44 7911 123456", "+447911123456", id="two-numbers-first"),
        pytest.param("my digits are 07911 then 123 then 456", "07911 then 123 then 456", "+447911123456",
                     id="digits-cue-and-connectors"),
        # dictated in pairs, after "call me" in the writer's language
        pytest.param("appelez-moi au zéro six, trente-neuf, quatre-vingt-dix-huit, douze, zéro trois",
                     "zéro six, trente-neuf, quatre-vingt-dix-huit, douze, zéro trois", None, id="french-words"),
        pytest.param("ruf mich an: null eins sieben sechs, neununddreißig, zweiundvierzig, elf, achtzehn",
                     "null eins sieben sechs, neununddreißig, zweiundvierzig, elf, achtzehn", "+4917639421118",
                     id="german-words"),
        pytest.param("me liga: nove nove oito sete, quarenta e dois, dezoito, setenta e três",
                     "nove nove oito sete, quarenta e dois, dezoito, setenta e três", None, id="portuguese-words"),
        # the start of a mobile number now, the rest promised: a partial detail is still a detail
        pytest.param("the first part is 0917 842, you'll get the rest when you accept", "0917 842",
                     "partial:0917842", id="partial-rest-later"),
        pytest.param("first part: 0803 555, rest once you pay", "0803 555", "partial:0803555", id="partial-ng"),
        # a quote mark alone is no quotation of the work's text
        pytest.param("my number, as I said: '415 555 0199'", "415 555 0199", "+14155550199", id="own-number-in-quotes"),
        pytest.param("call me on 555 0192", "555 0192", None, id="short-landline-with-a-cue"),
        pytest.param("appelle au 06, puis 39, puis 98, et enfin 27 puis 50", "06, puis 39, puis 98, et enfin 27 puis 50",
                     None, id="pairs-joined-by-puis"),
        pytest.param("escríbeme al seis cuatro uno, cero ocho dos, siete siete tres",
                     "seis cuatro uno, cero ocho dos, siete siete tres", None, id="spanish-write-me"),
        # a test word inside an address's local part is no talk of test data (found by hypothesis)
        pytest.param(" +44 7400 123456 thx  aaa.qa@mailbox.com thx ", "+44 7400 123456", "+447400123456",
                     id="qa-in-an-address-is-no-test-talk"),
    ],
)
def test_phone_found(text: str, span: str, value: str | None) -> None:
    assert_found(SCANNER, text, Kind.PHONE, span, value)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Budget is $5,500 for both phases", id="price"),
        pytest.param("I can do it for 12,000 INR per month", id="price-currency-after"),
        pytest.param("Order #40417729315 arrived damaged", id="order-number"),
        pytest.param("The invoice total is 1,234,567.89 IDR", id="amount-with-currency-code-after"),
        pytest.param("Saldo: 12.345.678,90 pendente", id="amount-with-cents"),
        pytest.param("PO number 4500091123 must be on the invoice", id="po-number"),
        pytest.param("invoice 2024-000871 paid", id="invoice"),
        pytest.param("deadline 2025-03-15 10:30, then review", id="date-time"),
        pytest.param("Runs on Python 3.11.7 and Django 4.2.11", id="versions"),
        pytest.param("the server is 192.168.10.254 on port 8443", id="ip-address"),
        pytest.param("ping 192.168.1.1.1 fails, typo?", id="ip-mistyped"),
        pytest.param("bind to 2001:db8:2345:0425:2ca1::0567:5673:23b5", id="ipv6"),
        pytest.param("export at 3840 x 2160 and 1920x1080", id="resolution"),
        pytest.param("the manuscript is 85000 words, 320 pages", id="word-count"),
        pytest.param("tracking 1Z 999 AA1 01 2345 6784 (UPS)", id="ups-tracking"),
        pytest.param("For the CSV test data use (555) 010-0142 in each row", id="fictional-in-test-data"),
        pytest.param("ISBN 978-3-16-148410-0 on the back cover", id="isbn"),
        pytest.param("my employee ID in their system was 20190347", id="employee-id"),
        pytest.param("The build number is 20261124.3", id="build-number"),
        pytest.param("call the CTA colour rgb(255, 99, 71) or CMYK 0, 60, 100, 0 in print", id="colour-values"),
        pytest.param("The video should end with 'Call us today at 555-0100' in bold", id="quoted-in-a-script"),
        pytest.param("bug 4471 and PR 20231845 are merged", id="bug-and-pr-numbers"),
        pytest.param("the scores were 10, 20, 30, 40 and 50", id="list-of-numbers"),
        pytest.param("from 2019-2023 I worked in 3 agencies", id="year-range"),
        pytest.param("my phone died, I'll reply from the laptop", id="phone-mentioned"),
        pytest.param("I have two kids and three cats", id="number-words-in-prose"),
        pytest.param("we need one, two, three, four, five, six, seven samples", id="counting-in-words"),
        pytest.param("sessions at quarante-cinq, cinquante, soixante minutes", id="durations-in-french-words"),
        pytest.param("the footer needs our phone (+1 555 0100)", id="local-only-length-after-plus-one"),
        pytest.param("The meeting ID in the design mockup is just a placeholder: 123 456 789", id="placeholder-run"),
        pytest.param("Our revenue grew from 1,200,000 to 3,450,000 last year", id="thousands-grouped-by-commas"),
        pytest.param("add our WhatsApp number +44 20 7946 0000 to the website footer (it's the business line)",
                     id="number-for-the-website-footer"),
        pytest.param("555 0192 is the ticket", id="short-landline-reading-without-a-cue"),
        pytest.param("it's 4471 2290", id="eight-digits-without-a-cue"),
        pytest.param("it costs 10, then 20, then 30 dollars and then 40 more", id="amounts-joined-by-then"),
        pytest.param("chapters 12, puis 34, puis 56, et enfin 78", id="chapters-joined-by-puis"),
        pytest.param("QA sheet: the phone column holds +44 7400 123456 for every row", id="qa-talk-counting-run"),
    ],
)
def test_phone_not_found(text: str) -> None:
    assert_no_detail(SCANNER, text)


def test_regions_are_configurable() -> None:
    text = "call 0803 555 1234"
    assert Scanner(ScanConfig(phone_regions=("NG",))).scan(text).details
    assert not Scanner(ScanConfig(phone_regions=("US",))).scan(text).details


def _screen_samples() -> list[str]:
    import random

    import phonenumbers

    rnd = random.Random(7)
    regions = list(ScanConfig().phone_regions) + ["JP", "CN", "NL", "PL", "SA", "NZ", "IE", "SG", "MY", "KR"]
    samples: list[str] = []
    for region in regions:
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            national = "".join(c for c in phonenumbers.format_number(
                example, phonenumbers.PhoneNumberFormat.NATIONAL) if c.isdigit())
            e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)[1:]
            samples += [national, e164, national[:-1], national + "7"]
            for _ in range(4):
                digits = list(national)
                digits[rnd.randrange(len(digits))] = str(rnd.randrange(10))
                samples.append("".join(digits))
    for _ in range(300):
        n = rnd.randint(7, 14)
        samples.append("".join(str(rnd.randrange(10)) for _ in range(n)))
        samples.append("0" + "".join(str(rnd.randrange(10)) for _ in range(n - 1)))
    return list(dict.fromkeys(samples))


def test_region_screen_never_changes_a_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """``may_be_valid_in`` skips parsing for regions whose plan cannot fit the digits; the result
    must be exactly what parsing every configured region gives."""
    from offplatform.detect import phone

    detector = phone.PhoneDetector(ScanConfig())
    samples = _screen_samples()
    screened = [detector._validate_uncached(d, False) for d in samples]
    # the screen does screen: most random digit strings fit few of the 25 regions
    rejected = sum(not phone.may_be_valid_in(d, r) for d in samples for r in ScanConfig().phone_regions)
    assert rejected > len(samples) * 10
    monkeypatch.setattr(phone, "may_be_valid_in", lambda digits, region: True)
    plain = [detector._validate_uncached(d, False) for d in samples]
    assert screened == plain
    assert sum(r is not None for r in plain) > 50  # the sample holds many valid numbers


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("invoice 2024 001 paid, the rest of the payment later", id="invoice-rest-later"),
        pytest.param("the first part of order 0450 082 shipped, rest when we have stock", id="order-in-parts"),
        pytest.param("I scored 1234 567 points, the rest later", id="score-without-trunk-prefix"),
        pytest.param("0917 842 is our ticket, the first part of the fix is done", id="no-promise-of-the-rest"),
    ],
)
def test_partial_number_needs_a_mobile_start_and_a_promise(text: str) -> None:
    assert not [f for f in SCANNER.scan(text).findings if f.rule == "phone.partial"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("appelez-moi au zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit", "+33612345678",
                     id="french-words-read-as-french"),
        pytest.param("my number 0612345678", "+27612345678", id="no-language-hint-keeps-the-configured-order"),
        pytest.param("Handy: 0171 552 86 14 - just call", "+491715528614", id="german-word-handy"),
        pytest.param("llámame al 612 345 678", "+34612345678", id="spanish-call-me"),
    ],
)
def test_language_of_the_message_picks_among_valid_readings(text: str, value: str) -> None:
    """A number valid in several configured regions is read as a number of the country whose
    language the message is written in, before the configured order decides."""
    phones = [f for f in SCANNER.scan(text).findings if f.kind is Kind.PHONE]
    assert [f.value for f in phones] == [value]
