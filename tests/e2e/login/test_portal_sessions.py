"""The portal's sessions, seen from a browser's cookies and the portal's own table: a new session at login,
tokens kept encrypted and renewed, timeouts, a CSRF token on every post, and the way out."""

import hashlib
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest_asyncio
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from services.portal.storage.sessions import PortalSession
from shared.clock import now_utc
from shared.db import create_engine
from tests.support.identity_provider import Browser, IdentityProvider, new_officer
from tests.support.system import System

COOKIE = "kundval_portal"


@pytest_asyncio.fixture
async def sessions(login_system: System) -> AsyncIterator[AsyncEngine]:
    """The portal's own database, as its operator would look into it."""
    assert login_system.settings.portal_database_url
    engine = create_engine(login_system.settings.portal_database_url)
    yield engine
    await engine.dispose()


async def portal_login(system: System, browser: Browser, upstream: IdentityProvider) -> Any:
    """Logs an officer in through the portal, step by step; answers the portal's last answer."""
    base = system.settings.base_url
    start = await browser.get(f"{base}/portal/login/start?idp=staff&next=/portal/areas")
    assert start.status == 303, await start.text()
    authorize = await browser.get(start.headers["Location"])
    assert authorize.status == 302
    officer = await new_officer(system, upstream)
    callback = await browser.log_in_upstream(authorize.headers["Location"], officer)
    back = await browser.get(callback)
    assert back.status == 302 and back.headers["Location"].startswith(f"{base}/portal/callback?")
    done = await browser.get(back.headers["Location"])
    assert done.status == 303, await done.text()
    assert done.headers["Location"] == "/portal/areas"
    return done


def cookie(browser: Browser) -> str | None:
    found = {c.key: c.value for c in browser.session.cookie_jar}
    return found.get(COOKIE)


def mine(browser: Browser) -> dict[str, str]:
    """The browser's own session row, by its cookie's hash (what the table keeps)."""
    return {"id": hashlib.sha256((cookie(browser) or "").encode()).hexdigest()}


async def rows_of(sessions: AsyncEngine, session: dict[str, str]) -> int:
    async with sessions.begin() as db:
        found = await db.execute(sa.text("SELECT count(*) FROM portal_sessions WHERE id_hash = :id"), session)
        return int(found.scalar_one())


async def page(system: System, browser: Browser, path: str = "/portal/") -> str:
    async with browser.session.get(f"{system.settings.base_url}{path}") as response:
        assert response.status == 200, response.status
        return await response.text()


async def csrf_token(system: System, browser: Browser) -> str:
    text = await page(system, browser)
    marker = 'name="csrf_token" value="'
    return text.split(marker, 1)[1].split('"', 1)[0]


async def test_the_login_gives_a_new_session_cookie_that_scripts_cannot_read(
    login_system: System, browser: Browser, upstream: IdentityProvider
) -> None:
    base = login_system.settings.base_url
    await browser.get(f"{base}/portal/login/start?idp=staff")
    before = cookie(browser)
    browser.session.cookie_jar.clear()
    done = await portal_login(login_system, browser, upstream)
    after = cookie(browser)
    assert before and after and after != before
    set_cookie = next(v for v in done.headers.getall("Set-Cookie") if v.startswith(f"{COOKIE}="))
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie and "Path=/" in set_cookie
    assert "Eva Handläggare" in await page(login_system, browser)


async def test_the_tokens_are_kept_encrypted_and_renewed_before_they_expire(
    login_system: System, browser: Browser, upstream: IdentityProvider, sessions: AsyncEngine
) -> None:
    await portal_login(login_system, browser, upstream)
    session = mine(browser)
    async with sessions.begin() as db:
        (vault,) = (
            await db.execute(sa.text("SELECT vault FROM portal_sessions WHERE id_hash = :id"), session)
        ).one()
        # An access token is a JWT: three base64url parts, the first starting "eyJ". None is in the table.
        assert "eyJ" not in vault
        past = now_utc() - timedelta(1)
        await db.execute(
            sa.text("UPDATE portal_sessions SET access_expires_at = :past WHERE id_hash = :id"),
            {"past": past, **session},
        )
    assert "Eva Handläggare" in await page(login_system, browser)
    async with AsyncSession(sessions) as db:
        row = await db.get(PortalSession, session["id"])
    assert row is not None and row.vault != vault
    assert row.access_expires_at is not None and row.access_expires_at > now_utc()


async def test_a_session_idle_too_long_or_older_than_its_limit_ends(
    login_system: System, browser: Browser, upstream: IdentityProvider, sessions: AsyncEngine
) -> None:
    settings = login_system.settings
    for column, age in (
        ("seen_at", settings.portal_session_idle_s + 1),
        ("logged_in_at", settings.portal_session_absolute_s + 1),
    ):
        browser.session.cookie_jar.clear()
        await portal_login(login_system, browser, upstream)
        session = mine(browser)
        async with sessions.begin() as db:
            await db.execute(
                sa.text(f"UPDATE portal_sessions SET {column} = :then WHERE id_hash = :id"),
                {"then": now_utc() - timedelta(seconds=age), **session},
            )
        text = await page(login_system, browser)
        assert "Eva Handläggare" not in text, column
        assert 'href="/portal/login' in text
        assert await rows_of(sessions, session) == 0


async def test_a_post_without_the_sessions_csrf_token_or_from_another_site_is_refused(
    login_system: System, browser: Browser, upstream: IdentityProvider, sessions: AsyncEngine
) -> None:
    await portal_login(login_system, browser, upstream)
    session = mine(browser)
    base = login_system.settings.base_url
    token = await csrf_token(login_system, browser)
    for form, headers in (
        ({}, {}),
        ({"csrf_token": "guessed"}, {}),
        ({"csrf_token": token}, {"Origin": "https://evil.example"}),
    ):
        async with browser.session.post(
            f"{base}/portal/logout", data=form, headers=headers, allow_redirects=False
        ) as refused:
            assert refused.status == 403, form
    # Still logged in: nothing a refused post asked for was done.
    assert "Eva Handläggare" in await page(login_system, browser)
    async with browser.session.post(
        f"{base}/portal/logout", data={"csrf_token": token}, allow_redirects=False
    ) as out:
        assert out.status == 307
        onward = out.headers["Location"]
    assert onward.startswith(f"{base}/logout?")
    assert await rows_of(sessions, session) == 0


async def test_the_authorization_server_sends_a_logged_out_browser_back_only_where_the_client_registered(
    login_system: System, browser: Browser
) -> None:
    base = login_system.settings.base_url
    portal = login_system.settings.portal_client_id
    for back, expected in (
        (f"{base}/portal/logged-out", f"{base}/portal/logged-out"),
        ("https://evil.example/", None),
    ):
        async with browser.session.post(
            f"{base}/logout",
            params={"client_id": portal, "post_logout_redirect_uri": back},
            allow_redirects=False,
        ) as response:
            assert response.headers.get("Location") == expected


async def test_a_case_link_from_an_email_leads_through_the_login_to_the_readers_own_page(
    login_system: System, browser: Browser, upstream: IdentityProvider
) -> None:
    base = login_system.settings.base_url
    browser.session.cookie_jar.clear()
    before = await browser.get(f"{base}/portal/cases/deviations/d-1")
    assert before.status == 303
    assert before.headers["Location"] == "/portal/login?next=%2Fportal%2Fcases%2Fdeviations%2Fd-1"
    await portal_login(login_system, browser, upstream)
    for case, page in (
        ("deviations/d-1", "/portal/staff/deviations/d-1"),
        ("follow-up-requests/f-1", "/portal/staff/follow-ups/f-1"),
        ("manager-absences/a-1", "/portal/staff/history/manager-absences/a-1"),
    ):
        led = await browser.get(f"{base}/portal/cases/{case}")
        assert (led.status, led.headers["Location"]) == (303, page)
    assert (await browser.get(f"{base}/portal/cases/providers/p-1")).status == 404


async def test_a_form_with_a_document_as_large_as_the_api_takes_is_not_refused_for_its_size(
    login_system: System, browser: Browser, upstream: IdentityProvider, sessions: AsyncEngine
) -> None:
    await portal_login(login_system, browser, upstream)
    session = mine(browser)
    token = await csrf_token(login_system, browser)
    document = aiohttp.FormData()
    document.add_field("csrf_token", token)
    large = b"%PDF-1.4 " + b"0" * 1_000_000
    document.add_field("file", large, filename="cv.pdf", content_type="application/pdf")
    # Far above the service's limit of other bodies: read for its token, and the post goes through.
    assert login_system.settings.max_body_bytes < 1_000_000 <= login_system.settings.attachment_max_bytes
    async with browser.session.post(
        f"{login_system.settings.base_url}/portal/logout", data=document, allow_redirects=False
    ) as response:
        assert response.status == 307
    assert await rows_of(sessions, session) == 0
