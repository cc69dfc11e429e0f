"""The story the portal is for, in two real browsers at once: a provider's person submits an application
through the pages; a municipal officer finds it in the work queue, claims it, assesses each condition and
approves it through the pages; and the provider's open start page shows the decision arrive, without a
reload."""

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from shared.auth.principal import Role
from tests.support.applications import fill_application
from tests.support.approval import authorisation_conditions
from tests.support.browser import browser_fixture, chrome, wait_for
from tests.support.portal import PortalSystem, log_in

browser = browser_fixture()


def _press(browser: WebDriver, text: str) -> None:
    browser.find_elements(By.XPATH, f"//button[normalize-space()='{text}']")[-1].click()


def test_a_decision_made_in_the_staffs_pages_arrives_in_the_providers_open_inbox(
    portal: PortalSystem, browser: WebDriver
) -> None:
    person = portal.provider_person(Role.ADMINISTRATOR)
    provider = person.provider
    started = portal.run(portal.system.start_application(provider))
    # The application's parts are filled through the API (their pages have their own tests); it is
    # submitted through the portal.
    portal.run(fill_application(portal.system.client, "", provider.auth, started["id"]))
    log_in(browser, portal, person.sub, path=f"/applications/{started['id']}/submit")
    _press(browser, "Skicka in ansökan")
    wait_for(browser, lambda d: "done=submitted" in d.current_url, what="the submitted application")

    browser.get(portal.page("/"))
    inbox = browser.find_element(By.ID, "inbox")
    wait_for(browser, lambda d: inbox.get_attribute("data-live") == "on", what="the inbox listening")
    browser.execute_script("window.sameDocument = true")

    officer = portal.officer(areas=("hemtjanst",))
    with chrome() as staff:
        log_in(staff, portal, officer, staff=True)
        review = f"/portal/staff/applications/{started['id']}"

        def queued(driver: WebDriver) -> bool:
            driver.get(portal.page("/"))
            return bool(driver.find_elements(By.XPATH, f"//tr[.//a[@href='{review}']]"))

        wait_for(staff, queued, what="the application in the work queue")
        row = staff.find_element(By.XPATH, f"//tr[.//a[@href='{review}']]")
        row.find_element(By.XPATH, ".//form[contains(@action, '/claim')]//button").click()
        wait_for(staff, lambda d: "Tagen av dig" in d.page_source, what="the claimed item")
        staff.get(portal.page(review.removeprefix("/portal")))
        for code in portal.run(authorisation_conditions(portal.system, "hemtjanst")):
            staff.execute_script("arguments[0].click()", staff.find_element(By.ID, f"met-{code}"))
        _press(staff, "Spara bedömningen")
        wait_for(staff, lambda d: "Din bedömning är sparad" in d.page_source, what="the saved assessment")
        staff.find_element(By.LINK_TEXT, "Fatta beslut").click()
        wait_for(staff, lambda d: d.find_elements(By.ID, "outcome"), what="the decision form")
        staff.execute_script("arguments[0].click()", staff.find_element(By.ID, "outcome"))
        staff.find_element(By.ID, "reasons").send_keys("Alla villkor är uppfyllda.")
        _press(staff, "Fortsätt")
        wait_for(staff, lambda d: d.find_elements(By.CLASS_NAME, "portal-letter"), what="the preview")
        _press(staff, "Skicka beslutet")
        wait_for(staff, lambda d: "Beslutet är skickat" in d.page_source, what="the decision sent")

    # The provider's page, open all along, shows the decision: swapped in live, not reloaded.
    page = f"/portal/applications/{started['id']}"
    entry = wait_for(
        browser,
        lambda d: (
            [a for a in d.find_elements(By.CSS_SELECTOR, f"#inbox a[href='{page}']") if "beviljad" in a.text]
            or False
        ),
        timeout=30,
        what="the decision in the open inbox",
    )
    assert browser.execute_script("return window.sameDocument === true")
    entry[0].click()
    wait_for(browser, lambda d: "Beviljad" in d.find_element(By.TAG_NAME, "main").text, what="the decision")
