"""Sends what is due by email and webhook, many at once, and records every attempt. What follows a failed
attempt is domain/delivery_outcomes.py's: a receiver away for a moment is tried again on the configured
schedule (or after its Retry-After); one that refuses the message is not. When the schedule is spent a
webhook's subscription is disabled (its later deliveries are held until the owner enables it again), and
at once on 410 Gone; the owner is told in the inbox, as for an email refused for good.

Several processes may run a worker: a delivery is leased with a conditional UPDATE before it is sent."""

import asyncio
import time
import uuid
from datetime import datetime, timedelta

from opentelemetry.trace import SpanKind
from prometheus_client import Counter, Gauge
from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications.actions.failure_notices import tell_owner
from services.notifications.actions.webhooks import disable
from services.notifications.channels.email import EmailSender
from services.notifications.channels.outcome import Outcome
from services.notifications.channels.webhook import WebhookSender
from services.notifications.domain.deliveries import DeliveryStatus
from services.notifications.domain.delivery_outcomes import Verdict, decide
from services.notifications.domain.preferences import Channel
from services.notifications.domain.webhooks import signing_secrets
from services.notifications.storage import deliveries
from services.notifications.storage.deliveries import Delivery, DeliveryAttempt
from services.notifications.storage.webhooks import WebhookSubscription
from shared.clock import now_utc
from shared.logging import get_logger
from shared.sampling import Sample
from shared.service import ServiceRuntime
from shared.settings import Settings
from shared.tracing import TRACEPARENT, span_continuing

log = get_logger(__name__)
ATTEMPTS = Counter(
    "notification_delivery_attempts_total", "Attempts at emails and webhooks", ["channel", "outcome"]
)
BACKLOG = Gauge(
    "notification_deliveries_waiting", "Emails and webhook messages waiting to go out, by status", ["status"]
)


def delivery_backlog(runtime: ServiceRuntime) -> Sample:
    """The sample (shared/sampling.py) of the deliveries waiting, by status."""

    async def deliveries_waiting() -> None:
        async with runtime.reads() as session:
            counts = await deliveries.backlog(session)
        for status, count in counts.items():
            BACKLOG.labels(status.value).set(count)

    return deliveries_waiting


class DeliveryWorker:
    def __init__(self, runtime: ServiceRuntime, settings: Settings) -> None:
        self._runtime = runtime
        self._settings = settings
        self._email = EmailSender(settings) if settings.smtp_host else None
        self._webhooks = WebhookSender(settings)
        self._in_flight: set[asyncio.Task[None]] = set()
        # Long enough that a send still running is never taken by another worker.
        self._lease = timedelta(seconds=2 * settings.delivery_timeout_s + 30)

    async def run(self) -> None:
        settings = self._settings
        try:
            while True:
                free = settings.delivery_concurrency - len(self._in_flight)
                for delivery in await self._take(free) if free > 0 else []:
                    task = asyncio.create_task(self._deliver(delivery), name=f"delivery-{delivery.id}")
                    self._in_flight.add(task)
                    task.add_done_callback(self._in_flight.discard)
                if self._in_flight:
                    await asyncio.wait(
                        self._in_flight,
                        timeout=settings.delivery_poll_interval_s,
                        return_when=asyncio.FIRST_COMPLETED,
                    )
                else:
                    await asyncio.sleep(settings.delivery_poll_interval_s)
        finally:
            for task in self._in_flight:
                task.cancel()
            await asyncio.gather(*self._in_flight, return_exceptions=True)
            await self._webhooks.close()

    async def _take(self, limit: int) -> list[Delivery]:
        now = now_utc()
        try:
            # Looking is a read; only what is due takes a write transaction (on SQLite, the write lock).
            async with self._runtime.reads() as session:
                candidates = await deliveries.due(session, now, limit)
            if not candidates:
                return []
            async with self._runtime.uow() as uow:
                taken = [
                    delivery
                    for delivery in candidates
                    if await deliveries.lease(uow.session, delivery, now + self._lease)
                ]
                await uow.commit()
        except Exception:
            # The database may be away for a moment; the next round tries again.
            log.exception("delivery_lookup_failed")
            return []
        return taken

    async def _deliver(self, delivery: Delivery) -> None:
        # Each attempt continues the trace of the event that made the delivery.
        with span_continuing(
            f"{delivery.channel.value} delivery",
            {TRACEPARENT: delivery.traceparent},
            SpanKind.CLIENT,
            **{"delivery.id": delivery.id, "delivery.attempt": delivery.attempts + 1},
        ):
            await self._attempt(delivery)

    async def _attempt(self, delivery: Delivery) -> None:
        try:
            started = time.perf_counter()
            outcome = await self._send(delivery)
            if outcome is None:
                return
            duration_ms = int((time.perf_counter() - started) * 1000)
            ATTEMPTS.labels(delivery.channel.value, "ok" if outcome.succeeded else "failed").inc()
            await self._record(delivery, outcome, duration_ms)
        except Exception:
            # The lease runs out and the delivery is due again.
            log.exception("delivery_failed_unexpectedly", delivery_id=delivery.id)

    async def _send(self, delivery: Delivery) -> Outcome | None:
        """Sends; None when the delivery was set aside instead (no mail server, subscription gone or off)."""
        if delivery.channel is Channel.EMAIL:
            if self._email is None:
                await self._set_aside(delivery, DeliveryStatus.SKIPPED, "email is not configured (SMTP_HOST)")
                return None
            return await self._email.send(delivery)
        async with self._runtime.reads() as session:
            subscription = await session.get(WebhookSubscription, delivery.target)
        if subscription is None or subscription.deleted_at is not None:
            await self._set_aside(delivery, DeliveryStatus.SKIPPED, "the subscription was deleted")
            return None
        if not subscription.enabled:
            await self._set_aside(delivery, DeliveryStatus.HELD, None)
            return None
        secrets = signing_secrets(
            subscription.secret,
            subscription.previous_secret,
            subscription.secret_rotated_at,
            timedelta(hours=self._settings.webhook_secret_overlap_h),
            now_utc(),
        )
        return await self._webhooks.send(delivery, subscription.url, secrets)

    async def _set_aside(self, delivery: Delivery, status: DeliveryStatus, reason: str | None) -> None:
        async with self._runtime.uow() as uow:
            row = await uow.session.get(Delivery, delivery.id)
            if row is None or row.status is not DeliveryStatus.PENDING:
                return
            row.status, row.next_attempt_at = status, None
            row.last_error = reason or row.last_error
            uow.session.add(row)
            await uow.commit()

    async def _record(self, delivery: Delivery, outcome: Outcome, duration_ms: int) -> None:
        now = now_utc()
        settings = self._settings
        async with self._runtime.uow() as uow:
            session = uow.session
            row = await session.get(Delivery, delivery.id)
            if row is None:
                return
            session.add(
                DeliveryAttempt(
                    id=str(uuid.uuid4()),
                    delivery_id=row.id,
                    attempted_at=now,
                    succeeded=outcome.succeeded,
                    status_code=outcome.status_code,
                    error=outcome.error,
                    duration_ms=duration_ms,
                )
            )
            row.attempts += 1
            decision = decide(
                outcome.attempt(),
                row.attempts,
                settings.delivery_retry_delays_s,
                settings.delivery_retry_after_max_s,
                webhook=row.channel is Channel.WEBHOOK,
                now=now,
            )
            if decision.verdict is Verdict.DELIVERED:
                row.status, row.delivered_at, row.next_attempt_at = DeliveryStatus.DELIVERED, now, None
            else:
                row.last_error, row.next_attempt_at = outcome.error, decision.next_attempt_at
            if decision.verdict in (Verdict.GIVE_UP, Verdict.DISABLE):
                row.status = DeliveryStatus.FAILED
                log.warning("delivery_failed", delivery_id=row.id, channel=row.channel.value)
            session.add(row)
            if decision.verdict is Verdict.DISABLE:
                await session.flush()
                if await _disable(session, row, _disabled_because(row, outcome), now):
                    await tell_owner(uow, row, settings.base_url, now)
            elif decision.verdict is Verdict.GIVE_UP and row.channel is Channel.EMAIL:
                await tell_owner(uow, row, settings.base_url, now)
            await uow.commit()


async def _disable(session: AsyncSession, failed: Delivery, reason: str, now: datetime) -> bool:
    """Switches off a receiver that failed a whole retry schedule, or answered 410 Gone; True if this
    did it. The row is locked first, so that of deliveries failing at once only one disables it and its
    owner is told once."""
    subscription = await session.get(WebhookSubscription, failed.target, with_for_update=True)
    if subscription is None or not subscription.enabled:
        return False
    await disable(session, subscription, reason, now)
    log.warning("webhook_subscription_disabled", subscription_id=subscription.id)
    return True


def _disabled_because(failed: Delivery, outcome: Outcome) -> str:
    if outcome.status_code == 410:
        return f"The receiver answered 410 Gone to delivery {failed.id}; enable it again once it is back."
    return (
        f"Every attempt at delivery {failed.id} failed (last: {failed.last_error}); enable it again once "
        "the receiver works."
    )
