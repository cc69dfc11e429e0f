"""nginx in front of services under test, routing by the committed deploy/proxy.conf (cluster/nginx.py), from
a temporary folder, with any number of replicas per upstream."""

import shutil
import tempfile
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp.test_utils import unused_port

from cluster.nginx import Nginx, accepts, installed, runnable_config
from tests.support.polling import eventually

Proxy = Nginx


@asynccontextmanager
async def proxy(upstreams: Mapping[str, Sequence[int]], port: int | None = None) -> AsyncIterator[Proxy]:
    """nginx routing by deploy/proxy.conf to the given 127.0.0.1 ports, on `port` (default a free one).
    It starts once they all listen: a refused connection marks a server down for 10 s, answered 502."""
    if not installed():
        raise RuntimeError("nginx is not installed (scripts/test installs it)")
    for ports in upstreams.values():
        for upstream in ports:
            await eventually(lambda p=upstream: accepts(p), timeout=30, what=f"port {upstream} to listen")  # type: ignore[misc]
    port = port or unused_port()
    folder = Path(tempfile.mkdtemp(prefix="nginx-"))
    try:
        running = Nginx(folder, port, runnable_config(upstreams, port))
        await running.start()
        try:
            yield running
        finally:
            await running.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
