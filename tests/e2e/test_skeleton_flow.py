"""A provider registers, applies and submits; staff see the application in their work queue."""

import orjson

from tests.support.applications import fill_application
from tests.support.polling import eventually
from tests.support.system import System


async def test_submitted_application_becomes_a_staff_work_item(system: System) -> None:
    provider = await system.register_provider("Hemtjänst Solrosen AB")
    application = await system.start_application(provider, "hemtjanst")
    assert application["status"] == "draft"
    await fill_application(system.client, "", provider.auth, application["id"])

    response = await system.client.post(f"/applications/{application['id']}/submit", headers=provider.auth)
    assert response.status == 200
    assert (await response.json())["status"] == "submitted"

    subject = f"applications/{application['id']}"
    items = await eventually(lambda: system.work_items(subject), what="the work item")
    assert len(items) == 1
    assert items[0]["kind"] == "review_application"
    assert items[0]["area_code"] == "hemtjanst"
    assert items[0]["status"] == "open"
    assert "organisation_number" not in items[0], "the provider is named, its number is not carried"
    assert "Hemtjänst Solrosen AB" in items[0]["title"]


async def test_registered_provider_reaches_the_notifications_service(system: System) -> None:
    provider = await system.register_provider("Kontaktbolaget AB")

    async def copied() -> int:
        return await system.count(
            "notifications", "provider_contacts", "provider_id = :id", id=provider.provider_id
        )

    assert await eventually(copied, what="the provider's contact copy") == 1


async def test_the_twelve_social_care_areas_are_seeded(system: System) -> None:
    response = await system.client.get("/areas")
    areas = (await response.json())["items"]
    assert len(areas) == 12
    assert {"hemtjanst", "sarskilt-boende", "daglig-verksamhet-lss"} <= {a["code"] for a in areas}
    one = await system.client.get("/areas/boendestod")
    assert (await one.json())["reimbursement_model"] == "per hour"


async def test_correlation_id_travels_from_request_into_the_event(system: System) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    await fill_application(system.client, "", provider.auth, application["id"])
    response = await system.client.post(
        f"/applications/{application['id']}/submit",
        headers={**provider.auth, "X-Correlation-ID": "trace-submit-42"},
    )
    assert response.headers["X-Correlation-ID"] == "trace-submit-42"
    async with system.runtime("application").reads() as session:
        from sqlmodel import select

        from shared.messaging.outbox import OutboxMessage

        rows = (
            await session.exec(
                select(OutboxMessage)
                .where(OutboxMessage.event_type == "application.submitted")
                .where(OutboxMessage.correlation_id == "trace-submit-42")
            )
        ).all()
    assert len(rows) == 1
    assert orjson.loads(rows[0].body)["correlationid"] == "trace-submit-42"


async def test_staff_list_every_provider_and_providers_only_their_own(system: System) -> None:
    first, second = await system.register_provider(), await system.register_provider()
    mine = await system.start_application(first)
    theirs = await system.start_application(second)
    own = await (await system.client.get("/applications", headers=first.auth)).json()
    assert [a["id"] for a in own["items"]] == [mine["id"]]
    everything = await (
        await system.client.get("/applications", params={"limit": "200"}, headers=system.staff)
    ).json()
    assert {mine["id"], theirs["id"]} <= {a["id"] for a in everything["items"]}
