"""Work items' due dates, their escalation once past due, and the queue's order: a due date counted in
working days over Christmas, an escalation run twice and by two tasks at once that marks and tells each
item once (its area's lead, or the staff admins where the area has none), the overdue and due-before
filters, and the queue read page by page in its order."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
import pytest_asyncio
import sqlalchemy as sa

from services.notifications.actions import notify
from services.notifications.actions.escalation import Escalation
from services.notifications.domain.work_items import WorkItemKind, WorkItemStatus, queue_position
from services.notifications.keys import OUTLETS_KEY
from services.notifications.storage.work_items import NewWorkItem, insert_work_items
from shared.auth.principal import Kind
from shared.statutory_time import add_working_days
from tests.support.mail import Mailbox, system_with_mail
from tests.support.polling import eventually
from tests.support.system import System

LEAD_ADDRESS = "omradesansvarig@nacka.example"


@pytest_asyncio.fixture(scope="module")
async def wired() -> AsyncIterator[tuple[System, Mailbox]]:
    """A system of this module's own: an escalation tells the staff admins of every area without a lead,
    which would reach the shared system's staff client in other tests."""
    async with system_with_mail() as running:
        yield running


async def _json(response: Any, status: int) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def _application_item(system: System, area: str) -> dict[str, Any]:
    provider = await system.register_provider("Förfallodag AB")
    application = await system.submitted_application(provider, area)
    items = await eventually(
        lambda: system.work_items(f"applications/{application['id']}"), what="the work item"
    )
    return items[0]


async def _now(system: System, item: dict[str, Any]) -> dict[str, Any]:
    return (await system.work_items(item["subject"]))[0]


async def _told(system: System, item: dict[str, Any]) -> list[tuple[str, str]]:
    """(recipient, event id) of each inbox entry that told of the item's escalation."""
    async with system.runtime("notifications").reads() as session:
        rows = await session.exec(  # type: ignore[call-overload]
            sa.text(
                "SELECT recipient, event_id FROM inbox_entries "
                "WHERE event_type = 'work_item.escalated' AND subject = :subject"
            ),
            params={"subject": f"work-items/{item['id']}"},
        )
        return sorted((str(r[0]), str(r[1])) for r in rows.all())


async def _emails(system: System, item: dict[str, Any]) -> int:
    return await system.count(
        "notifications",
        "deliveries",
        "channel = 'email' AND event_type = 'work_item.escalated' AND subject = :subject",
        subject=f"work-items/{item['id']}",
    )


async def test_an_item_is_due_its_kind_s_working_days_after_it_arrives_over_christmas(
    wired: tuple[System, Mailbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    system, _ = wired
    # Arrived on Wednesday 23 December 2026: 24-27 December, New Year's Eve and Day, the weekend after and
    # Epiphany are not counted: 28, 29, 30 December, 4, 5, 7, 8, 11, 12 and 13 January are the ten.
    arrived = datetime(2026, 12, 23, 9, 30, tzinfo=UTC)
    monkeypatch.setattr(notify, "now_utc", lambda: arrived)
    item = await _application_item(system, "boendestod")
    assert item["kind"] == "review_application"
    assert item["due_on"] == "2027-01-13" == add_working_days(date(2026, 12, 23), 10).isoformat()
    assert (item["overdue"], item["overdue_since"], item["late"]) == (False, None, False)


async def test_past_due_work_is_escalated_once_to_the_area_s_lead_or_else_the_staff_admins(
    wired: tuple[System, Mailbox],
) -> None:
    system, mailbox = wired
    lead = await system.operator(Kind.STAFF, ["boendestod"])
    chosen = await _json(
        await system.client.put("/preferences", json={"email_address": LEAD_ADDRESS}, headers=lead), 200
    )
    lead_recipient = chosen["recipient"]
    # A staff administrator this service has met (their first call): told where an area has no lead.
    admin = await system.operator(Kind.ADMIN)
    await _json(await system.client.get("/work-items", headers=admin), 200)
    admin_recipient = (await _json(await system.client.get("/preferences", headers=admin), 200))["recipient"]
    led, unled, done = (
        await _application_item(system, "boendestod"),
        await _application_item(system, "hemtjanst"),
        await _application_item(system, "boendestod"),
    )
    url = f"/work-items/{done['id']}"
    await _json(await system.client.post(f"{url}/claim", headers=system.staff), 200)
    await _json(await system.client.post(f"{url}/completion", json={"note": ""}, headers=system.staff), 200)
    due = date.fromisoformat(led["due_on"])
    escalation = Escalation(
        system.runtime("notifications").uow,
        system.app[OUTLETS_KEY],
        {"boendestod": [lead_recipient.removeprefix("staff/")]},
    )

    assert await escalation.run(due) == 0, "due today is not yet overdue"
    # Two runs at once, as two replicas would, and a third after them.
    runs = await asyncio.gather(
        escalation.run(due + timedelta(days=1)), escalation.run(due + timedelta(days=1))
    )
    assert sum(runs) == 2, "the two items past due, each by one of the runs"
    assert await escalation.run(due + timedelta(days=1)) == 0

    told = await _told(system, led)
    assert [recipient for recipient, _ in told] == [lead_recipient]
    assert await _emails(system, led) == 1
    admins_told = await _told(system, unled)
    assert admin_recipient in [recipient for recipient, _ in admins_told], "the admins, for no lead"
    assert lead_recipient not in [recipient for recipient, _ in admins_told]
    assert "staff/staff-test" not in [recipient for recipient, _ in admins_told], "an officer is no admin"
    assert len({recipient for recipient, _ in admins_told}) == len(admins_told), "each admin once"
    assert len({event for _, event in told + admins_told}) == 2, "one event per item"
    assert await _told(system, done) == []

    for item in (led, unled):
        now = await _now(system, item)
        assert now["overdue"] is True and now["overdue_since"] is not None
    assert (await _now(system, done))["overdue"] is False

    async def lead_s_mail() -> list[EmailMessage]:
        # The lead, an officer of the area, is also told of the work as it arrives.
        return [m for m in mailbox.to(LEAD_ADDRESS) if str(m["Subject"]).startswith("Försenat arbete")]

    mail = await eventually(lead_s_mail, what="the lead's email")
    assert len(mail) == 1 and f"/portal/cases/{led['subject']}" in mail[0].get_content()

    async def filtered(**params: str) -> list[str]:
        listed = await _json(
            await system.client.get(
                "/work-items", params={"subject": led["subject"], **params}, headers=system.staff
            ),
            200,
        )
        return [i["id"] for i in listed["items"]]

    assert await filtered(overdue="true") == [led["id"]]
    assert await filtered(overdue="false") == []
    assert await filtered(due_before=led["due_on"]) == []
    assert await filtered(due_before=(due + timedelta(days=1)).isoformat()) == [led["id"]]
    for wrong in ({"overdue": "maybe"}, {"due_before": "2026-02-30"}, {"due_before": "imorgon"}):
        answer = await system.client.get("/work-items", params=wrong, headers=system.staff)
        assert answer.status == 422, wrong


async def test_the_queue_is_urgent_then_overdue_then_by_due_date_then_oldest_across_pages(
    wired: tuple[System, Mailbox],
) -> None:
    system, _ = wired
    area = f"ordning-{uuid.uuid4().hex[:8]}"
    start = datetime(2026, 11, 2, 8, tzinfo=UTC)
    days = [date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)]
    items = [
        NewWorkItem(
            id=str(uuid.uuid4()),
            kind=WorkItemKind.HANDLE_DEVIATION,
            area_code=area,
            subject=f"deviations/{uuid.uuid4()}",
            title="Avvikelse",
            urgent=n % 5 == 0,
            status=WorkItemStatus.OPEN,
            # Ties on purpose: every third shares its moment, so the id decides between them.
            created_at=start + timedelta(hours=n // 3),
            updated_at=start,
            due_on=days[n % 3],
            late=False,
            overdue=n % 4 == 0,
        )
        for n in range(17)
    ]
    async with system.runtime("notifications").uow().acting_as("queue-order-test") as uow:
        await insert_work_items(uow.session, items)
        await uow.commit()

    admin = await system.operator(Kind.ADMIN)  # of every area, this made-up one too
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params = {"area_code": area, "limit": "4", **({"cursor": cursor} if cursor else {})}
        page = await _json(await system.client.get("/work-items", params=params, headers=admin), 200)
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    expected = sorted(items, key=lambda i: queue_position(i.urgent, i.overdue, i.due_on, i.created_at, i.id))
    assert seen == [i.id for i in expected], "every item once, in the queue's order"
    assert seen[0] in {i.id for i in items if i.urgent and i.overdue}
