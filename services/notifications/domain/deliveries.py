"""Deliveries by email and webhook: their states and when a failed one is tried again. No I/O."""

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    # Every attempt failed; a webhook's subscription is disabled with it.
    FAILED = "failed"
    # Waiting for its webhook subscription to be enabled again; nothing is dropped meanwhile.
    HELD = "held"
    # Will not be sent: the subscription was deleted, or the installation sends no email.
    SKIPPED = "skipped"


def references_of(data: dict[str, Any]) -> dict[str, Any]:
    """What a webhook tells of an event's data: the ids of what it concerns and the area, never the rest.

    Events carry no text written into a case, but some carry what their consumers need and a provider's
    system does not (a person's name for the authorisation's person in charge); a field added later stays
    out unless it is a reference."""
    return {name: value for name, value in data.items() if name.endswith("_id") or name == "area_code"}


def next_attempt(attempts_made: int, delays_s: tuple[float, ...], now: datetime) -> datetime | None:
    """When to try again after `attempts_made` failed attempts; None when the schedule is spent."""
    if attempts_made > len(delays_s):
        return None
    return now + timedelta(seconds=delays_s[attempts_made - 1])


# Nothing more will happen to these, so the retention job may delete them once old; except a failed
# webhook delivery while its subscription is disabled, which enabling it again sends (storage/retention.py).
SETTLED = (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED)
