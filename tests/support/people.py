"""People in tests: Person rows as a login would make them, their memberships, and access tokens signed with
the application's keys following the token claim contract (what the login issues to a person)."""

import re
import secrets
import time
import uuid
from email.message import EmailMessage

from joserfc import jwt

from services.application.actions.invitations import InvitationTerms, issue_invitation
from services.application.actions.people import accept_invitation, standing_of
from services.application.actions.person_tokens import PersonGrant
from services.application.domain.people import Standing, new_invitation_token
from services.application.keys import TOKEN_SERVER_KEY
from services.application.storage.memberships import Membership, StaffRole
from services.application.storage.people import Person
from services.application.storage.providers import Provider
from services.application.token_endpoint import person_claims
from shared.auth.keys import SIGNING_ALGORITHM
from shared.auth.principal import Role
from shared.clock import now_utc
from tests.support.system import System

# The OAuth client a person logs in through (the portal); what `client_id` of their tokens names.
PORTAL = "portal"
INVITATION_LINK = re.compile(r"/invitations/([A-Za-z0-9_-]{20,})")


async def add_person(
    system: System, upstream: str = "provider", name: str = "Karin Lund", email: str | None = None
) -> Person:
    now = now_utc()
    person = Person(
        id=str(uuid.uuid4()),
        upstream=upstream,
        subject=secrets.token_hex(8),
        name=name,
        email=email or f"{secrets.token_hex(4)}@people.example",
        created_at=now,
        last_login_at=now,
    )
    async with system.runtime("application").uow().acting_as("test") as uow:
        uow.session.add(person)
        await uow.commit()
    return person


async def add_membership(system: System, person: Person, provider_id: str, role: Role) -> None:
    async with system.runtime("application").uow().acting_as("test") as uow:
        uow.session.add(
            Membership(
                id=str(uuid.uuid4()),
                person_id=person.id,
                provider_id=provider_id,
                role=role.value,
                created_at=now_utc(),
            )
        )
        await uow.commit()


async def add_staff_role(system: System, person: Person, role: Role, area_code: str = "") -> None:
    async with system.runtime("application").uow().acting_as("test") as uow:
        uow.session.add(
            StaffRole(
                id=str(uuid.uuid4()),
                person_id=person.id,
                role=role.value,
                area_code=area_code,
                created_at=now_utc(),
            )
        )
        await uow.commit()


def sign_person_token(
    system: System, person: Person, standing: Standing, issued_at: float | None = None
) -> str:
    """An access token as the login issues it to `person` for `standing`."""
    settings = system.settings
    now = issued_at if issued_at is not None else time.time()
    claims: dict[str, object] = {
        "iss": settings.token_issuer,
        "aud": settings.audience,
        "sub": person.id,
        "client_id": PORTAL,
        "scope": " ".join(standing.scopes),
        "iat": int(now),
        "exp": int(now) + settings.access_token_lifetime_s,
        "jti": secrets.token_hex(8),
        **person_claims(PersonGrant(person, standing, f"family-{uuid.uuid4().hex}")),
    }
    key = system.app[TOKEN_SERVER_KEY].keys.current
    header = {"alg": SIGNING_ALGORITHM, "typ": "at+jwt", "kid": key.kid}
    return jwt.encode(header, claims, key)


async def login(system: System, person: Person, organisation_number: str | None = None) -> dict[str, str]:
    """Authorization headers of a token of what the person holds now (`standing_of`), as a login gives."""
    async with system.runtime("application").reads() as session:
        standing = await standing_of(session, person, organisation_number)
    return {"Authorization": f"Bearer {sign_person_token(system, person, standing)}"}


async def person_token(
    system: System, provider_id: str, role: Role, *, name: str = "Karin Lund"
) -> tuple[Person, dict[str, str]]:
    """A new e-ID person, member of the provider with `role`, and the headers of their token."""
    person = await add_person(system, name=name)
    await add_membership(system, person, provider_id, role)
    return person, await login(system, person)


async def staff_token(
    system: System, *, admin: bool = False, areas: tuple[str, ...] = (), name: str = "Eva Berg"
) -> tuple[Person, dict[str, str]]:
    person = await add_person(system, upstream="staff", name=name)
    if admin:
        await add_staff_role(system, person, Role.STAFF_ADMIN)
    for area in areas:
        await add_staff_role(system, person, Role.OFFICER, area)
    return person, await login(system, person)


def invitation_token(message: EmailMessage) -> str:
    """The token of the invitation link an email carries."""
    found = INVITATION_LINK.search(message.get_content())
    assert found is not None, "no invitation link in the email"
    return found.group(1)


async def accept(system: System, token: str, person: Person) -> Membership:
    """What the login does with an invitation link's token once the person has logged in."""
    async with system.runtime("application").uow().acting_as(person.id) as uow:
        membership = await accept_invitation(uow, token, person)
        await uow.commit()
    return membership


async def pending_invitation(
    system: System, provider_id: str, role: Role, email: str = "ny@omsorg.example"
) -> tuple[str, str]:
    """An invitation as an administrator makes one, without reading its email: answers its id and the token
    its link carries."""
    token = new_invitation_token()
    async with system.runtime("application").uow().acting_as("test") as uow:
        provider = await uow.session.get(Provider, provider_id)
        assert provider is not None
        terms = InvitationTerms.of(system.settings)
        invitation = issue_invitation(uow, provider, email, role, terms, "test", token)
        await uow.commit()
    return invitation.id, token
