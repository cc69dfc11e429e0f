"""Bad input to the reporting service gets a clear problem+json answer and changes nothing; a report is
not made twice over a conflicting state; and free text with a Swedish personal identity number is refused
without the number being echoed, stored or logged."""

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import ClientResponse

from shared.clock import now_utc
from shared.swedish_ids import luhn_valid
from tests.support.applications import document_form, qualified_person, today, working_day
from tests.support.approval import REPORTING_TABLES as TABLES
from tests.support.approval import reportable_authorisation
from tests.support.logs import assert_never_logged, everything_logged
from tests.support.reports import DROP, deviation_body, without_dropped
from tests.support.system import Provider, System

NOW = now_utc()


def _at(**delta: float) -> str:
    return (NOW + timedelta(**delta)).isoformat()


def _day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def _body(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    return without_dropped({**base, **changes})


def absence_body(authorisation_id: str, /, **changes: Any) -> dict[str, Any]:
    # A month away: the substitute gives the competence a long absence asks for.
    competence = {k: v for k, v in qualified_person("Per Ek").items() if k != "name"}
    base = {
        "authorisation_id": authorisation_id,
        "substitute": {
            "name": "Per Ek",
            "role": "Biträdande enhetschef",
            "phone": "08-123 456 78",
            **competence,
        },
        "starts_on": "2031-07-01",
        "ends_on": "2031-07-31",
        "reason": "holiday",
    }
    return _body(base, changes)


def change_body(authorisation_id: str, /, **changes: Any) -> dict[str, Any]:
    base = {
        "authorisation_id": authorisation_id,
        "starts_on": _day(30),
        "person_in_charge": qualified_person("Nils Nyberg"),
    }
    return _body(base, changes)


def _supervising(staff_count: int) -> dict[str, Any]:
    person = qualified_person("Nils Nyberg")
    person["supervision"][0]["staff_count"] = staff_count
    return person


def follow_up_body(authorisation_id: str, /, **changes: Any) -> dict[str, Any]:
    base = {
        "authorisation_id": authorisation_id,
        "questions": ["Hur följer ni upp genomförandeplanerna?"],
        "due_date": working_day(14).isoformat(),
    }
    return _body(base, changes)


@dataclass
class Reporter:
    provider: Provider
    authorisation_id: str


@pytest_asyncio.fixture(scope="module")
async def reporter(system: System) -> Reporter:
    """A provider with an active authorisation, for tests that add reports and leave its state alone."""
    provider = await system.register_provider("Inmatningens Omsorg AB")
    return Reporter(provider, await reportable_authorisation(system, provider))


async def _counts(system: System) -> dict[str, int]:
    return {table: await system.count("reporting", table) for table in TABLES}


async def _json(response: ClientResponse, status: int) -> dict[str, Any]:
    assert response.status == status, await response.text()
    body: dict[str, Any] = await response.json()
    return body


async def _problem(response: ClientResponse, status: int) -> dict[str, Any]:
    text = await response.text()
    assert response.status == status, text
    assert response.headers["Content-Type"].startswith("application/problem+json"), response.headers
    body: dict[str, Any] = json.loads(text)
    assert body["status"] == status and body["title"] and body["type"] == "about:blank", body
    assert "Traceback" not in text
    return body


def _errors(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["location"], e["type"]) for e in body["errors"]]


async def _refused(
    system: System, response: ClientResponse, before: dict[str, int], status: int = 422
) -> dict[str, Any]:
    body = await _problem(response, status)
    assert await _counts(system) == before
    return body


# --- wrong types, unknown and missing fields, bad values ---------------------------------------------------

DEVIATION_CASES = [
    pytest.param({"category": "incident"}, [("category", "enum")], id="unknown_category"),
    pytest.param({"severity": "critical"}, [("severity", "enum")], id="unknown_severity"),
    pytest.param({"severity": 3}, [("severity", "enum")], id="severity_a_number"),
    pytest.param({"description": 42}, [("description", "string_type")], id="description_a_number"),
    pytest.param({"authorisation_id": 12}, [("authorisation_id", "string_type")], id="id_a_number"),
    pytest.param({"occurred_at": 1700000000}, [("occurred_at", "datetime_type")], id="timestamp_a_number"),
    pytest.param({"occurred_at": "yesterday"}, [("occurred_at", "datetime_parsing")], id="not_a_datetime"),
    pytest.param(
        {"occurred_at": "2024-01-15T21:40:00"}, [("occurred_at", "timezone_aware")], id="naive_occurred_at"
    ),
    pytest.param(
        {"discovered_at": NOW.replace(tzinfo=None).isoformat()},
        [("discovered_at", "timezone_aware")],
        id="naive_discovered_at",
    ),
    pytest.param({"patient": "kund A"}, [("patient", "extra_forbidden")], id="unknown_field"),
    pytest.param({"description": DROP}, [("description", "missing")], id="missing_description"),
    pytest.param({"category": DROP}, [("category", "missing")], id="missing_category"),
    pytest.param({"description": ""}, [("description", "string_too_short")], id="empty_description"),
    pytest.param(
        {"occurred_at": _at(hours=-2), "discovered_at": _at(hours=-3)},
        [("discovered_at", "order")],
        id="discovered_before_it_occurred",
    ),
    pytest.param(
        # Later on the clock, yet in another offset an hour and a half before it occurred.
        {"occurred_at": "2024-01-15T10:00:00+01:00", "discovered_at": "2024-01-15T10:30:00+03:00"},
        [("discovered_at", "order")],
        id="discovered_before_it_occurred_across_offsets",
    ),
    pytest.param(
        {"occurred_at": _at(days=2), "discovered_at": _at(days=3)},
        [("discovered_at", "future")],
        id="occurred_in_the_future",
    ),
    pytest.param(
        {"occurred_at": _at(days=-1), "discovered_at": _at(days=1)},
        [("discovered_at", "future")],
        id="discovered_in_the_future",
    ),
]


@pytest.mark.parametrize(("changes", "errors"), DEVIATION_CASES)
async def test_bad_deviations_are_refused_and_change_nothing(
    system: System, reporter: Reporter, changes: dict[str, Any], errors: list[tuple[str, str]]
) -> None:
    before = await _counts(system)
    body = deviation_body(reporter.authorisation_id, **changes)
    response = await system.client.post("/deviations", json=body, headers=reporter.provider.auth)
    assert _errors(await _refused(system, response, before)) == errors


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="as_is"),
        # Earlier on the clock, yet in another offset half an hour after it occurred: times are instants.
        pytest.param(
            {"occurred_at": "2024-01-15T10:00:00+01:00", "discovered_at": "2024-01-15T09:30:00+00:00"},
            id="offsets_compared_as_instants",
        ),
        pytest.param({"occurred_at": _at(hours=-1), "discovered_at": _at(hours=-1)}, id="discovered_at_once"),
    ],
)
async def test_the_valid_deviations_the_bad_ones_derive_from_are_accepted(
    system: System, reporter: Reporter, changes: dict[str, Any]
) -> None:
    before = await _counts(system)
    response = await system.client.post(
        "/deviations",
        json=deviation_body(reporter.authorisation_id, **changes),
        headers=reporter.provider.auth,
    )
    created = await _json(response, 201)
    assert created["status"] == "reported" and created["severity"] == "serious"
    assert (await _counts(system))["deviations"] == before["deviations"] + 1


ABSENCE_CASES = [
    pytest.param({"reason": "vacation"}, [("reason", "enum")], id="unknown_reason"),
    pytest.param({"reason": DROP}, [("reason", "missing")], id="missing_reason"),
    pytest.param({"substitute": "Per Ek"}, [("substitute", "model_type")], id="substitute_a_string"),
    pytest.param({"substitute": {}}, [("substitute.name", "missing")], id="substitute_without_name"),
    pytest.param(
        {"substitute": {"name": "Per Ek", "personnummer": "x"}},
        [("substitute.personnummer", "extra_forbidden")],
        id="unknown_substitute_field",
    ),
    pytest.param({"starts_on": 20310701}, [("starts_on", "date_type")], id="date_a_number"),
    pytest.param({"starts_on": "2031-02-30"}, [("starts_on", "date_parsing")], id="no_such_date"),
    pytest.param({"approved": True}, [("approved", "extra_forbidden")], id="unknown_field"),
    pytest.param({"authorisation_id": ""}, [("authorisation_id", "string_too_short")], id="empty_id"),
    pytest.param(
        {"starts_on": "2031-07-31", "ends_on": "2031-07-30"}, [("ends_on", "period")], id="ends_before_start"
    ),
]


@pytest.mark.parametrize(("changes", "errors"), ABSENCE_CASES)
async def test_bad_absences_are_refused_and_change_nothing(
    system: System, reporter: Reporter, changes: dict[str, Any], errors: list[tuple[str, str]]
) -> None:
    before = await _counts(system)
    body = absence_body(reporter.authorisation_id, **changes)
    response = await system.client.post("/manager-absences", json=body, headers=reporter.provider.auth)
    assert _errors(await _refused(system, response, before)) == errors


CHANGE_CASES = [
    pytest.param({"person_in_charge": DROP}, [("person_in_charge", "missing")], id="missing_person"),
    pytest.param(
        {"person_in_charge": "Karin Lund"}, [("person_in_charge", "model_type")], id="person_a_string"
    ),
    pytest.param({"starts_on": "next monday"}, [("starts_on", "date_parsing")], id="not_a_date"),
    pytest.param({"starts_on": 20310101}, [("starts_on", "date_type")], id="date_a_number"),
    pytest.param({"status": "approved"}, [("status", "extra_forbidden")], id="unknown_field"),
    pytest.param(
        {"person_in_charge": _supervising(2**64)},
        [("person_in_charge.supervision.0.staff_count", "less_than_equal")],
        id="staff_count_past_64_bits",
    ),
]


@pytest.mark.parametrize(("changes", "errors"), CHANGE_CASES)
async def test_bad_manager_changes_are_refused_and_change_nothing(
    system: System, reporter: Reporter, changes: dict[str, Any], errors: list[tuple[str, str]]
) -> None:
    before = await _counts(system)
    body = change_body(reporter.authorisation_id, **changes)
    response = await system.client.post("/manager-changes", json=body, headers=reporter.provider.auth)
    assert _errors(await _refused(system, response, before)) == errors


@pytest.mark.parametrize(
    ("path", "body"),
    [
        pytest.param("/deviations", [], id="deviation_a_list"),
        pytest.param("/manager-absences", "holiday", id="absence_a_string"),
        pytest.param("/manager-changes", None, id="change_null"),
    ],
)
async def test_bodies_that_are_not_objects_are_refused(
    system: System, reporter: Reporter, path: str, body: Any
) -> None:
    before = await _counts(system)
    response = await system.client.post(
        path,
        data=json.dumps(body).encode(),
        headers={**reporter.provider.auth, "Content-Type": "application/json"},
    )
    assert _errors(await _refused(system, response, before)) == [("(body)", "model_type")]


async def test_a_body_that_is_not_json_is_refused(system: System, reporter: Reporter) -> None:
    before = await _counts(system)
    malformed = await system.client.post(
        "/deviations",
        data=b"{not json",
        headers={**reporter.provider.auth, "Content-Type": "application/json"},
    )
    await _refused(system, malformed, before, 400)
    form = await system.client.post("/deviations", data={"category": "error"}, headers=reporter.provider.auth)
    await _refused(system, form, before, 415)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/deviations", {"severity": "critical"}),
        ("/deviations", {"status": "open"}),
        ("/manager-changes", {"status": "maybe"}),
        ("/manager-changes", {"limit": "0"}),
        ("/manager-absences", {"limit": "lots"}),
        ("/manager-absences", {"color": "red"}),
        ("/follow-up-requests", {"status": "closed"}),
        ("/follow-up-requests", {"limit": "201"}),
    ],
)
async def test_bad_list_queries_are_refused(
    system: System, reporter: Reporter, path: str, params: dict[str, str]
) -> None:
    response = await system.client.get(path, params=params, headers=reporter.provider.auth)
    body = await _problem(response, 422)
    assert [location for location, _ in _errors(body)] == list(params), body


# --- decisions and transitions -----------------------------------------------------------------------------


async def _change(system: System, reporter: Reporter) -> dict[str, Any]:
    response = await system.client.post(
        "/manager-changes", json=change_body(reporter.authorisation_id), headers=reporter.provider.auth
    )
    return await _json(response, 201)


async def _read(system: System, path: str) -> dict[str, Any]:
    return await _json(await system.client.get(path, headers=system.staff), 200)


@pytest.mark.parametrize(
    ("decision", "errors"),
    [
        pytest.param({"outcome": "rejected"}, [("reasons", "missing")], id="rejection_without_reasons"),
        pytest.param(
            {"outcome": "rejected", "reasons": " \n\t "},
            [("reasons", "missing")],
            id="rejection_blank_reasons",
        ),
        pytest.param({"outcome": "maybe"}, [("outcome", "enum")], id="unknown_outcome"),
        pytest.param({"reasons": "Nej."}, [("outcome", "missing")], id="missing_outcome"),
        pytest.param(
            {"outcome": "approved", "reasons": 5}, [("reasons", "string_type")], id="reasons_a_number"
        ),
        pytest.param(
            {"outcome": "approved", "decided_by": "staff-x"},
            [("decided_by", "extra_forbidden")],
            id="unknown_field",
        ),
    ],
)
async def test_bad_decisions_are_refused_and_the_change_stays_pending(
    system: System, reporter: Reporter, decision: dict[str, Any], errors: list[tuple[str, str]]
) -> None:
    change = await _change(system, reporter)
    path = f"/manager-changes/{change['id']}"
    shown = await _read(system, path)
    before = await _counts(system)

    response = await system.client.post(f"{path}/decision", json=decision, headers=system.staff)

    assert _errors(await _refused(system, response, before)) == errors
    assert await _read(system, path) == shown
    assert shown["status"] == "pending" and shown["decided_at"] is None


@pytest.mark.parametrize("outcome", ["approved", "rejected"])
async def test_a_manager_change_is_decided_once(system: System, reporter: Reporter, outcome: str) -> None:
    change = await _change(system, reporter)
    path = f"/manager-changes/{change['id']}"
    first = await _json(
        await system.client.post(
            f"{path}/decision", json={"outcome": outcome, "reasons": "Första beslutet."}, headers=system.staff
        ),
        200,
    )
    assert first["status"] == outcome and first["decision_reasons"] == "Första beslutet."
    shown = await _read(system, path)
    before = await _counts(system)

    for again in ("approved", "rejected"):
        response = await system.client.post(
            f"{path}/decision", json={"outcome": again, "reasons": "Andra beslutet."}, headers=system.staff
        )
        body = await _refused(system, response, before, 409)
        assert body["current_status"] == outcome, body

    assert await _read(system, path) == shown


async def _deviation(system: System, reporter: Reporter) -> str:
    response = await system.client.post(
        "/deviations", json=deviation_body(reporter.authorisation_id), headers=reporter.provider.auth
    )
    return str((await _json(response, 201))["id"])


async def test_a_deviation_is_acknowledged_once_and_closed_only_after(
    system: System, reporter: Reporter
) -> None:
    path = f"/deviations/{await _deviation(system, reporter)}"
    reported = await _read(system, path)
    before = await _counts(system)

    # Closing what nobody acknowledged.
    early = await system.client.post(
        f"{path}/closure", json={"note": "Avslutas direkt."}, headers=system.staff
    )
    assert (await _refused(system, early, before, 409))["current_status"] == "reported"
    assert await _read(system, path) == reported

    acknowledged = await _json(
        await system.client.post(f"{path}/acknowledgement", json={"note": "Mottagen."}, headers=system.staff),
        200,
    )
    assert acknowledged["status"] == "acknowledged" and acknowledged["acknowledgement_note"] == "Mottagen."
    before = await _counts(system)
    again = await system.client.post(f"{path}/acknowledgement", json={"note": "Igen."}, headers=system.staff)
    assert (await _refused(system, again, before, 409))["current_status"] == "acknowledged"
    assert await _read(system, path) == acknowledged

    # A closure states how the case was concluded.
    for note, errors in (({}, [("note", "missing")]), ({"note": ""}, [("note", "string_too_short")])):
        response = await system.client.post(f"{path}/closure", json=note, headers=system.staff)
        assert _errors(await _refused(system, response, before)) == errors
    assert await _read(system, path) == acknowledged

    closed = await _json(
        await system.client.post(
            f"{path}/closure", json={"note": "Åtgärderna räcker."}, headers=system.staff
        ),
        200,
    )
    assert closed["status"] == "closed"
    before = await _counts(system)
    for step in ("acknowledgement", "closure"):
        response = await system.client.post(f"{path}/{step}", json={"note": "Igen."}, headers=system.staff)
        assert (await _refused(system, response, before, 409))["current_status"] == "closed", step
    assert await _read(system, path) == closed


async def test_a_bad_acknowledgement_is_refused(system: System, reporter: Reporter) -> None:
    path = f"/deviations/{await _deviation(system, reporter)}"
    reported = await _read(system, path)
    before = await _counts(system)
    for note, errors in (
        ({"note": 5}, [("note", "string_type")]),
        ({"note": "x", "status": "closed"}, [("status", "extra_forbidden")]),
        ({"note": "x" * 4001}, [("note", "string_too_long")]),
    ):
        response = await system.client.post(f"{path}/acknowledgement", json=note, headers=system.staff)
        assert _errors(await _refused(system, response, before)) == errors
    assert await _read(system, path) == reported


# --- follow-up requests ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        pytest.param({"due_date": _day(0)}, [("due_date", "date_not_future")], id="due_today"),
        pytest.param({"due_date": _day(-1)}, [("due_date", "date_not_future")], id="due_yesterday"),
        pytest.param({"due_date": "2020-01-01"}, [("due_date", "date_not_future")], id="due_long_ago"),
        pytest.param({"due_date": "2031-13-01"}, [("due_date", "date_parsing")], id="no_such_date"),
        pytest.param({"due_date": "2031-12-24"}, [("due_date", "not_working_day")], id="due_christmas_eve"),
        pytest.param({"due_date": "2031-06-07"}, [("due_date", "not_working_day")], id="due_on_a_saturday"),
        pytest.param({"questions": []}, [("questions", "too_short")], id="no_questions"),
        pytest.param({"questions": [""]}, [("questions.0", "string_too_short")], id="empty_question"),
        pytest.param({"questions": "Hur?"}, [("questions", "list_type")], id="questions_a_string"),
        pytest.param({"authorisation_id": DROP}, [("authorisation_id", "missing")], id="missing_id"),
        pytest.param({"priority": "high"}, [("priority", "extra_forbidden")], id="unknown_field"),
    ],
)
async def test_bad_follow_up_requests_are_refused_and_change_nothing(
    system: System, reporter: Reporter, changes: dict[str, Any], errors: list[tuple[str, str]]
) -> None:
    before = await _counts(system)
    body = follow_up_body(reporter.authorisation_id, **changes)
    response = await system.client.post("/follow-up-requests", json=body, headers=system.staff)
    assert _errors(await _refused(system, response, before)) == errors


async def _follow_up(system: System, reporter: Reporter, due_in_days: int = 1) -> str:
    due = working_day(due_in_days).isoformat()
    body = follow_up_body(reporter.authorisation_id, due_date=due)
    created = await _json(
        await system.client.post("/follow-up-requests", json=body, headers=system.staff), 201
    )
    assert created["status"] == "open" and created["due_date"] == due
    return str(created["id"])


async def test_a_bad_answer_is_refused_and_the_request_stays_open(system: System, reporter: Reporter) -> None:
    path = f"/follow-up-requests/{await _follow_up(system, reporter)}"
    shown = await _read(system, path)
    before = await _counts(system)
    for answer, errors in (
        ({}, [("answer", "missing")]),
        ({"answer": ""}, [("answer", "string_too_short")]),
        ({"answer": 5}, [("answer", "string_type")]),
        ({"answer": "Ja.", "status": "closed"}, [("status", "extra_forbidden")]),
    ):
        response = await system.client.post(f"{path}/response", json=answer, headers=reporter.provider.auth)
        assert _errors(await _refused(system, response, before)) == errors
    assert await _read(system, path) == shown
    assert shown["status"] == "open" and shown["answer"] is None


async def test_a_follow_up_is_answered_once_and_takes_no_documents_after(
    system: System, reporter: Reporter
) -> None:
    path = f"/follow-up-requests/{await _follow_up(system, reporter)}"
    answered = await _json(
        await system.client.post(
            f"{path}/response", json={"answer": "Varje kvartal."}, headers=reporter.provider.auth
        ),
        200,
    )
    assert answered["status"] == "responded" and answered["answer"] == "Varje kvartal."
    shown = await _read(system, path)
    before = await _counts(system)

    again = await system.client.post(
        f"{path}/response", json={"answer": "Ändrat svar."}, headers=reporter.provider.auth
    )
    assert (await _refused(system, again, before, 409))["current_status"] == "responded"
    late = await system.client.post(f"{path}/documents", data=document_form(), headers=reporter.provider.auth)
    assert (await _refused(system, late, before, 409))["current_status"] == "responded"

    assert await _read(system, path) == shown
    assert shown["answer"] == "Varje kvartal." and shown["documents"] == []


# --- absences that overlap ---------------------------------------------------------------------------------


async def test_overlapping_absences_are_refused_and_the_first_one_stays(system: System) -> None:
    provider = await system.register_provider("Frånvarons Omsorg AB")
    authorisation_id = await reportable_authorisation(system, provider, "hemtjanst")
    post, auth = system.client.post, provider.auth
    first = await _json(
        await post("/manager-absences", json=absence_body(authorisation_id), headers=auth), 201
    )
    assert (first["starts_on"], first["ends_on"]) == ("2031-07-01", "2031-07-31")

    for starts_on, ends_on in (
        ("2031-07-01", "2031-07-31"),  # the same period
        ("2031-07-15", "2031-08-15"),  # overlapping the end
        ("2031-06-15", "2031-07-01"),  # ending on its first day
        ("2031-07-31", "2031-08-10"),  # starting on its last day
        ("2031-07-10", "2031-07-20"),  # inside it
        ("2031-06-01", "2031-08-31"),  # around it
    ):
        before = await _counts(system)
        body = absence_body(authorisation_id, starts_on=starts_on, ends_on=ends_on, reason="sick_leave")
        response = await post("/manager-absences", json=body, headers=auth)
        problem = await _refused(system, response, before, 409)
        assert problem["overlapping_absence_id"] == first["id"], (starts_on, ends_on)
        assert problem["overlapping_period"] == "2031-07-01..2031-07-31"

    async def listed(authorisation: str) -> list[dict[str, Any]]:
        response = await system.client.get(
            "/manager-absences", params={"authorisation_id": authorisation}, headers=auth
        )
        items: list[dict[str, Any]] = (await _json(response, 200))["items"]
        return sorted(items, key=lambda a: str(a["starts_on"]))

    assert await listed(authorisation_id) == [first]

    # Periods next to it, and a single day, do not overlap.
    for starts_on, ends_on in (
        ("2031-08-01", "2031-08-31"),
        ("2031-06-01", "2031-06-30"),
        ("2031-09-01", "2031-09-01"),
    ):
        body = absence_body(authorisation_id, starts_on=starts_on, ends_on=ends_on)
        await _json(await post("/manager-absences", json=body, headers=auth), 201)
    periods = [(a["starts_on"], a["ends_on"]) for a in await listed(authorisation_id)]
    assert periods == [
        ("2031-06-01", "2031-06-30"),
        ("2031-07-01", "2031-07-31"),
        ("2031-08-01", "2031-08-31"),
        ("2031-09-01", "2031-09-01"),
    ]

    # The same period on another authorisation, of another area, is its own matter.
    second = await reportable_authorisation(system, provider, "boendestod")
    other = await _json(await post("/manager-absences", json=absence_body(second), headers=auth), 201)
    assert await listed(second) == [other]
    assert len(await listed(authorisation_id)) == 4


# --- personal identity numbers in free text ----------------------------------------------------------------


def personal_number(yymmdd: str, serial: str) -> str:
    """`YYMMDD-NNNC` with the Luhn check digit C over the ten digits."""
    (check,) = [d for d in "0123456789" if luhn_valid(yymmdd + serial + d)]
    return f"{yymmdd}-{serial}{check}"


TAX_AGENCY_TEST_NUMBER = "121212-1212"
GENERATED = personal_number("850314", "238")  # born 14 March 1985
COORDINATION = personal_number("850374", "238")  # a samordningsnummer: day 14 + 60
assert luhn_valid(TAX_AGENCY_TEST_NUMBER.replace("-", ""))


def forms(number: str, century: str) -> list[str]:
    """Every way a personal identity number is written: with or without century, hyphen, `+` or space."""
    date, tail = number.split("-")
    return [
        f"{date}-{tail}",
        f"{date}{tail}",
        f"{date}+{tail}",
        f"{date} {tail}",
        f"{century}{date}-{tail}",
        f"{century}{date}{tail}",
        f"{century}{date} {tail}",
    ]


NUMBERS = [
    *forms(TAX_AGENCY_TEST_NUMBER, "19"),
    *forms(GENERATED, "19"),
    COORDINATION,
    # Separators pasted from word processors: an en dash and a no-break space.
    GENERATED.replace("-", "\u2013"),
    GENERATED.replace("-", "\u00a0"),
]


def traces(written: str) -> set[str]:
    """What of a written number must never show: as written, its digits, and the ten-digit form."""
    digits = "".join(c for c in written if c.isdigit())
    return {written, digits, digits[-10:]}


def _assert_not_echoed(text: str, written: str) -> None:
    for trace in traces(written):
        assert trace not in text, f"{trace!r} is echoed"


def _identity_number_errors(*fields: str) -> list[dict[str, str]]:
    return [
        {
            "location": field,
            "message": "contains a personal identity number",
            "type": "personal_identity_number",
        }
        for field in fields
    ]


@pytest.mark.parametrize("field", ["description", "immediate_actions"])
@pytest.mark.parametrize("number", NUMBERS)
async def test_a_deviation_naming_a_personal_identity_number_is_refused(
    system: System, reporter: Reporter, number: str, field: str
) -> None:
    before = await _counts(system)
    body = deviation_body(
        reporter.authorisation_id, **{field: f"Kunden {number} föll i badrummet kl. 21.40."}
    )

    response = await system.client.post("/deviations", json=body, headers=reporter.provider.auth)

    problem = await _refused(system, response, before)
    assert problem["errors"] == _identity_number_errors(field)
    _assert_not_echoed(await response.text(), number)


async def test_every_field_with_a_personal_identity_number_is_named(
    system: System, reporter: Reporter
) -> None:
    before = await _counts(system)
    body = deviation_body(
        reporter.authorisation_id,
        description=f"Gäller {GENERATED}.",
        immediate_actions=f"Anhörig till {TAX_AGENCY_TEST_NUMBER} kontaktad.",
    )
    response = await system.client.post("/deviations", json=body, headers=reporter.provider.auth)
    problem = await _refused(system, response, before)
    assert problem["errors"] == _identity_number_errors("description", "immediate_actions")
    for number in (GENERATED, TAX_AGENCY_TEST_NUMBER):
        _assert_not_echoed(await response.text(), number)


LOOK_ALIKES = [
    pytest.param("Order 1234567890 levererades fel.", id="order_number"),
    pytest.param("Det hände 2024-01-15 och följdes upp 20240116.", id="dates"),
    pytest.param("Ring samordnaren på 070-123 45 67 eller 0701234567.", id="phone_number"),
    pytest.param("Underleverantören 556036-0793 (5560360793) informerad.", id="organisation_number"),
    pytest.param("Besöket kl. 07.30-08.15 blev 21:40 i stället.", id="times"),
    pytest.param("Numret 121212-1213 har fel kontrollsiffra.", id="wrong_check_digit"),
    pytest.param("Ärende 19121312-1212 i journalen.", id="no_such_date"),
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_numbers_that_only_look_like_personal_identity_numbers_pass(
    system: System, reporter: Reporter, text: str
) -> None:
    body = deviation_body(reporter.authorisation_id, description=text, immediate_actions=text)
    created = await _json(
        await system.client.post("/deviations", json=body, headers=reporter.provider.auth), 201
    )
    shown = await _read(system, f"/deviations/{created['id']}")
    assert (shown["description"], shown["immediate_actions"]) == (text, text)


@pytest.mark.parametrize(
    "number", [TAX_AGENCY_TEST_NUMBER, f"19{GENERATED}", GENERATED.replace("-", "+"), COORDINATION]
)
async def test_an_answer_naming_a_personal_identity_number_is_refused(
    system: System, reporter: Reporter, number: str
) -> None:
    path = f"/follow-up-requests/{await _follow_up(system, reporter)}"
    shown = await _read(system, path)
    before = await _counts(system)

    response = await system.client.post(
        f"{path}/response",
        json={"answer": f"Kunden {number} har fått en ny plan."},
        headers=reporter.provider.auth,
    )

    problem = await _refused(system, response, before)
    assert problem["errors"] == _identity_number_errors("answer")
    _assert_not_echoed(await response.text(), number)
    assert await _read(system, path) == shown
    # Without the number the same answer is taken.
    answered = await _json(
        await system.client.post(
            f"{path}/response",
            json={"answer": "Kunden A har fått en ny plan."},
            headers=reporter.provider.auth,
        ),
        200,
    )
    assert answered["status"] == "responded"


@pytest.mark.parametrize("number", [TAX_AGENCY_TEST_NUMBER, f"19{GENERATED}", GENERATED.replace("-", " ")])
async def test_a_question_naming_a_personal_identity_number_is_refused(
    system: System, reporter: Reporter, number: str
) -> None:
    before = await _counts(system)
    questions = ["Hur följer ni upp genomförandeplanerna?", f"Vad hände hos {number} i juni?"]

    response = await system.client.post(
        "/follow-up-requests",
        json=follow_up_body(reporter.authorisation_id, questions=questions),
        headers=system.staff,
    )

    problem = await _refused(system, response, before)
    assert problem["errors"] == _identity_number_errors("questions.1")
    _assert_not_echoed(await response.text(), number)


async def test_staff_notes_and_reasons_naming_a_personal_identity_number_are_refused(
    system: System, reporter: Reporter
) -> None:
    change = f"/manager-changes/{(await _change(system, reporter))['id']}"
    deviation = f"/deviations/{await _deviation(system, reporter)}"
    text = f"Se journalen för {GENERATED}."
    for path, step, body, field in (
        (change, "decision", {"outcome": "rejected", "reasons": text}, "reasons"),
        (deviation, "acknowledgement", {"note": text}, "note"),
    ):
        shown = await _read(system, path)
        before = await _counts(system)
        response = await system.client.post(f"{path}/{step}", json=body, headers=system.staff)
        assert (await _refused(system, response, before))["errors"] == _identity_number_errors(field)
        _assert_not_echoed(await response.text(), GENERATED)
        assert await _read(system, path) == shown

    acknowledged = await _json(
        await system.client.post(
            f"{deviation}/acknowledgement", json={"note": "Mottagen."}, headers=system.staff
        ),
        200,
    )
    before = await _counts(system)
    response = await system.client.post(f"{deviation}/closure", json={"note": text}, headers=system.staff)
    assert (await _refused(system, response, before))["errors"] == _identity_number_errors("note")
    _assert_not_echoed(await response.text(), GENERATED)
    assert await _read(system, deviation) == acknowledged


# --- the refused text is never logged ----------------------------------------------------------------------


async def test_refused_text_is_never_logged(
    system: System, reporter: Reporter, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    number = personal_number("370823", "417")  # born 23 August 1937: found nowhere else in the suite
    path = f"/follow-up-requests/{await _follow_up(system, reporter)}"
    text = f"Kunden {number} föll i badrummet."

    with everything_logged(request, capsys) as logged:
        refused = [
            await system.client.post(
                "/deviations",
                json=deviation_body(reporter.authorisation_id, description=text),
                headers=reporter.provider.auth,
            ),
            await system.client.post(
                f"{path}/response", json={"answer": text}, headers=reporter.provider.auth
            ),
            await system.client.post(
                "/follow-up-requests",
                json=follow_up_body(reporter.authorisation_id, questions=[text]),
                headers=system.staff,
            ),
            await system.client.post(
                f"/deviations/{await _deviation(system, reporter)}/acknowledgement",
                json={"note": text},
                headers=system.staff,
            ),
        ]
        for response in refused:
            assert response.status == 422, await response.text()
            _assert_not_echoed(await response.text(), number)

    assert_never_logged(logged, traces(number))
