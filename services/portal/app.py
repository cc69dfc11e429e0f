"""The portal's part of an aiohttp app: its pages under /portal/, as a sub-application with its own
middlewares (sessions, CSRF, error pages) and its own database of sessions."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import aiohttp_jinja2
import jinja2
from aiohttp import web

from services.portal.api_client import PublicApi
from services.portal.context import PORTAL_KEY, Portal
from services.portal.forms import error_list
from services.portal.i18n import gettext, ngettext
from services.portal.middlewares import csrf, error_pages, sessions
from services.portal.pages import (
    cases,
    login,
    managers,
    organisation,
    oversight,
    provider,
    public,
    quality,
    staff,
    start,
)
from services.portal.sessions import SessionStore, Vault
from shared.auth.kept_secrets import kept_secret
from shared.auth.portal_client import PORTAL_PATH, portal_client
from shared.db import ping
from shared.http.keys import READINESS_KEY, SETTINGS_KEY
from shared.logging import get_logger
from shared.migrations import upgrade_to_head
from shared.service import ServiceRuntime, database_timeouts

NAME = "portal"
HERE = Path(__file__).parent
SWEEP_INTERVAL_S = 600
log = get_logger(__name__)

PAGES = [
    start.routes,
    login.routes,
    cases.routes,
    public.routes,
    *provider.ROUTES,
    *staff.ROUTES,
    *oversight.ROUTES,
    *managers.ROUTES,
    *quality.ROUTES,
    *organisation.ROUTES,
]


def _templates(portal: web.Application) -> None:
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(HERE / "templates"),
            # The GOV.UK Design System's components, as Jinja macros: tested, accessible form parts.
            jinja2.PrefixLoader(
                {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja", "templates")}
            ),
        ]
    )
    environment = aiohttp_jinja2.setup(
        portal, loader=loader, extensions=["jinja2.ext.i18n"], autoescape=True, context_processors=[]
    )
    environment.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    environment.filters["error_list"] = error_list


async def _sweep(store: SessionStore) -> None:
    while True:
        await asyncio.sleep(SWEEP_INTERVAL_S)
        try:
            swept = await store.sweep()
            if swept:
                log.info("portal_sessions_swept", count=swept)
        except Exception:
            log.exception("portal_session_sweep_failed")


def install(app: web.Application) -> None:
    settings = app[SETTINGS_KEY]
    portal = web.Application(middlewares=[sessions, error_pages, csrf])
    _templates(portal)

    async def running(sub: web.Application) -> AsyncIterator[None]:
        runtime = ServiceRuntime.on_database(NAME, settings.database_url(NAME), database_timeouts(settings))
        await upgrade_to_head(runtime.engine, NAME)
        client = portal_client(settings)
        vault = Vault(kept_secret(settings, settings.portal_session_key, "portal-session.key"))
        store = SessionStore(runtime.writes, settings, vault)
        http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=settings.delivery_timeout_s))
        api = PublicApi(http, settings.portal_api_url or settings.base_url, client)
        sub[PORTAL_KEY] = Portal(settings, client, store, api)
        app[READINESS_KEY][f"{NAME}.database"] = lambda: ping(runtime.engine)
        sweeper = asyncio.create_task(_sweep(store), name="portal-session-sweep")
        try:
            yield
        finally:
            sweeper.cancel()
            await asyncio.gather(sweeper, return_exceptions=True)
            await http.close()
            await runtime.engine.dispose()

    portal.cleanup_ctx.append(running)
    for table in PAGES:
        portal.router.add_routes(table)
    portal.router.add_static("/static/", HERE / "static", append_version=False)
    # Before the sub-application, which would answer its bare prefix with a 404 of its own.
    app.router.add_get(PORTAL_PATH, _to_start)
    app.add_subapp(PORTAL_PATH, portal)


async def _to_start(request: web.Request) -> web.Response:
    return web.Response(status=301, headers={"Location": f"{PORTAL_PATH}/"})
