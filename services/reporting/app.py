"""The reporting service's part of an aiohttp app: its routes, its consumer and the follow-up watch."""

import asyncio

from aiohttp import web

from services.reporting.actions.follow_ups import mark_overdue
from services.reporting.consumers import handlers
from services.reporting.keys import REPORTING_KEY, ROUND_JOBS_KEY
from services.reporting.routes import ROUTES
from services.reporting.scheduler import RoundScheduler, jobs_on
from shared.clock import now_utc, stockholm_date
from shared.http.keys import ROUTES_KEY, SETTINGS_KEY
from shared.http.routing import owned_by
from shared.logging import get_logger
from shared.service import ServiceRuntime, service_context

NAME = "reporting"
log = get_logger(__name__)


async def _watch_follow_ups(runtime: ServiceRuntime, interval_s: float) -> None:
    """Raises follow_up.overdue for requests past their due date; running it in several processes is safe."""
    while True:
        try:
            marked = await mark_overdue(runtime.uow, stockholm_date(now_utc()))
            if marked:
                log.info("follow_ups_overdue", count=marked)
        except Exception:
            # The next round tries again; a database outage must not end the watch.
            log.exception("follow_up_watch_failed")
        await asyncio.sleep(interval_s)


async def _start_watches(app: web.Application, runtime: ServiceRuntime) -> None:
    settings = app[SETTINGS_KEY]
    runtime.tasks.append(
        asyncio.create_task(
            _watch_follow_ups(runtime, settings.follow_up_check_interval_s), name="follow-up-watch"
        )
    )
    jobs = jobs_on(runtime, settings)
    app[ROUND_JOBS_KEY] = jobs
    if settings.scheduler_enabled:
        scheduler = RoundScheduler(jobs, settings.scheduler_hour)
        await scheduler.start()
        runtime.on_stop.append(scheduler.stop)


def install(app: web.Application) -> None:
    app[ROUTES_KEY].extend(owned_by(NAME, ROUTES))
    app.cleanup_ctx.append(service_context(NAME, REPORTING_KEY, handlers, on_startup=_start_watches))
