"""``offplatform policy``: show, check and explain contract-aware policies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..policy import Context, Decision, Guard, Policy, decide_text, load_policy, parse_stage
from ._common import ErrorMappingGroup, output_console, print_json

__all__ = ["decide_text", "policy_app"]

policy_app = typer.Typer(
    name="policy",
    help="Show, check and explain contract-aware policies.",
    cls=ErrorMappingGroup,
    no_args_is_help=True,
    add_completion=False,
)

PolicyOption = Annotated[
    Path | None,
    typer.Option("--policy", "-p", help="Policy TOML file (default: the policy shipped with offplatform)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def policy_to_dict(policy: Policy) -> dict:
    na = policy.new_account
    return {
        "name": policy.name,
        "version": policy.version,
        "channels_open_at": str(policy.channels_open_at),
        "rules": [
            {
                "id": r.id,
                "kinds": sorted(str(k) for k in r.kinds),
                "categories": sorted(r.categories),
                "when": str(r.when),
                "keep_on_platform": r.keep_on_platform,
                "action": str(r.action),
                "counts": r.counts,
                "description": r.description,
            }
            for r in policy.rules
        ],
        "new_account": None
        if na is None
        else {
            "max_age_days": na.max_age_days,
            "kinds": sorted(str(k) for k in na.kinds),
            "categories": sorted(na.categories),
            "action": str(na.action),
        },
        "ladder": {
            "window_days": policy.ladder.window_days,
            "warn_after": policy.ladder.warn_after,
            "hold_after": policy.ladder.hold_after,
            "restrict_after": policy.ladder.restrict_after,
            "restrict_hours": policy.ladder.restrict_hours,
        },
        "override": str(policy.override.action),
        "placeholder": policy.placeholder,
    }


@policy_app.command()
def show(policy: PolicyOption = None, as_json: JsonOption = False) -> None:
    """Print the rule table, the new-account signal and the ladder."""
    p = load_policy(policy)
    if as_json:
        print_json(policy_to_dict(p), indent=2)
        return
    console = output_console()
    table = Table(title=f"policy {p.name} ({p.version}); channels open at: {p.channels_open_at}")
    for col in ("#", "rule", "kinds", "when", "keep on platform", "action", "counts"):
        table.add_column(col, overflow="fold")
    for i, r in enumerate(p.rules, start=1):
        kinds = ", ".join(sorted(str(k) for k in r.kinds))
        if r.categories:
            kinds += f" ({', '.join(sorted(r.categories))})"
        keep = "any" if r.keep_on_platform is None else ("chosen" if r.keep_on_platform else "not chosen")
        table.add_row(str(i), r.id, kinds, str(r.when), keep, str(r.action), "yes" if r.counts else "")
    console.print(table)
    na = p.new_account
    if na is not None:
        console.print(
            f"new account (< {na.max_age_days:g} days) with {', '.join(sorted(str(k) for k in na.kinds))}"
            + (f" (scam: {', '.join(sorted(na.categories))})" if na.categories else "")
            + f": {na.action}",
            highlight=False,
        )
    lad = p.ladder
    console.print(
        f"ladder over {lad.window_days:g} days: warn after {lad.warn_after}, hold after {lad.hold_after}, "
        f"restrict for {lad.restrict_hours:g} h after {lad.restrict_after} violations",
        highlight=False,
    )
    console.print(f"override ('this isn't contact information'): {p.override.action}", highlight=False)


@policy_app.command()
def check(file: Annotated[Path, typer.Argument(help="Policy TOML file to validate.")]) -> None:
    """Validate a policy file; exit code 2 with the bad key and its line when it is wrong."""
    p = load_policy(file)
    output_console().print(
        f"ok: {file}: policy {p.name!r}, {len(p.rules)} rules, version {p.version}", highlight=False
    )


def _print_decision(d: Decision, console: Console) -> None:
    console.print(f"action:  {d.action}" + ("" if d.delivered else " (not delivered)"), highlight=False)
    if d.text is not None:
        console.print(f"shows:   {d.text}", highlight=False, markup=False)
    console.print(f"rules:   {', '.join(d.rules) or '-'}", highlight=False)
    for f in d.findings:
        extra = f" [{f.category}]" if f.category else ""
        console.print(
            f"  {f.kind}{extra} {f.start}..{f.end} {f.text!r} ({f.rule}, {f.score:.2f})",
            highlight=False,
            markup=False,
        )
    for n in d.sender_notices:
        console.print(f"to sender:    {n.text}", highlight=False, markup=False)
    for n in d.recipient_notices:
        console.print(f"to recipient: {n.text}", highlight=False, markup=False)
    console.print(f"policy:  {d.policy_version}", highlight=False)


@policy_app.command()
def explain(
    text: Annotated[str, typer.Argument(help="The message.")],
    stage: Annotated[
        str, typer.Option("--stage", "-s", help="inquiry, interview, offer, contract, funded or closed.")
    ] = "interview",
    policy: PolicyOption = None,
    keep_on_platform: Annotated[
        list[str] | None,
        typer.Option("--keep-on-platform", help="'sender' and/or 'recipient': who chose to keep it here."),
    ] = None,
    account_age_days: Annotated[
        float | None, typer.Option("--account-age-days", help="The sender's account age.")
    ] = None,
    override: Annotated[
        bool, typer.Option("--override", help="The sender says it isn't contact information.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Decide on one message and say why."""
    keepers = frozenset(keep_on_platform or ())
    bad = sorted(keepers - {"sender", "recipient"})
    if bad:
        raise typer.BadParameter(
            f"expected 'sender' or 'recipient', not {', '.join(bad)}", param_hint="--keep-on-platform"
        )
    context = Context(
        conversation_id="cli",
        sender="sender",
        recipient="recipient",
        stage=parse_stage(stage),
        keep_on_platform=keepers,
        account_age_days=account_age_days,
        override=override,
    )
    decision = Guard(load_policy(policy)).review(text, context)
    if as_json:
        print_json(decision.to_dict(), indent=2)
    else:
        _print_decision(decision, output_console())
