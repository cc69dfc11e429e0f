"""Every action on an application in every state: the legal ones succeed, the rest answer 409 with the
current state and change nothing."""

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.support.applications import fill_application, working_day
from tests.support.approval import assess_all_met
from tests.support.system import Provider, System

States = dict[str, tuple[Provider, str]]


async def _post(system: System, path: str, headers: dict[str, str], body: Any = None) -> Any:
    return (
        await system.client.post(path, json=body, headers=headers)
        if body is not None
        else await system.client.post(path, headers=headers)
    )


async def _assess(system: System, application_id: str, verdicts: dict[str, bool]) -> None:
    body = {"assessments": [{"condition_code": c, "met": m} for c, m in verdicts.items()]}
    response = await system.client.post(
        f"/applications/{application_id}/assessments", json=body, headers=system.staff
    )
    assert response.status == 200, await response.text()


async def _in_state(system: System, state: str) -> tuple[Provider, str]:
    provider = await system.register_provider(f"Tillstånd {state} AB")
    if state == "draft":
        application_id = (await system.start_application(provider))["id"]
        await fill_application(system.client, "", provider.auth, application_id)
        return provider, application_id
    application_id = (await system.submitted_application(provider))["id"]
    if state == "submitted":
        return provider, application_id
    if state == "withdrawn":
        assert (await _post(system, f"/applications/{application_id}/withdraw", provider.auth)).status == 200
        return provider, application_id
    if state in ("in_review", "approved"):
        await assess_all_met(system, application_id, "hemtjanst")
    if state == "supplement_requested":
        due = working_day(7).isoformat()
        body = {"message": "Mer underlag.", "due_date": due}
        response = await _post(
            system, f"/applications/{application_id}/supplement-requests", system.staff, body
        )
        assert response.status == 201, await response.text()
    if state == "approved":
        body = {"outcome": "approved", "reasons": "Uppfyller villkoren."}
        assert (
            await _post(system, f"/applications/{application_id}/decision", system.staff, body)
        ).status == 201
    if state == "rejected":
        await _assess(system, application_id, {"goals": False})
        rejection: dict[str, Any] = {
            "outcome": "rejected",
            "reasons": "Brister.",
            "conditions_not_met": ["goals"],
        }
        assert (
            await _post(system, f"/applications/{application_id}/decision", system.staff, rejection)
        ).status == 201
    return provider, application_id


Action = Callable[[System, Provider, str], Awaitable[Any]]


async def _submit(system: System, provider: Provider, application_id: str) -> Any:
    return await _post(system, f"/applications/{application_id}/submit", provider.auth)


async def _withdraw(system: System, provider: Provider, application_id: str) -> Any:
    return await _post(system, f"/applications/{application_id}/withdraw", provider.auth)


async def _change(system: System, provider: Provider, application_id: str) -> Any:
    return await system.client.patch(
        f"/applications/{application_id}", json={"answers": {"goals": "Ny text."}}, headers=provider.auth
    )


async def _assessment(system: System, provider: Provider, application_id: str) -> Any:
    body = {"assessments": [{"condition_code": "goals", "met": True}]}
    return await _post(system, f"/applications/{application_id}/assessments", system.staff, body)


async def _supplement(system: System, provider: Provider, application_id: str) -> Any:
    body = {"message": "Mer.", "due_date": working_day(7).isoformat()}
    return await _post(system, f"/applications/{application_id}/supplement-requests", system.staff, body)


async def _decide(system: System, provider: Provider, application_id: str) -> Any:
    body = {"outcome": "rejected", "reasons": "Nej.", "conditions_not_met": ["goals"]}
    return await _post(system, f"/applications/{application_id}/decision", system.staff, body)


ACTIONS: dict[str, Action] = {
    "submit": _submit,
    "withdraw": _withdraw,
    "change": _change,
    "assess": _assessment,
    "request_supplement": _supplement,
    "decide": _decide,
}

# What each state allows; everything else must answer 409.
ALLOWED = {
    "draft": {"withdraw", "change", "submit"},
    "submitted": {"withdraw", "assess", "request_supplement", "decide"},
    "in_review": {"withdraw", "assess", "request_supplement", "decide"},
    "supplement_requested": {"withdraw", "change", "submit"},
    "approved": set(),
    "rejected": set(),
    "withdrawn": set(),
}
REFUSED = [
    (state, action) for state, allowed in ALLOWED.items() for action in ACTIONS if action not in allowed
]


@pytest.fixture(scope="module")
async def states(system: System) -> States:
    return {state: await _in_state(system, state) for state in ALLOWED}


@pytest.mark.parametrize(("state", "action"), REFUSED)
async def test_an_illegal_action_answers_409_with_the_current_state(
    system: System, states: States, state: str, action: str
) -> None:
    provider, application_id = states[state]
    before = await system.count("application", "audit_trail", "entity_id = :id", id=application_id)
    outbox = await system.count("application", "outbox")
    response = await ACTIONS[action](system, provider, application_id)
    assert response.status == 409, f"{action} on {state}: {response.status} {await response.text()}"
    assert (await response.json())["current_status"] == state
    current = await system.client.get(f"/applications/{application_id}", headers=provider.auth)
    assert (await current.json())["status"] == state
    assert await system.count("application", "audit_trail", "entity_id = :id", id=application_id) == before
    assert await system.count("application", "outbox") == outbox


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("draft", "withdraw", "withdrawn"),
        ("draft", "submit", "submitted"),
        ("submitted", "withdraw", "withdrawn"),
        ("submitted", "assess", "in_review"),
        ("submitted", "request_supplement", "supplement_requested"),
        ("in_review", "withdraw", "withdrawn"),
        ("supplement_requested", "submit", "submitted"),
        ("supplement_requested", "withdraw", "withdrawn"),
    ],
)
async def test_a_legal_action_moves_the_application_on(
    system: System, state: str, action: str, expected: str
) -> None:
    provider, application_id = await _in_state(system, state)
    response = await ACTIONS[action](system, provider, application_id)
    assert response.status in (200, 201), await response.text()
    current = await system.client.get(f"/applications/{application_id}", headers=provider.auth)
    assert (await current.json())["status"] == expected
