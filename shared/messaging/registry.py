"""Which function handles which event type, per consuming service."""

from collections.abc import Awaitable, Callable
from typing import Any

from shared.events.envelope import CloudEvent
from shared.unit_of_work import UnitOfWork

# A handler gets the open unit of work, the envelope and the decoded payload model of its version.
Handler = Callable[[UnitOfWork, CloudEvent, Any], Awaitable[None]]
# Runs once per batch, before its handlers, with the batch's new events: to read at once what they need.
Preparation = Callable[[UnitOfWork, list[CloudEvent]], Awaitable[None]]


class HandlerRegistry:
    def __init__(self, consumer: str) -> None:
        self.consumer = consumer
        self._handlers: dict[str, Handler] = {}
        self.preparation: Preparation | None = None

    def handles(self, *event_types: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for event_type in event_types:
                if event_type in self._handlers:
                    raise ValueError(f"{self.consumer} already handles {event_type}")
                self._handlers[event_type] = handler
            return handler

        return register

    def prepares(self, preparation: Preparation) -> Preparation:
        self.preparation = preparation
        return preparation

    def handler_for(self, event_type: str) -> Handler | None:
        return self._handlers.get(event_type)

    @property
    def event_types(self) -> frozenset[str]:
        return frozenset(self._handlers)
