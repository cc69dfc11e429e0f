"""What leaves a case, by event, email and webhook, names it by reference and title, never by what was
written into it: a sole trader registers, applies, is approved, reports and is decided on, with distinctive
text in every free-text field the actions take, and nothing on the broker or in any delivery carries that
text nor the sole trader's organisation number (the owner's personal identity number).

Every event type in the catalogue must be published on the way, so a new event type fails here until the
scenario makes it and its fields are checked."""

import json
import random
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import aio_pika
import pytest_asyncio
import sqlalchemy as sa

from services.notifications.actions.escalation import Escalation
from services.notifications.domain.recipients import TELLS_LEADS, TELLS_PROVIDER, TELLS_STAFF
from services.notifications.keys import OUTLETS_KEY
from services.reporting.actions.follow_ups import mark_overdue
from shared.areas import SOCIAL_CARE_AREAS
from shared.auth.principal import Kind
from shared.events.catalogue import EVENT_TYPES
from shared.messaging.topology import Topology
from shared.swedish_ids import LegalForm, legal_form_of, luhn_valid
from tests.e2e.quality.support import jobs_of
from tests.support.applications import document_form, qualified_person, today, working_day
from tests.support.approval import authorisation_conditions
from tests.support.mail import Mailbox, smtp_server
from tests.support.polling import eventually
from tests.support.receiver import Receiver, webhook_receiver
from tests.support.reports import deviation_body
from tests.support.system import Provider, System, start_system, stop_system

# In every text written into a case; never to be found outside it.
SECRET = "qvxz"
# The people named in reported changes of the person in charge: the application service shows them on the
# authorisation, so those two events carry them; no email or webhook may.
NAMED_IN_EVENTS = {"manager_change.reported", "manager_change.approved"}
PERSON = "Namnsson"
STAFF_ADDRESS = "handlaggare@nacka.example"
CONTACT = "anna@enskild.example"


def written(field: str) -> str:
    return f"Fritext {SECRET} {field}"


def sole_trader_number() -> str:
    """A personal identity number, which is what a sole trader's organisation number is."""
    born = date(1950, 1, 1) + timedelta(days=random.randint(0, 365 * 50))
    body = f"{born:%y%m%d}{random.randint(0, 999):03d}"
    check = next(d for d in "0123456789" if luhn_valid(body + d))
    number = f"{body[:6]}-{body[6:]}{check}"
    assert legal_form_of(number) is LegalForm.SOLE_TRADER
    return number


@pytest_asyncio.fixture
async def wired() -> AsyncIterator[tuple[System, Mailbox, Receiver]]:
    with smtp_server() as (mailbox, port):
        async with webhook_receiver() as receiver:
            system = await start_system(
                smtp_host="127.0.0.1",
                smtp_port=port,
                webhook_allow_private_addresses=True,
                webhook_allow_http=True,
                delivery_poll_interval_s=0.1,
                delivery_retry_delays_s=(0.2,),
            )
            try:
                yield system, mailbox, receiver
            finally:
                await stop_system(system)


class Tap:
    """Every message on the system's event exchange, as the broker carries it."""

    def __init__(self) -> None:
        self.messages: list[aio_pika.abc.AbstractIncomingMessage] = []

    async def take(self, message: aio_pika.abc.AbstractIncomingMessage) -> None:
        self.messages.append(message)

    def types(self) -> set[str]:
        return {json.loads(m.body)["type"] for m in self.messages}


@pytest_asyncio.fixture
async def tap(wired: tuple[System, Mailbox, Receiver]) -> AsyncIterator[Tap]:
    system = wired[0]
    connection = await aio_pika.connect(system.settings.amqp_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind(Topology(system.settings.amqp_prefix).events_exchange, routing_key="#")
        tapped = Tap()
        await queue.consume(tapped.take, no_ack=True)
        yield tapped


async def _json(response: Any, status: int) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def test_no_case_text_nor_sole_traders_number_leaves_by_event_email_or_webhook(
    wired: tuple[System, Mailbox, Receiver], tap: Tap
) -> None:
    system, mailbox, receiver = wired
    number = sole_trader_number()
    provider = await _register_sole_trader(system, number)
    await _json(
        await system.client.put("/preferences", json={"email_address": STAFF_ADDRESS}, headers=system.staff),
        200,
    )
    await _json(
        await system.client.post(
            "/webhooks",
            json={"url": receiver.url, "event_types": sorted(TELLS_PROVIDER), "description": written("hook")},
            headers=provider.auth,
        ),
        201,
    )

    authorisation_id = await _applications(system, provider)
    await _authorisation_changes(system, provider, authorisation_id)
    await _reports(system, provider, authorisation_id)
    await _quality_report(system, provider)
    await _new_conditions_and_revocation(system, authorisation_id)
    await _work_taken_and_done(system)
    await _work_escalated(system)
    await _client_rotated(system, provider)

    async def every_type() -> set[str] | None:
        return tap.types() if tap.types() >= EVENT_TYPES else None

    seen = await eventually(every_type, timeout=30, what="every event type of the catalogue on the broker")
    assert seen == EVENT_TYPES
    deliveries = await _delivered(system, mailbox, receiver)

    for message in tap.messages:
        event = json.loads(message.body)
        shown = (message.body.decode() + json.dumps(message.headers or {})).lower()
        assert SECRET not in shown, f"case text in {event['type']}"
        _assert_no_number(shown, number, event["type"])
        assert "orgnumber" not in event and "organisation_number" not in event["data"], event["type"]
        if event["type"] not in NAMED_IN_EVENTS:
            assert PERSON.lower() not in shown, f"a person's name in {event['type']}"
        if event.get("subject"):
            assert event["subject"].rsplit("/", 1)[-1] in map(str, event["data"].values()), "its reference"

    for email in mailbox.messages:
        shown = f"{email['Subject']}\n{email.get_content()}"
        assert SECRET not in shown.lower() and PERSON not in shown, shown
        _assert_no_number(shown, number, email["Subject"])
        assert email["Subject"] and f"{system.settings.base_url}/" in shown, "a title and a link"
    for received in receiver.received:
        body = json.loads(received.body)
        assert SECRET not in received.body.lower() and PERSON not in received.body, received.body
        _assert_no_number(received.body, number, body["type"])
        assert body["title"] and body["link"] == f"{system.settings.base_url}/{body['subject']}"
        assert body["subject"].rsplit("/", 1)[-1] in body["data"].values(), "the case's reference"
    assert len(mailbox.messages) == deliveries["email"] and len(receiver.received) == deliveries["webhook"]


async def _register_sole_trader(system: System, number: str) -> Provider:
    body = await _json(
        await system.client.post(
            "/providers",
            json={
                "organisation_number": number,
                "name": "Anna Omsorg",
                "f_tax": True,
                "contact_email": CONTACT,
            },
        ),
        201,
    )
    token = await system.token(body["client"]["client_id"], body["client"]["client_secret"])
    registered = Provider(body["provider"]["id"], number, body["client"]["client_id"], "", token)
    # Its webhooks, clients and details are an administrator's to manage, who may report too.
    provider = await system.provider_client(registered)
    await _json(await system.client.patch("/providers/me", json={"f_tax": True}, headers=provider.auth), 200)
    return provider


def _assert_no_number(shown: str, number: str, where: str) -> None:
    digits = number.replace("-", "")
    for form in (number, digits, digits[:6] + " " + digits[6:]):
        assert form not in shown, f"the sole trader's number in {where}"


def _person(name: str) -> dict[str, Any]:
    person = qualified_person(name)
    person["education"][0]["title"] = written("education")
    person["practice"][0]["role"] = written("role")
    return person


async def _work_taken_and_done(system: System) -> None:
    """A staff member claims a work item and completes it with a note. Events still arriving may close an
    open item first (a revocation closes its case's items), so another one is taken when that happens."""

    async def taken_and_done() -> bool:
        listed = await system.client.get("/work-items", params={"status": "open"}, headers=system.staff)
        for item in (await _json(listed, 200))["items"]:
            url = f"/work-items/{item['id']}"
            if (await system.client.post(f"{url}/claim", headers=system.staff)).status != 200:
                continue
            note = {"note": written("note")}
            if (await system.client.post(f"{url}/completion", json=note, headers=system.staff)).status == 200:
                return True
        return False

    await eventually(taken_and_done, what="a work item claimed and completed")


async def _work_escalated(system: System) -> None:
    """The work left open is escalated as if its due dates were long past, to the staff member whose email
    is watched here, named every area's lead."""
    leads = {area.code: ["staff-test"] for area in SOCIAL_CARE_AREAS}
    escalation = Escalation(system.runtime("notifications").uow, system.app[OUTLETS_KEY], leads)
    assert await escalation.run(today() + timedelta(days=400)) > 0


async def _client_rotated(system: System, provider: Provider) -> None:
    """The provider adds a client, labelled with case-like text, and revokes it again."""
    added = await _json(
        await system.client.post(
            "/providers/me/clients", json={"label": written("label")[:100]}, headers=provider.auth
        ),
        201,
    )
    revoked = await system.client.delete(f"/providers/me/clients/{added['client_id']}", headers=provider.auth)
    assert revoked.status == 204, await revoked.text()


async def _submitted(system: System, provider: Provider, area: str) -> str:
    application = await system.start_application(provider, area)
    url = f"/applications/{application['id']}"
    await _json(
        await system.client.patch(
            url,
            json={"answers": {"goals": written("answer")}, "person_in_charge": _person(f"{SECRET} Sökande")},
            headers=provider.auth,
        ),
        200,
    )
    await _json(
        await system.client.post(f"{url}/attachments", data=document_form(), headers=provider.auth), 201
    )
    await _json(await system.client.post(f"{url}/submit", headers=provider.auth), 200)
    return str(application["id"])


async def _assess(system: System, application_id: str, area: str, *, met: bool) -> str:
    codes = await authorisation_conditions(system, area)
    verdicts = [
        {"condition_code": code, "met": met or i > 0, "comment": written("assessment")}
        for i, code in enumerate(codes)
    ]
    await _json(
        await system.client.post(
            f"/applications/{application_id}/assessments",
            json={"assessments": verdicts},
            headers=system.staff,
        ),
        200,
    )
    return codes[0]


async def _applications(system: System, provider: Provider) -> str:
    """Submitted, asked to supplement, supplemented and approved in one area; rejected in another; withdrawn
    in a third. Answers the authorisation granted."""
    approved = await _submitted(system, provider, "hemtjanst")
    due = working_day(10).isoformat()
    await _json(
        await system.client.post(
            f"/applications/{approved}/supplement-requests",
            json={"message": written("supplement"), "due_date": due},
            headers=system.staff,
        ),
        201,
    )
    await _json(await system.client.post(f"/applications/{approved}/submit", headers=provider.auth), 200)
    await _assess(system, approved, "hemtjanst", met=True)
    decided = await _json(
        await system.client.post(
            f"/applications/{approved}/decision",
            json={"outcome": "approved", "reasons": written("approval")},
            headers=system.staff,
        ),
        201,
    )

    rejected = await _submitted(system, provider, "boendestod")
    not_met = await _assess(system, rejected, "boendestod", met=False)
    await _json(
        await system.client.post(
            f"/applications/{rejected}/decision",
            json={"outcome": "rejected", "reasons": written("rejection"), "conditions_not_met": [not_met]},
            headers=system.staff,
        ),
        201,
    )

    withdrawn = await _submitted(system, provider, "familjebehandling")
    await _json(await system.client.post(f"/applications/{withdrawn}/withdraw", headers=provider.auth), 200)
    return str(decided["decision"]["authorisation_id"])


async def _authorisation_changes(system: System, provider: Provider, authorisation_id: str) -> None:
    url = f"/authorisations/{authorisation_id}"
    await _json(
        await system.client.put(
            f"{url}/capacity", json={"capacity_ceiling": 30, "current_customers": 12}, headers=provider.auth
        ),
        200,
    )
    # Two warnings: the answer to one's follow-up is accepted, the other's deadline passes (see _reports).
    for _ in range(2):
        await _json(
            await system.client.post(
                f"{url}/warnings",
                json={
                    "condition_code": "goals",
                    "deficiency": written("deficiency"),
                    "remediation_deadline": working_day(1).isoformat(),
                },
                headers=system.staff,
            ),
            201,
        )

    async def copied() -> int:
        return await system.count("reporting", "authorisation_copies", "id = :id", id=authorisation_id)

    await eventually(copied, what="the reporting service's copy of the authorisation")


async def _reports(system: System, provider: Provider, authorisation_id: str) -> None:
    starts_on = (today() + timedelta(days=20)).isoformat()
    for person, decision in (
        (f"Greta {PERSON}", {"outcome": "approved"}),
        (f"Hugo {PERSON}", {"outcome": "rejected", "reasons": written("manager rejection")}),
    ):
        change = await _json(
            await system.client.post(
                "/manager-changes",
                json={
                    "authorisation_id": authorisation_id,
                    "starts_on": starts_on,
                    "person_in_charge": _person(person),
                },
                headers=provider.auth,
            ),
            201,
        )
        await _json(
            await system.client.post(
                f"/manager-changes/{change['id']}/decision", json=decision, headers=system.staff
            ),
            200,
        )
    await _json(
        await system.client.post(
            "/manager-absences",
            json={
                "authorisation_id": authorisation_id,
                "substitute": {"name": written("substitute"), "role": written("substitute role")},
                "starts_on": (today() + timedelta(days=40)).isoformat(),
                "ends_on": (today() + timedelta(days=50)).isoformat(),
                "reason": "sick_leave",
            },
            headers=provider.auth,
        ),
        201,
    )
    # Longer than four weeks: the substitute's competence too, pre-checked, whose outcome the event carries.
    await _json(
        await system.client.post(
            "/manager-absences",
            json={
                "authorisation_id": authorisation_id,
                "substitute": {**_person(written("long substitute")), "role": written("substitute role")},
                "starts_on": (today() + timedelta(days=60)).isoformat(),
                "ends_on": (today() + timedelta(days=120)).isoformat(),
                "reason": "parental_leave",
            },
            headers=provider.auth,
        ),
        201,
    )

    body = deviation_body(
        authorisation_id, description=written("deviation"), immediate_actions=written("actions")
    )
    deviation = await _json(await system.client.post("/deviations", json=body, headers=provider.auth), 201)
    url = f"/deviations/{deviation['id']}"
    await _json(
        await system.client.post(
            f"{url}/acknowledgement", json={"note": written("ack")}, headers=system.staff
        ),
        200,
    )
    await _json(
        await system.client.post(f"{url}/closure", json={"note": written("closure")}, headers=system.staff),
        200,
    )

    due = working_day(1)
    requests = []
    for _ in range(2):
        created = await _json(
            await system.client.post(
                "/follow-up-requests",
                json={
                    "authorisation_id": authorisation_id,
                    "questions": [written("question")],
                    "due_date": due.isoformat(),
                },
                headers=system.staff,
            ),
            201,
        )
        requests.append(created["id"])
    shown = await _json(
        await system.client.get(f"/authorisations/{authorisation_id}", headers=provider.auth), 200
    )
    remedied, unremedied = [w["follow_up_request_id"] for w in shown["warnings"]]

    async def opened() -> bool:
        found = await system.count(
            "reporting", "follow_up_requests", "id IN (:a, :b)", a=remedied, b=unremedied
        )
        return found == 2

    await eventually(opened, what="the warnings' follow-up requests")
    for request_id, verdicts in ((requests[0], ("rejection", "acceptance")), (remedied, ("acceptance",))):
        for verdict in verdicts:
            await _json(
                await system.client.post(
                    f"/follow-up-requests/{request_id}/response",
                    json={"answer": written("answer")},
                    headers=provider.auth,
                ),
                200,
            )
            await _json(
                await system.client.post(
                    f"/follow-up-requests/{request_id}/{verdict}",
                    json={"reasons": written("rejection reasons")} if verdict == "rejection" else None,
                    headers=system.staff,
                ),
                200,
            )
    # The unanswered request is overdue; the unremedied warning's deadline has passed.
    assert await mark_overdue(system.runtime("reporting").uow, due + timedelta(days=1)) == 2


async def _quality_report(system: System, provider: Provider) -> None:
    """The year's round opens, reminds and passes its deadline; the report is sent back, then accepted."""
    year = today().year
    jobs = jobs_of(system)
    await jobs.run_day(date(year + 1, 1, 15))
    await jobs.run_day(date(year + 1, 3, 1))
    await jobs.run_day(date(year + 1, 4, 1))
    (report,) = (await _json(await system.client.get("/quality-reports", headers=provider.auth), 200))[
        "items"
    ]
    url = f"/quality-reports/{report['id']}"
    content = {
        "customers": 12,
        "staff": {"employees": 4, "full_time_equivalents": 3.5, "turnover_percent": 10.0},
        "complaints_received": 1,
        "deviations_received": 1,
        "goals": written("goals"),
        "customer_survey": written("survey"),
        "improvement_work": written("improvement"),
    }
    await _json(await system.client.put(url, json=content, headers=provider.auth), 200)
    await _json(await system.client.post(f"{url}/submit", headers=provider.auth), 200)
    completion = {
        "outcome": "completion_requested",
        "note": written("completion"),
        "due_date": working_day(14).isoformat(),
    }
    await _json(await system.client.post(f"{url}/review", json=completion, headers=system.staff), 200)
    await _json(await system.client.post(f"{url}/submit", headers=provider.auth), 200)
    await _json(
        await system.client.post(f"{url}/review", json={"outcome": "accepted"}, headers=system.staff), 200
    )


async def _new_conditions_and_revocation(system: System, authorisation_id: str) -> None:
    admin = await system.operator(Kind.ADMIN)
    current = await _json(await system.client.get("/areas/hemtjanst/conditions"), 200)
    await _json(
        await system.client.post(
            "/areas/hemtjanst/conditions",
            json={"note": written("conditions note"), "conditions": current["conditions"]},
            headers=admin,
        ),
        201,
    )
    await _json(
        await system.client.post(
            f"/authorisations/{authorisation_id}/revocation",
            json={"reasons": written("revocation"), "conditions_not_met": ["goals"]},
            headers=system.staff,
        ),
        200,
    )


async def _delivered(system: System, mailbox: Mailbox, receiver: Receiver) -> dict[str, int]:
    """Waits until every provider notice went by email and webhook, and every staff notice by email, and
    all of them arrived; answers how many went by each channel."""

    async def done() -> dict[str, int]:
        async with system.runtime("notifications").reads() as session:
            rows = (await session.exec(sa.text("SELECT channel, event_type, status FROM deliveries"))).all()  # type: ignore[call-overload]
        if any(status != "delivered" for _, _, status in rows):
            return {}
        kinds = {(channel, kind) for channel, kind, _ in rows}
        wanted = {("email", k) for k in TELLS_PROVIDER | TELLS_STAFF | TELLS_LEADS} | {
            ("webhook", k) for k in TELLS_PROVIDER
        }
        counts = {channel: sum(1 for c, _, _ in rows if c == channel) for channel in ("email", "webhook")}
        arrived = len(mailbox.messages) == counts["email"] and len(receiver.received) == counts["webhook"]
        return counts if kinds >= wanted and arrived else {}

    return await eventually(done, timeout=60, what="every notice delivered by email and webhook")
