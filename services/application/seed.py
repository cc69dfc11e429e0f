"""What a new installation starts with: the kundval areas of `shared.areas` with their legal frames and
first conditions, and one staff client."""

from dataclasses import asdict

from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.catalogue_seed import LEGAL_FRAMES, first_conditions
from services.application.clients import issue_client
from services.application.storage.catalogue import Area, LegalFrame, add_version, condition_version
from services.application.storage.providers import SeedMarker
from shared.areas import SOCIAL_CARE_AREAS
from shared.auth.principal import Role
from shared.clock import now_utc
from shared.settings import Settings

STAFF_CLIENT_MARKER = "bootstrap-staff-client"


async def seed_catalogue(session: AsyncSession) -> None:
    """Adds what is missing (frames, areas, first conditions), so it is safe on every start."""
    for frame in LEGAL_FRAMES:
        if await session.get(LegalFrame, frame.code) is None:
            session.add(LegalFrame(**asdict(frame)))
    for seed in SOCIAL_CARE_AREAS:
        if await session.get(Area, seed.code) is None:
            session.add(
                Area(
                    code=seed.code,
                    name_sv=seed.name_sv,
                    name_en=seed.name_en,
                    legal_frame=seed.legal_frame,
                    reimbursement_model=seed.reimbursement_model,
                    conditions_version=1,
                )
            )
            await session.flush()
        if await condition_version(session, seed.code, 1) is None:
            await add_version(
                session,
                seed.code,
                1,
                first_conditions(seed.code),
                published_at=now_utc(),
                published_by="seed",
                note="Villkor vid införandet",
            )


async def seed_staff_client(session: AsyncSession, settings: Settings) -> tuple[str, str] | None:
    """Creates the first staff client once; answers its credentials the one time it is created."""
    if await session.get(SeedMarker, STAFF_CLIENT_MARKER) is not None:
        return None
    client, secret = await issue_client(
        session,
        Role.OFFICER,
        areas=[a.code for a in SOCIAL_CARE_AREAS],
        label="first staff client",
        client_id=settings.bootstrap_staff_client_id,
        secret=settings.bootstrap_staff_client_secret,
    )
    session.add(SeedMarker(name=STAFF_CLIENT_MARKER, done_at=now_utc()))
    return client.client_id, secret
