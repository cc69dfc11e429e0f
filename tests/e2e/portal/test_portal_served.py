"""The portal's pages are served by the one-process system, with its security headers, in Swedish unless
English is chosen, and errors as pages."""

from tests.support.system import System


async def test_the_start_page_is_swedish_by_default_and_english_when_chosen(system: System) -> None:
    response = await system.client.get("/portal/")
    assert response.status == 200
    page = await response.text()
    assert '<html lang="sv"' in page
    assert "Logga in" in page
    assert response.headers["Cache-Control"] == "no-store"

    chosen = await system.client.get("/portal/language?lang=en&next=/portal/areas", allow_redirects=False)
    assert chosen.status == 303
    assert chosen.headers["Location"] == "/portal/areas"
    english = await system.client.get("/portal/areas")
    assert '<html lang="en"' in await english.text()
    await system.client.get("/portal/language?lang=sv&next=/portal/")
    assert '<html lang="sv"' in await (await system.client.get("/portal/areas")).text()


async def test_the_portal_without_a_slash_leads_to_the_start_page(system: System) -> None:
    response = await system.client.get("/portal", allow_redirects=False)
    assert response.status == 301
    assert response.headers["Location"] == "/portal/"


async def test_the_areas_page_lists_the_areas_from_the_api(system: System) -> None:
    areas = await (await system.client.get("/areas")).json()
    page = await (await system.client.get("/portal/areas")).text()
    for area in areas["items"]:
        assert f'href="/portal/areas/{area["code"]}"' in page


async def test_an_unknown_page_is_a_page_not_a_problem_document(system: System) -> None:
    response = await system.client.get("/portal/no-such-page")
    assert response.status == 404
    assert response.content_type == "text/html"
    assert "Sidan finns inte" in await response.text()


async def test_a_next_address_outside_the_portal_is_never_followed(system: System) -> None:
    for outside in ("https://evil.example/", "//evil.example/", "/portal/..//evil", "/docs"):
        response = await system.client.get(
            "/portal/language", params={"lang": "en", "next": outside}, allow_redirects=False
        )
        assert response.headers["Location"] == "/portal/", outside


async def test_a_page_needing_a_login_sends_the_person_to_log_in_and_back(system: System) -> None:
    response = await system.client.post("/portal/logout", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"].startswith("/portal/login?next=")
