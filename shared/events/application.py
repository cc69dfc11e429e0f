"""Events published by the application service. They carry references (ids, codes, dates), never text
written into a case nor an organisation number: a sole trader's is the owner's personal identity number,
and no consumer needs one."""

from datetime import date, datetime

from shared.events.envelope import EventPayload
from shared.events.letters import CitedCondition, DecisionNotice


class ProviderRegisteredV1(EventPayload):
    event_type = "provider.registered"

    provider_id: str
    name: str
    contact_email: str
    registered_at: datetime

    def subject(self) -> str:
        return f"providers/{self.provider_id}"


class ProviderUpdatedV1(EventPayload):
    event_type = "provider.updated"

    provider_id: str
    name: str
    contact_email: str
    updated_at: datetime

    def subject(self) -> str:
        return f"providers/{self.provider_id}"


class ApplicationSubmittedV1(EventPayload):
    event_type = "application.submitted"

    application_id: str
    provider_id: str
    provider_name: str
    area_code: str
    submitted_at: datetime
    resubmission: bool = False

    def subject(self) -> str:
        return f"applications/{self.application_id}"


class _ApplicationEvent(EventPayload):
    application_id: str
    provider_id: str
    area_code: str

    def subject(self) -> str:
        return f"applications/{self.application_id}"


class ApplicationSupplementRequestedV1(_ApplicationEvent):
    event_type = "application.supplement_requested"

    request_id: str
    condition_codes: list[str]
    due_date: date
    requested_at: datetime


class ApplicationSupplementedV1(_ApplicationEvent):
    event_type = "application.supplemented"

    provider_name: str
    submitted_at: datetime


class ApplicationWithdrawnV1(_ApplicationEvent):
    event_type = "application.withdrawn"

    withdrawn_at: datetime


class ApplicationApprovedV1(_ApplicationEvent):
    event_type = "application.approved"

    authorisation_id: str
    letter: DecisionNotice


class ApplicationRejectedV1(_ApplicationEvent):
    event_type = "application.rejected"

    letter: DecisionNotice


class _AuthorisationEvent(EventPayload):
    authorisation_id: str
    provider_id: str
    area_code: str
    # The authorisation's revision after this change: a copy kept from events applies an event only when
    # it is newer than what the copy holds, so duplicates and late arrivals change nothing.
    revision: int

    def subject(self) -> str:
        return f"authorisations/{self.authorisation_id}"


class AuthorisationGrantedV1(_AuthorisationEvent):
    event_type = "authorisation.granted"

    provider_name: str
    application_id: str
    conditions_version: int
    granted_at: datetime


class AuthorisationCapacityChangedV1(_AuthorisationEvent):
    event_type = "authorisation.capacity_changed"

    capacity_ceiling: int | None
    current_customers: int | None
    at_capacity: bool
    changed_at: datetime


class AuthorisationWarningIssuedV1(_AuthorisationEvent):
    event_type = "authorisation.warning_issued"

    warning_id: str
    condition: CitedCondition
    remediation_deadline: date
    issued_at: datetime


class AuthorisationWarningRemediedV1(_AuthorisationEvent):
    """The answer to the warning's follow-up request was accepted: the deficiency is put right."""

    event_type = "authorisation.warning_remedied"

    warning_id: str
    follow_up_request_id: str
    remedied_at: datetime


class AuthorisationWarningDeadlinePassedV1(_AuthorisationEvent):
    """The warning's remediation deadline passed without an accepted answer: staff consider a second
    warning or a revocation."""

    event_type = "authorisation.warning_deadline_passed"

    warning_id: str
    follow_up_request_id: str
    provider_name: str
    condition: CitedCondition
    remediation_deadline: date


class AuthorisationRevokedV1(_AuthorisationEvent):
    event_type = "authorisation.revoked"

    revoked_at: datetime
    letter: DecisionNotice


class AuthorisationConditionsChangedV1(_AuthorisationEvent):
    """A new conditions version is in force for an authorised provider's area: the provider is told."""

    event_type = "authorisation.conditions_changed"

    conditions_version: int
    published_at: datetime


class ConditionsPublishedV1(EventPayload):
    event_type = "conditions.published"

    area_code: str
    version: int
    published_at: datetime

    def subject(self) -> str:
        return f"areas/{self.area_code}/conditions/{self.version}"


class ApiClientRevokedV1(EventPayload):
    """Every service refuses the client's tokens from now on, not only when they expire."""

    event_type = "api_client.revoked"

    client_id: str
    revoked_at: datetime

    def subject(self) -> str:
        return f"api_clients/{self.client_id}"


class ProviderInvitationIssuedV1(EventPayload):
    """Someone is invited to join a provider organisation: the notifications service emails the link to
    `email`. The link holds the invitation's token. It travels in this event because the email is sent from
    the notifications service; it is single-use, expires at `expires_at`, and at rest only its hash is
    kept (the outbox keeps the event's body for RETENTION_OUTBOX_BODY_DAYS)."""

    event_type = "provider.invitation_issued"

    invitation_id: str
    provider_id: str
    provider_name: str
    email: str
    role: str
    expires_at: datetime
    link: str

    def subject(self) -> str:
        return f"providers/{self.provider_id}/invitations/{self.invitation_id}"
