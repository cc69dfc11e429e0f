"""A TCP proxy between a service and the broker or database that a test can cut, stall, black-hole and
restore, to simulate an outage without touching the machine's RabbitMQ or PostgreSQL."""

import asyncio
import contextlib
import random
import socket

# Below the kernel's ephemeral range: a client reconnecting to a closed port there can connect to itself
# (TCP simultaneous open) and then hold the port the proxy wants back.
PORT_RANGE = (20_000, 30_000)


def _free_port() -> int:
    while True:
        port = random.randint(*PORT_RANGE)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._dropping = False
        self.port = 0

    async def start(self) -> None:
        self.port = self.port or _free_port()
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def cut(self) -> None:
        """Stops listening and aborts every open connection, as a broker outage would."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    def stall(self) -> None:
        """Holds every byte in flight, both ways, with the connections left open: a network that has
        stopped delivering, which neither side notices until a timeout."""
        self._flowing.clear()

    def resume(self) -> None:
        """Delivers what was held, and what follows; ends a black hole."""
        self._dropping = False
        self._flowing.set()

    def black_hole(self) -> None:
        """Swallows every byte, both ways, with the connections left open: a network path that has gone
        dark, where what was sent is lost rather than late. A side that closes is still seen to close."""
        self._dropping = True

    async def restore(self) -> None:
        if self._server is None:
            await self.start()

    async def close(self) -> None:
        await self.cut()

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self._target)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers.update({client_writer, upstream_writer})
        for reader, writer in ((client_reader, upstream_writer), (upstream_reader, client_writer)):
            task = asyncio.create_task(self._pipe(reader, writer))
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                await self._flowing.wait()
                if self._dropping:
                    continue
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.transport.abort()
