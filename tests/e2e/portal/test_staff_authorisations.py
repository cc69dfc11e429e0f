"""An officer warns an authorised provider and then revokes the authorisation, after checking the letter; the
authorisation's history names the officer."""

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.select import Select

from tests.support.applications import working_day
from tests.support.approval import approved_authorisation, authorisation_conditions
from tests.support.browser import browser_fixture, wait_for
from tests.support.portal import PortalSystem, check_page, log_in

browser = browser_fixture()


def test_an_officer_warns_and_revokes_an_authorisation(portal: PortalSystem, browser: WebDriver) -> None:
    provider = portal.run(portal.system.register_provider())
    authorisation_id = portal.run(approved_authorisation(portal.system, provider))
    condition = portal.run(authorisation_conditions(portal.system, "hemtjanst"))[0]
    log_in(browser, portal, portal.officer(areas=("hemtjanst",)), staff=True, path="/staff/authorisations")
    check_page(browser)
    browser.find_element(By.XPATH, f"//a[@href='/portal/staff/authorisations/{authorisation_id}']").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "deficiency"), what="the authorisation")
    check_page(browser)

    deadline = working_day(20)
    Select(browser.find_element(By.ID, "condition_code")).select_by_value(condition)
    browser.find_element(By.ID, "deficiency").send_keys("Rutinen för avvikelser saknas.")
    for part, value in (("day", deadline.day), ("month", deadline.month), ("year", deadline.year)):
        browser.find_element(By.ID, f"remediation_deadline-{part}").send_keys(str(value))
    browser.find_element(By.XPATH, "//button[normalize-space()='Ge varningen']").click()
    wait_for(browser, lambda d: "Varningen är skickad" in d.page_source, what="the warning issued")
    warnings = browser.find_element(By.CSS_SELECTOR, "table").text
    assert "Rutinen för avvikelser saknas." in warnings and deadline.isoformat() in warnings

    browser.find_element(By.LINK_TEXT, "Återkalla auktorisationen").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "reasons"), what="the revocation form")
    check_page(browser)
    browser.find_element(By.XPATH, "//button[normalize-space()='Fortsätt']").click()
    summary = wait_for(
        browser, lambda d: d.find_elements(By.CLASS_NAME, "govuk-error-summary"), what="errors"
    )
    hrefs = [a.get_attribute("href") or "" for a in summary[0].find_elements(By.TAG_NAME, "a")]
    assert any(h.endswith("#reasons") for h in hrefs) and any(
        h.endswith("#conditions_not_met") for h in hrefs
    )

    browser.execute_script(
        "arguments[0].click()", browser.find_element(By.CSS_SELECTOR, f"input[value='{condition}']")
    )
    browser.find_element(By.ID, "reasons").send_keys("Bristen i varningen är inte åtgärdad.")
    browser.find_element(By.XPATH, "//button[normalize-space()='Fortsätt']").click()
    wait_for(browser, lambda d: d.find_elements(By.CLASS_NAME, "govuk-warning-text"), what="the confirmation")
    assert (
        "Bristen i varningen är inte åtgärdad." in browser.find_element(By.CLASS_NAME, "portal-letter").text
    )
    check_page(browser)
    browser.find_element(By.XPATH, "//button[normalize-space()='Återkalla auktorisationen']").click()
    wait_for(browser, lambda d: "Auktorisationen är återkallad" in d.page_source, what="the revocation")

    response = portal.run(
        portal.system.client.get(f"/authorisations/{authorisation_id}", headers=portal.system.staff)
    )
    assert portal.run(response.json())["status"] == "revoked"
    browser.find_element(By.LINK_TEXT, "Auktorisationens historik").click()
    history = wait_for(browser, lambda d: d.find_elements(By.TAG_NAME, "table"), what="the history")
    assert "Eva Handläggare" in history[0].text
    check_page(browser)
