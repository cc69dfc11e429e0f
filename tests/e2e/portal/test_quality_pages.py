"""Staff open a quality-report round through the pages; a provider person fills in, saves and submits the
year's report; an officer reads it and accepts it."""

from datetime import date

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from services.reporting.keys import ROUND_JOBS_KEY
from shared.auth.principal import Role
from shared.clock import now_utc, stockholm_date
from tests.e2e.portal.test_managers_pages import date_parts, error_summary, fill, press, submit
from tests.support.applications import working_day
from tests.support.approval import reportable_authorisation
from tests.support.browser import browser_fixture, wait_for
from tests.support.portal import PortalSystem, check_page, log_in

browser = browser_fixture()

REPORT = {
    "customers": "112",
    "staff-employees": "48",
    "staff-full_time_equivalents": "39,5",
    "staff-turnover_percent": "14",
    "complaints_received": "6",
    "deviations_received": "3",
    "goals": "Alla kunder har en genomförandeplan som följs upp varje kvartal.",
    "customer_survey": "92 % nöjda i brukarundersökningen.",
    "improvement_work": "Nytt arbetssätt för läkemedelsöverlämning.",
}


def test_an_officer_opens_a_round_by_hand_after_confirming(portal: PortalSystem, browser: WebDriver) -> None:
    officer = portal.officer(areas=("hemtjanst",))
    log_in(browser, portal, officer, staff=True, path="/staff/quality-rounds")
    check_page(browser)
    browser.get(portal.page("/staff/quality-rounds/new"))
    check_page(browser)
    this_year = stockholm_date(now_utc()).year
    fill(browser, {"year": str(this_year)})
    submit(browser, "/portal/staff/quality-rounds/new")
    assert str(this_year) in browser.find_element(By.TAG_NAME, "h1").text
    check_page(browser)
    submit(browser, "/portal/staff/quality-rounds/new")
    error_summary(browser)  # the year has not ended
    assert browser.find_element(By.ID, "year-error").text
    assert browser.find_element(By.ID, "year").get_attribute("value") == str(this_year)
    check_page(browser)

    year = this_year - 2
    fill(browser, {"year": str(year), **date_parts("deadline", working_day(30))})
    submit(browser, "/portal/staff/quality-rounds/new")
    submit(browser, "/portal/staff/quality-rounds/new")
    wait_for(
        browser, lambda d: d.current_url.endswith(f"/staff/quality-rounds/{year}?done=opened"), what="it"
    )
    assert working_day(30).isoformat() in browser.find_element(By.TAG_NAME, "main").text
    check_page(browser)
    browser.get(portal.page("/staff/quality-rounds"))
    assert browser.find_element(By.LINK_TEXT, str(year))


def test_a_quality_report_is_filled_submitted_and_accepted(portal: PortalSystem, browser: WebDriver) -> None:
    person = portal.provider_person(Role.REPORTER, name="Karin Lund")
    portal.run(reportable_authorisation(portal.system, person.provider))
    # The scheduler's day in the next January opens the round for this year, as it would on its own.
    year = stockholm_date(now_utc()).year
    portal.run(portal.system.app[ROUND_JOBS_KEY].run_day(date(year + 1, 1, 15)))

    log_in(browser, portal, person.sub, path="/quality-reports")
    check_page(browser)
    browser.find_element(By.PARTIAL_LINK_TEXT, f"Kvalitetsberättelse {year}").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "customers"), what="the report's form")
    report_url = browser.current_url
    report_id = report_url.rsplit("/", 1)[1]
    check_page(browser)

    fill(browser, {"customers": "112", "goals": "Alla kunder har en genomförandeplan."})
    press(browser, "button[value=submit]")
    summary = error_summary(browser)
    assert "Anställda" in summary and "Kundundersökning" in summary and "Kunder under året" not in summary
    assert browser.find_element(By.ID, "customers").get_attribute("value") == "112"
    browser.find_element(By.CSS_SELECTOR, ".govuk-error-summary a[href='#staff-employees']")
    check_page(browser)

    fill(browser, {key: value for key, value in REPORT.items() if key != "improvement_work"})
    press(browser, "button[value=save]")
    wait_for(browser, lambda d: "?done=saved" in d.current_url, what="the saved draft")
    assert browser.find_element(By.ID, "staff-full_time_equivalents").get_attribute("value") == "39,5"
    fill(browser, {"improvement_work": REPORT["improvement_work"]})
    check_page(browser, "quality-report")
    press(browser, "button[value=submit]")
    wait_for(browser, lambda d: "?done=submitted" in d.current_url, what="the submitted report")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Inskickad" in main and "läkemedelsöverlämning" in main
    assert not browser.find_elements(By.ID, "customers")
    check_page(browser)

    officer = portal.officer(areas=("hemtjanst",))
    log_in(browser, portal, officer, staff=True, path=f"/staff/quality-rounds/{year}")
    check_page(browser)
    browser.find_element(By.CSS_SELECTOR, f"a[href='/portal/staff/quality-reports/{report_id}']").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "outcome"), what="the review form")
    assert "läkemedelsöverlämning" in browser.find_element(By.TAG_NAME, "main").text
    history = f"a[href='/portal/staff/history/quality-reports/{report_id}']"
    assert browser.find_element(By.CSS_SELECTOR, history).is_displayed()
    check_page(browser)

    browser.find_element(By.ID, "outcome-2").click()  # ask for completion, saying neither what nor by when
    submit(browser, f"/portal/staff/quality-reports/{report_id}/review")
    error_summary(browser)
    assert (
        browser.find_element(By.ID, "note-error").text and browser.find_element(By.ID, "due_date-error").text
    )
    check_page(browser)

    browser.find_element(By.ID, "outcome").click()
    submit(browser, f"/portal/staff/quality-reports/{report_id}/review")
    wait_for(browser, lambda d: "?done=reviewed" in d.current_url, what="the review")
    assert "Godtagen" in browser.find_element(By.TAG_NAME, "main").text
