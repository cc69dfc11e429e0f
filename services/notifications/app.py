"""The notifications service's part of an aiohttp app."""

from aiohttp import web

from services.notifications.api import close_streams
from services.notifications.consumers import handlers
from services.notifications.keys import NOTIFICATIONS_KEY, STREAMS_KEY
from services.notifications.routes import ROUTES
from shared.http.keys import ROUTES_KEY
from shared.service import service_context

NAME = "notifications"


def install(app: web.Application) -> None:
    app[ROUTES_KEY].extend(ROUTES)
    app[STREAMS_KEY] = set()
    app.on_shutdown.append(close_streams)
    app.cleanup_ctx.append(service_context(NAME, NOTIFICATIONS_KEY, handlers))
