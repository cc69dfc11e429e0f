"""The one-process system running on an event loop of its own thread, with real rows in it, for tests
that call it synchronously over HTTP (schemathesis sends its requests with `requests`, which would block
the test's own loop, and with it a server on that loop)."""

import asyncio
import threading
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from shared.auth.principal import Kind
from tests.support.applications import document_form, fill_application
from tests.support.approval import reportable_authorisation
from tests.support.polling import eventually
from tests.support.reports import deviation_body
from tests.support.system import System, start_system, stop_system

T = TypeVar("T")
START_TIMEOUT_S = 120.0


@dataclass
class Seeded:
    """Authorization headers per role, and ids of real rows per path parameter, by the path's first part
    (`applications`, `deviations`, ...), so that a generated request sometimes reaches a real row."""

    url: str
    headers: dict[str, dict[str, str]]
    ids: dict[tuple[str, str], list[str]] = field(default_factory=dict)


class LiveSystem:
    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="live-system", daemon=True)
        self._thread.start()
        self._system: System | None = None

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = START_TIMEOUT_S) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def start(self) -> Seeded:
        return self.run(self._start())

    async def _start(self) -> Seeded:
        self._system = system = await start_system()
        return await seed(system)

    def start_unseeded(self, **overrides: Any) -> System:
        """The system with `overrides` of its settings, holding only what it makes on its first start."""

        async def started() -> System:
            self._system = await start_system(**overrides)
            return self._system

        return self.run(started())

    def stop(self) -> None:
        try:
            if self._system is not None:
                self.run(stop_system(self._system))
            self.run(self._loop.shutdown_asyncgens())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()


async def seed(system: System) -> Seeded:
    """A provider with an authorisation (from an approved application), a draft application with a
    document, and a deviation report; staff and admin clients; the ids of what that made."""
    provider = await system.register_provider()
    authorisation_id = await reportable_authorisation(system, provider)
    draft = await system.start_application(provider, "sarskilt-boende")
    await fill_application(system.client, "", provider.auth, draft["id"])
    attachments = await system.client.post(
        f"/applications/{draft['id']}/attachments", data=document_form(), headers=provider.auth
    )
    assert attachments.status == 201, await attachments.text()
    attachment_id = str((await attachments.json())["id"])
    deviation = await system.client.post(
        "/deviations", json=deviation_body(authorisation_id), headers=provider.auth
    )
    assert deviation.status == 201, await deviation.text()
    deviation_id = str((await deviation.json())["id"])

    async def inbox() -> list[str]:
        response = await system.client.get("/notifications", headers=provider.auth)
        assert response.status == 200, await response.text()
        return [str(item["id"]) for item in (await response.json())["items"]]

    notification_ids = await eventually(inbox, what="a notification in the provider's inbox")
    work_item_ids = [str(item["id"]) for item in await system.work_items(f"deviations/{deviation_id}")]
    admin = await system.operator(Kind.ADMIN)
    # An administrator of the organisation holds every provider scope, so calls as "provider" reach every
    # provider operation, managing ones too.
    administrator = await system.administrator(provider)
    base = str(system.client.make_url("")).rstrip("/")
    return Seeded(
        url=base,
        headers={"provider": administrator, "staff": system.staff, "admin": admin},
        ids={
            ("applications", "id"): [draft["id"]],
            ("applications", "aid"): [attachment_id],
            ("authorisations", "id"): [authorisation_id],
            ("deviations", "id"): [deviation_id],
            ("notifications", "id"): notification_ids,
            ("work-items", "id"): work_item_ids,
            ("providers", "id"): [provider.client_id],
            ("areas", "code"): ["hemtjanst"],
            ("legal-frames", "code"): ["lov", "kundval"],
        },
    )
