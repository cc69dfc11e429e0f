"""Every event type that crosses a service border, mapped to its payload model per version.

Consumers decode through `payload_of`, so an event written by an older release is read with the model
of the version it was written in.
"""

from shared.events import application, notifications, reporting
from shared.events.envelope import CloudEvent, EventPayload

PAYLOADS: dict[tuple[str, int], type[EventPayload]] = {
    (model.event_type, model.event_version): model
    for module in (application, reporting, notifications)
    for model in vars(module).values()
    if isinstance(model, type) and issubclass(model, EventPayload) and "event_type" in vars(model)
}

EVENT_TYPES: frozenset[str] = frozenset(event_type for event_type, _ in PAYLOADS)


class UnknownEventType(Exception):
    pass


def payload_of(event: CloudEvent) -> EventPayload:
    model = PAYLOADS.get((event.type, event.version))
    if model is None:
        raise UnknownEventType(f"{event.type} v{event.version}")
    return model.model_validate(event.data)
