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
    _add_service_commands(app)
    return app


DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="OFFPLATFORM_DATABASE_URL",
        help="SQLAlchemy URL (default: OFFPLATFORM_DATABASE_URL, else an SQLite file)",
    ),
]


def _add_service_commands(app: typer.Typer) -> None:
    """``serve``, ``db upgrade`` and ``audit verify``: thin wrappers, the service loads on use."""

    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        demo: Annotated[
            bool, typer.Option("--demo", help="Seed demo users and a conversation, and print how to sign in.")
        ] = False,
        database_url: DatabaseUrlOption = None,
        workers: Annotated[int, typer.Option(min=1, help="Worker processes (they share one secret key).")] = 1,
    ) -> None:
        """Run the service: REST API, web inbox and moderator console."""
        from ..service import cli as service_cli

        raise typer.Exit(service_cli.serve(host, port, demo, database_url, workers))

    db_app = typer.Typer(help="The service's database schema.", no_args_is_help=True)
    audit_app = typer.Typer(help="The service's hash-chained audit log.", no_args_is_help=True)

    @db_app.command("upgrade")
    def db_upgrade(
        database_url: DatabaseUrlOption = None,
    ) -> None:
        """Create or migrate the schema (Alembic)."""
        from ..service import cli as service_cli

        raise typer.Exit(service_cli.db_upgrade(database_url))

    @audit_app.command("verify")
    def audit_verify(
        database_url: DatabaseUrlOption = None,
    ) -> None:
        """Check the audit log's hash chain; exit 1 at the first broken entry."""
        from ..service import cli as service_cli

        raise typer.Exit(service_cli.audit_verify(database_url))

    app.add_typer(db_app, name="db")
    app.add_typer(audit_app, name="audit")


def main() -> None:
    """Console-script entry point (``offplatform``)."""
    create_app()()


__all__ = ["create_app", "main"]
