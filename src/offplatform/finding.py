"""The one finding type every stage after detection speaks.

A :class:`Finding` is immutable and always points into the ORIGINAL text the user typed
(``original[start:end] == finding.text``), never into the normalized text: masking,
highlighting and span evaluation all rely on that.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What a finding is. Concrete details first, message-level signals last."""

    EMAIL = "email"
    PHONE = "phone"
    URL = "url"
    MESSAGING = "messaging"
    SOCIAL = "social"
    MEETING = "meeting"
    PAYMENT = "payment"
    INTENT = "intent"
    SCAM = "scam"
    LIMIT = "limit"  # the message holds more findings than one scan reports (ScanConfig.max_findings)


#: Kinds that are a concrete contact or payment detail (a span that can be masked).
DETAIL_KINDS: frozenset[Kind] = frozenset(
    {Kind.EMAIL, Kind.PHONE, Kind.URL, Kind.MESSAGING, Kind.SOCIAL, Kind.MEETING, Kind.PAYMENT}
)
#: Kinds that describe the message as a whole (their span is the phrase that triggered them).
SIGNAL_KINDS: frozenset[Kind] = frozenset({Kind.INTENT, Kind.SCAM, Kind.LIMIT})


class ScamCategory(StrEnum):
    PAYMENT_OUTSIDE_ESCROW = "payment_outside_escrow"
    ADVANCE_FEE = "advance_fee"
    FAKE_CHECK = "fake_check"
    CRYPTO_OR_GIFT_CARD = "crypto_or_gift_card"
    CREDENTIALS = "credentials"  # verification code, password, PIN, ID documents
    ACCOUNT_RENTAL = "account_rental"
    PHISHING = "phishing"
    FAKE_INTERVIEW = "fake_interview"
    FAKE_SUPPORT = "fake_support"
    MONEY_MULE = "money_mule"  # receiving and forwarding money or parcels for someone
    ESCROW_MANIPULATION = "escrow_manipulation"  # a refund, dispute or chargeback turned against the freelancer


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found in one message.

    ``start``/``end`` are offsets into the original text (end exclusive). ``value`` is the
    normalized form (E.164 phone, lowercased email, canonical URL or handle). ``rule`` names the
    rule that fired; ``score`` is a confidence in 0..1. ``category`` is set for scam findings;
    ``message`` is the message index for findings of a conversation scan.
    """

    kind: Kind
    start: int
    end: int
    text: str
    value: str
    rule: str
    score: float
    category: str | None = None
    message: int | None = None
    explanation: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"bad span {self.start}..{self.end}")
        if not (0.0 <= self.score <= 1.0):
            raise ValueError(f"score out of range: {self.score}")

    @property
    def is_detail(self) -> bool:
        return self.kind in DETAIL_KINDS

    def overlaps(self, other: Finding) -> bool:
        return self.start < other.end and other.start < self.end

    def with_message(self, index: int) -> Finding:
        return replace(self, message=index)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape (see README: output contract). Extend, never rename."""
        out: dict[str, Any] = {}
        if self.message is not None:
            out["message"] = self.message
        out.update(
            kind=str(self.kind),
            start=self.start,
            end=self.end,
            text=self.text,
            value=self.value,
            rule=self.rule,
            score=round(self.score, 3),
        )
        if self.category is not None:
            out["category"] = self.category
        return out


_new_object = object.__new__
(_set_kind, _set_start, _set_end, _set_text, _set_value, _set_rule, _set_score, _set_category, _set_message,
 _set_explanation) = (getattr(Finding, name).__set__ for name in (
    "kind", "start", "end", "text", "value", "rule", "score", "category", "message", "explanation"))


def new_finding(kind: Kind, start: int, end: int, text: str, value: str, rule: str, score: float,
                category: str | None = None, explanation: str = "") -> Finding:
    """``Finding(kind, start, end, text, value, rule, score, category, explanation=...)`` with the
    same checks, in half the time: the frozen dataclass's ``__init__`` sets each of the ten fields
    through ``object.__setattr__``; this fills the slots through their descriptors. Every detector
    finding is built here (``make_finding``)."""
    if not (0 <= start <= end):
        raise ValueError(f"bad span {start}..{end}")
    if not (0.0 <= score <= 1.0):
        raise ValueError(f"score out of range: {score}")
    f = _new_object(Finding)
    _set_kind(f, kind)
    _set_start(f, start)
    _set_end(f, end)
    _set_text(f, text)
    _set_value(f, value)
    _set_rule(f, rule)
    _set_score(f, score)
    _set_category(f, category)
    _set_message(f, None)
    _set_explanation(f, explanation)
    return f
