"""Nobody reaches reports that are not theirs: another provider is answered as if they did not exist and
cannot report on someone else's authorisation, a provider cannot act as staff, staff limited to some areas
see nothing outside them, and nobody reports on a revoked authorisation."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from aiohttp import ClientResponse

from shared.auth.principal import Kind
from tests.support.applications import MINIMAL_PDF, document_form, qualified_person, today, working_day
from tests.support.approval import REPORTING_TABLES as TABLES
from tests.support.approval import reportable_authorisation
from tests.support.polling import eventually
from tests.support.reports import deviation_body
from tests.support.system import Provider, System

AREA = "boendestod"
OTHER_AREA = "familjeradgivning"
SECRET_TEXT = "Ägarens kvällsbesök hos kund A uteblev"


def _day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def change_body(authorisation_id: str) -> dict[str, Any]:
    return {
        "authorisation_id": authorisation_id,
        "starts_on": _day(30),
        "person_in_charge": qualified_person("Nils Nyberg"),
    }


def absence_body(
    authorisation_id: str, starts_on: str = "2031-07-01", ends_on: str = "2031-07-14"
) -> dict[str, Any]:
    return {
        "authorisation_id": authorisation_id,
        "substitute": {"name": "Per Ek", "role": "Biträdande enhetschef", "phone": "08-123 456 78"},
        "starts_on": starts_on,
        "ends_on": ends_on,
        "reason": "holiday",
    }


def follow_up_body(authorisation_id: str) -> dict[str, Any]:
    return {
        "authorisation_id": authorisation_id,
        "questions": ["Hur följer ni upp genomförandeplanerna?"],
        "due_date": working_day(14).isoformat(),
    }


async def _json(response: ClientResponse, status: int) -> dict[str, Any]:
    assert response.status == status, await response.text()
    body: dict[str, Any] = await response.json()
    return body


@dataclass
class Reports:
    """One provider's authorisation with one report of every kind on it."""

    provider: Provider
    area_code: str
    authorisation_id: str
    change_id: str
    absence_id: str
    deviation_id: str
    follow_up_id: str
    document_id: str


async def _reports(system: System, provider: Provider, area_code: str = AREA) -> Reports:
    authorisation_id = await reportable_authorisation(system, provider, area_code)
    post, auth = system.client.post, provider.auth
    change = await _json(
        await post("/manager-changes", json=change_body(authorisation_id), headers=auth), 201
    )
    absence = await _json(
        await post("/manager-absences", json=absence_body(authorisation_id), headers=auth), 201
    )
    deviation = await _json(
        await post(
            "/deviations",
            json=deviation_body(
                authorisation_id, description=f"{SECRET_TEXT}; kunden fick inte sina läkemedel."
            ),
            headers=auth,
        ),
        201,
    )
    follow_up = await _json(
        await post("/follow-up-requests", json=follow_up_body(authorisation_id), headers=system.staff), 201
    )
    document = await _json(
        await post(f"/follow-up-requests/{follow_up['id']}/documents", data=document_form(), headers=auth),
        201,
    )
    for row in (change, absence, deviation, follow_up):
        assert row["provider_id"] == provider.provider_id and row["area_code"] == area_code, row
    return Reports(
        provider,
        area_code,
        authorisation_id,
        change["id"],
        absence["id"],
        deviation["id"],
        follow_up["id"],
        document["id"],
    )


async def _counts(system: System) -> dict[str, int]:
    return {table: await system.count("reporting", table) for table in TABLES}


async def _snapshot(system: System, reports: Reports) -> dict[str, Any]:
    """Every row count, and the reports as their owner and staff read them."""
    views: dict[str, Any] = {}
    for path in (
        f"/manager-changes/{reports.change_id}",
        f"/manager-absences?authorisation_id={reports.authorisation_id}",
        f"/deviations/{reports.deviation_id}",
        f"/follow-up-requests/{reports.follow_up_id}",
    ):
        for who, headers in (("owner", reports.provider.auth), ("staff", system.staff)):
            views[f"{who} {path}"] = await _json(await system.client.get(path, headers=headers), 200)
    document = await system.client.get(
        f"/follow-up-requests/{reports.follow_up_id}/documents/{reports.document_id}",
        headers=reports.provider.auth,
    )
    assert document.status == 200, await document.text()
    views["document"] = await document.read()
    assert views["document"] == MINIMAL_PDF
    return {"counts": await _counts(system), "views": views}


async def _assert_not_found(response: ClientResponse) -> dict[str, Any]:
    text = await response.text()
    assert response.status == 404, text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert SECRET_TEXT not in text and "%PDF" not in text
    body: dict[str, Any] = await response.json()
    assert body["status"] == 404
    return body


def _url(path: str, reports: Reports) -> str:
    return path.format(
        change=reports.change_id,
        deviation=reports.deviation_id,
        follow_up=reports.follow_up_id,
        document=reports.document_id,
    )


# The routes a provider may call on its own reports by id: method, path, request arguments, and what the
# owner itself is answered (the request is valid).
PROVIDER_ID_ROUTES: list[tuple[str, str, Callable[[], dict[str, Any]], int]] = [
    ("GET", "/manager-changes/{change}", dict, 200),
    ("GET", "/deviations/{deviation}", dict, 200),
    ("GET", "/follow-up-requests/{follow_up}", dict, 200),
    ("GET", "/manager-changes/{change}/history", dict, 200),
    ("GET", "/deviations/{deviation}/history", dict, 200),
    ("GET", "/follow-up-requests/{follow_up}/history", dict, 200),
    ("POST", "/follow-up-requests/{follow_up}/response", lambda: {"json": {"answer": "Varje kvartal."}}, 200),
    (
        "POST",
        "/follow-up-requests/{follow_up}/documents",
        lambda: {"data": document_form(filename="intrang.pdf")},
        201,
    ),
    ("GET", "/follow-up-requests/{follow_up}/documents/{document}", dict, 200),
]


@pytest.mark.parametrize(
    ("method", "path", "arguments", "owner_status"),
    PROVIDER_ID_ROUTES,
    ids=[f"{method} {path}" for method, path, _, _ in PROVIDER_ID_ROUTES],
)
async def test_another_provider_is_answered_404_and_nothing_changes(
    system: System, method: str, path: str, arguments: Callable[[], dict[str, Any]], owner_status: int
) -> None:
    owner = await _reports(system, await system.register_provider("Ägarens Omsorg AB"))
    other = await system.register_provider("Inkräktarens Omsorg AB")
    before = await _snapshot(system, owner)

    response = await system.client.request(method, _url(path, owner), headers=other.auth, **arguments())

    found = await _assert_not_found(response)
    assert await _snapshot(system, owner) == before
    # Answered exactly as for ids that do not exist: the answer does not tell that the report exists.
    nowhere = Reports(other, AREA, "", *(str(uuid.uuid4()) for _ in range(5)))
    missing = await system.client.request(method, _url(path, nowhere), headers=other.auth, **arguments())
    assert await _assert_not_found(missing) == found
    # The same request from the owner is valid: the 404 came from whose report it is, not from the request.
    own = await system.client.request(method, _url(path, owner), headers=owner.provider.auth, **arguments())
    assert own.status == owner_status, await own.text()


async def test_a_document_is_not_reached_through_another_follow_up_request(system: System) -> None:
    owner = await _reports(system, await system.register_provider("Ägarens Omsorg AB"))
    other = await _reports(system, await system.register_provider("Inkräktarens Omsorg AB"), OTHER_AREA)
    before = await _snapshot(system, owner)

    url = f"/follow-up-requests/{other.follow_up_id}/documents/{owner.document_id}"
    await _assert_not_found(await system.client.get(url, headers=other.provider.auth))
    # Staff, who see both requests, do not reach it through the wrong one either.
    await _assert_not_found(await system.client.get(url, headers=system.staff))
    assert await _snapshot(system, owner) == before


# Creating a report: path and the body for an authorisation.
CREATE_ROUTES: list[tuple[str, Callable[[str], dict[str, Any]]]] = [
    ("/manager-changes", change_body),
    ("/manager-absences", absence_body),
    ("/deviations", deviation_body),
]


@pytest.mark.parametrize(("path", "body"), CREATE_ROUTES, ids=[path for path, _ in CREATE_ROUTES])
async def test_nobody_reports_on_another_providers_authorisation(
    system: System, path: str, body: Callable[[str], dict[str, Any]]
) -> None:
    owner = await system.register_provider("Ägarens Omsorg AB")
    other = await system.register_provider("Inkräktarens Omsorg AB")
    authorisation_id = await reportable_authorisation(system, owner, AREA)
    await reportable_authorisation(system, other, AREA)  # the other has an authorisation of its own
    before = await _counts(system)

    response = await system.client.post(path, json=body(authorisation_id), headers=other.auth)

    found = await _assert_not_found(response)
    assert await _counts(system) == before
    missing = await system.client.post(path, json=body(str(uuid.uuid4())), headers=other.auth)
    assert await _assert_not_found(missing) == found
    # Staff report nothing on a provider's behalf either.
    as_staff = await system.client.post(path, json=body(authorisation_id), headers=system.staff)
    assert as_staff.status == 403, await as_staff.text()
    assert await _counts(system) == before
    own = await system.client.post(path, json=body(authorisation_id), headers=owner.auth)
    created = await _json(own, 201)
    assert created["provider_id"] == owner.provider_id
    after = await _counts(system)
    assert after[path.strip("/").replace("-", "_")] == before[path.strip("/").replace("-", "_")] + 1


async def _all_items(
    system: System, path: str, headers: dict[str, str], **params: str
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    query = {"limit": "200", **params}
    while True:
        body = await _json(await system.client.get(path, params=query, headers=headers), 200)
        items.extend(body["items"])
        if not body["next_cursor"]:
            return items
        query = {**query, "cursor": body["next_cursor"]}


# List path, the query that filters it to what the scene holds, and which report of a scene it shows.
LISTS: list[tuple[str, dict[str, str], Callable[[Reports], str]]] = [
    ("/manager-changes", {}, lambda r: r.change_id),
    ("/manager-changes", {"status": "pending"}, lambda r: r.change_id),
    ("/manager-absences", {}, lambda r: r.absence_id),
    ("/deviations", {}, lambda r: r.deviation_id),
    ("/deviations", {"status": "reported", "severity": "serious"}, lambda r: r.deviation_id),
    ("/follow-up-requests", {}, lambda r: r.follow_up_id),
    ("/follow-up-requests", {"status": "open"}, lambda r: r.follow_up_id),
]


async def test_lists_show_only_the_callers_own_reports(system: System) -> None:
    owner = await _reports(system, await system.register_provider("Ägarens Omsorg AB"))
    other = await _reports(system, await system.register_provider("Inkräktarens Omsorg AB"))

    for path, params, report_of in LISTS:
        for mine, theirs in ((owner, other), (other, owner)):
            items = await _all_items(system, path, mine.provider.auth, **params)
            assert [i["id"] for i in items] == [report_of(mine)], (path, params)
            assert {i["provider_id"] for i in items} == {mine.provider.provider_id}, (path, params)
            assert report_of(theirs) not in {i["id"] for i in items}
        # Staff of every area see both.
        both = {i["id"] for i in await _all_items(system, path, system.staff, **params)}
        assert {report_of(owner), report_of(other)} <= both, (path, params)

    # Filtering on the other provider's authorisation shows nothing rather than its reports.
    for path in ("/manager-changes", "/manager-absences"):
        items = await _all_items(system, path, other.provider.auth, authorisation_id=owner.authorisation_id)
        assert items == [], path
        own = await _all_items(system, path, owner.provider.auth, authorisation_id=owner.authorisation_id)
        assert len(own) == 1, path


# Routes of staff alone, each with a request staff could make on a scene's reports, and staff's answer.
STAFF_ROUTES: list[tuple[str, Callable[[Reports], dict[str, Any]], int]] = [
    ("/manager-changes/{change}/decision", lambda r: {"outcome": "approved", "reasons": ""}, 200),
    ("/deviations/{deviation}/acknowledgement", lambda r: {"note": "Mottagen."}, 200),
    ("/deviations/{deviation}/closure", lambda r: {"note": "Avslutad av mig själv."}, 409),
    ("/follow-up-requests", lambda r: follow_up_body(r.authorisation_id), 201),
]


@pytest.mark.parametrize(("path", "body", "staff_status"), STAFF_ROUTES, ids=[p for p, _, _ in STAFF_ROUTES])
async def test_staff_routes_refuse_a_provider_even_the_owner(
    system: System, path: str, body: Callable[[Reports], dict[str, Any]], staff_status: int
) -> None:
    owner = await _reports(system, await system.register_provider("Ägarens Omsorg AB"))
    other = await system.register_provider("Inkräktarens Omsorg AB")
    url = _url(path, owner)
    before = await _snapshot(system, owner)

    for provider in (owner.provider, other):
        response = await system.client.post(url, json=body(owner), headers=provider.auth)
        assert response.status == 403, await response.text()
        assert response.headers["Content-Type"].startswith("application/problem+json")
        assert (await response.json())["status"] == 403

    assert await _snapshot(system, owner) == before
    # The request itself is one staff may make (closing needs an acknowledgement first, hence 409).
    as_staff = await system.client.post(url, json=body(owner), headers=system.staff)
    assert as_staff.status == staff_status, await as_staff.text()


async def test_staff_of_other_areas_are_answered_404_and_nothing_changes(system: System) -> None:
    provider = await system.register_provider("Ägarens Omsorg AB")
    outside = await _reports(system, provider, AREA)
    inside = await _reports(system, provider, OTHER_AREA)
    staff = await system.operator(Kind.STAFF, areas=[OTHER_AREA])

    # In its own area the client works as staff do.
    for path in (
        f"/manager-changes/{inside.change_id}",
        f"/deviations/{inside.deviation_id}",
        f"/follow-up-requests/{inside.follow_up_id}",
    ):
        assert (await _json(await system.client.get(path, headers=staff), 200))["area_code"] == OTHER_AREA
    inside_document = await system.client.get(
        f"/follow-up-requests/{inside.follow_up_id}/documents/{inside.document_id}", headers=staff
    )
    assert inside_document.status == 200 and await inside_document.read() == MINIMAL_PDF

    before = await _snapshot(system, outside)
    for path in (
        f"/manager-changes/{outside.change_id}",
        f"/deviations/{outside.deviation_id}",
        f"/follow-up-requests/{outside.follow_up_id}",
        f"/follow-up-requests/{outside.follow_up_id}/documents/{outside.document_id}",
    ):
        await _assert_not_found(await system.client.get(path, headers=staff))
    for path, body, _ in STAFF_ROUTES:
        response = await system.client.post(_url(path, outside), json=body(outside), headers=staff)
        await _assert_not_found(response)
    assert await _snapshot(system, outside) == before

    for path, params, report_of in LISTS:
        items = await _all_items(system, path, staff, **params)
        ids = {i["id"] for i in items}
        assert report_of(inside) in ids, (path, params)
        assert report_of(outside) not in ids, (path, params)
        assert {i["area_code"] for i in items} == {OTHER_AREA}, (path, params)


async def _revoked(system: System, provider: Provider) -> tuple[str, str]:
    """An authorisation of the provider revoked, as the reporting service's copy knows it; and the day."""
    authorisation_id = await reportable_authorisation(system, provider, AREA)
    revoked = await _json(
        await system.client.post(
            f"/authorisations/{authorisation_id}/revocation",
            json={"reasons": "Avvikelser rapporterades inte.", "conditions_not_met": ["deviations-reported"]},
            headers=system.staff,
        ),
        200,
    )
    assert revoked["status"] == "revoked"

    async def copy_revoked() -> int:
        return await system.count(
            "reporting", "authorisation_copies", "id = :id AND status = 'revoked'", id=authorisation_id
        )

    await eventually(copy_revoked, what="the reporting copy to turn revoked")
    return authorisation_id, str(revoked["revocation"]["decided_on"])


async def _assert_revoked(response: ClientResponse, revoked_on: str) -> None:
    text = await response.text()
    assert response.status == 409, text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body = await response.json()
    assert body["current_status"] == "revoked", body
    assert f"was revoked on {revoked_on}" in body["detail"], body


@pytest.mark.parametrize(("path", "body"), CREATE_ROUTES, ids=[path for path, _ in CREATE_ROUTES])
async def test_reports_on_a_revoked_authorisation_answer_409_and_write_nothing(
    system: System, path: str, body: Callable[[str], dict[str, Any]]
) -> None:
    owner = await system.register_provider("Återkallade Omsorg AB")
    other = await system.register_provider("Inkräktarens Omsorg AB")
    authorisation_id, revoked_on = await _revoked(system, owner)
    before = await _counts(system)

    await _assert_revoked(
        await system.client.post(path, json=body(authorisation_id), headers=owner.auth), revoked_on
    )

    assert await _counts(system) == before
    # To another provider the revoked authorisation is still not there at all.
    await _assert_not_found(await system.client.post(path, json=body(authorisation_id), headers=other.auth))
    assert await _counts(system) == before


async def test_staff_ask_no_follow_up_on_a_revoked_authorisation(system: System) -> None:
    provider = await system.register_provider("Återkallade Omsorg AB")
    authorisation_id, revoked_on = await _revoked(system, provider)
    before = await _counts(system)

    response = await system.client.post(
        "/follow-up-requests", json=follow_up_body(authorisation_id), headers=system.staff
    )

    await _assert_revoked(response, revoked_on)
    assert await _counts(system) == before
