"""The soak's load: an open-loop, steady stream of requests at a given rate, shared out between the
README's flows (providers registering, applying, filling, attaching, submitting; staff claiming,
assessing, deciding; deviations and manager changes) and list reads, plus live inbox streams that
reconnect now and then.

Open loop: a slot opens every 1/rate seconds whether or not earlier requests have answered, as users
would arrive. A slot goes to a flow waiting for one (flows make one request per slot), or to a list read;
a slot that finds `concurrency` requests still in flight is counted as missed, so the load stays bounded
when the process falls behind.
"""

import asyncio
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp

from bench.client import bearer
from shared.areas import SOCIAL_CARE_AREAS
from tests.support.applications import document_form, qualified_person
from tests.support.system import random_organisation_number

AREAS = [area.code for area in SOCIAL_CARE_AREAS]
# Of the slots, the share given to list reads even when a flow is waiting for one.
READ_SHARE = 0.3
# Applications a provider makes (in different areas) before a new provider registers.
APPLICATIONS_PER_PROVIDER = 2
# A step that waits for the pipeline (a work item, the reporting service's copy) asks again this often.
RETRY_AFTER_S = 0.5
RETRIES = 60


@dataclass
class Request:
    at: float
    ms: float
    status: int
    name: str


@dataclass
class Tally:
    """What the load did and saw; the sampler takes `window` every sample."""

    window: list[Request] = field(default_factory=list)
    requests: int = 0
    server_errors: int = 0
    client_errors: dict[str, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    missed_slots: int = 0
    in_flight: int = 0
    submitted: set[str] = field(default_factory=set)
    approved: set[str] = field(default_factory=set)
    deviations: int = 0
    manager_changes: int = 0
    stream_events: int = 0
    stream_connections: int = 0
    stream_errors: int = 0
    streams_ended_by_server: int = 0

    def take_window(self) -> list[Request]:
        window, self.window = self.window, []
        return window


class Slots:
    """Flows queue here for their next request; the pacer hands out one slot at a time."""

    def __init__(self) -> None:
        self._waiting: deque[asyncio.Future[None]] = deque()

    async def take(self) -> None:
        future = asyncio.get_running_loop().create_future()
        self._waiting.append(future)
        await future

    def give(self) -> bool:
        while self._waiting:
            future = self._waiting.popleft()
            if not future.done():
                future.set_result(None)
                return True
        return False


class Unexpected(Exception):
    """A flow's request answered other than it should; the flow stops and the answer is tallied."""


class Load:
    def __init__(
        self, http: aiohttp.ClientSession, base: str, staff: dict[str, str], tally: Tally, flows: int
    ) -> None:
        self.http, self.base, self.staff, self.tally = http, base, staff, tally
        self.slots = Slots()
        self.flows = flows
        self.running: set[asyncio.Task[None]] = set()
        self.providers: list[dict[str, str]] = []
        self.conditions: dict[str, list[str]] = {}

    async def prepare(self) -> None:
        """The conditions staff assess per area, read once as a client would keep them."""
        for area in AREAS:
            async with self.http.get(f"{self.base}/areas/{area}/conditions") as response:
                body = await response.json()
            self.conditions[area] = [
                c["code"] for c in body["conditions"] if "authorisation" in c["control_points"]
            ]

    # -- the pacer -------------------------------------------------------------------------------------

    async def run(self, rate: float, seconds: float, concurrency: int) -> None:
        loop = asyncio.get_running_loop()
        interval = 1 / rate
        due = loop.time()
        end = due + seconds
        reads: set[asyncio.Task[None]] = set()
        while loop.time() < end:
            due += interval
            if self.tally.in_flight >= concurrency:
                self.tally.missed_slots += 1
            elif random.random() < READ_SHARE or not self.slots.give():
                task = asyncio.create_task(self._list_read())
                reads.add(task)
                task.add_done_callback(reads.discard)
                if len(self.running) < self.flows:
                    self._start_flow()
            await asyncio.sleep(max(0.0, due - loop.time()))
        for task in list(self.running):
            task.cancel()
        await asyncio.gather(*self.running, *reads, return_exceptions=True)

    def _start_flow(self) -> None:
        task = asyncio.create_task(self._flow())
        self.running.add(task)
        task.add_done_callback(self.running.discard)

    # -- one request -----------------------------------------------------------------------------------

    async def call(
        self,
        name: str,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        *,
        slot: bool = True,
        expect: tuple[int, ...] = (200, 201),
        **kwargs: Any,
    ) -> tuple[int, Any]:
        if slot:
            await self.slots.take()
        self.tally.in_flight += 1
        started = time.perf_counter()
        try:
            async with self.http.request(method, f"{self.base}{path}", headers=headers, **kwargs) as response:
                status = response.status
                body = await response.json() if response.content_type.endswith("json") else None
        finally:
            self.tally.in_flight -= 1
        ms = (time.perf_counter() - started) * 1000
        self.tally.requests += 1
        self.tally.window.append(Request(time.time(), ms, status, name))
        if status >= 500:
            self.tally.server_errors += 1
        elif status >= 400 and status not in expect:
            key = f"{name} {status}"
            self.tally.client_errors[key] = self.tally.client_errors.get(key, 0) + 1
        if status not in expect:
            raise Unexpected(f"{name}: {status} {body}")
        return status, body

    async def until(
        self, name: str, attempt: Callable[[], Any], ready: Callable[[int, Any], bool]
    ) -> tuple[int, Any]:
        """Asks again, a little later each time, until the pipeline has caught up."""
        for _ in range(RETRIES):
            status, body = await attempt()
            if ready(status, body):
                return status, body
            await asyncio.sleep(RETRY_AFTER_S)
        raise Unexpected(f"{name}: not ready after {RETRIES} tries")

    # -- list reads ------------------------------------------------------------------------------------

    async def _list_read(self) -> None:
        choice = random.randrange(4)
        try:
            if choice == 0 or not self.providers:
                area = random.choice(AREAS)
                await self.call("GET /register", "GET", f"/register?area_code={area}&limit=50", slot=False)
            elif choice == 1:
                await self.call("GET /work-items", "GET", "/work-items?limit=50", self.staff, slot=False)
            elif choice == 2:
                provider = random.choice(self.providers)
                await self.call("GET /notifications", "GET", "/notifications?limit=50", provider, slot=False)
            else:
                provider = random.choice(self.providers)
                await self.call("GET /applications", "GET", "/applications?limit=50", provider, slot=False)
        except (Unexpected, aiohttp.ClientError, TimeoutError) as exc:
            self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        key = str(exc).split(":")[0] if isinstance(exc, Unexpected) else type(exc).__name__
        self.tally.failures[key] = self.tally.failures.get(key, 0) + 1

    # -- the flows -------------------------------------------------------------------------------------

    async def _flow(self) -> None:
        try:
            provider = await self._register()
            for area in random.sample(AREAS, APPLICATIONS_PER_PROVIDER):
                await self._apply_and_decide(provider, area)
        except asyncio.CancelledError:
            raise
        except (Unexpected, aiohttp.ClientError, TimeoutError) as exc:
            self._failed(exc)

    async def _register(self) -> dict[str, str]:
        body = {
            "organisation_number": random_organisation_number(),
            "name": "Soak AB",
            "f_tax": True,
            "contact_email": "soak@omsorg.example",
        }
        _, registered = await self.call("POST /providers", "POST", "/providers", json=body)
        client = registered["client"]
        await self.slots.take()
        started = time.perf_counter()
        headers = await bearer(self.http, self.base, client["client_id"], client["client_secret"])
        self.tally.requests += 1
        self.tally.window.append(
            Request(time.time(), (time.perf_counter() - started) * 1000, 200, "POST /oauth/token")
        )
        self.providers.append(headers)
        return headers

    async def _apply_and_decide(self, provider: dict[str, str], area: str) -> None:
        _, draft = await self.call(
            "POST /applications", "POST", "/applications", provider, json={"area_code": area}
        )
        path = f"/applications/{draft['id']}"
        fill = {"answers": {"goals": "Genomförandeplan per kund."}, "person_in_charge": qualified_person()}
        await self.call("PATCH /applications/{id}", "PATCH", path, provider, json=fill)
        await self.call(
            "POST /applications/{id}/attachments",
            "POST",
            f"{path}/attachments",
            provider,
            data=document_form(),
        )
        await self.call("POST /applications/{id}/submit", "POST", f"{path}/submit", provider)
        self.tally.submitted.add(str(draft["id"]))

        query = f"/work-items?subject=applications/{draft['id']}"
        _, items = await self.until(
            "GET /work-items?subject",
            lambda: self.call("GET /work-items?subject", "GET", query, self.staff),
            lambda _, body: bool(body["items"]),
        )
        item = items["items"][0]["id"]
        await self.call("POST /work-items/{id}/claim", "POST", f"/work-items/{item}/claim", self.staff)
        await self.call("GET /applications/{id}", "GET", path, self.staff)
        assessments = [
            {"condition_code": code, "met": True, "comment": "Styrkt i ansökan"}
            for code in self.conditions[area]
        ]
        await self.call(
            "POST /applications/{id}/assessments",
            "POST",
            f"{path}/assessments",
            self.staff,
            json={"assessments": assessments},
        )
        _, decided = await self.call(
            "POST /applications/{id}/decision",
            "POST",
            f"{path}/decision",
            self.staff,
            json={"outcome": "approved", "reasons": "Samtliga villkor är uppfyllda."},
        )
        self.tally.approved.add(str(draft["id"]))
        authorisation = str(decided["decision"]["authorisation_id"])
        await self.call("GET /notifications", "GET", "/notifications?limit=50", provider)
        await self.call(
            "PUT /authorisations/{id}/capacity",
            "PUT",
            f"/authorisations/{authorisation}/capacity",
            provider,
            json={"capacity_ceiling": 40, "current_customers": 12},
        )
        await self._deviation(provider, authorisation)
        await self._manager_change(provider, authorisation)

    async def _deviation(self, provider: dict[str, str], authorisation: str) -> None:
        now = datetime.now(UTC)
        serious = random.random() < 0.5
        body = {
            "authorisation_id": authorisation,
            "category": "deviation",
            "severity": "serious" if serious else "minor",
            "occurred_at": (now - timedelta(hours=10)).isoformat(),
            "discovered_at": (now - timedelta(hours=2)).isoformat(),
            "description": "Kvällsbesöket uteblev.",
            "immediate_actions": "Planeringen ses över samma dag.",
        }
        # The reporting service learns of the authorisation from its event: until then, 404.
        _, deviation = await self.until(
            "POST /deviations",
            lambda: self.call(
                "POST /deviations", "POST", "/deviations", provider, json=body, expect=(201, 404)
            ),
            lambda status, _: status == 201,
        )
        self.tally.deviations += 1
        if serious:
            query = f"/work-items?subject=deviations/{deviation['id']}"
            await self.until(
                "GET /work-items?subject",
                lambda: self.call("GET /work-items?subject", "GET", query, self.staff),
                lambda _, body: bool(body["items"]),
            )
            await self.call(
                "POST /deviations/{id}/acknowledgement",
                "POST",
                f"/deviations/{deviation['id']}/acknowledgement",
                self.staff,
                json={"note": "Vi följer upp."},
            )

    async def _manager_change(self, provider: dict[str, str], authorisation: str) -> None:
        person = qualified_person("Lena Berg")
        body = {"authorisation_id": authorisation, "starts_on": "2031-01-01", "person_in_charge": person}
        _, change = await self.until(
            "POST /manager-changes",
            lambda: self.call(
                "POST /manager-changes", "POST", "/manager-changes", provider, json=body, expect=(201, 404)
            ),
            lambda status, _: status == 201,
        )
        await self.call(
            "POST /manager-changes/{id}/decision",
            "POST",
            f"/manager-changes/{change['id']}/decision",
            self.staff,
            json={"outcome": "approved"},
        )
        self.tally.manager_changes += 1
