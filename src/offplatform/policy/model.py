"""The words of the policy: stages, actions, the context of a message and the decision about it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from ..errors import ConfigError, InputError
from ..finding import Finding


class Stage(StrEnum):
    """Where the conversation is, in the order it gets there.

    ``contract`` means a contract has been accepted; ``funded`` that its escrow is funded.
    """

    INQUIRY = "inquiry"
    INTERVIEW = "interview"
    OFFER = "offer"
    CONTRACT = "contract"
    FUNDED = "funded"
    CLOSED = "closed"

    @property
    def rank(self) -> int:
        return _STAGE_RANK[self]


_STAGE_RANK: dict[Stage, int] = {s: i for i, s in enumerate(Stage)}


def parse_stage(value: Stage | str) -> Stage:
    """``value`` as a :class:`Stage`; a clear :class:`ConfigError` for an unknown name."""
    try:
        return Stage(value)
    except ValueError:
        raise ConfigError(
            f"unknown stage {value!r}; expected one of {', '.join(s.value for s in Stage)}"
        ) from None


class Action(StrEnum):
    """What happens to a message, from mildest to strictest.

    - ``allow``: delivered as typed.
    - ``warn``: delivered as typed; the sender is reminded of the rule.
    - ``mask``: delivered with the detail spans replaced by a placeholder naming the kind.
    - ``hold``: not delivered until a moderator decides.
    - ``block``: rejected; the sender is told why.
    """

    ALLOW = "allow"
    WARN = "warn"
    MASK = "mask"
    HOLD = "hold"
    BLOCK = "block"

    @property
    def severity(self) -> int:
        return _ACTION_RANK[self]

    @property
    def delivers(self) -> bool:
        return self.severity <= Action.MASK.severity


_ACTION_RANK: dict[Action, int] = {a: i for i, a in enumerate(Action)}


def strictest(actions: Iterable[Action]) -> Action:
    """The strictest of ``actions`` (``allow`` for none)."""
    best = Action.ALLOW
    rank = _ACTION_RANK
    for a in actions:
        if rank[a] > rank[best]:
            best = a
    return best


class Audience(StrEnum):
    SENDER = "sender"
    RECIPIENT = "recipient"


@dataclass(frozen=True, slots=True)
class Notice:
    """A message in plain language for one party. ``code`` is stable (for translation and
    analytics); ``text`` is what the person reads."""

    audience: Audience
    code: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"audience": str(self.audience), "code": self.code, "text": self.text}


@dataclass(frozen=True, slots=True)
class MaskedDetail:
    """One stretch of the original text hidden from the recipient.

    ``start``/``end`` index the original text (they may be wider than the finding's span: a mask
    never cuts a word in two). ``revealable`` is True when the detail was hidden only because the
    contract had not been accepted yet (it may be revealed then, with the sender's consent).
    """

    kind: str
    start: int
    end: int
    text: str
    value: str
    placeholder: str
    rule: str
    revealable: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "placeholder": self.placeholder,
            "rule": self.rule,
            "revealable": self.revealable,
        }


@dataclass(frozen=True, slots=True)
class Context:
    """Who sends what to whom, and where the conversation stands.

    - ``keep_on_platform``: the users (sender and/or recipient) who chose to keep this
      conversation on the platform; contact details then stay hidden even after the contract.
    - ``account_age_days``: the sender's account age; ``None`` when unknown (no new-account rule).
    - ``override``: the sender said "this isn't contact information" about a masked message.
    - ``consent_to_reveal``: the sender agreed that details hidden now are revealed to the other
      party when the contract is accepted.
    - ``now``: the time of the message (timezone-aware); ``None`` means the guard's clock.
    """

    conversation_id: str = ""
    sender: str = ""
    recipient: str = ""
    stage: Stage = Stage.INQUIRY
    keep_on_platform: frozenset[str] = frozenset()
    account_age_days: float | None = None
    override: bool = False
    consent_to_reveal: bool = False
    now: datetime | None = None

    def __post_init__(self) -> None:
        if type(self.stage) is not Stage:
            object.__setattr__(self, "stage", parse_stage(self.stage))
        if type(self.keep_on_platform) is not frozenset:
            object.__setattr__(self, "keep_on_platform", frozenset(self.keep_on_platform))
        if self.now is not None and self.now.utcoffset() is None:
            raise InputError("Context.now must be timezone-aware (e.g. datetime.now(UTC))")


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one message, and why.

    ``text`` is what the recipient sees: the message as typed (allow, warn), with details hidden
    (mask), or ``None`` when it is not delivered (hold, block). ``rules`` are the ids of the rules
    behind the decision; ``findings`` the spans they fired on. ``violation`` says whether the
    message counts toward the sender's enforcement ladder. ``masked`` lists what was hidden, and
    ``reveal_on_contract`` is the sender's consent to reveal the revealable part of it when the
    contract is accepted. ``policy_version`` is the content hash of the policy that decided.
    """

    action: Action
    text: str | None
    original: str
    sender_notices: tuple[Notice, ...]
    recipient_notices: tuple[Notice, ...]
    rules: tuple[str, ...]
    findings: tuple[Finding, ...]
    policy_version: str
    stage: Stage
    conversation_id: str = ""
    sender: str = ""
    recipient: str = ""
    violation: bool = False
    masked: tuple[MaskedDetail, ...] = ()
    reveal_on_contract: bool = False
    override: bool = False
    ladder_step: str = "none"
    restricted_until: datetime | None = field(default=None)

    @property
    def delivered(self) -> bool:
        return self.action.delivers

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": str(self.action),
            "delivered": self.delivered,
            "text": self.text,
            "stage": str(self.stage),
            "conversation_id": self.conversation_id,
            "sender": self.sender,
            "recipient": self.recipient,
            "rules": list(self.rules),
            "violation": self.violation,
            "ladder_step": self.ladder_step,
            "restricted_until": self.restricted_until.isoformat() if self.restricted_until else None,
            "override": self.override,
            "reveal_on_contract": self.reveal_on_contract,
            "sender_notices": [n.to_dict() for n in self.sender_notices],
            "recipient_notices": [n.to_dict() for n in self.recipient_notices],
            "masked": [m.to_dict() for m in self.masked],
            "findings": [f.to_dict() for f in self.findings],
            "policy_version": self.policy_version,
        }
