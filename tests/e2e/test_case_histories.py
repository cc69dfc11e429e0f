"""Every kind of case keeps its history: each state change made over HTTP (or by a consumer) is read back at
`GET <case path>/{id}/history` by the case's provider and by staff, in order, with who acted; to another
provider, and to staff of other areas, the history does not exist, exactly like the case."""

from datetime import timedelta
from typing import Any

from shared.auth.principal import Kind
from tests.support.applications import qualified_person, today, working_day
from tests.support.approval import approve, assess_all_met, reportable_authorisation
from tests.support.polling import eventually
from tests.support.reports import deviation_body
from tests.support.system import Provider, System

Step = tuple[str, str | None, str | None]


async def _json(response: Any, status: int) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def _history(system: System, case: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = (
        await _json(await system.client.get(f"/{case}/history", headers=headers), 200)
    )["items"]
    return items


def _steps(entries: list[dict[str, Any]]) -> list[Step]:
    return [(e["action"], e["from_state"], e["to_state"]) for e in entries]


async def _read_alike_and_hidden(
    system: System, case: str, provider: Provider, other: Provider
) -> list[dict[str, Any]]:
    """The history as the provider reads it, after checking that staff read the same and that another
    provider is answered 404 both for the case and for its history."""
    as_provider = await _history(system, case, provider.auth)
    assert await _history(system, case, system.staff) == as_provider
    assert (await system.client.get(f"/{case}", headers=other.auth)).status == 404
    hidden = await system.client.get(f"/{case}/history", headers=other.auth)
    assert hidden.status == 404 and hidden.content_type == "application/problem+json"
    return as_provider


async def test_an_application_and_its_authorisation_tell_their_story(system: System) -> None:
    provider = await system.register_provider("Berättelsen AB")
    other = await system.register_provider("Nyfikna Grannen AB")
    application = await system.submitted_application(provider)
    await assess_all_met(system, application["id"], "hemtjanst")
    authorisation_id = (await approve(system, application["id"]))["decision"]["authorisation_id"]

    entries = await _read_alike_and_hidden(system, f"applications/{application['id']}", provider, other)
    states = [s for s in _steps(entries) if s[1] != s[2]]
    assert states == [
        ("started", None, "draft"),
        ("submitted", "draft", "submitted"),
        ("review_started", "submitted", "in_review"),
        ("decided", "in_review", "approved"),
    ]
    assert "assessed" in [e["action"] for e in entries]
    decided = entries[-1]
    assert decided["details"] == {"outcome": "approved"} and decided["actor_kind"] == "staff"
    assert entries[0]["actor"] == provider.client_id and entries[0]["actor_kind"] == "provider"

    await _json(
        await system.client.put(
            f"/authorisations/{authorisation_id}/capacity",
            json={"capacity_ceiling": 10, "current_customers": 2},
            headers=provider.auth,
        ),
        200,
    )
    entries = await _read_alike_and_hidden(system, f"authorisations/{authorisation_id}", provider, other)
    assert _steps(entries) == [("granted", None, "active"), ("capacity_set", "active", "active")]
    assert entries[0]["details"] == {"application_id": application["id"]}
    assert entries[1]["details"] == {"ceiling": 10, "customers": 2}


async def test_a_manager_change_and_an_absence_keep_their_history(system: System) -> None:
    provider = await system.register_provider("Chefsbytet AB")
    other = await system.register_provider("Tittaren AB")
    authorisation_id = await reportable_authorisation(system, provider)
    change = await _json(
        await system.client.post(
            "/manager-changes",
            json={
                "authorisation_id": authorisation_id,
                "starts_on": (today() + timedelta(days=20)).isoformat(),
                "person_in_charge": qualified_person("Nils Ek"),
            },
            headers=provider.auth,
        ),
        201,
    )
    await _json(
        await system.client.post(
            f"/manager-changes/{change['id']}/decision",
            json={"outcome": "rejected", "reasons": "Intyg saknas."},
            headers=system.staff,
        ),
        200,
    )
    entries = await _read_alike_and_hidden(system, f"manager-changes/{change['id']}", provider, other)
    assert _steps(entries) == [("reported", None, "pending"), ("decided", "pending", "rejected")]
    assert entries[0]["details"] == {"late": False}
    assert [e["actor_kind"] for e in entries] == ["provider", "staff"]

    absence = await _json(
        await system.client.post(
            "/manager-absences",
            json={
                "authorisation_id": authorisation_id,
                "substitute": {"name": "Per Ek", "role": "Biträdande enhetschef"},
                "starts_on": (today() + timedelta(days=30)).isoformat(),
                "ends_on": (today() + timedelta(days=40)).isoformat(),
                "reason": "holiday",
            },
            headers=provider.auth,
        ),
        201,
    )
    # An absence has no state of its own: its history is its report.
    assert (
        await system.client.get(f"/manager-absences/{absence['id']}/history", headers=other.auth)
    ).status == 404
    entries = await _history(system, f"manager-absences/{absence['id']}", provider.auth)
    assert _steps(entries) == [("reported", None, None)]
    assert await _history(system, f"manager-absences/{absence['id']}", system.staff) == entries


async def test_a_serious_deviation_and_its_work_item_keep_their_history(system: System) -> None:
    provider = await system.register_provider("Avvikande AB")
    other = await system.register_provider("Utomstående AB")
    authorisation_id = await reportable_authorisation(system, provider)
    deviation = await _json(
        await system.client.post("/deviations", json=deviation_body(authorisation_id), headers=provider.auth),
        201,
    )
    case = f"deviations/{deviation['id']}"

    async def open_item() -> list[dict[str, Any]]:
        return [i for i in await system.work_items(case) if i["status"] == "open"]

    (item,) = await eventually(open_item, what="the deviation's work item")
    item_case = f"work-items/{item['id']}"
    await _json(await system.client.post(f"/{item_case}/claim", headers=system.staff), 200)
    await _json(await system.client.post(f"/{case}/acknowledgement", json={}, headers=system.staff), 200)
    await _json(
        await system.client.post(
            f"/{case}/closure", json={"note": "Rutinen är ändrad."}, headers=system.staff
        ),
        200,
    )

    entries = await _read_alike_and_hidden(system, case, provider, other)
    assert _steps(entries) == [
        ("reported", None, "reported"),
        ("acknowledged", "reported", "acknowledged"),
        ("closed", "acknowledged", "closed"),
    ]

    # The work item was made, and closed when the deviation closed, by the consumer; claimed by staff.
    async def closed_item() -> list[dict[str, Any]]:
        return [e for e in await _history(system, item_case, system.staff) if e["to_state"] == "done"]

    await eventually(closed_item, what="the work item closed by the deviation's closure")
    entries = await _history(system, item_case, system.staff)
    assert _steps(entries) == [
        ("created", None, "open"),
        ("claimed", "open", "claimed"),
        ("done", "claimed", "done"),
    ]
    assert [e["actor_kind"] for e in entries] == ["system", "staff", "system"]
    assert entries[0]["actor"] == "notifications-consumer"
    assert (await system.client.get(f"/{item_case}/history", headers=provider.auth)).status == 403
    elsewhere = await system.operator(Kind.STAFF, areas=["boendestod"])
    assert (await system.client.get(f"/{item_case}/history", headers=elsewhere)).status == 404
    assert (await system.client.get(f"/{case}/history", headers=elsewhere)).status == 404


async def test_a_work_item_claimed_and_completed_by_staff_is_announced(system: System) -> None:
    provider = await system.register_provider("Köade AB")
    application = await system.submitted_application(provider)
    subject = f"applications/{application['id']}"

    async def open_item() -> list[dict[str, Any]]:
        return await system.work_items(subject)

    (item,) = await eventually(open_item, what="the review item")
    item_case = f"work-items/{item['id']}"
    await _json(await system.client.post(f"/{item_case}/claim", headers=system.staff), 200)
    again = await _json(await system.client.post(f"/{item_case}/claim", headers=system.staff), 200)
    assert again["status"] == "claimed"
    await _json(
        await system.client.post(f"/{item_case}/completion", json={"note": "Klar."}, headers=system.staff),
        200,
    )
    entries = await _history(system, item_case, system.staff)
    assert _steps(entries) == [
        ("created", None, "open"),
        ("claimed", "open", "claimed"),
        ("completed", "claimed", "done"),
    ], "claiming an item one holds changes nothing"
    for event_type in ("work_item.claimed", "work_item.completed"):
        assert (
            await system.count(
                "notifications",
                "outbox",
                "event_type = :type AND body LIKE :id",
                type=event_type,
                id=f"%{item['id']}%",
            )
            == 1
        )


async def test_a_follow_up_request_keeps_its_history(system: System) -> None:
    provider = await system.register_provider("Frågade AB")
    other = await system.register_provider("Ofrågade AB")
    authorisation_id = await reportable_authorisation(system, provider)
    request = await _json(
        await system.client.post(
            "/follow-up-requests",
            json={
                "authorisation_id": authorisation_id,
                "questions": ["Hur ser bemanningen ut?"],
                "due_date": working_day(10).isoformat(),
            },
            headers=system.staff,
        ),
        201,
    )
    case = f"follow-up-requests/{request['id']}"
    await _json(
        await system.client.post(
            f"/{case}/response", json={"answer": "Fem per pass."}, headers=provider.auth
        ),
        200,
    )
    entries = await _read_alike_and_hidden(system, case, provider, other)
    assert _steps(entries) == [("requested", None, "open"), ("responded", "open", "responded")]
    assert [e["actor_kind"] for e in entries] == ["staff", "provider"]
