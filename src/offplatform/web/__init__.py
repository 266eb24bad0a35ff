"""The web inbox and moderator console: server-rendered Jinja2 pages with htmx partial updates.

``install(app, settings)`` mounts the pages and ``/static`` (htmx and the stylesheet are vendored
in the package: no CDN) on the app built by :func:`offplatform.service.create_app`. Pages call the
service layer for every action; the core flows are plain form posts and redirects, so they work
without JavaScript.

    /login, /logout                 password sign-in (the service's session cookie), CSRF on every form
    /inbox, /inbox/{id}             conversations with their stage; messages as this user may see them
    /inbox/{id}/check               the compose box's live policy check (htmx, stateless)
    /console                        moderation queue, oldest first, filterable
    /console/cases/{id}             a case: findings explained, conversation, sender's record, decisions
    /console/search                 search with spelling correction from the stored vocabulary
    /console/dashboard              findings, actions, queue size and waiting time (SVG charts)
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..service.settings import Settings

__all__ = ["install"]


def install(app: FastAPI, settings: Settings) -> None:
    """Mount the web pages and static files on ``app`` (built by ``create_app(settings)``).
    Calling it again on the same app does nothing."""
    if getattr(app.state, "web", None) is not None:
        return
    from . import console, inbox
    from ._deps import WebState

    root = files("offplatform.web")
    env = Environment(loader=PackageLoader("offplatform.web", "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    templates = Jinja2Templates(env=env)
    templates.env.globals["static_version"] = "1"
    app.state.web = WebState(settings=settings, templates=templates)
    app.include_router(inbox.router)
    app.include_router(console.router)
    app.mount("/static", StaticFiles(directory=str(root / "static")), name="web-static")
