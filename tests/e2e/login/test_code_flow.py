"""A person logs in: the whole authorization-code flow with PKCE through a real OpenID Connect provider, and
each way it must refuse."""

import base64
import json
from dataclasses import replace
from typing import Any

import pytest

from services.application.api.login import secure_cookie
from services.application.keys import LOGIN_KEY
from tests.support.identity_provider import (
    CLI_REDIRECT,
    Browser,
    IdentityProvider,
    new_officer,
    pkce,
    query_of,
)
from tests.support.polling import eventually
from tests.support.system import System


def claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return decoded


async def test_a_person_logs_in_and_calls_the_api_with_the_token(
    login_system: System, upstream: IdentityProvider, browser: Browser
) -> None:
    sub = await new_officer(login_system, upstream, acr="http://id.elegnamnden.se/loa/1.0/loa3")
    code, verifier = await browser.full_login(sub, idp="staff")
    status, tokens = await browser.exchange(code, verifier)
    assert status == 200, tokens
    assert tokens["token_type"].lower() == "bearer" and tokens["refresh_token"]
    claims = claims_of(tokens["access_token"])
    assert claims["name"] == "Eva Handläggare"
    assert claims["sub"] == claims["person_id"] != sub
    assert claims["client_id"] == "kundval-cli" and claims["kind"] == "staff" and claims["role"] == "officer"
    assert claims["acr"] == "http://id.elegnamnden.se/loa/1.0/loa3"
    called = await login_system.client.get(
        "/work-items", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert called.status == 200, await called.text()
    persons = await login_system.count("application", "persons", "id = :id", id=claims["person_id"])
    assert persons == 1


async def test_the_redirect_carries_state_and_issuer(
    login_system: System, upstream: IdentityProvider, browser: Browser
) -> None:
    verifier, challenge = pkce()
    sent = await browser.authorize(challenge, idp="staff", state="mitt-state")
    callback = await browser.log_in_upstream(
        sent.headers["Location"], await new_officer(login_system, upstream)
    )
    back = query_of((await browser.get(callback)).headers["Location"])
    assert back["state"] == "mitt-state" and back["iss"] == login_system.settings.token_issuer
    assert (await browser.exchange(back["code"], verifier))[0] == 200


async def test_the_metadata_names_the_code_grant(login_system: System) -> None:
    metadata = await (await login_system.client.get("/.well-known/oauth-authorization-server")).json()
    assert metadata["authorization_endpoint"].endswith("/oauth/authorize")
    assert {"authorization_code", "refresh_token"} <= set(metadata["grant_types_supported"])
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["response_types_supported"] == ["code"]


async def test_a_callback_with_a_state_we_never_gave_is_refused(
    login_system: System, upstream: IdentityProvider, browser: Browser
) -> None:
    _, challenge = pkce()
    sent = await browser.authorize(challenge, idp="staff")
    callback = await browser.log_in_upstream(
        sent.headers["Location"], await new_officer(login_system, upstream)
    )
    forged = callback.replace(f"state={query_of(callback)['state']}", "state=forged-state")
    refused = await browser.get(forged)
    assert refused.status == 400
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    # The genuine return still works once, and only once.
    assert (await browser.get(callback)).status == 302
    assert (await browser.get(callback)).status == 400


async def test_a_replayed_code_is_refused_and_what_it_gave_is_revoked(
    login_system: System, upstream: IdentityProvider, browser: Browser
) -> None:
    code, verifier = await browser.full_login(await new_officer(login_system, upstream), idp="staff")
    status, tokens = await browser.exchange(code, verifier)
    assert status == 200
    status, replayed = await browser.exchange(code, verifier)
    assert (status, replayed["error"]) == (400, "invalid_grant")
    status, refreshed = await browser.refresh(tokens["refresh_token"])
    assert (status, refreshed["error"]) == (400, "invalid_grant")

    async def access_refused() -> bool:
        response = await login_system.client.get(
            "/work-items", headers={"Authorization": f"Bearer {tokens['access_token']}"}
        )
        return response.status == 401

    await eventually(access_refused, timeout=5)


@pytest.mark.parametrize("verifier", ["wrong", "missing"])
async def test_a_code_without_its_pkce_verifier_gives_nothing(
    login_system: System, upstream: IdentityProvider, browser: Browser, verifier: str
) -> None:
    code, right = await browser.full_login(await new_officer(login_system, upstream), idp="staff")
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CLI_REDIRECT,
        "client_id": "kundval-cli",
    }
    if verifier == "wrong":
        form["code_verifier"] = pkce()[0]
    status, answer = await browser.token(**form)
    assert (status, answer["error"]) == (400, "invalid_grant")
    # A failed attempt spends the code: the right verifier after a wrong one gets nothing either.
    assert (await browser.exchange(code, right))[0] == 400


@pytest.mark.parametrize(
    "params",
    [
        {"code_challenge_method": "plain"},
        {"code_challenge": ""},
        {"response_type": "token"},
        {"idp": "bank"},
    ],
)
async def test_an_authorization_request_without_s256_pkce_is_sent_back_with_an_error(
    browser: Browser, params: dict[str, str]
) -> None:
    _, challenge = pkce()
    sent = await browser.authorize(challenge, **params)
    assert sent.status == 302
    back = query_of(sent.headers["Location"])
    assert sent.headers["Location"].startswith(CLI_REDIRECT)
    assert (
        back["error"] in {"invalid_request", "unsupported_response_type"} and back["state"] == "client-state"
    )


@pytest.mark.parametrize(
    "params", [{"client_id": "unknown-client"}, {"redirect_uri": "https://attacker.example/callback"}]
)
async def test_an_unknown_client_or_redirect_uri_is_never_redirected_to(
    browser: Browser, params: dict[str, str]
) -> None:
    _, challenge = pkce()
    sent = await browser.authorize(challenge, **params)
    assert sent.status == 400 and "Location" not in sent.headers
    assert sent.headers["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"nonce": "another-nonce"}, id="wrong-nonce"),
        pytest.param({"exp": 1_000_000_000}, id="expired"),
        pytest.param({"aud": "someone-else"}, id="wrong-audience"),
    ],
)
async def test_an_id_token_that_fails_verification_logs_nobody_in(
    login_system: System, upstream: IdentityProvider, browser: Browser, claims: dict[str, Any]
) -> None:
    sub = await new_officer(login_system, upstream, **claims)
    _, challenge = pkce()
    sent = await browser.authorize(challenge, idp="staff")
    back = await browser.get(await browser.log_in_upstream(sent.headers["Location"], sub))
    answer = query_of(back.headers["Location"])
    assert answer["error"] == "access_denied" and "code" not in answer
    assert "kundval_signin" not in {cookie.key for cookie in browser.session.cookie_jar}
    assert await signed_in(login_system, sub) == 0


async def signed_in(system: System, sub: str) -> int:
    """How many sign-in sessions the person of the upstream subject `sub` has begun."""
    sessions = "signin_sessions s JOIN persons p ON p.id = s.person_id"
    return await system.count("application", sessions, "p.subject = :sub", sub=sub)


async def test_the_sign_in_cookie_is_http_only_and_lax_and_secure_beyond_a_developers_machine(
    login_system: System, upstream: IdentityProvider, browser: Browser
) -> None:
    sub = await new_officer(login_system, upstream)
    _, challenge = pkce()
    sent = await browser.authorize(challenge, idp="staff")
    back = await browser.get(await browser.log_in_upstream(sent.headers["Location"], sub))
    cookie = back.cookies["kundval_signin"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    # Served over plain http on a loopback address here, where a Secure cookie would never come back.
    assert not cookie["secure"]
    for base_url, secure in (("https://kundval.kommun.example", True), ("http://127.0.0.1:8080", False)):
        settings = login_system.settings.model_copy(update={"public_base_url": base_url})
        assert secure_cookie(replace(login_system.app[LOGIN_KEY], settings=settings)) is secure
