"""The reporting service's part of an aiohttp app."""

from aiohttp import web

from services.reporting.consumers import handlers
from services.reporting.keys import REPORTING_KEY
from shared.service import service_context

NAME = "reporting"


def install(app: web.Application) -> None:
    app.cleanup_ctx.append(service_context(NAME, REPORTING_KEY, handlers))
