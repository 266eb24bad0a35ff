import pytest

from offplatform import ConversationScanner, Kind, Scanner

SCANNER = ConversationScanner(Scanner())


@pytest.mark.parametrize(
    ("messages", "kind", "leak_in"),
    [
        pytest.param(["my cell is", "0803", "555", "1234"], Kind.PHONE, [1, 2, 3], id="phone-in-three-pieces"),
        pytest.param(["call me on +44 20", "7946 0958"], Kind.PHONE, [0, 1], id="phone-in-two-pieces"),
        pytest.param(["write me", "tom.baker", "at", "yahoo.", "com"], Kind.EMAIL, [1, 2, 3, 4], id="email-in-pieces"),
        pytest.param(["t.me/", "nina_edits"], Kind.MESSAGING, [0, 1], id="link-glued"),
        pytest.param(["add me on discord", "pixel", "_nina"], Kind.MESSAGING, [1, 2], id="handle-glued"),
        pytest.param(["book here calendly.com", "/nina-k", "/15min"], Kind.MEETING, [0, 1, 2], id="meeting-link-glued"),
        # a payment route in a fragment of its own: one thought over three short messages
        pytest.param(["I'll pay the deposit", "on Wise", "send your details"], Kind.SCAM, [1, 2], id="route-in-fragments"),
    ],
)
def test_split_details_are_found_per_message(messages: list[str], kind: Kind, leak_in: list[int]) -> None:
    result = SCANNER.scan_conversation(messages)
    assert result.offplatform
    got = sorted({f.message for f in result.findings if f.kind == kind})
    assert got == leak_in, result.to_dict()
    for f in result.findings:
        assert messages[f.message][f.start:f.end] == f.text


@pytest.mark.parametrize(
    "messages",
    [
        pytest.param(["budget is 500 USD", "delivery 15/03", "Node 18 and React 18.2"], id="numbers-in-several-messages"),
        pytest.param(["Order 112-7734021", "-5582014 is the damaged one"], id="order-number-split"),
        pytest.param(["server is 10.0.0.12", "port 8080", "and 443 for nginx"], id="devops"),
        pytest.param(["invoice INV-2024-00871", "amount $1,250.00, due 2025-03-31"], id="invoice"),
        pytest.param(["we need 3 logos", "at 150 each", "by the 12th", "thanks"], id="prices-and-dates"),
        pytest.param(["I use the telegram bot api", "v2_final", "ok"], id="job-topic-then-token"),
        pytest.param(["the csv has (212) 555-0101 in row 2", "and (312) 555-0148 in row 3, both fake"], id="test-data"),
        # a split phone's pieces are each something else in their own message
        pytest.param(["I'll be available from 09:00 to 18:00 (GMT+2)", "€1.200,50 incl. VAT? or is that net"],
                     id="time-zone-then-price"),
        pytest.param(["mpesa integration: use the Daraja API sandbox shortcode 174379",
                      "five five five is the placeholder we use in the mockups", "call me if stuck"],
                     id="shortcode-then-placeholder"),
        # a request completed across messages, with a piece that is a story, job talk or quoted copy
        pytest.param(["my contract ID is 38471920, support asked me to share it here with you",
                      "The platform's SMS code didn't arrive so I switched to the authenticator app."], id="told-piece"),
        pytest.param(["the login page should say 'Enter the 6-digit code we sent to your phone'",
                      "I'll send you a check-in message every Friday"], id="quoted-copy-piece"),
        pytest.param(["please share your screen in the platform call",
                      "I'll send the payment for the next milestone through escrow tomorrow"], id="escrow-piece"),
        # team-chat mentions and the brand's own handle, with apps named elsewhere
        pytest.param(["we moved the team from WhatsApp to Slack", "@channel please review the new logo in Figma"],
                     id="broadcast-mention"),
        pytest.param(["the hashtag #hiring should be in the post",
                      "add our WhatsApp number +44 20 7946 0000 to the website footer (it's the business line)"],
                     id="ask-across-long-messages"),
        pytest.param(["room code for the workshop: 48213", "five five five is the placeholder we use in the mockups"],
                     id="code-then-placeholder"),
        pytest.param(["Le code source est sur GitHub, je t'envoie l'accès ici",
                      "the login page should say 'Enter the 6-digit code we sent to your phone'"], id="quoted-copy-at-the-end"),
        pytest.param(["Our accountant handles the wire transfers, I only need the invoice",
                      "Please don't cancel the contract, I'll fix the bug today"], id="negated-piece"),
        pytest.param(["what's the best phone number for the print shop?", "Our API returns prices like 1,299.99 and 12.50"],
                     id="price-list-after-a-phone-word"),
        pytest.param(["what's the best number to reach the print shop?", "Use rgb(255, 99, 71) for the CTA"],
                     id="colour-after-a-phone-word"),
        pytest.param(["the launch posts go on Instagram and TikTok", "Our brand handle will be @acme_official once we launch"],
                     id="brand-handle"),
    ],
)
def test_innocent_conversations_stay_clean(messages: list[str]) -> None:
    result = SCANNER.scan_conversation(messages)
    assert not result.offplatform and not result.findings, result.to_dict()


def test_single_message_findings_keep_their_index() -> None:
    result = SCANNER.scan_conversation(["hello", "mail me: nina@fastmail.com"])
    assert [(f.message, f.kind) for f in result.findings if f.is_detail] == [(1, Kind.EMAIL)]
    assert result.leak_in == (1,)


def test_long_conversation_uses_sliding_windows() -> None:
    filler = ["ok", "sure", "sounds good", "thanks"] * 5
    messages = filler + ["my number", "0803 555", "1234"] + filler
    result = SCANNER.scan_conversation(messages)
    assert result.offplatform and set(result.leak_in) >= {len(filler) + 1, len(filler) + 2}


@pytest.mark.parametrize(
    "messages",
    [
        pytest.param(["Yes, I'll forward the letters. I use outlook btw", "k.mensah.dev is the username"],
                     id="provider-first-username-later"),
        pytest.param(["my username is priya.nair.design", "it's a gmail"], id="username-first-provider-later"),
        pytest.param(["lena.k88", "@gmail.com"], id="at-domain-in-the-next-message"),
    ],
)
def test_an_address_given_in_two_messages_names_both(messages: list[str]) -> None:
    result = ConversationScanner().scan_conversation(messages)
    assert result.offplatform and result.leak_in == (0, 1)


def test_a_sentence_ending_in_a_number_is_no_domain_with_the_next_message() -> None:
    """"... on November 15." + "No worries, ..." is joined without a space (so that a pattern can
    read two sentences together), but "15.no" is no domain: a full stop before a message of
    several words ended a sentence."""
    result = ConversationScanner().scan_conversation(
        ["The translation needs to be ready before our launch on November 15.",
         "No worries, take your time, the deadline is Sunday."])
    assert not result.findings and not result.offplatform
    split = ConversationScanner().scan_conversation(["my site is anna.", "design"])
    assert split.leak_in == (0, 1)


@pytest.mark.parametrize(
    "messages",
    [
        pytest.param(["Use https://marketplace.example/help/payments for the payment FAQ",
                      "we need someone to manage our PayPal disputes and Stripe chargebacks"],
                     id="payment-words-in-two-messages-of-job-talk"),
        pytest.param(["Use @media queries for mobile breakpoints", "Design a logo for my Zoom background and LinkedIn banner"],
                     id="css-at-rule-near-an-app-name"),
        pytest.param(["coordinates 40.7128, -74.0060 for the map pin", "my phone died, sorry for the late reply"],
                     id="coordinates-near-a-phone-word"),
    ],
)
def test_job_talk_over_several_messages_stays_clean(messages: list[str]) -> None:
    result = ConversationScanner().scan_conversation(messages)
    assert not result.findings, [(f.message, f.text, f.rule) for f in result.findings]


_WINDOWS = [
    ["my cell is", "0803", "555", "1234"],
    ["call me on +44 20", "7946 0958"],
    ["write me", "tom.baker", "at", "yahoo.", "com"],
    ["t.me/", "nina_edits"],
    ["add me on discord", "pixel", "_nina"],
    ["add me on telegram", "@artem"],
    ["kaito", "_vfx"],
    ["book here calendly.com", "/nina-k", "/15min"],
    ["lena.k88", "@gmail.com"],
    ["my site is anna.", "design"],
    ["hello", "mail me: nina@fastmail.com"],
    ["budget is 500 USD", "delivery 15/03", "Node 18 and React 18.2"],
    ["I use the telegram bot api", "v2_final", "ok"],
    ["The translation needs to be ready before our launch on November 15.", "No worries, take your time."],
    ["ok", "sure", "sounds good", "thanks", "ok", "sure", "my number", "0803 555", "1234"],
    ["whatsapp me", "+1 415", "555 2671", "thanks", "ok", "sure", "sounds good", "bye"],
    ["mail me: nina@fastmail.com"],
    ["sir kab tak?", "number note karo sir", "97731", "05842 pe call karo"],
    ["I'm in Nairobi btw, +254 if you ever need to call", "701 552 839 whatsapp is best"],
    ["what app do you use most for work chat?", "whatsapp mostly, why", "+44 7700", "900 845"],
    ["email is my username here", "at gmail, no dots", "ok"],
    ["yes live:", ".cid.9d41e07b", "c52fa318"],
    ["what's your number", "first 3 digits: 415", "next: 555", "last: 0193"],
    ["pehla half 98201", "dusra 55017", "WA pe ping karo"],
]


@pytest.mark.parametrize("window", [1, 2, 3, 6])
@pytest.mark.parametrize("messages", _WINDOWS)
def test_scan_last_is_what_the_whole_scan_gives_the_last_message(messages: list[str], window: int) -> None:
    """The guard's shortcut (scan_last: the last message's own scan and the windows that hold it)
    gives exactly the last message's findings of the whole conversation's scan, in order."""
    scanner = ConversationScanner(SCANNER.scanner, window=window)
    for end in range(1, len(messages) + 1):
        part = messages[:end]
        whole = [f for f in scanner.scan_conversation(part).findings if f.message == end - 1]
        assert list(scanner.scan_last(part)) == whole, part


def test_scan_last_finds_a_detail_completed_by_the_last_message() -> None:
    got = SCANNER.scan_last(["add me on discord", "pixel", "_nina"])
    assert [(f.message, f.kind, f.text) for f in got] == [(2, Kind.MESSAGING, "_nina")]
    assert SCANNER.scan_last(["hello", "sounds good"]) == ()
    assert SCANNER.scan_last([]) == ()


@pytest.mark.parametrize(
    ("messages", "leak_in", "rule"),
    [
        # a lead-in names what the next messages give
        (["sir kab tak ho jayega?", "number note karo sir", "97731", "05842 pe call karo"], [1, 2, 3],
         "intent.lead_in.context"),
        (["my email:", "nina.k@fastmail.com"], [0, 1], "intent.lead_in.context"),
        # a reply naming a chat app right after an ask for a channel
        (["what app do you use most for work chat?", "whatsapp mostly, why"], [0, 1], "intent.answer_channel.context"),
        # a country code given apart from the rest of the number
        (["I'm in Nairobi btw, +254 if you ever need to call haha", "701 552 839 whatsapp is best"], [0, 1],
         "phone.country_code.split"),
        # a mail provider given apart from the name
        (["How do I send you the footage?", "email is my username here", "at gmail, no dots"], [1, 2],
         "intent.mail_provider.context"),
        # a Skype id cut before its 16 hex digits
        (["yes live:", ".cid.9d41e07b", "c52fa318"], [0, 1, 2], "messaging.skype_live_id.split"),
        # a complaint about the fee right before a pitch to leave
        (["Honestly the fee here is 20% which is crazy", "we could talk directly and work out something better"],
         [0, 1], "intent.lead_in.fee.context"),
        # a number given in labelled parts, one message each
        (["what's your number", "first 3 digits: 415", "next: 555", "last: 0193"], [0, 1, 2, 3],
         "phone.national.US.labelled"),
        (["pehla half 98201", "dusra 55017", "WA pe ping karo"], [0, 1, 2], "phone.national.IN.labelled"),
        # a Discord tag's number in its own message
        (["discord?", "pixel", "mancer", "#4471"], [0, 2, 3], "messaging.discord_tag.split"),
        # a detail read back, then confirmed
        (["Call me at seven one eight, five five five, oh one nine one", "so 718 555 0191?", "yes that's it"],
         [0, 1, 2], "intent.confirm_detail.context"),
    ],
)
def test_a_message_read_with_its_neighbour(messages: list[str], leak_in: list[int], rule: str) -> None:
    result = ConversationScanner().scan_conversation(messages)
    assert list(result.leak_in) == leak_in, [(f.message, f.text, f.rule) for f in result.findings]
    assert rule in {f.rule for f in result.findings}


@pytest.mark.parametrize(
    "messages",
    [
        # the neighbour says something else: no lead-in, no answer, no code, no provider
        ["the order number", "ORD-4471-2290"],
        ["Do you use WhatsApp?", "no, only here please"],
        ["What's your WhatsApp?", "I don't use WhatsApp, sorry"],
        ["Which platform should the bot support, Telegram?", "Telegram first"],
        ["we run the standup at 10 UTC+3", "ticket 555 0192"],
        ["budget went +30% this month", "210 555 0199 units shipped"],
        ["+1 for that idea", "version 2.3.1 ships Monday"],
        ["We migrate the team inboxes!", "at gmail, sadly"],
        ["room number", "1204"],
        ["cid?", "c52fa318"],
        ["the fee here is 20%, is that normal?", "yes, it's the standard service fee"],
        ["Order 1: 415", "Order 2: 555", "Order 3: 0193"],
        ["size: 415", "qty: 555", "total: 0193, call me if that's wrong"],
        ["price: 415", "next: 555", "last: 0193"],
        ["call me", "first part 0803", "second part 555 1234"],
        ["call reception", "room 415", "floor 5"],
        ["Our customers message us on WhatsApp", "got it", "@anna can you check the copy?"],
        ["call me when you can", "555 0192 is the ticket"],
        ["tracking", "1Z999AA1", "0123456784", "shows at depot"],
        ["Version 10.0.19045.2965 is the Windows build", "Номер заказа 458123, проверь пожалуйста"],
        ["order number?", "0803 555 1234"],
        ["the invoice total is $1,250?", "yes that's it"],
        ["so the order is 4471-2290-3312?", "yes that's it"],
        ["the platform fee is 10% on this contract", "ok, noted"],
    ],
)
def test_neighbours_that_say_something_else_stay_clean(messages: list[str]) -> None:
    """The last message gets no finding (an ask before it may have its own)."""
    result = ConversationScanner().scan_conversation(messages)
    last = len(messages) - 1
    assert not [f for f in result.findings if f.message == last], [(f.message, f.text, f.rule) for f in result.findings]
    assert not [f for f in result.findings if f.rule.endswith(".context") or f.rule == "phone.country_code.split"]


def test_a_name_a_later_message_builds_a_handle_from_is_part_of_the_leak() -> None:
    result = ConversationScanner().scan_conversation([
        "I'm Tobi, I run a small print studio in Lagos called Kora Prints",
        "nice, any t-shirt designs?",
        "tons, check insta",
        "studio name all lowercase with _ng at the end",
    ])
    assert result.offplatform
    named = [f for f in result.findings if f.rule == "intent.name_given.context"]
    assert [(f.message, f.text) for f in named] == [(0, "Tobi"), (0, "Kora Prints")]
    assert 0 in result.leak_in and 3 in result.leak_in


def test_an_introduction_alone_is_no_leak() -> None:
    result = ConversationScanner().scan_conversation([
        "Hi, we're Lumen Bakery in Leeds",
        "the brand name all lowercase should go on the new logo",
        "ok, sending drafts tomorrow",
    ])
    assert not result.offplatform and not result.leak_in
