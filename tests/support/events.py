"""Example events of every type, built from their payload models with random values where the test does
not say, as another service would publish them."""

from typing import Any

from polyfactory.factories.pydantic_factory import ModelFactory

from shared.events.catalogue import PAYLOADS
from shared.events.envelope import CloudEvent, EventPayload, make_event


def example_payload(event_type: str, **fields: Any) -> EventPayload:
    """A payload of `event_type` with `fields` where it has such fields (provider_id, area_code, ...) and
    made-up values elsewhere."""
    (model,) = [m for (kind, _), m in PAYLOADS.items() if kind == event_type]
    factory = ModelFactory.create_factory(model)
    given = {name: value for name, value in fields.items() if name in model.model_fields}
    return factory.build(**given)


def example_event(event_type: str, **fields: Any) -> CloudEvent:
    """An event of `event_type` around `example_payload`, as another service would publish it."""
    return make_event(example_payload(event_type, **fields), source="/tests/example")
