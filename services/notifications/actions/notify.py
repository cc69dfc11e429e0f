"""What one event becomes: work in the queue of its area, and for each recipient who hears of it an
inbox entry in their language, plus an email and webhook messages where they chose them. Everything is
written in the consumer's transaction; sending is the delivery worker's."""

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from services.notifications.actions.batch import BatchReads
from services.notifications.bell import Bell
from services.notifications.domain.deliveries import DeliveryStatus, references_of
from services.notifications.domain.preferences import Channel, Language
from services.notifications.domain.recipients import (
    TELLS_PROVIDER,
    Audience,
    provider_recipient,
    staff_recipient,
)
from services.notifications.domain.texts import Text, footer, linked_subject, portal_page, render
from services.notifications.domain.work_items import (
    CLOSES_WORK,
    MAKES_WORK,
    DueDays,
    WorkItemStatus,
    is_late,
    is_urgent,
)
from services.notifications.storage import recipients
from services.notifications.storage.deliveries import Delivery
from services.notifications.storage.inbox import NewInboxEntry
from services.notifications.storage.webhooks import WebhookSubscription
from services.notifications.storage.work_items import NewWorkItem
from shared.clock import now_utc, stockholm_date
from shared.events.envelope import CloudEvent
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Outlets:
    """What this installation tells by, besides the inbox."""

    base_url: str
    email: bool
    # Rung after a commit that wrote inbox entries, for the live streams of this process.
    bell: Bell
    # How long staff have for each kind of work item (WORK_ITEM_DUE_DAYS).
    due_days: DueDays = field(default_factory=lambda: DueDays({}))


# The event's text for an audience in a language.
Texts = Callable[[Audience, Language], Text]


async def notify(uow: UnitOfWork, event: CloudEvent, outlets: Outlets) -> None:
    # Rendered once per audience and language, however many staff members share them.
    @cache
    def texts(audience: Audience, language: Language) -> Text:
        return render(event, audience, language, outlets.base_url)

    reads = BatchReads.of(uow)
    if event.type in CLOSES_WORK:
        await _close_work(reads, event.subject or "", event)
    told: list[tuple[str, Audience]] = []
    if event.type in MAKES_WORK:
        await _make_work(reads, event, texts, outlets.due_days)
        told += [
            (staff_recipient(member.client_id), Audience.STAFF)
            for member in await reads.staff_of_area(event.data["area_code"])
        ]
    if event.type in TELLS_PROVIDER:
        told.append((provider_recipient(event.data["provider_id"]), Audience.PROVIDER))
    for recipient, audience in told:
        await _tell(uow, event, outlets, texts, recipient, audience)
    if told:
        reads.ring_when_committed(uow, outlets.bell)


async def tell_staff(uow: UnitOfWork, event: CloudEvent, outlets: Outlets, staff_ids: Sequence[str]) -> None:
    """Tells staff members, by their ids, of an event this service raised itself (an escalation to an area's
    leads): inbox, and email where they gave an address, in the same transaction as the event."""

    @cache
    def texts(audience: Audience, language: Language) -> Text:
        return render(event, audience, language, outlets.base_url)

    for staff_id in staff_ids:
        await _tell(uow, event, outlets, texts, staff_recipient(staff_id), Audience.STAFF)
    if staff_ids:
        BatchReads.of(uow).ring_when_committed(uow, outlets.bell)


async def _tell(
    uow: UnitOfWork, event: CloudEvent, outlets: Outlets, texts: Texts, recipient: str, audience: Audience
) -> None:
    session = uow.session
    reads = BatchReads.of(uow)
    preferences = await reads.preferences_of(recipient, audience)
    text = texts(audience, preferences.language)
    reads.add_entry(
        NewInboxEntry(
            id=str(uuid.uuid4()),
            recipient=recipient,
            event_id=event.id,
            event_type=event.type,
            subject=event.subject,
            title=text.title,
            body=text.body,
            link=text.link,
            language=preferences.language,
            created_at=event.time,
        )
    )
    if outlets.email and preferences.wants(event.type, Channel.EMAIL):
        address = await recipients.email_address_of(
            session, audience, preferences, event.data.get("provider_id")
        )
        if address:
            page = portal_page(linked_subject(event), outlets.base_url)
            session.add(_email(event, recipient, address, text, page, preferences.language, outlets.base_url))
    if audience is Audience.PROVIDER and preferences.wants(event.type, Channel.WEBHOOK):
        provider_id = event.data["provider_id"]
        for subscription in await reads.listening(provider_id, event.type):
            session.add(_webhook(event, recipient, subscription, text))


def _email(
    event: CloudEvent, recipient: str, address: str, text: Text, page: str, language: Language, base_url: str
) -> Delivery:
    body = text.email_body(footer(page, language, base_url))
    return _delivery(event, recipient, Channel.EMAIL, address, text.title, body, DeliveryStatus.PENDING)


def _webhook(event: CloudEvent, recipient: str, subscription: WebhookSubscription, text: Text) -> Delivery:
    """The message a provider's system receives: the event's references (ids and area), the subject, a link
    and the title the inbox shows; the rest is behind the link."""
    payload = {
        "type": event.type,
        "timestamp": event.time.isoformat(),
        "event_id": event.id,
        "subject": event.subject,
        "link": text.link,
        "title": text.title,
        "data": references_of(event.data),
    }
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    status = DeliveryStatus.PENDING if subscription.enabled else DeliveryStatus.HELD
    return _delivery(event, recipient, Channel.WEBHOOK, subscription.id, event.type, body, status)


def _delivery(
    event: CloudEvent,
    recipient: str,
    channel: Channel,
    target: str,
    title: str,
    body: str,
    status: DeliveryStatus,
) -> Delivery:
    now = now_utc()
    return Delivery(
        id=str(uuid.uuid4()),
        channel=channel,
        recipient=recipient,
        target=target,
        event_id=event.id,
        event_type=event.type,
        subject=event.subject,
        title=title,
        body=body,
        status=status,
        next_attempt_at=now,
        created_at=now,
    )


async def _make_work(reads: BatchReads, event: CloudEvent, texts: Texts, due_days: DueDays) -> None:
    kind = MAKES_WORK[event.type]
    # The queue is shared by an area's staff, so its titles are in the municipality's language.
    title = texts(Audience.STAFF, Language.SV).title
    urgent = is_urgent(event.type, event.data)
    late = is_late(event.type, event.data)
    subject = event.subject or ""
    now = now_utc()
    item = await reads.open_work_item(subject, kind)
    if item is None:
        item = NewWorkItem(
            id=str(uuid.uuid4()),
            kind=kind,
            area_code=event.data["area_code"],
            subject=subject,
            title=title,
            urgent=urgent,
            status=WorkItemStatus.OPEN,
            created_at=now,
            updated_at=now,
            # Counted from the day the item arrives; an event that later updates it keeps the date.
            due_on=due_days.due_on(kind, stockholm_date(now)),
            late=late,
        )
    else:
        item.title, item.urgent, item.late, item.updated_at = title, urgent, late, now
    reads.changed(item)


async def _close_work(reads: BatchReads, subject: str, event: CloudEvent) -> None:
    item = await reads.open_work_item(subject, CLOSES_WORK[event.type])
    if item is not None:
        item.status = WorkItemStatus.DONE
        item.updated_at = now_utc()
        reads.changed(item)
