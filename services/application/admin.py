"""Operator command for API clients of municipal staff and administrators:

    python -m services.application.admin create-client --kind staff --areas hemtjanst,boendestod
    python -m services.application.admin create-client --kind admin
    python -m services.application.admin revoke-client CLIENT_ID
    python -m services.application.admin issue-client --organisation 556036-0793 --role administrator
    python -m services.application.admin invite --organisation 556036-0793 --email karin@omsorg.example
    python -m services.application.admin grant-staff --subject SUB --upstream staff --admin
    python -m services.application.admin grant-staff --subject SUB --upstream staff --officer hemtjanst

`issue-client` gives a provider organisation a client of the role given, and `invite` an invitation to a
person (its link printed once, and emailed): the ways in when nobody there holds an administrator's role
and the organisation's contact address no longer reaches anyone.

Runs against the application service's database (APPLICATION_DATABASE_URL); prints the new client's
secret once. `grant-staff` gives a person of the staff identity provider (by its subject; before their
first login too) a staff role: how an installation gets its first staff administrator, besides
BOOTSTRAP_STAFF_ADMIN_SUBJECTS. A revoked client gets no new token, and every service refuses the tokens
it has within REVOCATION_REFRESH_S (the revocation's event leaves through the application service's
outbox).
"""

import argparse
import asyncio
import sys

from email_validator import EmailNotValidError, validate_email

from services.application.actions.invitations import InvitationTerms, issue_invitation
from services.application.actions.staff import grant_staff
from services.application.clients import issue_client, revoke
from services.application.domain.people import new_invitation_token
from services.application.domain.providers import organisation_number as checked_organisation_number
from services.application.storage import providers as storage
from shared.areas import SOCIAL_CARE_AREAS
from shared.auth.principal import PROVIDER_ROLES, Kind, Role
from shared.errors import InvalidInput
from shared.migrations import upgrade_to_head
from shared.service import ServiceRuntime
from shared.settings import Settings

KNOWN_AREAS = {a.code for a in SOCIAL_CARE_AREAS}
ROLE_OF_KIND = {Kind.STAFF: Role.OFFICER, Kind.ADMIN: Role.STAFF_ADMIN}


async def _revoke(runtime: ServiceRuntime, client_id: str) -> int:
    async with runtime.uow().acting_as("operator") as uow:
        client = await storage.active_client(uow.session, client_id)
        if client is None:
            print(f"no active client {client_id}", file=sys.stderr)
            return 1
        await revoke(uow, client)
        uow.note("api_client", client_id, "revoked")
        await uow.commit()
    print(f"revoked {client_id}")
    return 0


async def _issue_for_provider(runtime: ServiceRuntime, organisation: str, role: Role, label: str) -> int:
    try:
        number = checked_organisation_number(organisation)
    except InvalidInput as exc:
        print(f"not an organisation number: {exc}", file=sys.stderr)
        return 2
    async with runtime.uow().acting_as("operator") as uow:
        provider = await storage.provider_by_organisation_number(uow.session, number)
        if provider is None:
            print(f"no provider with organisation number {number}", file=sys.stderr)
            return 1
        client, secret = await issue_client(uow.session, role, provider_id=provider.id, label=label)
        uow.note("provider", provider.id, "client_added", client=client.client_id, role=role.value)
        await uow.commit()
    print(f"export CLIENT_ID={client.client_id}\nexport CLIENT_SECRET={secret}")
    return 0


async def _invite(runtime: ServiceRuntime, args: argparse.Namespace) -> int:
    try:
        number = checked_organisation_number(args.organisation)
    except InvalidInput as exc:
        print(f"not an organisation number: {exc}", file=sys.stderr)
        return 2
    try:
        email = validate_email(args.email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        print(f"not an email address: {exc}", file=sys.stderr)
        return 2
    token = new_invitation_token()
    terms = InvitationTerms.of(Settings())
    async with runtime.uow().acting_as("operator") as uow:
        provider = await storage.provider_by_organisation_number(uow.session, number)
        if provider is None:
            print(f"no provider with organisation number {number}", file=sys.stderr)
            return 1
        issue_invitation(uow, provider, email, Role(args.role), terms, "operator", token)
        await uow.commit()
    print(f"export INVITATION={token}\n# {terms.link(token)}")
    return 0


async def _grant_staff(runtime: ServiceRuntime, args: argparse.Namespace) -> int:
    if not args.admin and not args.officer:
        print("give --admin or --officer AREA", file=sys.stderr)
        return 2
    unknown = set(args.officer) - KNOWN_AREAS
    if unknown:
        print(f"unknown areas: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    async with runtime.uow().acting_as("operator") as uow:
        person = await grant_staff(uow, args.subject, admin=args.admin, officer_areas=args.officer)
        await uow.commit()
    print(f"person {person.id}: staff roles granted")
    return 0


async def _run(args: argparse.Namespace) -> int:
    runtime = ServiceRuntime.on_database("application", Settings().database_url("application"))
    engine = runtime.engine
    try:
        await upgrade_to_head(engine, "application")
        if args.command == "revoke-client":
            return await _revoke(runtime, args.client_id)
        if args.command == "issue-client":
            return await _issue_for_provider(runtime, args.organisation, Role(args.role), args.label)
        if args.command == "grant-staff":
            return await _grant_staff(runtime, args)
        if args.command == "invite":
            return await _invite(runtime, args)
        async with runtime.writes() as session:
            areas = sorted(KNOWN_AREAS) if args.areas == "all" else [a for a in args.areas.split(",") if a]
            unknown = set(areas) - KNOWN_AREAS
            if unknown:
                print(f"unknown areas: {', '.join(sorted(unknown))}", file=sys.stderr)
                return 2
            role = ROLE_OF_KIND[Kind(args.kind)]
            client, secret = await issue_client(session, role, areas=areas, label=args.label)
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
    provider = commands.add_parser(
        "issue-client", help="a new client of a provider organisation, found by its organisation number"
    )
    provider.add_argument("--organisation", required=True, help="the organisation number, NNNNNN-NNNN")
    provider.add_argument(
        "--role", choices=[r.value for r in PROVIDER_ROLES], default=Role.ADMINISTRATOR.value
    )
    provider.add_argument("--label", default="issued by the operator", help="who or what the client is for")
    invite = commands.add_parser("invite", help="invite a person to a provider organisation, by email")
    invite.add_argument("--organisation", required=True, help="the organisation number, NNNNNN-NNNN")
    invite.add_argument("--email", required=True, help="where the invitation is sent")
    invite.add_argument("--role", choices=[r.value for r in PROVIDER_ROLES], default=Role.ADMINISTRATOR.value)
    revoke = commands.add_parser(
        "revoke-client", help="revoke a client; every service refuses its tokens within seconds"
    )
    revoke.add_argument("client_id")
    grant = commands.add_parser("grant-staff", help="give a staff person a staff role, by upstream subject")
    grant.add_argument("--subject", required=True, help="the person's subject at the staff identity provider")
    grant.add_argument("--upstream", choices=["staff"], default="staff", help="only staff hold staff roles")
    grant.add_argument("--admin", action="store_true", help="make the person staff administrator")
    grant.add_argument("--officer", action="append", default=[], metavar="AREA", help="officer of an area")
    sys.exit(asyncio.run(_run(parser.parse_args())))


if __name__ == "__main__":
    main()
