"""Follow-up requests: staff ask (or a warning opens one), the provider answers with text and documents,
staff accept or reject each answer; overdue ones, and warnings' past their deadline, are raised."""

import uuid
from dataclasses import asdict, dataclass
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from services.reporting.actions.callers import authorisation_for_staff, reported_authorisation
from services.reporting.domain.follow_ups import (
    WARNING_QUESTION,
    AnswerVerdict,
    FollowUpStatus,
    ensure_answerable,
    ensure_awaiting_verdict,
)
from services.reporting.schemas.follow_ups import FollowUpQuery, FollowUpRequestIn
from services.reporting.storage import follow_ups as storage
from services.reporting.storage.copies import AuthorisationCopy
from services.reporting.storage.follow_ups import FollowUpAnswer, FollowUpDocument, FollowUpRequest
from shared import documents
from shared.auth.principal import Principal
from shared.clock import now_utc, stockholm_date
from shared.errors import Conflict, NotFound
from shared.events.application import AuthorisationWarningIssuedV1
from shared.events.reporting import (
    FollowUpAcceptedV1,
    FollowUpDeadlinePassedV1,
    FollowUpOverdueV1,
    FollowUpRejectedV1,
    FollowUpRequestedV1,
    FollowUpRespondedV1,
)
from shared.pagination import Page
from shared.statutory_time import ensure_due_date
from shared.tenancy import own, visible
from shared.unit_of_work import UnitOfWork, UnitOfWorkFactory
from shared.warning_follow_ups import follow_up_request_id

OVERDUE_BATCH = 200


@dataclass(frozen=True)
class FollowUpView:
    request: FollowUpRequest
    documents: list[FollowUpDocument]
    answers: list[FollowUpAnswer]


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
    """The provider's answer, with the documents attached since the last one; again after a rejection."""
    async with uow.acting_as(caller):
        follow_up = await own(uow.session, caller, FollowUpRequest, request_id, "follow-up request")
        now = now_utc()
        ensure_answerable(follow_up.status, follow_up.due_date, stockholm_date(now))
        copy = await reported_authorisation(uow.session, follow_up.authorisation_id)
        given = FollowUpAnswer(
            id=str(uuid.uuid4()),
            request_id=follow_up.id,
            number=len(await storage.answers_of(uow.session, follow_up.id)) + 1,
            answer=answer,
            responded_by=caller.acting_id,
            responded_at=now,
        )
        uow.session.add(given)
        await uow.session.flush()  # the answer exists before the documents name it
        documents = await storage.pending_documents(uow.session, follow_up.id)
        for attached in documents:
            attached.answer_id = given.id
            uow.session.add(attached)
        follow_up.status = FollowUpStatus.RESPONDED
        follow_up.answer = answer
        follow_up.responded_at = now
        uow.session.add(follow_up)
        uow.publish(
            FollowUpRespondedV1(
                **copy.reference(),
                request_id=follow_up.id,
                warning_id=follow_up.warning_id,
                provider_name=copy.provider_name,
                responded_at=now,
            )
        )
        uow.audit(follow_up, "responded", answer=given.number, documents=[d.id for d in documents])
        await uow.commit()
    return follow_up


async def accept(uow: UnitOfWork, caller: Principal, request_id: str) -> FollowUpRequest:
    """Staff accept the answer awaiting a verdict: the request is closed."""
    async with uow.acting_as(caller):
        follow_up, latest, copy = await _awaiting_verdict(uow, caller, request_id)
        now = now_utc()
        latest.verdict, latest.decided_by, latest.decided_at = AnswerVerdict.ACCEPTED, caller.acting_id, now
        uow.session.add(latest)
        follow_up.status = FollowUpStatus.ACCEPTED
        follow_up.accepted_at = now
        uow.session.add(follow_up)
        uow.publish(
            FollowUpAcceptedV1(
                **copy.reference(), request_id=follow_up.id, warning_id=follow_up.warning_id, accepted_at=now
            )
        )
        uow.audit(follow_up, "accepted", answer=latest.number)
        await uow.commit()
    return follow_up


async def reject(uow: UnitOfWork, caller: Principal, request_id: str, reasons: str) -> FollowUpRequest:
    """Staff reject the answer with reasons; the provider may answer again while the due date runs."""
    async with uow.acting_as(caller):
        follow_up, latest, copy = await _awaiting_verdict(uow, caller, request_id)
        now = now_utc()
        latest.verdict, latest.decided_by, latest.decided_at = AnswerVerdict.REJECTED, caller.acting_id, now
        latest.reasons = reasons
        uow.session.add(latest)
        follow_up.status = FollowUpStatus.REJECTED
        uow.session.add(follow_up)
        uow.publish(
            FollowUpRejectedV1(
                **copy.reference(),
                request_id=follow_up.id,
                warning_id=follow_up.warning_id,
                due_date=follow_up.due_date,
                rejected_at=now,
            )
        )
        uow.audit(follow_up, "answer_rejected", answer=latest.number)
        await uow.commit()
    return follow_up


async def _awaiting_verdict(
    uow: UnitOfWork, caller: Principal, request_id: str
) -> tuple[FollowUpRequest, FollowUpAnswer, AuthorisationCopy]:
    follow_up = await visible(
        uow.session, caller, FollowUpRequest, request_id, "follow-up request", for_update=True
    )
    ensure_awaiting_verdict(follow_up.status)
    answers = await storage.answers_of(uow.session, follow_up.id)
    if not answers:  # answered before answers were kept: the request's own answer is the one judged
        answers = [
            FollowUpAnswer(
                id=str(uuid.uuid4()),
                request_id=follow_up.id,
                number=1,
                answer=follow_up.answer or "",
                responded_by=follow_up.provider_id,
                responded_at=follow_up.responded_at or now_utc(),
            )
        ]
    return follow_up, answers[-1], await reported_authorisation(uow.session, follow_up.authorisation_id)


async def open_for_warning(
    uow: UnitOfWork, payload: AuthorisationWarningIssuedV1, copy: AuthorisationCopy
) -> None:
    """A warning opens its follow-up request, due on the remediation deadline, once however often the
    warning arrives. Its id is derived from the warning's, so the application service names it too."""
    request_id = follow_up_request_id(payload.warning_id)
    if await uow.session.get(FollowUpRequest, request_id) is not None:
        return
    now = now_utc()
    follow_up = FollowUpRequest(
        id=request_id,
        authorisation_id=payload.authorisation_id,
        provider_id=payload.provider_id,
        area_code=payload.area_code,
        questions=[WARNING_QUESTION],
        due_date=payload.remediation_deadline,
        requested_by="warning",
        created_at=now,
        status=FollowUpStatus.OPEN,
        warning_id=payload.warning_id,
        condition_code=payload.condition.code,
    )
    uow.session.add(follow_up)
    uow.publish(
        FollowUpRequestedV1(
            **copy.reference(),
            request_id=follow_up.id,
            warning_id=payload.warning_id,
            due_date=follow_up.due_date,
            requested_at=now,
        )
    )
    uow.audit(follow_up, "requested", warning=payload.warning_id, condition=payload.condition.code)


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
    """Documents go with the next answer, so they are attached while the request awaits one."""
    accepted = documents.accept(content, declared_type, filename)
    async with uow.acting_as(caller):
        follow_up = await own(uow.session, caller, FollowUpRequest, request_id, "follow-up request")
        ensure_answerable(follow_up.status, follow_up.due_date, stockholm_date(now_utc()))
        if len(await storage.pending_documents(uow.session, follow_up.id)) >= max_count:
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
    """Raises `follow_up.overdue` once for every open request whose due date has passed by `today`, and
    `follow_up.deadline_passed` once for every one a warning opened that has no accepted answer by then.
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
                if follow_up.warning_id is not None:
                    uow.publish(
                        FollowUpDeadlinePassedV1(
                            **copy.reference(),
                            request_id=follow_up.id,
                            warning_id=follow_up.warning_id,
                            provider_name=copy.provider_name,
                            due_date=follow_up.due_date,
                        )
                    )
                    uow.audit(follow_up, "deadline_passed", warning=follow_up.warning_id)
                    continue
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
    return FollowUpView(
        follow_up,
        await storage.documents_of(session, follow_up.id),
        await storage.answers_of(session, follow_up.id),
    )


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
