"""After the code: refresh tokens that rotate, a sign-in session that spares a second upstream login until it
ends or expires, and logout."""

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest_asyncio
import sqlalchemy as sa
from aiohttp.test_utils import unused_port

from shared.clock import now_utc
from shared.settings import Upstream
from tests.e2e.login.test_code_flow import claims_of, signed_in
from tests.support.identity_provider import (
    CLI_REDIRECT,
    Browser,
    IdentityProvider,
    KeySwappingProxy,
    new_officer,
    pkce,
    query_of,
)
from tests.support.polling import eventually
from tests.support.system import System, start_system, stop_system


async def logged_in(system: System, browser: Browser, upstream: IdentityProvider) -> dict[str, Any]:
    code, verifier = await browser.full_login(await new_officer(system, upstream), idp="staff")
    status, tokens = await browser.exchange(code, verifier)
    assert status == 200, tokens
    return tokens


async def test_a_refresh_token_is_replaced_at_each_use(
    login_system: System, browser: Browser, upstream: IdentityProvider
) -> None:
    first = await logged_in(login_system, browser, upstream)
    status, second = await browser.refresh(first["refresh_token"])
    assert status == 200, second
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    status, third = await browser.refresh(second["refresh_token"])
    assert status == 200, third


async def test_a_reused_refresh_token_ends_its_whole_login(
    login_system: System, browser: Browser, upstream: IdentityProvider
) -> None:
    first = await logged_in(login_system, browser, upstream)
    status, second = await browser.refresh(first["refresh_token"])
    assert status == 200
    status, reused = await browser.refresh(first["refresh_token"])
    assert (status, reused["error"]) == (400, "invalid_grant")
    # The thief and the rightful holder cannot be told apart: the newer token is revoked too, and so is
    # every access token of the login, in every service.
    status, after = await browser.refresh(second["refresh_token"])
    assert (status, after["error"]) == (400, "invalid_grant")

    async def refused(path: str) -> bool:
        response = await login_system.client.get(
            path, headers={"Authorization": f"Bearer {second['access_token']}"}
        )
        return response.status == 401

    await eventually(lambda: refused("/work-items"), timeout=5)
    await eventually(lambda: refused("/applications"), timeout=5)


async def test_a_refresh_token_of_another_client_or_none_at_all_gives_nothing(
    login_system: System, browser: Browser, upstream: IdentityProvider
) -> None:
    tokens = await logged_in(login_system, browser, upstream)
    status, answer = await browser.token(
        grant_type="refresh_token", refresh_token=tokens["refresh_token"], client_id="another-client"
    )
    assert (status, answer["error"]) == (401, "invalid_client")
    status, answer = await browser.refresh("not-a-refresh-token")
    assert (status, answer["error"]) == (400, "invalid_grant")


async def test_within_a_sign_in_session_a_second_login_skips_the_identity_provider(
    login_system: System, browser: Browser, upstream: IdentityProvider
) -> None:
    await logged_in(login_system, browser, upstream)
    verifier, challenge = pkce()
    again = await browser.authorize(challenge, idp="staff")
    assert again.headers["Location"].startswith(CLI_REDIRECT)
    status, _ = await browser.exchange(query_of(again.headers["Location"])["code"], verifier)
    assert status == 200
    # The session is the staff provider's: a provider person's login still goes to its own provider.
    other = await browser.authorize(challenge, idp="provider")
    assert other.headers["Location"].startswith(upstream.issuer)


async def test_prompt_login_goes_to_the_identity_provider_anyway(
    login_system: System, browser: Browser, upstream: IdentityProvider
) -> None:
    await logged_in(login_system, browser, upstream)
    _, challenge = pkce()
    again = await browser.authorize(challenge, idp="staff", prompt="login")
    assert again.headers["Location"].startswith(upstream.issuer)


async def test_logout_ends_the_sign_in_session_and_the_upstream_one(
    login_system: System, browser: Browser, upstream: IdentityProvider
) -> None:
    await logged_in(login_system, browser, upstream)
    async with browser.session.post(f"{browser.base_url}/logout", allow_redirects=False) as ended:
        assert ended.status == 303
        assert ended.headers["Location"].startswith(f"{upstream.issuer}/oauth2/end_session")
        assert "kundval_signin" not in {cookie.key for cookie in browser.session.cookie_jar}
    _, challenge = pkce()
    again = await browser.authorize(challenge, idp="staff")
    assert again.headers["Location"].startswith(upstream.issuer)


async def test_a_stolen_session_cookie_is_worthless_after_logout(
    login_system: System, browser: Browser, upstream: IdentityProvider
) -> None:
    await logged_in(login_system, browser, upstream)
    (stolen,) = [c.value for c in browser.session.cookie_jar if c.key == "kundval_signin"]
    async with browser.session.post(f"{browser.base_url}/logout", allow_redirects=False):
        pass
    thief = Browser(browser.base_url)
    try:
        thief.session.cookie_jar.update_cookies({"kundval_signin": stolen})
        _, challenge = pkce()
        tried = await thief.authorize(challenge, idp="staff")
        assert tried.headers["Location"].startswith(upstream.issuer)
    finally:
        await thief.close()


async def test_an_expired_sign_in_session_sends_the_person_to_log_in_again(
    login_system: System, browser: Browser, upstream: IdentityProvider
) -> None:
    tokens = await logged_in(login_system, browser, upstream)
    # The session's lifetime passes: its end is moved to its beginning.
    async with login_system.runtime("application").uow() as uow:
        await uow.session.exec(  # type: ignore[call-overload]
            sa.text("UPDATE signin_sessions SET expires_at = created_at WHERE person_id = :p"),
            params={"p": claims_of(tokens["access_token"])["person_id"]},
        )
        await uow.commit()
    _, challenge = pkce()
    again = await browser.authorize(challenge, idp="staff")
    assert again.headers["Location"].startswith(upstream.issuer)


@pytest_asyncio.fixture(scope="module")
async def impostor(upstream: IdentityProvider) -> AsyncIterator[tuple[System, IdentityProvider]]:
    proxy = KeySwappingProxy(upstream)
    seen = await proxy.start()
    running = await start_system(staff_login=seen.upstream("kundval-staff"))
    yield running, seen
    await stop_system(running)
    await proxy.stop()


async def test_an_id_token_signed_by_another_key_logs_nobody_in(
    impostor: tuple[System, IdentityProvider], upstream: IdentityProvider
) -> None:
    system, seen = impostor
    browser = Browser(system.settings.base_url)
    try:
        sub = await new_officer(system, upstream)
        _, challenge = pkce()
        sent = await browser.authorize(challenge, idp="staff")
        assert sent.headers["Location"].startswith(seen.issuer)
        back = await browser.get(await browser.log_in_upstream(sent.headers["Location"], sub))
        answer = query_of(back.headers["Location"])
        assert answer["error"] == "access_denied" and "code" not in answer
        assert await signed_in(system, sub) == 0
    finally:
        await browser.close()


async def test_what_a_login_leaves_is_swept_a_day_after_it_expires(
    login_system: System, browser: Browser, upstream: IdentityProvider
) -> None:
    tokens = await logged_in(login_system, browser, upstream)
    person = claims_of(tokens["access_token"])["person_id"]
    tables = ("signin_sessions", "authorization_codes", "refresh_tokens")
    async with login_system.runtime("application").uow() as uow:
        for table in tables:
            await uow.session.exec(  # type: ignore[call-overload]
                sa.text(f"UPDATE {table} SET expires_at = :gone WHERE person_id = :p"),
                params={"gone": now_utc() - timedelta(days=1, minutes=1), "p": person},
            )
        await uow.commit()
    job = login_system.runtime("application").retention
    assert job is not None
    run = await job.run(now_utc())
    assert run is not None
    for table in tables:
        assert run.removed[table] >= 1
        assert await login_system.count("application", table, "person_id = :p", p=person) == 0
    assert await login_system.count("application", "persons", "id = :p", p=person) == 1


@pytest_asyncio.fixture(scope="module")
async def unreachable() -> AsyncIterator[System]:
    closed = f"http://127.0.0.1:{unused_port()}"
    running = await start_system(
        staff_login=Upstream(issuer=closed, client_id="kundval-staff", client_secret="secret")
    )
    yield running
    await stop_system(running)


async def test_an_identity_provider_that_cannot_be_reached_is_told_to_the_client(unreachable: System) -> None:
    browser = Browser(unreachable.settings.base_url)
    try:
        _, challenge = pkce()
        sent = await browser.authorize(challenge, idp="staff")
        assert sent.status == 302 and sent.headers["Location"].startswith(CLI_REDIRECT)
        assert query_of(sent.headers["Location"])["error"] == "temporarily_unavailable"
        # A provider person's login has no identity provider configured here at all.
        other = await browser.authorize(challenge, idp="provider")
        assert query_of(other.headers["Location"])["error"] == "temporarily_unavailable"
    finally:
        await browser.close()
