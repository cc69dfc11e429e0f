"""Invitations: the registration's contact is invited to be the first administrator, administrators invite
colleagues; a link is looked at without being used, works once, and not once expired or revoked."""

import secrets
from datetime import timedelta

import pytest
from sqlmodel import select

from services.application.domain.people import InvitationUnknown, InvitationUnusable
from services.application.storage.invitations import Invitation
from shared.auth.principal import Role
from shared.clock import now_utc
from tests.e2e.people.support import invitation_mail
from tests.support.mail import Mailbox
from tests.support.people import accept, add_person, invitation_token, login, person_token
from tests.support.system import System


def _address() -> str:
    return f"{secrets.token_hex(5)}@inbjuden.example"


async def test_a_registration_emails_its_contact_an_administrator_invitation_used_once(
    mailed: tuple[System, Mailbox],
) -> None:
    system, mailbox = mailed
    contact = _address()
    provider = await system.register_provider("Lindens Omsorg AB", contact_email=contact)
    mail = await invitation_mail(mailbox, contact)
    assert "Lindens Omsorg AB" in mail["Subject"] and "administratör" in mail.get_content()
    token = invitation_token(mail)
    # The link opens the portal's page of the invitation, where the person logs in to accept it.
    assert f"{system.settings.base_url}/portal/invitations/{token}" in mail.get_content()

    for _ in range(2):  # looking uses nothing up
        shown = await system.client.get(f"/invitations/{token}")
        assert shown.status == 200, await shown.text()
        body = await shown.json()
        assert body["organisation"] == "Lindens Omsorg AB" and body["role"] == "administrator"
        assert body["usable"] is True and shown.headers["Cache-Control"] == "no-store"
        assert "ETag" not in shown.headers, "a link holding a secret is no shared cache's to keep"

    first = await add_person(system, name="Första Administratören")
    membership = await accept(system, token, first)
    assert membership.provider_id == provider.provider_id and membership.role == "administrator"
    me = await system.client.get("/people/me", headers=await login(system, first))
    assert me.status == 200, await me.text()
    assert (await me.json())["memberships"] == [
        {"provider_id": provider.provider_id, "organisation": "Lindens Omsorg AB", "role": "administrator"}
    ]

    second = await add_person(system, name="Någon Annan")
    with pytest.raises(InvitationUnusable):
        await accept(system, token, second)
    with pytest.raises(InvitationUnusable):
        await accept(system, token, first)
    gone = await system.client.get(f"/invitations/{token}")
    assert gone.status == 410 and gone.content_type == "application/problem+json"
    assert await system.count("application", "memberships", "person_id = :p", p=second.id) == 0


async def test_the_token_is_kept_only_as_its_hash(mailed: tuple[System, Mailbox]) -> None:
    system, mailbox = mailed
    contact = _address()
    await system.register_provider(contact_email=contact)
    token = invitation_token(await invitation_mail(mailbox, contact))
    async with system.runtime("application").reads() as session:
        (invitation,) = (await session.exec(select(Invitation).where(Invitation.email == contact))).all()
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert await system.count("application", "invitations", "token_hash = :t", t=token) == 0


async def test_an_administrator_invites_a_colleague_with_a_role(mailed: tuple[System, Mailbox]) -> None:
    system, mailbox = mailed
    provider = await system.register_provider("Björkens Vård AB", contact_email=_address())
    _, admin = await person_token(system, provider.provider_id, Role.ADMINISTRATOR)
    colleague = _address()
    response = await system.client.post(
        "/providers/me/invitations", json={"email": colleague, "role": "reporter"}, headers=admin
    )
    assert response.status == 201, await response.text()
    issued = await response.json()
    assert issued["status"] == "pending" and issued["role"] == "reporter" and issued["email"] == colleague

    person = await add_person(system, name="Kollegan")
    await accept(system, invitation_token(await invitation_mail(mailbox, colleague)), person)
    people = await system.client.get("/providers/me/people", headers=admin)
    assert people.status == 200
    roles = {p["name"]: p["role"] for p in (await people.json())["items"]}
    assert roles == {"Karin Lund": "administrator", "Kollegan": "reporter"}
    listed = await system.client.get("/providers/me/invitations", params={"limit": "1"}, headers=admin)
    page = await listed.json()
    assert [i["id"] for i in page["items"]] == [issued["id"]] and page["items"][0]["status"] == "used"
    assert page["next_cursor"]  # the registration's invitation is on the next page


async def test_an_invitation_to_a_member_keeps_the_stronger_role(mailed: tuple[System, Mailbox]) -> None:
    system, mailbox = mailed
    provider = await system.register_provider(contact_email=_address())
    admin_person, admin = await person_token(system, provider.provider_id, Role.ADMINISTRATOR)
    address = _address()
    response = await system.client.post(
        "/providers/me/invitations", json={"email": address, "role": "reader"}, headers=admin
    )
    assert response.status == 201
    membership = await accept(system, invitation_token(await invitation_mail(mailbox, address)), admin_person)
    assert membership.role == "administrator"


async def test_an_expired_invitation_is_refused(mailed: tuple[System, Mailbox]) -> None:
    system, mailbox = mailed
    contact = _address()
    await system.register_provider(contact_email=contact)
    token = invitation_token(await invitation_mail(mailbox, contact))
    async with system.runtime("application").uow().acting_as("test") as uow:
        (invitation,) = (await uow.session.exec(select(Invitation).where(Invitation.email == contact))).all()
        invitation.expires_at = now_utc() - timedelta(seconds=1)
        uow.session.add(invitation)
        await uow.commit()
    gone = await system.client.get(f"/invitations/{token}")
    assert gone.status == 410 and "expired" in (await gone.json())["detail"]
    with pytest.raises(InvitationUnusable):
        await accept(system, token, await add_person(system))


async def test_a_revoked_invitation_is_refused(mailed: tuple[System, Mailbox]) -> None:
    system, mailbox = mailed
    provider = await system.register_provider(contact_email=_address())
    _, admin = await person_token(system, provider.provider_id, Role.ADMINISTRATOR)
    address = _address()
    issued = await (
        await system.client.post(
            "/providers/me/invitations", json={"email": address, "role": "reader"}, headers=admin
        )
    ).json()
    token = invitation_token(await invitation_mail(mailbox, address))
    revoked = await system.client.delete(f"/providers/me/invitations/{issued['id']}", headers=admin)
    assert revoked.status == 204
    again = await system.client.delete(f"/providers/me/invitations/{issued['id']}", headers=admin)
    assert again.status == 409 and again.content_type == "application/problem+json"
    assert (await system.client.get(f"/invitations/{token}")).status == 410
    with pytest.raises(InvitationUnusable):
        await accept(system, token, await add_person(system))


async def test_an_unknown_link_is_not_found(mailed: tuple[System, Mailbox]) -> None:
    system, _ = mailed
    response = await system.client.get(f"/invitations/{secrets.token_urlsafe(32)}")
    assert response.status == 404 and response.content_type == "application/problem+json"
    with pytest.raises(InvitationUnknown):
        await accept(system, secrets.token_urlsafe(32), await add_person(system))


async def test_only_an_administrator_invites_and_only_its_own_organisation_s_invitations(
    mailed: tuple[System, Mailbox],
) -> None:
    system, _ = mailed
    provider, other = await system.register_provider(), await system.register_provider()
    _, reader = await person_token(system, provider.provider_id, Role.READER)
    refused = await system.client.post(
        "/providers/me/invitations", json={"email": _address(), "role": "reader"}, headers=reader
    )
    assert refused.status == 403
    _, admin = await person_token(system, provider.provider_id, Role.ADMINISTRATOR)
    _, elsewhere = await person_token(system, other.provider_id, Role.ADMINISTRATOR)
    issued = await (
        await system.client.post(
            "/providers/me/invitations", json={"email": _address(), "role": "reader"}, headers=admin
        )
    ).json()
    foreign = await system.client.delete(f"/providers/me/invitations/{issued['id']}", headers=elsewhere)
    assert foreign.status == 404
    theirs = await (await system.client.get("/providers/me/invitations", headers=elsewhere)).json()
    assert issued["id"] not in {i["id"] for i in theirs["items"]}


async def test_an_invitation_with_a_bad_role_or_address_is_refused(mailed: tuple[System, Mailbox]) -> None:
    system, _ = mailed
    provider = await system.register_provider()
    _, admin = await person_token(system, provider.provider_id, Role.ADMINISTRATOR)
    for body in ({"email": _address(), "role": "officer"}, {"email": "not an address", "role": "reader"}):
        response = await system.client.post("/providers/me/invitations", json=body, headers=admin)
        assert response.status == 422 and response.content_type == "application/problem+json"
