"""A person's login: the authorization-code grant with PKCE, federated to an upstream OpenID Connect provider,
and the refresh tokens that follow it (RFC 6749 §4.1, RFC 7636, RFC 9700).

The grants are written here rather than with Authlib's grant classes: those call their storage synchronously,
and ours is an async database shared by every replica. Authlib still builds the upstream request, checks the
S256 challenge (domain/login.py) and signs the access tokens (token_endpoint.py)."""

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.actions.people import accept_invitation, on_first_staff_login, standing_of
from services.application.domain.login import (
    MAX_CLIENT_STATE,
    UpstreamKind,
    VouchedIdentity,
    digest,
    redirect_uri_allowed,
    verifier_matches,
    vouched_identity,
    well_formed_challenge,
)
from services.application.domain.people import InvitationRefused, NoStanding, Standing
from services.application.storage.login import (
    AuthorizationCode,
    LoginRequest,
    RefreshToken,
    SigninSession,
    live_session,
    mark_used,
    revoke_family,
)
from services.application.storage.people import Person
from services.application.storage.providers import provider_by_id
from services.application.upstreams import UnverifiedIdentity, UpstreamError, UpstreamProvider
from shared.auth.principal import Kind, Principal
from shared.auth.revocations import record_revocation
from shared.clock import now_utc
from shared.events.application import ApiClientRevokedV1
from shared.service import ServiceRuntime
from shared.settings import LoginClient, Settings
from shared.swedish_ids import normalise_organisation_number

CALLBACK_PATH = "/login/callback"
MAX_INVITATION = 100


class NotRedirectable(Exception):
    """An authorization request whose client or redirect URI is not known: the error is shown to the person,
    never sent to an address nobody registered (RFC 6749 §4.1.2.1)."""


class AuthorizeError(Exception):
    """An error of the authorization request, sent back to the client's redirect URI."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        # Where the error goes, once the request's client and redirect URI are known good.
        self.redirect_uri: str | None = None
        self.state: str | None = None

    def location(self, issuer: str) -> str:
        assert self.redirect_uri is not None
        return error_redirect(self.redirect_uri, self.error, self.description, self.state, issuer)


class GrantError(Exception):
    """An RFC 6749 §5.2 error of the token endpoint."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


@dataclass(frozen=True)
class Login:
    """What the login needs, made once per process."""

    # The service's runtime exists once the app has started; the login is made when the app is built.
    runtime_of: Callable[[], ServiceRuntime]
    settings: Settings
    upstreams: dict[str, UpstreamProvider]
    subject_key: bytes

    @property
    def runtime(self) -> ServiceRuntime:
        return self.runtime_of()

    @property
    def callback_url(self) -> str:
        return self.settings.base_url + CALLBACK_PATH

    def client(self, client_id: str) -> LoginClient | None:
        return next((c for c in self.settings.login_clients if c.client_id == client_id), None)


def login_of(settings: Settings, runtime_of: Callable[[], ServiceRuntime]) -> Login:
    upstreams = {
        name: UpstreamProvider(name, config)
        for name, config in (("provider", settings.provider_login), ("staff", settings.staff_login))
        if config is not None
    }
    return Login(runtime_of, settings, upstreams, subject_key(settings))


def subject_key(settings: Settings) -> bytes:
    """The key of the keyed hash that stands in for an identity number used as a subject: from settings, or
    made once beside the signing keys (so every replica sharing them shares it)."""
    if settings.person_subject_key:
        return settings.person_subject_key.encode()
    path: Path = settings.keys_dir / "person-subject.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(secrets.token_bytes(32))
        path.chmod(0o600)
    return path.read_bytes()


@dataclass(frozen=True)
class AuthorizationRequest:
    client: LoginClient
    redirect_uri: str
    state: str | None
    code_challenge: str
    upstream: str
    organisation_number: str | None
    invitation: str | None
    force_login: bool


def authorization_request(login: Login, query: Any) -> AuthorizationRequest:
    """Checks the parameters of `GET /oauth/authorize`: the client and redirect URI first, since until they
    are known good no error may be sent to the redirect URI."""
    client_id = _single(query, "client_id")
    client = login.client(client_id) if client_id else None
    if client is None:
        raise NotRedirectable("The client_id is missing or not a client registered for people's login.")
    redirect_uri = _single(query, "redirect_uri")
    if redirect_uri is None and len(client.redirect_uris) == 1 and "127.0.0.1" not in client.redirect_uris[0]:
        redirect_uri = client.redirect_uris[0]
    if redirect_uri is None or not redirect_uri_allowed(client, redirect_uri):
        raise NotRedirectable("The redirect_uri is missing or not registered for this client.")
    state = _single(query, "state")
    try:
        return _checked(login, query, client, redirect_uri, state)
    except AuthorizeError as exc:
        exc.redirect_uri = redirect_uri
        # A state too long to be one is not echoed back.
        exc.state = state if state is not None and len(state) <= MAX_CLIENT_STATE else None
        raise


def _checked(
    login: Login, query: Any, client: LoginClient, redirect_uri: str, state: str | None
) -> AuthorizationRequest:
    if state is not None and len(state) > MAX_CLIENT_STATE:
        raise AuthorizeError("invalid_request", "The state is too long.")
    if _single(query, "response_type") != "code":
        raise AuthorizeError("unsupported_response_type", "Only response_type=code is supported.")
    if (_single(query, "code_challenge_method") or "plain") != "S256":
        raise AuthorizeError("invalid_request", "PKCE with code_challenge_method=S256 is required.")
    challenge = _single(query, "code_challenge") or ""
    if not well_formed_challenge(challenge):
        raise AuthorizeError("invalid_request", "A code_challenge (S256, 43 characters) is required.")
    upstream = _single(query, "idp") or UpstreamKind.PROVIDER
    if upstream not in UpstreamKind.ALL:
        raise AuthorizeError("invalid_request", "idp is `provider` or `staff`.")
    if upstream not in login.upstreams:
        raise AuthorizeError("temporarily_unavailable", f"No identity provider is configured for {upstream}.")
    organisation = _single(query, "organisation")
    organisation_number = None
    if organisation is not None:
        organisation_number = normalise_organisation_number(organisation)
        if organisation_number is None:
            raise AuthorizeError("invalid_request", "organisation is not an organisation number.")
    invitation = _single(query, "invitation")
    if invitation is not None and not 0 < len(invitation) <= MAX_INVITATION:
        raise AuthorizeError("invalid_request", "The invitation is not one we issue.")
    prompt = _single(query, "prompt") or ""
    return AuthorizationRequest(
        client=client,
        redirect_uri=redirect_uri,
        state=state,
        code_challenge=challenge,
        upstream=upstream,
        organisation_number=organisation_number,
        invitation=invitation,
        force_login="login" in prompt.split(),
    )


def _single(query: Any, name: str) -> str | None:
    values = query.getall(name, [])
    if len(values) > 1:
        # RFC 6749 §3.1: a parameter must not be included more than once.
        raise NotRedirectable(f"The parameter {name} is given more than once.")
    return str(values[0]) if values else None


def error_redirect(redirect_uri: str, error: str, description: str, state: str | None, issuer: str) -> str:
    return _with_query(
        redirect_uri, {"error": error, "error_description": description, "state": state, "iss": issuer}
    )


def _with_query(uri: str, params: dict[str, str | None]) -> str:
    kept = {k: v for k, v in params.items() if v is not None}
    return uri + ("&" if "?" in uri else "?") + urlencode(kept)


@dataclass(frozen=True)
class Outcome:
    """Where the browser goes next, and the sign-in session cookie to set, if a new one began."""

    location: str
    new_session: str | None = None


async def authorize(login: Login, request: AuthorizationRequest, session_cookie: str | None) -> Outcome:
    now = now_utc()
    if session_cookie and not request.force_login:
        async with login.runtime.uow() as uow:
            signed_in = await live_session(uow.session, digest(session_cookie), request.upstream, now)
            if signed_in is not None:
                person = await uow.session.get(Person, signed_in.person_id)
                if person is not None:
                    return Outcome(await _issue_code(login, uow, person, request))
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    async with login.runtime.uow() as uow:
        uow.session.add(
            LoginRequest(
                state_hash=digest(state),
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
        pending = await uow.session.get(LoginRequest, digest(state))
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
    if pending.expires_at <= now:
        return Outcome(
            error_redirect(
                request.redirect_uri, "access_denied", "The login took too long.", request.state, issuer
            )
        )
    if upstream_error or not code:
        return Outcome(
            error_redirect(
                request.redirect_uri, "access_denied", "The login was not completed.", request.state, issuer
            )
        )
    upstream = login.upstreams.get(pending.upstream)
    if upstream is None:
        raise NotRedirectable("The identity provider of this login is no longer configured.")
    try:
        claims = await upstream.identity(code, login.callback_url, pending.code_verifier, pending.nonce)
    except UnverifiedIdentity:
        return Outcome(
            error_redirect(
                request.redirect_uri,
                "access_denied",
                "The identity provider's answer could not be verified.",
                request.state,
                issuer,
            )
        )
    except UpstreamError:
        return Outcome(
            error_redirect(
                request.redirect_uri,
                "temporarily_unavailable",
                "The identity provider cannot be reached.",
                request.state,
                issuer,
            )
        )
    identity = vouched_identity(claims, login.subject_key)
    cookie = secrets.token_urlsafe(32)
    async with login.runtime.uow() as uow:
        person, first_login = await _person(uow.session, pending.upstream, identity)
        if first_login:
            await on_first_staff_login(uow, person, login.settings.staff_admin_subjects)
        uow.session.add(
            SigninSession(
                id_hash=digest(cookie),
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
    found = await session.exec(
        select(Person).where(col(Person.upstream) == upstream, col(Person.subject) == identity.subject)
    )
    person = found.first()
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


async def _issue_code(login: Login, uow: Any, person: Person, request: AuthorizationRequest) -> str:
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
            code_hash=digest(code),
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
    return _with_query(request.redirect_uri, {"code": code, "state": request.state, "iss": issuer})


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


@dataclass(frozen=True)
class PersonGrant:
    """A person's standing as one token carries it: what the token generator makes claims of."""

    person: Person
    standing: Standing
    family_id: str

    def get_user_id(self) -> str:
        return self.person.id


@dataclass(frozen=True)
class Tokens:
    grant: PersonGrant
    client: LoginClient
    refresh_token: str


def authenticated_client(login: Login, client_id: str | None, secret: str | None) -> LoginClient:
    """A confidential client proves itself with its secret; a public one has none and is bound by PKCE."""
    client = login.client(client_id) if client_id else None
    if client is None or (client.secret is not None and not _same(secret, client.secret)):
        raise GrantError("invalid_client", "Client authentication failed.", status=401)
    if client.secret is None and secret:
        raise GrantError("invalid_client", "Client authentication failed.", status=401)
    return client


def _same(given: str | None, known: str) -> bool:
    return given is not None and secrets.compare_digest(given.encode(), known.encode())


async def exchange_code(login: Login, client: LoginClient, form: Any) -> Tokens:
    code, redirect_uri, verifier = form.get("code"), form.get("redirect_uri"), form.get("code_verifier")
    if not isinstance(code, str) or not code or len(code) > 200:
        raise GrantError("invalid_request", "code is required.")
    now = now_utc()
    async with login.runtime.uow() as uow:
        row = await uow.session.get(AuthorizationCode, digest(code))
        if row is None or row.client_id != client.client_id:
            raise GrantError("invalid_grant", "The code is not valid.")
        if not await mark_used(uow.session, AuthorizationCode, row.code_hash, now):
            # A code used twice was stolen or replayed: what it gave is revoked (RFC 6749 §4.1.2).
            await _revoke_family(uow, row.family_id, now)
            await uow.commit()
            raise GrantError("invalid_grant", "The code was already used.")
        await uow.commit()
    if row.expires_at <= now:
        raise GrantError("invalid_grant", "The code has expired.")
    if redirect_uri != row.redirect_uri:
        raise GrantError("invalid_grant", "The redirect_uri differs from the authorization request's.")
    if not isinstance(verifier, str) or not verifier_matches(verifier, row.code_challenge):
        raise GrantError("invalid_grant", "The code_verifier does not match the code_challenge.")
    return await _new_tokens(
        login,
        client,
        row.person_id,
        row.organisation_number,
        row.family_id,
        now + timedelta(seconds=login.settings.refresh_token_lifetime_s),
    )


async def refresh(login: Login, client: LoginClient, form: Any) -> Tokens:
    token = form.get("refresh_token")
    if not isinstance(token, str) or not token or len(token) > 200:
        raise GrantError("invalid_request", "refresh_token is required.")
    now = now_utc()
    async with login.runtime.uow() as uow:
        row = await uow.session.get(RefreshToken, digest(token))
        if row is None or row.client_id != client.client_id:
            raise GrantError("invalid_grant", "The refresh token is not valid.")
        if row.revoked_at is not None or row.expires_at <= now:
            raise GrantError("invalid_grant", "The refresh token has expired or was revoked.")
        if not await mark_used(uow.session, RefreshToken, row.token_hash, now):
            # Each refresh token is used once; a second use means two holders, one of them a thief. Neither
            # can tell which, so the whole family ends and the person logs in again (RFC 9700 §4.14.2).
            await _revoke_family(uow, row.family_id, now)
            await uow.commit()
            raise GrantError("invalid_grant", "The refresh token was already used; its login has ended.")
        await uow.commit()
    return await _new_tokens(
        login, client, row.person_id, row.organisation_number, row.family_id, row.expires_at
    )


async def _revoke_family(uow: Any, family_id: str, at: Any) -> None:
    await revoke_family(uow.session, family_id, at)
    # The access tokens of the family carry its id as `sid`: every service refuses them from now on.
    await record_revocation(uow.session, family_id, at)
    uow.publish(ApiClientRevokedV1(client_id=family_id, revoked_at=at))


async def _new_tokens(
    login: Login,
    client: LoginClient,
    person_id: str,
    organisation_number: str | None,
    family_id: str,
    ends: Any,
) -> Tokens:
    refresh_token = secrets.token_urlsafe(32)
    now = now_utc()
    async with login.runtime.uow() as uow:
        person = await uow.session.get(Person, person_id)
        if person is None:
            raise GrantError("invalid_grant", "The person is no longer known.")
        try:
            standing = await standing_of(uow.session, person, organisation_number)
        except NoStanding as exc:
            raise GrantError("invalid_grant", str(exc)) from exc
        uow.session.add(
            RefreshToken(
                token_hash=digest(refresh_token),
                family_id=family_id,
                client_id=client.client_id,
                person_id=person.id,
                organisation_number=standing.organisation_number,
                created_at=now,
                expires_at=ends,
            )
        )
        await uow.commit()
    return Tokens(PersonGrant(person, standing, family_id), client, refresh_token)


async def logout(login: Login, session_cookie: str | None) -> str | None:
    """Ends the sign-in session; answers where the browser ends the upstream session too, where it can."""
    if not session_cookie:
        return None
    async with login.runtime.uow() as uow:
        row = await uow.session.get(SigninSession, digest(session_cookie))
        if row is None or row.ended_at is not None:
            return None
        row.ended_at = now_utc()
        uow.session.add(row)
        await uow.commit()
    upstream = login.upstreams.get(row.upstream)
    return await upstream.end_session_url() if upstream is not None else None
