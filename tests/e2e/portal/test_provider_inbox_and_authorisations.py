"""A provider person's start page in a real browser: the inbox updates itself when the municipality asks
for more, the person answers by changing and resubmitting; an authorisation's capacity, and the letter."""

import asyncio
from unittest import mock

import aiohttp
import httpx2
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from services.portal.pages.provider.inbox import events_of
from services.portal.pages.provider.labels import case_page
from shared.auth.principal import Role
from tests.support.approval import approved_authorisation
from tests.support.browser import browser_fixture, wait_for
from tests.support.portal import PortalSystem, check_page, log_in

browser = browser_fixture()


def _submit_button(browser: WebDriver, text: str) -> None:
    browser.find_elements(By.XPATH, f"//button[normalize-space()='{text}']")[-1].click()


def _clicked(browser: WebDriver, selector: str) -> bool:
    try:
        browser.find_element(By.CSS_SELECTOR, selector).click()
    except (StaleElementReferenceException, NoSuchElementException):
        return False
    return True


def test_the_inbox_updates_live_and_a_supplement_is_answered(
    portal: PortalSystem, browser: WebDriver
) -> None:
    person = portal.provider_person(Role.ADMINISTRATOR)
    log_in(browser, portal, person.sub)
    inbox = browser.find_element(By.ID, "inbox")
    wait_for(browser, lambda d: inbox.get_attribute("data-live") == "on", what="the inbox listening")
    # A mark on this very page: a reload would lose it.
    browser.execute_script("window.sameDocument = true")

    subject = portal.run(portal.system.ask_for_supplement(person.provider, "hemtjanst", "Bifoga intyg."))
    application_page = f"/portal/{subject}"
    wait_for(
        browser,
        lambda d: d.find_elements(By.CSS_SELECTOR, f"#inbox a[href='{application_page}']"),
        timeout=20,
        what="the supplement request in the inbox, without a reload",
    )
    assert browser.execute_script("return window.sameDocument === true")
    assert "Oläst" in browser.find_element(By.ID, "inbox").text

    browser.refresh()
    asked = browser.find_element(By.CSS_SELECTOR, f"main a[href='{application_page}']")
    assert asked.text == "Komplettering av ansökan"
    check_page(browser)
    browser.find_element(
        By.XPATH, "//*[@id='inbox']//button[starts-with(normalize-space(), 'Markera som läst')]"
    ).click()
    wait_for(browser, lambda d: "Oläst" not in d.find_element(By.ID, "inbox").text, what="the entry read")

    # The list is swapped in again once the page listens: the link is clicked in whichever list is there.
    wait_for(browser, lambda d: _clicked(d, f"#inbox a[href='{application_page}']"), what="the entry's link")
    wait_for(browser, lambda d: d.current_url.endswith(application_page), what="the application's page")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Komplettering begärd" in main
    assert "Bifoga intyg." in main
    check_page(browser)

    browser.find_element(By.LINK_TEXT, "Svara på villkoren").click()
    answer = browser.find_elements(By.CSS_SELECTOR, "textarea")[0]
    answer.send_keys(" Intyget är bifogat.")
    _submit_button(browser, "Spara svaren")
    wait_for(browser, lambda d: "done=answers" in d.current_url, what="the saved answers")
    browser.find_element(By.LINK_TEXT, "Kontrollera och skicka in").click()
    _submit_button(browser, "Skicka in den kompletterade ansökan")
    wait_for(browser, lambda d: "done=submitted" in d.current_url, what="the resubmitted application")
    assert "Besvarad" in browser.find_element(By.TAG_NAME, "main").text


def test_an_authorisation_its_capacity_and_the_decision_letter(
    portal: PortalSystem, browser: WebDriver
) -> None:
    person = portal.provider_person(Role.ADMINISTRATOR)
    authorisation_id = portal.run(approved_authorisation(portal.system, person.provider))
    log_in(browser, portal, person.sub, path="/authorisations")
    check_page(browser)
    browser.find_element(By.CSS_SELECTOR, f"a[href='/portal/authorisations/{authorisation_id}']").click()
    check_page(browser)

    browser.find_element(By.PARTIAL_LINK_TEXT, "Ändra").click()
    ceiling = browser.find_element(By.ID, "capacity_ceiling")
    ceiling.send_keys("40")
    _submit_button(browser, "Spara kapaciteten")
    links = [
        a.get_attribute("href")
        for a in wait_for(
            browser,
            lambda d: d.find_elements(By.CSS_SELECTOR, ".govuk-error-summary a"),
            what="the error summary",
        )
    ]
    assert [str(link).rsplit("#", 1)[-1] for link in links] == ["current_customers"]
    assert browser.find_element(By.ID, "capacity_ceiling").get_attribute("value") == "40"
    check_page(browser)
    browser.find_element(By.ID, "current_customers").send_keys("40")
    _submit_button(browser, "Spara kapaciteten")
    wait_for(browser, lambda d: "done=capacity" in d.current_url, what="the saved capacity")
    assert "Fullt" in browser.find_element(By.TAG_NAME, "main").text

    browser.find_element(By.PARTIAL_LINK_TEXT, "Ansökan och dess beslutsbrev").click()
    browser.find_element(By.LINK_TEXT, "Läs beslutsbrevet").click()
    letter = browser.find_element(By.TAG_NAME, "main").text
    assert "Beslut: Beviljad" in letter
    assert "Alla villkor är uppfyllda." in letter
    check_page(browser)
    # The same letter as a PDF, fetched with the browser's own session.
    pdf_link = browser.find_element(By.PARTIAL_LINK_TEXT, "som PDF").get_attribute("href")
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    pdf = httpx2.get(str(pdf_link), cookies=cookies, timeout=30)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert httpx2.get(str(pdf_link), timeout=30, follow_redirects=False).status_code == 303


def test_an_inbox_subject_leads_to_its_case_page_in_the_portal() -> None:
    assert case_page("applications/a1") == "/portal/applications/a1"
    assert case_page("follow-up-requests/f-2") == "/portal/follow-ups/f-2"
    assert case_page("manager-changes/m3") == "/portal/manager-changes/m3"
    # No page of its own, or not an id: no link rather than a wrong one.
    for subject in (
        None,
        "",
        "areas/hemtjanst/conditions/2",
        "providers/p1",
        "applications/../x",
        "deviations/",
    ):
        assert case_page(subject) is None, subject


async def test_the_api_stream_is_read_as_named_events() -> None:
    content = aiohttp.StreamReader(mock.Mock(_reading_paused=False), 2**16, loop=asyncio.get_running_loop())
    content.feed_data(
        b": ping\n\nevent: notification\nid: 7\ndata: {}\n\n"
        b"event: token_expired\r\ndata: {}\r\n\r\n"
        b"event: without-data\n\n"
    )
    content.feed_eof()
    assert [(event.name, event.id) async for event in events_of(content)] == [
        ("notification", "7"),
        ("token_expired", None),
    ]
