"""An organisation's administration in a real browser: an administrator invites a colleague, creates an API
client and sees its secret once, subscribes a webhook and reads its delivery log, changes the notification
preferences and is refused demoting the last administrator; a reader is refused the administrator's pages;
a staff administrator changes an officer's areas."""

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from shared.auth.principal import Role
from tests.support.browser import browser_fixture, wait_for
from tests.support.portal import PortalSystem, check_page, log_in

browser = browser_fixture()


def _button(browser: WebDriver, text: str) -> None:
    _press(browser, browser.find_element(By.XPATH, f"//button[normalize-space()='{text}']"))


def _press(browser: WebDriver, button: WebElement) -> None:
    """Presses a form's button and waits for the page that answers it."""
    page = browser.find_element(By.TAG_NAME, "html")
    button.click()
    wait_for(browser, lambda _: _gone(page), what="the page that answers the form")


def _gone(element: WebElement) -> bool:
    try:
        element.is_enabled()
    except WebDriverException:  # stale, or no longer in the document
        return True
    return False


def _h1(browser: WebDriver) -> str:
    return browser.find_element(By.TAG_NAME, "h1").text


def test_an_administrator_manages_people_and_invitations(portal: PortalSystem, browser: WebDriver) -> None:
    person = portal.provider_person(Role.ADMINISTRATOR, name="Karin Lund")
    portal.provider_person(Role.REPORTER, provider=person.provider, name="Olle Rapport")
    log_in(browser, portal, person.sub, path="/organisation")
    assert _h1(browser) == "Omsorg i Nacka AB"
    check_page(browser)
    contact = browser.find_element(By.ID, "contact_email")
    contact.clear()
    contact.send_keys("inte en adress")
    _button(browser, "Spara kontaktadressen")
    assert browser.title.startswith("Fel:")
    assert browser.find_element(By.ID, "contact_email").get_attribute("value") == "inte en adress"
    check_page(browser)
    contact = browser.find_element(By.ID, "contact_email")
    contact.clear()
    contact.send_keys("ny.kontakt@omsorg.example")
    _button(browser, "Spara kontaktadressen")
    assert "ny.kontakt@omsorg.example" in browser.find_element(By.CLASS_NAME, "govuk-summary-list").text

    browser.find_element(By.LINK_TEXT, "Personer och deras roller").click()
    assert "Karin Lund (du)" in browser.find_element(By.TAG_NAME, "tbody").text
    check_page(browser, "organisation-people")
    # The last administrator cannot be made a reader: the API's refusal is shown beside the role.
    karin = browser.find_element(By.XPATH, "//tr[th[normalize-space()='Karin Lund (du)']]")
    karin.find_element(By.TAG_NAME, "select").send_keys("Läsare")
    select_id = karin.find_element(By.TAG_NAME, "select").get_attribute("id")
    _press(browser, karin.find_element(By.TAG_NAME, "button"))
    summary = browser.find_element(By.CLASS_NAME, "govuk-error-summary")
    assert "sista administratör" in summary.text
    assert str(summary.find_element(By.TAG_NAME, "a").get_attribute("href")).endswith(f"#{select_id}")
    check_page(browser)
    # A colleague's role changes, and the colleague is removed after confirming.
    olle = "//tr[th[normalize-space()='Olle Rapport']]"
    browser.find_element(By.XPATH, olle).find_element(By.TAG_NAME, "select").send_keys("Läsare")
    _press(browser, browser.find_element(By.XPATH, olle).find_element(By.TAG_NAME, "button"))
    assert "Rollen är ändrad" in browser.find_element(By.CLASS_NAME, "govuk-notification-banner").text
    chosen = browser.find_element(By.XPATH, olle).find_element(By.CSS_SELECTOR, "option:checked")
    assert chosen.text == "Läsare"
    browser.find_element(By.XPATH, olle).find_element(By.PARTIAL_LINK_TEXT, "Ta bort").click()
    assert "Olle Rapport" in browser.find_element(By.TAG_NAME, "main").text
    check_page(browser)
    _button(browser, "Ta bort personen")
    assert "borttagen" in browser.find_element(By.CLASS_NAME, "govuk-notification-banner").text
    assert not browser.find_elements(By.XPATH, olle)

    browser.find_element(By.LINK_TEXT, "Bjud in en kollega").click()
    browser.find_element(By.ID, "email").send_keys("kollega@omsorg.example")
    browser.find_element(By.CSS_SELECTOR, "input[name='role'][value='reader']").click()
    _button(browser, "Skicka inbjudan")
    assert "Inbjudan är skickad" in browser.find_element(By.CLASS_NAME, "govuk-notification-banner").text
    row = browser.find_element(By.XPATH, "//tr[td[normalize-space()='kollega@omsorg.example']]")
    assert "Läsare" in row.text and "Väntar" in row.text
    check_page(browser)
    _press(browser, row.find_element(By.TAG_NAME, "button"))
    row = browser.find_element(By.XPATH, "//tr[td[normalize-space()='kollega@omsorg.example']]")
    assert "Återtagen" in row.text and not row.find_elements(By.TAG_NAME, "button")


def test_an_administrator_creates_and_revokes_an_api_client(portal: PortalSystem, browser: WebDriver) -> None:
    person = portal.provider_person(Role.ADMINISTRATOR)
    log_in(browser, portal, person.sub, path="/organisation/clients")
    check_page(browser)
    browser.find_element(By.ID, "label").send_keys("Verksamhetssystemet")
    browser.find_element(By.CSS_SELECTOR, "input[name='role'][value='reader']").click()
    _button(browser, "Skapa API-klienten")
    assert _h1(browser) == "API-klienten är skapad"
    client_id = browser.find_element(By.ID, "client-id").text
    secret = browser.find_element(By.ID, "client-secret").text
    assert "visas bara den här gången" in browser.find_element(By.CLASS_NAME, "govuk-warning-text").text
    check_page(browser)
    # The secret works, and is shown nowhere again.
    assert portal.run(portal.system.token(client_id, secret))
    browser.find_element(By.LINK_TEXT, "Tillbaka till API-klienterna").click()
    assert secret not in browser.page_source
    row = browser.find_element(By.XPATH, f"//tr[td[normalize-space()='{client_id}']]")
    assert "Läsare" in row.text
    row.find_element(By.PARTIAL_LINK_TEXT, "Återkalla").click()
    check_page(browser)
    _button(browser, "Återkalla API-klienten")
    assert "återkallad" in browser.find_element(By.CLASS_NAME, "govuk-notification-banner").text
    row = browser.find_element(By.XPATH, f"//tr[td[normalize-space()='{client_id}']]")
    assert "Återkallad" in row.text


def test_an_administrator_subscribes_a_webhook_and_chooses_channels(
    portal: PortalSystem, browser: WebDriver
) -> None:
    person = portal.provider_person(Role.ADMINISTRATOR)
    log_in(browser, portal, person.sub, path="/organisation/webhooks")
    check_page(browser)
    browser.find_element(By.ID, "url").send_keys("https://93.184.215.14/kundval")
    _button(browser, "Prenumerera")
    assert browser.title.startswith("Fel:")
    assert browser.find_element(By.ID, "url").get_attribute("value") == "https://93.184.215.14/kundval"
    browser.find_element(By.CSS_SELECTOR, "input[value='application.approved']").click()
    browser.find_element(By.CSS_SELECTOR, "input[value='deviation.closed']").click()
    _button(browser, "Prenumerera")
    assert _h1(browser) == "Webhooken är ansluten"
    assert browser.find_element(By.ID, "webhook-secret").text.startswith("whsec_")
    check_page(browser)
    browser.find_element(By.LINK_TEXT, "Dess leveranslogg").click()
    assert _h1(browser) == "Leveranslogg"
    check_page(browser)
    browser.find_element(By.LINK_TEXT, "Webhookar").click()
    row = browser.find_element(By.XPATH, "//tr[td[contains(., '93.184.215.14')]]")
    assert "En ansökan godkänns" in row.text

    browser.get(portal.page("/organisation/preferences"))
    check_page(browser)
    box = browser.find_element(By.ID, "channel-deviation-closed-email")
    assert box.is_selected()
    box.click()
    _button(browser, "Spara valen")
    assert "sparade" in browser.find_element(By.CLASS_NAME, "govuk-notification-banner").text
    assert not browser.find_element(By.ID, "channel-deviation-closed-email").is_selected()
    assert browser.find_element(By.ID, "channel-deviation-closed-webhook").is_selected()
    assert browser.find_element(By.ID, "channel-application-approved-email").is_selected()


def test_a_reader_sees_no_administrators_forms(portal: PortalSystem, browser: WebDriver) -> None:
    person = portal.provider_person(Role.READER, name="Lisa Läsare")
    log_in(browser, portal, person.sub, path="/organisation/people")
    assert "Lisa Läsare" in browser.find_element(By.TAG_NAME, "tbody").text
    assert not browser.find_elements(By.TAG_NAME, "select")
    check_page(browser)
    for path in ("/organisation/clients", "/organisation/webhooks", "/organisation/invitations"):
        browser.get(portal.page(path))
        assert _h1(browser) == "Du kan inte göra det här", path
    browser.get(portal.page("/organisation/preferences"))
    assert not browser.find_elements(By.XPATH, "//button[normalize-space()='Spara valen']")
    assert not browser.find_element(By.ID, "channel-deviation-closed-email").is_enabled()
    check_page(browser)


def test_a_staff_administrator_changes_an_officers_areas(portal: PortalSystem, browser: WebDriver) -> None:
    officer = portal.officer(areas=("hemtjanst",))
    log_in(browser, portal, officer, staff=True)
    admin = portal.officer(areas=(), admin=True)
    log_in(browser, portal, admin, staff=True, path="/staff/people")
    check_page(browser)
    email = f"{officer}@kommun.example"
    browser.find_element(By.XPATH, f"//tr[td[normalize-space()='{email}']]").find_element(
        By.PARTIAL_LINK_TEXT, "Ändra"
    ).click()
    assert browser.find_element(By.CSS_SELECTOR, "input[value='hemtjanst']").is_selected()
    check_page(browser)
    browser.find_element(By.CSS_SELECTOR, "input[value='boendestod']").click()
    _button(browser, "Spara rollerna")
    row = browser.find_element(By.XPATH, f"//tr[td[normalize-space()='{email}']]")
    assert "Boendestöd" in row.text and "Hemtjänst" in row.text
    assert "ändrade" in browser.find_element(By.CLASS_NAME, "govuk-notification-banner").text
