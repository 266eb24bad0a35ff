"""``offplatform check``: one text, its findings highlighted and explained."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ..errors import ConfigError, InputError
from ..policy import Context, Decision, Guard
from ..scanner import Scanner, ScanResult
from ._common import (
    KIND_STYLES,
    AllowDomainOption,
    KindsOption,
    MaxCharsOption,
    MinScoreOption,
    OwnDomainOption,
    PolicyOption,
    RegionOption,
    StageOption,
    build_config,
    output_console,
    print_json,
)


def check(
    text: Annotated[str, typer.Argument(help="The message to check, or - to read it from stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scan result as JSON.")] = False,
    stage: StageOption = None,
    policy: PolicyOption = None,
    regions: RegionOption = None,
    own_domains: OwnDomainOption = None,
    allowed_domains: AllowDomainOption = None,
    kinds: KindsOption = None,
    min_score: MinScoreOption = None,
    max_chars: MaxCharsOption = None,
) -> None:
    """Show what one message contains: the text with findings highlighted, and why each fired."""
    config = build_config(regions, own_domains, allowed_domains, kinds, min_score, max_chars)
    if text == "-":
        text = _read_stdin()
    scanner = Scanner(config)
    result = scanner.scan(text)
    decision = None
    if stage is not None:
        decision = Guard(policy, scanner=scanner).review_findings(text, result.findings, Context(stage=stage))
    elif policy is not None:
        raise ConfigError("--policy goes with --stage")
    if as_json:
        out = result.to_dict()
        if decision is not None:
            out["decision"] = decision.to_dict()
        print_json(out)
        return
    console = output_console()
    console.print(highlighted(result))
    console.print()
    verdict = Text()
    verdict.append("offplatform: ")
    verdict.append("yes" if result.offplatform else "no", style="bold red" if result.offplatform else "green")
    verdict.append("   scam: ")
    verdict.append("yes" if result.scam else "no", style="bold red" if result.scam else "green")
    console.print(verdict)
    if result.findings:
        console.print(findings_table(result))
    else:
        console.print("no findings")
    if decision is not None:
        console.print()
        console.print(decision_text(decision))


def decision_text(decision: Decision) -> Text:
    """The decision in plain words: action, what the recipient sees, the notices."""
    out = Text()
    out.append(f"at stage {decision.stage}: ", style="bold")
    out.append(str(decision.action), style=ACTION_STYLES.get(str(decision.action), "bold"))
    out.append("\nrecipient sees: ")
    out.append(decision.text if decision.text is not None else "(nothing: not delivered)", style="italic")
    for notice in (*decision.sender_notices, *decision.recipient_notices):
        out.append(f"\n{notice.audience}: ", style="dim")
        out.append(notice.text)
    out.append(f"\npolicy {decision.policy_version}; rules: {', '.join(decision.rules) or 'none'}", style="dim")
    return out


ACTION_STYLES = {"allow": "bold green", "warn": "bold yellow", "mask": "bold yellow", "hold": "bold red",
                 "block": "bold red"}


def highlighted(result: ScanResult) -> Text:
    """The original text with every finding's span styled by kind."""
    out = Text(result.text)
    for f in sorted(result.findings, key=lambda f: (f.start, -f.end)):
        out.stylize(KIND_STYLES.get(str(f.kind), "bold"), f.start, f.end)
    return out


def findings_table(result: ScanResult) -> Table:
    """One row per finding; long cells wrap rather than being cut, and the rule's explanation
    (which cue fired) follows the rule name."""
    table = Table(show_header=True, header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("kind", overflow="fold")
    table.add_column("span", no_wrap=True)
    table.add_column("text", overflow="fold")
    table.add_column("value", overflow="fold")
    table.add_column("rule", overflow="fold")
    table.add_column("score", justify="right", no_wrap=True)
    for i, f in enumerate(result.findings, 1):
        kind = Text(str(f.kind), style=KIND_STYLES.get(str(f.kind), ""))
        if f.category:
            kind.append(f"\n{f.category}", style="dim")
        rule = Text(f.rule)
        if f.explanation:
            rule.append(f"\n{f.explanation}", style="dim")
        table.add_row(
            str(i),
            kind,
            f"{f.start}-{f.end}",
            Text(f.text if f.text.isprintable() else repr(f.text)[1:-1]),
            Text(f.value),
            rule,
            f"{f.score:.2f}",
        )
    return table


def _read_stdin() -> str:
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"stdin is not valid UTF-8 (byte {exc.start + 1})") from None
    return text.removesuffix("\n").removesuffix("\r")
