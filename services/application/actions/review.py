"""Staff's side of an application: assess each condition, ask for more, decide."""

import uuid

from services.application.actions.applications import visible_application
from services.application.actions.letters import write_letter
from services.application.domain import decisions
from services.application.domain.applications import ApplicationStatus, ensure_reviewable, ensure_transition
from services.application.domain.authorisations import AuthorisationStatus
from services.application.domain.conditions import ensure_known
from services.application.domain.decisions import DecisionOutcome
from services.application.schemas.applications import Assessments, DecisionIn, SupplementRequestIn
from services.application.storage import applications as storage
from services.application.storage import catalogue, providers
from services.application.storage.applications import Application, Assessment, Decision, SupplementRequest
from services.application.storage.authorisations import Authorisation
from shared.auth.principal import Principal
from shared.clock import now_utc, stockholm_date
from shared.errors import Conflict
from shared.events.application import (
    ApplicationApprovedV1,
    ApplicationRejectedV1,
    ApplicationSupplementRequestedV1,
    AuthorisationGrantedV1,
)
from shared.statutory_time import ensure_due_date
from shared.unit_of_work import UnitOfWork


async def assess(
    uow: UnitOfWork, caller: Principal, application_id: str, command: Assessments
) -> Application:
    async with uow.acting_as(caller):
        application = await _under_review(uow, caller, application_id)
        conditions = await catalogue.conditions_of(
            uow.session, application.area_code, application.conditions_version
        )
        ensure_known(
            [v.condition_code for v in command.assessments], conditions, "assessments.{index}.condition_code"
        )
        now = now_utc()
        for verdict in command.assessments:
            uow.session.add(
                Assessment(
                    application_id=application.id,
                    condition_code=verdict.condition_code,
                    met=verdict.met,
                    comment=verdict.comment,
                    assessed_by=caller.acting_id,
                    assessed_at=now,
                )
            )
        uow.audit(application, "assessed", verdicts={v.condition_code: v.met for v in command.assessments})
        await uow.commit()
    return application


async def request_supplement(
    uow: UnitOfWork, caller: Principal, application_id: str, command: SupplementRequestIn
) -> SupplementRequest:
    async with uow.acting_as(caller):
        application = await _under_review(uow, caller, application_id)
        ensure_transition(application.status, ApplicationStatus.SUPPLEMENT_REQUESTED)
        now = now_utc()
        ensure_due_date(command.due_date, stockholm_date(now), "due_date")
        if command.condition_codes:
            conditions = await catalogue.conditions_of(
                uow.session, application.area_code, application.conditions_version
            )
            ensure_known(command.condition_codes, conditions, "condition_codes.{index}")
        request = SupplementRequest(
            id=str(uuid.uuid4()),
            application_id=application.id,
            message=command.message,
            condition_codes=list(dict.fromkeys(command.condition_codes)),
            due_date=command.due_date,
            requested_by=caller.acting_id,
            requested_at=now,
        )
        uow.session.add(request)
        application.status = ApplicationStatus.SUPPLEMENT_REQUESTED
        application.updated_at = now
        uow.session.add(application)
        provider = await providers.provider_of_row(uow.session, application.provider_id)
        uow.publish(
            ApplicationSupplementRequestedV1(
                **application.reference(provider),
                request_id=request.id,
                condition_codes=request.condition_codes,
                due_date=request.due_date,
                requested_at=now,
            )
        )
        uow.audit(application, "supplement_requested", due_date=request.due_date.isoformat())
        await uow.commit()
    return request


async def decide(
    uow: UnitOfWork, caller: Principal, application_id: str, command: DecisionIn
) -> tuple[Application, Decision, Authorisation | None]:
    async with uow.acting_as(caller):
        session = uow.session
        application = await _under_review(uow, caller, application_id)
        target = ApplicationStatus(command.outcome.value)
        ensure_transition(application.status, target)
        conditions = await catalogue.conditions_of(
            session, application.area_code, application.conditions_version
        )
        verdicts = storage.latest_verdicts(await storage.assessments_of(session, application.id))
        if command.outcome is DecisionOutcome.APPROVED:
            blockers = decisions.approval_blockers(conditions, verdicts)
            if blockers:
                raise Conflict(
                    "Every condition shown at authorisation must be assessed as met before approval.",
                    current_status=application.status.value,
                    blockers=blockers,
                )
        else:
            not_met = {code for code, met in verdicts.items() if not met}
            decisions.ensure_rejection_cites(command.conditions_not_met, conditions, not_met)
        provider = await providers.provider_of_row(session, application.provider_id)
        area = await catalogue.area(session, application.area_code)
        assert area is not None  # a foreign key of the application
        now = now_utc()
        cited = (
            decisions.cited(command.conditions_not_met, conditions)
            if target is ApplicationStatus.REJECTED
            else []
        )
        letter = await write_letter(
            session,
            f"application_{command.outcome.value}",
            f"applications/{application.id}",
            provider,
            area,
            decided_at=now,
            reasons=command.reasons,
            not_met=cited,
        )
        decision = Decision(
            application_id=application.id,
            outcome=command.outcome,
            reasons=command.reasons,
            letter=letter.model_dump(mode="json"),
            decided_by=caller.acting_id,
            decided_at=now,
        )
        session.add(decision)
        application.status = target
        application.decided_at = now
        application.updated_at = now
        session.add(application)
        uow.audit(application, "decided", outcome=command.outcome)
        authorisation = None
        if target is ApplicationStatus.APPROVED:
            authorisation = Authorisation(
                id=str(uuid.uuid4()),
                provider_id=provider.id,
                area_code=area.code,
                application_id=application.id,
                conditions_version=area.conditions_version,
                status=AuthorisationStatus.ACTIVE,
                person_in_charge_name=(application.person_in_charge or {}).get("name"),
                created_at=now,
                updated_at=now,
            )
            session.add(authorisation)
            uow.publish(
                ApplicationApprovedV1(
                    **application.reference(provider),
                    authorisation_id=authorisation.id,
                    letter=letter.notice(),
                )
            )
            uow.publish(
                AuthorisationGrantedV1(
                    **authorisation.reference(provider),
                    provider_name=provider.name,
                    application_id=application.id,
                    conditions_version=authorisation.conditions_version,
                    granted_at=now,
                )
            )
            uow.audit(authorisation, "granted", application_id=application.id)
        else:
            uow.publish(
                ApplicationRejectedV1(
                    **application.reference(provider),
                    letter=letter.notice(),
                )
            )
        await uow.commit()
    return application, decision, authorisation


async def _under_review(uow: UnitOfWork, caller: Principal, application_id: str) -> Application:
    """Locks the application and, on staff's first act on a freshly submitted one, puts it in review."""
    application = await visible_application(uow.session, caller, application_id, for_update=True)
    ensure_reviewable(application.status)
    if application.status is ApplicationStatus.SUBMITTED:
        application.status = ApplicationStatus.IN_REVIEW
        application.updated_at = now_utc()
        uow.session.add(application)
        uow.audit(application, "review_started")
    return application
