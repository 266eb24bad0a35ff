"""The ``offplatform`` command line.

    offplatform scan PATH|-      scan a file of messages or conversations -> JSON Lines
    offplatform check TEXT|-     one message, findings highlighted and explained
    offplatform eval PATH        precision / recall / F1 on a labelled file (--peer: peer test cases)
    offplatform policy ...       show, check and explain contract-aware policies

One module per command; ``_common`` holds the shared options and the error-to-exit-code map.
Results go to stdout, everything else (progress, warnings, summaries) to stderr.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import ErrorMappingGroup


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"offplatform {__version__}")
        raise typer.Exit()


def create_app() -> typer.Typer:
    """A fresh application (tests build one per test)."""
    from .check import check
    from .evaluate import evaluate
    from .policy import policy_app
    from .scan import scan

    app = typer.Typer(
        cls=ErrorMappingGroup,
        name="offplatform",
        help="Find contact details, off-platform pitches and scams in marketplace chat messages.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_show_locals=False,
    )

    @app.callback()
    def root(
        version: Annotated[
            bool,
            typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
        ] = False,
    ) -> None:
        """Find contact details, off-platform pitches and scams in marketplace chat messages."""

    app.command("scan")(scan)
    app.command("check")(check)
    app.command("eval")(evaluate)
    app.add_typer(policy_app, name="policy")
    return app


def main() -> None:
    """Console-script entry point (``offplatform``)."""
    create_app()()


__all__ = ["create_app", "main"]
