"""Each report end to end over HTTP, with the consumers running: into the staff work queue and the
provider's inbox, and back onto the authorisation where it shows."""

from datetime import UTC, datetime, timedelta
from typing import Any

from services.reporting.actions.follow_ups import mark_overdue
from tests.support.applications import document_form, qualified_person, today, working_day
from tests.support.approval import reportable_authorisation
from tests.support.polling import eventually
from tests.support.system import Provider, System


async def _json(response: Any, status: int) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def _inbox_entry(system: System, provider: Provider, event_type: str, subject: str) -> dict[str, Any]:
    async def found() -> list[dict[str, Any]]:
        body = await _json(await system.client.get("/notifications", headers=provider.auth), 200)
        return [e for e in body["items"] if e["event_type"] == event_type and e["subject"] == subject]

    entries = await eventually(found, what=f"the inbox entry for {event_type}")
    assert len(entries) == 1
    return entries[0]


async def _work_item(system: System, subject: str, status: str = "open") -> dict[str, Any]:
    async def found() -> list[dict[str, Any]]:
        return [i for i in await system.work_items(subject) if i["status"] == status]

    items = await eventually(found, what=f"a {status} work item for {subject}")
    assert len(items) == 1
    return items[0]


async def _authorisation(system: System, provider: Provider, authorisation_id: str) -> dict[str, Any]:
    result: dict[str, Any] = await _json(
        await system.client.get(f"/authorisations/{authorisation_id}", headers=provider.auth), 200
    )
    return result


async def test_a_manager_change_is_pending_on_the_authorisation_until_staff_approve_it(
    system: System,
) -> None:
    provider = await system.register_provider("Bytet Omsorg AB")
    authorisation_id = await reportable_authorisation(system, provider)
    person = qualified_person("Maria Holm")
    starts_on = (today() + timedelta(days=20)).isoformat()
    reported = await _json(
        await system.client.post(
            "/manager-changes",
            json={"authorisation_id": authorisation_id, "starts_on": starts_on, "person_in_charge": person},
            headers=provider.auth,
        ),
        201,
    )
    assert reported["status"] == "pending" and reported["late"] is False
    assert reported["precheck"] is None, "the pre-check is for staff"
    subject = f"manager-changes/{reported['id']}"

    seen = await _json(await system.client.get(f"/{subject}", headers=system.staff), 200)
    assert seen["precheck"]["outcome"] == "met"
    item = await _work_item(system, subject)
    assert item["kind"] == "approve_manager_change" and "Maria Holm" not in item["title"], "emailed too"
    assert "SEN" not in item["title"] and item["late"] is False

    async def pending() -> dict[str, Any] | None:
        found: dict[str, Any] | None = (await _authorisation(system, provider, authorisation_id))[
            "pending_manager_change"
        ]
        return found

    shown = await eventually(pending, what="the pending change on the authorisation")
    assert shown["id"] == reported["id"] and shown["starts_on"] == starts_on
    assert (await _authorisation(system, provider, authorisation_id))["person_in_charge_name"] == "Karin Lund"

    decided = await _json(
        await system.client.post(f"/{subject}/decision", json={"outcome": "approved"}, headers=system.staff),
        200,
    )
    assert decided["status"] == "approved"
    entry = await _inbox_entry(system, provider, "manager_change.approved", subject)
    assert reported["id"] in entry["body"] and "Maria Holm" not in entry["title"] + entry["body"]
    await _work_item(system, subject, status="done")

    async def settled() -> bool:
        current = await _authorisation(system, provider, authorisation_id)
        return current["pending_manager_change"] is None and current["person_in_charge_name"] == "Maria Holm"

    await eventually(settled, what="the authorisation to show the new person in charge")


async def test_a_late_manager_change_is_flagged_to_staff_and_a_rejection_tells_the_provider(
    system: System,
) -> None:
    provider = await system.register_provider("Sent Anmält AB")
    authorisation_id = await reportable_authorisation(system, provider, "boendestod")
    person = qualified_person("Olle Sten")
    person["supervision"] = []  # the pre-check will say not met; staff still decide
    started = (today() - timedelta(days=3)).isoformat()
    reported = await _json(
        await system.client.post(
            "/manager-changes",
            json={"authorisation_id": authorisation_id, "starts_on": started, "person_in_charge": person},
            headers=provider.auth,
        ),
        201,
    )
    assert reported["late"] is True
    subject = f"manager-changes/{reported['id']}"
    item = await _work_item(system, subject)
    assert "SEN ANMÄLAN" in item["title"]
    assert item["late"] is True, "late is a field of the item, not only words in its title"
    seen = await _json(await system.client.get(f"/{subject}", headers=system.staff), 200)
    assert next(r for r in seen["precheck"]["requirements"] if r["requirement"] == "supervision")[
        "outcome"
    ] == ("not_met")

    rejected = await _json(
        await system.client.post(
            f"/{subject}/decision",
            json={"outcome": "rejected", "reasons": "Saknar arbetsledarerfarenhet."},
            headers=system.staff,
        ),
        200,
    )
    assert (
        rejected["status"] == "rejected" and rejected["decision_reasons"] == "Saknar arbetsledarerfarenhet."
    )
    await _inbox_entry(system, provider, "manager_change.rejected", subject)
    await _work_item(system, subject, status="done")


async def test_an_absence_reaches_staff_for_information(system: System) -> None:
    provider = await system.register_provider("Semestern AB")
    authorisation_id = await reportable_authorisation(system, provider)
    # Two weeks: a short absence, with the simple substitute.
    start, end = today() + timedelta(days=30), today() + timedelta(days=43)
    absence = await _json(
        await system.client.post(
            "/manager-absences",
            json={
                "authorisation_id": authorisation_id,
                "substitute": {"name": "Per Ek", "role": "Biträdande enhetschef"},
                "starts_on": start.isoformat(),
                "ends_on": end.isoformat(),
                "reason": "holiday",
            },
            headers=provider.auth,
        ),
        201,
    )
    item = await _work_item(system, f"manager-absences/{absence['id']}")
    assert item["kind"] == "note_manager_absence" and "Per Ek" not in item["title"], "emailed too"
    listed = await _json(
        await system.client.get(
            "/manager-absences", params={"authorisation_id": authorisation_id}, headers=system.staff
        ),
        200,
    )
    assert [a["id"] for a in listed["items"]] == [absence["id"]]


async def test_a_serious_deviation_is_urgent_and_its_description_never_leaves_the_report(
    system: System,
) -> None:
    provider = await system.register_provider("Avvikelsen AB")
    authorisation_id = await reportable_authorisation(system, provider)
    description = "Kvällsbesöket uteblev och kunden i lägenhet 4B fick inte sina läkemedel."
    now = datetime.now(UTC)
    deviation = await _json(
        await system.client.post(
            "/deviations",
            json={
                "authorisation_id": authorisation_id,
                "category": "deviation",
                "severity": "serious",
                "occurred_at": (now - timedelta(hours=10)).isoformat(),
                "discovered_at": (now - timedelta(hours=2)).isoformat(),
                "description": description,
                "immediate_actions": "Läkemedlen gavs på morgonen; planeringen ses över.",
            },
            headers=provider.auth,
        ),
        201,
    )
    subject = f"deviations/{deviation['id']}"
    item = await _work_item(system, subject)
    assert item["urgent"] is True and item["title"].startswith("BRÅDSKANDE")
    assert "lägenhet" not in item["title"]
    async with system.runtime("reporting").reads() as session:
        from sqlmodel import select

        from shared.messaging.outbox import OutboxMessage

        bodies = (await session.exec(select(OutboxMessage.body))).all()
    assert not any("lägenhet 4B" in body for body in bodies), "the description travelled in an event"

    url = f"/{subject}"
    closed_early = await system.client.post(f"{url}/closure", json={"note": "Klart."}, headers=system.staff)
    assert closed_early.status == 409
    await _json(await system.client.post(f"{url}/acknowledgement", json={}, headers=system.staff), 200)
    await _inbox_entry(system, provider, "deviation.acknowledged", subject)
    closed = await _json(
        await system.client.post(f"{url}/closure", json={"note": "Åtgärderna räcker."}, headers=system.staff),
        200,
    )
    assert closed["status"] == "closed" and closed["closure_note"] == "Åtgärderna räcker."
    entry = await _inbox_entry(system, provider, "deviation.closed", subject)
    assert "lägenhet" not in entry["body"]
    await _work_item(system, subject, status="done")
    history = await system.count("reporting", "audit_trail", "entity_id = :id", id=deviation["id"])
    assert history == 3


async def test_a_follow_up_is_answered_with_a_document_and_reaches_staff(system: System) -> None:
    provider = await system.register_provider("Uppföljd AB")
    authorisation_id = await reportable_authorisation(system, provider)
    due = working_day(10).isoformat()
    request = await _json(
        await system.client.post(
            "/follow-up-requests",
            json={
                "authorisation_id": authorisation_id,
                "questions": ["Hur hanteras nycklar?"],
                "due_date": due,
            },
            headers=system.staff,
        ),
        201,
    )
    subject = f"follow-up-requests/{request['id']}"
    entry = await _inbox_entry(system, provider, "follow_up.requested", subject)
    assert due in entry["body"]

    document = await _json(
        await system.client.post(f"/{subject}/documents", data=document_form(), headers=provider.auth), 201
    )
    answered = await _json(
        await system.client.post(
            f"/{subject}/response",
            json={"answer": "Nycklar kvitteras i ett låst skåp."},
            headers=provider.auth,
        ),
        200,
    )
    assert answered["status"] == "responded" and [d["id"] for d in answered["documents"]] == [document["id"]]
    item = await _work_item(system, subject)
    assert item["kind"] == "review_follow_up_response"
    download = await system.client.get(f"/{subject}/documents/{document['id']}", headers=system.staff)
    assert download.status == 200 and (await download.read()).startswith(b"%PDF-")


async def test_an_overdue_follow_up_is_raised_once_to_both_sides(system: System) -> None:
    provider = await system.register_provider("Sen Med Svar AB")
    authorisation_id = await reportable_authorisation(system, provider)
    due = working_day(1)
    ids = []
    for _ in range(2):
        created = await _json(
            await system.client.post(
                "/follow-up-requests",
                json={
                    "authorisation_id": authorisation_id,
                    "questions": ["Bemanning?"],
                    "due_date": due.isoformat(),
                },
                headers=system.staff,
            ),
            201,
        )
        ids.append(created["id"])
    answered, unanswered = ids
    await _json(
        await system.client.post(
            f"/follow-up-requests/{answered}/response",
            json={"answer": "Fem per pass."},
            headers=provider.auth,
        ),
        200,
    )

    uows = system.runtime("reporting").uow
    assert await mark_overdue(uows, due) == 0, "not overdue on the due date itself"
    assert await mark_overdue(uows, due + timedelta(days=1)) >= 1
    assert await mark_overdue(uows, due + timedelta(days=2)) == 0, "raised once"

    subject = f"follow-up-requests/{unanswered}"
    entry = await _inbox_entry(system, provider, "follow_up.overdue", subject)
    assert due.isoformat() in entry["body"]
    assert (await _work_item(system, subject))["kind"] == "chase_follow_up"
    overdue_events = await system.count(
        "reporting", "outbox", "event_type = 'follow_up.overdue' AND body LIKE :id", id=f"%{unanswered}%"
    )
    assert overdue_events == 1
    assert (
        await system.count(
            "reporting", "outbox", "event_type = 'follow_up.overdue' AND body LIKE :id", id=f"%{answered}%"
        )
        == 0
    )
    shown = await _json(await system.client.get(f"/{subject}", headers=provider.auth), 200)
    assert shown["status"] == "open"
