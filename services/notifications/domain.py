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
    raise ValueError(f"no provider message for {event_type}")


def _date(value: str) -> str:
    return date.fromisoformat(value).isoformat()
