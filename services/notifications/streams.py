"""The live inbox streams open in this process, per caller (an API client, or a person, whatever application
they logged in through): bounded in number, the oldest asked to end when a caller opens one more, asked to
end when what their token stands on is revoked (the client, the person or the login), and all ended on
shutdown."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from shared.auth.principal import Principal


@dataclass(eq=False)
class OpenStream:
    task: "asyncio.Task[object]"
    # What a revocation may name to end this stream (Principal.revocation_keys).
    keys: frozenset[str]
    # Set when the stream should end at its next turn, as a stream: a closed chunked body, not a cut.
    replaced: asyncio.Event = field(default_factory=asyncio.Event)
    # Set when the stream's client was revoked: its token is no longer valid.
    revoked: asyncio.Event = field(default_factory=asyncio.Event)


class OpenStreams:
    def __init__(self, wake: Callable[[], None]) -> None:
        """`wake` makes the waiting streams look again (the bell's), so that one asked to end sees it."""
        self._by_caller: dict[str, list[OpenStream]] = {}
        self._wake = wake

    def hold(self, caller: Principal, task: "asyncio.Task[object]", most: int) -> OpenStream:
        """Registers a stream; past `most` for its caller, the caller's oldest are asked to end (a client
        that reconnects without closing leaves its old ones behind)."""
        stream = OpenStream(task, frozenset(caller.revocation_keys))
        held = self._by_caller.setdefault(_owner(caller), [])
        held.append(stream)
        replaced = held[: max(0, len(held) - most)]
        for oldest in replaced:
            oldest.replaced.set()
        if replaced:
            self._wake()
        return stream

    def release(self, caller: Principal, stream: OpenStream) -> None:
        owner = _owner(caller)
        held = self._by_caller.get(owner, [])
        if stream in held:
            held.remove(stream)
        if not held:
            self._by_caller.pop(owner, None)

    def revoke(self, key: str) -> None:
        """A client, person or login was revoked: the streams it opened end at their next turn, telling
        their caller so. Revocations are rare, so every open stream is looked at."""
        ended = [stream for held in self._by_caller.values() for stream in held if key in stream.keys]
        for stream in ended:
            stream.revoked.set()
        if ended:
            self._wake()

    def end_all(self) -> None:
        """On shutdown, which open streams would hold until its timeout: clients reconnect."""
        for held in self._by_caller.values():
            for stream in held:
                stream.task.cancel()


def _owner(caller: Principal) -> str:
    # A person's token names the application they logged in through as its client, which every person
    # using it shares: they are counted by themselves.
    return caller.acting_id
