"""Staff's approval of an application, for tests that need an authorisation to exist.

Staff approve by assessing every condition shown at authorisation as met, then deciding `approved`; the
decision names the new authorisation."""

from typing import Any

from tests.support.polling import eventually
from tests.support.system import Provider, System

# Rows any write in the reporting service leaves behind.
REPORTING_TABLES = (
    "manager_changes",
    "manager_absences",
    "deviations",
    "follow_up_requests",
    "follow_up_documents",
    "outbox",
    "audit_trail",
)


async def authorisation_conditions(system: System, area_code: str) -> list[str]:
    """The codes of the area's conditions in force that are checked at authorisation."""
    response = await system.client.get(f"/areas/{area_code}/conditions")
    assert response.status == 200, await response.text()
    conditions: list[dict[str, Any]] = (await response.json())["conditions"]
    codes = [str(c["code"]) for c in conditions if "authorisation" in c["control_points"]]
    assert codes, f"no condition of {area_code} is checked at authorisation"
    return codes


async def assess_all_met(system: System, application_id: str, area_code: str) -> dict[str, Any]:
    """Assesses every condition shown at authorisation as met; answers the application as staff see it."""
    verdicts = [
        {"condition_code": code, "met": True, "comment": ""}
        for code in await authorisation_conditions(system, area_code)
    ]
    response = await system.client.post(
        f"/applications/{application_id}/assessments", json={"assessments": verdicts}, headers=system.staff
    )
    assert response.status == 200, await response.text()
    body: dict[str, Any] = await response.json()
    assert body["status"] == "in_review", body
    return body


async def approve(system: System, application_id: str) -> dict[str, Any]:
    response = await system.client.post(
        f"/applications/{application_id}/decision",
        json={"outcome": "approved", "reasons": "Alla villkor är uppfyllda."},
        headers=system.staff,
    )
    assert response.status == 201, await response.text()
    body: dict[str, Any] = await response.json()
    return body


async def approved_authorisation(system: System, provider: Provider, area_code: str = "hemtjanst") -> str:
    """Submits a complete application for the provider, has staff approve it, and answers the id of the
    authorisation granted."""
    application = await system.submitted_application(provider, area_code)
    await assess_all_met(system, application["id"], area_code)
    decided = await approve(system, application["id"])
    assert decided["status"] == "approved", decided
    authorisation_id = decided["decision"]["authorisation_id"]
    assert isinstance(authorisation_id, str) and authorisation_id, decided
    return authorisation_id


async def reportable_authorisation(system: System, provider: Provider, area_code: str = "hemtjanst") -> str:
    """An approved authorisation that has reached the reporting service's copy, so reports can be made."""
    authorisation_id = await approved_authorisation(system, provider, area_code)

    async def copied() -> int:
        return await system.count("reporting", "authorisation_copies", "id = :id", id=authorisation_id)

    await eventually(copied, what="the reporting service's copy of the authorisation")
    return authorisation_id
