"""nginx routing by the committed deploy/proxy.conf, run unprivileged from a folder of its own.

The runnable configuration is generated from that file with only its upstream servers and listening port
replaced, so whatever runs behind it (the local cluster, the tests) goes through the deployment's routing.
"""

import asyncio
import os
import re
import shutil
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROXY_CONF = ROOT / "deploy" / "proxy.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The folders nginx would otherwise create under /var/lib/nginx, where an unprivileged process cannot.
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
UPSTREAM = re.compile(r"upstream\s+(\w+)\s*\{[^}]*\}")
LISTEN = re.compile(r"listen\s+\d+\s*;")
START_S = 10


def installed() -> bool:
    return shutil.which(NGINX) is not None


def runnable_config(upstreams: Mapping[str, Sequence[int]], port: int, host: str = "127.0.0.1") -> str:
    """A whole nginx.conf: the proxy's rules with each upstream's servers at 127.0.0.1:<port>."""
    rules = PROXY_CONF.read_text()
    named = set(UPSTREAM.findall(rules))
    if named != set(upstreams):
        raise ValueError(f"deploy/proxy.conf names the upstreams {sorted(named)}, not {sorted(upstreams)}")

    def servers(match: re.Match[str]) -> str:
        lines = " ".join(f"server 127.0.0.1:{p};" for p in upstreams[match.group(1)])
        return f"upstream {match.group(1)} {{ {lines} }}"

    rules = UPSTREAM.sub(servers, rules)
    rules, listens = LISTEN.subn(f"listen {host}:{port};", rules)
    if listens != 1:
        raise ValueError(f"deploy/proxy.conf has {listens} listen directives; expected one")
    temp_paths = "\n".join(f"    {name}_temp_path temp/{name};" for name in TEMP_PATHS)
    return f"""pid nginx.pid;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    access_log logs/access.log;
{temp_paths}
{rules}
}}
"""


async def accepts(port: int, host: str = "127.0.0.1") -> bool:
    try:
        _, writer = await asyncio.open_connection(host, port)
    except OSError:
        return False
    writer.close()
    await writer.wait_closed()
    return True


class Nginx:
    """nginx in `folder`, listening on `port`: `url` is the base URL clients use."""

    def __init__(self, folder: Path, port: int, config: str) -> None:
        self.folder = folder
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._config = config
        self._process: asyncio.subprocess.Process | None = None

    def _command(self, *args: str) -> list[str]:
        command = [NGINX, "-p", f"{self.folder}/", "-e", "logs/error.log", "-c", "nginx.conf", *args]
        # As root nginx would switch its workers to a user of its choosing; as nobody it stays that user.
        return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command

    def _prepare(self) -> None:
        for sub in ("logs", "temp", *(f"temp/{name}" for name in TEMP_PATHS)):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        (self.folder / "nginx.conf").write_text(self._config)
        if os.geteuid() == 0:
            for path in (self.folder, *self.folder.rglob("*")):
                shutil.chown(path, "nobody")

    def error_log(self) -> str:
        log = self.folder / "logs" / "error.log"
        return log.read_text() if log.exists() else ""

    async def start(self) -> None:
        self._prepare()
        self._process = await asyncio.create_subprocess_exec(
            *self._command("-g", "daemon off;"),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_S
        while not await accepts(self.port):
            if self._process.returncode is not None:
                raise RuntimeError(f"nginx exited at start: {self.error_log()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not listen on port {self.port} within {START_S} s")
            await asyncio.sleep(0.05)

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
