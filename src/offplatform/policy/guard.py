"""The library entry point: :class:`Guard` scans a message, reads the sender's history, decides,
and records what the ladder and the moderators need."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from ..conversation import ConversationScanner
from ..finding import Finding
from ..scanner import Scanner
from .decide import decide
from .ladder import HistoryStore, InMemoryStore, OverrideRecord, Violation, window_start
from .load import load_policy
from .model import Audience, Context, Decision, MaskedDetail, Notice, Stage, parse_stage
from .rules import Policy


class Guard:
    """Review messages against a policy.

    >>> guard = Guard(load_policy())                                     # doctest: +SKIP
    >>> guard.review("call me +44 20 7946 0958", Context(stage="interview")).text  # doctest: +SKIP
    'call me [phone hidden]'

    ``policy`` is a :class:`Policy`, a policy file's path, or ``None`` for the default policy.
    ``store`` keeps the violations the ladder counts (an :class:`InMemoryStore` by default);
    ``clock`` gives the time when a context carries none. Thread-safe if the store is.
    """

    def __init__(
        self,
        policy: Policy | str | Path | None = None,
        *,
        scanner: Scanner | None = None,
        store: HistoryStore | None = None,
        clock: Callable[[], datetime] | None = None,
        window: int = 6,
    ) -> None:
        self.policy = policy if isinstance(policy, Policy) else load_policy(policy)
        self.scanner = scanner or Scanner()
        self.store: HistoryStore = store if store is not None else InMemoryStore()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.conversations = ConversationScanner(self.scanner, window=window)

    def review(self, text: str, context: Context) -> Decision:
        """Scan ``text`` and decide what happens to it."""
        return self.review_findings(text, self.scanner.scan(text).findings, context)

    def review_in_conversation(self, history: Sequence[str], text: str, context: Context) -> Decision:
        """Like :meth:`review`, with the conversation's earlier messages (oldest first) as context,
        so a detail split over several messages is found in the message that completes it.
        Only the last ``window - 1`` earlier messages are read."""
        keep = max(0, self.conversations.window - 1)
        messages = [*(history[-keep:] if keep else ()), text]
        # what scan_conversation(messages) finds in the last message, without scanning the earlier ones alone
        own = [replace(f, message=None) for f in self.conversations.scan_last(messages)]
        return self.review_findings(text, own, context)

    def review_findings(self, text: str, findings: Iterable[Finding], context: Context) -> Decision:
        """Decide on findings the caller already has (spans into ``text``), then record."""
        now = context.now
        if now is None:
            now = self.clock()
            context = replace(context, now=now)
        history: Sequence[Violation] = ()
        if context.sender:
            history = self.store.violations(context.sender, window_start(self.policy.ladder, now))
        decision = decide(text, findings, context, self.policy, history)
        if context.sender and decision.violation:
            self.store.record_violation(
                Violation(context.sender, now, context.conversation_id, decision.rules)
            )
        if decision.override:
            self.store.record_override(
                OverrideRecord(
                    user=context.sender,
                    at=now,
                    conversation_id=context.conversation_id,
                    text=text,
                    masked=tuple(m.text for m in decision.masked),
                    policy_version=decision.policy_version,
                )
            )
        return decision

    def keep_on_platform_notice(self) -> Notice:
        """What the other party is told when someone chooses to keep the conversation here."""
        return keep_on_platform_notice(self.policy)


def keep_on_platform_notice(policy: Policy) -> Notice:
    return Notice(Audience.RECIPIENT, "keep-on-platform-chosen", policy.keep_on_platform_notice)


@dataclass(frozen=True, slots=True)
class Reveal:
    """Details to show ``recipient`` now that the contract is accepted, with the sender's consent."""

    conversation_id: str
    sender: str
    recipient: str
    details: tuple[MaskedDetail, ...]

    def to_dict(self) -> dict:
        return {
            "conversation_id": self.conversation_id,
            "sender": self.sender,
            "recipient": self.recipient,
            "details": [d.to_dict() for d in self.details],
        }


def reveal_at_contract(
    decisions: Iterable[Decision],
    policy: Policy,
    stage: Stage | str,
    keep_on_platform: Iterable[str] = (),
) -> tuple[Reveal, ...]:
    """What to reveal when a conversation reaches ``stage`` ("share when the contract starts").

    A detail is revealed when its message was delivered masked, the sender consented, it was
    hidden only because the contract was not accepted yet (never payment details, never what a
    keep-on-platform choice hides), nobody now keeps the conversation on the platform, and
    ``stage`` opens channels under ``policy``. One :class:`Reveal` per (conversation, sender),
    each detail value once, in message order.
    """
    if not policy.channels_open(parse_stage(stage)) or frozenset(keep_on_platform):
        return ()
    grouped: dict[tuple[str, str, str], list[MaskedDetail]] = {}
    seen: set[tuple[str, str, str, str]] = set()
    for d in decisions:
        if not (d.reveal_on_contract and d.delivered and d.masked):
            continue
        key = (d.conversation_id, d.sender, d.recipient)
        for m in d.masked:
            if not m.revealable or (*key, m.value) in seen:
                continue
            seen.add((*key, m.value))
            grouped.setdefault(key, []).append(m)
    return tuple(Reveal(c, s, r, tuple(ms)) for (c, s, r), ms in grouped.items())


@lru_cache(maxsize=8)
def _guard_for(policy_path: str | None, _stamp: tuple[int, int] | None) -> Guard:
    return Guard(load_policy(policy_path))


def decide_text(text: str, stage: Stage | str, policy_path: str | Path | None = None) -> Decision:
    """One message, one decision, no history (the CLI's entry point).

    Guards are cached per policy file (and its modification time and size, so an edited file is
    read again): calling this for every line of a file scans at full speed.
    """
    stamp = None
    if policy_path is not None:
        try:
            st = os.stat(policy_path)
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = None  # load_policy reports the unreadable file
    guard = _guard_for(str(policy_path) if policy_path is not None else None, stamp)
    return guard.review(text, Context(stage=parse_stage(stage)))
