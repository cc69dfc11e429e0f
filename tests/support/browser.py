"""The browser tests' harness: Debian's headless Chromium driven by Selenium, axe-core's accessibility
check, the 320-pixel reflow check (WCAG 1.4.10), keyboard-only input and screenshots.

Every call here blocks. A system started on the test's own event loop (tests/support/system.py) cannot
answer a browser the loop is blocked on: run the system on a thread of its own, as
tests/support/live_system.py does, or call these through `asyncio.to_thread`.

A test module gets one browser for its tests with `browser = browser_fixture()`, and its tests take a
`browser: WebDriver` parameter; `chrome()` is the same browser for a `with` block.
"""

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

T = TypeVar("T")

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WINDOW = (1280, 900)
NARROWEST = 320
AXE_SOURCE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
SCREENSHOTS_ENV = "PORTAL_SCREENSHOTS"


def chrome_options(user_data_dir: str) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        # Chromium refuses to start its sandbox as root, and the tests may run as root.
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        # Nothing reaches out to Google's servers while a test runs.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        f"--user-data-dir={user_data_dir}",
        "--lang=sv-SE",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
    ):
        options.add_argument(argument)
    # Headless Chromium takes the Accept-Language header from this preference, not from --lang.
    options.add_experimental_option("prefs", {"intl.accept_languages": "sv-SE,sv"})
    return options


@contextmanager
def chrome() -> Iterator[WebDriver]:
    """A fresh headless Chromium with an empty profile of its own, removed afterwards."""
    user_data_dir = tempfile.mkdtemp(prefix="chromium-")
    try:
        # Naming the driver keeps Selenium Manager from looking for one on the network.
        driver = webdriver.Chrome(
            service=Service(executable_path=CHROMEDRIVER), options=chrome_options(user_data_dir)
        )
        try:
            driver.set_window_size(*WINDOW)
            driver.set_script_timeout(30)
            yield driver
        finally:
            driver.quit()
    finally:
        shutil.rmtree(user_data_dir, ignore_errors=True)


def _browser() -> Iterator[WebDriver]:
    with chrome() as driver:
        yield driver


def browser_fixture(scope: Literal["function", "module", "package", "session"] = "module") -> Any:
    """A `browser` fixture: one browser for the tests of the scope. A test module declares it with
    `browser = browser_fixture()`, which lint accepts where an imported fixture would be an unused import
    shadowed by every test's parameter."""
    return pytest.fixture(scope=scope, name="browser")(_browser)


def wait_for(
    driver: WebDriver,
    condition: Callable[[WebDriver], Literal[False] | T],
    timeout: float = 10.0,
    what: str = "the page",
) -> T:
    """The condition's first truthy value, or an AssertionError naming what was awaited."""
    try:
        return WebDriverWait(driver, timeout).until(condition)
    except TimeoutException:
        where = driver.current_url
        raise AssertionError(f"timed out after {timeout}s waiting for {what} at {where}") from None


@cache
def _axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


def accessibility_violations(driver: WebDriver) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations of WCAG 2.1 A and AA on the page as it is now."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(_axe_source())
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    outcome: dict[str, Any] = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, JSON.parse(arguments[0])).then(
          (results) => done({violations: results.violations}),
          (error) => done({error: String(error)}),
        );
        """,
        options,
    )
    if "error" in outcome:
        raise AssertionError(f"axe-core could not check {driver.current_url}: {outcome['error']}")
    violations: list[dict[str, Any]] = outcome["violations"]
    return [violation for violation in violations if violation.get("impact") in BLOCKING_IMPACTS]


def describe_violation(violation: dict[str, Any], targets_shown: int = 3) -> str:
    targets = [", ".join(node["target"]) for node in violation.get("nodes", [])]
    more = f" and {len(targets) - targets_shown} more" if len(targets) > targets_shown else ""
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        f"{'; '.join(targets[:targets_shown])}{more} ({violation.get('helpUrl', '')})"
    )


def assert_accessible(driver: WebDriver) -> None:
    violations = accessibility_violations(driver)
    assert not violations, f"accessibility violations on {driver.current_url}:\n" + "\n".join(
        describe_violation(violation) for violation in violations
    )


_OVERFLOWING = """
const width = window.innerWidth;
return Array.from(document.body ? document.body.querySelectorAll('*') : [])
  .filter((element) => element.getBoundingClientRect().right > width)
  .slice(0, 5)
  .map((element) => element.tagName.toLowerCase()
    + (element.id ? '#' + element.id : '')
    + (element.classList.length ? '.' + Array.from(element.classList).join('.') : ''));
"""


def _set_inner_width(driver: WebDriver, width: int, height: int) -> None:
    # The window may be wider than its viewport (a frame, outside headless mode): undo the difference.
    driver.set_window_size(width, height)
    inner: int = driver.execute_script("return window.innerWidth")
    if inner != width:
        driver.set_window_size(2 * width - inner, height)
    wait_for(
        driver,
        lambda d: d.execute_script("return window.innerWidth") == width,
        timeout=5,
        what=f"a viewport {width} pixels wide",
    )


def assert_usable_at_320(driver: WebDriver) -> None:
    """The page reflows into 320 CSS pixels without scrolling sideways (WCAG 2.1, 1.4.10)."""
    size = driver.get_window_size()
    try:
        _set_inner_width(driver, NARROWEST, size["height"])
        scroll_width: int = driver.execute_script("return document.documentElement.scrollWidth")
        if scroll_width > NARROWEST:
            overflowing = driver.execute_script(_OVERFLOWING)
            raise AssertionError(
                f"{driver.current_url} is {scroll_width} pixels wide in a {NARROWEST}-pixel window "
                f"(it scrolls sideways); wider than the window: {', '.join(overflowing) or 'nothing in body'}"
            )
    finally:
        driver.set_window_size(size["width"], size["height"])


def screenshot(driver: WebDriver, name: str) -> Path | None:
    """The whole page as `<name>.png` in the folder PORTAL_SCREENSHOTS names; nothing when it is unset,
    so that an ordinary test run writes no files."""
    folder = os.environ.get(SCREENSHOTS_ENV)
    if not folder:
        return None
    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    size = driver.get_window_size()
    try:
        # The window is taller than its viewport by the height of the browser's bars.
        height: int = driver.execute_script(
            "return Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0)"
            " + window.outerHeight - window.innerHeight"
        )
        driver.set_window_size(size["width"], max(height, size["height"]))
        if not driver.save_screenshot(str(path)):
            raise AssertionError(f"Chromium did not save a screenshot of {driver.current_url}")
    finally:
        driver.set_window_size(size["width"], size["height"])
    return path


def _describe(driver: WebDriver) -> str:
    described: str = driver.execute_script(
        """
        const element = document.activeElement;
        if (!element) return 'nothing';
        const name = element.getAttribute('name');
        return element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
          + (name ? '[name=' + name + ']' : '');
        """
    )
    return described


def tab_to(driver: WebDriver, element: WebElement, most: int = 60) -> int:
    """Presses Tab, as a keyboard user does, until the element has the focus; the presses it took."""
    visited: list[str] = []
    for presses in range(1, most + 1):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.switch_to.active_element == element:
            return presses
        visited.append(_describe(driver))
    raise AssertionError(
        f"{most} presses of Tab did not reach the element on {driver.current_url}; the focus went to "
        + ", ".join(visited)
    )


def type_keys(driver: WebDriver, *keys: str) -> None:
    """Types into whatever has the focus, with no pointer: text, or keys such as Keys.ENTER and Keys.SPACE."""
    ActionChains(driver).send_keys(*keys).perform()
