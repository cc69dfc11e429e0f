"""A provider keeps its own organisation's details and API clients, and nobody else's; an administrator
manages them, a reporter reports and a reader reads."""

from typing import Any

from shared.auth.principal import Role
from tests.support.polling import eventually
from tests.support.system import System


async def test_a_provider_reads_and_changes_its_organisation(system: System) -> None:
    provider = await system.register_provider("Före AB")
    me = await (await system.client.get("/providers/me", headers=provider.auth)).json()
    assert me["organisation_number"] == provider.organisation_number

    response = await system.client.patch(
        "/providers/me",
        json={"name": "Efter AB", "contact_email": "ny@efter.example"},
        headers=await system.administrator(provider),
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
    administrator = await system.administrator(provider)
    before = await system.count("application", "outbox")
    for body in (
        {"name": None},
        {"f_tax": "yes"},
        {"contact_email": "nope"},
        {"organisation_number": "556036-0793"},
    ):
        response = await system.client.patch("/providers/me", json=body, headers=administrator)
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


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_second_client_rotates_the_first(system: System) -> None:
    provider = await system.register_provider()
    first = await system.provider_client(provider, Role.ADMINISTRATOR)
    created = await system.client.post(
        "/providers/me/clients",
        json={"label": "verksamhetssystem", "role": "administrator"},
        headers=first.auth,
    )
    assert created.status == 201
    second = await created.json()
    assert second["role"] == "administrator"
    second_token = await system.token(second["client_id"], second["client_secret"])

    revoked = await system.client.delete(
        f"/providers/me/clients/{first.client_id}", headers=_bearer(second_token)
    )
    assert revoked.status == 204
    refused = await system.client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": first.client_id,
            "client_secret": first.client_secret,
        },
    )
    assert (await refused.json())["error"] == "invalid_client"

    registered = f"/providers/me/clients/{provider.client_id}"
    assert (await system.client.delete(registered, headers=_bearer(second_token))).status == 204
    last = await system.client.delete(
        f"/providers/me/clients/{second['client_id']}", headers=_bearer(second_token)
    )
    assert last.status == 409


async def test_another_providers_client_cannot_be_revoked(system: System) -> None:
    owner, stranger = await system.register_provider(), await system.register_provider()
    await system.client.post("/providers/me/clients", json={}, headers=await system.administrator(owner))
    response = await system.client.delete(
        f"/providers/me/clients/{owner.client_id}", headers=await system.administrator(stranger)
    )
    assert response.status == 404
    assert await system.token(owner.client_id, owner.client_secret)


async def test_the_client_registration_answers_reports_but_does_not_manage(system: System) -> None:
    provider = await system.register_provider()
    assert (await system.client.get("/providers/me", headers=provider.auth)).status == 200
    started = await system.client.post(
        "/applications", json={"area_code": "hemtjanst"}, headers=provider.auth
    )
    assert started.status == 201
    for method, path, body in (
        ("PATCH", "/providers/me", {"name": "Kapad AB"}),
        ("POST", "/providers/me/clients", {"role": "administrator"}),
        ("GET", "/providers/me/clients", None),
        ("DELETE", f"/providers/me/clients/{provider.client_id}", None),
    ):
        response = await system.client.request(method, path, json=body, headers=provider.auth)
        assert response.status == 403, (method, path)
        problem = await response.json()
        assert "administrator" in problem["detail"], problem
    me = await (await system.client.get("/providers/me", headers=provider.auth)).json()
    assert me["name"] != "Kapad AB"
    assert await system.token(provider.client_id, provider.client_secret)


async def test_a_reader_reads_and_does_no_reporting_work(system: System) -> None:
    provider = await system.register_provider()
    started = await system.start_application(provider)
    created = await system.client.post(
        "/providers/me/clients", json={"role": "reader"}, headers=await system.administrator(provider)
    )
    reader = _bearer(await system.token(**_credentials(await created.json())))
    assert (await system.client.get(f"/applications/{started['id']}", headers=reader)).status == 200
    for method, path in (("POST", "/applications"), ("POST", f"/applications/{started['id']}/withdraw")):
        response = await system.client.request(method, path, json={"area_code": "boendestod"}, headers=reader)
        assert response.status == 403, (method, path)
    assert await system.count("application", "applications", "provider_id = :p", p=provider.provider_id) == 1


def _credentials(body: dict[str, Any]) -> dict[str, str]:
    return {"client_id": body["client_id"], "secret": body["client_secret"]}


async def test_an_administrator_lists_the_clients_with_their_roles_and_never_a_secret(system: System) -> None:
    provider = await system.register_provider()
    administrator = await system.provider_client(provider)
    added = []
    for body in ({"label": "läsare", "role": "reader"}, {"label": "rapportör"}):
        response = await system.client.post("/providers/me/clients", json=body, headers=administrator.auth)
        assert response.status == 201
        added.append(await response.json())
    assert [client["role"] for client in added] == ["reader", "reporter"]
    revoked = await system.client.delete(
        f"/providers/me/clients/{added[0]['client_id']}", headers=administrator.auth
    )
    assert revoked.status == 204
    # Another organisation's clients are not among them.
    await system.register_provider()

    seen: list[dict[str, Any]] = []
    params: dict[str, str] = {"limit": "1"}
    while True:
        response = await system.client.get("/providers/me/clients", params=params, headers=administrator.auth)
        assert response.status == 200
        page = await response.json()
        assert len(page["items"]) <= 1
        seen += page["items"]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    by_id = {client["client_id"]: client for client in seen}
    assert len(by_id) == len(seen) == 4
    assert {cid: c["role"] for cid, c in by_id.items()} == {
        provider.client_id: "reporter",
        administrator.client_id: "administrator",
        added[0]["client_id"]: "reader",
        added[1]["client_id"]: "reporter",
    }
    assert by_id[added[0]["client_id"]]["revoked_at"] is not None
    assert by_id[added[1]["client_id"]]["revoked_at"] is None
    assert by_id[added[0]["client_id"]]["label"] == "läsare"
    assert all("secret" not in key for client in seen for key in client)


async def test_a_role_that_is_not_an_organisations_is_refused(system: System) -> None:
    provider = await system.register_provider()
    administrator = await system.administrator(provider)
    before = await system.count("application", "api_clients")
    for role in ("staff_admin", "officer", "owner", None):
        response = await system.client.post(
            "/providers/me/clients", json={"role": role}, headers=administrator
        )
        assert response.status == 422, role
    assert await system.count("application", "api_clients") == before


async def test_staff_have_no_organisation_of_their_own(system: System) -> None:
    assert (await system.client.get("/providers/me", headers=system.staff)).status == 403
