"""The notifications service's part of an aiohttp app: routes, consumer and the delivery worker."""

import asyncio

from aiohttp import web

from services.notifications.actions.escalation import Escalation
from services.notifications.actions.notify import Outlets
from services.notifications.api.inbox import close_streams
from services.notifications.bell import Bell
from services.notifications.consumers import handlers
from services.notifications.delivery_worker import DeliveryWorker, delivery_backlog
from services.notifications.domain.work_items import DueDays, unknown_kinds
from services.notifications.inbox_watcher import watch_inbox_numbers
from services.notifications.keys import BELL_KEY, NOTIFICATIONS_KEY, OUTLETS_KEY, STREAMS_KEY
from services.notifications.routes import ROUTES
from services.notifications.storage.retention import notification_sweeps
from services.notifications.streams import OpenStreams
from shared.clock import now_utc, stockholm_date
from shared.http.keys import ROUTES_KEY, SETTINGS_KEY, VERIFIER_KEY
from shared.http.routing import owned_by
from shared.logging import get_logger
from shared.service import ServiceRuntime, service_context

NAME = "notifications"
log = get_logger(__name__)


async def _escalate_overdue_work(escalation: Escalation, interval_s: float) -> None:
    """Escalates work items past their due date; running it in several processes is safe (escalation.py)."""
    while True:
        try:
            escalated = await escalation.run(stockholm_date(now_utc()))
            if escalated:
                log.info("work_items_escalated", count=escalated)
        except Exception:
            # The next round tries again; a database outage must not end the watch.
            log.exception("work_item_escalation_failed")
        await asyncio.sleep(interval_s)


async def _start_deliveries(app: web.Application, runtime: ServiceRuntime) -> None:
    settings = app[SETTINGS_KEY]
    if settings.smtp_host is None:
        log.info("email_off", hint="set SMTP_HOST (and SMTP_PORT) to send notification emails")
    worker = DeliveryWorker(runtime, settings)
    runtime.tasks.append(asyncio.create_task(worker.run(), name="delivery-worker"))
    runtime.samples.append(delivery_backlog(runtime))
    watcher = watch_inbox_numbers(runtime, app[BELL_KEY], settings.stream_poll_interval_s)
    runtime.tasks.append(asyncio.create_task(watcher, name="inbox-watcher"))
    escalation = Escalation(runtime.uow, app[OUTLETS_KEY], settings.work_item_leads)
    watch = _escalate_overdue_work(escalation, settings.work_item_escalation_interval_s)
    runtime.tasks.append(asyncio.create_task(watch, name="work-item-escalation"))
    # A revoked client's streams end; the client reconnects with a valid client's token.
    app[VERIFIER_KEY].on_revoked(app[STREAMS_KEY].revoke)


def install(app: web.Application) -> None:
    settings = app[SETTINGS_KEY]
    app[ROUTES_KEY].extend(owned_by(NAME, ROUTES))
    bell = app[BELL_KEY] = Bell()
    app[STREAMS_KEY] = OpenStreams(wake=bell.wake)
    app.on_shutdown.append(close_streams)
    unknown = unknown_kinds(settings.work_item_due_days)
    if unknown:
        raise ValueError(f"WORK_ITEM_DUE_DAYS names no kind of work item: {', '.join(unknown)}")
    outlets = app[OUTLETS_KEY] = Outlets(
        base_url=settings.base_url,
        email=settings.smtp_host is not None,
        bell=bell,
        due_days=DueDays(settings.work_item_due_days, settings.work_item_default_due_days),
    )
    app.cleanup_ctx.append(
        service_context(
            NAME,
            NOTIFICATIONS_KEY,
            handlers(outlets),
            on_startup=_start_deliveries,
            sweeps=notification_sweeps,
        )
    )
