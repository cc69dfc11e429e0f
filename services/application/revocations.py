"""Refusing tokens before they expire, in every service: the row in this database, written in the open
transaction, and the `api_client.revoked` event from which the other services write theirs."""

from datetime import datetime

from shared.auth.revocations import record_revocation
from shared.events.application import ApiClientRevokedV1
from shared.unit_of_work import UnitOfWork


async def refuse_tokens(uow: UnitOfWork, key: str, at: datetime) -> None:
    """Every token `key` names that was issued until `at` is refused: an API client's (its id), a person's
    (their id, the tokens' `sub`) or one login's (its refresh-token family, the tokens' `sid`)."""
    await record_revocation(uow.session, key, at)
    uow.publish(ApiClientRevokedV1(client_id=key, revoked_at=at))
