"""The same event delivered twice makes one work item: the inbox turns the second into a no-op."""

from shared.clock import now_utc
from shared.events.application import ApplicationSubmittedV1
from shared.events.envelope import make_event
from shared.messaging.consumer import CONSUMED
from tests.support.broker import publish
from tests.support.polling import eventually
from tests.support.system import System


async def test_the_same_event_twice_makes_one_work_item(system: System) -> None:
    application_id = "0f6b9f38-5d2e-4b43-9d6a-1f6d7d0f0001"
    event = make_event(
        ApplicationSubmittedV1(
            application_id=application_id,
            provider_id="p-1",
            provider_name="Dubbel AB",
            area_code="boendestod",
            submitted_at=now_utc(),
        ),
        source="/tests",
    )
    # The counter is process-wide: the second delivery must raise it above what earlier tests left.
    duplicates_before = _duplicates()
    await publish(system.settings.amqp_url, system.settings.amqp_prefix, [event, event])

    async def both_seen() -> bool:
        return await system.count("notifications", "inbox", "event_id = :id", id=event.id) == 1 and (
            _duplicates() > duplicates_before
        )

    await eventually(both_seen, what="both deliveries to be handled")
    items = await system.work_items(f"applications/{application_id}")
    assert len(items) == 1


def _duplicates() -> float:
    value: float = CONSUMED.labels("notifications", "duplicate")._value.get()
    return value
