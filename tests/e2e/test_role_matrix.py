"""Every route of the public API called as every role: a role the route names passes the check, any other is
403, no token is 401, and another organisation's provider (or a staff member of another area) finds none of
the organisation's rows: 404.

The expectations are written out here, route by route, so that the role matrix is stated once as the
issue asks, and checked three ways: against what the services answer, against the scopes each route names
(through SCOPES_OF_ROLE) and against the `x-roles` the API document shows. A route not in the table fails.

A call that passes the check must not change the rows the other calls need, so a caller allowed to write
sends a body the route refuses (422) after the check, while a caller expected to find nothing sends one
the route would take, so that only the missing row refuses it. Reads go first and deletes last.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import FormData

from services.api import PUBLIC_API
from services.reporting.keys import ROUND_JOBS_KEY
from shared.auth.principal import Kind, Role, roles_allowed
from shared.http.routing import Route
from tests.support.applications import document_form, fill_application, qualified_person, today, working_day
from tests.support.approval import reportable_authorisation
from tests.support.people import pending_invitation, person_token, staff_token
from tests.support.polling import eventually
from tests.support.reports import deviation_body
from tests.support.system import System, start_system, stop_system


class Rows(Enum):
    """Whose rows a route with an id reaches, and so who is told there are none."""

    NONE = "no row of the organisation"
    CASE = "a case of the organisation in an area: hidden from other organisations and other areas"
    AREA = "staff work in an area: hidden from staff of other areas"
    ORGANISATION = "the organisation's own settings: hidden from other organisations"
    INBOX = "the organisation's inbox: hidden from everyone else"


ADMINISTRATOR, REPORTER, READER = Role.ADMINISTRATOR, Role.REPORTER, Role.READER
OFFICER, STAFF_ADMIN = Role.OFFICER, Role.STAFF_ADMIN
PUBLIC: frozenset[Role] = frozenset()
READS = frozenset({ADMINISTRATOR, REPORTER, READER, OFFICER, STAFF_ADMIN})
REPORTS = frozenset({ADMINISTRATOR, REPORTER})
MANAGES = frozenset({ADMINISTRATOR})
MEMBERS = frozenset({ADMINISTRATOR, REPORTER, READER})
STAFF = frozenset({OFFICER, STAFF_ADMIN})

# (method, path) -> (the roles that may call it; empty for a public route, whose rows it reaches)
EXPECTED: dict[tuple[str, str], tuple[frozenset[Role], Rows]] = {
    ("POST", "/oauth/token"): (PUBLIC, Rows.NONE),
    ("GET", "/oauth/authorize"): (PUBLIC, Rows.NONE),
    ("GET", "/login/callback"): (PUBLIC, Rows.NONE),
    ("POST", "/logout"): (PUBLIC, Rows.NONE),
    ("GET", "/.well-known/oauth-authorization-server"): (PUBLIC, Rows.NONE),
    ("GET", "/.well-known/jwks.json"): (PUBLIC, Rows.NONE),
    ("POST", "/providers"): (PUBLIC, Rows.NONE),
    ("GET", "/providers/me"): (MEMBERS, Rows.NONE),
    ("PATCH", "/providers/me"): (MANAGES, Rows.NONE),
    ("POST", "/providers/me/clients"): (MANAGES, Rows.NONE),
    ("GET", "/providers/me/clients"): (MANAGES, Rows.NONE),
    ("DELETE", "/providers/me/clients/{id}"): (MANAGES, Rows.ORGANISATION),
    ("GET", "/invitations/{token}"): (PUBLIC, Rows.NONE),
    ("POST", "/providers/me/invitations"): (MANAGES, Rows.NONE),
    ("GET", "/providers/me/invitations"): (MANAGES, Rows.NONE),
    ("DELETE", "/providers/me/invitations/{id}"): (MANAGES, Rows.ORGANISATION),
    ("GET", "/providers/me/people"): (MEMBERS, Rows.NONE),
    ("PATCH", "/providers/me/people/{person_id}"): (MANAGES, Rows.ORGANISATION),
    ("DELETE", "/providers/me/people/{person_id}"): (MANAGES, Rows.ORGANISATION),
    # A person's own page: a role suffices, but an API client is no person (403, see `expected_status`).
    ("GET", "/people/me"): (READS, Rows.NONE),
    ("GET", "/staff/people"): (frozenset({STAFF_ADMIN}), Rows.NONE),
    ("PUT", "/staff/people/{person_id}/roles"): (frozenset({STAFF_ADMIN}), Rows.NONE),
    ("POST", "/providers/{id}/approval"): (frozenset({STAFF_ADMIN}), Rows.NONE),
    ("POST", "/providers/{id}/release"): (frozenset({STAFF_ADMIN}), Rows.NONE),
    ("GET", "/areas"): (PUBLIC, Rows.NONE),
    ("GET", "/areas/{code}"): (PUBLIC, Rows.NONE),
    ("GET", "/legal-frames"): (PUBLIC, Rows.NONE),
    ("GET", "/legal-frames/{code}/deadline"): (PUBLIC, Rows.NONE),
    ("GET", "/areas/{code}/conditions"): (PUBLIC, Rows.NONE),
    ("POST", "/areas/{code}/conditions"): (frozenset({STAFF_ADMIN}), Rows.NONE),
    ("POST", "/applications"): (REPORTS, Rows.NONE),
    ("GET", "/applications"): (READS, Rows.NONE),
    ("GET", "/applications/{id}"): (READS, Rows.CASE),
    ("PATCH", "/applications/{id}"): (REPORTS, Rows.CASE),
    ("POST", "/applications/{id}/attachments"): (REPORTS, Rows.CASE),
    ("GET", "/applications/{id}/attachments/{aid}"): (READS, Rows.CASE),
    ("DELETE", "/applications/{id}/attachments/{aid}"): (REPORTS, Rows.CASE),
    ("POST", "/applications/{id}/submit"): (REPORTS, Rows.CASE),
    ("POST", "/applications/{id}/withdraw"): (REPORTS, Rows.CASE),
    ("GET", "/applications/{id}/history"): (READS, Rows.CASE),
    ("POST", "/applications/{id}/assessments"): (STAFF, Rows.CASE),
    ("POST", "/applications/{id}/supplement-requests"): (STAFF, Rows.CASE),
    ("POST", "/applications/{id}/decision"): (STAFF, Rows.CASE),
    ("GET", "/authorisations"): (READS, Rows.NONE),
    ("GET", "/authorisations/{id}"): (READS, Rows.CASE),
    ("GET", "/authorisations/{id}/history"): (READS, Rows.CASE),
    ("PUT", "/authorisations/{id}/capacity"): (REPORTS, Rows.CASE),
    ("POST", "/authorisations/{id}/warnings"): (STAFF, Rows.CASE),
    ("POST", "/authorisations/{id}/revocation"): (STAFF, Rows.CASE),
    ("GET", "/register"): (PUBLIC, Rows.NONE),
    ("POST", "/manager-changes"): (REPORTS, Rows.NONE),
    ("GET", "/manager-changes"): (READS, Rows.NONE),
    ("GET", "/manager-changes/{id}"): (READS, Rows.CASE),
    ("POST", "/manager-changes/{id}/decision"): (STAFF, Rows.CASE),
    ("GET", "/manager-changes/{id}/history"): (READS, Rows.CASE),
    ("POST", "/manager-absences"): (REPORTS, Rows.NONE),
    ("GET", "/manager-absences"): (READS, Rows.NONE),
    ("GET", "/manager-absences/{id}/history"): (READS, Rows.CASE),
    ("POST", "/deviations"): (REPORTS, Rows.NONE),
    ("GET", "/deviations"): (READS, Rows.NONE),
    ("GET", "/deviations/{id}"): (READS, Rows.CASE),
    ("POST", "/deviations/{id}/acknowledgement"): (STAFF, Rows.CASE),
    ("POST", "/deviations/{id}/closure"): (STAFF, Rows.CASE),
    ("GET", "/deviations/{id}/history"): (READS, Rows.CASE),
    ("POST", "/follow-up-requests"): (STAFF, Rows.NONE),
    ("GET", "/follow-up-requests"): (READS, Rows.NONE),
    ("GET", "/follow-up-requests/{id}"): (READS, Rows.CASE),
    ("POST", "/follow-up-requests/{id}/documents"): (REPORTS, Rows.CASE),
    ("GET", "/follow-up-requests/{id}/documents/{did}"): (READS, Rows.CASE),
    ("POST", "/follow-up-requests/{id}/response"): (REPORTS, Rows.CASE),
    ("POST", "/follow-up-requests/{id}/acceptance"): (STAFF, Rows.CASE),
    ("POST", "/follow-up-requests/{id}/rejection"): (STAFF, Rows.CASE),
    ("GET", "/follow-up-requests/{id}/history"): (READS, Rows.CASE),
    ("POST", "/quality-rounds"): (STAFF, Rows.NONE),
    ("GET", "/quality-rounds"): (STAFF, Rows.NONE),
    ("GET", "/quality-rounds/{year}"): (STAFF, Rows.NONE),
    ("GET", "/quality-rounds/{year}/history"): (STAFF, Rows.NONE),
    ("GET", "/quality-reports"): (READS, Rows.NONE),
    ("GET", "/quality-reports/{id}"): (READS, Rows.CASE),
    ("PUT", "/quality-reports/{id}"): (REPORTS, Rows.CASE),
    ("POST", "/quality-reports/{id}/submit"): (REPORTS, Rows.CASE),
    ("POST", "/quality-reports/{id}/review"): (STAFF, Rows.CASE),
    ("GET", "/quality-reports/{id}/history"): (READS, Rows.CASE),
    ("GET", "/notifications"): (READS, Rows.NONE),
    ("GET", "/notifications/stream"): (READS, Rows.NONE),
    ("POST", "/notifications/{id}/read"): (READS, Rows.INBOX),
    ("GET", "/work-items"): (STAFF, Rows.NONE),
    ("POST", "/work-items/{id}/claim"): (STAFF, Rows.AREA),
    ("GET", "/work-items/{id}/history"): (STAFF, Rows.AREA),
    ("POST", "/work-items/{id}/completion"): (STAFF, Rows.AREA),
    ("GET", "/preferences"): (READS, Rows.NONE),
    # A provider's preferences are its organisation's, so an administrator's to choose; staff, their own.
    ("PUT", "/preferences"): (MANAGES | STAFF, Rows.NONE),
    ("PATCH", "/preferences"): (MANAGES | STAFF, Rows.NONE),
    ("POST", "/webhooks"): (MANAGES, Rows.NONE),
    ("GET", "/webhooks"): (MANAGES, Rows.NONE),
    ("GET", "/webhooks/{id}"): (MANAGES, Rows.ORGANISATION),
    ("PATCH", "/webhooks/{id}"): (MANAGES, Rows.ORGANISATION),
    ("POST", "/webhooks/{id}/secret"): (MANAGES, Rows.ORGANISATION),
    ("DELETE", "/webhooks/{id}"): (MANAGES, Rows.ORGANISATION),
    ("GET", "/webhooks/{id}/deliveries"): (MANAGES, Rows.ORGANISATION),
}


@dataclass(frozen=True)
class Caller:
    name: str
    role: Role | None
    # Of the organisation whose rows the calls name (True), of another (False); None for staff and nobody.
    own_organisation: bool | None = None
    # A staff member holding the area of those rows (True), or only other areas (False).
    in_area: bool | None = None


CALLERS = [
    *(
        Caller(f"{role.value} client", role, own_organisation=True)
        for role in (ADMINISTRATOR, REPORTER, READER)
    ),
    *(
        Caller(f"{role.value} person", role, own_organisation=True)
        for role in (ADMINISTRATOR, REPORTER, READER)
    ),
    *(
        Caller(f"{r.value} of another organisation", r, own_organisation=False)
        for r in (ADMINISTRATOR, REPORTER, READER)
    ),
    Caller("officer of the area", OFFICER, in_area=True),
    Caller("officer of another area", OFFICER, in_area=False),
    Caller("staff administrator", STAFF_ADMIN),
    Caller("nobody", None),
]
AREA, APPLICATION_AREA, OTHER_AREA = "hemtjanst", "sarskilt-boende", "familjeradgivning"
# Refused by every route with a body (each is strict), after the check of the caller.
REFUSED_BODY = {"matrix": "not a field of any body"}


def expected_status(route: Route, caller: Caller) -> int | None:
    """The status the call must answer, or None where any answer but 401, 403 and 5xx shows the check
    passed (a write refused for its body, or conflicting with the state the calls before left)."""
    roles, rows = EXPECTED[(route.method, route.path)]
    if route.path == "/people/me" and caller.role is not None:
        return 200 if caller.name.endswith(" person") else 403
    if not route.scopes:
        # A public read answers 200 to anyone; a login step (a redirect) asked without its parameters is a
        # 400, which shows the check passed as well.
        plain_read = route.method == "GET" and route.status == 200
        return 200 if plain_read or route.path == "/oauth/token" else None
    if caller.role is None:
        return 401
    if caller.role not in roles:
        return 403
    hidden = {
        Rows.CASE: caller.own_organisation is False or caller.in_area is False,
        Rows.AREA: caller.in_area is False,
        Rows.ORGANISATION: caller.own_organisation is False,
        Rows.INBOX: caller.own_organisation is not True,
    }.get(rows, False)
    if hidden:
        return 404
    return 200 if route.method == "GET" else None


@dataclass
class World:
    system: System
    headers: dict[str, dict[str, str]]
    ids: dict[str, str]
    # A client's form for the token endpoint, which authenticates clients by their secret, not by a token.
    token_form: dict[str, str]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _created(system: System, path: str, headers: dict[str, str], **sent: Any) -> dict[str, Any]:
    response = await system.client.post(path, headers=headers, **sent)
    assert response.status == 201, await response.text()
    body: dict[str, Any] = await response.json()
    return body


async def _build(system: System) -> World:
    own = await system.register_provider("Matrisen AB")
    other = await system.register_provider("Grannen AB")
    administrator = await system.provider_client(own)
    reader = await system.provider_client(own, READER)
    spare = await system.provider_client(own, READER)

    authorisation_id = await reportable_authorisation(system, own, AREA)
    draft = await system.start_application(own, APPLICATION_AREA)
    await fill_application(system.client, "", own.auth, draft["id"])
    attachment = await _created(
        system, f"/applications/{draft['id']}/attachments", own.auth, data=document_form()
    )
    deviation = await _created(system, "/deviations", own.auth, json=deviation_body(authorisation_id))
    change = await _created(
        system,
        "/manager-changes",
        own.auth,
        json={
            "authorisation_id": authorisation_id,
            "starts_on": (today() + timedelta(days=20)).isoformat(),
            "person_in_charge": qualified_person("Maria Holm"),
        },
    )
    absence = await _created(
        system,
        "/manager-absences",
        own.auth,
        json={
            "authorisation_id": authorisation_id,
            "substitute": {"name": "Per Ek"},
            "starts_on": "2032-07-01",
            "ends_on": "2032-07-14",
            "reason": "holiday",
        },
    )
    follow_up = await _created(
        system,
        "/follow-up-requests",
        system.staff,
        json={
            "authorisation_id": authorisation_id,
            "questions": ["Hur?"],
            "due_date": working_day(10).isoformat(),
        },
    )
    document = await _created(
        system, f"/follow-up-requests/{follow_up['id']}/documents", own.auth, data=document_form()
    )
    year = today().year
    await system.app[ROUND_JOBS_KEY].run_day(date(year + 1, 1, 15))
    reports = await system.client.get("/quality-reports", headers=own.auth)
    (report,) = (await reports.json())["items"]
    webhook = await _created(
        system,
        "/webhooks",
        administrator.auth,
        json={"url": "http://127.0.0.1:9/matrix", "event_types": ["application.approved"]},
    )

    async def inbox() -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = (
            await (await system.client.get("/notifications", headers=own.auth)).json()
        )["items"]
        return items

    notification = (await eventually(inbox, what="a notification to the organisation"))[0]
    (work_item,) = await eventually(
        lambda: system.work_items(f"deviations/{deviation['id']}"), what="the deviation's work item"
    )

    persons = {role: (await person_token(system, own.provider_id, role))[1] for role in MEMBERS}
    member, _ = await person_token(system, own.provider_id, READER, name="Per Medlem")
    staff_person, _ = await staff_token(system, areas=(OTHER_AREA,))
    invitation_id, invitation_token = await pending_invitation(system, own.provider_id, READER)
    headers = {
        "administrator client": administrator.auth,
        "reporter client": own.auth,
        "reader client": reader.auth,
        **{f"{role.value} person": persons[role] for role in (ADMINISTRATOR, REPORTER, READER)},
        "administrator of another organisation": await system.administrator(other),
        "reporter of another organisation": other.auth,
        "reader of another organisation": (await system.provider_client(other, READER)).auth,
        "officer of the area": await system.operator(Kind.STAFF, [AREA, APPLICATION_AREA]),
        "officer of another area": await system.operator(Kind.STAFF, [OTHER_AREA]),
        "staff administrator": await system.operator(Kind.ADMIN),
        "nobody": {},
    }
    ids = {
        "applications": draft["id"],
        "aid": attachment["id"],
        "authorisations": authorisation_id,
        "manager-changes": change["id"],
        "manager-absences": absence["id"],
        "deviations": deviation["id"],
        "follow-up-requests": follow_up["id"],
        "did": document["id"],
        "quality-rounds": str(year),
        "quality-reports": report["id"],
        "notifications": notification["id"],
        "work-items": work_item["id"],
        "webhooks": webhook["id"],
        "providers": spare.client_id,
        "areas": AREA,
        "legal-frames": "LOV",
        "invitations": invitation_token,
        "/providers/me/invitations/{id}": invitation_id,
        "/providers/{id}/approval": own.provider_id,
        "/providers/{id}/release": own.provider_id,
        "/providers/me/people/{person_id}": member.id,
        "/staff/people/{person_id}/roles": staff_person.id,
    }
    token_form = {
        "grant_type": "client_credentials",
        "client_id": own.client_id,
        "client_secret": own.client_secret,
    }
    return World(system, headers, {key: str(value) for key, value in ids.items()}, token_form)


@pytest_asyncio.fixture(scope="module")
async def world() -> AsyncIterator[World]:
    # A system of its own: the calls claim, withdraw and delete, and a quality round is the installation's.
    system = await start_system(webhook_allow_private_addresses=True, webhook_allow_http=True)
    try:
        yield await _build(system)
    finally:
        await stop_system(system)


def _path(route: Route, ids: dict[str, str]) -> str:
    """The route's path with the world's ids: by its resource, or by the whole path where one resource has
    routes of several kinds of rows."""
    key = ids.get(route.path, ids.get(route.path.split("/")[1], ""))
    return route.path.format(
        id=key, code=key, year=key, token=key, person_id=key, aid=ids["aid"], did=ids["did"]
    )


def _sent(world: World, route: Route, expected: int | None) -> dict[str, Any]:
    """What a call sends: for a caller expected to find nothing, a body the route would take, so that only
    the missing row refuses it; for one allowed, a body the route refuses, so that nothing changes."""
    query = {"notified_on": today().isoformat()} if route.path.endswith("/deadline") else {}
    sent: dict[str, Any] = {"params": query}
    if route.upload_part is not None:
        sent["data"] = document_form() if expected == 404 else FormData({"nothing": "here"})
    elif route.body is not None:
        sent["json"] = route.body_example if expected == 404 and route.body_example else REFUSED_BODY
    elif route.path == "/oauth/token":
        sent["data"] = world.token_form
    return sent


def _order(route: Route) -> tuple[int, str, str]:
    # Reads first, deletes last: a write may change what a read of the same row would show.
    return ({"GET": 0, "DELETE": 2}.get(route.method, 1), route.path, route.method)


ROUTES = sorted(PUBLIC_API.routes, key=_order)


def test_every_route_is_in_the_matrix_and_names_the_roles_it_states() -> None:
    routes = {(route.method, route.path): route for route in PUBLIC_API.routes}
    assert sorted(set(routes) - set(EXPECTED)) == [], "routes missing from the matrix"
    assert sorted(set(EXPECTED) - set(routes)) == [], "the matrix names routes that are gone"
    for key, route in routes.items():
        assert set(roles_allowed(route.scopes)) == EXPECTED[key][0], key


async def test_the_document_names_the_roles_of_every_route(world: World) -> None:
    document = await (await world.system.client.get("/openapi.json")).json()
    for (method, path), (roles, _) in EXPECTED.items():
        operation = document["paths"][path][method.lower()]
        shown = operation.get("x-roles", [])
        assert shown == [role.value for role in Role if role in roles], (method, path)
        if roles:
            assert f"Roles allowed: {', '.join(shown)}." in operation["description"], (method, path)


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.method} {r.path}" for r in ROUTES])
async def test_each_role_is_let_through_refused_or_shown_nothing(world: World, route: Route) -> None:
    if (route.method, route.path) not in EXPECTED:
        pytest.fail(f"{route.method} {route.path} is not in the matrix: add the roles it allows")
    path = _path(route, world.ids)
    wrong = []
    for caller in CALLERS:
        expected = expected_status(route, caller)
        response = await world.system.client.request(
            route.method, path, headers=world.headers[caller.name], **_sent(world, route, expected)
        )
        status = response.status
        if route.content_type == "text/event-stream":
            response.close()  # a live stream answers only once the client goes away
        else:
            await response.read()
        passed = status not in (401, 403) and status < 500
        if (expected is None and not passed) or (expected is not None and status != expected):
            wrong.append(f"{caller.name}: {status}, expected {expected or 'the check passed'}")
        if expected == 403 and status == 403 and route.path != "/people/me":
            # The refusal names the roles that would pass.
            roles = EXPECTED[(route.method, route.path)][0]
            detail = (await response.json())["detail"]
            assert all(role.value in detail for role in roles), detail
    assert wrong == [], f"{route.method} {path}"
