"""Bad input gets a clear problem+json answer and changes nothing."""

import base64
from typing import Any

import orjson
import pytest

from tests.support.applications import working_day
from tests.support.system import System, random_organisation_number

TABLES = {"application": ("providers", "api_clients", "applications", "outbox")}


async def _counts(system: System) -> dict[str, int]:
    return {t: await system.count(s, t) for s, tables in TABLES.items() for t in tables}


def _registration(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "organisation_number": random_organisation_number(),
        "name": "Omsorg AB",
        "f_tax": True,
        "contact_email": "a@omsorg.example",
    }
    body.update(changes)
    return body


@pytest.mark.parametrize(
    ("case", "kwargs", "status"),
    [
        ("malformed_json", {"data": b"{not json", "headers": {"Content-Type": "application/json"}}, 400),
        (
            "not_json",
            {"data": b"name=x", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
            415,
        ),
        ("wrong_types", {"json": _registration(f_tax="yes")}, 422),
        ("number_as_string_for_bool", {"json": _registration(f_tax=1)}, 422),
        ("missing_field", {"json": {"organisation_number": "556036-0793"}}, 422),
        ("unknown_field", {"json": _registration(admin=True)}, 422),
        ("bad_check_digit", {"json": _registration(organisation_number="556036-0794")}, 422),
        ("too_short", {"json": _registration(organisation_number="55603607")}, 422),
        ("bad_email", {"json": _registration(contact_email="not-an-email")}, 422),
        ("oversized", {"json": _registration(name="x" * 400_000)}, 413),
    ],
)
async def test_bad_registrations_change_nothing(
    system: System, case: str, kwargs: dict[str, Any], status: int
) -> None:
    before = await _counts(system)
    response = await system.client.post("/providers", **kwargs)
    assert response.status == status, await response.text()
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body = await response.json()
    assert body["status"] == status and body["title"]
    assert "Traceback" not in await response.text()
    assert await _counts(system) == before


async def test_validation_errors_name_the_field_without_echoing_input(system: System) -> None:
    response = await system.client.post("/providers", json=_registration(f_tax="secret-value"))
    body = await response.json()
    assert body["errors"][0]["location"] == "f_tax"
    assert "secret-value" not in await response.text()


async def test_an_organisation_number_registers_once(system: System) -> None:
    body = _registration()
    assert (await system.client.post("/providers", json=body)).status == 201
    before = await _counts(system)
    again = await system.client.post("/providers", json=body)
    assert again.status == 409
    assert await _counts(system) == before


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"area_code": "no-such-area"}, 422),
        ({"area_code": 12}, 422),
        ({}, 422),
        ([], 422),
    ],
)
async def test_bad_applications_change_nothing(system: System, body: Any, status: int) -> None:
    provider = await system.register_provider()
    before = await _counts(system)
    response = await system.client.post("/applications", json=body, headers=provider.auth)
    assert response.status == status
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert await _counts(system) == before


async def test_submitting_twice_answers_409_with_the_current_state(system: System) -> None:
    provider = await system.register_provider()
    application = await system.submitted_application(provider)
    before = await _counts(system)
    again = await system.client.post(f"/applications/{application['id']}/submit", headers=provider.auth)
    assert again.status == 409
    assert (await again.json())["current_status"] == "submitted"
    assert await _counts(system) == before


async def test_bad_query_parameters_are_refused(system: System) -> None:
    provider = await system.register_provider()
    for params in (
        {"limit": "0"},
        {"limit": "lots"},
        {"status": "bogus"},
        {"cursor": "%%%"},
        {"color": "red"},
    ):
        response = await system.client.get("/applications", params=params, headers=provider.auth)
        assert response.status == 422, params


async def test_unknown_paths_and_methods_are_problems_too(system: System) -> None:
    missing = await system.client.get("/no-such-thing")
    assert missing.status == 404
    assert missing.headers["Content-Type"].startswith("application/problem+json")
    wrong_method = await system.client.delete("/areas")
    assert wrong_method.status == 405
    assert wrong_method.headers["Content-Type"].startswith("application/problem+json")


def _forged_cursor(value: object) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(value)).decode().rstrip("=")


FORGED_CURSORS = [
    "e30",  # {}
    _forged_cursor(["2026-03-29T01:30:00", "abc"]),  # a moment without its offset
    _forged_cursor(["0001-01-01T00:00:00+01:00", "abc"]),
    _forged_cursor(["2026-03-29T01:30:00+00:00", "a\x00b"]),
]
PROVIDER_LISTS = ["/applications", "/authorisations", "/notifications", "/deviations", "/manager-changes"]
STAFF_LISTS = ["/work-items", "/follow-up-requests", "/quality-reports"]


async def test_forged_cursors_answer_422_naming_the_cursor_on_every_list(system: System) -> None:
    provider = await system.register_provider()
    calls = [(path, provider.auth) for path in PROVIDER_LISTS]
    calls += [(path, system.staff) for path in STAFF_LISTS]
    for path, headers in calls:
        for cursor in FORGED_CURSORS:
            response = await system.client.get(path, params={"cursor": cursor}, headers=headers)
            assert response.status == 422, (path, cursor, await response.text())
            body = await response.json()
            assert [error["location"] for error in body["errors"]] == ["cursor"], (path, cursor)


@pytest.mark.parametrize("version", [str(2**64), str(2**31), "-1", "0", "1e3"])
async def test_a_conditions_version_past_what_the_database_holds_is_422(system: System, version: str) -> None:
    response = await system.client.get("/areas/hemtjanst/conditions", params={"version": version})
    assert response.status == 422, await response.text()
    assert [error["location"] for error in (await response.json())["errors"]] == ["version"]


@pytest.mark.parametrize("year", [str(2**64), "\uff11\uff12\uff13\uff14", "+2026", "-2026", "20266"])
async def test_a_round_year_that_is_not_four_digits_names_no_round(system: System, year: str) -> None:
    response = await system.client.get(f"/quality-rounds/{year}", headers=system.staff)
    assert response.status == 404, await response.text()


PATHS_WITH_AN_ID = [
    "/applications/{}",
    "/applications/{}/history",
    "/authorisations/{}",
    "/areas/{}",
    "/areas/{}/conditions",
    "/deviations/{}",
    "/manager-changes/{}",
    "/follow-up-requests/{}",
    "/quality-reports/{}",
]


@pytest.mark.parametrize("path", PATHS_WITH_AN_ID)
async def test_a_nul_in_a_path_id_names_nothing(system: System, path: str) -> None:
    provider = await system.register_provider()
    response = await system.client.get(path.format("a%00b"), headers=provider.auth)
    assert response.status == 404, await response.text()
    assert response.headers["Content-Type"].startswith("application/problem+json")


async def test_a_nul_in_a_query_parameter_is_422_naming_it(system: System) -> None:
    response = await system.client.get(
        "/work-items", params={"subject": "applications/a\x00b"}, headers=system.staff
    )
    assert response.status == 422, await response.text()
    assert [error["location"] for error in (await response.json())["errors"]] == ["subject"]


async def test_a_nul_anywhere_in_a_json_body_is_422_naming_the_field_and_changes_nothing(
    system: System,
) -> None:
    provider = await system.register_provider()
    administrator = await system.administrator(provider)
    before = await _counts(system)
    for body, location in (
        ({"area_code": "hem\x00tjanst"}, "area_code"),
        ({"area_code": "hemtjanst", "x\x00": 1}, "(withheld)"),  # a key that cannot be shown
    ):
        response = await system.client.post("/applications", json=body, headers=provider.auth)
        assert response.status == 422, await response.text()
        assert location in [error["location"] for error in (await response.json())["errors"]]
    changed = await system.client.patch(
        "/providers/me", json={"name": "Omsorg\x00 AB"}, headers=administrator
    )
    assert changed.status == 422, await changed.text()
    assert [error["location"] for error in (await changed.json())["errors"]] == ["name"]
    assert await _counts(system) == before


async def test_an_unknown_condition_code_is_named_by_its_place_and_not_repeated_back(system: System) -> None:
    provider = await system.register_provider()
    application = await system.submitted_application(provider)
    cited = "x\x1e okänd 720415-3188"
    response = await system.client.post(
        f"/applications/{application['id']}/supplement-requests",
        json={
            "message": "Mer underlag.",
            "condition_codes": ["goals", cited],
            "due_date": working_day(7).isoformat(),
        },
        headers=system.staff,
    )
    assert response.status == 422, await response.text()
    problem = await response.json()
    assert [(e["location"], e["type"]) for e in problem["errors"]] == [("condition_codes.1", "unknown")]
    assert "okänd" not in await response.text()


async def test_a_map_key_the_client_wrote_is_withheld_from_the_problem_where_it_may_not_be_shown(
    system: System,
) -> None:
    # The organisation's preferences are an administrator's to choose.
    provider = await system.provider_client(await system.register_provider())
    for key in ("bad\x01kind", "kund 720415-3188"):
        response = await system.client.put(
            "/preferences", json={"language": "sv", "channels": {key: ["inbox"]}}, headers=provider.auth
        )
        assert response.status == 422, await response.text()
        problem = await response.json()
        assert [e["location"] for e in problem["errors"]] == ["channels.(withheld)"], problem
        assert "3188" not in await response.text() and "\\u0001" not in await response.text()


async def test_a_query_as_long_as_its_limits_allow_is_answered_as_a_problem(system: System) -> None:
    """Every character a four-byte one, percent-encoded: a request line of about 29 KB that the HTTP parser
    must let through, so that the service itself answers it."""
    longest = {"state": "\U0001f600" * 200, "code": "\U0001f600" * 2000, "error": "\U0001f600" * 200}
    response = await system.client.get("/login/callback", params=longest)
    assert 400 <= response.status < 500
    assert response.headers["Content-Type"].startswith("application/problem+json"), await response.text()
