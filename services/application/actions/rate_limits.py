"""Spending a caller's allowance under the rate limits of unauthenticated routes."""

from collections.abc import Sequence

from services.application.domain.rate_limits import Limit, TooManyRequests
from services.application.storage import rate_limits as storage
from shared.clock import now_utc
from shared.service import ServiceRuntime
from shared.settings import Settings


def token_limits(settings: Settings) -> tuple[Limit, Limit]:
    """Per address, then per client id."""
    return (
        Limit("token.address", settings.token_requests_per_minute_per_address, 60),
        Limit("token.client", settings.token_requests_per_minute_per_client, 60),
    )


def registration_limit(settings: Settings) -> Limit:
    return Limit("registration.address", settings.registrations_per_hour_per_address, 3600)


async def spend(runtime: ServiceRuntime, charges: Sequence[tuple[Limit, str]]) -> None:
    """Counts one request against each (limit, caller); refused (429) when any count goes past its limit.
    A refused request counts too, so a caller that keeps trying stays refused until its window ends."""
    now = now_utc()
    exceeded: list[Limit] = []
    async with runtime.uow().aside() as uow:
        for limit, caller in charges:
            key = f"{limit.name}:{caller}"[: storage.MAX_KEY_LENGTH]
            window = limit.window_of(now)
            if await storage.count_one_more(uow.session, key, window) > limit.allowed:
                exceeded.append(limit)
            await storage.forget_earlier_windows(uow.session, key, window)
        await uow.commit()
    if exceeded:
        raise TooManyRequests(
            "Too many requests; try again after the number of seconds in Retry-After.",
            max(limit.retry_after_s(now) for limit in exceeded),
        )
