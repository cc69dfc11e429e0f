"""A recipient reads and chooses their language and channels."""

from services.notifications.actions.recipients import meet
from services.notifications.domain.preferences import Preferences, chosen_preferences, merged_preferences
from services.notifications.domain.recipients import Audience
from services.notifications.schemas import PreferencesChange, PreferencesIn
from services.notifications.storage import recipients
from shared.auth.principal import Principal
from shared.clock import now_utc
from shared.service import ServiceRuntime


async def current(runtime: ServiceRuntime, caller: Principal) -> tuple[str, Preferences, str | None]:
    """The caller's recipient, preferences, and the address their email goes to."""
    recipient, audience = await meet(runtime, caller)
    return await _as_stored(runtime, caller, recipient, audience)


async def choose(
    runtime: ServiceRuntime, caller: Principal, command: PreferencesIn
) -> tuple[str, Preferences, str | None]:
    recipient, audience = await meet(runtime, caller)
    preferences = chosen_preferences(audience, command.language, command.email_address, command.channels)
    async with runtime.uow().acting_as(caller) as uow:
        await recipients.save_preferences(uow.session, recipient, preferences, now_utc())
        uow.note("preferences", recipient, "chosen", language=command.language.value)
        await uow.commit()
    return await _as_stored(runtime, caller, recipient, audience)


async def change(
    runtime: ServiceRuntime, caller: Principal, command: PreferencesChange
) -> tuple[str, Preferences, str | None]:
    recipient, audience = await meet(runtime, caller)
    async with runtime.uow().acting_as(caller) as uow:
        current = await recipients.preferences_of(uow.session, recipient, audience)
        preferences = merged_preferences(
            current,
            command.language,
            command.email_address,
            "email_address" in command.model_fields_set,
            command.channels,
        )
        await recipients.save_preferences(uow.session, recipient, preferences, now_utc())
        uow.note("preferences", recipient, "changed", changed=sorted(command.model_fields_set))
        await uow.commit()
    return await _as_stored(runtime, caller, recipient, audience)


async def _as_stored(
    runtime: ServiceRuntime, caller: Principal, recipient: str, audience: Audience
) -> tuple[str, Preferences, str | None]:
    async with runtime.reads() as session:
        preferences = await recipients.preferences_of(session, recipient, audience)
        address = await recipients.email_address_of(session, audience, preferences, caller.provider_id)
    return recipient, preferences, address
