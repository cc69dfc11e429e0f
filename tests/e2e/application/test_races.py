"""Two requests at once that may not both succeed: exactly one does, the other is answered 409, and the
rows and events are those of one success."""

import asyncio
import io
from typing import Any

import aiohttp
import pytest
from aiohttp import ClientResponse

from tests.support.applications import MINIMAL_PDF, fill_application
from tests.support.approval import assess_all_met
from tests.support.polling import eventually
from tests.support.system import Provider, System

ROUNDS = [1, 2, 3]

APPROVE = {"outcome": "approved", "reasons": "Alla villkor är uppfyllda."}
# A condition outside the authorisation check: assessed as not met it allows a rejection without blocking
# an approval, so that either decision is valid on its own.
NOT_MET = "keys-and-valuables"
REJECT = {"outcome": "rejected", "reasons": "Rutiner för nycklar saknas.", "conditions_not_met": [NOT_MET]}


async def _at_once(*requests: Any) -> list[tuple[int, dict[str, Any]]]:
    responses: list[ClientResponse] = await asyncio.gather(*requests)
    return [(r.status, await r.json()) for r in responses]


async def _events(system: System, event_type: str, application_id: str) -> int:
    return await system.count(
        "application",
        "outbox",
        "event_type = :type AND body LIKE :pattern",
        type=event_type,
        pattern=f"%{application_id}%",
    )


async def _history_actions(system: System, application_id: str) -> list[str]:
    response = await system.client.get(f"/applications/{application_id}/history", headers=system.staff)
    assert response.status == 200, await response.text()
    return [entry["action"] for entry in (await response.json())["items"]]


async def _in_review(system: System, provider: Provider) -> dict[str, Any]:
    application = await system.submitted_application(provider)
    return await assess_all_met(system, application["id"], "hemtjanst")


@pytest.mark.parametrize("round_", ROUNDS)
async def test_a_double_submit_submits_once(system: System, round_: int) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    await fill_application(system.client, "", provider.auth, application["id"])
    url = f"/applications/{application['id']}/submit"

    answers = await _at_once(
        system.client.post(url, headers=provider.auth), system.client.post(url, headers=provider.auth)
    )

    assert sorted(status for status, _ in answers) == [200, 409], answers
    won = next(body for status, body in answers if status == 200)
    lost = next(body for status, body in answers if status == 409)
    assert won["status"] == "submitted"
    assert lost["current_status"] == "submitted"
    assert await _events(system, "application.submitted", application["id"]) == 1
    assert (await _history_actions(system, application["id"])).count("submitted") == 1
    subject = f"applications/{application['id']}"
    items = await eventually(lambda: system.work_items(subject), what=f"a work item for {subject}")
    assert len(items) == 1, items
    # Once the one event is relayed and handled, there is still one work item.
    await eventually(lambda: _all_relayed(system, application["id"]), what="the outbox relayed")
    assert len(await system.work_items(subject)) == 1


async def _all_relayed(system: System, application_id: str) -> bool:
    waiting = await system.count(
        "application", "outbox", "published_at IS NULL AND body LIKE :pattern", pattern=f"%{application_id}%"
    )
    return waiting == 0


@pytest.mark.parametrize("round_", ROUNDS)
async def test_a_double_approval_decides_and_grants_once(system: System, round_: int) -> None:
    provider = await system.register_provider()
    application = await _in_review(system, provider)
    url = f"/applications/{application['id']}/decision"

    answers = await _at_once(
        system.client.post(url, json=APPROVE, headers=system.staff),
        system.client.post(url, json=APPROVE, headers=system.staff),
    )

    assert sorted(status for status, _ in answers) == [201, 409], answers
    won = next(body for status, body in answers if status == 201)
    lost = next(body for status, body in answers if status == 409)
    assert won["status"] == "approved"
    assert lost["current_status"] == "approved"
    where = "application_id = :id"
    assert await system.count("application", "decisions", where, id=application["id"]) == 1
    assert await system.count("application", "authorisations", where, id=application["id"]) == 1
    assert await _events(system, "application.approved", application["id"]) == 1
    assert await _events(system, "authorisation.granted", application["id"]) == 1
    assert (await _history_actions(system, application["id"])).count("decided") == 1
    granted = await system.client.get("/authorisations", headers=provider.auth)
    assert [a["id"] for a in (await granted.json())["items"]] == [won["decision"]["authorisation_id"]]


@pytest.mark.parametrize("round_", ROUNDS)
async def test_an_approval_and_a_rejection_at_once_one_wins(system: System, round_: int) -> None:
    provider = await system.register_provider()
    application = await _in_review(system, provider)
    verdict = {"assessments": [{"condition_code": NOT_MET, "met": False, "comment": "Saknas"}]}
    assessed = await system.client.post(
        f"/applications/{application['id']}/assessments", json=verdict, headers=system.staff
    )
    assert assessed.status == 200, await assessed.text()
    url = f"/applications/{application['id']}/decision"

    answers = await _at_once(
        system.client.post(url, json=APPROVE, headers=system.staff),
        system.client.post(url, json=REJECT, headers=system.staff),
    )

    assert sorted(status for status, _ in answers) == [201, 409], answers
    won = next(body for status, body in answers if status == 201)
    lost = next(body for status, body in answers if status == 409)
    outcome = won["status"]
    assert outcome in ("approved", "rejected")
    assert won["decision"]["outcome"] == outcome
    assert lost["current_status"] == outcome
    where = "application_id = :id"
    assert await system.count("application", "decisions", where, id=application["id"]) == 1
    granted = 1 if outcome == "approved" else 0
    assert await system.count("application", "authorisations", where, id=application["id"]) == granted
    assert await _events(system, "application.approved", application["id"]) == granted
    assert await _events(system, "authorisation.granted", application["id"]) == granted
    assert await _events(system, "application.rejected", application["id"]) == 1 - granted
    shown = await system.client.get(f"/applications/{application['id']}", headers=provider.auth)
    assert (await shown.json())["status"] == outcome


@pytest.mark.parametrize("round_", ROUNDS)
async def test_two_starts_in_one_area_make_one_application(system: System, round_: int) -> None:
    provider = await system.register_provider()
    before = await system.count("application", "audit_trail", "action = 'started'")

    answers = await _at_once(
        system.client.post("/applications", json={"area_code": "hemtjanst"}, headers=provider.auth),
        system.client.post("/applications", json={"area_code": "hemtjanst"}, headers=provider.auth),
    )

    assert sorted(status for status, _ in answers) == [201, 409], answers
    won = next(body for status, body in answers if status == 201)
    lost = next(body for status, body in answers if status == 409)
    assert lost["title"] == "Conflict"
    assert "application_id" not in lost or lost["application_id"] == won["id"]
    where = "provider_id = :provider AND area_code = 'hemtjanst'"
    assert await system.count("application", "applications", where, provider=provider.provider_id) == 1
    assert await system.count("application", "audit_trail", "action = 'started'") == before + 1
    listed = await system.client.get("/applications", headers=provider.auth)
    assert [a["id"] for a in (await listed.json())["items"]] == [won["id"]]


def _document() -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("file", io.BytesIO(MINIMAL_PDF), filename="cv.pdf", content_type="application/pdf")
    return form


async def test_uploads_at_once_never_exceed_the_attachment_limit(system: System) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    url = f"/applications/{application['id']}/attachments"
    most = system.settings.attachment_max_count
    for _ in range(most - 1):
        response = await system.client.post(url, data=_document(), headers=provider.auth)
        assert response.status == 201, await response.text()

    answers = await _at_once(
        *(system.client.post(url, data=_document(), headers=provider.auth) for _ in range(3))
    )

    assert sorted(status for status, _ in answers) == [201, 409, 409], answers
    where = "application_id = :id"
    assert await system.count("application", "attachments", where, id=application["id"]) == most
