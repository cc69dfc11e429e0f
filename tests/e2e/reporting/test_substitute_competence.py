"""An absence of the person in charge longer than four weeks holds the substitute to the person in charge's
competence: the details are required, the same pre-check runs on them, and staff see it with its arithmetic
while the provider does not. A shorter absence keeps the simple substitute."""

import json
from datetime import date, timedelta
from typing import Any

import pytest_asyncio
import sqlalchemy as sa
from aiohttp import ClientResponse

from tests.support.applications import qualified_person, today
from tests.support.approval import REPORTING_TABLES as TABLES
from tests.support.approval import reportable_authorisation
from tests.support.system import Provider, System

COMPETENCE = ("education", "practice", "supervision", "swedish")


@pytest_asyncio.fixture(scope="module")
async def reporter(system: System) -> tuple[Provider, str]:
    provider = await system.register_provider("Vikariens Omsorg AB")
    return provider, await reportable_authorisation(system, provider)


def _competence(**changes: Any) -> dict[str, Any]:
    person = {k: v for k, v in qualified_person("Anna Holm").items() if k != "name"}
    return {**person, **changes}


def _body(authorisation_id: str, starts: date, days: int, **substitute: Any) -> dict[str, Any]:
    return {
        "authorisation_id": authorisation_id,
        "substitute": {"name": "Anna Holm", "role": "Biträdande enhetschef", **substitute},
        "starts_on": starts.isoformat(),
        "ends_on": (starts + timedelta(days=days - 1)).isoformat(),
        "reason": "sick_leave",
    }


async def _json(response: ClientResponse, status: int) -> Any:
    text = await response.text()
    assert response.status == status, text
    return json.loads(text)


async def _reported(system: System, provider: Provider, body: dict[str, Any]) -> dict[str, Any]:
    created: dict[str, Any] = await _json(
        await system.client.post("/manager-absences", json=body, headers=provider.auth), 201
    )
    return created


async def _counts(system: System) -> dict[str, int]:
    return {table: await system.count("reporting", table) for table in TABLES}


async def _listed(system: System, authorisation_id: str, headers: dict[str, str]) -> dict[str, Any]:
    response = await system.client.get(
        "/manager-absences", params={"authorisation_id": authorisation_id}, headers=headers
    )
    return {a["id"]: a for a in (await _json(response, 200))["items"]}


async def _event(system: System, absence_id: str) -> dict[str, Any]:
    async with system.runtime("reporting").reads() as session:
        result = await session.exec(  # type: ignore[call-overload]
            sa.text(
                "SELECT body FROM outbox WHERE event_type = 'manager_absence.reported' AND body LIKE :id"
            ),
            params={"id": f"%{absence_id}%"},
        )
        (body,) = result.scalars().all()
    data: dict[str, Any] = json.loads(body)["data"]
    return data


async def test_a_long_absence_without_the_competence_is_refused_naming_what_is_missing(
    system: System, reporter: tuple[Provider, str]
) -> None:
    provider, authorisation_id = reporter
    starts = today() + timedelta(days=400)
    for substitute, missing in (
        ({}, list(COMPETENCE)),
        ({"education": _competence()["education"], "swedish": None}, ["practice", "supervision", "swedish"]),
        ({k: v for k, v in _competence().items() if k != "supervision"}, ["supervision"]),
    ):
        before = await _counts(system)
        body = _body(authorisation_id, starts, 29, **substitute)
        response = await system.client.post("/manager-absences", json=body, headers=provider.auth)
        problem = await _json(response, 422)
        assert response.headers["Content-Type"].startswith("application/problem+json")
        assert [(e["location"], e["type"]) for e in problem["errors"]] == [
            (f"substitute.{field}", "missing") for field in missing
        ]
        assert "longer than 28 days" in problem["detail"] and "29 days" in problem["detail"]
        assert await _counts(system) == before, "nothing stored, no event, no audit entry"


async def test_four_weeks_keep_the_simple_substitute(system: System, reporter: tuple[Provider, str]) -> None:
    provider, authorisation_id = reporter
    body = _body(authorisation_id, today() + timedelta(days=500), 28)
    absence = await _reported(system, provider, body)
    assert absence["precheck"] is None
    assert {k: absence["substitute"][k] for k in COMPETENCE} == {
        "education": [],
        "practice": [],
        "supervision": [],
        "swedish": None,
    }
    assert (await _listed(system, authorisation_id, system.staff))[absence["id"]]["precheck"] is None
    assert (await _event(system, absence["id"]))["precheck_outcome"] is None


async def test_staff_see_the_substitutes_precheck_with_its_arithmetic_and_the_provider_does_not(
    system: System, reporter: tuple[Provider, str]
) -> None:
    provider, authorisation_id = reporter
    reported_on = today()
    # Supervision since 100 days ago only: short of the two years, so the pre-check is not met.
    since = (reported_on - timedelta(days=99)).isoformat()
    competence = _competence(supervision=[{"employer": "Vård AB", "role": "Gruppledare", "start": since}])
    body = _body(authorisation_id, reported_on + timedelta(days=600), 60, **competence)
    absence = await _reported(system, provider, body)
    assert absence["precheck"] is None, "the provider's own answer holds no pre-check"
    assert absence["substitute"]["supervision"][0]["role"] == "Gruppledare"

    mine = (await _listed(system, authorisation_id, provider.auth))[absence["id"]]
    assert mine["precheck"] is None and mine["substitute"] == absence["substitute"]

    seen = (await _listed(system, authorisation_id, system.staff))[absence["id"]]
    precheck = seen["precheck"]
    assert precheck["reference_date"] == reported_on.isoformat()
    assert precheck["outcome"] == "not_met"
    results = {r["requirement"]: r for r in precheck["requirements"]}
    assert list(results) == ["education", "practice", "supervision", "swedish", "uhr_validation"]
    assert results["education"]["outcome"] == "met"
    assert results["education"]["arithmetic"][-1] == "total 3.5 years >= 2 required"
    supervision = results["supervision"]
    assert supervision["outcome"] == "not_met"
    assert supervision["arithmetic"] == [
        f"Vård AB, Gruppledare ({since}..ongoing): 100 days up to {reported_on.isoformat()}",
        "total 100 days (overlaps counted once) < 730 required",
    ]
    assert results["practice"]["outcome"] == "met"

    # The event says how the pre-check came out, as a code; the substitute's details stay in the case.
    event = await _event(system, absence["id"])
    assert event["precheck_outcome"] == "not_met"
    assert "Anna Holm" not in json.dumps(event) and "Gruppledare" not in json.dumps(event)


async def test_a_qualified_substitute_is_met(system: System, reporter: tuple[Provider, str]) -> None:
    provider, authorisation_id = reporter
    body = _body(authorisation_id, today() + timedelta(days=800), 90, **_competence())
    absence = await _reported(system, provider, body)
    seen = (await _listed(system, authorisation_id, system.staff))[absence["id"]]
    assert seen["precheck"]["outcome"] == "met"
    assert all(r["outcome"] == "met" for r in seen["precheck"]["requirements"])
    assert (await _event(system, absence["id"]))["precheck_outcome"] == "met"
