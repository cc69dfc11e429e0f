"""Areas and their conditions: reading what is in force, publishing a new version (admin)."""

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.domain.conditions import Condition, check_new_version
from services.application.domain.decisions import Frame
from services.application.schemas.catalogue import NewConditionsVersion
from services.application.storage import authorisations, catalogue
from services.application.storage.catalogue import Area, ConditionVersion, LegalFrame
from services.application.storage.providers import provider_of_row
from shared.auth.principal import Principal
from shared.clock import now_utc
from shared.errors import NotFound
from shared.events.application import AuthorisationConditionsChangedV1, ConditionsPublishedV1
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ConditionsView:
    area: Area
    version: ConditionVersion
    conditions: list[Condition]


async def area_with_frame(session: AsyncSession, code: str) -> tuple[Area, LegalFrame]:
    area = await catalogue.area(session, code)
    if area is None:
        raise NotFound("No such kundval area.")
    frame = await catalogue.legal_frame(session, area.legal_frame)
    assert frame is not None, f"area {code} names an unknown legal frame"
    return area, frame


async def legal_frame(session: AsyncSession, code: str) -> Frame:
    row = await catalogue.legal_frame(session, code)
    if row is None:
        raise NotFound(
            "No such legal frame.", known=[f.code for f in await catalogue.all_legal_frames(session)]
        )
    return row.frame()


async def conditions_view(session: AsyncSession, area_code: str, version: int | None) -> ConditionsView:
    area = await catalogue.area(session, area_code)
    if area is None:
        raise NotFound("No such kundval area.")
    wanted = version or area.conditions_version
    row = await catalogue.condition_version(session, area.code, wanted)
    if row is None:
        raise NotFound(
            f"The area has no conditions version {wanted}.", latest_version=area.conditions_version
        )
    return ConditionsView(area, row, await catalogue.conditions_of(session, area.code, wanted))


async def publish_conditions(
    uow: UnitOfWork, caller: Principal, area_code: str, command: NewConditionsVersion
) -> ConditionsView:
    check_new_version(command.conditions)
    async with uow.acting_as(caller):
        session = uow.session
        area = await catalogue.area(session, area_code, for_update=True)
        if area is None:
            raise NotFound("No such kundval area.")
        now = now_utc()
        version = area.conditions_version + 1
        row = await catalogue.add_version(
            session,
            area.code,
            version,
            command.conditions,
            published_at=now,
            published_by=caller.acting_id,
            note=command.note,
        )
        area.conditions_version = version
        session.add(area)
        uow.publish(ConditionsPublishedV1(area_code=area.code, version=version, published_at=now))
        uow.note("area", area.code, "conditions_published", version=version)
        # Authorised providers are now held to the new version, and each is told so.
        for authorisation in await authorisations.active_in_area(session, area.code):
            provider = await provider_of_row(session, authorisation.provider_id)
            authorisation.conditions_version = version
            authorisation.changed(now)
            session.add(authorisation)
            uow.publish(
                AuthorisationConditionsChangedV1(
                    **authorisation.reference(provider),
                    conditions_version=version,
                    published_at=now,
                )
            )
        await uow.commit()
    return ConditionsView(area, row, list(command.conditions))
