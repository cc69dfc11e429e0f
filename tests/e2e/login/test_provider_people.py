"""A provider organisation's people log in through e-ID: the first time with their invitation, which makes
them a member with its role; then as that member, until the role is taken away."""

import pytest
import sqlalchemy as sa

from shared.auth.principal import Role
from tests.e2e.login.test_code_flow import claims_of
from tests.support.identity_provider import Browser, IdentityProvider, pkce, query_of
from tests.support.people import pending_invitation
from tests.support.polling import eventually
from tests.support.system import System


def bearer(tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def test_the_invited_contact_becomes_the_organisations_administrator(
    login_system: System, upstream: IdentityProvider, browser: Browser
) -> None:
    provider = await login_system.register_provider()
    _, invitation = await pending_invitation(login_system, provider.provider_id, Role.ADMINISTRATOR)
    upstream.put_user("karin-e-id", {"name": "Karin Lund", "email": "karin@omsorg.example"})
    code, verifier = await browser.full_login("karin-e-id", invitation=invitation)
    status, tokens = await browser.exchange(code, verifier)
    assert status == 200, tokens
    claims = claims_of(tokens["access_token"])
    assert (claims["kind"], claims["role"], claims["provider_id"]) == (
        "provider",
        "administrator",
        provider.provider_id,
    )
    assert set(claims["scope"].split()) == {"provider:read", "provider:report", "provider:admin"}
    people = await login_system.client.get("/providers/me/people", headers=bearer(tokens))
    assert people.status == 200, await people.text()
    assert [p["name"] for p in (await people.json())["items"]] == ["Karin Lund"]
    # The administrator may now add an API client: what the registration's reporter client may not.
    added = await login_system.client.post(
        "/providers/me/clients", json={"label": "system", "role": "reporter"}, headers=bearer(tokens)
    )
    assert added.status == 201, await added.text()
    # The next login needs no invitation.
    code, verifier = await browser.full_login("karin-e-id", prompt="login")
    status, again = await browser.exchange(code, verifier)
    assert status == 200 and claims_of(again["access_token"])["role"] == "administrator"


@pytest.mark.parametrize("spoiled", ["used", "expired"])
async def test_an_invitation_used_already_or_expired_lets_nobody_in(
    login_system: System, upstream: IdentityProvider, browser: Browser, spoiled: str
) -> None:
    provider = await login_system.register_provider()
    invitation_id, invitation = await pending_invitation(login_system, provider.provider_id, Role.READER)
    upstream.put_user("first-person", {"name": "Första Person"})
    upstream.put_user("second-person", {"name": "Andra Person"})
    if spoiled == "used":
        code, verifier = await browser.full_login("first-person", invitation=invitation)
        assert (await browser.exchange(code, verifier))[0] == 200
        browser = Browser(login_system.settings.base_url)
    else:
        async with login_system.runtime("application").uow() as uow:
            await uow.session.exec(  # type: ignore[call-overload]
                sa.text("UPDATE invitations SET expires_at = created_at WHERE id = :id"),
                params={"id": invitation_id},
            )
            await uow.commit()
    try:
        _, challenge = pkce()
        sent = await browser.authorize(challenge, invitation=invitation)
        back = await browser.get(await browser.log_in_upstream(sent.headers["Location"], "second-person"))
        answer = query_of(back.headers["Location"])
        assert answer["error"] == "access_denied" and "code" not in answer
    finally:
        await browser.close()


async def test_a_person_with_no_organisation_gets_no_code(
    login_system: System, upstream: IdentityProvider, browser: Browser
) -> None:
    upstream.put_user("nobodys-person", {"name": "Ingen Organisation"})
    _, challenge = pkce()
    sent = await browser.authorize(challenge)
    back = await browser.get(await browser.log_in_upstream(sent.headers["Location"], "nobodys-person"))
    assert query_of(back.headers["Location"])["error"] == "access_denied"


async def test_a_member_removed_is_refused_at_the_next_refresh_and_at_once_by_every_service(
    login_system: System, upstream: IdentityProvider, browser: Browser
) -> None:
    provider = await login_system.register_provider()
    _, first = await pending_invitation(login_system, provider.provider_id, Role.ADMINISTRATOR)
    _, second = await pending_invitation(
        login_system, provider.provider_id, Role.REPORTER, "b@omsorg.example"
    )
    upstream.put_user("admin-person", {"name": "Admin Person"})
    upstream.put_user("reporter-person", {"name": "Rapportör Person"})
    code, verifier = await browser.full_login("admin-person", invitation=first)
    admin = (await browser.exchange(code, verifier))[1]
    other = Browser(login_system.settings.base_url)
    try:
        code, verifier = await other.full_login("reporter-person", invitation=second)
        reporter = (await other.exchange(code, verifier))[1]
        person = claims_of(reporter["access_token"])["person_id"]
        removed = await login_system.client.delete(f"/providers/me/people/{person}", headers=bearer(admin))
        assert removed.status == 204, await removed.text()

        async def refused() -> bool:
            reads = [
                await login_system.client.get(path, headers=bearer(reporter))
                for path in ("/applications", "/deviations", "/notifications")
            ]
            return all(read.status == 401 for read in reads)

        await eventually(refused, timeout=5)
        status, answer = await other.refresh(reporter["refresh_token"])
        assert (status, answer["error"]) == (400, "invalid_grant")
    finally:
        await other.close()
