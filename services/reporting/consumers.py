"""What the reporting service makes of the events it hears: its copy of authorisations, and the revoked
API clients whose tokens it refuses. It binds its queue to exactly the event types registered here."""

from services.reporting.actions.follow_ups import open_for_warning
from services.reporting.domain.authorisations import CopyStatus, is_newer
from services.reporting.storage.copies import AuthorisationCopy, copy_of
from shared.auth.revocation_events import on_client_revoked
from shared.events.application import (
    AuthorisationConditionsChangedV1,
    AuthorisationGrantedV1,
    AuthorisationRevokedV1,
    AuthorisationWarningIssuedV1,
)
from shared.events.envelope import CloudEvent
from shared.messaging.registry import HandlerRegistry
from shared.unit_of_work import UnitOfWork

handlers = HandlerRegistry("reporting")
handlers.handles("api_client.revoked")(on_client_revoked)

AuthorisationEvent = (
    AuthorisationGrantedV1
    | AuthorisationRevokedV1
    | AuthorisationWarningIssuedV1
    | AuthorisationConditionsChangedV1
)


@handlers.handles(
    "authorisation.granted",
    "authorisation.revoked",
    "authorisation.warning_issued",
    "authorisation.conditions_changed",
)
async def on_authorisation_event(uow: UnitOfWork, event: CloudEvent, payload: AuthorisationEvent) -> None:
    """Every authorisation event carries the authorisation's revision: the copy takes the state of the
    newest one it has seen. A revocation that overtakes its grant creates a revoked copy, and the late grant
    then only fills in what the revocation did not carry (name, grant time); it never reactivates it.
    A warning opens its follow-up request."""
    copy = await copy_of(uow.session, payload.authorisation_id, for_update=True)
    if copy is None:
        copy = AuthorisationCopy(
            id=payload.authorisation_id,
            provider_id=payload.provider_id,
            area_code=payload.area_code,
            status=CopyStatus.ACTIVE,
            revision=0,
            updated_at=event.time,
        )
    if isinstance(payload, AuthorisationGrantedV1):
        copy.provider_name = payload.provider_name
        copy.granted_at = payload.granted_at
    if is_newer(payload.revision, copy.revision):
        copy.revision = payload.revision
        copy.updated_at = event.time
        if isinstance(payload, AuthorisationRevokedV1):
            copy.status = CopyStatus.REVOKED
            copy.revoked_at = payload.revoked_at
    uow.session.add(copy)
    if isinstance(payload, AuthorisationWarningIssuedV1):
        await uow.session.flush()  # the copy exists before the request names it
        await open_for_warning(uow, payload, copy)
