"""Every event kind in the catalogue, published on the real broker as its service would, becomes the right
inbox entry or work item for the right recipient and for no other, once however often it arrives."""

import asyncio
from functools import partial
from typing import Any

from services.notifications.domain.recipients import TELLS_PROVIDER, TELLS_STAFF
from services.notifications.domain.work_items import CLOSES_WORK, MAKES_WORK
from shared.auth.principal import Kind
from shared.events.envelope import CloudEvent
from tests.support.broker import publish
from tests.support.events import example_event
from tests.support.polling import eventually
from tests.support.system import Provider, System

AREA, OTHER_AREA = "familjebehandling", "familjeradgivning"


async def _inbox(system: System, headers: dict[str, str]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params = {"limit": "200", **({"cursor": cursor} if cursor else {})}
        response = await system.client.get("/notifications", params=params, headers=headers)
        assert response.status == 200, await response.text()
        page = await response.json()
        entries += page["items"]
        if not (cursor := page["next_cursor"]):
            return entries


def _for(provider: Provider, kind: str, **fields: Any) -> CloudEvent:
    return example_event(
        kind,
        provider_id=provider.provider_id,
        organisation_number=provider.organisation_number,
        area_code=AREA,
        **fields,
    )


async def test_each_kind_reaches_its_recipients_and_no_others_once(system: System) -> None:
    told, bystander = await system.register_provider("Mottagaren AB"), await system.register_provider()
    handler = await system.operator(Kind.STAFF, [AREA])
    elsewhere = await system.operator(Kind.STAFF, [OTHER_AREA])
    for member in (handler, elsewhere):  # staff are known to the service from their first call
        await _inbox(system, member)

    events = [_for(told, kind) for kind in sorted(TELLS_PROVIDER | TELLS_STAFF)]
    await publish(system.settings.amqp_url, system.settings.amqp_prefix, events + events[::-1])
    ids = {event.id: event for event in events}

    async def provider_told() -> list[dict[str, Any]]:
        found = [e for e in await _inbox(system, told.auth) if e["event_id"] in ids]
        return found if len(found) >= len(TELLS_PROVIDER) else []

    async def staff_told() -> list[dict[str, Any]]:
        found = [e for e in await _inbox(system, handler) if e["event_id"] in ids]
        return found if len(found) >= len(TELLS_STAFF) else []

    provider_entries = await eventually(provider_told, what="the provider's entries")
    staff_entries = await eventually(staff_told, what="the staff member's entries")
    await asyncio.sleep(1)  # the duplicates have had time to arrive: they must have changed nothing
    provider_entries = [e for e in await _inbox(system, told.auth) if e["event_id"] in ids]
    staff_entries = [e for e in await _inbox(system, handler) if e["event_id"] in ids]

    assert sorted(e["event_type"] for e in provider_entries) == sorted(TELLS_PROVIDER)
    assert sorted(e["event_type"] for e in staff_entries) == sorted(TELLS_STAFF)
    for entry in provider_entries + staff_entries:
        event = ids[entry["event_id"]]
        assert entry["subject"] == event.subject and entry["link"].endswith(f"/{event.subject}")
        assert entry["language"] == "sv" and "Familjebehandling" in entry["title"] + entry["body"]
    assert not [e for e in await _inbox(system, bystander.auth) if e["event_id"] in ids]
    assert not [e for e in await _inbox(system, elsewhere) if e["event_id"] in ids]

    for event in events:
        items = await system.work_items(event.subject or "", handler)
        if event.type in MAKES_WORK:
            (item,) = items
            assert item["kind"] == MAKES_WORK[event.type] and item["area_code"] == AREA
            assert item["urgent"] is (
                event.type == "authorisation.warning_deadline_passed"
                or (event.type == "deviation.reported" and event.data["severity"] == "serious")
            )
        else:
            assert items == [], event.type
        assert await system.work_items(event.subject or "", elsewhere) == [], "another area's queue"


# A subject's work, and the later event that ends it.
ENDINGS = [
    ("application.submitted", "application.withdrawn", "application_id"),
    ("manager_change.reported", "manager_change.approved", "manager_change_id"),
    ("manager_change.reported", "manager_change.rejected", "manager_change_id"),
    ("deviation.reported", "deviation.closed", "deviation_id"),
    ("follow_up.overdue", "follow_up.responded", "request_id"),
    ("quality_report.overdue", "quality_report.submitted", "report_id"),
    ("quality_report.submitted", "quality_report.accepted", "report_id"),
    ("quality_report.submitted", "quality_report.completion_requested", "report_id"),
    ("follow_up.responded", "follow_up.accepted", "request_id"),
    ("follow_up.responded", "follow_up.rejected", "request_id"),
    ("authorisation.warning_deadline_passed", "authorisation.warning_remedied", "authorisation_id"),
    ("authorisation.warning_deadline_passed", "authorisation.warning_issued", "authorisation_id"),
    ("authorisation.warning_deadline_passed", "authorisation.revoked", "authorisation_id"),
]


async def test_a_later_event_on_the_subject_closes_its_open_work(system: System) -> None:
    assert {ending for _, ending, _ in ENDINGS} == set(CLOSES_WORK)
    provider = await system.register_provider("Avslutet AB")
    settings = system.settings
    for making, ending, key in ENDINGS:
        opened = _for(provider, making)
        subject = opened.subject or ""
        await publish(settings.amqp_url, settings.amqp_prefix, [opened])

        await eventually(partial(_items, system, subject, making, "open"), what=f"the item {making} makes")
        await publish(
            settings.amqp_url, settings.amqp_prefix, [_for(provider, ending, **{key: opened.data[key]})]
        )
        await eventually(partial(_items, system, subject, making, "done"), what=f"{ending} to close it")


async def _items(system: System, subject: str, making: str, status: str) -> list[dict[str, Any]]:
    items = await system.work_items(subject)
    return [i for i in items if i["kind"] == MAKES_WORK[making] and i["status"] == status]
