"""Starting and stopping the cluster's processes: replicas of each service and of the scheduler, then nginx
in front of them once every replica is ready.

Replicas start in waves: the first application replica alone (it creates the signing keys and seeds the
catalogue and the first staff client, which two at once would race for), then the first of each other
service, then the rest. Each process runs in a session of its own, so that Ctrl-C reaches the launcher, which
stops them in order, rather than every process at once.
"""

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from cluster.nginx import Nginx, runnable_config

ROOT = Path(__file__).resolve().parents[1]
# The processes behind the proxy, by the proxy's upstream names.
SERVED = ("application", "reporting", "notifications", "portal")
READY_S = 120
STOP_S = 20


@dataclass(frozen=True)
class Layout:
    replicas: int = 2
    schedulers: int = 2
    port: int = 8080


@dataclass
class Member:
    """One process of the cluster: a service replica (with its port) or a scheduler."""

    name: str
    module_args: tuple[str, ...]
    env: dict[str, str]
    log: Path
    port: int | None = None
    process: asyncio.subprocess.Process | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 20) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Cluster:
    """The processes of `layout` with `env` (database URLs, broker, base URL) over the launcher's own."""

    def __init__(self, layout: Layout, folder: Path, env: Mapping[str, str]) -> None:
        self.layout = layout
        self.folder = folder
        self.url = f"http://127.0.0.1:{layout.port}"
        logs = folder / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        base = {**os.environ, **env}
        self.replicas: dict[str, list[Member]] = {
            service: [
                Member(
                    f"{service}-{n}",
                    ("services", service),
                    # The scheduler runs as processes of its own, below, so that replicas can scale.
                    {**base, **({"SCHEDULER_ENABLED": "false"} if service == "reporting" else {})},
                    logs / f"{service}-{n}.log",
                    port=free_port(),
                )
                for n in range(1, layout.replicas + 1)
            ]
            for service in SERVED
        }
        self.schedulers = [
            Member(f"scheduler-{n}", ("services.reporting.scheduler",), base, logs / f"scheduler-{n}.log")
            for n in range(1, layout.schedulers + 1)
        ]
        upstreams = {service: [m.port or 0 for m in members] for service, members in self.replicas.items()}
        # A folder of its own rather than one under `folder`: run as root, nginx drops to nobody, who must
        # reach it, and a data folder's parents may not let them.
        nginx_folder = Path(tempfile.mkdtemp(prefix="kundval-nginx-"))
        self.proxy = Nginx(nginx_folder, layout.port, runnable_config(upstreams, layout.port))

    @property
    def members(self) -> list[Member]:
        return [*(m for members in self.replicas.values() for m in members), *self.schedulers]

    async def start(self) -> None:
        first = [members[0] for members in self.replicas.values()]
        await self._start_ready(first[:1])
        await self._start_ready(first[1:])
        rest = [m for members in self.replicas.values() for m in members[1:]]
        await self._start_ready(rest)
        for scheduler in self.schedulers:
            await self._spawn(scheduler)
        await self.proxy.start()

    async def restart(self, member: Member) -> None:
        """Starts a member that ended (stopped or killed) again, and waits until a replica is ready."""
        if member.port is None:
            await self._spawn(member)
        else:
            await self._start_ready([member])

    async def _spawn(self, member: Member) -> None:
        env = dict(member.env)
        if member.port is not None:
            env["PORT"] = str(member.port)
        with member.log.open("ab") as log:
            member.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                *member.module_args,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
            )

    async def _start_ready(self, members: list[Member]) -> None:
        for member in members:
            await self._spawn(member)
        deadline = time.monotonic() + READY_S
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
            waiting = list(members)
            while waiting:
                for member in list(waiting):
                    if member.process is not None and member.process.returncode is not None:
                        raise RuntimeError(f"{member.name} exited at start:\n{member.log_tail()}")
                    if await _ready(http, member.url):
                        waiting.remove(member)
                if waiting and time.monotonic() > deadline:
                    names = ", ".join(m.name for m in waiting)
                    raise RuntimeError(f"not ready within {READY_S} s: {names}")
                await asyncio.sleep(0.2)

    async def stop(self) -> None:
        """nginx first (no new requests), then every process with SIGTERM, killed if it does not end."""
        await self.proxy.stop()
        shutil.rmtree(self.proxy.folder, ignore_errors=True)
        running = [m.process for m in self.members if m.process is not None and m.process.returncode is None]
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(asyncio.gather(*(p.wait() for p in running)), STOP_S)
        except TimeoutError:
            for process in running:
                if process.returncode is None:
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()
            await asyncio.gather(*(p.wait() for p in running))


async def _ready(http: aiohttp.ClientSession, url: str) -> bool:
    try:
        async with http.get(f"{url}/readyz") as response:
            return response.status == 200
    except (aiohttp.ClientError, TimeoutError):
        return False
