"""Decision letters: the case, the area's legal frame and its appeal route, put together for a decision."""

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.domain import decisions
from services.application.domain.decisions import Case
from services.application.storage import catalogue
from services.application.storage.catalogue import Area
from services.application.storage.providers import Provider
from shared.errors import Conflict
from shared.events.letters import CitedCondition, DecisionLetter


async def write_letter(
    session: AsyncSession,
    kind: str,
    subject: str,
    provider: Provider,
    area: Area,
    *,
    decided_at: datetime,
    reasons: str,
    not_met: list[CitedCondition],
) -> DecisionLetter:
    frame = await catalogue.legal_frame(session, area.legal_frame)
    if frame is None:
        raise Conflict(
            f"The area's legal frame {area.legal_frame!r} is not configured; ask an administrator."
        )
    case = Case(
        subject=subject,
        provider_name=provider.name,
        organisation_number=provider.organisation_number,
        area_code=area.code,
        area_name_sv=area.name_sv,
        area_name_en=area.name_en,
    )
    return decisions.letter(
        kind, case, frame.frame(), decided_at=decided_at, reasons=reasons, not_met=not_met
    )
