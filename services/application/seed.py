"""What a new installation starts with: the twelve social-care kundval areas and one staff client.

Legal frames follow the municipality's table of when each area came under LOV: home care, special
housing, family counselling, day activities and family treatment moved from kundval to LOV in 2009-2010;
the later areas carry a single year after LOV came into force, in a column the table leaves unclear, and
are taken to run under LOV as well. Housing with special service (LSS) is not in the table: LOV too.
The frame is data on the area, so a different reading is a row update, not a code change.
"""

from dataclasses import asdict, dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.catalogue_seed import LEGAL_FRAMES, first_conditions
from services.application.clients import issue_client
from services.application.storage.catalogue import Area, LegalFrame, add_version, condition_version
from services.application.storage.providers import SeedMarker
from shared.auth.principal import Kind
from shared.clock import now_utc
from shared.settings import Settings


@dataclass(frozen=True)
class AreaSeed:
    code: str
    name_sv: str
    name_en: str
    legal_frame: str
    reimbursement_model: str


SOCIAL_CARE_AREAS = (
    AreaSeed(
        "hemtjanst", "Hemtjänst, ledsagning och avlösning", "Home care, escort and relief", "LOV", "per hour"
    ),
    AreaSeed(
        "sarskilt-boende",
        "Särskilt boende för äldre",
        "Special housing for older people",
        "LOV",
        "per day, in levels",
    ),
    AreaSeed("familjeradgivning", "Familjerådgivning", "Family counselling", "LOV", "per visit"),
    AreaSeed("familjebehandling", "Familjebehandling", "Family treatment", "LOV", "per treatment hour"),
    AreaSeed(
        "dagverksamhet-aldre",
        "Dagverksamhet för äldre",
        "Day activities for older people",
        "LOV",
        "per attended day; social or dementia profile",
    ),
    AreaSeed(
        "sysselsattning",
        "Sysselsättning, psykisk funktionsnedsättning",
        "Occupation, psychiatric disability",
        "LOV",
        "per half day",
    ),
    AreaSeed("boendestod", "Boendestöd", "Housing support", "LOV", "per hour"),
    AreaSeed("korttidsvistelse-lss", "Korttidsvistelse, LSS", "Short stays, LSS", "LOV", "per day"),
    AreaSeed(
        "oppenvard-missbruk", "Öppenvård, missbruk", "Outpatient addiction care", "LOV", "per treatment"
    ),
    AreaSeed(
        "daglig-verksamhet-lss",
        "Daglig verksamhet, LSS",
        "Daily activities, LSS",
        "LOV",
        "per full or half day by support level",
    ),
    AreaSeed(
        "ledsagar-avlosarservice-lss",
        "Ledsagarservice och avlösarservice, LSS",
        "Escort and relief service, LSS",
        "LOV",
        "per hour",
    ),
    AreaSeed(
        "bostad-sarskild-service-lss",
        "Bostad med särskild service, LSS",
        "Housing with special service, LSS",
        "LOV",
        "per day by support level",
    ),
)

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
        Kind.STAFF,
        areas=[a.code for a in SOCIAL_CARE_AREAS],
        label="first staff client",
        client_id=settings.bootstrap_staff_client_id,
        secret=settings.bootstrap_staff_client_secret,
    )
    session.add(SeedMarker(name=STAFF_CLIENT_MARKER, done_at=now_utc()))
    return client.client_id, secret
