"""An officer handles an application in the portal: finds it in the work queue of their area, claims it,
reviews it with the competence pre-check, assesses each condition, checks the decision's letter and approves.
An officer of another area sees none of it."""

from datetime import date, timedelta
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from services.portal.pages.staff.cases import case_page
from tests.support.applications import today, working_day
from tests.support.approval import authorisation_conditions
from tests.support.browser import browser_fixture, wait_for
from tests.support.polling import eventually
from tests.support.portal import PortalSystem, check_page, log_in

browser = browser_fixture()


def _submitted(portal: PortalSystem) -> dict[str, Any]:
    provider = portal.run(portal.system.register_provider())
    application: dict[str, Any] = portal.run(portal.system.submitted_application(provider))
    return application


def _queue_row(browser: WebDriver, portal: PortalSystem, application_id: str) -> Any:
    """The queue's row of the application, once its work item has been made from the submission."""

    def row(driver: WebDriver) -> Any:
        driver.get(portal.page("/"))
        found = driver.find_elements(
            By.XPATH, f"//tr[.//a[@href='/portal/staff/applications/{application_id}']]"
        )
        return found[0] if found else False

    return wait_for(browser, row, what="the application in the work queue")


def test_an_officer_claims_assesses_previews_and_approves(portal: PortalSystem, browser: WebDriver) -> None:
    application = _submitted(portal)
    officer = portal.officer(areas=("hemtjanst",))
    log_in(browser, portal, officer, staff=True)

    row = _queue_row(browser, portal, application["id"])
    check_page(browser, "staff-queue")
    item = portal.run(portal.system.work_items(f"applications/{application['id']}"))[0]
    assert item["due_on"] in row.text and "Försenad" not in row.text, "the due date, not yet overdue"
    row.find_element(By.XPATH, ".//form[contains(@action, '/claim')]//button").click()
    row = wait_for(
        browser,
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, ".govuk-notification-banner--success")
            and _queue_row(d, portal, application["id"])
        ),
        what="the claimed item",
    )
    assert "Tagen av dig" in row.text

    row.find_element(By.XPATH, f".//a[@href='/portal/staff/applications/{application['id']}']").click()
    precheck = wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, "ol.portal-arithmetic"), what="review"
    )
    assert all(item.find_elements(By.TAG_NAME, "li") for item in precheck), "every figure of the pre-check"
    check_page(browser, "staff-review")

    for code in portal.run(authorisation_conditions(portal.system, "hemtjanst")):
        browser.execute_script("arguments[0].click()", browser.find_element(By.ID, f"met-{code}"))
        browser.find_element(By.ID, f"comment-{code}").send_keys("Uppfyllt enligt underlaget.")
    browser.find_element(By.XPATH, "//button[normalize-space()='Spara bedömningen']").click()
    wait_for(browser, lambda d: "Din bedömning är sparad" in d.page_source, what="the saved assessment")
    assert "Ej bedömt" not in browser.find_element(By.TAG_NAME, "main").text

    browser.find_element(By.LINK_TEXT, "Fatta beslut").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "outcome-2"), what="the decision form")
    check_page(browser)
    # Rejecting without reasons: the error summary links to the field.
    browser.execute_script("arguments[0].click()", browser.find_element(By.ID, "outcome-2"))
    browser.find_element(By.XPATH, "//button[normalize-space()='Fortsätt']").click()
    summary = wait_for(
        browser, lambda d: d.find_elements(By.CLASS_NAME, "govuk-error-summary"), what="errors"
    )
    hrefs = [a.get_attribute("href") for a in summary[0].find_elements(By.TAG_NAME, "a")]
    assert any(href and href.endswith("#reasons") for href in hrefs), hrefs
    assert browser.title.startswith("Fel:")
    check_page(browser)

    browser.execute_script("arguments[0].click()", browser.find_element(By.ID, "outcome"))
    browser.find_element(By.ID, "reasons").send_keys("Alla villkor är uppfyllda.")
    browser.find_element(By.XPATH, "//button[normalize-space()='Fortsätt']").click()
    letter = wait_for(browser, lambda d: d.find_elements(By.CLASS_NAME, "portal-letter"), what="the preview")
    assert "Alla villkor är uppfyllda." in letter[0].text
    assert "Sista dag att överklaga" in letter[0].text
    check_page(browser, "staff-decision-preview")
    browser.find_element(By.XPATH, "//button[normalize-space()='Skicka beslutet']").click()
    wait_for(browser, lambda d: "Beslutet är skickat" in d.page_source, what="the decision sent")

    response = portal.run(
        portal.system.client.get(f"/applications/{application['id']}", headers=portal.system.staff)
    )
    assert portal.run(response.json())["status"] == "approved"

    browser.find_element(By.LINK_TEXT, "Ansökans historik").click()
    table = wait_for(browser, lambda d: d.find_elements(By.TAG_NAME, "table"), what="the history")
    assert "Eva Handläggare" in table[0].text
    check_page(browser)

    # Filtered by status, the claimed item is found under "claimed" and completed there with a note.
    browser.get(portal.page("/?status=open"))
    assert application["id"] not in (
        browser.find_element(By.TAG_NAME, "main").get_attribute("innerHTML") or ""
    )
    browser.get(portal.page("/?status=claimed"))
    row = browser.find_element(
        By.XPATH, f"//tr[.//a[@href='/portal/staff/applications/{application['id']}']]"
    )
    row.find_element(By.TAG_NAME, "textarea").send_keys("Granskad och beviljad.")
    row.find_element(By.XPATH, ".//form[contains(@action, '/completion')]//button").click()
    wait_for(browser, lambda d: "Arbetsuppgiften är klar" in d.page_source, what="the completed item")
    items = portal.run(portal.system.work_items(f"applications/{application['id']}"))
    assert [(i["status"], i["completion_note"]) for i in items] == [("done", "Granskad och beviljad.")]


def test_an_officer_of_another_area_does_not_see_the_work_item(
    portal: PortalSystem, browser: WebDriver
) -> None:
    application = _submitted(portal)
    subject = f"applications/{application['id']}"

    async def made() -> int:
        return len(await portal.system.work_items(subject))

    portal.run(eventually(made, what="the work item of the submission"))
    log_in(browser, portal, portal.officer(areas=("boendestod",)), staff=True)
    assert application["id"] not in (
        browser.find_element(By.TAG_NAME, "main").get_attribute("innerHTML") or ""
    )
    browser.get(portal.page(f"/staff/applications/{application['id']}"))
    assert "Sidan finns inte" in browser.find_element(By.TAG_NAME, "h1").text


def test_a_supplement_request_due_on_a_day_off_is_refused_beside_the_date(
    portal: PortalSystem, browser: WebDriver
) -> None:
    application = _submitted(portal)
    officer = portal.officer(areas=("hemtjanst",))
    log_in(browser, portal, officer, staff=True, path="/staff/applications")
    browser.get(portal.page("/staff/applications?status=submitted"))
    check_page(browser)
    browser.find_element(By.XPATH, f"//a[@href='/portal/staff/applications/{application['id']}']").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "message"), what="the review page")
    saturday = today() + timedelta(days=14 + (5 - today().weekday()) % 7)
    browser.find_element(By.ID, "message").send_keys("Skicka intyg om utbildningen.")
    _type_date(browser, "due_date", saturday)
    browser.find_element(By.XPATH, "//button[normalize-space()='Skicka begäran']").click()
    summary = wait_for(
        browser, lambda d: d.find_elements(By.CLASS_NAME, "govuk-error-summary"), what="errors"
    )
    hrefs = [a.get_attribute("href") or "" for a in summary[0].find_elements(By.TAG_NAME, "a")]
    assert any(href.endswith("#due_date-day") for href in hrefs), hrefs
    assert browser.find_element(By.ID, "message").get_attribute("value") == "Skicka intyg om utbildningen."
    check_page(browser)

    _type_date(browser, "due_date", working_day(14))
    browser.find_element(By.XPATH, "//button[normalize-space()='Skicka begäran']").click()
    wait_for(
        browser, lambda d: "Begäran om komplettering är skickad" in d.page_source, what="the request sent"
    )
    assert "Skicka intyg om utbildningen." in browser.find_element(By.TAG_NAME, "main").text


def _type_date(browser: WebDriver, name: str, day: date) -> None:
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        field = browser.find_element(By.ID, f"{name}-{part}")
        field.clear()
        field.send_keys(str(value))


def test_each_subject_of_the_queue_leads_to_its_staff_page() -> None:
    assert case_page("applications/a1") == "/portal/staff/applications/a1"
    assert case_page("deviations/d1") == "/portal/staff/deviations/d1"
    assert case_page("manager-changes/m1") == "/portal/staff/manager-changes/m1"
    assert case_page("quality-reports/q1") == "/portal/staff/quality-reports/q1"
    assert case_page("follow-up-requests/f1") == "/portal/staff/follow-ups/f1"
    assert case_page("manager-absences/x1") is None
    assert case_page("applications/a1/attachments/b2") is None
