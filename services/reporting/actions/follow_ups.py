"""Follow-up requests: staff ask, the provider answers with text and documents; overdue ones are raised."""

import uuid
from dataclasses import asdict, dataclass
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from services.reporting.actions.callers import authorisation_for_staff, reported_authorisation
from services.reporting.domain.follow_ups import FollowUpStatus, ensure_open
from services.reporting.schemas.follow_ups import FollowUpQuery, FollowUpRequestIn
from services.reporting.storage import follow_ups as storage
from services.reporting.storage.follow_ups import FollowUpDocument, FollowUpRequest
from shared import documents
from shared.auth.principal import Principal
from shared.clock import now_utc, stockholm_date
from shared.errors import Conflict, NotFound
from shared.events.reporting import FollowUpOverdueV1, FollowUpRequestedV1, FollowUpRespondedV1
from shared.pagination import Page
from shared.statutory_time import ensure_due_date
from shared.tenancy import own, visible
from shared.unit_of_work import UnitOfWork, UnitOfWorkFactory

OVERDUE_BATCH = 200


@dataclass(frozen=True)
class FollowUpView:
    request: FollowUpRequest
    documents: list[FollowUpDocument]


async def request(uow: UnitOfWork, caller: Principal, command: FollowUpRequestIn) -> FollowUpRequest:
    now = now_utc()
    ensure_due_date(command.due_date, stockholm_date(now), "due_date")
    async with uow.acting_as(caller):
        copy = await authorisation_for_staff(uow.session, caller, command.authorisation_id)
        follow_up = FollowUpRequest(
            id=str(uuid.uuid4()),
            authorisation_id=copy.id,
            provider_id=copy.provider_id,
            area_code=copy.area_code,
            questions=list(command.questions),
            due_date=command.due_date,
            requested_by=caller.acting_id,
            created_at=now,
            status=FollowUpStatus.OPEN,
        )
        uow.session.add(follow_up)
        uow.publish(
            FollowUpRequestedV1(
                **copy.reference(),
                request_id=follow_up.id,
                due_date=follow_up.due_date,
                requested_at=now,
            )
        )
        uow.audit(follow_up, "requested")
        await uow.commit()
    return follow_up


async def respond(uow: UnitOfWork, caller: Principal, request_id: str, answer: str) -> FollowUpRequest:
    async with uow.acting_as(caller):
        follow_up = await own(uow.session, caller, FollowUpRequest, request_id, "follow-up request")
        ensure_open(follow_up.status)
        copy = await reported_authorisation(uow.session, follow_up.authorisation_id)
        now = now_utc()
        follow_up.status = FollowUpStatus.RESPONDED
        follow_up.answer = answer
        follow_up.responded_at = now
        uow.session.add(follow_up)
        uow.publish(
            FollowUpRespondedV1(
                **copy.reference(),
                request_id=follow_up.id,
                provider_name=copy.provider_name,
                responded_at=now,
            )
        )
        await uow.commit()
    return follow_up


async def attach(
    uow: UnitOfWork,
    caller: Principal,
    request_id: str,
    *,
    filename: str | None,
    declared_type: str | None,
    content: bytes,
    max_count: int,
) -> FollowUpDocument:
    """Documents go with the answer, so they are attached while the request is open."""
    accepted = documents.accept(content, declared_type, filename)
    async with uow.acting_as(caller):
        follow_up = await own(uow.session, caller, FollowUpRequest, request_id, "follow-up request")
        ensure_open(follow_up.status)
        if len(await storage.documents_of(uow.session, follow_up.id)) >= max_count:
            raise Conflict(f"A follow-up answer holds at most {max_count} documents.")
        document = FollowUpDocument(
            id=str(uuid.uuid4()),
            request_id=follow_up.id,
            **asdict(accepted),
            content=content,
            uploaded_by=caller.acting_id,
            created_at=now_utc(),
        )
        uow.session.add(document)
        uow.audit(follow_up, "document_added", document=document.id)
        await uow.commit()
    return document


async def document(
    session: AsyncSession, caller: Principal, request_id: str, document_id: str
) -> FollowUpDocument:
    await visible(session, caller, FollowUpRequest, request_id, "follow-up request")
    found = await session.get(FollowUpDocument, document_id)
    if found is None or found.request_id != request_id:
        raise NotFound("No such document.")
    return found


async def mark_overdue(uows: UnitOfWorkFactory, today: date) -> int:
    """Raises `follow_up.overdue` once for every open request whose due date has passed by `today`.
    Safe to run anywhere and often: a request is marked in the same transaction as its event, and rows
    another instance holds are skipped."""
    marked = 0
    while True:
        async with uows().acting_as("follow-up-overdue-check") as uow:
            due = await storage.overdue_candidates(uow.session, today, OVERDUE_BATCH)
            for follow_up in due:
                copy = await reported_authorisation(uow.session, follow_up.authorisation_id)
                follow_up.overdue_at = now_utc()
                uow.session.add(follow_up)
                uow.publish(
                    FollowUpOverdueV1(
                        **copy.reference(),
                        request_id=follow_up.id,
                        provider_name=copy.provider_name,
                        due_date=follow_up.due_date,
                    )
                )
                uow.audit(follow_up, "overdue")
            await uow.commit()
        marked += len(due)
        if len(due) < OVERDUE_BATCH:
            return marked


async def view(session: AsyncSession, caller: Principal, request_id: str) -> FollowUpView:
    follow_up = await visible(session, caller, FollowUpRequest, request_id, "follow-up request")
    return FollowUpView(follow_up, await storage.documents_of(session, follow_up.id))


async def list_requests(
    session: AsyncSession, caller: Principal, query: FollowUpQuery
) -> Page[FollowUpRequest]:
    return await storage.requests_for(
        session,
        caller.owning_provider(),
        caller.area_scope(),
        status=query.status,
        limit=query.limit,
        cursor=query.cursor,
    )
