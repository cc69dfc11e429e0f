"""Who can be told: providers' contact details (copied from provider.* events), the staff members this
service has met (from their tokens), and each recipient's preferences."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications.domain.preferences import Channel, Language, Preferences
from services.notifications.domain.recipients import STAFF_PREFIX, Audience
from services.notifications.storage.scope import SERVICE
from shared.auth.principal import Principal
from shared.db import enum_column


class ProviderContact(SQLModel, table=True):
    """This service's copy of each provider's contact details, kept from provider.* events."""

    __tablename__ = "provider_contacts"
    __table_args__ = SERVICE

    provider_id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200)
    contact_email: str = Field(max_length=254)
    updated_at: datetime


class StaffMember(SQLModel, table=True):
    """A staff member (or admin) and the areas their token names, kept from their own calls: work that
    arrives in an area is announced in the inboxes of the members who handle it."""

    __tablename__ = "staff_members"
    __table_args__ = SERVICE

    # The API client, or the person, who called (Principal.acting_id).
    client_id: str = Field(primary_key=True, max_length=64)
    # None: every area (an admin).
    areas: list[str] | None = Field(default=None, sa_type=sa.JSON)
    seen_at: datetime


class RecipientPreferences(SQLModel, table=True):
    __tablename__ = "preferences"
    __table_args__ = SERVICE

    recipient: str = Field(primary_key=True, max_length=80)
    language: Language = Field(sa_type=enum_column(Language))
    email_address: str | None = Field(default=None, max_length=254)
    # Event type -> channels, for the kinds the recipient chose; replaced whole, never edited in place.
    channels: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    updated_at: datetime


def areas_of(caller: Principal) -> list[str] | None:
    """The areas a staff member's token names, as stored; None for every area (an admin)."""
    scope = caller.area_scope()
    return sorted(scope) if scope is not None else None


async def remember_staff(session: AsyncSession, caller: Principal, now: datetime) -> None:
    """Records a staff member, or the areas they hold now; writes only when something changed."""
    areas = areas_of(caller)
    member = await session.get(StaffMember, caller.acting_id)
    if member is not None and member.areas == areas:
        return
    member = member or StaffMember(client_id=caller.acting_id, seen_at=now)
    member.areas, member.seen_at = areas, now
    session.add(member)


async def all_staff(session: AsyncSession) -> list[tuple[StaffMember, Preferences]]:
    """Every staff member with their preferences, in one statement: an event in an area is told to each
    of its staff, and a lookup per member would be a round trip per member.

    A municipality has tens of staff clients, not thousands: the caller filters by area, which keeps the
    JSON column simple."""
    return [(member, _as_preferences(row, Audience.STAFF)) for member, row in await session.exec(_ALL_STAFF)]


# Built once: the consumer reads it for every batch, and building it cost more CPU than running it.
_ALL_STAFF = (
    select(StaffMember, RecipientPreferences)
    .outerjoin(
        RecipientPreferences,
        col(RecipientPreferences.recipient) == sa.literal(STAFF_PREFIX) + col(StaffMember.client_id),
    )
    .order_by(col(StaffMember.client_id))
)


async def preferences_of(session: AsyncSession, recipient: str, audience: Audience) -> Preferences:
    return _as_preferences(await session.get(RecipientPreferences, recipient), audience)


def _as_preferences(row: RecipientPreferences | None, audience: Audience) -> Preferences:
    if row is None:
        return Preferences(audience)
    chosen = {kind: frozenset(Channel(c) for c in channels) for kind, channels in row.channels.items()}
    return Preferences(audience, row.language, row.email_address, chosen)


async def save_preferences(
    session: AsyncSession, recipient: str, preferences: Preferences, now: datetime
) -> None:
    row = await session.get(RecipientPreferences, recipient) or RecipientPreferences(
        recipient=recipient, language=preferences.language, updated_at=now
    )
    row.language = preferences.language
    row.email_address = preferences.email_address
    row.channels = {
        kind: sorted(channel.value for channel in channels) for kind, channels in preferences.chosen.items()
    }
    row.updated_at = now
    session.add(row)


async def email_address_of(
    session: AsyncSession, audience: Audience, preferences: Preferences, provider_id: str | None
) -> str | None:
    """Where a recipient's email goes: a staff member's own address, a provider's contact address."""
    if audience is Audience.STAFF:
        return preferences.email_address
    contact = await session.get(ProviderContact, provider_id)
    return contact.contact_email if contact is not None else None
