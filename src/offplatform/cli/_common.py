"""What the commands share: scan-config options, consoles, and the one error-to-exit-code map."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from ..config import ScanConfig
from ..errors import ConfigError, OffplatformError
from ..finding import Kind
from ..policy.model import Stage

# -- the error map -----------------------------------------------------------------------


class ErrorMappingGroup(TyperGroup):
    """Runs a command and turns package errors into a one-line message and an exit code.

    This is the only place where :class:`~offplatform.errors.OffplatformError` subclasses become
    exit codes (each declares its own ``exit_code``: 1 generic, 2 configuration, 3 input).
    Usage errors keep Click's exit code 2; anything else is a bug and keeps its traceback.
    """

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OffplatformError as exc:
            error_console().print(Text(f"error: {exc}", style="bold red"))
            raise typer.Exit(exc.exit_code) from None


# -- consoles ----------------------------------------------------------------------------


def error_console() -> Console:
    """Everything that is not the command's result goes to stderr."""
    return Console(stderr=True, highlight=False)


def output_console() -> Console:
    return Console(highlight=False)


def print_json(obj: Any, *, indent: int | None = None) -> None:
    """Machine-readable output: UTF-8 JSON on stdout, whatever the locale."""
    data = json.dumps(obj, ensure_ascii=False, indent=indent, default=str)
    sys.stdout.flush()
    sys.stdout.buffer.write(data.encode("utf-8", "backslashreplace") + b"\n")
    sys.stdout.buffer.flush()


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


# -- scan configuration options ----------------------------------------------------------

RegionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        help="Phone region (ISO code) tried for numbers without a country code; repeat for more. "
        "Replaces the default list.",
        show_default=False,
    ),
]
OwnDomainOption = Annotated[
    list[str] | None,
    typer.Option(
        "--own-domain",
        help="The platform's own domain (links to it are allowed); repeatable.",
        show_default=False,
    ),
]
AllowDomainOption = Annotated[
    list[str] | None,
    typer.Option("--allow-domain", help="A further domain never reported; repeatable.", show_default=False),
]
KindsOption = Annotated[
    str | None,
    typer.Option(
        "--kinds",
        help=f"Comma-separated kinds to report (default: all): {', '.join(k.value for k in Kind)}.",
        show_default=False,
    ),
]
MinScoreOption = Annotated[
    float | None,
    typer.Option("--min-score", help="Drop findings scoring below this (0..1).", show_default=False),
]
MaxCharsOption = Annotated[
    int | None,
    typer.Option(
        "--max-chars", help="Longest text scanned; longer texts are reported and skipped.", show_default=False
    ),
]


def build_config(
    regions: list[str] | None = None,
    own_domains: list[str] | None = None,
    allowed_domains: list[str] | None = None,
    kinds: str | None = None,
    min_score: float | None = None,
    max_chars: int | None = None,
) -> ScanConfig:
    """The frozen :class:`ScanConfig` the options describe (unset options keep the defaults)."""
    settings: dict[str, Any] = {}
    if regions:
        settings["phone_regions"] = [r.strip().upper() for r in regions]
    if own_domains:
        settings["own_domains"] = own_domains
    if allowed_domains:
        settings["allowed_domains"] = allowed_domains
    if kinds is not None:
        wanted = [k.strip().lower() for k in kinds.split(",") if k.strip()]
        known = {k.value for k in Kind}
        unknown = [k for k in wanted if k not in known]
        if unknown or not wanted:
            raise ConfigError(
                f"--kinds: unknown kind(s) {', '.join(unknown) or '(none given)'}; "
                f"choose from {', '.join(k.value for k in Kind)}"
            )
        settings["kinds"] = wanted
    if min_score is not None:
        settings["min_score"] = min_score
    if max_chars is not None:
        settings["max_text_chars"] = max_chars
    return ScanConfig.from_mapping(settings)


# -- rendering helpers -------------------------------------------------------------------

KIND_STYLES: dict[str, str] = {
    "email": "bold magenta",
    "phone": "bold red",
    "url": "bold blue",
    "messaging": "bold green",
    "social": "bold cyan",
    "meeting": "bold yellow",
    "payment": "bold bright_red",
    "intent": "underline yellow",
    "scam": "reverse red",
}


def mapping_table(data: dict[str, Any], title: str | None = None) -> Table:
    """A two-column table of a (possibly nested) mapping, nested keys joined with dots."""
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in flatten(data):
        table.add_row(Text(key), Text(_fmt(value)))
    return table


def flatten(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        rows: list[tuple[str, Any]] = []
        for key, value in data.items():
            rows.extend(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return rows
    return [(prefix, data)]


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if len(value) <= 8 else f"[{len(value)} items]"
    return str(value)


#: --stage and --policy: decide each message at a contract stage (scan and check).
StageOption = Annotated[
    Stage | None,
    typer.Option("--stage", help="Decide at this contract stage: the action and what the recipient sees.",
                 show_default=False),
]
PolicyOption = Annotated[
    str | None,
    typer.Option("--policy", help="Policy file (TOML) for --stage; default: the shipped one.", show_default=False),
]
