"""A provider person applies for an area in the portal, in a real browser: every part of the application
through its pages, a submission with something missing, and the answers and submission by keyboard alone."""

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from shared.auth.principal import Role
from tests.support.applications import MINIMAL_PDF, document_form, years_ago
from tests.support.browser import browser_fixture, tab_to, type_keys, wait_for
from tests.support.portal import PortalSystem, check_page, log_in

browser = browser_fixture()


def _submit_button(browser: WebDriver, text: str) -> None:
    # The last of its name: a form may begin with a hidden twin of its main button, for Enter.
    browser.find_elements(By.XPATH, f"//button[normalize-space()='{text}']")[-1].click()


def _error_links(browser: WebDriver) -> list[str]:
    """The fields the error summary links to, once the page with it has come."""
    links = wait_for(
        browser,
        lambda d: d.find_elements(By.CSS_SELECTOR, ".govuk-error-summary a"),
        what="the error summary",
    )
    return [str(link.get_attribute("href")).rsplit("#", 1)[-1] for link in links]


def _fill(browser: WebDriver, element_id: str, value: str) -> None:
    field = browser.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(value)


def test_a_provider_fills_every_part_and_submits(
    portal: PortalSystem, browser: WebDriver, tmp_path: Path
) -> None:
    person = portal.provider_person(Role.ADMINISTRATOR)
    log_in(browser, portal, person.sub)
    check_page(browser, "provider-start")

    browser.get(portal.page("/applications"))
    check_page(browser)
    browser.find_element(By.LINK_TEXT, "Starta en ny ansökan").click()
    _submit_button(browser, "Starta ansökan")
    assert _error_links(browser) == ["area_code"]
    check_page(browser)
    browser.find_element(By.CSS_SELECTOR, "input[name=area_code][value=hemtjanst]").click()
    _submit_button(browser, "Starta ansökan")
    wait_for(browser, lambda d: "done=started" in d.current_url, what="the new application")
    application_url = browser.current_url.split("?")[0]
    assert browser.find_elements(By.CLASS_NAME, "govuk-task-list")
    check_page(browser, "apply-task-list")

    # Submitted before anything is filled in: the missing list, each item linking to its part.
    browser.get(application_url + "/submit")
    _submit_button(browser, "Skicka in ansökan")
    missing = _error_links(browser)
    assert browser.title.startswith("Fel:")
    assert "missing-answers-goals" in missing
    assert {"missing-person_in_charge", "missing-attachments"} <= set(missing)
    for target in missing:
        assert browser.find_elements(By.ID, target), target
    check_page(browser)

    browser.get(application_url)
    browser.find_element(By.LINK_TEXT, "Svara på villkoren").click()
    answers = browser.find_elements(By.CSS_SELECTOR, "textarea")
    assert answers
    for textarea in answers:
        textarea.send_keys("Vi följer upp varje kunds genomförandeplan varje kvartal.")
    check_page(browser)
    _submit_button(browser, "Spara svaren")
    wait_for(browser, lambda d: "done=answers" in d.current_url, what="the saved answers")

    browser.get(application_url + "/person-in-charge")
    _fill(browser, "person_in_charge-name", "Karin Lund")
    _submit_button(browser, "Lägg till en utbildning till")
    wait_for(
        browser,
        lambda d: d.find_elements(By.ID, "person_in_charge-education-1-title"),
        what="a second education row",
    )
    assert browser.find_element(By.ID, "person_in_charge-name").get_attribute("value") == "Karin Lund"
    _fill(browser, "person_in_charge-education-0-title", "Socionomprogrammet")
    _fill(browser, "person_in_charge-education-0-institution", "Stockholms universitet")
    Select(browser.find_element(By.ID, "person_in_charge-education-0-level")).select_by_value("university")
    browser.find_element(By.ID, "person_in_charge-education-0-in_care").click()
    _fill(browser, "person_in_charge-education-0-years", "3")
    _fill(browser, "person_in_charge-practice-0-employer", "Omsorg i Nacka AB")
    _fill(browser, "person_in_charge-practice-0-role", "Undersköterska")
    Select(browser.find_element(By.ID, "person_in_charge-practice-0-field")).select_by_value("elderly_care")
    _fill(browser, "person_in_charge-practice-0-start", years_ago(6))
    _fill(browser, "person_in_charge-practice-0-end", years_ago(3))
    _fill(browser, "person_in_charge-supervision-0-employer", "Omsorg i Nacka AB")
    _fill(browser, "person_in_charge-supervision-0-role", "Enhetschef")
    _fill(browser, "person_in_charge-supervision-0-start", years_ago(3))
    Select(browser.find_element(By.ID, "person_in_charge-swedish-spoken")).select_by_value("native")
    Select(browser.find_element(By.ID, "person_in_charge-swedish-written")).select_by_value("native")
    check_page(browser, "apply-person-in-charge")
    _fill(browser, "person_in_charge-education-0-years", "tre")
    _submit_button(browser, "Spara verksamhetsansvarig")
    # Refused by the API beside the field, with everything typed kept.
    assert "person_in_charge-education-0-years" in _error_links(browser)
    assert (
        browser.find_element(By.ID, "person_in_charge-practice-0-role").get_attribute("value")
        == "Undersköterska"
    )
    check_page(browser)
    _fill(browser, "person_in_charge-education-0-years", "3,5")
    _submit_button(browser, "Spara verksamhetsansvarig")
    wait_for(browser, lambda d: "done=person" in d.current_url, what="the saved person in charge")

    browser.get(application_url + "/attachments")
    document = tmp_path / "cv.pdf"
    document.write_bytes(MINIMAL_PDF)
    browser.find_element(By.ID, "file").send_keys(str(document))
    _submit_button(browser, "Bifoga dokumentet")
    wait_for(browser, lambda d: "done=attached" in d.current_url, what="the attached document")
    assert browser.find_element(By.LINK_TEXT, "cv.pdf")
    check_page(browser)

    browser.get(application_url + "/submit")
    check_page(browser)
    _submit_button(browser, "Skicka in ansökan")
    wait_for(browser, lambda d: "done=submitted" in d.current_url, what="the submitted application")
    assert "Inskickad" in browser.find_element(By.TAG_NAME, "main").text
    check_page(browser, "apply-submitted")

    browser.find_element(By.LINK_TEXT, "Återkalla ansökan").click()
    check_page(browser)
    _submit_button(browser, "Ja, återkalla ansökan")
    wait_for(browser, lambda d: "done=withdrawn" in d.current_url, what="the withdrawn application")
    assert "Återtagen" in browser.find_element(By.TAG_NAME, "main").text


def test_the_application_by_keyboard_alone(portal: PortalSystem, browser: WebDriver) -> None:
    person = portal.provider_person(Role.ADMINISTRATOR)
    provider = person.provider

    async def prepared() -> str:
        # A document is attached through the API: a browser's file chooser is the system's, not the page's.
        application = await portal.system.start_application(provider)
        attached = await portal.system.client.post(
            f"/applications/{application['id']}/attachments", data=document_form(), headers=provider.auth
        )
        assert attached.status == 201, await attached.text()
        return str(application["id"])

    application_id = portal.run(prepared())
    log_in(browser, portal, person.sub, path=f"/applications/{application_id}")

    def fill(field_id: str, *keys: str) -> None:
        tab_to(browser, browser.find_element(By.ID, field_id))
        type_keys(browser, *keys)

    # The person in charge, every field reached with Tab: a select takes the first letters of its choice,
    # a checkbox a space.
    tab_to(browser, browser.find_element(By.LINK_TEXT, "Verksamhetsansvarig"))
    type_keys(browser, Keys.ENTER)
    wait_for(browser, lambda d: d.current_url.endswith("/person-in-charge"), what="the person in charge")
    fill("person_in_charge-name", "Karin Lund")
    fill("person_in_charge-education-0-title", "Socionomprogrammet")
    fill("person_in_charge-education-0-institution", "Stockholms universitet")
    fill("person_in_charge-education-0-level", "Univ")
    fill("person_in_charge-education-0-in_care", Keys.SPACE)
    fill("person_in_charge-education-0-years", "3")
    fill("person_in_charge-practice-0-employer", "Omsorg i Nacka AB")
    fill("person_in_charge-practice-0-role", "Undersköterska")
    fill("person_in_charge-practice-0-field", "Äldre")
    fill("person_in_charge-practice-0-start", years_ago(6))
    fill("person_in_charge-practice-0-end", years_ago(3))
    fill("person_in_charge-supervision-0-employer", "Omsorg i Nacka AB")
    fill("person_in_charge-supervision-0-role", "Enhetschef")
    fill("person_in_charge-supervision-0-start", years_ago(3))
    fill("person_in_charge-swedish-spoken", "Moders")
    fill("person_in_charge-swedish-written", "Moders")
    tab_to(
        browser,
        browser.find_elements(By.XPATH, "//button[normalize-space()='Spara verksamhetsansvarig']")[-1],
    )
    type_keys(browser, Keys.ENTER)
    wait_for(browser, lambda d: "done=person" in d.current_url, what="the saved person in charge")
    browser.get(portal.page(f"/applications/{application_id}"))

    tab_to(browser, browser.find_element(By.LINK_TEXT, "Svara på villkoren"))
    type_keys(browser, Keys.ENTER)
    wait_for(browser, lambda d: d.current_url.endswith("/answers"), what="the answers page")
    for textarea in browser.find_elements(By.CSS_SELECTOR, "textarea"):
        tab_to(browser, textarea)
        type_keys(browser, "Genomförandeplan per kund, uppföljning varje kvartal.")
    tab_to(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Spara svaren']"))
    type_keys(browser, Keys.ENTER)
    wait_for(browser, lambda d: "done=answers" in d.current_url, what="the saved answers")

    tab_to(browser, browser.find_element(By.LINK_TEXT, "Kontrollera och skicka in"))
    type_keys(browser, Keys.ENTER)
    wait_for(browser, lambda d: d.current_url.endswith("/submit"), what="the check page")
    tab_to(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Skicka in ansökan']"))
    type_keys(browser, Keys.ENTER)
    wait_for(browser, lambda d: "done=submitted" in d.current_url, what="the submitted application")
    assert "Inskickad" in browser.find_element(By.TAG_NAME, "main").text


def test_another_organisations_application_is_not_found(portal: PortalSystem, browser: WebDriver) -> None:
    person = portal.provider_person(Role.ADMINISTRATOR)
    other = portal.run(portal.system.register_provider(name="Annan Omsorg AB"))
    theirs = portal.run(portal.system.start_application(other))
    log_in(browser, portal, person.sub)
    for path in (f"/applications/{theirs['id']}", f"/applications/{theirs['id']}/answers"):
        browser.get(portal.page(path))
        assert browser.find_element(By.TAG_NAME, "h1").text == "Sidan finns inte"
    check_page(browser)
