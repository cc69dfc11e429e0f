"""Access tokens a test signs itself with the application's signing keys, as the token endpoint would:
a person's token, following the claim contract, before anything in the system issues one."""

import time
import uuid
from typing import Any

from joserfc import jwt

from shared.auth.keys import SIGNING_ALGORITHM, SigningKeys
from shared.auth.principal import SCOPES_OF_ROLE, Role
from shared.settings import Settings


def sign_claims(keys: SigningKeys, claims: dict[str, Any]) -> str:
    """An RFC 9068 access token of `claims`, signed by the current key."""
    header = {"alg": SIGNING_ALGORITHM, "typ": "at+jwt", "kid": keys.current.kid}
    return jwt.encode(header, claims, keys.current)


def provider_person_claims(
    settings: Settings,
    *,
    provider_id: str,
    organisation_number: str,
    name: str,
    role: Role,
    client_id: str,
    person_id: str | None = None,
) -> dict[str, Any]:
    """The claims of a token of a provider organisation's person, logged in through `client_id`."""
    person = person_id or str(uuid.uuid4())
    now = int(time.time())
    scopes = [scope.value for scope in SCOPES_OF_ROLE[role]]
    # A route that still asks for the older `provider` scope takes this token too; a scope no route asks
    # for changes nothing.
    scopes.append("provider")
    return {
        "iss": settings.token_issuer,
        "aud": settings.audience,
        "iat": now,
        "exp": now + settings.access_token_lifetime_s,
        "jti": uuid.uuid4().hex,
        "sub": person,
        "person_id": person,
        "name": name,
        "client_id": client_id,
        "kind": "provider",
        "provider_id": provider_id,
        "org": organisation_number,
        "role": role.value,
        "scope": " ".join(scopes),
    }
