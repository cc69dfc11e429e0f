"""HTTP handlers of organisations' people, invitations, staff roles and registration decisions: parse, call
one action, answer."""

from datetime import datetime

from aiohttp import web

from services.application.actions import invitations, members, registrations, staff
from services.application.actions.invitations import InvitationTerms
from services.application.keys import APPLICATION_KEY
from services.application.schemas.people import (
    InvitationIn,
    InvitationList,
    InvitationOut,
    InvitationView,
    ListQuery,
    MemberList,
    MemberOut,
    MembershipOut,
    PersonOut,
    RegistrationOut,
    ReleaseIn,
    RoleChange,
    StaffPersonList,
    StaffPersonOut,
    StaffRolesIn,
    StaffRolesOut,
)
from services.application.storage.memberships import Membership
from services.application.storage.people import Person
from shared.auth.principal import Role
from shared.http.keys import SETTINGS_KEY, VERIFIER_KEY
from shared.http.requests import json_body, principal, query_params
from shared.http.responses import json_response

NO_STORE = {"Cache-Control": "no-store"}


def _revoked_here(request: web.Request, revoked: dict[str, datetime]) -> None:
    """Refused by this process at once; by the others at their next refresh."""
    for key, at in revoked.items():
        request.app[VERIFIER_KEY].note_revoked(key, at)


def _member(membership: Membership, person: Person) -> MemberOut:
    return MemberOut(
        person_id=person.id,
        name=person.name,
        email=person.email,
        role=membership.role,
        since=membership.created_at,
    )


def _staff_person(found: staff.StaffPerson) -> StaffPersonOut:
    person = found.person
    return StaffPersonOut(
        id=person.id,
        name=person.name,
        email=person.email,
        staff_admin=found.staff_admin,
        officer_areas=found.officer_areas,
    )


async def view_invitation(request: web.Request) -> web.Response:
    async with request.app[APPLICATION_KEY].reads() as session:
        invitation, provider = await invitations.usable_invitation(session, request.match_info["token"])
    body = InvitationView(
        organisation=provider.name, role=invitation.role, expires_at=invitation.expires_at, usable=True
    )
    return json_response(body, headers=NO_STORE)


async def invite(request: web.Request) -> web.Response:
    command = await json_body(request, InvitationIn)
    terms = InvitationTerms.of(request.app[SETTINGS_KEY])
    invitation = await invitations.invite(
        request.app[APPLICATION_KEY].uow(), principal(request), str(command.email), Role(command.role), terms
    )
    return json_response(
        InvitationOut.model_validate(invitation, from_attributes=True),
        status=201,
        headers={"Location": f"/providers/me/invitations/{invitation.id}"},
    )


async def list_invitations(request: web.Request) -> web.Response:
    query = query_params(request, ListQuery)
    async with request.app[APPLICATION_KEY].reads() as session:
        page = await invitations.invitations_of(session, principal(request), query.limit, query.cursor)
    items = [InvitationOut.model_validate(i, from_attributes=True) for i in page.items]
    return json_response(InvitationList(items=items, next_cursor=page.next_cursor))


async def revoke_invitation(request: web.Request) -> web.Response:
    uow = request.app[APPLICATION_KEY].uow()
    await invitations.revoke_invitation(uow, principal(request), request.match_info["id"])
    return web.Response(status=204)


async def list_people(request: web.Request) -> web.Response:
    query = query_params(request, ListQuery)
    async with request.app[APPLICATION_KEY].reads() as session:
        page = await members.people_of(session, principal(request), query.limit, query.cursor)
    return json_response(
        MemberList(items=[_member(m, p) for m, p in page.items], next_cursor=page.next_cursor)
    )


async def change_role(request: web.Request) -> web.Response:
    command = await json_body(request, RoleChange)
    person_id = request.match_info["person_id"]
    uow = request.app[APPLICATION_KEY].uow()
    membership, person, revoked_at = await members.change_role(
        uow, principal(request), person_id, Role(command.role)
    )
    if revoked_at is not None:
        _revoked_here(request, {person_id: revoked_at})
    return json_response(_member(membership, person))


async def remove_person(request: web.Request) -> web.Response:
    person_id = request.match_info["person_id"]
    revoked_at = await members.remove_member(
        request.app[APPLICATION_KEY].uow(), principal(request), person_id
    )
    _revoked_here(request, {person_id: revoked_at})
    return web.Response(status=204)


async def get_myself(request: web.Request) -> web.Response:
    async with request.app[APPLICATION_KEY].reads() as session:
        me = await members.myself(session, principal(request))
    found = staff.StaffPerson.of(me.person, me.staff_roles)
    body = PersonOut(
        id=me.person.id,
        name=me.person.name,
        email=me.person.email,
        memberships=[
            MembershipOut(provider_id=p.id, organisation=p.name, role=m.role) for m, p in me.memberships
        ],
        staff=StaffRolesOut(staff_admin=found.staff_admin, officer_areas=found.officer_areas),
    )
    return json_response(body, headers=NO_STORE)


async def list_staff(request: web.Request) -> web.Response:
    query = query_params(request, ListQuery)
    async with request.app[APPLICATION_KEY].reads() as session:
        page = await staff.staff_people(session, query.limit, query.cursor)
    return json_response(
        StaffPersonList(items=[_staff_person(p) for p in page.items], next_cursor=page.next_cursor)
    )


async def set_staff_roles(request: web.Request) -> web.Response:
    command = await json_body(request, StaffRolesIn)
    person_id = request.match_info["person_id"]
    found, revoked_at = await staff.set_staff_roles(
        request.app[APPLICATION_KEY].uow(),
        principal(request),
        person_id,
        command.staff_admin,
        command.officer_areas,
    )
    if revoked_at is not None:
        _revoked_here(request, {person_id: revoked_at})
    return json_response(_staff_person(found))


async def approve_registration(request: web.Request) -> web.Response:
    provider = await registrations.approve_registration(
        request.app[APPLICATION_KEY].uow(), principal(request), request.match_info["id"]
    )
    return json_response(
        RegistrationOut(provider_id=provider.id, registration_status=provider.registration_status)
    )


async def release_registration(request: web.Request) -> web.Response:
    command = await json_body(request, ReleaseIn)
    provider, revoked = await registrations.release_registration(
        request.app[APPLICATION_KEY].uow(),
        principal(request),
        request.match_info["id"],
        str(command.contact_email),
        command.reason,
        InvitationTerms.of(request.app[SETTINGS_KEY]),
    )
    _revoked_here(request, revoked)
    return json_response(
        RegistrationOut(provider_id=provider.id, registration_status=provider.registration_status)
    )
