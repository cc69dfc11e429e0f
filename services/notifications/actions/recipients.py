"""Who the caller is as a recipient. Staff members are met through their own calls: their token names
their areas, and from then on work arriving in those areas is announced in their inbox."""

from services.notifications.domain.recipients import Audience, provider_recipient, staff_recipient
from services.notifications.storage import recipients
from shared.auth.principal import Principal
from shared.clock import now_utc
from shared.service import ServiceRuntime


def recipient_of(caller: Principal) -> tuple[str, Audience]:
    if caller.provider_id:
        return provider_recipient(caller.provider_id), Audience.PROVIDER
    return staff_recipient(caller.acting_id), Audience.STAFF


async def meet(runtime: ServiceRuntime, caller: Principal) -> tuple[str, Audience]:
    """The caller's recipient; a staff member new to this service, or with new areas, is recorded."""
    recipient, audience = recipient_of(caller)
    if audience is Audience.STAFF:
        # A read first: most calls find the member as they were, and need no write transaction.
        async with runtime.reads() as session:
            known = await session.get(recipients.StaffMember, caller.acting_id)
        if known is None or known.areas != recipients.areas_of(caller):
            async with runtime.uow() as uow:
                await recipients.remember_staff(uow.session, caller, now_utc())
                await uow.commit()
    return recipient, audience
