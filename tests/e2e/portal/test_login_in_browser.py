"""People log in to the portal in a real browser, through the identity provider, and out again."""

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from shared.auth.principal import Role
from tests.support.browser import browser_fixture
from tests.support.portal import PortalSystem, check_page, log_in, log_out

browser = browser_fixture()


def test_the_visitors_pages_are_accessible(portal: PortalSystem, browser: WebDriver) -> None:
    for path, name in (("/", "start"), ("/login", "login"), ("/areas", None), ("/accessibility", None)):
        browser.get(portal.page(path))
        assert browser.find_element(By.TAG_NAME, "h1").text
        check_page(browser, name)


def test_a_provider_person_logs_in_sees_their_organisation_and_logs_out(
    portal: PortalSystem, browser: WebDriver
) -> None:
    person = portal.provider_person(Role.ADMINISTRATOR, name="Karin Lund")
    log_in(browser, portal, person.sub)
    header = browser.find_element(By.CLASS_NAME, "portal-bar").text
    assert "Karin Lund" in header
    assert "Omsorg i Nacka AB" in browser.find_element(By.TAG_NAME, "h1").text
    check_page(browser)

    log_out(browser, portal)
    check_page(browser)
    browser.get(portal.page("/"))
    assert "Logga in" in browser.find_element(By.CLASS_NAME, "portal-bar").text


def test_a_page_asked_for_before_the_login_is_shown_after_it(
    portal: PortalSystem, browser: WebDriver
) -> None:
    officer = portal.officer()
    browser.delete_all_cookies()
    browser.get(portal.page("/areas"))
    log_in(browser, portal, officer, staff=True, path="/areas")
    assert "Eva Handläggare" in browser.find_element(By.CLASS_NAME, "portal-bar").text
