"""Events published by the reporting service. A deviation's description never travels in an event: it
may concern people in care, so events carry a reference and the recipient follows the link."""

from datetime import date, datetime

from shared.events.envelope import EventPayload


class _AuthorisationReport(EventPayload):
    authorisation_id: str
    provider_id: str
    organisation_number: str
    area_code: str

    def orgnumber(self) -> str:
        return self.organisation_number


class _ManagerChange(_AuthorisationReport):
    manager_change_id: str
    person_name: str

    def subject(self) -> str:
        return f"manager-changes/{self.manager_change_id}"


class ManagerChangeReportedV1(_ManagerChange):
    event_type = "manager_change.reported"

    provider_name: str
    starts_on: date
    reported_at: datetime
    # Reported after the new person started: the sanction for not reporting is a warning; staff decide.
    late: bool
    precheck_outcome: str | None


class ManagerChangeApprovedV1(_ManagerChange):
    event_type = "manager_change.approved"

    starts_on: date
    decided_at: datetime


class ManagerChangeRejectedV1(_ManagerChange):
    event_type = "manager_change.rejected"

    reasons: str
    decided_at: datetime


class ManagerAbsenceReportedV1(_AuthorisationReport):
    event_type = "manager_absence.reported"

    absence_id: str
    provider_name: str
    substitute_name: str
    starts_on: date
    ends_on: date
    reason: str
    reported_at: datetime

    def subject(self) -> str:
        return f"manager-absences/{self.absence_id}"


class _Deviation(_AuthorisationReport):
    deviation_id: str

    def subject(self) -> str:
        return f"deviations/{self.deviation_id}"


class DeviationReportedV1(_Deviation):
    event_type = "deviation.reported"

    provider_name: str
    category: str
    severity: str
    occurred_at: datetime
    discovered_at: datetime
    reported_at: datetime


class DeviationAcknowledgedV1(_Deviation):
    event_type = "deviation.acknowledged"

    acknowledged_at: datetime


class DeviationClosedV1(_Deviation):
    event_type = "deviation.closed"

    closed_at: datetime


class _FollowUp(_AuthorisationReport):
    request_id: str

    def subject(self) -> str:
        return f"follow-up-requests/{self.request_id}"


class FollowUpRequestedV1(_FollowUp):
    event_type = "follow_up.requested"

    questions: list[str]
    due_date: date
    requested_at: datetime


class FollowUpRespondedV1(_FollowUp):
    event_type = "follow_up.responded"

    provider_name: str
    responded_at: datetime


class FollowUpOverdueV1(_FollowUp):
    event_type = "follow_up.overdue"

    provider_name: str
    due_date: date
