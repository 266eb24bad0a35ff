"""Payment details: handles on payment apps, bank details and crypto wallets.

- ``$cashtag`` (Cash App), Venmo ``@handle``, PayPal/Zelle/Pix/M-Pesa/GCash/Paytm account words
  followed by an id, UPI ids (``name@bank``);
- IBAN validated by its ISO 7064 checksum (``python-stdnum``); UK sort code with account number;
  bank account numbers introduced as such;
- wallets: Bitcoin (base58check P2PKH/P2SH via ``base58``, bech32/bech32m via ``bech32``),
  Ethereum (EIP-55 mixed-case checksum via Keccak-256 from ``pycryptodome``), TRON (base58check).
  An address whose checksum fails is still reported when the message plainly asks for a payment
  to it (a typo'd or invented address is still an attempt to be paid outside escrow), at a lower
  score and under its own rule.

Wallets are matched on the ORIGINAL text (their letter case carries the checksum).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import base58
import bech32
from Crypto.Hash import keccak
from stdnum import iban as stdnum_iban

from ..filters import is_example_iban
from ..finding import Finding, Kind
from ..normalize import NormalizedText
from ..normalize.text import word_set
from .base import PAYMENT_BIT, BaseDetector, at_word_start, finditer_around, has_alnum_run_14, make_finding, text_shape

_PAY_CONTEXT = re.compile(
    r"\b(?:send|sent|pay|paid|payment|transfer|deposit|wallet|address|addr|usdt|usdc|btc|bitcoin|eth|ether|"
    r"ethereum|trc20|trc-20|erc20|erc-20|bep20|tron|trx|crypto|coin|tokens?|receive|fee|upfront|invoice|"
    r"оплата|кошелек|кошелёк|carteira|billetera|monedero|portefeuille)\b"
)
WEB3_TASK_CONTEXT = re.compile(
    r"\b(?:contract address|smart contract|deploy(?:ed)?|tx hash|transaction hash|txid|etherscan|"
    r"bscscan|solidity|abi|token contract|audit|testnet|sepolia|goerli|mainnet fork|verify the contract|"
    r"the contract at|dapp|web3|hardhat|foundry|truffle|function|method|event log|contrato do token|contrato del token|"
    r"contrat du token|token-vertrag|token contract|read-only|só leitura|solo lectura)\b"
)
_WALLET = re.compile(
    r"(?<![A-Za-z0-9])(?:(?P<eth>0x[0-9a-fA-F]{40})|(?P<bech>(?:bc1|BC1|tb1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,87})"
    r"|(?P<b58>[13T][1-9A-HJ-NP-Za-km-z]{25,34}))(?![A-Za-z0-9])"
)
# compact ("nl91abna0417164300") or in groups of four ("GB82 WEST 1234 5698 7654 32")
# (the look-behind after the first letter: the pattern opens with a character set, see base.at_word_start)
_IBAN = re.compile(
    r"[a-z](?<![a-z0-9][a-z])[a-z]\d{2}(?:[a-z0-9]{11,30}|(?:[ \-][a-z0-9]{4}){2,7}(?:[ \-][a-z0-9]{1,4})?)(?![a-z0-9])"
)
_SORT_CODE = re.compile(
    r"\bsort[ \t]?code[ \t:]{0,3}(?P<sort>\d{2}[- ]?\d{2}[- ]?\d{2})\b"
    r"(?:.{0,40}?\b(?:acc(?:ount)?|a/c)[ \t.]{0,3}(?:no|number|num|#)?[ \t.:]{0,3}(?P<acct>\d{8})\b)?"
)
_BANK_ACCOUNT = re.compile(
    at_word_start("account", "acct", "acc", "a/c", "rekening", "cuenta", "conta", "konto", "compte", "счет", "счёт",
                  "norek", r"no\.? rek")
    + r"(?:[ \t]{0,2}(?:no|number|num|nr|#|n°|nº|numero|número))?\.?[ \t:\-]{0,3}"
    r"(?:(?:bca|bni|bri|mandiri|hdfc|icici|sbi|gtb|uba|access|zenith|chase|boa)[ \t]{1,2})?"
    r"(?P<acct>\d(?:[ \-]?\d){5,19})(?![\d\-])"
)
_BANK_CONTEXT = re.compile(r"\b(?:bank|banco|banque|rekening|transfer|wire|virement|überweisung|transferencia|"
                           r"ifsc|swift|bic|routing|sort code|iban|deposit|a\.n\.|account name|beneficiary)\b")
# The look-behind comes after the "$" so the search jumps from "$" to "$" instead of trying every position.
_CASHTAG = re.compile(r"\$(?<![\w$]\$)(?P<tag>[a-z][a-z0-9_]{2,19})\b")
_CASHTAG_CONTEXT = re.compile(r"\b(?:cash ?app|cashapp|cashtag|\$cashtag|send|pay|deposit|tip)\b")
_APP_HANDLE = re.compile(
    r"(?P<app>" + at_word_start("venmo", "paypal", "zelle", "payoneer", "revolut", "skrill", "gcash", "paytm", "phonepe",
                                "gpay", "mpesa", "m-pesa", "pix", "chave pix", "chave aleatória", "chave aleatoria", "chave",
                                "cash ?app", "wise", "upi") + r")"
    r"(?:[ \t]{0,2}(?:id|key|chave|handle|account|acct|tag|is|me|@))?[ \t:=\-]{0,3}"
    r"(?P<handle>@[a-z0-9][a-z0-9_\-.]{2,30}|\$[a-z][a-z0-9_]{2,19}"
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|\d{3}\.\d{3}\.\d{3}-\d{2}|[a-z0-9._\-]{2,40}@(?:ok|ybl|paytm|upi|apl|ibl|axl|sbi|icici|hdfc|okaxis|oksbi|okhdfcbank|okicici)\b)"
)
#: App words that name a key of another app ("chave aleatória": a Pix random key).
_APP_ALIASES = {"chavealeatória": "pix", "chavealeatoria": "pix", "chave": "pix"}
_UPI = re.compile(r"(?<![\w.])[a-z0-9._\-]{2,40}@(?:ybl|paytm|upi|apl|ibl|axl|sbi|icici|hdfc|okaxis|oksbi|okhdfcbank|okicici)\b")
#: A UPI id's "@" comes at most this many characters after its start (its name: 2 to 40 characters).
_UPI_REACH = 40
#: The handles of _UPI: one of them is a whole word of any text it matches (after "@", before ``\b``).
_UPI_HANDLES = frozenset({"ybl", "paytm", "upi", "apl", "ibl", "axl", "sbi", "icici", "hdfc", "okaxis", "oksbi",
                          "okhdfcbank", "okicici"})


_PAY_APP_WORDS = frozenset({"venmo", "paypal", "zelle", "payoneer", "revolut", "skrill", "gcash", "paytm", "phonepe",
                            "gpay", "mpesa", "m", "pix", "cash", "cashapp", "wise", "upi", "chave"})
_M_ONLY = frozenset({"m"})
# Cheap gates, each true whenever its pattern can match at all (so they never change a finding):
# every app name of _APP_HANDLE ("m" of "i'm" alone lets ordinary chat through the word gate);
_APP_NAME_ANYWHERE = re.compile(r"venmo|paypal|zelle|payoneer|revolut|skrill|gcash|paytm|phonepe|gpay|mpesa|m-pesa|pix"
                                r"|cash|wise|upi")
# a base58 wallet is a run of 26+ base58 characters starting with 1, 3 or T;
_B58_RUN = re.compile(r"[13T][1-9A-HJ-NP-Za-km-z]{25}")
# an IBAN has two letters then two digits (searched from the digits, which are rare);
_IBAN_GATE = re.compile(r"\d(?<=[a-z]{2}\d)\d")
# _IBAN's opening in the shape of an ASCII text (base.text_shape: "0" a digit, "a" a lowercase
# letter, which is what [a-z] matches there; [a-z0-9] is [a0]): two letters and two digits at a word
# start (no letter or digit before), then the start of either form of the rest, 11 letters or digits
# or a group of four. Searched from the rarer "00"; "#bd3498" (a colour) and "ab12" pass no more.
_IBAN_SHAPE = re.compile(rb"00(?<=aa00)(?<![a0]aa00)(?:[a0]{11}|[ \-][a0]{4})")
# the words of _BANK_ACCOUNT and _SORT_CODE.
_BANK_WORDS = ("acc", "a/c", "rek", "cuenta", "conta", "konto", "compte", "сч", "sort")
# six digits with at most one blank or "-" between two of them: what _BANK_ACCOUNT's account number
# and _SORT_CODE's sort code both hold (a price and a day's digits seldom do); in the shape of an
# ASCII text too ("0" a digit)
_SIX_DIGITS = re.compile(r"\d(?:[ \-]?\d){5}")
_SIX_SHAPE = re.compile(rb"0(?:[ \-]?0){5}")


class PaymentDetector(BaseDetector):
    kinds = frozenset({Kind.PAYMENT})
    detail_gated = True  # its gates are a clause of detail_gate.detail_mask: keep them in step
    detail_bit = PAYMENT_BIT

    def detect(self, nt: NormalizedText) -> Iterable[Finding]:
        """Cheap gates first (each true whenever its patterns can match, so they never change a
        finding); most messages pass none of them and get an empty tuple without a generator."""
        text = nt.text
        original = nt.original
        shape, digits = text_shape(text)
        # a wallet is a run of 14+ ASCII letters and digits (checked first: far rarer than "0x" in "1200x1080")
        wallets = has_alnum_run_14(original) and (
            "0x" in original or "bc1" in original or "BC1" in original or "tb1" in original
            or _B58_RUN.search(original) is not None
        )
        # "[a-z]{2}\d\d": in the shape of an ASCII text "aa00", searched from the rarer "00"
        ibans = digits >= 2 and (
            _IBAN_SHAPE.search(shape) is not None if text.isascii() else _IBAN_GATE.search(text) is not None
        )
        # a sort code and an account number both need six digits close together
        bank = digits >= 6 and _names_a_bank_word(text) and _six_close_digits(text, shape)
        cashtags = "$" in text and shape.find(b"$a") >= 0  # "$" then [a-z]
        at = "@" in text
        # an app handle starts with "@" or "$" + letter, or holds "-" (a Pix key, a CPF)
        apps = (at or cashtags or "-" in text) and _names_a_pay_app(text)
        if wallets or ibans or bank or cashtags or apps or at:
            return self._detect(nt, wallets, ibans, bank, cashtags, apps, at)
        return ()

    def _detect(self, nt: NormalizedText, wallets: bool, ibans: bool, bank: bool, cashtags: bool, apps: bool,
                at: bool) -> Iterator[Finding]:
        text = nt.text
        if wallets:
            yield from self._wallets(nt)
        if ibans:
            yield from self._ibans(nt)
        if bank:
            yield from self._bank(nt)
        if cashtags:
            for m in _CASHTAG.finditer(text):
                ctx = _CASHTAG_CONTEXT.search(text[max(0, m.start() - 50):m.end() + 30]) is not None
                if ctx:
                    yield make_finding(nt, Kind.PAYMENT, m.start(), m.end(), value=f"cashapp:{m.group('tag')}",
                                       rule="payment.cashtag", score=0.85)
        if apps:
            yield from self._app_handles(nt)
        if at and not _UPI_HANDLES.isdisjoint(word_set(text)):
            for m in finditer_around(_UPI, text, "@", _UPI_REACH):
                yield make_finding(nt, Kind.PAYMENT, m.start(), m.end(), value=f"upi:{m.group()}",
                                   rule="payment.upi_id", score=0.85)

    def _app_handles(self, nt: NormalizedText) -> Iterator[Finding]:
        for m in _APP_HANDLE.finditer(nt.text):
            app = m.group("app").replace(" ", "")
            app = _APP_ALIASES.get(app, app)
            handle = m.group("handle")
            yield make_finding(nt, Kind.PAYMENT, m.start("handle"), m.end("handle"), value=f"{app}:{handle.lstrip('@$')}",
                               rule=f"payment.handle.{app.replace('-', '')}", score=0.85)

    def _wallets(self, nt: NormalizedText) -> Iterator[Finding]:
        original = nt.original
        for m in _WALLET.finditer(original):
            addr = m.group()
            if m.group("eth"):
                coin, valid = "eth", is_valid_eth_address(addr)
            elif m.group("bech"):
                coin, valid = "btc", is_valid_bech32_address(addr)
            else:
                coin = "trx" if addr.startswith("T") else "btc"
                valid = is_valid_base58_address(addr)
            ctx_window = original[max(0, m.start() - 80):m.end() + 60].lower()
            if WEB3_TASK_CONTEXT.search(ctx_window) and not re.search(r"\b(?:send|pay|deposit|usdt)\b", ctx_window):
                continue  # a contract address or tx in a web3 task
            pay_ctx = _PAY_CONTEXT.search(ctx_window) is not None
            if valid:
                score, rule = 0.95, f"payment.wallet.{coin}"
            elif pay_ctx and _plausible_wallet(addr):
                score, rule = 0.7, f"payment.wallet.{coin}.unverified_checksum"
            else:
                continue
            # The original span is the normalized span only when no character was rewritten before it;
            # wallets are matched on the original, so build the finding directly.
            yield Finding(kind=Kind.PAYMENT, start=m.start(), end=m.end(), text=addr, value=f"{coin}:{addr}",
                          rule=rule, score=score)

    def _ibans(self, nt: NormalizedText) -> Iterator[Finding]:
        for m in _IBAN.finditer(nt.text):
            compact = re.sub(r"[ \-]", "", m.group()).upper()
            if 15 <= len(compact) <= 34 and stdnum_iban.is_valid(compact) and not is_example_iban(compact, nt.text):
                yield make_finding(nt, Kind.PAYMENT, m.start(), m.end(), value=f"iban:{compact}",
                                   rule="payment.iban", score=0.95)

    def _bank(self, nt: NormalizedText) -> Iterator[Finding]:
        text = nt.text
        if "sort" in text:
            for m in _SORT_CODE.finditer(text):
                yield make_finding(nt, Kind.PAYMENT, m.start("sort"), m.end("sort"), value=f"sortcode:{m.group('sort')}",
                                   rule="payment.uk_sort_code", score=0.9)
                if m.group("acct"):
                    yield make_finding(nt, Kind.PAYMENT, m.start("acct"), m.end("acct"),
                                       value=f"account:{m.group('acct')}", rule="payment.bank_account", score=0.9)
        for m in _BANK_ACCOUNT.finditer(text):
            digits = re.sub(r"\D", "", m.group("acct"))
            if not 6 <= len(digits) <= 20:
                continue
            ctx = _BANK_CONTEXT.search(text[max(0, m.start() - 60):m.end() + 40]) is not None
            if ctx:
                yield make_finding(nt, Kind.PAYMENT, m.start("acct"), m.end("acct"), value=f"account:{digits}",
                                   rule="payment.bank_account", score=0.85)


def _names_a_bank_word(text: str) -> bool:
    """One of _BANK_WORDS in the text (written out: a generator over the tuple costs more than the
    searches)."""
    return ("acc" in text or "a/c" in text or "rek" in text or "cuenta" in text or "conta" in text
            or "konto" in text or "compte" in text or "сч" in text or "sort" in text)


def _six_close_digits(text: str, shape: bytes) -> bool:
    """``_SIX_DIGITS.search(text) is not None`` (``shape``: ``text_shape(text)[0]``)."""
    return (_SIX_SHAPE.search(shape) if text.isascii() else _SIX_DIGITS.search(text)) is not None


def _names_a_pay_app(text: str) -> bool:
    """A word of a payment app's name ("m" of "i'm" alone only with an app name in the text)."""
    apps = _PAY_APP_WORDS.intersection(word_set(text))
    return bool(apps) and (apps != _M_ONLY or _APP_NAME_ANYWHERE.search(text) is not None)


def _plausible_wallet(addr: str) -> bool:
    """Random-looking: mixes letters and digits (not a word, not a hex colour run)."""
    return any(c.isdigit() for c in addr) and sum(c.isalpha() for c in addr) >= 8


def is_valid_eth_address(addr: str) -> bool:
    body = addr[2:]
    if body.islower() or body.isupper():
        return not all(c == "0" for c in body)  # no checksum to check in single-case addresses
    digest = keccak.new(digest_bits=256, data=body.lower().encode()).hexdigest()
    return all(
        (c.upper() if int(h, 16) >= 8 else c.lower()) == c for c, h in zip(body, digest[:40], strict=True) if c.isalpha()
    )


def is_valid_bech32_address(addr: str) -> bool:
    hrp = addr[:2].lower()
    version, program = bech32.decode(hrp, addr.lower())
    return version is not None and program is not None


def is_valid_base58_address(addr: str) -> bool:
    try:
        raw = base58.b58decode_check(addr)
    except ValueError:
        return False
    if addr.startswith("T"):
        return len(raw) == 21 and raw[0] == 0x41
    return len(raw) == 21 and raw[0] in (0x00, 0x05)
