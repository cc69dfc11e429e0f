"""The whole authorisation life cycle over HTTP, with the consumers running: from a draft through review,
supplement and decision to an authorisation, its capacity, a warning and revocation, and applying again."""

from datetime import date, timedelta
from typing import Any

from shared.auth.principal import Kind
from tests.support.applications import fill_application, qualified_person, today, working_day
from tests.support.polling import eventually
from tests.support.system import Provider, System

AREA = "hemtjanst"
SHOWN_AT_AUTHORISATION = [
    "goals",
    "manager-competence",
    "manager-education",
    "manager-practice",
    "manager-supervision",
    "manager-swedish",
    "manager-foreign-education-validated",
]


async def _json(response: Any, status: int) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def _inbox(system: System, provider: Provider) -> list[dict[str, Any]]:
    response = await system.client.get("/notifications", headers=provider.auth)
    items: list[dict[str, Any]] = (await _json(response, 200))["items"]
    return items


async def _inbox_has(system: System, provider: Provider, event_type: str) -> dict[str, Any]:
    async def found() -> list[dict[str, Any]]:
        return [e for e in await _inbox(system, provider) if e["event_type"] == event_type]

    entries = await eventually(found, what=f"an inbox entry for {event_type}")
    assert len(entries) == 1
    return entries[0]


async def _assess(system: System, application_id: str, verdicts: dict[str, bool]) -> dict[str, Any]:
    body = {
        "assessments": [{"condition_code": c, "met": met, "comment": "bedömt"} for c, met in verdicts.items()]
    }
    response = await system.client.post(
        f"/applications/{application_id}/assessments", json=body, headers=system.staff
    )
    result: dict[str, Any] = await _json(response, 200)
    return result


async def test_an_application_goes_from_draft_to_revocation_and_the_provider_may_apply_again(
    system: System,
) -> None:
    provider = await system.register_provider("Livscykeln Omsorg AB")
    conditions = await _json(await system.client.get(f"/areas/{AREA}/conditions"), 200)
    shown = [c["code"] for c in conditions["conditions"] if "authorisation" in c["control_points"]]
    assert shown == SHOWN_AT_AUTHORISATION

    draft = await system.start_application(provider, AREA)
    assert draft["conditions_version"] == conditions["version"]
    application_id = draft["id"]
    subject = f"applications/{application_id}"
    await fill_application(system.client, "", provider.auth, application_id)

    submitted = await _json(
        await system.client.post(f"/applications/{application_id}/submit", headers=provider.auth), 200
    )
    assert submitted["status"] == "submitted"
    assert submitted["precheck"] is None, "the pre-check is for staff"
    items = await eventually(lambda: system.work_items(subject), what="the review item")
    assert [i["status"] for i in items] == ["open"]

    # Staff see the pre-check, assess one condition as not met, and ask for more.
    seen = await _json(await system.client.get(f"/applications/{application_id}", headers=system.staff), 200)
    assert seen["precheck"]["outcome"] == "met"
    assert [r["requirement"] for r in seen["precheck"]["requirements"]] == [
        "education",
        "practice",
        "supervision",
        "swedish",
        "uhr_validation",
    ]
    reviewed = await _assess(system, application_id, {"goals": False})
    assert reviewed["status"] == "in_review"
    due = working_day(14).isoformat()
    request = await _json(
        await system.client.post(
            f"/applications/{application_id}/supplement-requests",
            json={"message": "Beskriv målen per kund.", "condition_codes": ["goals"], "due_date": due},
            headers=system.staff,
        ),
        201,
    )
    assert request["due_date"] == due
    entry = await _inbox_has(system, provider, "application.supplement_requested")
    assert due in entry["body"] and entry["subject"] == subject

    # The provider supplements and resubmits: the same work item is updated, not a second one made.
    await _json(
        await system.client.patch(
            f"/applications/{application_id}",
            json={"answers": {"goals": "Mål per kund i genomförandeplanen, följs upp varje månad."}},
            headers=provider.auth,
        ),
        200,
    )
    resubmitted = await _json(
        await system.client.post(f"/applications/{application_id}/submit", headers=provider.auth), 200
    )
    assert resubmitted["status"] == "submitted"
    assert resubmitted["supplement_requests"][0]["answered_at"] is not None

    async def updated_item() -> list[dict[str, Any]]:
        found = await system.work_items(subject)
        return found if found and "kompletterad" in found[0]["title"] else []

    assert len(await eventually(updated_item, what="the updated review item")) == 1

    # Every condition shown at authorisation assessed as met; approval grants an authorisation.
    await _assess(system, application_id, dict.fromkeys(SHOWN_AT_AUTHORISATION, True))
    decided = await _json(
        await system.client.post(
            f"/applications/{application_id}/decision",
            json={"outcome": "approved", "reasons": "Alla villkor är uppfyllda."},
            headers=system.staff,
        ),
        201,
    )
    assert decided["status"] == "approved"
    letter = decided["decision"]["letter"]
    assert letter["legal_frame"]["code"] == "LOV"
    assert letter["appeal"]["route_sv"] == "Ansökan om rättelse hos förvaltningsrätten"
    decided_on = date.fromisoformat(letter["decided_on"])
    # The last day if the letter is received the day it is sent, as the deadline route counts it.
    counted = await _json(
        await system.client.get("/legal-frames/LOV/deadline", params={"notified_on": decided_on.isoformat()}),
        200,
    )
    assert letter["appeal"]["deadline"] == counted["last_day"]
    assert decided_on + timedelta(days=21) <= date.fromisoformat(counted["last_day"])
    assert (letter["appeal"]["period_amount"], letter["appeal"]["period_unit"]) == (3, "weeks")
    authorisation_id = decided["decision"]["authorisation_id"]
    await _inbox_has(system, provider, "application.approved")
    await _inbox_has(system, provider, "authorisation.granted")

    register = await _json(await system.client.get("/register", params={"area_code": AREA}), 200)
    listed = [e for e in register["items"] if e["authorisation_id"] == authorisation_id]
    assert listed and listed[0]["provider_name"] == "Livscykeln Omsorg AB" and not listed[0]["at_capacity"]

    # A full provider shows as full in the public register.
    full = await _json(
        await system.client.put(
            f"/authorisations/{authorisation_id}/capacity",
            json={"capacity_ceiling": 30, "current_customers": 30},
            headers=provider.auth,
        ),
        200,
    )
    assert full["at_capacity"] is True
    register = await _json(await system.client.get("/register", params={"area_code": AREA}), 200)
    assert [e["at_capacity"] for e in register["items"] if e["authorisation_id"] == authorisation_id] == [
        True
    ]

    deadline = working_day(30).isoformat()
    warned = await _json(
        await system.client.post(
            f"/authorisations/{authorisation_id}/warnings",
            json={
                "condition_code": "deviations-reported",
                "deficiency": "En allvarlig avvikelse rapporterades inte.",
                "remediation_deadline": deadline,
            },
            headers=system.staff,
        ),
        201,
    )
    assert warned["warnings"][0]["condition"]["code"] == "deviations-reported"
    warning_entry = await _inbox_has(system, provider, "authorisation.warning_issued")
    assert deadline in warning_entry["body"]

    revoked = await _json(
        await system.client.post(
            f"/authorisations/{authorisation_id}/revocation",
            json={"reasons": "Bristen är inte åtgärdad.", "conditions_not_met": ["deviations-reported"]},
            headers=system.staff,
        ),
        200,
    )
    assert revoked["status"] == "revoked"
    assert revoked["revocation"]["conditions_not_met"][0]["code"] == "deviations-reported"
    assert revoked["revocation"]["appeal"]["law_reference"].startswith("LOV")
    # History is kept: the capacity change and the warning are still there after revocation.
    assert len(revoked["warnings"]) == 1 and len(revoked["capacity_history"]) == 1
    await _inbox_has(system, provider, "authorisation.revoked")
    register = await _json(await system.client.get("/register", params={"area_code": AREA}), 200)
    assert authorisation_id not in {e["authorisation_id"] for e in register["items"]}
    again = await system.client.post(
        f"/authorisations/{authorisation_id}/revocation",
        json={"reasons": "Igen.", "conditions_not_met": ["deviations-reported"]},
        headers=system.staff,
    )
    assert again.status == 409 and (await again.json())["current_status"] == "revoked"

    # The audit trail tells the story in order, with who acted.
    history = await _json(
        await system.client.get(f"/applications/{application_id}/history", headers=provider.auth), 200
    )
    actions = [e["action"] for e in history["items"]]
    assert actions[:3] == ["started", "changed", "attachment_added"]
    assert actions[-1] == "decided" and "supplement_requested" in actions and "review_started" in actions
    decided_entry = history["items"][-1]
    assert (decided_entry["from_state"], decided_entry["to_state"], decided_entry["actor"]) == (
        "in_review",
        "approved",
        "staff-test",
    )
    trail = await _json(
        await system.client.get(f"/authorisations/{authorisation_id}/history", headers=system.staff), 200
    )
    assert [e["action"] for e in trail["items"]] == ["granted", "capacity_set", "warning_issued", "revoked"]

    # A provider whose authorisation was revoked may apply again.
    await system.start_application(provider, AREA)


async def test_a_rejection_cites_the_conditions_assessed_as_not_met(system: System) -> None:
    provider = await system.register_provider("Avslaget AB")
    application = await system.submitted_application(provider, AREA)
    url = f"/applications/{application['id']}/decision"

    uncited = await system.client.post(
        url, json={"outcome": "rejected", "reasons": "Nej."}, headers=system.staff
    )
    assert uncited.status == 422
    unassessed = await system.client.post(
        url,
        json={"outcome": "rejected", "reasons": "Nej.", "conditions_not_met": ["manager-supervision"]},
        headers=system.staff,
    )
    assert unassessed.status == 422
    assert "not assessed as not met" in (await unassessed.json())["errors"][0]["message"]
    premature = await system.client.post(
        url, json={"outcome": "approved", "reasons": "Ja."}, headers=system.staff
    )
    assert premature.status == 409
    assert {"condition": "goals", "problem": "not assessed"} in (await premature.json())["blockers"]

    await _assess(system, application["id"], {"manager-supervision": False})
    rejected = await _json(
        await system.client.post(
            url,
            json={
                "outcome": "rejected",
                "reasons": "Arbetsledarerfarenheten är för kort.",
                "conditions_not_met": ["manager-supervision"],
            },
            headers=system.staff,
        ),
        201,
    )
    assert rejected["status"] == "rejected"
    assert rejected["decision"]["authorisation_id"] is None
    cited = rejected["decision"]["letter"]["conditions_not_met"]
    assert [c["code"] for c in cited] == ["manager-supervision"]
    assert cited[0]["title_sv"].startswith("Verksamhetsansvarig har minst två års erfarenhet")
    entry = await _inbox_has(system, provider, "application.rejected")
    assert "avslagen" in entry["title"] and "förvaltningsrätten" in entry["body"]
    assert "Villkor som inte är uppfyllda:\n- Verksamhetsansvarig har minst två års" in entry["body"]
    assert (
        await system.count("application", "authorisations", "application_id = :id", id=application["id"]) == 0
    )


async def test_withdrawal_closes_the_review_item(system: System) -> None:
    provider = await system.register_provider()
    application = await system.submitted_application(provider, "boendestod")
    subject = f"applications/{application['id']}"
    await eventually(lambda: system.work_items(subject), what="the review item")
    withdrawn = await _json(
        await system.client.post(f"/applications/{application['id']}/withdraw", headers=provider.auth), 200
    )
    assert withdrawn["status"] == "withdrawn"

    async def closed() -> list[dict[str, Any]]:
        return [i for i in await system.work_items(subject) if i["status"] == "done"]

    assert len(await eventually(closed, what="the closed item")) == 1
    # Withdrawn, the area is free for a new application.
    await system.start_application(provider, "boendestod")


async def test_one_open_application_per_area_and_none_while_authorised(system: System) -> None:
    provider = await system.register_provider()
    first = await system.start_application(provider, "familjeradgivning")
    second = await system.client.post(
        "/applications", json={"area_code": "familjeradgivning"}, headers=provider.auth
    )
    body = await _json(second, 409)
    assert body["application_id"] == first["id"] and body["current_status"] == "draft"
    # Another area is another matter.
    await system.start_application(provider, "familjebehandling")


async def test_an_incomplete_application_answers_what_is_missing_and_stays_a_draft(system: System) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider, AREA)
    before = await system.count("application", "outbox")
    response = await system.client.post(f"/applications/{application['id']}/submit", headers=provider.auth)
    body = await _json(response, 422)
    assert [m["location"] for m in body["missing"]] == ["answers.goals", "person_in_charge", "attachments"]

    person = qualified_person()
    person["supervision"] = []
    person["swedish"] = None
    await system.client.patch(
        f"/applications/{application['id']}", json={"person_in_charge": person}, headers=provider.auth
    )
    body = await _json(
        await system.client.post(f"/applications/{application['id']}/submit", headers=provider.auth), 422
    )
    assert [m["location"] for m in body["missing"]] == [
        "answers.goals",
        "person_in_charge.supervision",
        "person_in_charge.swedish",
        "attachments",
    ]
    current = await _json(
        await system.client.get(f"/applications/{application['id']}", headers=provider.auth), 200
    )
    assert current["status"] == "draft"
    assert await system.count("application", "outbox") == before


async def test_staff_see_a_short_supervision_flagged_with_the_arithmetic(system: System) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider, AREA)
    person = qualified_person()
    start = today() - timedelta(days=500)
    person["supervision"] = [{"employer": "X AB", "role": "Chef", "start": start.isoformat(), "end": None}]
    await fill_application(system.client, "", provider.auth, application["id"], person)
    await _json(
        await system.client.post(f"/applications/{application['id']}/submit", headers=provider.auth), 200
    )
    seen = await _json(
        await system.client.get(f"/applications/{application['id']}", headers=system.staff), 200
    )
    supervision = next(r for r in seen["precheck"]["requirements"] if r["requirement"] == "supervision")
    assert supervision["outcome"] == "not_met"
    assert any("501" in line and "730" in line for line in supervision["arithmetic"]), supervision[
        "arithmetic"
    ]
    assert seen["precheck"]["outcome"] == "not_met"
    # It never decides alone: the application simply awaits review.
    assert seen["status"] == "submitted"


async def test_a_new_conditions_version_binds_new_applications_and_tells_authorised_providers(
    system: System,
) -> None:
    admin = await system.operator(Kind.ADMIN)
    area = "korttidsvistelse-lss"
    current = await _json(await system.client.get(f"/areas/{area}/conditions"), 200)
    authorised = await system.register_provider("Redan Auktoriserad AB")
    application = await system.submitted_application(authorised, area)
    await _assess(system, application["id"], dict.fromkeys(SHOWN_AT_AUTHORISATION, True))
    await _json(
        await system.client.post(
            f"/applications/{application['id']}/decision",
            json={"outcome": "approved", "reasons": "Uppfyller villkoren."},
            headers=system.staff,
        ),
        201,
    )
    drafting = await system.register_provider("Under Arbete AB")
    draft = await system.start_application(drafting, area)

    conditions = [
        *current["conditions"],
        {
            "code": "complaints-routine",
            "kind": "specific",
            "title_sv": "Rutin för synpunkter och klagomål",
            "title_en": "A routine for comments and complaints",
            "control_points": ["follow_up"],
            "sanctions": ["warning"],
        },
    ]
    published = await _json(
        await system.client.post(
            f"/areas/{area}/conditions",
            json={"note": "Klagomålsrutin", "conditions": conditions},
            headers=admin,
        ),
        201,
    )
    version = current["version"] + 1
    assert published["version"] == version and published["in_force"] is True

    assert (await _json(await system.client.get(f"/areas/{area}"), 200))["conditions_version"] == version
    old = await _json(await system.client.get(f"/areas/{area}/conditions", params={"version": "1"}), 200)
    assert old["in_force"] is False and "complaints-routine" not in {c["code"] for c in old["conditions"]}
    kept = await _json(await system.client.get(f"/applications/{draft['id']}", headers=drafting.auth), 200)
    assert kept["conditions_version"] == current["version"]
    other = await system.register_provider()
    assert (await system.start_application(other, area))["conditions_version"] == version
    entry = await _inbox_has(system, authorised, "authorisation.conditions_changed")
    assert f"version {version}" in entry["title"]
    assert [
        e for e in await _inbox(system, drafting) if e["event_type"] == "authorisation.conditions_changed"
    ] == []

    duplicate = await system.client.post(
        f"/areas/{area}/conditions", json={"conditions": [conditions[0], conditions[0]]}, headers=admin
    )
    assert duplicate.status == 422
    inconsistent = dict(conditions[0], evidence="none")  # shown at authorisation, yet no evidence
    refused = await system.client.post(
        f"/areas/{area}/conditions", json={"conditions": [inconsistent]}, headers=admin
    )
    assert refused.status == 422
