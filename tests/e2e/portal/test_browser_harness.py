"""The browser harness, proved on small local pages before any portal page relies on it, and the vendored
GOV.UK Frontend files it will check those pages with."""

import struct
import threading
from collections.abc import Iterator
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from tests.support.browser import (
    accessibility_violations,
    assert_accessible,
    assert_usable_at_320,
    browser_fixture,
    screenshot,
    tab_to,
    type_keys,
    wait_for,
)

STATIC = Path(__file__).parents[3] / "services" / "portal" / "static"
GOVUK_CSS = STATIC / "govuk" / "govuk-frontend.min.css"
GOVUK_JS = STATIC / "govuk" / "govuk-frontend.min.js"

HEAD = '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
PAGES = {
    "/accessible": f"""<!doctype html><html lang="sv"><head>{HEAD}<title>Ansökan</title></head>
<body><main><h1>Ansökan</h1>
<form><label for="name">Namn</label><input id="name" name="name" type="text">
<button type="submit">Skicka</button></form></main></body></html>""",
    "/inaccessible": f"""<!doctype html><html lang="sv"><head>{HEAD}<title>Ansökan</title></head>
<body><main><h1>Ansökan</h1><input name="name" type="text">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"></main></body></html>""",
    "/wide": f"""<!doctype html><html lang="sv"><head>{HEAD}<title>Tabell</title></head>
<body><main><h1>Tabell</h1><div id="wide" style="width: 600px">Bred</div></main></body></html>""",
    "/tall": f"""<!doctype html><html lang="sv"><head>{HEAD}<title>Lång</title></head>
<body><main><h1>Lång</h1><div style="height: 2500px">Lång</div></main></body></html>""",
    "/govuk": f"""<!doctype html><html lang="sv" class="govuk-template"><head>{HEAD}<title>Område</title>
<link rel="stylesheet" href="/portal/static/govuk/govuk-frontend.min.css"></head>
<body class="govuk-template__body">
<script>document.body.className += ' js-enabled govuk-frontend-supported'</script>
<div class="govuk-width-container"><main class="govuk-main-wrapper">
<h1 class="govuk-heading-l">Område</h1>
<div class="govuk-form-group"><label class="govuk-label" for="email">E-postadress</label>
<input class="govuk-input" id="email" name="email" type="email" autocomplete="email"></div>
<button type="submit" class="govuk-button" data-module="govuk-button">Fortsätt</button>
</main></div>
<script type="module">
import {{ initAll }} from '/portal/static/govuk/govuk-frontend.min.js'
initAll()
</script></body></html>""",
}

browser = browser_fixture()


class Pages(SimpleHTTPRequestHandler):
    """The pages above, and the portal's static folder under /portal/static/ as the portal serves it."""

    languages: list[str] = []

    def do_GET(self) -> None:
        self.languages.append(self.headers.get("Accept-Language", ""))
        page = PAGES.get(self.path)
        if page is None:
            super().do_GET()
            return
        body = page.encode()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        prefix = "/portal/static/"
        if not path.startswith(prefix):
            return str(STATIC / "missing")
        return super().translate_path("/" + path.removeprefix(prefix))

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Pages, directory=str(STATIC)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_an_accessible_page_passes(browser: WebDriver, site: str) -> None:
    browser.get(f"{site}/accessible")
    assert_accessible(browser)


def test_a_missing_label_and_a_missing_alt_text_are_found(browser: WebDriver, site: str) -> None:
    browser.get(f"{site}/inaccessible")
    rules = {violation["id"] for violation in accessibility_violations(browser)}
    assert {"label", "image-alt"} <= rules
    with pytest.raises(AssertionError, match="image-alt") as refused:
        assert_accessible(browser)
    assert "img" in str(refused.value)


def test_a_page_wider_than_320_pixels_fails_and_the_window_comes_back(browser: WebDriver, site: str) -> None:
    browser.get(f"{site}/wide")
    before = browser.get_window_size()
    with pytest.raises(AssertionError, match="div#wide"):
        assert_usable_at_320(browser)
    assert browser.get_window_size() == before


def test_a_page_that_reflows_is_usable_at_320_pixels(browser: WebDriver, site: str) -> None:
    browser.get(f"{site}/accessible")
    assert_usable_at_320(browser)


def test_the_browser_asks_for_swedish(browser: WebDriver, site: str) -> None:
    Pages.languages.clear()
    browser.get(f"{site}/accessible")
    assert Pages.languages[0].startswith("sv-SE")


def test_the_keyboard_reaches_and_fills_a_field(browser: WebDriver, site: str) -> None:
    browser.get(f"{site}/accessible")
    field = browser.find_element(By.ID, "name")
    assert tab_to(browser, field) == 1
    type_keys(browser, "Åsa Öberg")
    assert field.get_attribute("value") == "Åsa Öberg"
    tab_to(browser, browser.find_element(By.TAG_NAME, "button"))
    type_keys(browser, Keys.ENTER)
    wait_for(browser, lambda d: "name=" in d.current_url, what="the form to be sent")
    assert browser.current_url.endswith("name=%C3%85sa+%C3%96berg")


def test_tabbing_to_what_takes_no_focus_fails_clearly(browser: WebDriver, site: str) -> None:
    browser.get(f"{site}/accessible")
    with pytest.raises(AssertionError, match=r"input#name\[name=name\], button"):
        tab_to(browser, browser.find_element(By.TAG_NAME, "h1"), most=4)


def test_waiting_in_vain_names_what_was_awaited(browser: WebDriver, site: str) -> None:
    browser.get(f"{site}/accessible")
    with pytest.raises(AssertionError, match="a heading that never comes"):
        wait_for(browser, lambda d: d.title == "Annat", timeout=0.3, what="a heading that never comes")


def test_screenshots_are_taken_only_when_asked_for(
    browser: WebDriver, site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser.get(f"{site}/tall")
    monkeypatch.delenv("PORTAL_SCREENSHOTS", raising=False)
    assert screenshot(browser, "tall") is None
    monkeypatch.setenv("PORTAL_SCREENSHOTS", str(tmp_path / "shots"))
    before = browser.get_window_size()
    path = screenshot(browser, "tall")
    assert path == tmp_path / "shots" / "tall.png"
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    _, height = struct.unpack(">II", header[16:24])
    assert height >= 2500, "the whole page, not the window"
    assert browser.get_window_size() == before


def test_the_govuk_frontend_css_has_no_gds_transport_font_and_the_portals_asset_path() -> None:
    css = GOVUK_CSS.read_text(encoding="utf-8")
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "url(/assets/" not in css
    assert "/portal/static/govuk/assets/" in css
    assert "initAll" in GOVUK_JS.read_text(encoding="utf-8")
    assert (STATIC / "govuk" / "LICENSE").read_text(encoding="utf-8").startswith("The MIT License")


def test_a_page_of_govuk_components_is_accessible_in_arial(browser: WebDriver, site: str) -> None:
    browser.get(f"{site}/govuk")
    # GOV.UK Frontend's JavaScript marks each component it has started.
    wait_for(
        browser,
        lambda d: (
            d.find_element(By.CSS_SELECTOR, ".govuk-button").get_attribute("data-govuk-button-init")
            is not None
        ),
        what="GOV.UK Frontend's JavaScript to start the button",
    )
    font = browser.execute_script("return getComputedStyle(document.querySelector('h1')).fontFamily")
    assert font.lower().startswith("arial")
    assert_accessible(browser)
    assert_usable_at_320(browser)
