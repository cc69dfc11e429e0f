"""The notifications service's part of an aiohttp app: routes, consumer and the delivery worker."""

import asyncio

from aiohttp import web

from services.notifications.actions.notify import Outlets
from services.notifications.api.inbox import close_streams
from services.notifications.bell import Bell
from services.notifications.consumers import handlers
from services.notifications.delivery_worker import DeliveryWorker
from services.notifications.inbox_watcher import watch_inbox_numbers
from services.notifications.keys import BELL_KEY, NOTIFICATIONS_KEY, STREAMS_KEY
from services.notifications.routes import ROUTES
from services.notifications.storage.retention import notification_sweeps
from services.notifications.streams import OpenStreams
from shared.http.keys import ROUTES_KEY, SETTINGS_KEY, VERIFIER_KEY
from shared.http.routing import owned_by
from shared.logging import get_logger
from shared.service import ServiceRuntime, service_context

NAME = "notifications"
log = get_logger(__name__)


async def _start_deliveries(app: web.Application, runtime: ServiceRuntime) -> None:
    settings = app[SETTINGS_KEY]
    if settings.smtp_host is None:
        log.info("email_off", hint="set SMTP_HOST (and SMTP_PORT) to send notification emails")
    worker = DeliveryWorker(runtime, settings)
    runtime.tasks.append(asyncio.create_task(worker.run(), name="delivery-worker"))
    watcher = watch_inbox_numbers(runtime, app[BELL_KEY], settings.stream_poll_interval_s)
    runtime.tasks.append(asyncio.create_task(watcher, name="inbox-watcher"))
    # A revoked client's streams end; the client reconnects with a valid client's token.
    app[VERIFIER_KEY].on_revoked(app[STREAMS_KEY].revoke)


def install(app: web.Application) -> None:
    settings = app[SETTINGS_KEY]
    app[ROUTES_KEY].extend(owned_by(NAME, ROUTES))
    bell = app[BELL_KEY] = Bell()
    app[STREAMS_KEY] = OpenStreams(wake=bell.wake)
    app.on_shutdown.append(close_streams)
    outlets = Outlets(base_url=settings.base_url, email=settings.smtp_host is not None, bell=bell)
    app.cleanup_ctx.append(
        service_context(
            NAME,
            NOTIFICATIONS_KEY,
            handlers(outlets),
            on_startup=_start_deliveries,
            sweeps=notification_sweeps,
        )
    )
