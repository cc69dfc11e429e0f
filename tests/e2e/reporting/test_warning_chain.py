"""The warning chain end to end, with the consumers running: a warning opens a follow-up request tied to it,
the provider answers with documents, staff reject with reasons or accept, an accepted answer remedies the
warning, and a deadline passed without one makes one urgent work item proposing a second warning or a
revocation. Each step is an event, made once; the case reads whole, with its history, to its provider and
staff and to no one else."""

from datetime import date, timedelta
from typing import Any

from services.reporting.actions.follow_ups import mark_overdue
from tests.support.applications import document_form, working_day
from tests.support.approval import reportable_authorisation
from tests.support.polling import eventually
from tests.support.system import Provider, System

CONDITION = "deviations-reported"


async def _json(response: Any, status: int) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def _warn(system: System, authorisation_id: str, deadline: date) -> dict[str, Any]:
    warned = await _json(
        await system.client.post(
            f"/authorisations/{authorisation_id}/warnings",
            json={
                "condition_code": CONDITION,
                "deficiency": "Avvikelser rapporteras inte till kommunen.",
                "remediation_deadline": deadline.isoformat(),
            },
            headers=system.staff,
        ),
        201,
    )
    warning: dict[str, Any] = warned["warnings"][-1]
    assert warning["status"] == "issued" and warning["remedied_at"] is None
    return warning


async def _follow_up(system: System, provider: Provider, request_id: str) -> dict[str, Any]:
    """The warning's follow-up request once the reporting service has opened it, as the provider reads it."""

    async def opened() -> dict[str, Any] | None:
        response = await system.client.get(f"/follow-up-requests/{request_id}", headers=provider.auth)
        return await _json(response, 200) if response.status == 200 else None

    return await eventually(opened, what="the warning's follow-up request")


async def _answer(system: System, provider: Provider, request_id: str, text: str) -> dict[str, Any]:
    url = f"/follow-up-requests/{request_id}"
    await _json(
        await system.client.post(f"{url}/documents", data=document_form(), headers=provider.auth), 201
    )
    answered: dict[str, Any] = await _json(
        await system.client.post(f"{url}/response", json={"answer": text}, headers=provider.auth), 200
    )
    return answered


async def _warning(system: System, provider: Provider, authorisation_id: str, warning_id: str) -> Any:
    shown = await _json(
        await system.client.get(f"/authorisations/{authorisation_id}", headers=provider.auth), 200
    )
    return next(w for w in shown["warnings"] if w["id"] == warning_id)


async def _events(system: System, service: str, event_type: str, reference: str) -> int:
    return await system.count(
        service, "outbox", "event_type = :type AND body LIKE :ref", type=event_type, ref=f"%{reference}%"
    )


async def test_warning_follow_up_answer_rejected_answered_again_accepted_remedies_the_warning(
    system: System,
) -> None:
    provider = await system.register_provider("Varnad Omsorg AB")
    other = await system.register_provider("Grannen Utan Varning AB")
    authorisation_id = await reportable_authorisation(system, provider)
    deadline = working_day(20)
    warning = await _warn(system, authorisation_id, deadline)
    request_id = warning["follow_up_request_id"]
    url = f"/follow-up-requests/{request_id}"

    opened = await _follow_up(system, provider, request_id)
    assert opened["warning_id"] == warning["id"] and opened["condition_code"] == CONDITION
    assert opened["due_date"] == deadline.isoformat() and opened["status"] == "open"
    assert opened["authorisation_id"] == authorisation_id and opened["answers"] == []
    for path in (url, f"{url}/history"):
        assert (await system.client.get(path, headers=other.auth)).status == 404, "another provider's case"

    first = await _answer(system, provider, request_id, "Vi har infört en rutin för avvikelser.")
    assert first["status"] == "responded" and len(first["answers"][0]["documents"]) == 1
    early = await system.client.post(
        f"{url}/rejection", json={"reasons": "   "}, headers=system.staff
    )  # reasons of blanks are no reasons
    assert early.status == 422, await early.text()
    rejected = await _json(
        await system.client.post(
            f"{url}/rejection",
            json={"reasons": "Rutinen saknar ansvarig person."},
            headers=system.staff,
        ),
        200,
    )
    assert rejected["status"] == "rejected"
    assert rejected["answers"][0]["verdict"] == "rejected"
    assert rejected["answers"][0]["reasons"] == "Rutinen saknar ansvarig person."
    again = await system.client.post(f"{url}/acceptance", headers=system.staff)
    assert again.status == 409, "a rejected answer awaits no verdict"
    await eventually(
        lambda: _inbox_has(system, provider, "follow_up.rejected", url[1:]), what="the rejection notice"
    )

    second = await _answer(system, provider, request_id, "Verksamhetschefen ansvarar; rutinen bifogas.")
    assert second["status"] == "responded" and [a["number"] for a in second["answers"]] == [1, 2]
    assert len(second["answers"][1]["documents"]) == 1, "each answer keeps its own documents"
    accepted = await _json(await system.client.post(f"{url}/acceptance", headers=system.staff), 200)
    assert accepted["status"] == "accepted" and accepted["accepted_at"]
    assert [a["verdict"] for a in accepted["answers"]] == ["rejected", "accepted"]
    refused = await system.client.post(f"{url}/response", json={"answer": "Mer."}, headers=provider.auth)
    assert refused.status == 409, "a closed request takes no answer"

    async def remedied() -> Any:
        shown = await _warning(system, provider, authorisation_id, warning["id"])
        return shown if shown["status"] == "remedied" else None

    shown = await eventually(remedied, what="the warning remedied")
    assert shown["remedied_at"] and shown["follow_up_request_id"] == request_id

    history = await _json(await system.client.get(f"{url}/history", headers=provider.auth), 200)
    steps = [(e["action"], e["to_state"]) for e in history["items"]]
    assert steps[0] == ("requested", "open")
    assert steps.count(("document_added", "open")) == 1
    assert [s for s in steps if s[0] != "document_added"][1:] == [
        ("responded", "responded"),
        ("answer_rejected", "rejected"),
        ("responded", "responded"),
        ("accepted", "accepted"),
    ]
    staff_actors = {
        e["actor_kind"] for e in history["items"] if e["action"] in ("accepted", "answer_rejected")
    }
    assert staff_actors == {"staff"}
    staff_view = await _json(await system.client.get(f"{url}/history", headers=system.staff), 200)
    assert staff_view == history

    await eventually(
        lambda: _inbox_has(
            system, provider, "authorisation.warning_remedied", f"authorisations/{authorisation_id}"
        ),
        what="the notice that the warning is remedied",
    )
    for service, event_type, reference in (
        ("application", "authorisation.warning_issued", warning["id"]),
        ("reporting", "follow_up.requested", request_id),
        ("reporting", "follow_up.responded", request_id),
        ("reporting", "follow_up.rejected", request_id),
        ("reporting", "follow_up.accepted", request_id),
        ("application", "authorisation.warning_remedied", warning["id"]),
    ):
        expected = 2 if event_type == "follow_up.responded" else 1
        assert await _events(system, service, event_type, reference) == expected, event_type


async def _inbox_has(system: System, provider: Provider, event_type: str, subject: str) -> bool:
    body = await _json(await system.client.get("/notifications", headers=provider.auth), 200)
    found = [e for e in body["items"] if e["event_type"] == event_type and e["subject"] == subject]
    assert len(found) <= 1, "told once"
    return bool(found)


async def test_a_deadline_passed_without_an_accepted_answer_makes_one_urgent_escalation(
    system: System,
) -> None:
    provider = await system.register_provider("Sen Åtgärd AB")
    authorisation_id = await reportable_authorisation(system, provider)
    deadline = working_day(1)
    warning = await _warn(system, authorisation_id, deadline)
    request_id = warning["follow_up_request_id"]
    url = f"/follow-up-requests/{request_id}"
    await _follow_up(system, provider, request_id)
    await _answer(system, provider, request_id, "Vi arbetar på det.")
    await _json(
        await system.client.post(
            f"{url}/rejection", json={"reasons": "Inget är gjort."}, headers=system.staff
        ),
        200,
    )

    uows = system.runtime("reporting").uow
    assert await mark_overdue(uows, deadline) >= 0
    assert await _events(system, "reporting", "follow_up.deadline_passed", request_id) == 0, "not on the day"
    assert await mark_overdue(uows, deadline + timedelta(days=1)) >= 1
    assert await mark_overdue(uows, deadline + timedelta(days=2)) == 0, "raised once"
    assert await _events(system, "reporting", "follow_up.deadline_passed", request_id) == 1
    assert await _events(system, "reporting", "follow_up.overdue", request_id) == 0

    subject = f"authorisations/{authorisation_id}"

    async def escalated() -> list[dict[str, Any]]:
        return [i for i in await system.work_items(subject) if i["kind"] == "escalate_warning"]

    (item,) = await eventually(escalated, what="the escalation work item")
    assert item["urgent"] is True and item["status"] == "open"
    assert "andra varning" in item["title"] and "återkallelse" in item["title"]
    shown = await _warning(system, provider, authorisation_id, warning["id"])
    assert shown["status"] == "deadline_passed"
    assert await _events(system, "application", "authorisation.warning_deadline_passed", warning["id"]) == 1
    history = await _json(await system.client.get(f"{url}/history", headers=system.staff), 200)
    assert history["items"][-1]["action"] == "deadline_passed"

    # Staff warn a second time: the escalation is done, and nothing doubled.
    await _warn(system, authorisation_id, working_day(15))

    async def closed() -> list[dict[str, Any]]:
        items = await escalated()
        return items if [i["status"] for i in items] == ["done"] else []

    await eventually(closed, what="the escalation closed by a second warning")


async def test_staff_accept_a_plain_follow_up_and_bad_verdicts_change_nothing(system: System) -> None:
    provider = await system.register_provider("Vanlig Uppföljning AB")
    authorisation_id = await reportable_authorisation(system, provider)
    created = await _json(
        await system.client.post(
            "/follow-up-requests",
            json={
                "authorisation_id": authorisation_id,
                "questions": ["Hur bemannas nätterna?"],
                "due_date": working_day(10).isoformat(),
            },
            headers=system.staff,
        ),
        201,
    )
    assert created["warning_id"] is None
    url = f"/follow-up-requests/{created['id']}"
    not_answered = await system.client.post(f"{url}/acceptance", headers=system.staff)
    assert not_answered.status == 409 and "responded" not in (await not_answered.json())["current_status"]
    not_answered = await system.client.post(
        f"{url}/rejection", json={"reasons": "Nej."}, headers=system.staff
    )
    assert not_answered.status == 409
    no_reasons = await system.client.post(f"{url}/rejection", json={}, headers=system.staff)
    assert no_reasons.status == 422
    unknown = "00000000-0000-4000-8000-000000000000"
    for verdict in ("acceptance", "rejection"):
        missing = await system.client.post(
            f"/follow-up-requests/{unknown}/{verdict}", json={"reasons": "Nej."}, headers=system.staff
        )
        assert missing.status == 404, await missing.text()
    by_provider = await system.client.post(f"{url}/acceptance", headers=provider.auth)
    assert by_provider.status == 403

    await _json(
        await system.client.post(f"{url}/response", json={"answer": "Två per natt."}, headers=provider.auth),
        200,
    )
    accepted = await _json(await system.client.post(f"{url}/acceptance", headers=system.staff), 200)
    assert accepted["status"] == "accepted" and accepted["overdue"] is False
    assert (await system.client.post(f"{url}/acceptance", headers=system.staff)).status == 409

    async def review_done() -> list[dict[str, Any]]:
        items = [i for i in await system.work_items(url[1:]) if i["kind"] == "review_follow_up_response"]
        return items if [i["status"] for i in items] == ["done"] else []

    await eventually(review_done, what="the review work item closed by the acceptance")
    assert await _events(system, "reporting", "follow_up.accepted", created["id"]) == 1
