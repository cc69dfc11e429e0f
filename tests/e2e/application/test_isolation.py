"""Nobody reaches rows that are not theirs: another provider is answered as if they did not exist, a
provider cannot act as staff, staff cannot act as an administrator, and staff see only their areas."""

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import ClientResponse

from shared.auth.principal import Kind
from tests.support.applications import MINIMAL_PDF, fill_application, working_day
from tests.support.approval import approved_authorisation
from tests.support.system import Provider, System

# Rows any write in the application service leaves behind.
TABLES = (
    "applications",
    "attachments",
    "attachment_contents",
    "assessments",
    "supplement_requests",
    "decisions",
    "authorisations",
    "warnings",
    "capacity_changes",
    "condition_versions",
    "outbox",
    "audit_trail",
)


@dataclass
class Scene:
    """One organisation's rows in three areas, and a second organisation with a draft of its own."""

    owner: Provider
    other: Provider
    draft: dict[str, Any]  # complete, in hemtjanst, with one attachment
    attachment_id: str
    submitted: dict[str, Any]  # in sarskilt-boende
    authorisation_id: str  # in boendestod
    others_draft: dict[str, Any]


async def _scene(system: System) -> Scene:
    owner = await system.register_provider("Ägarens Omsorg AB")
    other = await system.register_provider("Inkräktarens Omsorg AB")
    draft = await system.start_application(owner, "hemtjanst")
    await fill_application(system.client, "", owner.auth, draft["id"])
    shown = await system.client.get(f"/applications/{draft['id']}", headers=owner.auth)
    [attachment] = (await shown.json())["attachments"]
    submitted = await system.submitted_application(owner, "sarskilt-boende")
    authorisation_id = await approved_authorisation(system, owner, "boendestod")
    others_draft = await system.start_application(other, "hemtjanst")
    return Scene(owner, other, draft, attachment["id"], submitted, authorisation_id, others_draft)


async def _snapshot(system: System, scene: Scene) -> dict[str, Any]:
    """Every row count, and the owner's rows as the owner and staff read them."""
    counts = {table: await system.count("application", table) for table in TABLES}
    views = {}
    for path in (
        f"/applications/{scene.draft['id']}",
        f"/applications/{scene.draft['id']}/history",
        f"/applications/{scene.submitted['id']}",
        f"/applications/{scene.submitted['id']}/history",
        f"/authorisations/{scene.authorisation_id}",
        f"/authorisations/{scene.authorisation_id}/history",
    ):
        for headers in (scene.owner.auth, system.staff):
            response = await system.client.get(path, headers=headers)
            assert response.status == 200, f"{path}: {await response.text()}"
            views[f"{path} {headers is system.staff}"] = await response.json()
    return {"counts": counts, "views": views}


def _document() -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("file", io.BytesIO(MINIMAL_PDF), filename="intrang.pdf", content_type="application/pdf")
    return form


# method, path, request arguments, and what the owner itself is answered (the request is valid).
OWN_ROUTES: list[tuple[str, str, Callable[[], dict[str, Any]], int]] = [
    ("GET", "/applications/{draft}", dict, 200),
    (
        "PATCH",
        "/applications/{draft}",
        lambda: {"json": {"answers": {"goals": "Ändrat av någon annan"}}},
        200,
    ),
    ("POST", "/applications/{draft}/submit", dict, 200),
    ("POST", "/applications/{draft}/withdraw", dict, 200),
    ("GET", "/applications/{draft}/history", dict, 200),
    ("POST", "/applications/{draft}/attachments", lambda: {"data": _document()}, 201),
    ("GET", "/applications/{draft}/attachments/{attachment}", dict, 200),
    ("DELETE", "/applications/{draft}/attachments/{attachment}", dict, 204),
    ("GET", "/authorisations/{authorisation}", dict, 200),
    ("GET", "/authorisations/{authorisation}/history", dict, 200),
    (
        "PUT",
        "/authorisations/{authorisation}/capacity",
        lambda: {"json": {"capacity_ceiling": 1, "current_customers": 1}},
        200,
    ),
]


def _url(path: str, scene: Scene) -> str:
    return path.format(
        draft=scene.draft["id"], attachment=scene.attachment_id, authorisation=scene.authorisation_id
    )


async def _assert_not_found(response: ClientResponse) -> None:
    assert response.status == 404, await response.text()
    assert response.headers["Content-Type"].startswith("application/problem+json")
    text = await response.text()
    assert "%PDF" not in text and "Ägarens" not in text


@pytest.mark.parametrize(
    ("method", "path", "arguments", "owner_status"),
    OWN_ROUTES,
    ids=[f"{method} {path}" for method, path, _, _ in OWN_ROUTES],
)
async def test_another_provider_is_answered_404_and_nothing_changes(
    system: System, method: str, path: str, arguments: Callable[[], dict[str, Any]], owner_status: int
) -> None:
    scene = await _scene(system)
    url = _url(path, scene)
    before = await _snapshot(system, scene)

    response = await system.client.request(method, url, headers=scene.other.auth, **arguments())

    await _assert_not_found(response)
    assert await _snapshot(system, scene) == before
    # The same request from the owner is valid: the 404 came from whose row it is, not from the request.
    own = await system.client.request(method, url, headers=scene.owner.auth, **arguments())
    assert own.status == owner_status, await own.text()


@pytest.mark.parametrize("method", ["GET", "DELETE"])
async def test_an_attachment_is_not_reached_through_another_application(system: System, method: str) -> None:
    scene = await _scene(system)
    before = await _snapshot(system, scene)
    response = await system.client.request(
        method,
        f"/applications/{scene.others_draft['id']}/attachments/{scene.attachment_id}",
        headers=scene.other.auth,
    )
    await _assert_not_found(response)
    assert await _snapshot(system, scene) == before


async def _all_items(system: System, path: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    params = {"limit": "200"}
    while True:
        response = await system.client.get(path, params=params, headers=headers)
        assert response.status == 200, await response.text()
        body = await response.json()
        items.extend(body["items"])
        if not body["next_cursor"]:
            return items
        params = {"limit": "200", "cursor": body["next_cursor"]}


async def test_lists_show_only_the_callers_own_rows(system: System) -> None:
    scene = await _scene(system)
    others_authorisation = await approved_authorisation(system, scene.other, "boendestod")
    owners_applications = {scene.draft["id"], scene.submitted["id"]}

    for params in ({}, {"area_code": "hemtjanst"}, {"status": "draft"}):
        response = await system.client.get("/applications", params=params, headers=scene.other.auth)
        assert response.status == 200
        items = (await response.json())["items"]
        assert {i["provider_id"] for i in items} == {scene.other.provider_id}, params
        assert not owners_applications & {i["id"] for i in items}, params
    granted = await system.client.get(f"/authorisations/{others_authorisation}", headers=scene.other.auth)
    others = await _all_items(system, "/applications", scene.other.auth)
    assert {i["id"] for i in others} == {scene.others_draft["id"], (await granted.json())["application_id"]}
    owners = await _all_items(system, "/applications", scene.owner.auth)
    assert {i["provider_id"] for i in owners} == {scene.owner.provider_id}
    assert owners_applications < {i["id"] for i in owners}
    assert len(owners) == 3  # the draft, the submitted one and the approved one

    for params in ({}, {"area_code": "boendestod"}, {"status": "active"}):
        response = await system.client.get("/authorisations", params=params, headers=scene.other.auth)
        assert response.status == 200
        assert [i["id"] for i in (await response.json())["items"]] == [others_authorisation], params
    response = await system.client.get("/authorisations", headers=scene.owner.auth)
    assert [i["id"] for i in (await response.json())["items"]] == [scene.authorisation_id]


def _due() -> str:
    return working_day(14).isoformat()


# Routes of staff alone, each with a request staff could make on the scene's rows.
STAFF_ROUTES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "POST",
        "/applications/{submitted}/assessments",
        {"assessments": [{"condition_code": "goals", "met": True, "comment": ""}]},
    ),
    (
        "POST",
        "/applications/{submitted}/supplement-requests",
        {"message": "Komplettera", "condition_codes": ["goals"], "due_date": "{due}"},
    ),
    (
        "POST",
        "/applications/{submitted}/decision",
        {"outcome": "approved", "reasons": "Jag godkänner mig själv"},
    ),
    (
        "POST",
        "/authorisations/{authorisation}/warnings",
        {"condition_code": "goals", "deficiency": "Påhittad brist", "remediation_deadline": "{due}"},
    ),
    (
        "POST",
        "/authorisations/{authorisation}/revocation",
        {"reasons": "Återkallar mig själv", "conditions_not_met": ["goals"]},
    ),
]


def _staff_request(scene: Scene, path: str, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    url = path.format(submitted=scene.submitted["id"], authorisation=scene.authorisation_id)
    return url, {k: (_due() if v == "{due}" else v) for k, v in body.items()}


@pytest.mark.parametrize(
    ("method", "path", "body"), STAFF_ROUTES, ids=[f"{m} {p}" for m, p, _ in STAFF_ROUTES]
)
async def test_staff_routes_refuse_a_provider_even_the_owner(
    system: System, method: str, path: str, body: dict[str, Any]
) -> None:
    scene = await _scene(system)
    url, json = _staff_request(scene, path, body)
    before = await _snapshot(system, scene)

    for provider in (scene.owner, scene.other):
        response = await system.client.request(method, url, json=json, headers=provider.auth)
        assert response.status == 403, await response.text()
        assert response.headers["Content-Type"].startswith("application/problem+json")

    assert await _snapshot(system, scene) == before


async def _conditions(system: System, area_code: str) -> dict[str, Any]:
    response = await system.client.get(f"/areas/{area_code}/conditions")
    assert response.status == 200, await response.text()
    body: dict[str, Any] = await response.json()
    return body


async def test_publishing_conditions_is_for_administrators_only(system: System) -> None:
    provider = await system.register_provider()
    area = "familjeradgivning"
    before = await _conditions(system, area)
    counts = {
        t: await system.count("application", t) for t in ("condition_versions", "outbox", "audit_trail")
    }
    body = {"note": "Obehörig ändring", "conditions": before["conditions"]}

    for headers in (system.staff, provider.auth):
        response = await system.client.post(f"/areas/{area}/conditions", json=body, headers=headers)
        assert response.status == 403, await response.text()
        assert response.headers["Content-Type"].startswith("application/problem+json")

    assert await _conditions(system, area) == before
    assert {t: await system.count("application", t) for t in counts} == counts


async def test_staff_of_other_areas_are_answered_404_and_nothing_changes(system: System) -> None:
    scene = await _scene(system)
    inside = await system.submitted_application(scene.owner, "familjeradgivning")
    staff = await system.operator(Kind.STAFF, areas=["familjeradgivning"])

    # In its own area the client works as staff do.
    response = await system.client.get(f"/applications/{inside['id']}", headers=staff)
    assert response.status == 200, await response.text()
    assert (await response.json())["id"] == inside["id"]

    before = await _snapshot(system, scene)
    reads = [
        f"/applications/{scene.submitted['id']}",
        f"/applications/{scene.submitted['id']}/history",
        f"/applications/{scene.draft['id']}",
        f"/applications/{scene.draft['id']}/attachments/{scene.attachment_id}",
        f"/authorisations/{scene.authorisation_id}",
        f"/authorisations/{scene.authorisation_id}/history",
    ]
    for url in reads:
        await _assert_not_found(await system.client.get(url, headers=staff))
    for method, path, body in STAFF_ROUTES:
        url, json = _staff_request(scene, path, body)
        response = await system.client.request(method, url, json=json, headers=staff)
        assert response.status == 404, f"{method} {url}: {await response.text()}"

    listed = {i["id"] for i in await _all_items(system, "/applications", staff)}
    assert inside["id"] in listed
    assert not {scene.draft["id"], scene.submitted["id"]} & listed
    authorisations = await _all_items(system, "/authorisations", staff)
    assert {i["area_code"] for i in authorisations} <= {"familjeradgivning"}
    assert scene.authorisation_id not in {i["id"] for i in authorisations}

    assert await _snapshot(system, scene) == before
