"""Every service runs a retention job on its own database, scheduled daily at RETENTION_HOUR: the outbox,
consumer inbox, token revocations and idempotency keys in all three, deliveries, read notifications and
rotated webhook secrets in the notifications service, rate-limit counts and expired logins in the application
service. What it removed is on /metrics."""

from shared.clock import STOCKHOLM, now_utc
from shared.retention.scheduler import RetentionScheduler
from shared.settings import SERVICES
from tests.support.system import System

MESSAGING = ["outbox", "outbox_bodies", "consumer_inbox", "token_revocations", "idempotency_keys"]


async def test_each_service_sweeps_its_own_kinds_of_data(system: System) -> None:
    kinds = {}
    for service in SERVICES:
        job = system.runtime(service).retention
        assert job is not None
        assert job.engine is system.runtime(service).engine
        kinds[service] = [sweep.kind for sweep in job.sweeps]
    assert kinds == {
        "application": [
            *MESSAGING,
            "rate_limit_counts",
            "login_requests",
            "signin_sessions",
            "authorization_codes",
            "refresh_tokens",
        ],
        "reporting": MESSAGING,
        "notifications": [*MESSAGING, "deliveries", "read_inbox_entries", "rotated_webhook_secrets"],
    }


async def test_a_run_in_the_running_system_keeps_todays_data_and_shows_on_metrics(system: System) -> None:
    job = system.runtime("notifications").retention
    assert job is not None
    run = await job.run(now_utc())
    assert run is not None and set(run.removed.values()) == {0}
    metrics = await (await system.client.get("/metrics")).text()
    assert 'retention_removed_total{kind="deliveries",service="notifications"}' in metrics
    assert 'retention_last_run_timestamp_seconds{service="notifications"}' in metrics


async def test_the_job_fires_daily_at_the_retention_hour_in_stockholm(system: System) -> None:
    job = system.runtime("reporting").retention
    assert job is not None
    scheduler = RetentionScheduler(job, hour=4)
    scheduler.start()
    try:
        fires = scheduler.next_run
        assert fires is not None
        assert (fires.astimezone(STOCKHOLM).hour, fires.minute) == (4, 0)
    finally:
        scheduler.stop()
