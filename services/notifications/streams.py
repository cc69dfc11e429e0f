"""The live inbox streams open in this process, per client: bounded in number, the oldest asked to end when
a client opens one more, all asked to end when their client is revoked, and all ended on shutdown."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(eq=False)
class OpenStream:
    task: "asyncio.Task[object]"
    # Set when the stream should end at its next turn, as a stream: a closed chunked body, not a cut.
    replaced: asyncio.Event = field(default_factory=asyncio.Event)
    # Set when the stream's client was revoked: its token is no longer valid.
    revoked: asyncio.Event = field(default_factory=asyncio.Event)


class OpenStreams:
    def __init__(self, wake: Callable[[], None]) -> None:
        """`wake` makes the waiting streams look again (the bell's), so that one asked to end sees it."""
        self._by_client: dict[str, list[OpenStream]] = {}
        self._wake = wake

    def hold(self, client_id: str, task: "asyncio.Task[object]", most: int) -> OpenStream:
        """Registers a stream; past `most` for its client, the client's oldest are asked to end (a client
        that reconnects without closing leaves its old ones behind)."""
        stream = OpenStream(task)
        held = self._by_client.setdefault(client_id, [])
        held.append(stream)
        replaced = held[: max(0, len(held) - most)]
        for oldest in replaced:
            oldest.replaced.set()
        if replaced:
            self._wake()
        return stream

    def release(self, client_id: str, stream: OpenStream) -> None:
        held = self._by_client.get(client_id, [])
        if stream in held:
            held.remove(stream)
        if not held:
            self._by_client.pop(client_id, None)

    def revoke(self, client_id: str) -> None:
        """The client was revoked: its streams end at their next turn, telling it so."""
        held = self._by_client.get(client_id, [])
        for stream in held:
            stream.revoked.set()
        if held:
            self._wake()

    def end_all(self) -> None:
        """On shutdown, which open streams would hold until its timeout: clients reconnect."""
        for held in self._by_client.values():
            for stream in held:
                stream.task.cancel()
