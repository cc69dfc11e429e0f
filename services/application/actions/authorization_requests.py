"""The parameters of `GET /oauth/authorize`, checked in the order RFC 6749 §4.1.2.1 asks: the client and its
redirect URI first, since until they are known good no error may be sent to the redirect URI."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from services.application.actions.login_context import Login
from services.application.domain.login import (
    MAX_CLIENT_STATE,
    UpstreamKind,
    redirect_uri_allowed,
    well_formed_challenge,
)
from shared.settings import LoginClient
from shared.swedish_ids import normalise_organisation_number

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
    return with_query(
        redirect_uri, {"error": error, "error_description": description, "state": state, "iss": issuer}
    )


def with_query(uri: str, params: dict[str, str | None]) -> str:
    kept = {k: v for k, v in params.items() if v is not None}
    return uri + ("&" if "?" in uri else "?") + urlencode(kept)
