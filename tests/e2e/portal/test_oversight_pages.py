"""Serious deviations and follow-up requests through the portal's pages, by both sides: a provider person
reports, an officer acknowledges and closes, and the provider sees it closed; an officer asks, the provider
answers, and the officer reads the answer."""

from datetime import timedelta
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from services.reporting.domain.deviations import Category
from shared.auth.principal import Role
from shared.clock import now_utc
from shared.statutory_time import next_working_day
from tests.support.applications import MINIMAL_PDF
from tests.support.approval import reportable_authorisation
from tests.support.browser import browser_fixture, wait_for
from tests.support.identity_numbers import assert_not_shown, personal_number
from tests.support.portal import PortalSystem, ProviderPerson, check_page, log_in

browser = browser_fixture()


def _provider_with_authorisation(portal: PortalSystem) -> tuple[ProviderPerson, str]:
    person = portal.provider_person(Role.ADMINISTRATOR)
    return person, portal.run(reportable_authorisation(portal.system, person.provider))


def _choose(browser: WebDriver, name: str, value: str) -> None:
    """Clicks a radio's label, as a person does (GOV.UK draws its own radio over the input)."""
    radio = browser.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']")
    browser.find_element(By.CSS_SELECTOR, f"label[for='{radio.get_attribute('id')}']").click()


def _type(browser: WebDriver, field_id: str, value: str) -> None:
    field = browser.find_element(By.ID, field_id)
    field.clear()
    field.send_keys(value)


def _when(browser: WebDriver, name: str, days_ago: int, at: str) -> None:
    day = (now_utc() - timedelta(days=days_ago)).date()
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        _type(browser, f"{name}-{part}", str(value))
    _type(browser, f"{name}-time", at)


def _submit(browser: WebDriver, text: str) -> None:
    browser.find_element(By.XPATH, f"//button[normalize-space()='{text}']").click()


def _deviations_of(portal: PortalSystem, person: ProviderPerson) -> int:
    return portal.run(
        portal.system.count("reporting", "deviations", "provider_id = :p", p=person.provider.provider_id)
    )


def test_a_deviation_is_reported_refused_with_an_identity_number_and_closed_by_an_officer(
    portal: PortalSystem, browser: WebDriver
) -> None:
    person, authorisation_id = _provider_with_authorisation(portal)
    log_in(browser, portal, person.sub, path="/reports")
    check_page(browser)
    browser.find_element(By.LINK_TEXT, "Allvarliga avvikelser").click()
    check_page(browser)
    browser.find_element(By.LINK_TEXT, "Rapportera en allvarlig avvikelse").click()
    wait_for(browser, lambda d: d.current_url.endswith("/portal/deviations/new"), what="the report form")
    check_page(browser)

    Select(browser.find_element(By.ID, "authorisation_id")).select_by_value(authorisation_id)
    _choose(browser, "category", Category.DEVIATION.value)
    _choose(browser, "severity", "serious")
    _when(browser, "occurred_at", 2, "21:40")
    _when(browser, "discovered_at", 1, "07:15")
    number = personal_number("121212", "121")
    _type(browser, "description", f"Kvällsbesöket uteblev hos kunden {number}.")
    _type(browser, "immediate_actions", "Läkemedlen gavs nästa morgon.")
    _submit(browser, "Skicka rapporten")

    # Refused beside the field, linked from the summary, what was typed kept; nothing saved.
    message = wait_for(browser, lambda d: d.find_elements(By.ID, "description-error"), what="the error")[0]
    assert "personnummer" in message.text
    summary = browser.find_element(By.CLASS_NAME, "govuk-error-summary")
    assert "personnummer" in summary.find_element(By.CSS_SELECTOR, "a[href='#description']").text
    assert browser.title.startswith("Fel:")
    assert (
        browser.find_element(By.ID, "immediate_actions").get_attribute("value")
        == "Läkemedlen gavs nästa morgon."
    )
    assert browser.find_element(By.ID, "occurred_at-time").get_attribute("value") == "21:40"
    assert_not_shown(summary.text + message.text, number)
    check_page(browser, "deviation-report")
    assert _deviations_of(portal, person) == 0

    _type(browser, "description", "Kvällsbesöket uteblev; kunden fick inte sina läkemedel.")
    _submit(browser, "Skicka rapporten")
    banner = wait_for(browser, lambda d: d.find_elements(By.CLASS_NAME, "govuk-notification-banner"))[0]
    assert "rapporterad" in banner.text
    deviation_id = browser.current_url.split("/deviations/")[1].split("?")[0]
    assert "Rapporterad" in browser.find_element(By.CLASS_NAME, "govuk-tag").text
    assert "kunden fick inte sina läkemedel" in browser.find_element(By.CLASS_NAME, "govuk-summary-list").text
    check_page(browser)
    assert _deviations_of(portal, person) == 1

    officer = portal.officer(areas=("hemtjanst",))
    log_in(browser, portal, officer, staff=True, path="/staff/reports")
    check_page(browser)
    browser.find_element(By.LINK_TEXT, "Allvarliga avvikelser").click()
    check_page(browser)
    browser.find_element(By.CSS_SELECTOR, f"a[href='/portal/staff/deviations/{deviation_id}']").click()
    history = browser.find_element(By.LINK_TEXT, "Ärendets historik").get_attribute("href")
    assert history is not None
    assert history.endswith(f"/portal/staff/history/deviations/{deviation_id}")
    _type(browser, "acknowledgement_note", "Mottagen; vi återkommer.")
    _submit(browser, "Bekräfta mottagandet")
    wait_for(browser, lambda d: "?done=acknowledgement" in d.current_url, what="the acknowledgement")
    assert "Mottagen" in browser.find_element(By.CLASS_NAME, "govuk-tag").text

    _submit(browser, "Avsluta ärendet")  # no note: the API asks for one, shown beside the field
    error = wait_for(browser, lambda d: d.find_elements(By.ID, "closure_note-error"), what="the note's error")
    assert "Skriv" in error[0].text
    _type(browser, "closure_note", "Åtgärderna är tillräckliga; ärendet avslutas.")
    _submit(browser, "Avsluta ärendet")
    wait_for(browser, lambda d: "?done=closure" in d.current_url, what="the closure")
    assert "Avslutad" in browser.find_element(By.CLASS_NAME, "govuk-tag").text
    check_page(browser, "staff-deviation")

    log_in(browser, portal, person.sub, path=f"/deviations/{deviation_id}")
    assert "Avslutad" in browser.find_element(By.CLASS_NAME, "govuk-tag").text
    assert "ärendet avslutas" in browser.find_element(By.ID, "handling").text


def _fetched(browser: WebDriver, href: str) -> list[str]:
    """The status and media type of what the browser gets at `href`, within its session."""
    fetched: list[str] = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => done([String(r.status), r.headers.get('content-type')]));",
        href,
    )
    return fetched


def test_a_follow_up_request_is_asked_by_an_officer_and_answered_by_the_provider(
    portal: PortalSystem, browser: WebDriver, tmp_path: Path
) -> None:
    person, authorisation_id = _provider_with_authorisation(portal)
    officer = portal.officer(areas=("hemtjanst",))
    log_in(browser, portal, officer, staff=True, path="/staff/follow-ups")
    check_page(browser)
    browser.find_element(By.LINK_TEXT, "Begär uppgifter av en utförare").click()
    check_page(browser)
    Select(browser.find_element(By.ID, "authorisation_id")).select_by_value(authorisation_id)
    _type(
        browser, "questions", "Hur följer ni upp genomförandeplanerna?\nBifoga er rutin för nyckelhantering."
    )
    due = next_working_day(now_utc().date() + timedelta(days=14))
    for part, value in (("day", due.day), ("month", due.month), ("year", due.year)):
        _type(browser, f"due_date-{part}", str(value))
    _submit(browser, "Skicka begäran")
    wait_for(browser, lambda d: "?done=asked" in d.current_url, what="the request's page")
    follow_up_id = browser.current_url.split("/follow-ups/")[1].split("?")[0]
    assert "genomförandeplanerna" in browser.find_element(By.TAG_NAME, "main").text
    check_page(browser)

    log_in(browser, portal, person.sub, path="/follow-ups")
    row = browser.find_element(By.CSS_SELECTOR, f"a[href='/portal/follow-ups/{follow_up_id}']")
    check_page(browser)
    row.click()
    _submit(browser, "Skicka svaret")  # empty: refused beside the field
    error = wait_for(browser, lambda d: d.find_elements(By.ID, "answer-error"), what="the answer's error")
    assert "Skriv ditt svar" in error[0].text
    _type(browser, "answer", "Planerna följs upp varje kvartal; rutinen är bifogad.")
    routine = tmp_path / "nyckelrutin.pdf"
    routine.write_bytes(MINIMAL_PDF)
    browser.find_element(By.ID, "file").send_keys(str(routine))
    _submit(browser, "Skicka svaret")
    wait_for(browser, lambda d: "?done=answered" in d.current_url, what="the answered request")
    assert "varje kvartal" in browser.find_element(By.ID, "answer-text").text
    check_page(browser)

    log_in(browser, portal, officer, staff=True, path=f"/staff/follow-ups/{follow_up_id}")
    assert "varje kvartal" in browser.find_element(By.ID, "answer-text").text
    assert "Besvarad" in browser.find_element(By.CLASS_NAME, "govuk-tag").text
    document = browser.find_element(By.LINK_TEXT, "nyckelrutin.pdf").get_attribute("href")
    assert document is not None
    assert _fetched(browser, document) == ["200", "application/pdf"]
    history = browser.find_element(By.LINK_TEXT, "Ärendets historik").get_attribute("href")
    assert history is not None
    assert history.endswith(f"/portal/staff/history/follow-up-requests/{follow_up_id}")

    # The officer rejects the answer with reasons; the provider reads them and answers again; it is accepted.
    _submit(browser, "Godta inte svaret")  # no reasons: refused beside the field
    error = wait_for(browser, lambda d: d.find_elements(By.ID, "reasons-error"), what="the reasons' error")
    assert "Skriv varför svaret inte räcker" in error[0].text
    _type(browser, "reasons", "Rutinen saknar ansvarig person.")
    _submit(browser, "Godta inte svaret")
    wait_for(browser, lambda d: "?done=rejected" in d.current_url, what="the rejected answer")
    assert "Svaret godtas inte" in browser.find_element(By.CLASS_NAME, "govuk-tag").text
    check_page(browser)

    log_in(browser, portal, person.sub, path=f"/follow-ups/{follow_up_id}")
    assert "Rutinen saknar ansvarig person." in browser.find_element(By.ID, "verdicts").text
    check_page(browser)
    _type(browser, "answer", "Verksamhetschefen ansvarar för rutinen.")
    _submit(browser, "Skicka svaret")
    wait_for(browser, lambda d: "?done=answered" in d.current_url, what="the request answered again")

    log_in(browser, portal, officer, staff=True, path=f"/staff/follow-ups/{follow_up_id}")
    _submit(browser, "Godta svaret och avsluta begäran")
    wait_for(browser, lambda d: "?done=accepted" in d.current_url, what="the accepted answer")
    assert "Godtaget, avslutat" in browser.find_element(By.CLASS_NAME, "govuk-tag").text
    assert not browser.find_elements(By.ID, "reasons"), "no verdict is left to give"
    check_page(browser)
