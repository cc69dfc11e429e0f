"""Who may touch which rows, derived from the verified caller."""

from shared.auth.principal import Principal
from shared.errors import NotFound


def provider_of(caller: Principal) -> str:
    if caller.provider_id is None:
        raise NotFound("Only a provider has rows of its own here.")
    return caller.provider_id
