"""A provider person reports a new person in charge and a substitute through the pages; an officer reads the
competence pre-check and decides the change."""

from datetime import date, timedelta

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.expected_conditions import staleness_of

from shared.auth.principal import Role
from shared.clock import now_utc, stockholm_date
from tests.support.applications import working_day
from tests.support.approval import reportable_authorisation
from tests.support.browser import browser_fixture, wait_for
from tests.support.portal import PortalSystem, check_page, log_in

browser = browser_fixture()


def fill(driver: WebDriver, values: dict[str, str]) -> None:
    """Types each value into the field of that id, clearing what was there."""
    for element_id, value in values.items():
        field = driver.find_element(By.ID, element_id)
        field.clear()
        field.send_keys(value)


def date_parts(element_id: str, day: date) -> dict[str, str]:
    return {
        f"{element_id}-day": str(day.day),
        f"{element_id}-month": str(day.month),
        f"{element_id}-year": str(day.year),
    }


def submit(driver: WebDriver, action: str) -> None:
    """Presses the form's main button (not an 'add another' one) and waits for the page it answers with."""
    press(driver, f"form[action='{action}'] button.govuk-button:not(.govuk-button--secondary)")


def press(driver: WebDriver, selector: str) -> None:
    """Clicks the button and waits until the page it was on has gone."""
    page = driver.find_element(By.TAG_NAME, "html")

    def pressed(current: WebDriver) -> bool:
        # A page still settling may replace the button under the click: found again, and pressed then.
        try:
            current.find_element(By.CSS_SELECTOR, selector).click()
        except WebDriverException:
            return False
        return True

    wait_for(driver, pressed, what=f"the button {selector}")
    wait_for(driver, staleness_of(page), what="the page the form answers with")


def error_summary(driver: WebDriver) -> str:
    return wait_for(
        driver, lambda d: d.find_elements(By.CLASS_NAME, "govuk-error-summary"), what="the error summary"
    )[0].text


def test_a_change_of_the_person_in_charge_is_reported_and_approved(
    portal: PortalSystem, browser: WebDriver
) -> None:
    person = portal.provider_person(Role.ADMINISTRATOR, name="Karin Lund")
    authorisation = portal.run(reportable_authorisation(portal.system, person.provider))
    log_in(browser, portal, person.sub, path="/manager-changes")
    assert "Byten av verksamhetsansvarig" in browser.find_element(By.TAG_NAME, "h1").text
    check_page(browser)

    browser.get(portal.page("/manager-changes/new"))
    assert browser.find_element(By.ID, "authorisation_id").get_attribute("value") == authorisation
    check_page(browser)
    starts = working_day(40)
    fill(browser, {**date_parts("starts_on", starts), "person_in_charge-name": "Lena Berg"})
    fill(
        browser,
        {
            "person_in_charge-education-0-title": "Sjuksköterskeprogrammet",
            "person_in_charge-education-0-institution": "Karolinska institutet",
            "person_in_charge-education-0-years": "3",
        },
    )
    browser.find_element(By.ID, "person_in_charge-education-0-in_care").click()
    # A second period of practice, in a row added on request; what was typed stays.
    press(browser, "button[name=add][value=practice]")
    wait_for(browser, lambda d: d.find_elements(By.ID, "person_in_charge-practice-1-employer"), what="a row")
    assert browser.find_element(By.ID, "person_in_charge-name").get_attribute("value") == "Lena Berg"
    fill(
        browser,
        {
            "person_in_charge-practice-0-employer": "Äldreboendet Tallen",
            "person_in_charge-practice-0-role": "Sjuksköterska",
            "person_in_charge-practice-0-start": "2017-02-01",
            "person_in_charge-practice-0-end": "2019-12-31",
            "person_in_charge-practice-1-employer": "Hemtjänsten Ek",
            "person_in_charge-practice-1-role": "Sjuksköterska",
            "person_in_charge-practice-1-start": "2020-01-01",
            "person_in_charge-practice-1-end": "not a date",
            "person_in_charge-supervision-0-employer": "Äldreboendet Tallen",
            "person_in_charge-supervision-0-role": "Enhetschef",
            "person_in_charge-supervision-0-start": "2021-01-01",
        },
    )
    submit(browser, "/portal/manager-changes/new")
    assert "Det finns ett problem" in error_summary(browser)
    wrong = browser.find_element(By.ID, "person_in_charge-practice-1-end")
    assert wrong.get_attribute("value") == "not a date"
    assert "govuk-input--error" in (wrong.get_attribute("class") or "")
    check_page(browser)

    fill(browser, {"person_in_charge-practice-1-end": "2021-12-31"})
    browser.find_element(By.CSS_SELECTOR, "#person_in_charge-swedish-spoken option[value=native]").click()
    browser.find_element(By.CSS_SELECTOR, "#person_in_charge-swedish-written option[value=native]").click()
    # Enter in a field reports the change (it does not add a row).
    browser.find_element(By.ID, "person_in_charge-name").send_keys(Keys.ENTER)
    wait_for(browser, lambda d: "?done=reported" in d.current_url, what="the reported change")
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Lena Berg" in page and "Väntar på beslut" in page and "Hemtjänsten Ek" in page
    change_url = browser.current_url.split("?")[0]
    change_id = change_url.rsplit("/", 1)[1]
    check_page(browser)

    officer = portal.officer(areas=("hemtjanst",))
    log_in(browser, portal, officer, staff=True, path="/staff/manager-changes")
    check_page(browser)
    browser.find_element(By.LINK_TEXT, "Lena Berg").click()
    case = f"/staff/manager-changes/{change_id}"
    wait_for(browser, lambda d: d.current_url.endswith(case), what="the case")
    assert "Förhandskontroll av kompetens" in browser.find_element(By.TAG_NAME, "main").text
    history = f"a[href='/portal/staff/history/manager-changes/{change_id}']"
    assert browser.find_element(By.CSS_SELECTOR, history).is_displayed()
    check_page(browser, "manager-change")

    browser.find_element(By.ID, "outcome-2").click()  # reject, with no reasons
    submit(browser, f"/portal/staff/manager-changes/{change_id}/decision")
    error_summary(browser)
    assert browser.find_element(By.ID, "reasons-error").text
    browser.find_element(By.CSS_SELECTOR, ".govuk-error-summary a[href='#reasons']")
    check_page(browser)

    browser.find_element(By.ID, "outcome").click()  # approve
    submit(browser, f"/portal/staff/manager-changes/{change_id}/decision")
    wait_for(browser, lambda d: "?done=decided" in d.current_url, what="the decision")
    assert "Godkänd" in browser.find_element(By.TAG_NAME, "main").text

    log_in(browser, portal, person.sub, path=f"/manager-changes/{change_id}")
    assert "Godkänd" in browser.find_element(By.TAG_NAME, "main").text


def test_a_substitute_is_reported_for_an_absence(portal: PortalSystem, browser: WebDriver) -> None:
    person = portal.provider_person(Role.REPORTER, name="Per Ek")
    authorisation = portal.run(reportable_authorisation(portal.system, person.provider))
    log_in(browser, portal, person.sub, path="/manager-absences/new")
    check_page(browser)
    starts = working_day(60)
    fill(
        browser,
        {
            **date_parts("starts_on", starts),
            **date_parts("ends_on", starts - timedelta(days=1)),
            "substitute-name": "Anna Holm",
            "substitute-role": "Biträdande enhetschef",
        },
    )
    browser.find_element(By.ID, "reason").click()
    submit(browser, "/portal/manager-absences/new")
    error_summary(browser)
    assert browser.find_element(By.ID, "ends_on-error").text
    browser.find_element(By.CSS_SELECTOR, ".govuk-error-summary a[href='#ends_on-day']")
    check_page(browser)

    fill(browser, date_parts("ends_on", starts + timedelta(days=20)))
    submit(browser, "/portal/manager-absences/new")
    wait_for(browser, lambda d: "?done=reported" in d.current_url, what="the list of absences")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Anna Holm" in main and starts.isoformat() in main and "Semester" in main
    check_page(browser)

    # A change reported after its start date: the API flags it late, and its page says so.
    late = portal.run(
        portal.system.client.post(
            "/manager-changes",
            json={
                "authorisation_id": authorisation,
                "starts_on": (stockholm_date(now_utc()) - timedelta(days=3)).isoformat(),
                "person_in_charge": {"name": "Ola Sen"},
            },
            headers=person.provider.auth,
        )
    )
    assert late.status == 201
    change = portal.run(late.json())
    browser.get(portal.page(f"/manager-changes/{change['id']}"))
    assert "anmäldes efter" in browser.find_element(By.CLASS_NAME, "govuk-warning-text").text
    check_page(browser)

    # Longer than four weeks: the substitute's competence is asked for, and its parts left out are named.
    browser.get(portal.page("/manager-absences/new"))
    long_starts = starts + timedelta(days=60)
    fill(
        browser,
        {
            **date_parts("starts_on", long_starts),
            **date_parts("ends_on", long_starts + timedelta(days=28)),
            "substitute-name": "Bo Lind",
        },
    )
    browser.find_element(By.ID, "reason-2").click()
    submit(browser, "/portal/manager-absences/new")
    summary = error_summary(browser)
    assert "krävs vid så lång frånvaro" in summary
    for part in ("education", "practice", "supervision", "swedish"):
        browser.find_element(By.CSS_SELECTOR, f".govuk-error-summary a[href='#substitute-{part}']")
    check_page(browser)
    fill(
        browser,
        {
            "substitute-education-0-title": "Socionomprogrammet",
            "substitute-education-0-institution": "Lunds universitet",
            "substitute-education-0-years": "3,5",
            "substitute-practice-0-employer": "Hemtjänsten Ek",
            "substitute-practice-0-role": "Undersköterska",
            "substitute-practice-0-start": "2019-01-01",
            "substitute-practice-0-end": "2022-12-31",
            "substitute-supervision-0-employer": "Hemtjänsten Ek",
            "substitute-supervision-0-role": "Gruppledare",
            "substitute-supervision-0-start": (stockholm_date(now_utc()) - timedelta(days=99)).isoformat(),
        },
    )
    browser.find_element(By.ID, "substitute-education-0-in_care").click()
    browser.find_element(By.CSS_SELECTOR, "#substitute-swedish-spoken option[value=native]").click()
    browser.find_element(By.CSS_SELECTOR, "#substitute-swedish-written option[value=fluent]").click()
    submit(browser, "/portal/manager-absences/new")
    wait_for(browser, lambda d: "?done=reported" in d.current_url, what="the list of absences")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Bo Lind" in main and "Förhandskontroll" not in main, "the provider sees no pre-check"

    officer = portal.officer(areas=("hemtjanst",))
    log_in(browser, portal, officer, staff=True, path="/staff/manager-absences")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Anna Holm" in main and "Bo Lind" in main
    # The long absence's substitute was checked as a new person in charge would be, the sums shown.
    section = browser.find_element(By.CSS_SELECTOR, "section[id^='precheck-']")
    assert "Bo Lind" in section.text and "Förhandskontroll av kompetens" in section.text
    assert "Inte uppfyllt" in section.text
    for summary_text in section.find_elements(By.TAG_NAME, "summary"):
        summary_text.click()
    assert "< 730 required" in section.text
    check_page(browser)
