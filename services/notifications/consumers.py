"""What the notifications service makes of each event it hears."""

import uuid

from services.notifications import storage
from services.notifications.domain import (
    WorkItemKind,
    WorkItemStatus,
    provider_message,
    report_work_item,
    review_application_title,
)
from services.notifications.storage import InboxEntry, ProviderContact, WorkItem
from shared.clock import now_utc
from shared.events.application import (
    ApplicationSubmittedV1,
    ApplicationSupplementedV1,
    ApplicationWithdrawnV1,
    ProviderRegisteredV1,
    ProviderUpdatedV1,
)
from shared.events.envelope import CloudEvent, EventPayload
from shared.messaging.registry import HandlerRegistry
from shared.unit_of_work import UnitOfWork

handlers = HandlerRegistry("notifications")


@handlers.handles("provider.registered", "provider.updated")
async def on_provider_changed(
    uow: UnitOfWork, event: CloudEvent, payload: ProviderRegisteredV1 | ProviderUpdatedV1
) -> None:
    contact = await uow.session.get(ProviderContact, payload.provider_id)
    if contact is not None and contact.updated_at > event.time:
        return  # an older event arriving after a newer one changes nothing
    contact = contact or ProviderContact(
        provider_id=payload.provider_id,
        organisation_number="",
        name="",
        contact_email="",
        updated_at=event.time,
    )
    contact.organisation_number = payload.organisation_number
    contact.name = payload.name
    contact.contact_email = payload.contact_email
    contact.updated_at = event.time
    uow.session.add(contact)


@handlers.handles("application.submitted", "application.supplemented")
async def on_application_submitted(
    uow: UnitOfWork, event: CloudEvent, payload: ApplicationSubmittedV1 | ApplicationSupplementedV1
) -> None:
    subject = f"applications/{payload.application_id}"
    now = now_utc()
    resubmission = isinstance(payload, ApplicationSupplementedV1) or payload.resubmission
    title = review_application_title(payload.provider_name, payload.area_code, resubmission)
    item = await storage.open_work_item(uow.session, subject, WorkItemKind.REVIEW_APPLICATION)
    if item is None:
        item = WorkItem(
            id=str(uuid.uuid4()),
            kind=WorkItemKind.REVIEW_APPLICATION,
            area_code=payload.area_code,
            subject=subject,
            title=title,
            organisation_number=payload.organisation_number,
            status=WorkItemStatus.OPEN,
            created_at=now,
            updated_at=now,
        )
    else:
        item.title = title
        item.updated_at = now
    uow.session.add(item)


@handlers.handles("application.withdrawn")
async def on_application_withdrawn(
    uow: UnitOfWork, event: CloudEvent, payload: ApplicationWithdrawnV1
) -> None:
    """A withdrawn application needs no review: its open item is closed, not left for staff to find."""
    await _close_work(uow, f"applications/{payload.application_id}", WorkItemKind.REVIEW_APPLICATION)


@handlers.handles(
    "application.supplement_requested",
    "application.approved",
    "application.rejected",
    "authorisation.granted",
    "authorisation.warning_issued",
    "authorisation.revoked",
    "authorisation.conditions_changed",
)
async def on_provider_news(uow: UnitOfWork, event: CloudEvent, payload: EventPayload) -> None:
    await _tell_provider(uow, event)


async def _tell_provider(uow: UnitOfWork, event: CloudEvent) -> None:
    provider_id = event.data["provider_id"]
    uow.session.add(
        InboxEntry(
            id=str(uuid.uuid4()),
            seq=await storage.next_inbox_seq(uow.session),
            recipient=f"providers/{provider_id}",
            event_id=event.id,
            event_type=event.type,
            subject=event.subject,
            message_sv=provider_message(event.type, event.data),
            created_at=event.time,
        )
    )


# What each report event becomes: news for the provider, work for staff, or an end to open work.
TELLS_PROVIDER = frozenset(
    {
        "manager_change.approved",
        "manager_change.rejected",
        "deviation.acknowledged",
        "deviation.closed",
        "follow_up.requested",
        "follow_up.overdue",
        "quality_report.requested",
        "quality_report.reminder",
        "quality_report.overdue",
        "quality_report.accepted",
        "quality_report.completion_requested",
    }
)
MAKES_WORK = frozenset(
    {
        "manager_change.reported",
        "manager_absence.reported",
        "deviation.reported",
        "follow_up.responded",
        "follow_up.overdue",
        "quality_report.submitted",
        "quality_report.overdue",
    }
)
CLOSES_WORK = {
    "manager_change.approved": WorkItemKind.APPROVE_MANAGER_CHANGE,
    "manager_change.rejected": WorkItemKind.APPROVE_MANAGER_CHANGE,
    "deviation.closed": WorkItemKind.HANDLE_DEVIATION,
    "follow_up.responded": WorkItemKind.CHASE_FOLLOW_UP,
    "quality_report.submitted": WorkItemKind.CHASE_QUALITY_REPORT,
    "quality_report.accepted": WorkItemKind.REVIEW_QUALITY_REPORT,
    "quality_report.completion_requested": WorkItemKind.REVIEW_QUALITY_REPORT,
}


@handlers.handles(*sorted(TELLS_PROVIDER | MAKES_WORK | set(CLOSES_WORK)))
async def on_report(uow: UnitOfWork, event: CloudEvent, payload: EventPayload) -> None:
    if event.type in TELLS_PROVIDER:
        await _tell_provider(uow, event)
    if event.type in CLOSES_WORK:
        await _close_work(uow, event.subject or "", CLOSES_WORK[event.type])
    if event.type in MAKES_WORK:
        await _make_work(uow, event)


async def _make_work(uow: UnitOfWork, event: CloudEvent) -> None:
    kind, title, urgent = report_work_item(event.type, event.data)
    subject = event.subject or ""
    now = now_utc()
    item = await storage.open_work_item(uow.session, subject, kind)
    if item is None:
        item = WorkItem(
            id=str(uuid.uuid4()),
            kind=kind,
            area_code=event.data["area_code"],
            subject=subject,
            title=title,
            organisation_number=event.orgnumber,
            urgent=urgent,
            status=WorkItemStatus.OPEN,
            created_at=now,
            updated_at=now,
        )
    else:
        item.title, item.urgent, item.updated_at = title, urgent, now
    uow.session.add(item)


async def _close_work(uow: UnitOfWork, subject: str, kind: WorkItemKind) -> None:
    item = await storage.open_work_item(uow.session, subject, kind)
    if item is not None:
        item.status = WorkItemStatus.DONE
        item.updated_at = now_utc()
        uow.session.add(item)
