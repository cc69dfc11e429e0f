"""A provider's side of an application: start, fill in, attach, submit, withdraw; and reading one."""

import uuid
from dataclasses import asdict, dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.domain.applications import ApplicationStatus, ensure_editable, ensure_transition
from services.application.domain.completeness import missing_items
from services.application.domain.conditions import Evidence
from services.application.schemas.applications import ApplicationChanges, ApplicationQuery
from services.application.storage import application_views, authorisations, catalogue, providers
from services.application.storage import applications as storage
from services.application.storage.application_views import ApplicationParts, Fields
from services.application.storage.applications import (
    Application,
    Attachment,
    AttachmentContent,
)
from shared import documents
from shared.auth.principal import Principal
from shared.clock import now_utc, stockholm_date
from shared.competence import CompetencePrecheck, PersonInCharge, precheck
from shared.db import is_duplicate
from shared.errors import Conflict, InvalidInput, NotFound
from shared.events.application import (
    ApplicationSubmittedV1,
    ApplicationSupplementedV1,
    ApplicationWithdrawnV1,
)
from shared.free_text import STORED
from shared.pagination import Page
from shared.tenancy import own, provider_of, visible
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ApplicationView:
    """An application with what belongs to it, as fields by name; staff also see assessments and the
    pre-check."""

    parts: ApplicationParts
    # Oldest first.
    assessments: list[Fields] | None
    precheck: CompetencePrecheck | None


async def start_application(uow: UnitOfWork, caller: Principal, area_code: str) -> Application:
    provider_id = provider_of(caller)
    async with uow.acting_as(caller):
        area = await catalogue.area(uow.session, area_code)
        if area is None:
            raise InvalidInput(
                f"There is no kundval area with the code {area_code!r}; GET /areas lists them.",
                errors=[{"location": "area_code", "message": "unknown area", "type": "unknown_area"}],
            )
        active = await authorisations.active_authorisation_of(uow.session, provider_id, area.code)
        if active is not None:
            raise Conflict("The organisation is already authorised in this area.", authorisation_id=active.id)
        await _ensure_none_open(uow.session, provider_id, area.code)
        now = now_utc()
        application = Application(
            id=str(uuid.uuid4()),
            provider_id=provider_id,
            area_code=area.code,
            status=ApplicationStatus.DRAFT,
            conditions_version=area.conditions_version,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(application)
        uow.audit(application, "started", area_code=area.code, conditions_version=area.conditions_version)
        try:
            await uow.commit()
        except IntegrityError as exc:
            # A concurrent start for the same area got there first; the partial unique index decided.
            if is_duplicate(exc, "applications", "provider_id", "area_code"):
                raise Conflict("The organisation already has an open application in this area.") from exc
            raise
    return application


async def _ensure_none_open(session: AsyncSession, provider_id: str, area_code: str) -> None:
    existing = await storage.open_application_of(session, provider_id, area_code)
    if existing is not None:
        raise Conflict(
            "The organisation already has an open application in this area; finish or withdraw it first.",
            application_id=existing.id,
            current_status=existing.status.value,
        )


async def change_application(
    uow: UnitOfWork, caller: Principal, application_id: str, changes: ApplicationChanges
) -> Application:
    async with uow.acting_as(caller):
        application = await own(uow.session, caller, Application, application_id, "application")
        ensure_editable(application.status)
        changed = sorted(changes.model_fields_set)
        if changes.answers:
            conditions = await catalogue.conditions_of(
                uow.session, application.area_code, application.conditions_version
            )
            answerable = {c.code for c in conditions if c.evidence is Evidence.STATEMENT}
            wrong = [code for code in changes.answers if code not in answerable]
            if wrong:
                raise InvalidInput(
                    "Written answers are given for conditions with evidence `statement` of the application's "
                    "conditions version.",
                    errors=[
                        {"location": f"answers.{code}", "message": "not answerable here", "type": "unknown"}
                        for code in wrong
                    ],
                )
            answers = dict(application.answers)
            for code, text in changes.answers.items():
                if text is None:
                    answers.pop(code, None)
                else:
                    answers[code] = text
            application.answers = answers  # a new dict: in-place changes to a JSON column are not saved
        if "person_in_charge" in changes.model_fields_set:
            person = changes.person_in_charge
            application.person_in_charge = person.model_dump(mode="json") if person is not None else None
        application.updated_at = now_utc()
        uow.session.add(application)
        uow.audit(application, "changed", fields=changed)
        await uow.commit()
    return application


async def add_attachment(
    uow: UnitOfWork,
    caller: Principal,
    application_id: str,
    *,
    filename: str | None,
    declared_type: str | None,
    content: bytes,
    max_count: int,
) -> Attachment:
    document = documents.accept(content, declared_type, filename)
    async with uow.acting_as(caller):
        application = await own(uow.session, caller, Application, application_id, "application")
        ensure_editable(application.status)
        if len(await storage.attachments_of(uow.session, application.id)) >= max_count:
            raise Conflict(f"An application holds at most {max_count} attachments; remove one first.")
        attachment = Attachment(
            id=str(uuid.uuid4()),
            application_id=application.id,
            **asdict(document),
            uploaded_by=caller.acting_id,
            created_at=now_utc(),
        )
        uow.session.add(attachment)
        await uow.session.flush()
        uow.session.add(AttachmentContent(attachment_id=attachment.id, content=content))
        application.updated_at = attachment.created_at
        uow.session.add(application)
        uow.audit(application, "attachment_added", attachment=attachment.id, size=document.size)
        await uow.commit()
    return attachment


async def remove_attachment(
    uow: UnitOfWork, caller: Principal, application_id: str, attachment_id: str
) -> None:
    async with uow.acting_as(caller):
        application = await own(uow.session, caller, Application, application_id, "application")
        ensure_editable(application.status)
        found = await storage.attachment_content(uow.session, application.id, attachment_id)
        if found is None:
            raise NotFound("No such attachment.")
        attachment, _ = found
        content = await uow.session.get(AttachmentContent, attachment_id)
        await uow.session.delete(content)
        await uow.session.flush()
        await uow.session.delete(attachment)
        uow.audit(application, "attachment_removed", attachment=attachment_id)
        await uow.commit()


async def attachment_file(
    session: AsyncSession, caller: Principal, application_id: str, attachment_id: str
) -> tuple[Attachment, bytes]:
    await visible_application(session, caller, application_id)
    found = await storage.attachment_content(session, application_id, attachment_id)
    if found is None:
        raise NotFound("No such attachment.")
    return found


async def submit_application(uow: UnitOfWork, caller: Principal, application_id: str) -> Application:
    async with uow.acting_as(caller):
        application = await own(uow.session, caller, Application, application_id, "application")
        previous = application.status
        ensure_transition(previous, ApplicationStatus.SUBMITTED)
        conditions = await catalogue.conditions_of(
            uow.session, application.area_code, application.conditions_version
        )
        person = (
            PersonInCharge.model_validate(application.person_in_charge, context=STORED)
            if application.person_in_charge
            else None
        )
        attachments = await storage.attachments_of(uow.session, application.id)
        missing = missing_items(conditions, application.answers, person, len(attachments))
        if missing:
            raise InvalidInput(
                "The application is not complete; `missing` lists what it lacks.",
                current_status=previous.value,
                missing=[item.as_dict() for item in missing],
            )
        now = now_utc()
        if person is not None and any(c.requirement for c in conditions):
            result = precheck(person, stockholm_date(now))
            application.precheck = result.model_dump(mode="json")
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = now
        application.updated_at = now
        uow.session.add(application)
        provider = await providers.provider_of_row(uow.session, application.provider_id)
        if previous is ApplicationStatus.SUPPLEMENT_REQUESTED:
            for request in await storage.supplement_requests_of(uow.session, application.id):
                if request.answered_at is None:
                    request.answered_at = now
                    uow.session.add(request)
            uow.publish(
                ApplicationSupplementedV1(
                    **application.reference(provider),
                    provider_name=provider.name,
                    submitted_at=now,
                )
            )
        else:
            uow.publish(
                ApplicationSubmittedV1(
                    **application.reference(provider),
                    provider_name=provider.name,
                    submitted_at=now,
                )
            )
        uow.audit(application, "submitted")
        await uow.commit()
    return application


async def withdraw_application(uow: UnitOfWork, caller: Principal, application_id: str) -> Application:
    async with uow.acting_as(caller):
        application = await own(uow.session, caller, Application, application_id, "application")
        previous = application.status
        ensure_transition(previous, ApplicationStatus.WITHDRAWN)
        now = now_utc()
        application.status = ApplicationStatus.WITHDRAWN
        application.updated_at = now
        uow.session.add(application)
        provider = await providers.provider_of_row(uow.session, application.provider_id)
        uow.publish(
            ApplicationWithdrawnV1(
                **application.reference(provider),
                withdrawn_at=now,
            )
        )
        uow.audit(application, "withdrawn")
        await uow.commit()
    return application


async def application_view(
    connection: AsyncConnection, caller: Principal, application_id: str
) -> ApplicationView:
    parts = await application_views.application_parts(
        connection, application_id, caller.owning_provider(), caller.area_scope()
    )
    if parts is None:
        raise NotFound("No such application.")
    if caller.is_provider:
        return ApplicationView(parts, assessments=None, precheck=None)
    precheck = parts.application["precheck"]
    return ApplicationView(
        parts,
        assessments=await application_views.assessments(connection, parts.application["id"]),
        precheck=CompetencePrecheck.model_validate(precheck) if precheck else None,
    )


async def list_applications(
    session: AsyncSession, caller: Principal, query: ApplicationQuery
) -> Page[Application]:
    return await storage.applications_for(
        session,
        caller.owning_provider(),
        areas=caller.area_scope(),
        status=query.status,
        area_code=query.area_code,
        limit=query.limit,
        cursor=query.cursor,
    )


async def visible_application(
    session: AsyncSession, caller: Principal, application_id: str, *, for_update: bool = False
) -> Application:
    return await visible(session, caller, Application, application_id, "application", for_update=for_update)
