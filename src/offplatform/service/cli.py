"""What ``offplatform serve``, ``offplatform db upgrade`` and ``offplatform audit verify`` run.

Plain functions (the CLI package wires them) and a Typer sub-app, ``app``, with the same commands.
Each returns a process exit code.
"""

from __future__ import annotations

import json
import os
import secrets

import typer

from . import audit, db
from .settings import Settings


def _settings(database_url: str | None, **extra) -> Settings:
    values = dict(extra)
    if database_url:
        values["database_url"] = database_url
    return Settings(**values)


def db_upgrade(database_url: str | None = None) -> int:
    """Create or migrate the schema to the newest revision."""
    settings = _settings(database_url)
    db.upgrade(settings.database_url)
    engine = db.make_engine(settings.database_url)
    try:
        typer.echo(f"database at revision {db.current_revision(engine)}")
    finally:
        engine.dispose()
    return 0


def audit_verify(database_url: str | None = None) -> int:
    """Check the audit chain; prints a JSON report. Exit 0 when intact, 1 at the first broken row."""
    settings = _settings(database_url)
    engine = db.make_engine(settings.database_url)
    try:
        with db.make_sessionmaker(engine)() as session:
            report = audit.verify(session)
    finally:
        engine.dispose()
    typer.echo(json.dumps(report.to_dict()))
    if not report.ok:
        typer.echo(f"audit chain broken at row {report.first_broken}: {report.reason}", err=True)
    return 0 if report.ok else 1


def worker_environment(settings: Settings, workers: int) -> tuple[dict[str, str], list[str]]:
    """The OFFPLATFORM_* variables that make ``workers`` processes one deployment, and warnings.

    Each process builds its app from the environment, so they must agree on the database and on
    the key that signs CSRF tokens: a token issued by one process must pass in another. Without
    ``OFFPLATFORM_SECRET_KEY`` one random key is made here and handed to all of them (it lasts
    until the server stops: sessions outlive a restart, their CSRF tokens do not; set the key to
    keep them). Rate limits counted in memory are per process, so each one allows the full rate.
    """
    env = {"OFFPLATFORM_DATABASE_URL": settings.database_url,
           "OFFPLATFORM_COOKIE_SECURE": "true" if settings.cookie_secure else "false"}
    warnings = []
    if workers > 1:
        env["OFFPLATFORM_SECRET_KEY"] = settings.secret_key or secrets.token_urlsafe(32)
        if not settings.secret_key:
            warnings.append("OFFPLATFORM_SECRET_KEY is not set: the workers share a random key made for this run")
        if settings.rate_limit_storage.startswith("memory"):
            warnings.append("rate limits are counted per worker (OFFPLATFORM_RATE_LIMIT_STORAGE=redis://... "
                            "shares them)")
    return env, warnings


def serve(host: str = "127.0.0.1", port: int = 8000, demo: bool = False, database_url: str | None = None,
          workers: int = 1) -> int:
    """Run the API with uvicorn. ``demo``: seed demo people and a conversation, print how to sign in.
    ``workers`` > 1 runs that many processes (see :func:`worker_environment`), each accepting on a
    listening socket of its own so that connections spread over them (:mod:`.workers`)."""
    from .observability import configure_json_logging
    from .workers import Workers

    extra = {"cookie_secure": False} if demo else {}
    settings = _settings(database_url, **extra)
    db.upgrade_unless_at_head(settings.database_url)
    base = f"http://{host}:{port}"
    app = None
    if demo or workers <= 1:  # several workers build their own apps: none is needed here, unless to seed
        from .app import create_app  # (only then: the import alone takes ~1 s, before any worker starts)

        app = create_app(settings)
    if demo:
        from .demo import seed

        creds, conv_id = seed(app.state.runtime)
        typer.echo(f"offplatform is running: open {base}/login in your browser (inbox and moderator console)")
        typer.echo("Demo accounts (sign in on the web page, or with POST /v1/auth/login):")
        for c in creds:
            typer.echo(f"  {c.role:<10} {c.email}  password: {c.password}")
        typer.echo(f"Demo conversation {conv_id} is at the interview stage: {base}/v1/conversations/{conv_id}")
    else:
        typer.echo(f"offplatform is running: open {base}/login (web) or {base}/docs (API)")
    typer.echo(f"API documentation: {base}/docs (OpenAPI at {base}/openapi.json)")
    configure_json_logging()
    if workers <= 1:
        import uvicorn

        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)
        return 0
    if app is not None:
        app.state.runtime.close()  # the workers build their own
    env, warnings = worker_environment(settings, workers)
    for w in warnings:
        typer.echo(f"warning: {w}", err=True)
    os.environ.update(env)
    return Workers(workers, host, port, {"app": "offplatform.service:create_app", "factory": True,
                                         "log_config": None, "access_log": False}).run()


app = typer.Typer(help="The offplatform service.", no_args_is_help=True)
db_app = typer.Typer(help="The database schema.")
audit_app = typer.Typer(help="The audit log.")
app.add_typer(db_app, name="db")
app.add_typer(audit_app, name="audit")

DbOption = typer.Option(None, "--database-url", envvar="OFFPLATFORM_DATABASE_URL", help="SQLAlchemy URL")


@app.command("serve")
def _serve(host: str = "127.0.0.1", port: int = 8000, demo: bool = typer.Option(False, "--demo"),
           database_url: str | None = DbOption, workers: int = typer.Option(1, min=1, help="processes")) -> None:
    """Run the REST API."""
    raise typer.Exit(serve(host, port, demo, database_url, workers))


@db_app.command("upgrade")
def _db_upgrade(database_url: str | None = DbOption) -> None:
    """Create or migrate the schema."""
    raise typer.Exit(db_upgrade(database_url))


@audit_app.command("verify")
def _audit_verify(database_url: str | None = DbOption) -> None:
    """Check the audit log's hash chain."""
    raise typer.Exit(audit_verify(database_url))
