"""Scam: fraud patterns, one table per category, positives beside hard negatives.

The positives are phrased for these tests (not copied from the dev set); the negatives are the
look-alikes a marketplace sees every day: job topics, warnings, refusals, escrow talk, stories.
"""

from __future__ import annotations

import pytest

from offplatform import Kind, ScamCategory, ScanConfig, Scanner
from offplatform.detect.scam import ScamDetector
from offplatform.normalize import normalize

DETECTOR = ScamDetector(ScanConfig())


def scam_hits(text: str) -> set[tuple[str, str]]:
    findings = list(DETECTOR.detect(normalize(text)))
    for f in findings:
        assert f.kind is Kind.SCAM
        assert f.category in set(ScamCategory)
        assert f.rule.startswith(f"scam.{f.category}.")
        assert text[f.start:f.end] == f.text
        assert 0.0 <= f.score <= 1.0
    return {(f.category, f.rule) for f in findings}


def categories(text: str) -> set[str]:
    return {c for c, _ in scam_hits(text)}


C = ScamCategory
POSITIVES = [
    # payment outside escrow
    (C.PAYMENT_OUTSIDE_ESCROW, "Can you accept payment through PayPal instead? Saves time."),
    (C.PAYMENT_OUTSIDE_ESCROW, "My Venmo is @jake-d, send half now and half on delivery"),
    (C.PAYMENT_OUTSIDE_ESCROW, "I'll wire the money straight to your bank account, let's skip the platform"),
    (C.PAYMENT_OUTSIDE_ESCROW, "Let's close the contract here and I pay you via Western Union"),
    (C.PAYMENT_OUTSIDE_ESCROW, "Payoneer transfer is faster for me, what's your email there?"),
    (C.PAYMENT_OUTSIDE_ESCROW, "te hago una transferencia a tu cuenta, así no pagamos comisión"),
    (C.PAYMENT_OUTSIDE_ESCROW, "I can pay you directly for the next milestones, cheaper for both"),
    (C.PAYMENT_OUTSIDE_ESCROW, "send the 30% deposit to my gcash na lang"),
    # crypto and gift cards
    (C.CRYPTO_OR_GIFT_CARD, "I only pay in USDT, send me your TRC20 address"),
    (C.CRYPTO_OR_GIFT_CARD, "payment will be in bitcoin, fine with you?"),
    (C.CRYPTO_OR_GIFT_CARD, "buy 3 iTunes cards at the store and send me the codes"),
    (C.CRYPTO_OR_GIFT_CARD, "You must activate your wallet with 20 USDT before the withdrawal"),
    (C.CRYPTO_OR_GIFT_CARD, "My uncle showed me crypto trading, I made $4k this month, I can show you how"),
    # fake check / refunds
    (C.FAKE_CHECK, "I'll mail you a check for $3,000, deposit it and wire $2,500 to our supplier"),
    (C.FAKE_CHECK, "Oops I paid you $500 too much by mistake, please send the extra back to my Cash App"),
    (C.ESCROW_MANIPULATION, "Start the contract, then open a refund request right away so I can test it"),
    # advance fee
    (C.ADVANCE_FEE, "All new freelancers must pay a $30 registration fee before the first task"),
    (C.ADVANCE_FEE, "To get the job you need to buy our certification for $60, refunded after a month"),
    (C.ADVANCE_FEE, "Buy the editing software from our partner store ($89), we reimburse it with your first payment"),
    # credentials
    (C.CREDENTIALS, "What's the 6-digit code you just got by text?"),
    (C.CREDENTIALS, "Forward me the verification email code please, it's for the team invite"),
    (C.CREDENTIALS, "send me ur password and I'll upload the gigs for you"),
    (C.CREDENTIALS, "Please provide a scan of your passport for our KYC"),
    (C.CREDENTIALS, "Tell me your bank PIN so I can set up the direct deposit"),
    (C.CREDENTIALS, "disable 2FA on your account so my assistant can log in"),
    (C.CREDENTIALS, "what is your social security number? payroll needs it"),
    # account rental
    (C.ACCOUNT_RENTAL, "I want to rent your freelancer profile, $300/month"),
    (C.ACCOUNT_RENTAL, "Let me use your account to apply to jobs, we split 50/50"),
    (C.ACCOUNT_RENTAL, "I'll pay you to verify an account with your ID, takes two minutes"),
    (C.MONEY_MULE, "Receive funds from my customers into your bank and forward them to me, keep 15%"),
    (C.MONEY_MULE, "Need people to receive parcels at home and reship them abroad, $40 each"),
    # phishing
    (C.PHISHING, "Your payout is on hold. Verify your identity at secure-payout-check.com within 24 hours"),
    (C.PHISHING, "Before you start, install our monitoring tool from trackr-app.io/setup.exe"),
    (C.PHISHING, "log in with your email account on docs-viewer.online/brief to open the file"),
    # fake support
    (C.FAKE_SUPPORT, "Hello, this is the platform's Security Team. Confirm your login code to keep your account active."),
    # fake interview and task scams
    (C.FAKE_INTERVIEW, "Congrats, you've been shortlisted! Our hiring manager will interview you on Telegram."),
    (C.FAKE_INTERVIEW, "Earn $50/day by rating hotels on our app, paid daily"),
    (C.FAKE_INTERVIEW, "We are hiring! Simple online tasks, earn up to $300 daily. Message our coordinator on Telegram"),
    (C.FAKE_INTERVIEW, "Hi dear, you have been selected. Kindly contact HR on WhatsApp for further steps"),
    (C.PHISHING, "Dear user, your account will be terminated. Click here to appeal: appeal-center-help.com"),
    (C.ADVANCE_FEE, "To proceed with the hiring process, a refundable deposit of $75 is required"),
    (C.CREDENTIALS, "Pls share the code that was sent to you"),
    (C.CREDENTIALS, "Let me know the code once it arrives, I'm setting up your access"),
    (C.CREDENTIALS, "You'll get a 6 digit code by SMS in a second, I need it"),
    (C.CREDENTIALS, "Kindly provide the OTP sent to your registered mobile number"),
    (C.CREDENTIALS, "What's your UPI PIN? I'll send the advance now"),
    (C.CREDENTIALS, "I am from Marketplace Billing. Your withdrawal failed, reply with your card number and CVV."),
    (C.CREDENTIALS, "Please share your GitHub password so I can push directly"),
    (C.CREDENTIALS, "Send me the 4-digit code from your bank app so I can confirm the transfer"),
    (C.CRYPTO_OR_GIFT_CARD, "Good news! Your task income of $860 is ready, just top up 100 USDT to release it"),
    (C.ADVANCE_FEE, "Your earnings are ready. Pay the $25 unlock fee first to withdraw them."),
    (C.ADVANCE_FEE, "To get started, our company requires every freelancer to purchase a $99 software package."),
    (C.PAYMENT_OUTSIDE_ESCROW, "I can't pay through here, my card is blocked. Can I send it to your Skrill?"),
    (C.ACCOUNT_RENTAL, "I'm looking for someone to let me work under their account, paying weekly"),
    (C.CRYPTO_OR_GIFT_CARD, "For the QA phase we need 4 Google Play cards ($50 each), send the codes here"),
    (C.PAYMENT_OUTSIDE_ESCROW, "I'll pay you 10% more if we finish this outside"),
    # a name between "I'm" and "from the ... team"; someone else's account, not "yours"
    (C.FAKE_SUPPORT, "Hi, I'm Kai from the Trust & Safety team. Your payout is on hold, confirm your identity"),
    (C.ACCOUNT_RENTAL, "my friend's account is verified, I'll log in and bid with it, you do the work"),
    (C.ACCOUNT_RENTAL, "my brother's account on upwork is old, he helps me bid"),
    # the equipment purchase, a fee sent to start, a code "sent by mistake"
    (C.ADVANCE_FEE, "I'm the hiring manager, we need you to buy the laptop first and we will reimburse you"),
    (C.ADVANCE_FEE, "kindly send $30 for the training materials before you can start"),
    (C.CREDENTIALS, "what's the code you got? I sent it by mistake to your phone"),
    (C.CREDENTIALS, "hey can you read me the 6-digit number that just came to your phone?"),
    (C.ACCOUNT_RENTAL, "You'll work under my account, I keep 30% and you get the rest weekly"),
    (C.ADVANCE_FEE, "Congrats! You've been selected. Please pay the $25 verification fee to receive your first assignment"),
    (C.PHISHING, "Download our onboarding app from bit.ly/onb-apk and install it before the interview"),
    (C.FAKE_CHECK, "we'll send you $3000 for the home office, buy the equipment from our vendor and keep the receipts"),
    (C.ADVANCE_FEE, "Pay the $15 application fee via this link to confirm your spot: pay-onboarding.site/jdoe"),
    (C.ACCOUNT_RENTAL, "My account got suspended, can I use yours? I'll give you 40% of every job"),
    (C.CRYPTO_OR_GIFT_CARD, "You've earned $1,200 in bonus! Pay a $50 release fee in USDT to withdraw"),
    (C.FAKE_INTERVIEW, "We are hiring product testers, $50 per review, contact our manager on WhatsApp +1 415 555 0133"),
    (C.FAKE_SUPPORT, "I work for the platform's verification department, send me a photo of your passport"),
    (C.CREDENTIALS, "reply with the 4-digit PIN I just texted you to confirm the milestone"),
    (C.FAKE_INTERVIEW, "Congratulations, you were chosen for a paid interview! Continue on Telegram: t.me/hr_recruit_2024"),
    (C.ADVANCE_FEE, "My bank needs you to pay the transfer fee first, I'll add it to your payment"),
    (C.ACCOUNT_RENTAL, "I can pay 3x your rate if you give me access to your account for a week"),
    (C.FAKE_CHECK, "We'll mail you a certified check for the equipment. Deposit it and buy the laptop from our partner store"),
    (C.FAKE_CHECK, "Our finance team will send you a cheque, cash it and forward the extra to the designer"),
    (C.ADVANCE_FEE, "Kindly pay the $35 registration fee before we send the job materials"),
    (C.CREDENTIALS, "what's the 4 digit pin on your card? need it to send the refund"),
    (C.CREDENTIALS, "Please confirm your identity by replying with the code we sent to your number"),
    (C.CREDENTIALS, "Can you send the code you just got by SMS?"),
    (C.CREDENTIALS, "please tell me the 6 digits, I need them to verify your payment"),
    (C.CREDENTIALS, "The platform will send you a code, tell me what it is"),
    (C.CREDENTIALS, "To get hired, install AnyDesk so our IT can set up your work computer"),
    (C.CREDENTIALS, "download teamviewer first, our payment team will help you receive the refund"),
    (C.ESCROW_MANIPULATION, "Mark the order as delivered now, and I'll release the funds tomorrow, promise"),
    (C.ESCROW_MANIPULATION, "approve the milestone as complete first, I'll finish the work after, trust me"),
    (C.PHISHING, "You won our freelancer lottery! Claim your $500 prize at claim-bonus-market.net"),
    (C.PHISHING, "Congratulations, redeem your bonus here before midnight: bonus-drop.xyz/r/882"),
    (C.PHISHING, "To receive the payment, log in here with your marketplace password: mkt-payouts-secure.com"),
    (C.PAYMENT_OUTSIDE_ESCROW, "Can we settle the payment privately? The service fee is too high"),
    (C.PAYMENT_OUTSIDE_ESCROW, "let's handle the payment under the table, cheaper for both"),
    (C.PAYMENT_OUTSIDE_ESCROW, "Te pago la mitad por Mercado Pago y la otra mitad cuando termines"),
    (C.PAYMENT_OUTSIDE_ESCROW, "GCash na lang po, 0917 123 4567"),
    (C.PAYMENT_OUTSIDE_ESCROW, "Nilipe kwa M-Pesa 0722 123 456 badala ya hapa"),
    (C.PAYMENT_OUTSIDE_ESCROW, "bhai payment bahar se kar dena, fees bach jayegi"),
    (C.PAYMENT_OUTSIDE_ESCROW, "Давай оплачу напрямую на карту, без комиссии площадки"),
    (C.FAKE_SUPPORT, "Sou do suporte da plataforma, preciso que confirme seus dados neste link: suporte-plataforma.com"),
    (C.PHISHING, "Soy del equipo de soporte. Tu cuenta será suspendida, verifica aquí: soporte-verificacion.net"),
    (C.CRYPTO_OR_GIFT_CARD, "Je te paie en bitcoin, c'est plus simple pour moi"),
    (C.ACCOUNT_RENTAL, "Можешь дать свой аккаунт в аренду? Плачу 5000 в месяц"),
    (C.CREDENTIALS, "Para liberar tu pago necesito el código que te llegó por SMS"),
    (C.CREDENTIALS, "Envoyez-moi le code reçu par SMS pour valider votre profil"),
    (C.CREDENTIALS, "Ipadala mo yung code na natanggap mo para ma-verify"),
    (C.CREDENTIALS, "Nitumie code uliyopokea kwa SMS ili nithibitishe malipo"),
    (C.CREDENTIALS, "ارسل لي الكود اللي وصلك عشان أفعل الدفع"),
    (C.CREDENTIALS, "Me manda a senha da sua conta que eu configuro o pagamento pra você"),
    (C.ADVANCE_FEE, "Antes de empezar debes pagar 30 dólares de inscripción, luego te los devolvemos"),
    (C.ADVANCE_FEE, "Pour commencer, il faut acheter le kit de démarrage à 50€ chez notre fournisseur"),
    (C.ADVANCE_FEE, "Bayar dulu biaya pendaftaran 100rb sebelum mulai kerja"),
    (C.ADVANCE_FEE, "Pehle 500 rupees registration fee bhejo, phir kaam milega"),
]

NEGATIVES = [
    "I'm Anna from the design team, nice to meet you",
    "my friends account got banned last year",
    "I will talk to my colleague and get back to you",
    "what is the error code you got? I pushed the wrong branch by mistake",
    "I accidentally deleted the code, can you send the repo again?",
    "I accidentally texted you my code, just ignore it",
    "send me the fee structure for the course before you start?",
    "we reimburse equipment purchases per company policy",
    "You'll work on my account's landing page, 30% of it is done",
    "the form needs a 6-digit number field for the zip code",
    "install our app first: https://play.google.com/store/apps/details?id=com.acme.shop and test checkout",
    "the payment processing fee is 2.9% + 30c per transaction on Stripe",
    "can I use yours as a reference?",
    "I work for the platform as a designer",
    "Rate is $60/hr, and I estimate about 3 hours for this. find me on telegram @zaraivanova100",
    "The clearance fee for customs is included in the shipping quote",
    "I'll give you access to the repo for a week to finish the fix",
    "we are hiring a WhatsApp chatbot developer, apply through the platform",
    "our support team is great",
    "our vendor ships the laptop, you do not pay anything",
    "I withdraw my earnings in USDT through the platform",
    "You'll work on my account's landing page, 30% of it is done",
    "I bought a new laptop and the client will reimburse the software license",
    # warnings, refusals, stories
    "Never share your verification code with anyone, even if they say they're from support.",
    "The platform will never ask for your password.",
    "Someone pretending to be support asked for my login code, I reported it.",
    "I can't share my login code, sorry, that's how accounts get stolen.",
    "I was paid in Bitcoin once and it was a mess.",
    "I got a fake check from a client years ago, so I only use escrow now.",
    "My previous client paid me via PayPal and it was a nightmare, so I only use escrow now.",
    "Please don't send me any codes, I don't need them.",
    # job topics
    "Implement a 6-digit verification code screen for our app, codes expire after 5 minutes.",
    "You will receive a verification code from the platform when you sign up, just enter it there.",
    "Can you send me the source code so I can review it?",
    "What's the promo code for the launch sale?",
    "Integrate PayPal and Apple Pay into our Shopify checkout.",
    "What's your PayPal business account? I need it to integrate the checkout on your site.",
    "Our customers pay with PayPal and Stripe.",
    "Add IBAN validation to the payout form.",
    "Design a $50 gift card for our spa, front and back.",
    "I write articles about Bitcoin and Ethereum for a crypto blog, paid per article.",
    "We need a Telegram bot for our HR team to post job openings.",
    "Build a password reset flow, send the reset link by email.",
    "Send me the login for the WordPress admin so I can install the theme.",
    "What's your Shopify store password? The theme preview is locked.",
    "Drop the pin on the map and send me a screenshot.",
    "Please pin django to 4.2 and send me the logs.",
    "The audit should check that 2FA backup codes are hashed.",
    "Reconcile the bank statements with the checks in QuickBooks.",
    "Please upload a copy of your ID to the platform's verification page, not to me.",
    "I just finished the platform's ID verification, the badge should show now.",
    "Rewrite the copy for the 'check your email for a code' screen.",
    # legit money talk
    "I prefer to get paid through escrow, milestones are fine.",
    "Can I withdraw my earnings to Payoneer?",
    "I'll cover the platform fee on my side, no problem.",
    "I accidentally paid twice, can you refund one through the platform?",
    "I'll buy the stock photos and add them to the invoice.",
    "You need to buy the premium theme license ($59) before I can install it.",
    "Just sent a $50 bonus through the contract, thanks!",
    "Please review our app on the App Store when it launches.",
    "They'll give you access to their account to set up the Calendly widget.",
    "You'll receive payments weekly and keep 100% of tips.",
    "Are you available for an interview tomorrow here on the platform?",
    "Our HR team will send the onboarding docs here in the chat.",
    "We never do interviews over Telegram or WhatsApp, only here.",
    "Use the Stripe test card 4242 4242 4242 4242 for the checkout tests.",
    "The swift developer costs $60/hr, can you pay that?",
    "Please fill the form in the job post to apply.",
    "That's my login code, I can't share it with anyone.",
    "I sent you an offer, here's the direct link: marketplace.example/offers/1234",
    "Please check the spacing below the headline and confirm by Friday.",
    "I've uploaded the revised draft, let me know what you think about the end.",
    "Can you send me the access code for the Zoom webinar recording?",
    "Can you share the verification code logic you used in the last project?",
    "Upload your ID in the verification section of your profile here.",
    "Our HR team uses WhatsApp internally but we'll talk here.",
    "What's your PIN code for the delivery address?",
    "Can you set up the PayPal button on the donation page?",
    "Please add Zelle and Venmo logos to the footer.",
    "I'll pay the remaining balance once the milestone is approved.",
    "We'll reimburse the hosting fee, just send the receipt through the platform.",
    "Can you check if our crypto wallet integration works with MetaMask?",
    "Please rate the product photos from 1 to 5.",
    "We accidentally uploaded the wrong file, can you send it back?",
    "Add a card number field with CVV validation to the checkout form.",
    "Top up your Google Ads account with $50 so the campaign starts.",
    # hard negatives for the rules above
    "I need a landing page for our crypto wallet app, Figma only",
    "The cheque scanner should flag the extra digits on the amount line",
    "I'll send the job materials before we start, no fee needed",
    "What's the PIN code for the delivery address on your card order form?",
    "Can you send the code you wrote for the SMS feature?",
    "tell me the last 4 digits of the order number so I can find it",
    "I'll send you a code review tomorrow, tell me if the comments make sense",
    "I'll send you a discount code, tell me if it works at checkout",
    "The app has to send an OTP to the user's phone and verify it within 60 seconds",
    "the field should accept the 6 digits of the postal code",
    "I can fix the WordPress issue over AnyDesk if you prefer, no rush",
    "Write a guide on how to install TeamViewer for the support team",
    "Please mark the milestone as complete when you're happy with the files",
    "I marked the order as delivered now, tell me later if you need changes",
    "The loyalty page should let users claim their reward, staging is at acme-staging.io",
    "We can discuss the budget privately here in the chat",
    "Hi Dana: the payment is done through escrow",
    "Can you integrate Mercado Pago into the checkout?",
    "Necesito integrar el login con código SMS en la app",
    "Soy del equipo de soporte de Shopify que contraté, me pidieron el enlace del tema",
    "Je suis du support technique de mon entreprise, je connais bien les liens",
    "Die Buchhaltung braucht ein Konto für die Mieten der Wohnungen",
    "Dame la contraseña de tu cuenta de Shopify para instalar el tema",
    "Le code source est sur GitHub, je t'envoie l'accès ici",
    "Оплата через платформу, как обычно, после сдачи этапа",
    "Let's keep the payment through escrow, I'll handle the rest of the setup on my side",
]


@pytest.mark.parametrize(("category", "text"), POSITIVES, ids=[f"{c}:{t[:30]}" for c, t in POSITIVES])
def test_positive(category: ScamCategory, text: str) -> None:
    assert str(category) in categories(text), scam_hits(text)


@pytest.mark.parametrize("text", NEGATIVES, ids=[t[:40] for t in NEGATIVES])
def test_negative(text: str) -> None:
    assert scam_hits(text) == set()


@pytest.mark.parametrize(
    ("text", "offplatform"),
    [
        ("send me the code we just texted you", False),  # credentials stay in the chat
        ("rent your account for $200 a month?", False),
        ("I only accept USDT, address coming", True),  # crypto payment leaves the platform
        ("pay me by Zelle instead", True),
    ],
)
def test_offplatform_follows_category(text: str, offplatform: bool) -> None:
    result = Scanner().scan(text)
    assert result.scam
    assert result.offplatform is offplatform


def test_own_platform_link_is_not_phishing() -> None:
    text = "Your payout is on hold, verify your identity at marketplace.example/settings/identity"
    assert categories(text) == set() or "phishing" not in categories(text)


def test_long_hostile_input_finishes() -> None:
    texts = [
        "send me the code " * 5000,
        "paypal " * 10000,
        "pay " + "a" * 100_000 + " directly",
        "verify your account " * 3000 + "evil.com",
        ("x" * 60 + ".") * 2000,
    ]
    for text in texts:
        scam_hits(text)
