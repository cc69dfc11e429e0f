"""What the quality-round tests share: the system's jobs, authorisations reported on, and the events out."""

import uuid
from collections import Counter
from datetime import datetime
from typing import Any

import orjson
from sqlmodel import col, select

from services.reporting.actions.quality_round import RoundJobs
from services.reporting.keys import ROUND_JOBS_KEY
from shared.events.application import AuthorisationGrantedV1
from shared.events.envelope import make_event
from shared.messaging.outbox import OutboxMessage
from tests.support.broker import publish
from tests.support.polling import eventually
from tests.support.system import System


def jobs_of(system: System) -> RoundJobs:
    return system.app[ROUND_JOBS_KEY]


async def granted_copy(system: System, granted_at: datetime, area_code: str = "hemtjanst") -> str:
    """An authorisation granted at a chosen time, as the reporting service hears of it."""
    authorisation_id = str(uuid.uuid4())
    event = make_event(
        AuthorisationGrantedV1(
            authorisation_id=authorisation_id,
            provider_id=str(uuid.uuid4()),
            area_code=area_code,
            revision=1,
            provider_name="Tidigare AB",
            application_id=str(uuid.uuid4()),
            conditions_version=1,
            granted_at=granted_at,
        ),
        source="/tests",
    )
    await publish(system.settings.amqp_url, system.settings.amqp_prefix, [event])

    async def copied() -> int:
        return await system.count("reporting", "authorisation_copies", "id = :id", id=authorisation_id)

    await eventually(copied, what="the copy of the authorisation")
    return authorisation_id


async def quality_events(system: System) -> list[dict[str, Any]]:
    """Every quality event the reporting service has written, oldest first, as (type, data)."""
    async with system.runtime("reporting").reads() as session:
        query = (
            select(OutboxMessage)
            .where(col(OutboxMessage.event_type).like("quality_%"))
            .order_by(col(OutboxMessage.seq))
        )
        rows = (await session.exec(query)).all()
    return [{"type": row.event_type, **orjson.loads(row.body)["data"]} for row in rows]


def tally(events: list[dict[str, Any]]) -> Counter[tuple[str, str, int | None]]:
    """(type, authorisation, days_left) for each event, so a test can say exactly what went out."""
    return Counter((e["type"], e.get("authorisation_id", "-"), e.get("days_left")) for e in events)
