"""What the application service makes of the events it hears: a change of the person in charge shows on
the authorisation as pending until the reporting service's decision arrives."""

from services.application.storage.authorisations import Authorisation
from shared.events.envelope import CloudEvent
from shared.events.reporting import ManagerChangeApprovedV1, ManagerChangeRejectedV1, ManagerChangeReportedV1
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
