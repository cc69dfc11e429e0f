"""A provider keeps its own organisation's details and API clients, and nobody else's."""

from tests.support.polling import eventually
from tests.support.system import System


async def test_a_provider_reads_and_changes_its_organisation(system: System) -> None:
    provider = await system.register_provider("Före AB")
    me = await (await system.client.get("/providers/me", headers=provider.auth)).json()
    assert me["organisation_number"] == provider.organisation_number

    response = await system.client.patch(
        "/providers/me", json={"name": "Efter AB", "contact_email": "ny@efter.example"}, headers=provider.auth
    )
    assert response.status == 200
    assert (await response.json())["name"] == "Efter AB"

    async def contact_renamed() -> bool:
        return (
            await system.count(
                "notifications",
                "provider_contacts",
                "provider_id = :id AND name = 'Efter AB'",
                id=provider.provider_id,
            )
            == 1
        )

    await eventually(contact_renamed, what="provider.updated to reach the notifications service")


async def test_bad_changes_change_nothing(system: System) -> None:
    provider = await system.register_provider("Orörd AB")
    before = await system.count("application", "outbox")
    for body in (
        {"name": None},
        {"f_tax": "yes"},
        {"contact_email": "nope"},
        {"organisation_number": "556036-0793"},
    ):
        response = await system.client.patch("/providers/me", json=body, headers=provider.auth)
        assert response.status == 422, body
        assert response.headers["Content-Type"].startswith("application/problem+json")
    me = await (await system.client.get("/providers/me", headers=provider.auth)).json()
    assert me["name"] == "Orörd AB"
    assert await system.count("application", "outbox") == before


async def test_the_document_offers_no_null_for_a_change_that_refuses_it(system: System) -> None:
    document = await (await system.client.get("/openapi.json")).json()
    changes = document["components"]["schemas"]["ProviderChanges"]["properties"]
    assert set(changes) == {"name", "f_tax", "contact_email"}
    for name, schema in changes.items():
        assert "anyOf" not in schema and "default" not in schema, name
        assert schema["type"] != "null", name


async def test_a_second_client_rotates_the_first(system: System) -> None:
    provider = await system.register_provider()
    created = await system.client.post(
        "/providers/me/clients", json={"label": "verksamhetssystem"}, headers=provider.auth
    )
    assert created.status == 201
    second = await created.json()
    second_token = await system.token(second["client_id"], second["client_secret"])

    revoked = await system.client.delete(
        f"/providers/me/clients/{provider.client_id}", headers={"Authorization": f"Bearer {second_token}"}
    )
    assert revoked.status == 204
    refused = await system.client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
        },
    )
    assert (await refused.json())["error"] == "invalid_client"

    last = await system.client.delete(
        f"/providers/me/clients/{second['client_id']}", headers={"Authorization": f"Bearer {second_token}"}
    )
    assert last.status == 409


async def test_another_providers_client_cannot_be_revoked(system: System) -> None:
    owner, stranger = await system.register_provider(), await system.register_provider()
    await system.client.post("/providers/me/clients", json={}, headers=owner.auth)
    response = await system.client.delete(f"/providers/me/clients/{owner.client_id}", headers=stranger.auth)
    assert response.status == 404
    assert await system.token(owner.client_id, owner.client_secret)


async def test_staff_have_no_organisation_of_their_own(system: System) -> None:
    assert (await system.client.get("/providers/me", headers=system.staff)).status == 403
