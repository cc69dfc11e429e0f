"""HTTP handlers of tokens, provider registration and API clients: parse, call one action, answer."""

import base64
import binascii
from urllib.parse import unquote

from aiohttp import web

from services.application.actions import providers as actions
from services.application.actions import rate_limits
from services.application.actions.invitations import InvitationTerms
from services.application.actions.rate_limits import registration_limit, token_limits
from services.application.api import login
from services.application.keys import APPLICATION_KEY, TOKEN_SERVER_KEY
from services.application.schemas.providers import (
    ClientCredentials,
    ClientList,
    ClientOut,
    NewClient,
    ProviderChanges,
    ProviderOut,
    ProviderRegistered,
    ProviderRegistration,
)
from services.application.storage import providers as storage
from services.application.token_endpoint import RegisteredClient, oauth_error, possible_client_id
from shared.auth.principal import Role, Scope
from shared.http.keys import SETTINGS_KEY, VERIFIER_KEY
from shared.http.requests import client_address, json_body, principal, query_params, read_within
from shared.http.responses import json_response
from shared.pagination import PageQuery

PERSON_GRANTS = ("authorization_code", "refresh_token")


async def issue_token(request: web.Request) -> web.Response:
    # RFC 6749 §4.4.2: the token request is form-encoded. Anything else is refused before aiohttp parses it,
    # since its multipart parser fails with a server error on a body without a boundary.
    if request.content_type != "application/x-www-form-urlencoded":
        return oauth_error("invalid_request", "Send the token request as application/x-www-form-urlencoded.")
    settings = request.app[SETTINGS_KEY]
    try:
        form = await read_within(request, settings.request_body_timeout_s, request.post())
    except (UnicodeDecodeError, ValueError):
        return oauth_error("invalid_request", "The form is not valid UTF-8 form encoding.")
    client_id = _basic_client_id(request) or form.get("client_id")
    by_address, by_client = token_limits(settings)
    charges = [(by_address, client_address(request, settings.trust_forwarded_for))]
    person_grant = form.get("grant_type") in PERSON_GRANTS
    # A login client (the portal) asks for every person who uses it: counted by address alone, it is not
    # one caller whose requests a per-client limit could bound.
    if isinstance(client_id, str) and possible_client_id(client_id) and not person_grant:
        charges.append((by_client, client_id))
    await rate_limits.spend(request.app[APPLICATION_KEY], charges)
    if person_grant:
        return await login.person_grant(request, form, client_id if isinstance(client_id, str) else None)
    client = None
    if isinstance(client_id, str) and possible_client_id(client_id):
        async with request.app[APPLICATION_KEY].reads() as session:
            row = await storage.active_client(session, client_id)
            if row is not None:
                provider = await storage.provider_by_id(session, row.provider_id) if row.provider_id else None
                client = RegisteredClient(row, provider.organisation_number if provider else None)
    return request.app[TOKEN_SERVER_KEY].respond(request, form, client)  # type: ignore[arg-type]


def _basic_client_id(request: web.Request) -> str | None:
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user = base64.b64decode(encoded, validate=True).decode().partition(":")[0]
    except (binascii.Error, UnicodeDecodeError):
        return None
    return unquote(user)


async def server_metadata(request: web.Request) -> web.Response:
    settings_issuer = request.app[TOKEN_SERVER_KEY].issuer
    return json_response(
        {
            "issuer": settings_issuer,
            "token_endpoint": f"{settings_issuer}/oauth/token",
            "jwks_uri": f"{settings_issuer}/.well-known/jwks.json",
            "authorization_endpoint": f"{settings_issuer}/oauth/authorize",
            "grant_types_supported": ["client_credentials", *PERSON_GRANTS],
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "code_challenge_methods_supported": ["S256"],
            # Public login clients (a command-line tool) authenticate with PKCE alone.
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            "authorization_response_iss_parameter_supported": True,
            "scopes_supported": [scope.value for scope in Scope],
        }
    )


async def jwks(request: web.Request) -> web.Response:
    return json_response(
        request.app[TOKEN_SERVER_KEY].keys.jwks(), headers={"Cache-Control": "public, max-age=300"}
    )


async def register_provider(request: web.Request) -> web.Response:
    command = await json_body(request, ProviderRegistration)
    settings = request.app[SETTINGS_KEY]
    address = client_address(request, settings.trust_forwarded_for)
    await rate_limits.spend(request.app[APPLICATION_KEY], [(registration_limit(settings), address)])
    provider, client, secret = await actions.register_provider(
        request.app[APPLICATION_KEY].uow(), command, InvitationTerms.of(settings)
    )
    body = ProviderRegistered(
        provider=ProviderOut.model_validate(provider, from_attributes=True),
        client=ClientCredentials(
            client_id=client.client_id, label=client.label, role=client.role, client_secret=secret
        ),
    )
    return json_response(body, status=201, headers={"Cache-Control": "no-store"})


async def get_own_provider(request: web.Request) -> web.Response:
    async with request.app[APPLICATION_KEY].reads() as session:
        provider = await actions.own_provider(session, principal(request))
    return json_response(ProviderOut.model_validate(provider, from_attributes=True))


async def update_own_provider(request: web.Request) -> web.Response:
    changes = await json_body(request, ProviderChanges)
    provider = await actions.update_provider(request.app[APPLICATION_KEY].uow(), principal(request), changes)
    return json_response(ProviderOut.model_validate(provider, from_attributes=True))


async def add_client(request: web.Request) -> web.Response:
    command = await json_body(request, NewClient)
    client, secret = await actions.add_client(
        request.app[APPLICATION_KEY].uow(), principal(request), command.label, Role(command.role)
    )
    body = ClientCredentials(
        client_id=client.client_id, label=client.label, role=client.role, client_secret=secret
    )
    return json_response(body, status=201, headers={"Cache-Control": "no-store"})


async def list_clients(request: web.Request) -> web.Response:
    query = query_params(request, PageQuery)
    async with request.app[APPLICATION_KEY].reads() as session:
        page = await actions.clients_page(session, principal(request), query)
    items = [ClientOut.model_validate(client, from_attributes=True) for client in page.items]
    return json_response(ClientList(items=items, next_cursor=page.next_cursor))


async def revoke_client(request: web.Request) -> web.Response:
    client_id = request.match_info["id"]
    uow = request.app[APPLICATION_KEY].uow()
    revoked_at = await actions.revoke_client(uow, principal(request), client_id)
    # Refused by this process at once; by the others at their next refresh.
    request.app[VERIFIER_KEY].note_revoked(client_id, revoked_at)
    return web.Response(status=204)
