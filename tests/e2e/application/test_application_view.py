"""The view of an application, read in one statement: every attachment and supplement request once and in
order, with the decision and the authorisation, whoever looks."""

from typing import Any

from tests.e2e.application.test_life_cycle import SHOWN_AT_AUTHORISATION
from tests.support.applications import document_form, fill_application, working_day
from tests.support.system import System

AREA = "hemtjanst"


async def _json(response: Any, status: int) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def test_a_decided_application_shows_each_attachment_and_supplement_request_once_in_order(
    system: System,
) -> None:
    provider = await system.register_provider("Vyn Omsorg AB")
    application_id = (await system.start_application(provider, AREA))["id"]
    url = f"/applications/{application_id}"
    await fill_application(system.client, "", provider.auth, application_id)
    second = await _json(
        await system.client.post(
            f"{url}/attachments", data=document_form(filename="intyg.pdf"), headers=provider.auth
        ),
        201,
    )

    requests = []
    for message in ("Beskriv målen per kund.", "Beskriv uppföljningen."):
        await _json(await system.client.post(f"{url}/submit", headers=provider.auth), 200)
        body = {"assessments": [{"condition_code": "goals", "met": False, "comment": "oklart"}]}
        await _json(await system.client.post(f"{url}/assessments", json=body, headers=system.staff), 200)
        due = working_day(14).isoformat()
        request = {"message": message, "condition_codes": ["goals"], "due_date": due}
        requests.append(
            await _json(
                await system.client.post(f"{url}/supplement-requests", json=request, headers=system.staff),
                201,
            )
        )
    await _json(await system.client.post(f"{url}/submit", headers=provider.auth), 200)
    met = {"assessments": [{"condition_code": c, "met": True} for c in SHOWN_AT_AUTHORISATION]}
    await _json(await system.client.post(f"{url}/assessments", json=met, headers=system.staff), 200)
    decision = {"outcome": "approved", "reasons": "Alla villkor är uppfyllda."}
    decided = await _json(
        await system.client.post(f"{url}/decision", json=decision, headers=system.staff), 201
    )

    first = await _json(await system.client.get(url, headers=provider.auth), 200)
    attachment_ids = [a["id"] for a in first["attachments"]]
    assert len(attachment_ids) == 2 and attachment_ids[1] == second["id"]
    for caller in (provider.auth, system.staff):
        shown = await _json(await system.client.get(url, headers=caller), 200)
        assert [a["id"] for a in shown["attachments"]] == attachment_ids
        assert [r["id"] for r in shown["supplement_requests"]] == [r["id"] for r in requests]
        assert [r["message"] for r in shown["supplement_requests"]] == [
            "Beskriv målen per kund.",
            "Beskriv uppföljningen.",
        ]
        assert shown["decision"]["outcome"] == "approved"
        assert shown["decision"]["authorisation_id"] == decided["decision"]["authorisation_id"] is not None
