"""Serious deviations: reported by the provider, acknowledged and closed by staff."""

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from services.reporting.actions.callers import authorisation_to_report_on, reported_authorisation
from services.reporting.domain import deviations as rules
from services.reporting.domain.deviations import DeviationStatus
from services.reporting.schemas.deviations import DeviationIn, DeviationQuery
from services.reporting.storage import deviations as storage
from services.reporting.storage.deviations import Deviation
from shared.auth.principal import Principal
from shared.clock import now_utc
from shared.events.reporting import DeviationAcknowledgedV1, DeviationClosedV1, DeviationReportedV1
from shared.pagination import Page
from shared.tenancy import visible
from shared.unit_of_work import UnitOfWork


async def report(uow: UnitOfWork, caller: Principal, command: DeviationIn) -> Deviation:
    now = now_utc()
    rules.ensure_times(command.occurred_at, command.discovered_at, now)
    async with uow.acting_as(caller):
        copy = await authorisation_to_report_on(uow.session, caller, command.authorisation_id)
        deviation = Deviation(
            id=str(uuid.uuid4()),
            authorisation_id=copy.id,
            provider_id=copy.provider_id,
            area_code=copy.area_code,
            category=command.category,
            severity=command.severity,
            occurred_at=command.occurred_at,
            discovered_at=command.discovered_at,
            description=command.description,
            immediate_actions=command.immediate_actions,
            status=DeviationStatus.REPORTED,
            created_at=now,
        )
        uow.session.add(deviation)
        uow.publish(
            DeviationReportedV1(
                **copy.reference(),
                deviation_id=deviation.id,
                provider_name=copy.provider_name,
                category=deviation.category.value,
                severity=deviation.severity.value,
                occurred_at=deviation.occurred_at,
                discovered_at=deviation.discovered_at,
                reported_at=now,
            )
        )
        uow.audit(deviation, "reported")
        await uow.commit()
    return deviation


async def acknowledge(uow: UnitOfWork, caller: Principal, deviation_id: str, note: str) -> Deviation:
    return await _advance(uow, caller, deviation_id, DeviationStatus.ACKNOWLEDGED, note)


async def close(uow: UnitOfWork, caller: Principal, deviation_id: str, note: str) -> Deviation:
    return await _advance(uow, caller, deviation_id, DeviationStatus.CLOSED, note)


async def _advance(
    uow: UnitOfWork, caller: Principal, deviation_id: str, target: DeviationStatus, note: str
) -> Deviation:
    async with uow.acting_as(caller):
        deviation = await visible(uow.session, caller, Deviation, deviation_id, "deviation", for_update=True)
        rules.ensure_next(deviation.status, target)
        copy = await reported_authorisation(uow.session, deviation.authorisation_id)
        now = now_utc()
        deviation.status = target
        common = {
            **copy.reference(),
            "deviation_id": deviation.id,
        }
        if target is DeviationStatus.ACKNOWLEDGED:
            deviation.acknowledged_by, deviation.acknowledged_at = caller.acting_id, now
            deviation.acknowledgement_note = note or None
            uow.publish(DeviationAcknowledgedV1(**common, acknowledged_at=now))
        else:
            deviation.closed_by, deviation.closed_at, deviation.closure_note = caller.acting_id, now, note
            uow.publish(DeviationClosedV1(**common, closed_at=now))
        uow.session.add(deviation)
        await uow.commit()
    return deviation


async def get(session: AsyncSession, caller: Principal, deviation_id: str) -> Deviation:
    return await visible(session, caller, Deviation, deviation_id, "deviation")


async def list_deviations(session: AsyncSession, caller: Principal, query: DeviationQuery) -> Page[Deviation]:
    return await storage.deviations_for(
        session,
        caller.owning_provider(),
        caller.area_scope(),
        status=query.status,
        severity=query.severity,
        limit=query.limit,
        cursor=query.cursor,
    )
