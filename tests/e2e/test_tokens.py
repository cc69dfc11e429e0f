"""Only a valid access token of the right kind opens a route; another provider's rows do not exist."""

import base64
import json
import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from shared.auth.keys import SigningKeys
from tests.support.system import Provider, System


def _claims(system: System, provider: Provider, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": system.settings.token_issuer,
        "aud": system.settings.audience,
        "sub": provider.client_id,
        "client_id": provider.client_id,
        "iat": now,
        "exp": now + 300,
        "scope": "provider:read provider:report",
        "kind": "provider",
        "role": "reporter",
        "provider_id": provider.provider_id,
        "org": provider.organisation_number,
        "jti": "t",
    }
    claims.update(changes)
    return claims


def _sign(claims: dict[str, Any], key: RSAKey, kid: str | None = None) -> str:
    header = {"alg": "RS256", "typ": "at+jwt", "kid": kid or key.kid}
    return jwt.encode(header, claims, key)


def _unsigned(claims: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'at+jwt'})}.{part(claims)}."


async def _status(system: System, token: str | None) -> tuple[int, dict[str, Any], str]:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    response = await system.client.get("/applications", headers=headers)
    return response.status, await response.json(), response.headers.get("Content-Type", "")


async def test_a_genuine_token_is_accepted(system: System) -> None:
    provider = await system.register_provider()
    key = SigningKeys.load_or_create(system.settings.keys_dir).current
    status, _, _ = await _status(system, _sign(_claims(system, provider), key))
    assert status == 200


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "expired",
        "wrong_audience",
        "wrong_issuer",
        "wrong_signature",
        "alg_none",
        "id_token_type",
        "garbage",
    ],
)
async def test_bad_tokens_are_refused_with_401(system: System, case: str) -> None:
    provider = await system.register_provider()
    key = SigningKeys.load_or_create(system.settings.keys_dir).current
    stranger = RSAKey.generate_key(2048, private=True)
    tokens: dict[str, str | None] = {
        "missing": None,
        "expired": _sign(_claims(system, provider, exp=int(time.time()) - 120), key),
        "wrong_audience": _sign(_claims(system, provider, aud="some-other-api"), key),
        "wrong_issuer": _sign(_claims(system, provider, iss="https://elsewhere.example"), key),
        # Signed by a stranger who claims our key id.
        "wrong_signature": _sign(_claims(system, provider), stranger, kid=key.kid),
        "alg_none": _unsigned(_claims(system, provider)),
        "id_token_type": jwt.encode(
            {"alg": "RS256", "typ": "JWT", "kid": key.kid}, _claims(system, provider), key
        ),
        "garbage": "not-a-token",
    }
    status, body, content_type = await _status(system, tokens[case])
    assert status == 401
    assert content_type.startswith("application/problem+json")
    assert body["status"] == 401


async def test_the_token_endpoint_refuses_a_wrong_secret(system: System) -> None:
    provider = await system.register_provider()
    response = await system.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": provider.client_id, "client_secret": "wrong"},
    )
    assert response.status == 401
    assert (await response.json())["error"] == "invalid_client"


async def test_the_token_endpoint_accepts_basic_authentication(system: System) -> None:
    provider = await system.register_provider()
    credentials = base64.b64encode(f"{provider.client_id}:{provider.client_secret}".encode()).decode()
    response = await system.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {credentials}"},
    )
    assert response.status == 200
    body = await response.json()
    assert body["token_type"].lower() == "bearer"
    # Registration answers a reporter, whose tokens may read and report and name the role.
    assert body["scope"] == "provider:read provider:report"
    claims = jwt.decode(body["access_token"], SigningKeys.load_or_create(system.settings.keys_dir).current)
    assert claims.claims["role"] == "reporter"


async def test_a_client_asking_for_less_than_its_role_gets_that_and_never_more(system: System) -> None:
    provider = await system.register_provider()

    async def granted(scope: str) -> dict[str, Any]:
        response = await system.client.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": provider.client_id,
                "client_secret": provider.client_secret,
                "scope": scope,
            },
        )
        assert response.status == 200, await response.text()
        body: dict[str, Any] = await response.json()
        return body

    narrowed = await granted("provider:read")
    assert narrowed["scope"] == "provider:read"
    headers = {"Authorization": f"Bearer {narrowed['access_token']}"}
    assert (await system.client.get("/applications", headers=headers)).status == 200
    assert (await system.client.post("/applications", json={}, headers=headers)).status == 403
    # An administrator's scope is not the reporter's to ask for: its token has none of it.
    asked_more = await granted("provider:admin")
    headers = {"Authorization": f"Bearer {asked_more['access_token']}"}
    assert "provider:admin" not in asked_more.get("scope", "")
    assert (await system.client.get("/providers/me/clients", headers=headers)).status == 403


async def test_metadata_and_jwks_describe_the_issuer(system: System) -> None:
    metadata = await (await system.client.get("/.well-known/oauth-authorization-server")).json()
    assert metadata["issuer"] == system.settings.token_issuer
    assert metadata["token_endpoint"].endswith("/oauth/token")
    jwks = await (await system.client.get("/.well-known/jwks.json")).json()
    assert jwks["keys"] and all("d" not in k for k in jwks["keys"])


async def test_a_provider_token_on_a_staff_route_is_forbidden(system: System) -> None:
    provider = await system.register_provider()
    response = await system.client.get("/work-items", headers=provider.auth)
    assert response.status == 403
    assert response.headers["Content-Type"].startswith("application/problem+json")


async def test_another_providers_application_does_not_exist_for_you(system: System) -> None:
    owner, stranger = await system.register_provider(), await system.register_provider()
    application = await system.start_application(owner)
    seen = await system.client.get(f"/applications/{application['id']}", headers=stranger.auth)
    assert seen.status == 404
    submitted = await system.client.post(f"/applications/{application['id']}/submit", headers=stranger.auth)
    assert submitted.status == 404
    still = await system.client.get(f"/applications/{application['id']}", headers=owner.auth)
    assert (await still.json())["status"] == "draft"


async def test_staff_see_any_application(system: System) -> None:
    owner = await system.register_provider()
    application = await system.start_application(owner)
    response = await system.client.get(f"/applications/{application['id']}", headers=system.staff)
    assert response.status == 200


@pytest.mark.parametrize(
    ("case", "body", "content_type"),
    [
        ("multipart_without_boundary", b"grant_type=client_credentials", "multipart/form-data"),
        (
            "multipart",
            b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--x--\r\n",
            "multipart/form-data; boundary=x",
        ),
        ("json", b'{"grant_type": "client_credentials"}', "application/json"),
        ("no_type", b"grant_type=client_credentials", ""),
        (
            "not_utf8",
            b"grant_type=client_credentials&client_id=%ff%fe&client_secret=\xff",
            "application/x-www-form-urlencoded",
        ),
        (
            "nul_in_client_id",
            b"grant_type=client_credentials&client_id=a%00b&client_secret=s",
            "application/x-www-form-urlencoded",
        ),
        (
            "long_client_id",
            b"grant_type=client_credentials&client_secret=s&client_id=" + b"a" * 5000,
            "application/x-www-form-urlencoded",
        ),
    ],
)
async def test_a_token_request_of_any_odd_shape_is_an_oauth_error_not_a_500(
    system: System, case: str, body: bytes, content_type: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = await system.client.post("/oauth/token", data=body, headers=headers)
    assert 400 <= response.status < 500, (case, response.status, await response.text())
    assert (await response.json())["error"] in {"invalid_request", "invalid_client"}, case
    assert response.headers["Cache-Control"] == "no-store"


async def test_a_nul_in_a_basic_client_id_is_an_oauth_error(system: System) -> None:
    credentials = base64.b64encode(b"a\x00b:secret").decode()
    response = await system.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {credentials}"},
    )
    assert response.status == 401, await response.text()
    assert (await response.json())["error"] == "invalid_client"


async def test_an_unknown_client_and_a_wrong_secret_get_the_same_answer(system: System) -> None:
    provider = await system.register_provider()
    answers = []
    for client_id in (provider.client_id, f"no-such-{provider.client_id}"):
        posted = await system.client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": "wrong"},
        )
        credentials = base64.b64encode(f"{client_id}:wrong".encode()).decode()
        basic = await system.client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            headers={"Authorization": f"Basic {credentials}"},
        )
        for response in (posted, basic):
            answers.append((response.status, await response.json(), response.headers.get("WWW-Authenticate")))
    assert all(answer == answers[0] for answer in answers), answers
    assert answers[0][0] == 401 and answers[0][1]["error"] == "invalid_client"
