"""Staff approve a registration, or release a disputed one: its API clients revoked, its people removed,
its pending invitations revoked, and a fresh administrator invitation sent to the new contact."""

import secrets
from functools import partial

import pytest
from sqlmodel import select

from services.application.domain.people import InvitationUnusable, NoStanding
from shared.audit import AuditEntry
from shared.auth.principal import Kind, Role
from tests.e2e.people.support import invitation_mail
from tests.support.mail import Mailbox
from tests.support.people import accept, add_person, invitation_token, login, person_token
from tests.support.polling import eventually
from tests.support.system import System


def _address() -> str:
    return f"{secrets.token_hex(5)}@kontakt.example"


async def _refused(system: System, path: str, headers: dict[str, str]) -> bool:
    return (await system.client.get(path, headers=headers)).status == 401


async def test_staff_admin_approves_a_registration(mailed: tuple[System, Mailbox]) -> None:
    system, _ = mailed
    provider = await system.register_provider()
    own = await (await system.client.get("/providers/me", headers=provider.auth)).json()
    assert own["registration_status"] == "pending"
    officer = await system.operator(Kind.STAFF, ["hemtjanst"])
    path = f"/providers/{provider.provider_id}/approval"
    assert (await system.client.post(path, headers=officer)).status == 403
    admin = await system.operator(Kind.ADMIN)
    approved = await system.client.post(path, headers=admin)
    assert approved.status == 200, await approved.text()
    assert await approved.json() == {"provider_id": provider.provider_id, "registration_status": "approved"}
    own = await (await system.client.get("/providers/me", headers=provider.auth)).json()
    assert own["registration_status"] == "approved"
    assert (
        await system.client.post("/providers/00000000-0000-0000-0000-000000000000/approval", headers=admin)
    ).status == 404


async def test_a_released_registration_goes_to_its_new_contact_alone(mailed: tuple[System, Mailbox]) -> None:
    system, mailbox = mailed
    claimant = _address()
    provider = await system.register_provider("Omstridda AB", contact_email=claimant)
    stale_link = invitation_token(await invitation_mail(mailbox, claimant))
    member, member_auth = await person_token(system, provider.provider_id, Role.ADMINISTRATOR)
    assert (await system.client.get("/people/me", headers=member_auth)).status == 200

    rightful = _address()
    admin = await system.operator(Kind.ADMIN)
    reason = "Registrerad av en tidigare anställd utan firmateckningsrätt."
    released = await system.client.post(
        f"/providers/{provider.provider_id}/release",
        json={"contact_email": rightful, "reason": reason},
        headers=admin,
    )
    assert released.status == 200, await released.text()
    assert (await released.json())["registration_status"] == "released"

    # The API client and the member are refused; the member holds nothing any more.
    await eventually(
        partial(_refused, system, "/providers/me", provider.auth), timeout=5, what="client refused"
    )
    await eventually(partial(_refused, system, "/people/me", member_auth), timeout=5, what="member refused")
    retried = await system.client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
        },
    )
    assert retried.status in (400, 401)
    with pytest.raises(NoStanding):
        await login(system, member)
    # The claimant's link no longer works; the new contact's does, for the first administrator.
    assert (await system.client.get(f"/invitations/{stale_link}")).status == 410
    with pytest.raises(InvitationUnusable):
        await accept(system, stale_link, await add_person(system))
    fresh = await invitation_mail(mailbox, rightful)
    assert "Omstridda AB" in fresh["Subject"]
    rightful_person = await add_person(system, name="Rätta Företrädaren")
    membership = await accept(system, invitation_token(fresh), rightful_person)
    assert membership.role == "administrator"

    async with system.runtime("application").reads() as session:
        entries = (
            await session.exec(
                select(AuditEntry).where(
                    AuditEntry.entity == "provider",
                    AuditEntry.entity_id == provider.provider_id,
                    AuditEntry.action == "registration_released",
                )
            )
        ).all()
    (entry,) = entries
    assert (
        entry.details["reason"] == reason and entry.details["clients"] == 1 and entry.details["people"] == 1
    )
    assert entry.actor_kind == "admin"
    contact = await system.count(
        "application", "providers", "id = :id AND contact_email = :e", id=provider.provider_id, e=rightful
    )
    assert contact == 1


async def test_a_release_reason_is_free_text_under_the_guard(mailed: tuple[System, Mailbox]) -> None:
    system, _ = mailed
    provider = await system.register_provider()
    admin = await system.operator(Kind.ADMIN)
    refused = await system.client.post(
        f"/providers/{provider.provider_id}/release",
        json={"contact_email": _address(), "reason": "Anmäld av 19811218-9876."},
        headers=admin,
    )
    assert refused.status == 422 and "19811218" not in await refused.text()
    assert (await system.client.get("/providers/me", headers=provider.auth)).status == 200
    unknown = await system.client.post(
        "/providers/00000000-0000-0000-0000-000000000000/release",
        json={"contact_email": _address(), "reason": "Tvist."},
        headers=admin,
    )
    assert unknown.status == 404
