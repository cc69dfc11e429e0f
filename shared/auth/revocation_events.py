"""How a service other than the application service learns of a revoked client: from its event, into its
own database, where its processes' revocation lists read it."""

from shared.auth.revocations import record_revocation
from shared.events.application import ApiClientRevokedV1
from shared.events.envelope import CloudEvent
from shared.unit_of_work import UnitOfWork


async def on_client_revoked(uow: UnitOfWork, event: CloudEvent, payload: ApiClientRevokedV1) -> None:
    await record_revocation(uow.session, payload.client_id, payload.revoked_at)
