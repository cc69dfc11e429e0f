"""What the reporting service makes of the events it hears. It binds its queue to exactly the event
types registered here."""

from shared.messaging.registry import HandlerRegistry

handlers = HandlerRegistry("reporting")
