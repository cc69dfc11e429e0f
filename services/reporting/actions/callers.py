"""Which authorisation a caller may report on, from this service's own copy."""

from sqlmodel.ext.asyncio.session import AsyncSession

from services.reporting.domain.authorisations import ensure_reportable
from services.reporting.storage.copies import AuthorisationCopy, copy_of
from shared.auth.principal import Principal
from shared.errors import NotFound
from shared.tenancy import provider_of, visible_row


async def authorisation_to_report_on(
    session: AsyncSession, caller: Principal, authorisation_id: str
) -> AuthorisationCopy:
    """The caller's own authorisation, active; another provider's answers 404, a revoked one 409 with why."""
    copy = await visible_row(session, AuthorisationCopy, authorisation_id, provider_of(caller), None)
    if copy is None:
        raise NotFound("No such authorisation of yours (a new one can take a moment to arrive here).")
    ensure_reportable(copy.status, copy.revoked_at)
    return copy


async def authorisation_for_staff(
    session: AsyncSession, caller: Principal, authorisation_id: str
) -> AuthorisationCopy:
    copy = await visible_row(
        session, AuthorisationCopy, authorisation_id, caller.owning_provider(), caller.area_scope()
    )
    if copy is None:
        raise NotFound("No such authorisation.")
    ensure_reportable(copy.status, copy.revoked_at)
    return copy


async def reported_authorisation(session: AsyncSession, authorisation_id: str) -> AuthorisationCopy:
    """The authorisation a report was made on (a foreign key, so it exists)."""
    copy = await copy_of(session, authorisation_id)
    assert copy is not None
    return copy
