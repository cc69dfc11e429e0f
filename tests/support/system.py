"""The whole system under test, in this process: every service on one port with its relay and
consumer, on the real broker and a real database."""

import random
import secrets
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer, unused_port

from services.application.app import install as install_application
from services.application.clients import issue_client
from services.application.keys import APPLICATION_KEY
from services.notifications.app import install as install_notifications
from services.notifications.keys import NOTIFICATIONS_KEY
from services.portal.app import install as install_portal
from services.reporting.app import install as install_reporting
from services.reporting.keys import REPORTING_KEY
from shared.auth.principal import Kind, Role
from shared.http.app import SERVER_LIMITS, build_app
from shared.service import ServiceRuntime
from shared.settings import Settings
from shared.swedish_ids import luhn_valid
from tests.support.applications import fill_application, working_day
from tests.support.broker import AMQP_URL, delete_topology
from tests.support.databases import Databases

FAST_RETRIES = (200, 400)
# Every test calls from 127.0.0.1, so the rate limits would soon refuse the suite; tests of the limits set
# their own.
UNLIMITED: dict[str, Any] = {
    "token_requests_per_minute_per_address": 1_000_000,
    "token_requests_per_minute_per_client": 1_000_000,
    "registrations_per_hour_per_address": 1_000_000,
    # The session's system hands out the staff client's token once: it outlives the whole suite.
    "access_token_lifetime_s": 4 * 3600,
}


def random_organisation_number() -> str:
    # A limited company (group 5) with a third digit of 2 or more, as every legal person's number has.
    body = f"55{random.randint(2, 9)}{random.randint(0, 999_999):06d}"
    check = next(d for d in "0123456789" if luhn_valid(body + d))
    return f"{body[:6]}-{body[6:]}{check}"


def random_sole_trader_number() -> str:
    """A sole trader's organisation number: the owner's personal identity number (a real birth date)."""
    body = f"{random.randint(40, 99):02d}{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
    body += f"{random.randint(0, 999):03d}"
    check = next(d for d in "0123456789" if luhn_valid(body + d))
    return f"{body[:6]}-{body[6:]}{check}"


@dataclass
class Provider:
    provider_id: str
    organisation_number: str
    client_id: str
    client_secret: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class System:
    settings: Settings
    app: web.Application
    client: TestClient[web.Request, web.Application]
    staff_secret: str
    _databases: Databases
    _folder: Path
    staff_token: str = field(default="")

    @property
    def staff(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.staff_token}"}

    def runtime(self, service: str) -> ServiceRuntime:
        key = {"application": APPLICATION_KEY, "reporting": REPORTING_KEY, "notifications": NOTIFICATIONS_KEY}
        return self.app[key[service]]

    async def count(self, service: str, table: str, where: str = "1=1", **params: Any) -> int:
        async with self.runtime(service).reads() as session:
            result = await session.exec(sa.text(f"SELECT count(*) FROM {table} WHERE {where}"), params=params)  # type: ignore[call-overload]
            return int(result.scalar_one())

    async def token(self, client_id: str, secret: str) -> str:
        response = await self.client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        )
        assert response.status == 200, await response.text()
        return str((await response.json())["access_token"])

    async def register_provider(
        self,
        name: str = "Omsorg i Nacka AB",
        contact_email: str = "kontakt@omsorg.example",
        organisation_number: str | None = None,
    ) -> Provider:
        org = organisation_number or random_organisation_number()
        response = await self.client.post(
            "/providers",
            json={
                "organisation_number": org,
                "name": name,
                "f_tax": True,
                "contact_email": contact_email,
            },
        )
        assert response.status == 201, await response.text()
        body = await response.json()
        token = await self.token(body["client"]["client_id"], body["client"]["client_secret"])
        return Provider(
            body["provider"]["id"],
            body["provider"]["organisation_number"],
            body["client"]["client_id"],
            body["client"]["client_secret"],
            token,
        )

    async def start_application(self, provider: Provider, area_code: str = "hemtjanst") -> dict[str, Any]:
        response = await self.client.post(
            "/applications", json={"area_code": area_code}, headers=provider.auth
        )
        assert response.status == 201, await response.text()
        body: dict[str, Any] = await response.json()
        return body

    async def operator(self, kind: Kind, areas: list[str] | None = None) -> dict[str, str]:
        """Authorization headers of a new staff or admin client (what the operator command creates)."""
        role = Role.STAFF_ADMIN if kind is Kind.ADMIN else Role.OFFICER
        async with self.runtime("application").uow() as uow:
            client, secret = await issue_client(uow.session, role, areas=areas, label="test operator")
            await uow.commit()
        return {"Authorization": f"Bearer {await self.token(client.client_id, secret)}"}

    async def provider_client(self, provider: Provider, role: Role = Role.ADMINISTRATOR) -> Provider:
        """Another client of `provider`'s, of `role`, issued on the database as the operator command does:
        registration answers a reporter, and an administrator is given, never claimed."""
        async with self.runtime("application").uow() as uow:
            client, secret = await issue_client(
                uow.session, role, provider_id=provider.provider_id, label=f"test {role.value}"
            )
            await uow.commit()
        token = await self.token(client.client_id, secret)
        return Provider(provider.provider_id, provider.organisation_number, client.client_id, secret, token)

    async def administrator(self, provider: Provider) -> dict[str, str]:
        """Authorization headers of an administrator client of `provider`'s."""
        return (await self.provider_client(provider)).auth

    async def submitted_application(self, provider: Provider, area_code: str = "hemtjanst") -> dict[str, Any]:
        application = await self.start_application(provider, area_code)
        await fill_application(self.client, "", provider.auth, application["id"])
        response = await self.client.post(f"/applications/{application['id']}/submit", headers=provider.auth)
        assert response.status == 200, await response.text()
        body: dict[str, Any] = await response.json()
        return body

    async def ask_for_supplement(
        self, provider: Provider, area_code: str, message: str = "Mer underlag.", due_in_days: int = 7
    ) -> str:
        """Submits an application and asks for more, which tells the provider; answers its subject."""
        application = await self.submitted_application(provider, area_code)
        response = await self.client.post(
            f"/applications/{application['id']}/supplement-requests",
            json={"message": message, "due_date": working_day(due_in_days).isoformat()},
            headers=self.staff,
        )
        assert response.status == 201, await response.text()
        return f"applications/{application['id']}"

    async def work_items(self, subject: str, headers: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """The work items on `subject` that the first staff client (or the caller of `headers`) sees."""
        response = await self.client.get(
            "/work-items", params={"subject": subject}, headers=headers or self.staff
        )
        assert response.status == 200, await response.text()
        items: list[dict[str, Any]] = (await response.json())["items"]
        return items


async def start_system(
    amqp_url: str = AMQP_URL, reach_database: Callable[[str], str] | None = None, **overrides: Any
) -> System:
    """`reach_database` changes how the services reach their databases (through a proxy, say): it is given
    each database URL and answers the one to use."""
    folder = Path(tempfile.mkdtemp(prefix="kundval-test-"))
    databases = Databases(folder)
    urls = await databases.create()
    if reach_database is not None:
        urls = {service: reach_database(url) for service, url in urls.items()}
    port = unused_port()
    staff_secret = secrets.token_urlsafe(24)
    settings = Settings(
        data_dir=folder,
        application_database_url=urls["application"],
        reporting_database_url=urls["reporting"],
        notifications_database_url=urls["notifications"],
        portal_database_url=urls["portal"],
        amqp_url=amqp_url,
        amqp_prefix=f"t{uuid.uuid4().hex[:10]}",
        host="127.0.0.1",
        port=port,
        bootstrap_staff_client_id="staff-test",
        bootstrap_staff_client_secret=staff_secret,
        outbox_poll_interval_s=0.2,
        retry_delays_ms=FAST_RETRIES,
        max_attempts=3,
        # Tests drive the quality-round jobs themselves, for the days they choose.
        scheduler_enabled=False,
        **{**UNLIMITED, **overrides},
    )
    app = build_app(
        settings,
        [install_application, install_reporting, install_notifications, install_portal],
        "kundval-portal",
    )
    server = TestServer(app, host="127.0.0.1", port=port)
    client = TestClient(server)
    try:
        # Started with the limits a served process has; the client then finds it started.
        await server.start_server(**SERVER_LIMITS)
        await client.start_server()
    except BaseException:
        await databases.drop()
        raise
    system = System(settings, app, client, staff_secret, databases, folder)
    system.staff_token = await system.token("staff-test", staff_secret)
    return system


async def stop_system(system: System) -> None:
    try:
        await system.client.close()
    finally:
        await delete_topology(system.settings.amqp_prefix, system.settings.retry_delays_ms)
        await system._databases.drop()
        shutil.rmtree(system._folder, ignore_errors=True)
