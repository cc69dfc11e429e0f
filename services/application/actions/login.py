"""A person's login: the authorization-code grant with PKCE, federated to an upstream OpenID Connect provider
(RFC 6749 §4.1, RFC 7636, RFC 9207). The grant is written here rather than with Authlib's grant classes:
those call their storage synchronously, and ours is an async database shared by every replica. Authlib still
builds the upstream request (upstreams.py) and signs the access tokens (token_endpoint.py); the tokens a code
is exchanged for are person_tokens.py's."""

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.actions.authorization_requests import (
    AuthorizationRequest,
    AuthorizeError,
    NotRedirectable,
    error_redirect,
    with_query,
)
from services.application.actions.login_context import Login
from services.application.actions.people import accept_invitation, on_first_staff_login, standing_of
from services.application.domain.credentials import hash_secret
from services.application.domain.login import (
    UpstreamKind,
    VouchedIdentity,
    vouched_identity,
)
from services.application.domain.people import InvitationRefused, NoStanding
from services.application.storage.login import (
    AuthorizationCode,
    LoginRequest,
    SigninSession,
    live_session,
)
from services.application.storage.people import Person, person_by_subject
from services.application.storage.providers import provider_by_id
from services.application.upstreams import UnverifiedIdentity, UpstreamError
from shared.auth.principal import Kind, Principal
from shared.clock import now_utc
from shared.settings import LoginClient
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Outcome:
    """Where the browser goes next, and the sign-in session cookie to set, if a new one began."""

    location: str
    new_session: str | None = None


async def authorize(login: Login, request: AuthorizationRequest, session_cookie: str | None) -> Outcome:
    now = now_utc()
    if session_cookie and not request.force_login:
        async with login.runtime.uow() as uow:
            signed_in = await live_session(uow.session, hash_secret(session_cookie), request.upstream, now)
            if signed_in is not None:
                person = await uow.session.get(Person, signed_in.person_id)
                if person is not None:
                    return Outcome(await _issue_code(login, uow, person, request))
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    async with login.runtime.uow() as uow:
        uow.session.add(
            LoginRequest(
                state_hash=hash_secret(state),
                upstream=request.upstream,
                client_id=request.client.client_id,
                redirect_uri=request.redirect_uri,
                client_state=request.state,
                code_challenge=request.code_challenge,
                organisation_number=request.organisation_number,
                invitation=request.invitation,
                nonce=nonce,
                code_verifier=verifier,
                created_at=now,
                expires_at=now + timedelta(seconds=login.settings.login_request_lifetime_s),
            )
        )
        await uow.commit()
    try:
        url = await login.upstreams[request.upstream].authorization_url(
            login.callback_url, state, nonce, verifier
        )
    except UpstreamError as exc:
        raise AuthorizeError("temporarily_unavailable", "The identity provider cannot be reached.") from exc
    return Outcome(url)


async def come_back(login: Login, state: str | None, code: str | None, upstream_error: str | None) -> Outcome:
    """The person returns from the upstream provider to `GET /login/callback`."""
    if not state or len(state) > 200:
        raise NotRedirectable("This login was not started here, or it has expired.")
    now = now_utc()
    async with login.runtime.uow() as uow:
        pending = await uow.session.get(LoginRequest, hash_secret(state))
        if pending is None:
            raise NotRedirectable("This login was not started here, or it has expired.")
        # Single use, whatever follows: a second arrival with the same state finds nothing.
        await uow.session.delete(pending)
        await uow.commit()
    request = AuthorizationRequest(
        client=_known_client(login, pending.client_id),
        redirect_uri=pending.redirect_uri,
        state=pending.client_state,
        code_challenge=pending.code_challenge,
        upstream=pending.upstream,
        organisation_number=pending.organisation_number,
        invitation=pending.invitation,
        force_login=False,
    )
    issuer = login.settings.token_issuer

    def refused(error: str, description: str) -> Outcome:
        return Outcome(error_redirect(request.redirect_uri, error, description, request.state, issuer))

    if pending.expires_at <= now:
        return refused("access_denied", "The login took too long.")
    if upstream_error or not code:
        return refused("access_denied", "The login was not completed.")
    upstream = login.upstreams.get(pending.upstream)
    if upstream is None:
        raise NotRedirectable("The identity provider of this login is no longer configured.")
    try:
        claims = await upstream.identity(code, login.callback_url, pending.code_verifier, pending.nonce)
    except UnverifiedIdentity:
        return refused("access_denied", "The identity provider's answer could not be verified.")
    except UpstreamError:
        return refused("temporarily_unavailable", "The identity provider cannot be reached.")
    identity = vouched_identity(claims, login.subject_key)
    cookie = secrets.token_urlsafe(32)
    async with login.runtime.uow() as uow:
        person, first_login = await _person(uow.session, pending.upstream, identity)
        if first_login:
            await on_first_staff_login(uow, person, login.settings.staff_admin_subjects)
        uow.session.add(
            SigninSession(
                id_hash=hash_secret(cookie),
                person_id=person.id,
                upstream=pending.upstream,
                acr=identity.acr,
                created_at=now,
                expires_at=now + timedelta(seconds=login.settings.signin_session_lifetime_s),
            )
        )
        location = await _issue_code(login, uow, person, request)
    return Outcome(location, new_session=cookie)


def _known_client(login: Login, client_id: str) -> LoginClient:
    client = login.client(client_id)
    if client is None:
        raise NotRedirectable("The client of this login is no longer registered.")
    return client


async def _person(session: AsyncSession, upstream: str, identity: VouchedIdentity) -> tuple[Person, bool]:
    """The person the upstream vouched for, made at their first login (and then answered with True)."""
    now = now_utc()
    person = await person_by_subject(session, upstream, identity.subject)
    first_login = person is None
    if person is None:
        person = Person(
            id=str(uuid.uuid4()),
            upstream=upstream,
            subject=identity.subject,
            name=identity.name,
            email=identity.email,
            last_acr=identity.acr,
            created_at=now,
            last_login_at=now,
        )
    else:
        # The upstream vouches for the name and email as they are now.
        person.name, person.email, person.last_acr, person.last_login_at = (
            identity.name,
            identity.email,
            identity.acr,
            now,
        )
    session.add(person)
    await session.flush()
    return person, first_login


async def _issue_code(login: Login, uow: UnitOfWork, person: Person, request: AuthorizationRequest) -> str:
    """Accepts an invitation the request carries, checks that the person may act, and answers the redirect
    with a new code. Commits `uow` either way, so that the person and the sign-in session are kept."""
    issuer = login.settings.token_issuer
    organisation_number = request.organisation_number
    try:
        if request.invitation is not None:
            # The person acts for the organisation that invited them, whatever else they belong to.
            uow.acting_as(_acting(person, request.client))
            joined = await accept_invitation(uow, request.invitation, person)
            organisation = await provider_by_id(uow.session, joined.provider_id)
            organisation_number = organisation.organisation_number if organisation else organisation_number
        await standing_of(uow.session, person, organisation_number)
    except (InvitationRefused, NoStanding) as exc:
        await uow.commit()
        return error_redirect(request.redirect_uri, "access_denied", str(exc), request.state, issuer)
    code = secrets.token_urlsafe(32)
    now = now_utc()
    uow.session.add(
        AuthorizationCode(
            code_hash=hash_secret(code),
            client_id=request.client.client_id,
            redirect_uri=request.redirect_uri,
            code_challenge=request.code_challenge,
            person_id=person.id,
            organisation_number=organisation_number,
            family_id=f"family-{uuid.uuid4().hex}",
            created_at=now,
            expires_at=now + timedelta(seconds=login.settings.authorization_code_lifetime_s),
        )
    )
    await uow.commit()
    # RFC 9207: the issuer in the answer, so a client talking to several servers knows which one answered.
    return with_query(request.redirect_uri, {"code": code, "state": request.state, "iss": issuer})


def _acting(person: Person, client: LoginClient) -> Principal:
    """The person as the audit trail names them while they log in (accepting an invitation)."""
    return Principal(
        kind=Kind.PROVIDER if person.upstream == UpstreamKind.PROVIDER else Kind.STAFF,
        client_id=client.client_id,
        scopes=frozenset(),
        subject=person.id,
        person_id=person.id,
        name=person.name,
    )


async def logout(login: Login, session_cookie: str | None, back_to: str | None = None) -> str | None:
    """Ends the sign-in session; answers where the browser ends the upstream session too, where it can.
    `back_to` (checked by `after_logout`) is where the upstream sends the browser after its own logout."""
    if not session_cookie:
        return None
    async with login.runtime.uow() as uow:
        row = await uow.session.get(SigninSession, hash_secret(session_cookie))
        if row is None or row.ended_at is not None:
            return None
        row.ended_at = now_utc()
        uow.session.add(row)
        await uow.commit()
    upstream = login.upstreams.get(row.upstream)
    return await upstream.end_session_url(back_to) if upstream is not None else None


def after_logout(login: Login, client_id: str | None, asked: str | None) -> str | None:
    """Where the browser goes once logged out: back to the application it came from, only to an address
    that application registered (never an open redirect)."""
    client = login.client(client_id) if client_id else None
    if client is None or asked not in client.post_logout_redirect_uris:
        return None
    return asked
