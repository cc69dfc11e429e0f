"""nginx in front of services under test, routing by the committed deploy/proxy.conf.

The runnable configuration is generated from that file, with only its upstream servers and listening
port replaced, so a test through it proves the routing the deployment uses. nginx runs unprivileged from
a temporary folder and may be given several replicas per upstream.
"""

import asyncio
import os
import re
import shutil
import tempfile
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp.test_utils import unused_port

from tests.support.polling import eventually

ROOT = Path(__file__).resolve().parents[2]
PROXY_CONF = ROOT / "deploy" / "proxy.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The folders nginx would otherwise create under /var/lib/nginx, where an unprivileged process cannot.
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
UPSTREAM = re.compile(r"upstream\s+(\w+)\s*\{[^}]*\}")
LISTEN = re.compile(r"listen\s+\d+\s*;")


def runnable_config(upstreams: Mapping[str, Sequence[int]], port: int) -> str:
    """A whole nginx.conf: the proxy's rules with each upstream's servers at 127.0.0.1:<port>."""
    rules = PROXY_CONF.read_text()
    named = set(UPSTREAM.findall(rules))
    if named != set(upstreams):
        raise ValueError(f"deploy/proxy.conf names the upstreams {sorted(named)}, not {sorted(upstreams)}")

    def servers(match: re.Match[str]) -> str:
        lines = " ".join(f"server 127.0.0.1:{p};" for p in upstreams[match.group(1)])
        return f"upstream {match.group(1)} {{ {lines} }}"

    rules = UPSTREAM.sub(servers, rules)
    rules, listens = LISTEN.subn(f"listen 127.0.0.1:{port};", rules)
    if listens != 1:
        raise ValueError(f"deploy/proxy.conf has {listens} listen directives; this harness expects one")
    temp_paths = "\n".join(f"    {name}_temp_path temp/{name};" for name in TEMP_PATHS)
    return f"""pid nginx.pid;
worker_processes 1;
events {{ worker_connections 512; }}
http {{
    access_log logs/access.log;
{temp_paths}
{rules}
}}
"""


async def _accepts(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    writer.close()
    await writer.wait_closed()
    return True


def _prepare(folder: Path, config: str) -> None:
    for sub in ("logs", "temp", *(f"temp/{name}" for name in TEMP_PATHS)):
        (folder / sub).mkdir(exist_ok=True)
    (folder / "nginx.conf").write_text(config)
    if os.geteuid() == 0:
        for path in (folder, *folder.rglob("*")):
            shutil.chown(path, "nobody")


class Proxy:
    """A running nginx; `url` is the base URL clients use."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._process: asyncio.subprocess.Process | None = None

    def _command(self, *args: str) -> list[str]:
        command = [NGINX, "-p", f"{self.folder}/", "-e", "logs/error.log", "-c", "nginx.conf", *args]
        # As root nginx would switch its workers to a user of its choosing; as nobody it stays that user.
        return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command

    def error_log(self) -> str:
        log = self.folder / "logs" / "error.log"
        return log.read_text() if log.exists() else ""

    async def start(self) -> None:
        self._process = await asyncio.create_subprocess_exec(
            *self._command("-g", "daemon off;"),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )

        async def up() -> bool:
            if self._process is not None and self._process.returncode is not None:
                raise RuntimeError(f"nginx exited at start: {self.error_log()}")
            return await _accepts(self.port)

        await eventually(up, timeout=10, what="nginx to listen")

    async def stop(self) -> None:
        if self._process is None or self._process.returncode is not None:
            return
        quit_ = await asyncio.create_subprocess_exec(
            *self._command("-s", "quit"), stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
        )
        await quit_.wait()
        try:
            await asyncio.wait_for(self._process.wait(), 10)
        except TimeoutError:
            self._process.kill()
            await self._process.wait()


@asynccontextmanager
async def proxy(upstreams: Mapping[str, Sequence[int]], port: int | None = None) -> AsyncIterator[Proxy]:
    """nginx routing by deploy/proxy.conf to the given 127.0.0.1 ports, on `port` (default a free one).
    It starts once they all listen: a refused connection marks a server down for 10 s, answered 502."""
    if not shutil.which(NGINX):
        raise RuntimeError("nginx is not installed (scripts/test installs it)")
    for ports in upstreams.values():
        for upstream in ports:
            await eventually(lambda p=upstream: _accepts(p), timeout=30, what=f"port {upstream} to listen")  # type: ignore[misc]
    port = port or unused_port()
    folder = Path(tempfile.mkdtemp(prefix="nginx-"))
    try:
        _prepare(folder, runnable_config(upstreams, port))
        running = Proxy(folder, port)
        await running.start()
        try:
            yield running
        finally:
            await running.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
