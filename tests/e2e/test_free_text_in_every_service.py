"""Free text in every service refuses a personal identity number, in any written form, with 422 naming the
field; the number is neither echoed nor logged, and nothing changes. Numbers that only look like one pass.
(The reporting service's deviations, follow-ups and notes: tests/e2e/reporting/test_reporting_input.py.)"""

from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import ClientResponse

from services.application.storage.applications import Application
from shared.auth.principal import Kind
from tests.support.applications import document_form, qualified_person
from tests.support.approval import reportable_authorisation
from tests.support.identity_numbers import assert_not_shown, personal_number, traces, written_forms
from tests.support.logs import assert_never_logged, everything_logged
from tests.support.polling import eventually
from tests.support.system import Provider, System

NUMBER = personal_number("720415", "318")  # born 15 April 1972
COORDINATION = personal_number("720475", "318")  # a samordningsnummer: day 15 + 60
WRITTEN = [*written_forms(NUMBER, "19"), COORDINATION, f"19{COORDINATION}"]

LOOK_ALIKES = " ".join(
    [
        "Underleverantören 556036-0793 (5560360793) informerad",
        "den 2024-01-15 och 20240116;",
        "ring 070-123 45 67 eller 08-123 456 78;",
        "order 1234567890;",
        f"{NUMBER[:-1]}{(int(NUMBER[-1]) + 1) % 10} har fel kontrollsiffra.",
    ]
)


@dataclass
class Author:
    provider: Provider
    authorisation_id: str


@pytest_asyncio.fixture(scope="module")
async def author(system: System) -> Author:
    """A provider with an active authorisation that the reporting service knows, writing as an administrator
    (who may also report): its name and webhooks are free text too."""
    provider = await system.provider_client(await system.register_provider("Fritextens Omsorg AB"))
    return Author(provider, await reportable_authorisation(system, provider))


async def _draft(system: System) -> tuple[str, dict[str, str]]:
    """The path of a new draft application of a new provider, and the provider's headers."""
    provider = await system.register_provider("Utkastets Omsorg AB")
    return f"/applications/{(await system.start_application(provider))['id']}", provider.auth


async def _read(system: System, path: str, headers: dict[str, str]) -> Any:
    response = await system.client.get(path, headers=headers)
    assert response.status == 200, await response.text()
    return await response.json()


async def _refused_naming(response: ClientResponse, location: str, written: str) -> None:
    text = await response.text()
    assert response.status == 422, text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    errors = [(e["location"], e["type"]) for e in (await response.json())["errors"]]
    assert errors == [(location, "personal_identity_number")], written
    assert_not_shown(text, written)


# --- the application service -------------------------------------------------------------------------------


async def test_application_answers_and_names_with_a_number_are_refused_and_change_nothing(
    system: System,
) -> None:
    path, headers = await _draft(system)
    shown = await _read(system, path, headers)
    for written in WRITTEN:
        for body, location in (
            ({"person_in_charge": qualified_person(f"Karin {written} Lund")}, "person_in_charge.name"),
            ({"answers": {"goals": f"Kunden {written} får en plan."}}, "answers.goals"),
        ):
            response = await system.client.patch(path, json=body, headers=headers)
            await _refused_naming(response, location, written)
    assert await _read(system, path, headers) == shown


async def test_application_text_that_only_looks_like_a_number_is_kept(system: System) -> None:
    path, headers = await _draft(system)
    person = qualified_person("Karin Lund")
    person["practice"][0]["role"] = LOOK_ALIKES
    answer = f"{LOOK_ALIKES}\nRad två,\tmed tabb."
    response = await system.client.patch(
        path, json={"answers": {"goals": answer}, "person_in_charge": person}, headers=headers
    )
    assert response.status == 200, await response.text()
    shown = await _read(system, path, headers)
    assert shown["answers"]["goals"] == answer
    assert shown["person_in_charge"]["practice"][0]["role"] == LOOK_ALIKES


async def test_a_name_with_a_line_break_or_nul_is_refused(system: System) -> None:
    path, headers = await _draft(system)
    shown = await _read(system, path, headers)
    for name in ("Karin\nLund", "Karin\x00Lund"):
        body = {"person_in_charge": qualified_person(name)}
        response = await system.client.patch(path, json=body, headers=headers)
        assert response.status == 422, await response.text()
        errors = [(e["location"], e["type"]) for e in (await response.json())["errors"]]
        assert ("person_in_charge.name", "control_character") in errors
    assert await _read(system, path, headers) == shown


async def test_an_answer_keyed_by_a_number_is_refused_without_showing_the_key(system: System) -> None:
    path, headers = await _draft(system)
    shown = await _read(system, path, headers)
    response = await system.client.patch(path, json={"answers": {NUMBER: "Svar."}}, headers=headers)
    await _refused_naming(response, "answers.(withheld).[key]", NUMBER)
    assert await _read(system, path, headers) == shown


async def test_an_application_stored_before_the_rule_still_reads(system: System) -> None:
    path, headers = await _draft(system)
    person = qualified_person(f"Karin {NUMBER}")
    async with system.runtime("application").uow() as uow:
        application = await uow.session.get(Application, path.rsplit("/", 1)[1])
        assert application is not None
        application.person_in_charge = person
        await uow.commit()
    shown = await _read(system, path, headers)
    assert shown["person_in_charge"]["name"] == person["name"]


@pytest.mark.parametrize("written", [NUMBER, f"19{COORDINATION}"])
async def test_an_attachment_named_with_a_number_is_refused(system: System, written: str) -> None:
    path, headers = await _draft(system)
    shown = await _read(system, path, headers)
    form = document_form(filename=f"cv {written}.pdf")
    response = await system.client.post(f"{path}/attachments", data=form, headers=headers)
    await _refused_naming(response, "file.filename", written)
    assert await _read(system, path, headers) == shown


async def test_a_provider_name_with_a_number_is_refused(system: System, author: Author) -> None:
    path = "/providers/me"
    shown = await _read(system, path, author.provider.auth)
    for written in WRITTEN:
        response = await system.client.patch(
            path, json={"name": f"Omsorg {written} AB"}, headers=author.provider.auth
        )
        await _refused_naming(response, "name", written)
    assert await _read(system, path, author.provider.auth) == shown


# --- the reporting service ---------------------------------------------------------------------------------


def _absence(authorisation_id: str, substitute: dict[str, str]) -> dict[str, Any]:
    return {
        "authorisation_id": authorisation_id,
        "substitute": substitute,
        "starts_on": "2032-07-01",
        "ends_on": "2032-07-14",
        "reason": "holiday",
    }


async def test_a_substitute_named_with_a_number_is_refused_and_changes_nothing(
    system: System, author: Author
) -> None:
    listing = f"/manager-absences?authorisation_id={author.authorisation_id}"
    shown = await _read(system, listing, author.provider.auth)
    for written in WRITTEN:
        for substitute, location in (
            ({"name": f"Per {written} Ek"}, "substitute.name"),
            ({"name": "Per Ek", "role": f"Vikarie för {written}"}, "substitute.role"),
        ):
            body = _absence(author.authorisation_id, substitute)
            response = await system.client.post("/manager-absences", json=body, headers=author.provider.auth)
            await _refused_naming(response, location, written)
    assert await _read(system, listing, author.provider.auth) == shown


async def test_a_substitute_role_that_only_looks_like_a_number_is_kept(
    system: System, author: Author
) -> None:
    body = _absence(author.authorisation_id, {"name": "Per Ek", "role": LOOK_ALIKES})
    body["starts_on"], body["ends_on"] = "2033-07-01", "2033-07-02"
    response = await system.client.post("/manager-absences", json=body, headers=author.provider.auth)
    assert response.status == 201, await response.text()
    assert (await response.json())["substitute"]["role"] == LOOK_ALIKES


# --- the notifications service -----------------------------------------------------------------------------


async def test_a_webhook_described_with_a_number_is_refused(system: System, author: Author) -> None:
    shown = await _read(system, "/webhooks", author.provider.auth)
    for written in WRITTEN:
        body = {
            "url": "https://hooks.omsorg.example/in",
            "event_types": ["application.approved"],
            "description": f"Ärenden för {written}",
        }
        response = await system.client.post("/webhooks", json=body, headers=author.provider.auth)
        await _refused_naming(response, "description", written)
    assert await _read(system, "/webhooks", author.provider.auth) == shown


async def test_a_completion_note_with_a_number_is_refused_and_one_without_is_kept(system: System) -> None:
    application = await system.submitted_application(await system.register_provider("Kön AB"))
    subject = f"applications/{application['id']}"
    (item,) = await eventually(lambda: system.work_items(subject), what="the work item")
    staff = await system.operator(Kind.STAFF, ["hemtjanst"])
    path = f"/work-items/{item['id']}"
    assert (await system.client.post(f"{path}/claim", headers=staff)).status == 200
    (claimed,) = await system.work_items(subject, staff)
    for written in WRITTEN:
        response = await system.client.post(
            f"{path}/completion", json={"note": f"Ringde {written}."}, headers=staff
        )
        await _refused_naming(response, "note", written)
    assert await system.work_items(subject, staff) == [claimed]

    note = f"{LOOK_ALIKES}\nKlart."
    done = await system.client.post(f"{path}/completion", json={"note": note}, headers=staff)
    assert done.status == 200, await done.text()
    assert (await done.json())["completion_note"] == note


# --- never logged ------------------------------------------------------------------------------------------


async def test_a_refused_number_is_never_logged_in_any_service(
    system: System, author: Author, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    number = personal_number("411107", "562")  # born 7 November 1941: found nowhere else in the suite
    path, headers = await _draft(system)
    with everything_logged(request, capsys) as logged:
        refused = [
            await system.client.patch(
                path, json={"person_in_charge": qualified_person(f"Karin {number}")}, headers=headers
            ),
            await system.client.post(
                f"{path}/attachments", data=document_form(filename=f"{number}.pdf"), headers=headers
            ),
            await system.client.post(
                "/manager-absences",
                json=_absence(author.authorisation_id, {"name": f"Per {number}"}),
                headers=author.provider.auth,
            ),
            await system.client.post(
                "/webhooks",
                json={
                    "url": "https://hooks.omsorg.example/in",
                    "event_types": ["application.approved"],
                    "description": number,
                },
                headers=author.provider.auth,
            ),
            await system.client.post("/providers", json={"name": number, number: True}),
        ]
        for response in refused:
            assert response.status == 422, await response.text()
            assert_not_shown(await response.text(), number)
    assert_never_logged(logged, traces(number))
