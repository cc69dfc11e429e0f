"""Events published by the reporting service. Text written into a case (a deviation's description, reasons,
questions, notes) never travels in an event: it may concern people in care, so events carry references and
the recipient follows the link. No organisation number either: a sole trader's is a personal identity
number, and the provider id says which provider."""

from datetime import date, datetime

from shared.competence import Outcome
from shared.events.envelope import EventPayload


class _AuthorisationReport(EventPayload):
    authorisation_id: str
    provider_id: str
    area_code: str


class _ManagerChange(_AuthorisationReport):
    manager_change_id: str

    def subject(self) -> str:
        return f"manager-changes/{self.manager_change_id}"


class ManagerChangeReportedV1(_ManagerChange):
    event_type = "manager_change.reported"

    # The application service shows the reported person in charge on the authorisation as pending.
    person_name: str
    provider_name: str
    starts_on: date
    reported_at: datetime
    # Reported after the new person started: the sanction for not reporting is a warning; staff decide.
    late: bool


class ManagerChangeApprovedV1(_ManagerChange):
    event_type = "manager_change.approved"

    # The application service shows the approved person as the authorisation's person in charge.
    person_name: str
    starts_on: date
    decided_at: datetime


class ManagerChangeRejectedV1(_ManagerChange):
    event_type = "manager_change.rejected"

    decided_at: datetime


class ManagerAbsenceReportedV1(_AuthorisationReport):
    event_type = "manager_absence.reported"

    absence_id: str
    provider_name: str
    starts_on: date
    ends_on: date
    reported_at: datetime
    # The outcome of the substitute's competence pre-check (an outcome code, never its arithmetic), when
    # the competence details were given, as they must be for a long absence; null otherwise.
    precheck_outcome: Outcome | None = None

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
    # The warning the request follows up, when a warning opened it; none for a request staff made.
    warning_id: str | None = None

    def subject(self) -> str:
        return f"follow-up-requests/{self.request_id}"


class FollowUpRequestedV1(_FollowUp):
    event_type = "follow_up.requested"

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


class FollowUpAcceptedV1(_FollowUp):
    """Staff accept the answer: the request is closed (a warning it follows up is remedied)."""

    event_type = "follow_up.accepted"

    accepted_at: datetime


class FollowUpRejectedV1(_FollowUp):
    """Staff reject the answer with reasons (behind the link); the provider may answer again while the due
    date runs."""

    event_type = "follow_up.rejected"

    due_date: date
    rejected_at: datetime


class FollowUpDeadlinePassedV1(_FollowUp):
    """A warning's remediation deadline passed without an accepted answer."""

    event_type = "follow_up.deadline_passed"

    warning_id: str
    provider_name: str
    due_date: date


class QualityRoundOpenedV1(EventPayload):
    event_type = "quality_round.opened"

    year: int
    deadline: date
    requested: int
    opened_at: datetime

    def subject(self) -> str:
        return f"quality-rounds/{self.year}"


class _QualityReport(_AuthorisationReport):
    report_id: str
    year: int

    def subject(self) -> str:
        return f"quality-reports/{self.report_id}"


class QualityReportRequestedV1(_QualityReport):
    event_type = "quality_report.requested"

    deadline: date


class QualityReportReminderV1(_QualityReport):
    event_type = "quality_report.reminder"

    deadline: date
    days_left: int


class QualityReportSubmittedV1(_QualityReport):
    event_type = "quality_report.submitted"

    provider_name: str
    submitted_at: datetime


class QualityReportOverdueV1(_QualityReport):
    event_type = "quality_report.overdue"

    provider_name: str
    deadline: date


class QualityReportAcceptedV1(_QualityReport):
    event_type = "quality_report.accepted"

    accepted_at: datetime


class QualityReportCompletionRequestedV1(_QualityReport):
    event_type = "quality_report.completion_requested"

    due_date: date
