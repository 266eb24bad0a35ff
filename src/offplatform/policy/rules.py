"""The policy as data: an ordered rule table, the new-account signal, the ladder and the notices.

A :class:`Policy` is frozen and built once (from TOML by :mod:`offplatform.policy.load`, or in
code); :func:`offplatform.policy.decide.decide` reads it and nothing else.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from ..finding import Kind
from .model import Action, Stage


class When(StrEnum):
    """When a rule applies, relative to the stage at which channels open (``channels_open_at``)."""

    ALWAYS = "always"
    BEFORE_CONTRACT = "before_contract"
    AFTER_CONTRACT = "after_contract"


#: Placeholders a notice template may use.
TEMPLATE_FIELDS: frozenset[str] = frozenset({"details", "when", "preference", "until"})

#: Words for each kind in a notice ("... delivered with the phone number hidden").
KIND_NOUNS: dict[str, tuple[str, str]] = {
    "email": ("email address", "email addresses"),
    "phone": ("phone number", "phone numbers"),
    "url": ("link", "links"),
    "messaging": ("messaging app contact", "messaging app contacts"),
    "social": ("social media profile", "social media profiles"),
    "meeting": ("meeting link", "meeting links"),
    "payment": ("payment detail", "payment details"),
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the rule table.

    A finding matches when its kind is in ``kinds``, its category is in ``categories`` (when
    given), the stage fits ``when``, and ``keep_on_platform`` (when not ``None``) equals whether
    a party of the conversation chose to keep it on the platform. For each finding the FIRST
    matching rule decides; the message gets the strictest action of its findings' rules.
    ``counts``: a match is a violation that counts toward the sender's ladder.
    """

    id: str
    kinds: frozenset[Kind]
    action: Action
    when: When = When.ALWAYS
    categories: frozenset[str] = frozenset()
    keep_on_platform: bool | None = None
    counts: bool = False
    sender_notice: str = ""
    recipient_notice: str = ""
    description: str = ""

    def applies(self, kind: Kind, category: str | None, channels_open: bool, kept: bool) -> bool:
        if kind not in self.kinds:
            return False
        if self.categories and category not in self.categories:
            return False
        if self.when is When.BEFORE_CONTRACT and channels_open:
            return False
        if self.when is When.AFTER_CONTRACT and not channels_open:
            return False
        return self.keep_on_platform is None or self.keep_on_platform == kept


@dataclass(frozen=True, slots=True)
class NewAccountRule:
    """Messages from accounts younger than ``max_age_days`` with a finding of ``kinds`` (scam
    findings only in ``categories``, when given) get ``action``."""

    max_age_days: float = 7.0
    kinds: frozenset[Kind] = frozenset({Kind.MESSAGING, Kind.INTENT, Kind.PAYMENT, Kind.SCAM})
    categories: frozenset[str] = frozenset()
    action: Action = Action.HOLD
    sender_notice: str = ""
    recipient_notice: str = ""

    def applies(self, kind: Kind, category: str | None) -> bool:
        if kind not in self.kinds:
            return False
        return kind is not Kind.SCAM or not self.categories or category in self.categories


@dataclass(frozen=True, slots=True)
class Ladder:
    """Escalation per sender over ``window_days`` of violations.

    With at least ``warn_after`` earlier violations the sender is told that more lead to review;
    with ``hold_after`` every violating message is held; with ``restrict_after`` the sender cannot
    send messages for ``restrict_hours`` after the latest violation.
    """

    window_days: float = 30.0
    warn_after: int = 1
    hold_after: int = 2
    restrict_after: int = 4
    restrict_hours: float = 24.0
    warn_notice: str = ""
    hold_notice: str = ""
    restricted_notice: str = ""


@dataclass(frozen=True, slots=True)
class Override:
    """The sender says a masked message holds no contact information: it goes to review."""

    action: Action = Action.HOLD
    sender_notice: str = ""


@dataclass(frozen=True, slots=True)
class Policy:
    """Everything :func:`decide` needs. ``version`` is the content hash of the source file."""

    rules: tuple[Rule, ...]
    channels_open_at: Stage = Stage.CONTRACT
    new_account: NewAccountRule | None = field(default_factory=NewAccountRule)
    ladder: Ladder = field(default_factory=Ladder)
    override: Override = field(default_factory=Override)
    placeholder: str = "[{kind} hidden]"
    keep_on_platform_notice: str = ""
    held_notice: str = ""
    name: str = "custom"
    version: str = ""
    #: The rules for each kind, in table order (derived: lookups skip rules of other kinds).
    rules_by_kind: dict[Kind, tuple[Rule, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "rules_by_kind", {k: tuple(r for r in self.rules if k in r.kinds) for k in Kind}
        )
        if not self.version:
            object.__setattr__(self, "version", content_version(_canonical(self).encode()))

    @property
    def when_text(self) -> str:
        """How notices say when channels open."""
        if self.channels_open_at is Stage.FUNDED:
            return "once the contract's escrow is funded"
        if self.channels_open_at is Stage.CONTRACT:
            return "once a contract is accepted"
        return f"once the conversation reaches the {self.channels_open_at} stage"

    def channels_open(self, stage: Stage) -> bool:
        return stage.rank >= self.channels_open_at.rank

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def content_version(data: bytes) -> str:
    """The policy version: a short content hash, the same for the same bytes everywhere."""
    return "sha256:" + hashlib.sha256(data).hexdigest()[:16]


def _canonical(policy: Policy) -> str:
    def default(o: object) -> object:
        if isinstance(o, (set, frozenset)):
            return sorted(str(x) for x in o)
        return str(o)

    data = asdict(policy)
    data.pop("version", None)
    data.pop("rules_by_kind", None)
    return json.dumps(data, sort_keys=True, default=default)
