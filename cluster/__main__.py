"""python -m cluster: the services as a municipality runs them, on one machine. Replicas of each service
(`--replicas`, CLUSTER_REPLICAS, default 2) and of the quality-round scheduler (`--schedulers`, default 2) on
PostgreSQL, behind nginx with deploy/proxy.conf on http://127.0.0.1:8080 (`--port`). Ctrl-C stops all of it.
`scripts/cluster` installs what is missing and runs this."""

import argparse
import asyncio
import os
import re
import signal
import sys
from pathlib import Path

from cluster import databases
from cluster.launcher import Cluster, Layout
from cluster.nginx import installed

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
PREFIX = re.compile(r"[a-z][a-z0-9_]{0,40}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m cluster", description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument("--replicas", type=int, default=int(env("CLUSTER_REPLICAS", Layout.replicas)))
    parser.add_argument("--schedulers", type=int, default=int(env("CLUSTER_SCHEDULERS", Layout.schedulers)))
    parser.add_argument("--port", type=int, default=int(env("CLUSTER_PORT", Layout.port)), help="nginx's")
    parser.add_argument("--data-dir", type=Path, default=Path(env("CLUSTER_DATA_DIR", "data/cluster")))
    parser.add_argument(
        "--postgres-url",
        default=env("CLUSTER_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a database on the server where the cluster's databases are created when missing",
    )
    parser.add_argument(
        "--database-prefix",
        default=env("CLUSTER_DATABASE_PREFIX", "kundval_cluster"),
        help="the databases are <prefix>_<service>",
    )
    args = parser.parse_args()
    if args.replicas < 1 or args.schedulers < 0:
        parser.error("--replicas must be at least 1 and --schedulers at least 0")
    if not PREFIX.fullmatch(args.database_prefix):
        parser.error("--database-prefix: lower-case letters, digits and _, starting with a letter")
    return args


def _staff_credentials(cluster: Cluster) -> str:
    """The first staff client's export lines, which the first application replica prints on first start."""
    log = cluster.replicas["application"][0].log.read_text(errors="replace")
    return "\n".join(line for line in log.splitlines() if "export STAFF_CLIENT_" in line)


async def _run(args: argparse.Namespace) -> int:
    if not installed():
        print("nginx is not installed (scripts/cluster installs it)", file=sys.stderr)
        return 2
    urls = databases.database_urls(args.postgres_url, args.database_prefix)
    await databases.create_missing(args.postgres_url, urls)
    public = f"http://127.0.0.1:{args.port}"
    env = {
        "DATA_DIR": str(args.data_dir.resolve()),
        "PUBLIC_BASE_URL": public,
        "PORTAL_API_URL": public,
        # Every replica fetches the signing keys where clients do; the application's replicas share them.
        "JWKS_URL": f"{public}/.well-known/jwks.json",
        # The services count nginx's X-Forwarded-For for rate limits, an address a client cannot choose.
        "TRUST_FORWARDED_FOR": "true",
        **{f"{service.upper()}_DATABASE_URL": url for service, url in urls.items()},
    }
    cluster = Cluster(Layout(args.replicas, args.schedulers, args.port), args.data_dir.resolve(), env)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    try:
        starting = asyncio.create_task(cluster.start())
        waiting = asyncio.create_task(stopping.wait())
        await asyncio.wait({starting, waiting}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():
            starting.cancel()
            return 130
        waiting.cancel()
        starting.result()
        print(
            f"\nThe cluster answers on {public} (OpenAPI {public}/openapi.json, docs {public}/docs, "
            f"portal {public}/portal/).\n"
            + "".join(
                f"  {service}: {', '.join(m.url for m in members)}\n"
                for service, members in cluster.replicas.items()
            )
            + f"  schedulers: {len(cluster.schedulers)}; logs in {cluster.folder / 'logs'}\n"
            + (f"{credentials}\n" if (credentials := _staff_credentials(cluster)) else "")
            + "Ctrl-C stops it.",
            flush=True,
        )
        await stopping.wait()
        return 0
    except RuntimeError as failure:
        print(f"The cluster did not start: {failure}", file=sys.stderr)
        return 1
    finally:
        await cluster.stop()
        print("The cluster has stopped.", flush=True)


def main() -> None:
    sys.exit(asyncio.run(_run(_arguments())))


if __name__ == "__main__":
    main()
