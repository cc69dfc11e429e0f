"""The portal in a real browser: the one-process system (the portal included) on an event loop of its own
thread, since Selenium's calls block, with a real OpenID Connect provider through which people log in."""

import uuid
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from services.application.actions.staff import grant_staff
from shared.auth.principal import Role
from tests.support.browser import assert_accessible, assert_usable_at_320, screenshot, wait_for
from tests.support.identity_provider import IdentityProvider, identity_provider
from tests.support.live_system import LiveSystem
from tests.support.people import add_membership, add_person
from tests.support.system import Provider, System

T = TypeVar("T")


@dataclass
class ProviderPerson:
    """A person of a provider organisation, known to the identity provider as `sub`."""

    sub: str
    name: str
    provider: Provider


class PortalSystem:
    def __init__(self, live: LiveSystem, upstream: IdentityProvider, system: System) -> None:
        self._live = live
        self.upstream = upstream
        self.system = system
        self.url = system.settings.base_url

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        """A coroutine on the system's loop (the system's client, its databases), waited for."""
        return self._live.run(coroutine, timeout)

    def page(self, path: str) -> str:
        return f"{self.url}/portal{path}"

    def provider_person(
        self, role: Role = Role.ADMINISTRATOR, provider: Provider | None = None, name: str = "Karin Lund"
    ) -> ProviderPerson:
        """A person of `provider` (a new organisation when none) in `role`, ready to log in."""

        async def made() -> ProviderPerson:
            organisation = provider or await self.system.register_provider()
            person = await add_person(self.system, "provider", name=name)
            await add_membership(self.system, person, organisation.provider_id, role)
            return ProviderPerson(person.subject, name, organisation)

        person = self.run(made())
        self.upstream.put_user(person.sub, {"name": name, "email": f"{person.sub}@people.example"})
        return person

    def officer(self, areas: tuple[str, ...] = ("hemtjanst",), admin: bool = False) -> str:
        """A municipal officer of `areas` (and staff admin, if asked); answers the subject they log in as."""
        sub = f"staff-{uuid.uuid4().hex[:8]}"
        self.upstream.put_user(sub, {"name": "Eva Handläggare", "email": f"{sub}@kommun.example"})

        async def granted() -> None:
            async with self.system.runtime("application").uow().acting_as("operator") as uow:
                await grant_staff(uow, sub, admin=admin, officer_areas=list(areas))
                await uow.commit()

        self.run(granted())
        return sub


@contextmanager
def portal_system(**overrides: Any) -> Iterator[PortalSystem]:
    with identity_provider() as upstream:
        live = LiveSystem()
        try:
            system = live.start_unseeded(
                provider_login=upstream.upstream("kundval-provider-people"),
                staff_login=upstream.upstream("kundval-staff"),
                **overrides,
            )
            yield PortalSystem(live, upstream, system)
        finally:
            live.stop()


def log_in(driver: WebDriver, portal: PortalSystem, sub: str, staff: bool = False, path: str = "/") -> None:
    """Logs in through the portal's login page and the identity provider's form, as a person would; the
    browser ends on `path`."""
    driver.delete_all_cookies()
    driver.get(portal.page(f"/login?next=/portal{path}"))
    button = "Logga in som kommunens personal" if staff else "Logga in som utförare"
    driver.find_element(By.LINK_TEXT, button).click()
    fields = wait_for(driver, lambda d: d.find_elements(By.NAME, "sub"), what="the identity provider's form")
    field = fields[0]
    field.send_keys(sub)
    field.submit()
    wait_for(
        driver,
        lambda d: d.current_url.split("?")[0] == portal.page(path),
        what=f"the portal's {path} after the login",
    )


def check_page(driver: WebDriver, name: str | None = None) -> None:
    """What every page of the portal must pass: no serious or critical WCAG 2.1 AA violation, usable 320
    pixels wide; and its screenshot for the README when asked for (`name`)."""
    assert_accessible(driver)
    assert_usable_at_320(driver)
    if name is not None:
        screenshot(driver, name)


def log_out(driver: WebDriver, portal: PortalSystem) -> None:
    """Logs out through the portal's button; the identity provider asks to confirm the end of its own
    session, and then sends the browser back to the portal."""
    driver.find_element(By.XPATH, "//button[normalize-space()='Logga ut']").click()
    confirm = wait_for(
        driver,
        lambda d: d.find_elements(By.XPATH, "//button[normalize-space()='End session']"),
        what="the identity provider's logout",
    )
    confirm[0].click()
    wait_for(driver, lambda d: d.current_url == portal.page("/logged-out"), what="the logged-out page")
