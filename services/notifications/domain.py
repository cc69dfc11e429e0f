"""What staff must handle (work items, one open per subject and kind) and what providers are told (inbox
entries); no I/O."""

from datetime import date
from enum import StrEnum
from typing import Any


class WorkItemStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    DONE = "done"


class WorkItemKind(StrEnum):
    REVIEW_APPLICATION = "review_application"
    APPROVE_MANAGER_CHANGE = "approve_manager_change"
    NOTE_MANAGER_ABSENCE = "note_manager_absence"
    HANDLE_DEVIATION = "handle_deviation"
    REVIEW_FOLLOW_UP_RESPONSE = "review_follow_up_response"
    CHASE_FOLLOW_UP = "chase_follow_up"
    REVIEW_QUALITY_REPORT = "review_quality_report"
    CHASE_QUALITY_REPORT = "chase_quality_report"


CATEGORY_SV = {"complaint": "klagomål", "error": "fel", "deficiency": "brist", "deviation": "avvikelse"}
SEVERITY_SV = {"minor": "lindrig", "moderate": "måttlig", "serious": "allvarlig"}


def report_work_item(event_type: str, data: dict[str, Any]) -> tuple[WorkItemKind, str, bool]:
    """Kind, Swedish title and urgency of the work item a report event makes. A deviation's title names
    only its category and severity, never what happened."""
    provider = data.get("provider_name") or data.get("organisation_number", "")
    area = data["area_code"]
    match event_type:
        case "manager_change.reported":
            late = " SEN ANMÄLAN (nya personen började före anmälan)." if data["late"] else ""
            title = f"Godkänn ny verksamhetsansvarig {data['person_name']}: {provider} ({area}).{late}"
            return WorkItemKind.APPROVE_MANAGER_CHANGE, title, False
        case "manager_absence.reported":
            title = (
                f"För kännedom: ersättare {data['substitute_name']} för verksamhetsansvarig "
                f"{_date(data['starts_on'])} till {_date(data['ends_on'])}: {provider} ({area})"
            )
            return WorkItemKind.NOTE_MANAGER_ABSENCE, title, False
        case "deviation.reported":
            serious = data["severity"] == "serious"
            prefix = "BRÅDSKANDE: " if serious else ""
            category = CATEGORY_SV.get(data["category"], data["category"])
            severity = SEVERITY_SV.get(data["severity"], data["severity"])
            title = f"{prefix}Rapporterad {category}, {severity}: {provider} ({area})"
            return WorkItemKind.HANDLE_DEVIATION, title, serious
        case "follow_up.responded":
            return (
                WorkItemKind.REVIEW_FOLLOW_UP_RESPONSE,
                f"Granska svar på uppföljning: {provider} ({area})",
                False,
            )
        case "follow_up.overdue":
            title = f"Uppföljning obesvarad sedan {_date(data['due_date'])}: {provider} ({area})"
            return WorkItemKind.CHASE_FOLLOW_UP, title, False
        case "quality_report.submitted":
            title = f"Granska kvalitetsredovisning {data['year']}: {provider} ({area})"
            return WorkItemKind.REVIEW_QUALITY_REPORT, title, False
        case "quality_report.overdue":
            deadline = _date(data["deadline"])
            title = f"Kvalitetsredovisning {data['year']} saknas (senast {deadline}): {provider} ({area})"
            return WorkItemKind.CHASE_QUALITY_REPORT, title, False
    raise ValueError(f"no work item for {event_type}")


def review_application_title(provider_name: str, area_code: str, resubmission: bool) -> str:
    what = "Granska kompletterad ansökan" if resubmission else "Granska ansökan om auktorisation"
    return f"{what}: {provider_name} ({area_code})"


def provider_message(event_type: str, data: dict[str, Any]) -> str:
    """The Swedish one-line title of a provider's inbox entry. Deadlines are dates in Europe/Stockholm."""
    area = data.get("area_code", "")
    letter = data.get("letter") or {}
    appeal = letter.get("appeal") or {}
    deadline = appeal.get("deadline")
    appeal_text = f" Överklagande: {appeal.get('route_sv', '')}" + (
        f" senast {_date(deadline)}." if deadline else "."
    )
    match event_type:
        case "application.supplement_requested":
            return f"Kommunen begär komplettering av er ansökan ({area}) senast {_date(data['due_date'])}."
        case "application.approved":
            return f"Er ansökan om auktorisation ({area}) är beviljad.{appeal_text}"
        case "application.rejected":
            return f"Er ansökan om auktorisation ({area}) är avslagen.{appeal_text}"
        case "authorisation.granted":
            return f"Ni är auktoriserade inom {area}."
        case "authorisation.warning_issued":
            condition = data["condition"]["title_sv"]
            return f"Varning ({area}): {condition}. Åtgärda senast {_date(data['remediation_deadline'])}."
        case "authorisation.revoked":
            return f"Er auktorisation ({area}) är återkallad.{appeal_text}"
        case "authorisation.conditions_changed":
            return f"Nya villkor (version {data['conditions_version']}) gäller för {area}."
        case "manager_change.approved":
            return f"Kommunen har godkänt {data['person_name']} som verksamhetsansvarig ({area})."
        case "manager_change.rejected":
            return f"Kommunen har inte godkänt {data['person_name']} som verksamhetsansvarig ({area})."
        case "deviation.acknowledged":
            return f"Kommunen har tagit emot er avvikelserapport ({area})."
        case "deviation.closed":
            return f"Kommunen har avslutat ärendet om er avvikelserapport ({area})."
        case "follow_up.requested":
            return (
                f"Kommunen begär uppgifter för uppföljning ({area}); svara senast {_date(data['due_date'])}."
            )
        case "follow_up.overdue":
            return f"Påminnelse: uppföljningen ({area}) skulle ha besvarats senast {_date(data['due_date'])}."
        case "quality_report.requested":
            return f"Lämna kvalitetsredovisning för {data['year']} ({area}) senast {_date(data['deadline'])}."
        case "quality_report.reminder":
            return (
                f"Påminnelse: {data['days_left']} dagar kvar att lämna kvalitetsredovisning för "
                f"{data['year']} ({area}), senast {_date(data['deadline'])}."
            )
        case "quality_report.overdue":
            return (
                f"Kvalitetsredovisningen för {data['year']} ({area}) skulle ha lämnats senast "
                f"{_date(data['deadline'])}."
            )
        case "quality_report.accepted":
            return f"Kommunen har godkänt er kvalitetsredovisning för {data['year']} ({area})."
        case "quality_report.completion_requested":
            return (
                f"Kommunen begär komplettering av kvalitetsredovisningen för {data['year']} ({area}) "
                f"senast {_date(data['due_date'])}."
            )
    raise ValueError(f"no provider message for {event_type}")


def _date(value: str) -> str:
    return date.fromisoformat(value).isoformat()
