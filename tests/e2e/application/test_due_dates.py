"""Due dates staff set in the application service fall on working days: one on a weekend, a public holiday,
midsummer eve, Christmas Eve or New Year's Eve is refused naming the field, and nothing changes."""

from typing import Any

from tests.support.approval import approved_authorisation
from tests.support.system import System

# A Saturday, National Day (a Friday), midsummer eve and New Year's Eve, all in the future.
DAYS_OFF = ("2031-06-07", "2031-06-06", "2031-06-20", "2030-12-31")


def _fields(problem: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["location"], e["type"]) for e in problem["errors"]]


async def test_a_supplement_due_on_a_day_off_is_refused(system: System) -> None:
    provider = await system.register_provider()
    application = await system.submitted_application(provider, "boendestod")
    url = f"/applications/{application['id']}"
    outbox = await system.count("application", "outbox")
    for day in DAYS_OFF:
        response = await system.client.post(
            f"{url}/supplement-requests",
            json={"message": "Mer underlag.", "due_date": day},
            headers=system.staff,
        )
        assert response.status == 422, day
        assert response.headers["Content-Type"].startswith("application/problem+json")
        assert _fields(await response.json()) == [("due_date", "not_working_day")]
    seen = await (await system.client.get(url, headers=system.staff)).json()
    assert seen["status"] == "submitted" and seen["supplement_requests"] == []
    assert await system.count("application", "outbox") == outbox


async def test_a_remediation_deadline_on_a_day_off_is_refused(system: System) -> None:
    provider = await system.register_provider()
    authorisation_id = await approved_authorisation(system, provider, "boendestod")
    outbox = await system.count("application", "outbox")
    response = await system.client.post(
        f"/authorisations/{authorisation_id}/warnings",
        json={
            "condition_code": "goals",
            "deficiency": "Målen följs inte upp.",
            "remediation_deadline": "2031-12-24",
        },
        headers=system.staff,
    )
    assert response.status == 422
    problem = await response.json()
    assert _fields(problem) == [("remediation_deadline", "not_working_day")]
    assert "julafton" in problem["errors"][0]["message"] and "2031-12-29" in problem["errors"][0]["message"]
    seen = await (await system.client.get(f"/authorisations/{authorisation_id}", headers=system.staff)).json()
    assert seen["warnings"] == []
    assert await system.count("application", "outbox") == outbox
