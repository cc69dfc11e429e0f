"""A recipient's choices: the language of their texts and the channels each kind of event reaches them
by. The inbox is always on; what a recipient never chose follows the defaults. No I/O."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from services.notifications.domain.recipients import TELLS_LEADS, TELLS_PROVIDER, TELLS_STAFF, Audience
from shared.errors import InvalidInput


class Channel(StrEnum):
    INBOX = "inbox"
    EMAIL = "email"
    WEBHOOK = "webhook"


class Language(StrEnum):
    SV = "sv"
    EN = "en"


# What each audience is offered, and has unless it chose otherwise: a provider is told by email (its
# contact address) and by webhook (where it subscribed); a staff member by email once they give an address.
DEFAULT_CHANNELS: dict[Audience, frozenset[Channel]] = {
    Audience.PROVIDER: frozenset({Channel.INBOX, Channel.EMAIL, Channel.WEBHOOK}),
    Audience.STAFF: frozenset({Channel.INBOX, Channel.EMAIL}),
}
EVENT_KINDS: dict[Audience, frozenset[str]] = {
    Audience.PROVIDER: TELLS_PROVIDER,
    Audience.STAFF: TELLS_STAFF | TELLS_LEADS,
}


@dataclass(frozen=True)
class Preferences:
    audience: Audience
    language: Language = Language.SV
    # A staff member's address; a provider's mail goes to the contact address of its organisation.
    email_address: str | None = None
    # Only the kinds whose channels the recipient chose; the rest follow DEFAULT_CHANNELS.
    chosen: Mapping[str, frozenset[Channel]] = field(default_factory=dict)

    def channels_for(self, event_type: str) -> frozenset[Channel]:
        return self.chosen.get(event_type, DEFAULT_CHANNELS[self.audience]) | {Channel.INBOX}

    def wants(self, event_type: str, channel: Channel) -> bool:
        return channel in self.channels_for(event_type)

    def all_channels(self) -> dict[str, list[Channel]]:
        """Every kind this recipient hears of, with its channels in a stable order."""
        return {
            kind: sorted(self.channels_for(kind), key=list(Channel).index)
            for kind in sorted(EVENT_KINDS[self.audience])
        }


def chosen_preferences(
    audience: Audience,
    language: Language,
    email_address: str | None,
    channels: Mapping[str, list[Channel]],
) -> Preferences:
    """Preferences as a recipient asks for them; what cannot be honoured is refused, all of it at once."""
    errors: list[dict[str, Any]] = []
    kinds = EVENT_KINDS[audience]
    offered = DEFAULT_CHANNELS[audience]
    for kind, chosen in channels.items():
        if kind not in kinds:
            errors.append(_error(f"channels.{kind}", f"not an event a {audience.value} is told of", "kind"))
        for channel in set(chosen) - offered:
            errors.append(_error(f"channels.{kind}", f"{channel.value} is not offered to a {audience.value}"))
    if audience is Audience.PROVIDER and email_address is not None:
        errors.append(
            _error(
                "email_address",
                "a provider's mail goes to its contact address; change it with PATCH /providers/me",
            )
        )
    if errors:
        raise InvalidInput("These preferences cannot be honoured.", errors=errors)
    return Preferences(
        audience,
        language,
        email_address,
        {kind: frozenset(chosen) | {Channel.INBOX} for kind, chosen in channels.items()},
    )


def merged_preferences(
    current: Preferences,
    language: Language | None,
    email_address: str | None,
    email_address_given: bool,
    channels: Mapping[str, list[Channel]],
) -> Preferences:
    """`current` with only what a recipient changed: a language or address given replaces the old one (an
    address given as null removes it), the kinds given take their new channels, and the rest stays."""
    kept = {kind: sorted(chosen, key=list(Channel).index) for kind, chosen in current.chosen.items()}
    return chosen_preferences(
        current.audience,
        language or current.language,
        email_address if email_address_given else current.email_address,
        {**kept, **channels},
    )


def _error(location: str, message: str, type_: str = "channel") -> dict[str, Any]:
    return {"location": location, "message": message, "type": type_}
