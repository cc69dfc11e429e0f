"""The portal's sessions, in its own database so that any replica serves the next page. The cookie holds a
random value; the table holds its SHA-256. The person's tokens are kept encrypted (`vault`): a copy of the
table lets nobody call the API as them."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

SERVICE = {"info": {"service": "portal"}}


class PortalSession(SQLModel, table=True):
    __tablename__ = "portal_sessions"
    __table_args__ = SERVICE

    id_hash: str = Field(primary_key=True, max_length=64)
    created_at: datetime
    # Moved on at most once a minute (not on every page), for the idle timeout.
    seen_at: datetime = Field(index=True)
    logged_in_at: datetime | None = None
    csrf_token: str = Field(max_length=64)
    # Who is logged in, as /people/me answered it: shown in the header, never trusted for access (the API
    # decides that from the token).
    person: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    # Encrypted JSON: the access and refresh tokens, or while logging in the PKCE verifier.
    vault: str | None = Field(default=None, max_length=8000)
    access_expires_at: datetime | None = None
    # The login under way: its state (hashed) and the page to return to.
    login_state_hash: str | None = Field(default=None, max_length=64)
    return_to: str | None = Field(default=None, max_length=500)
