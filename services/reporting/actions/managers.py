"""Manager changes (for approval) and absences of the person in charge."""

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from services.reporting.actions.callers import authorisation_to_report_on, reported_authorisation
from services.reporting.domain import absences, manager_changes
from services.reporting.domain.manager_changes import ChangeOutcome, ChangeStatus
from services.reporting.schemas.managers import (
    AbsenceIn,
    AbsenceQuery,
    ManagerChangeDecisionIn,
    ManagerChangeIn,
    ManagerChangeQuery,
)
from services.reporting.storage import managers as storage
from services.reporting.storage.managers import ManagerAbsence, ManagerChange
from shared.auth.principal import Principal
from shared.clock import now_utc, stockholm_date
from shared.competence import precheck
from shared.errors import Conflict, InvalidInput
from shared.events.reporting import (
    ManagerAbsenceReportedV1,
    ManagerChangeApprovedV1,
    ManagerChangeRejectedV1,
    ManagerChangeReportedV1,
)
from shared.pagination import Page
from shared.tenancy import visible
from shared.unit_of_work import UnitOfWork


async def report_change(uow: UnitOfWork, caller: Principal, command: ManagerChangeIn) -> ManagerChange:
    async with uow.acting_as(caller):
        copy = await authorisation_to_report_on(uow.session, caller, command.authorisation_id)
        now = now_utc()
        today = stockholm_date(now)
        person = command.person_in_charge
        result = precheck(person, today)
        change = ManagerChange(
            id=str(uuid.uuid4()),
            authorisation_id=copy.id,
            provider_id=copy.provider_id,
            area_code=copy.area_code,
            person_in_charge=person.model_dump(mode="json"),
            person_name=person.name,
            starts_on=command.starts_on,
            late=manager_changes.is_late(command.starts_on, today),
            precheck=result.model_dump(mode="json"),
            status=ChangeStatus.PENDING,
            created_at=now,
        )
        uow.session.add(change)
        uow.publish(
            ManagerChangeReportedV1(
                **copy.reference(),
                manager_change_id=change.id,
                person_name=change.person_name,
                provider_name=copy.provider_name,
                starts_on=change.starts_on,
                reported_at=now,
                late=change.late,
            )
        )
        uow.audit(change, "reported", late=change.late)
        await uow.commit()
    return change


async def decide_change(
    uow: UnitOfWork, caller: Principal, change_id: str, command: ManagerChangeDecisionIn
) -> ManagerChange:
    if command.outcome is ChangeOutcome.REJECTED and not command.reasons.strip():
        raise InvalidInput(
            "A rejection states its reasons.",
            errors=[{"location": "reasons", "message": "required for a rejection", "type": "missing"}],
        )
    async with uow.acting_as(caller):
        change = await visible(
            uow.session, caller, ManagerChange, change_id, "manager change", for_update=True
        )
        manager_changes.ensure_pending(change.status)
        copy = await reported_authorisation(uow.session, change.authorisation_id)
        now = now_utc()
        change.status = ChangeStatus(command.outcome.value)
        change.decided_by = caller.acting_id
        change.decided_at = now
        change.decision_reasons = command.reasons or None
        uow.session.add(change)
        common = {
            **copy.reference(),
            "manager_change_id": change.id,
            "decided_at": now,
        }
        if change.status is ChangeStatus.APPROVED:
            uow.publish(
                ManagerChangeApprovedV1(**common, person_name=change.person_name, starts_on=change.starts_on)
            )
        else:
            uow.publish(ManagerChangeRejectedV1(**common))
        uow.audit(change, "decided")
        await uow.commit()
    return change


async def get_change(session: AsyncSession, caller: Principal, change_id: str) -> ManagerChange:
    return await visible(session, caller, ManagerChange, change_id, "manager change")


async def list_changes(
    session: AsyncSession, caller: Principal, query: ManagerChangeQuery
) -> Page[ManagerChange]:
    return await storage.manager_changes_for(
        session,
        caller.owning_provider(),
        caller.area_scope(),
        authorisation_id=query.authorisation_id,
        status=query.status,
        limit=query.limit,
        cursor=query.cursor,
    )


async def report_absence(
    uow: UnitOfWork, caller: Principal, command: AbsenceIn, *, competence_after_days: int
) -> ManagerAbsence:
    """`competence_after_days`: an absence longer than that many days needs the substitute's competence."""
    absences.ensure_period(command.starts_on, command.ends_on)
    substitute = command.substitute
    given = substitute.has_competence()
    absences.ensure_competence_given(command.starts_on, command.ends_on, competence_after_days, given)
    async with uow.acting_as(caller):
        copy = await authorisation_to_report_on(uow.session, caller, command.authorisation_id)
        for existing in await storage.absences_of(uow.session, copy.id):
            if absences.overlaps(command.starts_on, command.ends_on, existing.starts_on, existing.ends_on):
                raise Conflict(
                    "The period overlaps an absence already reported for this authorisation.",
                    overlapping_absence_id=existing.id,
                    overlapping_period=f"{existing.starts_on.isoformat()}..{existing.ends_on.isoformat()}",
                )
        now = now_utc()
        # Checked as a manager change is, against the day it is reported: what the substitute has done by
        # then, not what they may have done by the time they stand in. Details given for a short absence
        # are checked too: staff may as well see what they say.
        result = precheck(substitute.as_person(), stockholm_date(now)) if any(given.values()) else None
        absence = ManagerAbsence(
            id=str(uuid.uuid4()),
            authorisation_id=copy.id,
            provider_id=copy.provider_id,
            area_code=copy.area_code,
            substitute=substitute.model_dump(mode="json"),
            starts_on=command.starts_on,
            ends_on=command.ends_on,
            reason=command.reason,
            created_at=now,
            precheck=result.model_dump(mode="json") if result is not None else None,
        )
        uow.session.add(absence)
        uow.publish(
            ManagerAbsenceReportedV1(
                **copy.reference(),
                absence_id=absence.id,
                provider_name=copy.provider_name,
                starts_on=absence.starts_on,
                ends_on=absence.ends_on,
                reported_at=now,
                precheck_outcome=result.outcome if result is not None else None,
            )
        )
        uow.audit(absence, "reported")
        await uow.commit()
    return absence


async def list_absences(
    session: AsyncSession, caller: Principal, query: AbsenceQuery
) -> Page[ManagerAbsence]:
    return await storage.absences_for(
        session,
        caller.owning_provider(),
        caller.area_scope(),
        authorisation_id=query.authorisation_id,
        limit=query.limit,
        cursor=query.cursor,
    )
