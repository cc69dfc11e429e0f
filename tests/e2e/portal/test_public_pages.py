"""The pages anyone may read, in a real browser: an area with its conditions, the register of authorised
providers with one at its capacity tagged, and the appeal-deadline calculator."""

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.support.approval import approved_authorisation
from tests.support.browser import browser_fixture
from tests.support.portal import PortalSystem, check_page

browser = browser_fixture()


def test_an_area_shows_its_frame_and_the_conditions_in_force(
    portal: PortalSystem, browser: WebDriver
) -> None:
    browser.get(portal.page("/"))
    browser.find_element(By.LINK_TEXT, "Områden och gällande villkor").click()
    browser.find_element(By.LINK_TEXT, "Boendestöd").click()
    assert browser.current_url == portal.page("/areas/boendestod")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Boendestöd"
    facts = browser.find_element(By.CLASS_NAME, "govuk-summary-list").text
    assert "(2008:962) om valfrihetssystem" in facts and "per hour" in facts
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody .govuk-table__row")
    assert rows and all(row.find_elements(By.TAG_NAME, "td")[2].text for row in rows)
    assert "Vid uppföljning" in browser.find_element(By.TAG_NAME, "tbody").text
    check_page(browser)
    # The area's link to the calculator chooses its frame, and asks for the day without an error yet.
    browser.find_element(By.LINK_TEXT, "Räkna ut sista dagen att överklaga").click()
    assert browser.find_element(By.CSS_SELECTOR, "input[name='frame'][value='LOV']").is_selected()
    assert not browser.find_elements(By.CLASS_NAME, "govuk-error-summary")

    browser.get(portal.page("/areas/no-such-area"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Sidan finns inte"


def test_the_register_tags_a_provider_at_its_capacity(portal: PortalSystem, browser: WebDriver) -> None:
    system = portal.system

    async def full_provider() -> str:
        provider = await system.register_provider(name="Fullsatt Omsorg AB")
        authorisation_id = await approved_authorisation(system, provider)
        response = await system.client.put(
            f"/authorisations/{authorisation_id}/capacity",
            json={"capacity_ceiling": 12, "current_customers": 12},
            headers=provider.auth,
        )
        assert response.status == 200, await response.text()
        return authorisation_id

    portal.run(full_provider())
    browser.get(portal.page("/"))
    browser.find_element(By.LINK_TEXT, "Registret över godkända utförare").click()
    browser.find_element(By.ID, "area").send_keys("Hemtjänst")
    browser.find_element(By.XPATH, "//button[normalize-space()='Visa']").click()
    assert "area=hemtjanst" in browser.current_url
    row = browser.find_element(By.XPATH, "//tr[td[normalize-space()='Fullsatt Omsorg AB']]")
    assert row.find_element(By.CLASS_NAME, "govuk-tag").text.lower() == "fullt"
    check_page(browser, "register")


def test_the_appeal_deadline_calculator_answers_and_explains_a_bad_date(
    portal: PortalSystem, browser: WebDriver
) -> None:
    browser.get(portal.page("/"))
    browser.find_element(By.LINK_TEXT, "Sista dag att överklaga").click()
    check_page(browser)
    browser.find_element(By.CSS_SELECTOR, "input[name='frame'][value='LOV']").click()
    for part, value in (("day", "29"), ("month", "5"), ("year", "2026")):
        browser.find_element(By.ID, f"notified_on-{part}").send_keys(value)
    browser.find_element(By.XPATH, "//button[normalize-space()='Räkna ut sista dagen']").click()
    # LOV: three weeks from Friday 29 May 2026 end on Friday 19 June, Midsummer Eve: the next weekday counts.
    panel = browser.find_element(By.CLASS_NAME, "govuk-panel").text
    assert "2026-06-22" in panel
    assert "2008:962" in browser.find_element(By.CLASS_NAME, "govuk-summary-list").text
    check_page(browser, "appeal-deadline")

    browser.get(
        portal.page("/appeal-deadline?frame=LOV&notified_on-day=31&notified_on-month=2&notified_on-year=2026")
    )
    assert browser.title.startswith("Fel:")
    summary = browser.find_element(By.CLASS_NAME, "govuk-error-summary")
    link = summary.find_element(By.TAG_NAME, "a")
    assert str(link.get_attribute("href")).endswith("#notified_on-day")
    link.click()
    assert browser.switch_to.active_element.get_attribute("id") == "notified_on-day"
    assert browser.find_element(By.ID, "notified_on-day").get_attribute("value") == "31"
    check_page(browser)
