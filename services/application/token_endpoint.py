"""The OAuth 2.0 token endpoint (client credentials), built on Authlib's framework-neutral server.

Authlib has no aiohttp integration and its server calls are synchronous, so the handler reads the form
and loads the client first; `query_client` then answers from that prefetched record.
"""

from collections import defaultdict
from contextvars import ContextVar
from typing import Any

from aiohttp import web
from authlib.oauth2 import AuthorizationServer, OAuth2Request
from authlib.oauth2.rfc6749 import ClientMixin
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from authlib.oauth2.rfc6749.requests import OAuth2Payload
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from joserfc.jwk import KeySet
from multidict import MultiDictProxy

from services.application.actions.person_tokens import PersonGrant, Tokens
from services.application.clients import secret_matches
from services.application.storage.providers import ApiClient
from shared.auth.keys import SIGNING_ALGORITHM, SigningKeys
from shared.auth.principal import SCOPES_OF_ROLE, Role, Scope
from shared.settings import LoginClient, Settings

AUTH_METHODS = ("client_secret_basic", "client_secret_post")
SCOPES = tuple(scope.value for scope in Scope)
# The length of the column that holds client ids.
MAX_CLIENT_ID_LENGTH = 64

_prefetched: ContextVar["RegisteredClient | None"] = ContextVar("prefetched_client", default=None)


class RegisteredClient(ClientMixin):  # type: ignore[misc]
    def __init__(self, row: ApiClient, organisation_number: str | None) -> None:
        self.row = row
        self.organisation_number = organisation_number

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        # A token asking for fewer scopes than the client's role has gets those; never more.
        allowed = [granted.value for granted in SCOPES_OF_ROLE[Role(self.row.role)]]
        if not scope:
            return " ".join(allowed)
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return secret_matches(client_secret, self.row.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"


class _FormPayload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, form: MultiDictProxy[str]) -> None:
        self._form = form

    @property
    def data(self) -> dict[str, str]:
        return {key: self._form[key] for key in self._form}

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        values: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in self._form.items():
            values[key].append(value)
        return values


class _AiohttpRequest(OAuth2Request):  # type: ignore[misc]
    def __init__(self, request: web.Request, form: MultiDictProxy[str], uri: str) -> None:
        super().__init__(method=request.method, uri=uri, headers=request.headers)
        self._request = request
        self.payload = _FormPayload(form)

    @property
    def args(self) -> Any:
        return self._request.query

    @property
    def form(self) -> MultiDictProxy[str]:
        return self.payload._form


class _Grant(ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)


class _TokenGenerator(JWTBearerTokenGenerator):  # type: ignore[misc]
    def __init__(self, keys: SigningKeys, settings: Settings) -> None:
        super().__init__(
            settings.token_issuer,
            alg=SIGNING_ALGORITHM,
            expires_generator=lambda client, grant_type: settings.access_token_lifetime_s,
        )
        self._keys = keys
        self._audience = settings.audience

    def get_jwks(self) -> KeySet:
        return KeySet([self._keys.current])

    def get_audiences(self, client: RegisteredClient, user: Any, scope: str) -> str:
        return self._audience

    def get_acr(self, user: Any) -> str | None:
        return user.person.last_acr if isinstance(user, PersonGrant) else None

    def get_extra_claims(self, client: Any, grant_type: str, user: Any, scope: str) -> dict[str, Any]:
        if isinstance(user, PersonGrant):
            return person_claims(user)
        row = client.row
        claims: dict[str, Any] = {"kind": row.kind, "role": row.role}
        if row.provider_id is not None:
            claims["provider_id"] = row.provider_id
            claims["org"] = client.organisation_number
        if row.areas:
            claims["areas"] = list(row.areas)
        return claims


def person_claims(grant: PersonGrant) -> dict[str, Any]:
    """A person's token: who (`sub`, `person_id`, `name`), as what (`kind`, `role`, the organisation or the
    areas) and from which login (`sid`, the refresh-token family, so a family's revocation reaches it)."""
    standing = grant.standing
    claims: dict[str, Any] = {
        "kind": standing.kind.value,
        "person_id": grant.person.id,
        "name": grant.person.name,
        "sid": grant.family_id,
    }
    if standing.role is not None:
        claims["role"] = standing.role.value
    if standing.provider_id is not None:
        claims["provider_id"] = standing.provider_id
        claims["org"] = standing.organisation_number
    if standing.areas:
        claims["areas"] = list(standing.areas)
    return claims


class _LoginApp:
    """A login client as the token generator sees it."""

    def __init__(self, client: LoginClient) -> None:
        self.client = client

    def get_client_id(self) -> str:
        return self.client.client_id

    def get_allowed_scope(self, scope: str) -> str:
        # A person's scopes come from their roles (actions/login.py), not from what the client asked.
        return scope


class TokenServer(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, keys: SigningKeys, settings: Settings) -> None:
        super().__init__(scopes_supported=list(SCOPES))
        self.issuer = settings.token_issuer
        self.keys = keys
        self._token_url = f"{settings.token_issuer}/oauth/token"
        self.register_grant(_Grant)
        self._generator = _TokenGenerator(keys, settings)
        self._lifetime_s = settings.access_token_lifetime_s
        self.register_token_generator("client_credentials", self._generator)

    def query_client(self, client_id: str) -> RegisteredClient | None:
        client = _prefetched.get()
        return client if client is not None and client.get_client_id() == client_id else None

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        """JWT access tokens are self-contained: nothing to store."""

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No listeners."""

    def create_oauth2_request(self, request: tuple[web.Request, MultiDictProxy[str]]) -> OAuth2Request:
        http_request, form = request
        return _AiohttpRequest(http_request, form, self._token_url)

    def handle_response(
        self, status: int, body: dict[str, Any], headers: list[tuple[str, str]]
    ) -> web.Response:
        kept = {k: v for k, v in headers if k.lower() != "content-type"}
        if body.get("error") == "invalid_client":
            # One answer for an unknown client id and a wrong secret, so that it never tells which ids exist.
            status, body = (
                401,
                {"error": "invalid_client", "error_description": "Client authentication failed."},
            )
            kept["WWW-Authenticate"] = 'Basic realm="kundval-portal", error="invalid_client"'
        return web.json_response(body, status=status, headers=kept)

    def respond(
        self, request: web.Request, form: MultiDictProxy[str], client: RegisteredClient | None
    ) -> web.Response:
        token = _prefetched.set(client)
        try:
            response: web.Response = self.create_token_response((request, form))
            return response
        finally:
            _prefetched.reset(token)

    def person_token_response(self, tokens: Tokens) -> web.Response:
        scope = " ".join(s.value for s in tokens.grant.standing.scopes)
        body: dict[str, Any] = self._generator.generate(
            "authorization_code", _LoginApp(tokens.client), tokens.grant, scope, include_refresh_token=False
        )
        body["refresh_token"] = tokens.refresh_token
        return web.json_response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


def oauth_error(error: str, description: str, status: int = 400) -> web.Response:
    """An RFC 6749 §5.2 error of the token endpoint, for requests refused before Authlib sees them."""
    return web.json_response(
        {"error": error, "error_description": description},
        status=status,
        headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
    )


def possible_client_id(client_id: str) -> bool:
    """Whether a client id could be one of ours, so worth a look-up: our ids are short printable ASCII, and
    a NUL in a query is a server error on PostgreSQL, not an unknown client."""
    return 0 < len(client_id) <= MAX_CLIENT_ID_LENGTH and client_id.isascii() and client_id.isprintable()
