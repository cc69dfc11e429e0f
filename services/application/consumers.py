"""What the application service makes of the events it hears: a change of the person in charge shows on
the authorisation as pending until the reporting service's decision arrives; a warning is remedied when the
answer to its follow-up request is accepted, or marked when its deadline passed without one."""

from services.application.actions.authorisations import warning_deadline_passed, warning_remedied
from services.application.storage.authorisations import Authorisation
from shared.events.envelope import CloudEvent
from shared.events.reporting import (
    FollowUpAcceptedV1,
    FollowUpDeadlinePassedV1,
    ManagerChangeApprovedV1,
    ManagerChangeRejectedV1,
    ManagerChangeReportedV1,
)
from shared.messaging.registry import HandlerRegistry
from shared.tenancy import visible_row
from shared.unit_of_work import UnitOfWork

handlers = HandlerRegistry("application")


@handlers.handles("manager_change.reported")
async def on_manager_change_reported(
    uow: UnitOfWork, event: CloudEvent, payload: ManagerChangeReportedV1
) -> None:
    authorisation = await visible_row(
        uow.session, Authorisation, payload.authorisation_id, None, None, for_update=True
    )
    if authorisation is None or authorisation.last_settled_manager_change == payload.manager_change_id:
        return
    authorisation.pending_manager_change = {
        "id": payload.manager_change_id,
        "person_name": payload.person_name,
        "starts_on": payload.starts_on.isoformat(),
        "late": payload.late,
        "reported_at": payload.reported_at.isoformat(),
    }
    uow.session.add(authorisation)


@handlers.handles("manager_change.approved", "manager_change.rejected")
async def on_manager_change_decided(
    uow: UnitOfWork, event: CloudEvent, payload: ManagerChangeApprovedV1 | ManagerChangeRejectedV1
) -> None:
    authorisation = await visible_row(
        uow.session, Authorisation, payload.authorisation_id, None, None, for_update=True
    )
    if authorisation is None:
        return
    pending = authorisation.pending_manager_change or {}
    if pending.get("id") in (None, payload.manager_change_id):
        authorisation.pending_manager_change = None
    authorisation.last_settled_manager_change = payload.manager_change_id
    if isinstance(payload, ManagerChangeApprovedV1):
        authorisation.person_in_charge_name = payload.person_name
        uow.audit(authorisation, "person_in_charge_changed", manager_change=payload.manager_change_id)
    uow.session.add(authorisation)


@handlers.handles("follow_up.accepted")
async def on_follow_up_accepted(uow: UnitOfWork, event: CloudEvent, payload: FollowUpAcceptedV1) -> None:
    if payload.warning_id is not None:  # a request staff made concerns no warning
        await warning_remedied(uow, payload.warning_id)


@handlers.handles("follow_up.deadline_passed")
async def on_warning_deadline_passed(
    uow: UnitOfWork, event: CloudEvent, payload: FollowUpDeadlinePassedV1
) -> None:
    await warning_deadline_passed(uow, payload.warning_id)
