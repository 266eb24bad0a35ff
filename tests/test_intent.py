"""Intent: asking or offering to move the conversation off the platform, with no concrete detail.

Each rule has positives written for these tests (not copied from the dev set) next to hard
negatives: job topics, rule talk, refusals, warnings and look-alike phrases.
"""

from __future__ import annotations

import pytest

from offplatform import Kind, ScanConfig, Scanner
from offplatform.detect.cues import skeleton, skeleton_regex
from offplatform.detect.intent import IntentDetector
from offplatform.normalize import normalize

DETECTOR = IntentDetector(ScanConfig())


def intent_rules(text: str) -> set[str]:
    findings = list(DETECTOR.detect(normalize(text)))
    for f in findings:
        assert f.kind is Kind.INTENT
        assert text[f.start:f.end] == f.text and f.text.strip() == f.text
        assert 0.0 <= f.score <= 1.0
    return {f.rule for f in findings}


POSITIVES = [
    # intent.ask_channel: a request or offer next to a channel
    ("whats ur telegram??", "intent.ask_channel"),
    ("Could you send me your WhatsApp number when you get a sec", "intent.ask_channel"),
    ("share your email address pls, the file is too big", "intent.ask_channel"),
    ("hey r u on telegram", "intent.ask_channel"),
    ("do you have whatsapp by any chance", "intent.ask_channel"),
    ("let's move this chat to telegram, it's easier", "intent.ask_channel"),
    ("can we continue over whatsapp? i'm travelling", "intent.ask_channel"),
    ("can we continue this convo on telegram? easier for me", "intent.ask_channel"),
    ("add me on insta and I'll show you more", "intent.ask_channel"),
    ("msg me on the blue app", "intent.ask_channel"),
    ("text me on signal later", "intent.ask_channel"),
    ("email me and I'll send the full price list", "intent.ask_channel"),
    ("can I get your number? easier to explain by voice", "intent.ask_channel"),
    ("do u have telegrm", "intent.ask_channel"),
    ("pls add me on whtsapp", "intent.ask_channel"),
    ("ping me on wattsap", "intent.ask_channel"),
    ("ok can u drop ur insta", "intent.ask_channel"),
    ("me passa seu zap", "intent.ask_channel"),
    ("¿me pasas tu número?", "intent.ask_channel"),
    ("schick mir deine Nummer bitte", "intent.ask_channel"),
    ("donne-moi ton numéro stp", "intent.ask_channel"),
    ("давай перейдем в телеграм", "intent.ask_channel"),
    ("kirim nomor wa kamu ya", "intent.ask_channel"),
    ("apna number bhejo bhai", "intent.ask_channel"),
    ("lass uns auf Telegram weiterreden", "intent.ask_channel"),
    ("on peut continuer sur WhatsApp ?", "intent.ask_channel"),
    ("hop on a skype call with me tomorrow?", "intent.ask_channel"),
    ("yo, got telegram? much faster than this", "intent.ask_channel"),
    ("hmu on wa", "intent.ask_channel"),
    ("your skype id?", "intent.ask_channel"),
    ("You can also reach me at my personal email if that's easier", "intent.ask_channel"),
    ("here is my instagram, follow me there", "intent.ask_channel"),
    ("I sent you a friend request on facebook, accept it and we talk there", "intent.ask_channel"),
    ("on the app with the blue bird I answer faster", "intent.ask_channel"),
    ("Kannst du mir deine E-Mail schicken?", "intent.ask_channel"),
    ("Tu peux me donner ton WhatsApp ?", "intent.ask_channel"),
    ("Nipe namba yako ya simu", "intent.ask_channel"),
    ("Pwede ko ba makuha number mo?", "intent.ask_channel"),
    ("Ho bisogno del tuo numero WhatsApp", "intent.ask_channel"),
    ("WhatsApp numaranı verir misin?", "intent.ask_channel"),
    # intent.offer_contact: a detail announced, whatever follows
    ("my no is ate 0 seven, too won fore", "intent.offer_contact"),
    ("mi número es nueve ocho siete", "intent.offer_contact"),
    # intent.move_off: leaving the platform named as such
    ("we can sort out the details outside this site", "intent.move_off"),
    ("better if we chat off the platform honestly", "intent.move_off"),
    ("let's take it outside, I'll explain", "intent.move_off"),
    ("podemos arreglarlo por fuera", "intent.move_off"),
    # intent.fee_avoidance: dodging the fee, with a hint of going elsewhere
    ("if we do it without the platform commission I can go lower", "intent.fee_avoidance"),
    ("we both save the 20% if we sort it out between us", "intent.fee_avoidance"),
    # intent.work_directly
    ("maybe we can work directly next time, no middleman", "intent.work_directly"),
    ("I'd rather deal with you directly for the next order", "intent.work_directly"),
    # intent.same_handle
    ("find me on IG, same username as here", "intent.same_handle"),
    ("my tg is the same as my name here", "intent.same_handle"),
    ("My username here is the same on all socials", "intent.same_handle"),
    ("my telegram is just my full name", "intent.same_handle"),
    ("same name as here, only with _design after it", "intent.same_handle"),
    # intent.profile_pointer
    ("my contact info is in my bio", "intent.profile_pointer"),
    ("whatsapp number is on my CV, check it", "intent.profile_pointer"),
    # intent.search_me
    ("just google my studio, you'll find everything", "intent.search_me"),
    ("look me up on LinkedIn, I'm the only one with that name", "intent.search_me"),
    # intent.other_channel
    ("is there a faster way to reach you?", "intent.other_channel"),
    ("which app do you use to chat usually?", "intent.other_channel"),
    # a place named between the noun and "is the same"; talking "somewhere else"
    ("my handle on the bird app is the same as here", "intent.same_handle"),
    ("can we talk somewhere else? this chat is laggy", "intent.move_off"),
    ("let's continue on another app, it's easier", "intent.move_off"),
    # offering to send one's own contact
    ("I will send you my number", "intent.offer_contact"),
    ("let me give you my personal number so we can coordinate faster", "intent.offer_contact"),
    ("take my number", "intent.offer_contact"),
    ("I can share my contact with you", "intent.offer_contact"),
    ("my socials are all @linweidesign", "intent.offer_contact"),
    ("mujhe apna insta id do", "intent.ask_channel"),
    ("we can do a quick facetime if easier", "intent.ask_channel"),
    ("lets jump on a call, I'll send you a zoom invite", "intent.ask_channel"),
    ("signal me at the same number as my whatsapp", "intent.same_handle"),
    ("wanna move this to dms on insta?", "intent.move_off"),
    ("I'm available on Viber and WhatsApp, same number", "intent.move_off"),
    ("which messenger do you prefer for quick questions?", "intent.other_channel"),
    ("pls share contact info", "intent.other_channel"),
    ("अपना व्हाट्सएप नंबर दीजिए", "intent.ask_channel"),
    ("check your WhatsApp, I sent the files there", "intent.other_channel"),
    ("The fee here is crazy, is there another way we can work?", "intent.other_channel"),
    ("hey, do you have an email I can send the NDA to?", "intent.other_channel"),
    ("Is there a phone number I can call you on?", "intent.other_channel"),
    ("i prefer skype for calls, add me", "intent.other_channel"),
    ("check my company site, the contact page has my direct line", "intent.move_off"),
    ("telegram is better for me, username in my bio", "intent.profile_pointer"),
    ("I'll drop my LinkedIn so you can check my references", "intent.offer_contact"),
    ("let me send you my # so we can talk faster", "intent.offer_contact"),
    ("go to my profile on the other freelance site, same name", "intent.move_off"),
    ("let's talk on the app with the green icon", "intent.ask_channel"),
    ("text me on the app with the paper plane logo", "intent.ask_channel"),
    ("what's your whatsapp business number?", "intent.ask_channel"),
    ("Boleh minta nomor WA kakak?", "intent.ask_channel"),
    ("WhatsApp numaranı alabilir miyim?", "intent.ask_channel"),
    ("Anh cho em xin số Zalo nhé", "intent.ask_channel"),
    ("ممكن رقم الواتساب حقك؟", "intent.ask_channel"),
    ("¿Seguimos la conversación por Telegram?", "intent.ask_channel"),
    ("Давай перейдём в телеграм, тут неудобно", "intent.ask_channel"),
    ("Usap tayo sa Viber, mas mabilis", "intent.ask_channel"),
    ("Tuendelee kuongea WhatsApp, ni rahisi zaidi", "intent.ask_channel"),
    ("خلينا نكمل على الواتساب", "intent.ask_channel"),
    ("Parliamo su WhatsApp? È più comodo", "intent.ask_channel"),
    ("Telegram'dan devam edelim mi?", "intent.ask_channel"),
    ("lmk ur email n ill send the brief", "intent.ask_channel"),
    ("can we do this over whatsapp instead? easier for voice notes", "intent.ask_channel"),
    ("Kindly send your WhatsApp number for further discussion regarding the project.", "intent.ask_channel"),
    ("For a smoother collaboration, I would suggest that we continue our correspondence via email.",
     "intent.ask_channel"),
]

NEGATIVES = [
    "Boleh minta file desainnya?",
    "Parliamo del logo su Figma",
    "What do you do on Instagram for clients?",
    "My old email bounced, I updated it in my profile settings here",
    "We do it on Slack internally",
    "lmk ur timeline",
    "the phone number for the delivery is on the label",
    "Seguimos con el diseño en Figma",
    "Kita di Instagram punya 10k followers",
    "Tolong buatkan desain feed Instagram untuk toko kami",
    "cho em xin file Figma nhé",
    "em dùng zalo để nhắn tin với khách hàng",
    "The podcast intro says 'follow us on Instagram', keep it under 5 seconds",
    'The button text: "Chat with us on WhatsApp"',
    "Can you translate 'send me your email' into Spanish for the signup form?",
    "I'll share my LinkedIn post design with you for feedback",
    "I can send our Instagram analytics report on Friday",
    "the green icon in the app should be a bit darker",
    "the paper plane icon should send the message in our app",
    "my portfolio on the other site is outdated, here are newer samples",
    "my name on the app store is the same as here",
    "we can discuss the footer elsewhere in the doc",
    "move the logo somewhere else",
    "I will send you my email draft tomorrow",
    "your whatsapp number do you have it handy?",
    "we need to set up a zoom integration for the booking page",
    "the same number as my order confirmation",
    "move this to the next sprint",
    "take it to the inbox folder of the client",
    "move the email field to the top",
    "I am available on weekends",
    "do you use Telegram's API for the bot?",
    "check your WhatsApp integration settings",
    "check your messages here",
    "the fee is fine. is there another way to pay, like milestones?",
    "is there another way we can work on the logo?",
    "do you have an email template I can reuse for the newsletter?",
    "Is there a phone number field in the form?",
    "which messenger integration does the client need, WhatsApp or Messenger?",
    "check my portfolio, the contact form section needs a redesign too",
    "see our website for the menu",
    "I will send you my number of hours",
    "I won't send you my number before the contract",
    "he said he would send you his number",
    "I talked to the client elsewhere about this",
    "the text elsewhere on the page is fine",
    # refusals and rule talk
    "I don't do calls outside the platform, sorry",
    "Please keep all communication here on the platform.",
    "Never share your phone number before the contract starts.",
    "I won't ask for your email, everything can stay here.",
    "Someone asked me for my Telegram earlier, I reported them.",
    "Our team never asks for your WhatsApp, report anyone who does.",
    "A lot of clients want to switch to WhatsApp but I prefer to stay here.",
    # the app or the contact field is the job
    "I need a WhatsApp chatbot for my bakery's orders.",
    "Can you build a Telegram bot that sends price alerts?",
    "The client wants a 'Contact us on WhatsApp' button in the footer.",
    "Send me your email template and I'll proofread it.",
    "What's your email marketing budget for Q3?",
    "Do you have experience with Discord bots?",
    "I posted the reel on Instagram yesterday, engagement is up.",
    "Let's talk about the Instagram campaign tomorrow.",
    "The Telegram Mini App frontend is done, backend next.",
    "Add a field for the customer's WhatsApp number on the form.",
    "Google my business listing needs new photos.",
    "search my name in the CRM to find the old invoices",
    # look-alikes
    "What's your number one priority for this sprint?",
    "Can you give me a rough number for the whole thing?",
    "Send me your phone model so I can test on the same screen.",
    "My phone died, I'll reply from my laptop.",
    "Can you zoom in on the header a bit?",
    "The line chart needs a legend.",
    "That's outside the scope of the project, but I can quote it.",
    "Outside of work hours I'm slower to reply.",
    "The fee is 10%, is that normal for this category?",
    "Can you save the file without the fees column?",
    "You will be working directly with our lead designer.",
    "We'll settle the payment terms directly in the contract.",
    "Which app do you use for invoicing?",
    "Can I get your feedback on the draft?",
    "What's up? Did you see my message about the logo?",
    "Is there another way to contact support about the dispute?",
    "Skip the intro slide and go straight to pricing.",
    "Use the same name as here for the app title.",
    "Both versions are fine, use the support number that's already in the site settings.",
    "I got the WhatsApp notification from the client about the launch.",
    "here is my proposal for the logo, three concepts attached",
    "I'll answer on my phone later, I'm at the dentist.",
    "Got it, thanks! Starting on the header now.",
    "Share your GitHub so I can look at your code samples.",
    "Take it off the list please.",
    "Google my name and you'll see my portfolio on the platform.",
    "Search my name in the freelancer directory here.",
    "Scan the QR code on the flyer to test it.",
    "Off the top of my head, it should take 3 days.",
    "We can work directly in the Figma file.",
    "You can pay directly through the milestone.",
    "We save 20% on hosting if we switch to annual billing.",
    "Can I contact you here if I have questions later?",
    "I use Telegram for news only, let's keep talking here.",
    "Can we add Telegram login to the app?",
    "Do you have a phone number field in the form?",
    "My number one concern is speed.",
    "Send your number of hours for this week.",
    "My email is not working, can you resend the invite here?",
    "My phone number changed last week, I re-verified the account.",
    "my email is the one on the invoice, no need to ask",
    # a plainly written detail after "my number is" is the detail detectors' finding, not intent
    "my number is +44 20 7946 0958",
    "my email is jo.kim@gmail.com",
]


@pytest.mark.parametrize(("text", "rule"), POSITIVES, ids=[f"{r}:{t[:30]}" for t, r in POSITIVES])
def test_positive(text: str, rule: str) -> None:
    assert rule in intent_rules(text), intent_rules(text)


@pytest.mark.parametrize("text", NEGATIVES, ids=[t[:40] for t in NEGATIVES])
def test_negative(text: str) -> None:
    assert intent_rules(text) == set()


@pytest.mark.parametrize(
    ("word", "app"),
    [("watsap", "whatsapp"), ("whtsp", "whatsapp"), ("wattsapp", "whatsapp"), ("tlgrm", "telegram"),
     ("telgrm", "telegram"), ("instagrm", "instagram"), ("dscord", "discord")],
)
def test_skeleton_matches_misspellings(word: str, app: str) -> None:
    import re

    assert skeleton(word) == skeleton(app)
    assert re.fullmatch(skeleton_regex(app), word)


@pytest.mark.parametrize("word", ["skip", "whats up", "what's up", "tell", "insight", "telegraph"])
def test_skeleton_leaves_ordinary_words(word: str) -> None:
    import re

    assert not any(re.fullmatch(skeleton_regex(a), word) for a in ("whatsapp", "telegram", "instagram"))


def test_intent_makes_the_message_offplatform_without_a_detail() -> None:
    result = Scanner().scan("do you have telegram? this chat is slow")
    assert result.offplatform and not result.details and not result.scam


def test_long_hostile_input_finishes() -> None:
    # Many cue words with no channel, and many channels with no cue: bounded windows only.
    texts = [
        "send me your " * 5000,
        "whatsapp telegram " * 5000,
        ("a" * 50 + " ") * 2000,
        "what's your " + "x" * 100_000,
        "outside " * 10000,
    ]
    for text in texts:
        intent_rules(text)
