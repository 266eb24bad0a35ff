"""The decision: findings + context + policy + the sender's history -> :class:`Decision`.

:func:`decide` is pure (no clock, no store, no scanning): the same inputs give the same decision,
which is what the rule table tests rely on. The order of play:

1. Each finding takes the action of the FIRST rule of the table that matches it.
2. The message takes the strictest of those actions.
3. A new account asking for a chat app or for payment outside escrow is escalated.
4. The ladder: a restricted sender is blocked; on the hold rung a violating message is held; on the
   warn rung the sender is told that more violations lead to review.
5. A sender's "this isn't contact information" turns a mask into a hold (review), never into
   delivery of the unmasked text.
6. Notices come from the rules whose action is the final one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, datetime

from ..finding import SIGNAL_KINDS, Finding
from .ladder import LadderState, Step, Violation, ladder_state
from .mask import Span, apply, placeholder_for, plan, widen
from .model import Action, Audience, Context, Decision, MaskedDetail, Notice, strictest
from .rules import KIND_NOUNS, Policy, Rule, When

#: Ids of the decisions that do not come from the rule table.
NEW_ACCOUNT = "new-account"
LADDER_WARN = "ladder-warn"
LADDER_HOLD = "ladder-hold"
LADDER_RESTRICTED = "ladder-restricted"
SENDER_OVERRIDE = "sender-override"
HELD_FOR_RECIPIENT = "held-for-review"


def match_rules(findings: Iterable[Finding], context: Context, policy: Policy) -> list[tuple[Finding, Rule]]:
    """Each finding with the first rule that matches it (findings no rule matches are left out)."""
    channels_open = policy.channels_open(context.stage)
    kept = bool(context.keep_on_platform)
    by_kind = policy.rules_by_kind
    out: list[tuple[Finding, Rule]] = []
    for f in findings:
        for rule in by_kind.get(f.kind, ()):
            if rule.applies(f.kind, f.category, channels_open, kept):
                out.append((f, rule))
                break
    return out


def describe_kinds(kinds: Sequence[str]) -> str:
    """ "the phone number", "the 2 phone numbers and the email address"."""
    counts: dict[str, int] = {}
    for k in kinds:
        counts[k] = counts.get(k, 0) + 1
    parts = []
    for kind, n in counts.items():
        one, many = KIND_NOUNS.get(kind, (f"{kind} detail", f"{kind} details"))
        parts.append(f"the {one}" if n == 1 else f"the {n} {many}")
    if not parts:
        return "the contact details"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def preference_text(context: Context, viewer: str) -> str:
    """The keep-on-platform preference, said to ``viewer``."""
    keepers = context.keep_on_platform
    if not keepers:
        return ""
    others = keepers - {viewer}
    if viewer in keepers and others:
        return "You both chose to keep this conversation on the platform."
    if viewer in keepers:
        return "You chose to keep this conversation on the platform."
    return "The other person prefers to keep this conversation on the platform."


def _masked_details(
    text: str, matches: Sequence[tuple[Finding, Rule]], policy: Policy
) -> tuple[MaskedDetail, ...]:
    to_mask = [(f, r) for f, r in matches if r.action is Action.MASK and f.is_detail]
    if not to_mask:
        return ()
    if len(to_mask) == 1:  # the common case: nothing to sort or merge
        f = to_mask[0][0]
        stretches = [Span(*widen(text, f.start, f.end), f.kind.value)]
    else:
        stretches = plan(text, [Span(f.start, f.end, f.kind.value) for f, _ in to_mask])
    out: list[MaskedDetail] = []
    for s in stretches:
        inside = [(f, r) for f, r in to_mask if s.start <= f.start and f.end <= s.end]
        first_rule = inside[0][1]
        out.append(
            MaskedDetail(
                kind=s.kind,
                start=s.start,
                end=s.end,
                text=text[s.start : s.end],
                value=" ".join(f.value for f, _ in inside),
                placeholder=placeholder_for(policy.placeholder, s.kind),
                rule=first_rule.id,
                revealable=all(
                    r.when is When.BEFORE_CONTRACT and r.keep_on_platform is not True for _, r in inside
                ),
            )
        )
    return tuple(out)


def decide(
    text: str,
    findings: Iterable[Finding],
    context: Context,
    policy: Policy,
    history: Collection[Violation] = (),
) -> Decision:
    """Decide what happens to ``text`` (whose findings are ``findings``) sent in ``context``.

    ``history`` is the sender's earlier violations (older than the ladder window is fine: they are
    ignored). ``context.now`` is the time of the message; without it the ladder sees no history.
    """
    findings = tuple(findings)
    matches = match_rules(findings, context, policy)
    steps: list[tuple[str, Action, str, str]] = [  # (id, action, sender template, recipient template)
        (r.id, r.action, r.sender_notice, r.recipient_notice) for _, r in matches
    ]
    violation = any(r.counts for _, r in matches)
    masked = _masked_details(text, matches, policy)

    na = policy.new_account
    if (
        na is not None
        and context.account_age_days is not None
        and context.account_age_days < na.max_age_days
        and any(na.applies(f.kind, f.category) for f in findings)
    ):
        steps.append((NEW_ACCOUNT, na.action, na.sender_notice, na.recipient_notice))

    state = (
        ladder_state(policy.ladder, history, context.now)
        if context.now is not None
        else LadderState(Step.NONE, 0)
    )
    ladder = policy.ladder
    if state.step is Step.RESTRICT:
        until = state.restricted_until
        values = _values(context, policy, masked, findings, until)
        notice = Notice(
            Audience.SENDER, LADDER_RESTRICTED, ladder.restricted_notice.format(**values(context.sender))
        )
        return _decision(
            text, findings, context, policy, state,
            action=Action.BLOCK,
            text=None,
            sender_notices=(notice,),
            rules=(LADDER_RESTRICTED,),
            masked=masked,
            restricted_until=until,
        )
    if not steps:  # nothing matched: the common case, kept cheap
        return _decision(text, findings, context, policy, state, action=Action.ALLOW, text=text)
    extra_sender: list[tuple[str, str]] = []
    if violation and state.step is Step.HOLD:
        steps.append((LADDER_HOLD, Action.HOLD, ladder.hold_notice, ""))
    elif violation and state.step is Step.WARN:
        extra_sender.append((LADDER_WARN, ladder.warn_notice))

    action = strictest(a for _, a, _, _ in steps)
    override = False
    if context.override and action is Action.MASK and masked:
        override = True
        steps.append((SENDER_OVERRIDE, policy.override.action, policy.override.sender_notice, ""))
        action = strictest((action, policy.override.action))

    rule_ids = tuple(dict.fromkeys(s[0] for s in steps))
    if extra_sender:
        rule_ids += (LADDER_WARN,)
    primary = [s for s in steps if s[1] is action]

    values = _values(context, policy, masked, [f for f, _ in matches], None)
    sender_vals, recipient_vals = values(context.sender), values(context.recipient)
    sender_notices = _notices(
        Audience.SENDER, [(i, st) for i, _, st, _ in primary] + extra_sender, sender_vals
    )
    recipient_notices = _notices(Audience.RECIPIENT, [(i, rt) for i, _, _, rt in primary], recipient_vals)
    if not action.delivers and not recipient_notices and action is Action.HOLD:
        recipient_notices = _notices(
            Audience.RECIPIENT, [(HELD_FOR_RECIPIENT, policy.held_notice)], recipient_vals
        )

    if action is Action.MASK:
        delivered: str | None = apply(
            text, [Span(m.start, m.end, m.kind) for m in masked], policy.placeholder
        )
    elif action.delivers:
        delivered = text
    else:
        delivered = None

    return _decision(
        text, findings, context, policy, state,
        action=action,
        text=delivered,
        sender_notices=sender_notices,
        recipient_notices=recipient_notices,
        rules=rule_ids,
        violation=violation,
        masked=masked,
        reveal_on_contract=context.consent_to_reveal and any(m.revealable for m in masked),
        override=override,
    )


def _values(
    context: Context,
    policy: Policy,
    masked: Sequence[MaskedDetail],
    findings: Sequence[Finding],
    until: datetime | None,
) -> Callable[[str], dict[str, str]]:
    """The template values, as seen by one viewer (``{preference}`` depends on who reads it)."""
    kinds = [m.kind for m in masked] or [
        str(f.kind) for f in findings if f.kind not in SIGNAL_KINDS
    ]
    details = describe_kinds(kinds)
    until_text = until.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if until else ""

    def for_viewer(viewer: str) -> dict[str, str]:
        return {
            "details": details,
            "when": policy.when_text,
            "preference": preference_text(context, viewer),
            "until": until_text,
        }

    return for_viewer


def _notices(
    audience: Audience, templates: Sequence[tuple[str, str]], values: dict[str, str]
) -> tuple[Notice, ...]:
    out: list[Notice] = []
    seen: set[str] = set()
    for code, template in templates:
        if not template:
            continue
        body = template.format(**values)
        if body in seen:
            continue
        seen.add(body)
        out.append(Notice(audience, code, body))
    return tuple(out)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _decision(
    original: str, findings: tuple[Finding, ...], context: Context, policy: Policy, state: LadderState, **fields
) -> Decision:
    """A Decision with the fields every outcome shares (who, where, which policy, which findings)."""
    fields.setdefault("sender_notices", ())
    fields.setdefault("recipient_notices", ())
    fields.setdefault("rules", ())
    return Decision(
        original=original,
        findings=findings,
        policy_version=policy.version,
        stage=context.stage,
        conversation_id=context.conversation_id,
        sender=context.sender,
        recipient=context.recipient,
        ladder_step=str(state.step),
        **fields,
    )
