"""Operator command for API clients of municipal staff and administrators:

    python -m services.application.admin create-client --kind staff --areas hemtjanst,boendestod
    python -m services.application.admin create-client --kind admin
    python -m services.application.admin revoke-client CLIENT_ID

Runs against the application service's database (APPLICATION_DATABASE_URL); prints the new client's
secret once.
"""

import argparse
import asyncio
import sys

from services.application.clients import issue_client
from services.application.storage import providers as storage
from shared.areas import SOCIAL_CARE_AREAS
from shared.auth.principal import Kind
from shared.clock import now_utc
from shared.db import create_engine, session_factory
from shared.migrations import upgrade_to_head
from shared.settings import Settings

KNOWN_AREAS = {a.code for a in SOCIAL_CARE_AREAS}


async def _run(args: argparse.Namespace) -> int:
    engine = create_engine(Settings().database_url("application"))
    try:
        await upgrade_to_head(engine, "application")
        async with session_factory(engine, writes=True)() as session:
            if args.command == "revoke-client":
                client = await storage.active_client(session, args.client_id)
                if client is None:
                    print(f"no active client {args.client_id}", file=sys.stderr)
                    return 1
                client.revoked_at = now_utc()
                session.add(client)
                await session.commit()
                print(f"revoked {args.client_id}")
                return 0
            areas = sorted(KNOWN_AREAS) if args.areas == "all" else [a for a in args.areas.split(",") if a]
            unknown = set(areas) - KNOWN_AREAS
            if unknown:
                print(f"unknown areas: {', '.join(sorted(unknown))}", file=sys.stderr)
                return 2
            client, secret = await issue_client(session, Kind(args.kind), areas=areas, label=args.label)
            await session.commit()
            print(f"export CLIENT_ID={client.client_id}\nexport CLIENT_SECRET={secret}")
            return 0
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m services.application.admin",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-client", help="a new staff or admin client")
    create.add_argument("--kind", choices=[Kind.STAFF.value, Kind.ADMIN.value], required=True)
    create.add_argument("--areas", default="all", help="comma-separated area codes a staff client works in")
    create.add_argument("--label", default="", help="who or what the client is for")
    revoke = commands.add_parser(
        "revoke-client", help="revoke a client; its tokens expire within their lifetime"
    )
    revoke.add_argument("client_id")
    sys.exit(asyncio.run(_run(parser.parse_args())))


if __name__ == "__main__":
    main()
