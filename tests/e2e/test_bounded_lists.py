"""Every list that can grow is bounded: each list route, filled with more rows than a small `limit`, answers
pages of at most `limit` whose cursor walks every row exactly once, and refuses a `limit` beyond its
bounds. The fixed small lists (tests/contracts/test_every_list_is_bounded.py) are not here: they cannot
grow."""

import base64
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from typing import Any

import orjson
import pytest

from shared.auth.principal import Kind
from tests.support.applications import qualified_person, today, working_day
from tests.support.approval import approved_authorisation, reportable_authorisation
from tests.support.pages import Listing, refuses_limits_out_of_bounds, walks_every_row_once
from tests.support.polling import eventually
from tests.support.reports import deviation_body
from tests.support.system import Provider, System

LIMIT = 2
# Areas few other tests apply in, so a list of one area stays well within one page of MAX_LIMIT.
QUIET_AREAS = ("korttidsvistelse-lss", "oppenvard-missbruk", "daglig-verksamhet-lss")
# Work items are listed per area: one area for these tests alone keeps the list to their own items.
WORK_AREA = "bostad-sarskild-service-lss"


async def _ok(response: Any, status: int = 200) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def _register(system: System) -> Listing:
    # Names alike, ordered by their ids, and the longest name there is, which a cursor must hold.
    for name in ["Registret AB"] * LIMIT + ["A" + "Ö" * 199]:
        await approved_authorisation(system, await system.register_provider(name), QUIET_AREAS[0])
    # A page of one: a cursor after every row, the longest name's too.
    return Listing("/register", {}, {"area_code": QUIET_AREAS[0]}, limit=1)


async def _applications(system: System) -> Listing:
    provider = await system.register_provider("Många Ansökningar AB")
    for area in QUIET_AREAS:
        await system.start_application(provider, area)
    return Listing("/applications", provider.auth)


async def _authorisations(system: System) -> Listing:
    provider = await system.register_provider("Många Tillstånd AB")
    for area in QUIET_AREAS:
        await approved_authorisation(system, provider, area)
    return Listing("/authorisations", provider.auth)


async def _application_history(system: System) -> Listing:
    provider = await system.register_provider("Historien AB")
    application = await system.submitted_application(provider, QUIET_AREAS[1])
    return Listing(f"/applications/{application['id']}/history", provider.auth)


async def _authorisation_history(system: System) -> Listing:
    provider = await system.register_provider("Taket AB")
    authorisation_id = await approved_authorisation(system, provider, QUIET_AREAS[1])
    for ceiling in (10, 12, 14):
        await _ok(
            await system.client.put(
                f"/authorisations/{authorisation_id}/capacity",
                json={"capacity_ceiling": ceiling, "current_customers": 2},
                headers=provider.auth,
            )
        )
    return Listing(f"/authorisations/{authorisation_id}/history", provider.auth)


async def _reported_deviations(system: System, count: int) -> tuple[dict[str, str], list[str]]:
    provider = await system.register_provider("Avvikelser AB")
    authorisation_id = await reportable_authorisation(system, provider, QUIET_AREAS[2])
    ids = []
    for _ in range(count):
        body = deviation_body(authorisation_id)
        ids.append(
            (await _ok(await system.client.post("/deviations", json=body, headers=provider.auth), 201))["id"]
        )
    return provider.auth, ids


async def _deviations(system: System) -> Listing:
    auth, _ = await _reported_deviations(system, LIMIT + 1)
    return Listing("/deviations", auth)


async def _deviation_history(system: System) -> Listing:
    auth, [deviation_id] = await _reported_deviations(system, 1)
    case = f"/deviations/{deviation_id}"
    await _ok(await system.client.post(f"{case}/acknowledgement", json={}, headers=system.staff))
    await _ok(await system.client.post(f"{case}/closure", json={"note": "Klart."}, headers=system.staff))
    return Listing(f"{case}/history", auth)


async def _follow_up_requests(system: System) -> Listing:
    provider = await system.register_provider("Uppföljd AB")
    authorisation_id = await reportable_authorisation(system, provider, QUIET_AREAS[2])
    for days in (10, 20, 30):
        body = {"authorisation_id": authorisation_id, "questions": ["Hur?"], "due_date": working_day(days)}
        await _ok(
            await system.client.post("/follow-up-requests", json=_plain(body), headers=system.staff), 201
        )
    return Listing("/follow-up-requests", provider.auth)


async def _manager_absences(system: System) -> Listing:
    provider = await system.register_provider("Frånvaron AB")
    authorisation_id = await reportable_authorisation(system, provider, QUIET_AREAS[2])
    for month in range(LIMIT + 1):
        starts = today() + timedelta(days=40 + 10 * month)
        body = {
            "authorisation_id": authorisation_id,
            "substitute": {"name": "Per Ek", "role": "Biträdande enhetschef", "phone": "08-123 456 78"},
            "starts_on": starts,
            "ends_on": starts + timedelta(days=5),
            "reason": "holiday",
        }
        await _ok(
            await system.client.post("/manager-absences", json=_plain(body), headers=provider.auth), 201
        )
    return Listing("/manager-absences", provider.auth)


async def _area_work(system: System, area: str) -> tuple[dict[str, str], list[str]]:
    """Staff of one area alone, and the subjects of the work items of submissions made there."""
    staff = await system.operator(Kind.STAFF, areas=[area])
    subjects = []
    for _ in range(LIMIT + 1):
        application = await system.submitted_application(await system.register_provider("Arbete AB"), area)
        subjects.append(f"applications/{application['id']}")
    for subject in subjects:
        await eventually(partial(_items_of, system, subject, staff), what=f"the work item of {subject}")
    return staff, subjects


async def _items_of(system: System, subject: str, staff: dict[str, str]) -> int:
    return len(await system.work_items(subject, staff))


async def _work_items(system: System) -> Listing:
    staff, _ = await _area_work(system, WORK_AREA)
    return Listing("/work-items", staff, {"area_code": WORK_AREA})


async def _work_item_history(system: System) -> Listing:
    staff, [subject, *_] = await _area_work(system, WORK_AREA)
    [item] = await system.work_items(subject, staff)
    await _ok(await system.client.post(f"/work-items/{item['id']}/claim", headers=staff))
    completion = {"note": "Granskad."}
    await _ok(
        await system.client.post(f"/work-items/{item['id']}/completion", json=completion, headers=staff)
    )
    return Listing(f"/work-items/{item['id']}/history", staff)


def _plain(body: dict[str, Any]) -> Any:
    return orjson.loads(orjson.dumps(body))


async def _rejected_change(system: System, provider: Provider, authorisation_id: str) -> str:
    body = {
        "authorisation_id": authorisation_id,
        "starts_on": (today() + timedelta(days=20)).isoformat(),
        "person_in_charge": qualified_person("Nils Ek"),
    }
    change = await _ok(await system.client.post("/manager-changes", json=body, headers=provider.auth), 201)
    decision = {"outcome": "rejected", "reasons": "Intyg saknas."}
    url = f"/manager-changes/{change['id']}/decision"
    await _ok(await system.client.post(url, json=decision, headers=system.staff))
    return str(change["id"])


async def _manager_changes(system: System) -> Listing:
    provider = await system.register_provider("Chefsbyten AB")
    authorisation_id = await reportable_authorisation(system, provider, QUIET_AREAS[2])
    # One change is open at a time; each is rejected before the next is reported.
    for _ in range(LIMIT + 1):
        await _rejected_change(system, provider, authorisation_id)
    return Listing("/manager-changes", provider.auth)


async def _manager_change_history(system: System) -> Listing:
    provider = await system.register_provider("Chefsbytet AB")
    authorisation_id = await reportable_authorisation(system, provider, QUIET_AREAS[2])
    change_id = await _rejected_change(system, provider, authorisation_id)
    # Reported and decided: two entries, walked one by one.
    return Listing(f"/manager-changes/{change_id}/history", provider.auth, limit=1)


async def _follow_up_history(system: System) -> Listing:
    provider = await system.register_provider("Svaret AB")
    authorisation_id = await reportable_authorisation(system, provider, QUIET_AREAS[2])
    body = {"authorisation_id": authorisation_id, "questions": ["Hur?"], "due_date": working_day(10)}
    request = await _ok(
        await system.client.post("/follow-up-requests", json=_plain(body), headers=system.staff), 201
    )
    case = f"/follow-up-requests/{request['id']}"
    await _ok(await system.client.post(f"{case}/response", json={"answer": "Så."}, headers=provider.auth))
    # Requested and answered: two entries, walked one by one.
    return Listing(f"{case}/history", provider.auth, limit=1)


LISTS: dict[str, Callable[[System], Awaitable[Listing]]] = {
    "GET /register": _register,
    "GET /applications": _applications,
    "GET /authorisations": _authorisations,
    "GET /applications/{id}/history": _application_history,
    "GET /authorisations/{id}/history": _authorisation_history,
    "GET /deviations": _deviations,
    "GET /deviations/{id}/history": _deviation_history,
    "GET /follow-up-requests": _follow_up_requests,
    "GET /manager-absences": _manager_absences,
    "GET /work-items": _work_items,
    "GET /work-items/{id}/history": _work_item_history,
    "GET /manager-changes": _manager_changes,
    "GET /manager-changes/{id}/history": _manager_change_history,
    "GET /follow-up-requests/{id}/history": _follow_up_history,
}


@pytest.mark.parametrize("route", LISTS)
async def test_a_small_limit_is_honoured_and_the_cursor_walks_every_row_once(
    system: System, route: str
) -> None:
    await walks_every_row_once(system, await LISTS[route](system))


@pytest.mark.parametrize("route", LISTS)
async def test_a_limit_out_of_bounds_is_the_client_s_error(system: System, route: str) -> None:
    await refuses_limits_out_of_bounds(system, await LISTS[route](system))


def _forged(value: object) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(value)).decode().rstrip("=")


# A cursor another list gave out, or one whose values are not of the types the list is ordered by.
REGISTER_CURSORS = ["garbage", _forged(["2026-03-29T01:30:00+00:00", "abc"]), _forged([1, 2, 3]), _forged({})]
HISTORY_CURSORS = [_forged(["1"]), _forged([True]), _forged([2**40]), _forged([1, 2]), _forged(["a\x00"])]


@pytest.mark.parametrize(
    ("route", "cursor"),
    [("GET /register", c) for c in REGISTER_CURSORS]
    + [("GET /deviations/{id}/history", c) for c in HISTORY_CURSORS],
)
async def test_a_cursor_the_list_did_not_give_out_is_the_client_s_error(
    system: System, route: str, cursor: str
) -> None:
    listing = await LISTS[route](system)
    response = await system.client.get(
        listing.path, params={**listing.params, "cursor": cursor}, headers=listing.headers
    )
    assert response.status == 422 and response.content_type == "application/problem+json"
    assert (await response.json())["errors"][0]["location"] == "cursor"
