"""Email through a real SMTP server: to a provider's contact address in Swedish, or in English once it
chooses so; to staff who gave an address, for work in their areas only; never for a kind switched off."""

from collections.abc import AsyncIterator
from email.message import EmailMessage
from typing import Any

import pytest_asyncio

from shared.auth.principal import Kind
from tests.support.applications import working_day
from tests.support.mail import Mailbox, system_with_mail
from tests.support.polling import eventually
from tests.support.system import System


@pytest_asyncio.fixture(scope="module")
async def mailed() -> AsyncIterator[tuple[System, Mailbox]]:
    async with system_with_mail() as running:
        yield running


async def _mail(mailbox: Mailbox, address: str, count: int) -> list[EmailMessage]:
    async def arrived() -> list[EmailMessage]:
        # Besides the registration's invitation to be the organisation's first administrator.
        found = [m for m in mailbox.to(address) if "/invitations/" not in m.get_content()]
        return found if len(found) >= count else []

    return await eventually(arrived, what=f"{count} email(s) to {address}")


async def _choose(system: System, headers: dict[str, str], **preferences: Any) -> dict[str, Any]:
    response = await system.client.put("/preferences", json=preferences, headers=headers)
    assert response.status == 200, await response.text()
    body: dict[str, Any] = await response.json()
    return body


async def test_a_provider_is_mailed_in_swedish_then_in_english_once_it_chooses(
    mailed: tuple[System, Mailbox],
) -> None:
    system, mailbox = mailed
    address = "kansli@solrosen.example"
    provider = await system.provider_client(
        await system.register_provider("Solrosen AB", contact_email=address)
    )
    due = working_day(10)

    subject = await system.ask_for_supplement(provider, "hemtjanst", "Bifoga intyg.", due_in_days=10)
    (swedish,) = await _mail(mailbox, address, 1)
    assert swedish["Subject"] == (
        "Komplettera er ansökan om auktorisation (Hemtjänst, ledsagning och avlösning) "
        f"senast {due.isoformat()}"
    )
    text = swedish.get_content()
    # The links lead to the portal's pages, which a person can open (through the login), not to the API.
    portal = f"{system.settings.base_url}/portal"
    assert f"{portal}/cases/{subject}" in text and subject.rsplit("/", 1)[-1] in text
    assert "Bifoga intyg." not in text, "what is asked is behind the link"
    assert f"Välj språk och kanaler: {portal}/organisation/preferences" in text

    chosen = await _choose(system, provider.auth, language="en")
    assert chosen["language"] == "en" and chosen["email_address"] == address and chosen["email_enabled"]
    await system.ask_for_supplement(provider, "boendestod", due_in_days=10)
    english = (await _mail(mailbox, address, 2))[1]
    assert english["Subject"] == (
        "Complete your application for authorisation (Housing support) by "
        f"{due.day} {due.strftime('%B')} {due.year}"
    )
    assert "Choose your language and channels" in english.get_content()


async def test_a_kind_switched_off_is_not_mailed_but_still_in_the_inbox(
    mailed: tuple[System, Mailbox],
) -> None:
    system, mailbox = mailed
    address = "tyst@solrosen.example"
    provider = await system.provider_client(await system.register_provider("Tysta AB", contact_email=address))
    chosen = await _choose(system, provider.auth, channels={"application.supplement_requested": ["inbox"]})
    assert chosen["channels"]["application.supplement_requested"] == ["inbox"]
    assert chosen["channels"]["application.approved"] == ["inbox", "email", "webhook"]

    subject = await system.ask_for_supplement(provider, "hemtjanst")

    async def told() -> bool:
        response = await system.client.get("/notifications", headers=provider.auth)
        return any(e["subject"] == subject for e in (await response.json())["items"])

    await eventually(told, what="the inbox entry")
    invitation = "event_type = 'provider.invitation_issued'"
    assert (
        await system.count("notifications", "deliveries", f"target = :a AND NOT {invitation}", a=address) == 0
    )

    async def invited() -> bool:
        return any("/invitations/" in m.get_content() for m in mailbox.to(address))

    await eventually(invited, what="the registration's invitation")
    assert [m["Subject"] for m in mailbox.to(address)] == ["Inbjudan till Tysta AB i kundvalsportalen"]


async def test_staff_who_gave_an_address_are_mailed_of_work_in_their_areas(
    mailed: tuple[System, Mailbox],
) -> None:
    system, mailbox = mailed
    handler, elsewhere = (
        await system.operator(Kind.STAFF, ["boendestod"]),
        await system.operator(Kind.STAFF, ["hemtjanst"]),
    )
    await _choose(system, handler, email_address="handlaggare@nacka.example")
    await _choose(system, elsewhere, email_address="annan@nacka.example", language="en")
    provider = await system.register_provider("Stödet AB")

    await system.submitted_application(provider, "boendestod")
    (mail,) = await _mail(mailbox, "handlaggare@nacka.example", 1)
    assert mail["Subject"] == "Granska ansökan om auktorisation: Stödet AB (Boendestöd)"
    assert "lämnade in en ansökan" in mail.get_content()
    assert await system.count("notifications", "deliveries", "target = :a", a="annan@nacka.example") == 0
    assert mailbox.to("annan@nacka.example") == []
