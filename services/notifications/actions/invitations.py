"""An invitation to join a provider organisation becomes one email to the address invited: not an inbox
entry, since its link is the invitation itself and the organisation's inbox is read by all its people."""

import uuid

from services.notifications.domain.deliveries import DeliveryStatus
from services.notifications.domain.preferences import Channel, Language
from services.notifications.domain.recipients import provider_recipient
from services.notifications.domain.texts import catalogue, format_time
from services.notifications.storage.deliveries import Delivery
from shared.clock import now_utc
from shared.events.application import ProviderInvitationIssuedV1
from shared.events.envelope import CloudEvent
from shared.unit_of_work import UnitOfWork


def invitation_text(payload: ProviderInvitationIssuedV1, language: Language) -> tuple[str, str]:
    texts = catalogue(language)
    template = texts["invitation"]["provider.invitation_issued"]
    values = {
        "organisation": payload.provider_name,
        "role": texts["roles"].get(payload.role, payload.role),
        "expires_at": format_time(payload.expires_at, language),
        "link": payload.link,
    }
    return template["title"].format_map(values).strip(), template["body"].format_map(values).strip()


def invitation_email(event: CloudEvent, payload: ProviderInvitationIssuedV1) -> Delivery:
    """In Swedish, then English: the person invited has chosen no language yet."""
    title, swedish = invitation_text(payload, Language.SV)
    _, english = invitation_text(payload, Language.EN)
    now = now_utc()
    return Delivery(
        id=str(uuid.uuid4()),
        channel=Channel.EMAIL,
        # A failure to deliver is told to the organisation (actions/failure_notices.py).
        recipient=provider_recipient(payload.provider_id),
        target=payload.email,
        event_id=event.id,
        event_type=event.type,
        subject=event.subject,
        title=title,
        body=f"{swedish}\n\n---\n\n{english}",
        status=DeliveryStatus.PENDING,
        next_attempt_at=now,
        created_at=now,
    )


async def on_invitation_issued(
    uow: UnitOfWork, event: CloudEvent, payload: ProviderInvitationIssuedV1, *, email: bool
) -> None:
    if email:  # an installation without a mail server has no way to send it; the link stays unused
        uow.session.add(invitation_email(event, payload))
