"""What the notifications service makes of each event it hears: contacts from provider events, the revoked
API clients whose tokens it refuses, the email of an invitation, and notifications and work from the rest
(actions.notify)."""

from services.notifications.actions.batch import BatchReads
from services.notifications.actions.invitations import on_invitation_issued
from services.notifications.actions.notify import Outlets, notify
from services.notifications.domain.recipients import TELLS_PROVIDER, TELLS_STAFF
from services.notifications.domain.work_items import CLOSES_WORK, MAKES_WORK
from services.notifications.storage.recipients import ProviderContact
from shared.auth.revocation_events import on_client_revoked
from shared.events.application import ProviderInvitationIssuedV1, ProviderRegisteredV1, ProviderUpdatedV1
from shared.events.envelope import CloudEvent, EventPayload
from shared.messaging.registry import HandlerRegistry
from shared.unit_of_work import UnitOfWork

NOTIFYING_EVENTS = TELLS_PROVIDER | TELLS_STAFF | frozenset(CLOSES_WORK)


async def on_provider_changed(
    uow: UnitOfWork, event: CloudEvent, payload: ProviderRegisteredV1 | ProviderUpdatedV1
) -> None:
    contact = await uow.session.get(ProviderContact, payload.provider_id)
    if contact is not None and contact.updated_at > event.time:
        return  # an older event arriving after a newer one changes nothing
    contact = contact or ProviderContact(
        provider_id=payload.provider_id,
        name="",
        contact_email="",
        updated_at=event.time,
    )
    contact.name = payload.name
    contact.contact_email = payload.contact_email
    contact.updated_at = event.time
    uow.session.add(contact)


async def read_work_ahead(uow: UnitOfWork, events: list[CloudEvent]) -> None:
    """The open work items on the subjects of a batch's events, in one query."""
    subjects = [e.subject for e in events if e.subject and (e.type in MAKES_WORK or e.type in CLOSES_WORK)]
    if subjects:
        await BatchReads.of(uow).read_work_on(subjects)


def handlers(outlets: Outlets) -> HandlerRegistry:
    registry = HandlerRegistry("notifications")
    registry.handles("provider.registered", "provider.updated")(on_provider_changed)
    registry.handles("api_client.revoked")(on_client_revoked)

    async def on_invitation(uow: UnitOfWork, event: CloudEvent, payload: ProviderInvitationIssuedV1) -> None:
        await on_invitation_issued(uow, event, payload, email=outlets.email)

    registry.handles("provider.invitation_issued")(on_invitation)

    async def on_event(uow: UnitOfWork, event: CloudEvent, payload: EventPayload) -> None:
        await notify(uow, event, outlets)

    registry.handles(*sorted(NOTIFYING_EVENTS))(on_event)
    registry.prepares(read_work_ahead)
    return registry
