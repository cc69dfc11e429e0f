"""Reading a live inbox stream as a client does, and an inbox entry as another process would write it."""

import asyncio
import json
import uuid
from typing import Any

from aiohttp import ClientResponse

from services.notifications.domain.preferences import Language
from services.notifications.storage.inbox import NewInboxEntry
from shared.clock import now_utc


async def read_events(response: ClientResponse, count: int, timeout: float = 15) -> list[dict[str, Any]]:
    """Reads `count` events (id, event, data) from an open stream, skipping keep-alive comments."""
    events: list[dict[str, Any]] = []
    current: dict[str, Any] = {}

    async def read() -> None:
        while len(events) < count:
            line = (await response.content.readline()).decode().rstrip("\r\n")
            if not line:
                if current:
                    events.append(dict(current))
                    current.clear()
                continue
            if line.startswith(":"):
                continue
            field, _, value = line.partition(":")
            current[field] = json.loads(value.strip()) if field == "data" else value.strip()

    await asyncio.wait_for(read(), timeout)
    return events


def entry_from_elsewhere(recipient: str) -> NewInboxEntry:
    """An inbox entry as another process of the notifications service would insert it."""
    return NewInboxEntry(
        id=str(uuid.uuid4()),
        recipient=recipient,
        event_id=str(uuid.uuid4()),
        event_type="authorisation.warning_issued",
        subject="authorisations/elsewhere",
        title="Varning",
        body="Från en annan process.",
        link=None,
        language=Language.SV,
        created_at=now_utc(),
    )
