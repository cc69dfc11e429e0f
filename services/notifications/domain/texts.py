"""The text of a notification: an event rendered for an audience in a language from the catalogues in
`templates/`. Dates and times are shown in Europe/Stockholm, areas by name, and every text carries a link
to its subject. A text is emailed and sent by webhook, so it names the matter by reference: what was
written into the case is behind the link. No I/O beyond reading the catalogues once."""

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from services.notifications.domain.preferences import Language
from services.notifications.domain.recipients import Audience
from shared.areas import area_name
from shared.auth.portal_client import PORTAL_PATH
from shared.clock import STOCKHOLM
from shared.events.catalogue import payload_of
from shared.events.envelope import CloudEvent
from shared.events.letters import CitedCondition, DecisionNotice

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Text:
    title: str
    body: str
    link: str | None

    def email_body(self, footer: str) -> str:
        return f"{self.body}\n{footer}"


@cache
def catalogue(language: Language) -> dict[str, Any]:
    with (TEMPLATES / f"{language.value}.toml").open("rb") as file:
        return tomllib.load(file)


def render(event: CloudEvent, audience: Audience, language: Language, base_url: str) -> Text:
    texts = catalogue(language)
    key = event.type
    if key == "application.submitted" and event.data.get("resubmission"):
        key = "application.supplemented"
    template = texts[audience.value][key]
    values = _values(event, language, texts, base_url)
    return Text(
        title=template["title"].format_map(values).strip(),
        body=_tidy(template["body"].format_map(values)),
        link=values["link"] or None,
    )


def linked_subject(event: CloudEvent) -> str | None:
    """What a text links to: the event's subject, but for an event about a work item the case it is about,
    where the work is done (a work item has no page of its own)."""
    if event.type.startswith("work_item."):
        return str(event.data.get("case") or "") or None
    return event.subject


def portal_page(subject: str | None, base_url: str) -> str:
    """The portal's address of a subject, where a person who clicks a link in an email reads the matter
    (after logging in, when needed; the API's address would answer them 401). The portal sends a provider's
    person and a municipal officer each to their own page of it."""
    portal = f"{base_url}{PORTAL_PATH}"
    return f"{portal}/cases/{subject}" if subject else f"{portal}/"


def footer(page: str, language: Language, base_url: str) -> str:
    """What closes an email: the link to the subject's page in the portal and where to change what one
    receives."""
    return str(catalogue(language)["phrases"]["footer"]).format(
        link=page, preferences_link=f"{base_url}{PORTAL_PATH}/organisation/preferences"
    )


def format_date(value: date, language: Language) -> str:
    if language is Language.EN:
        return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    return value.isoformat()


def format_time(value: datetime, language: Language) -> str:
    local = value.astimezone(STOCKHOLM)
    if language is Language.EN:
        return f"{format_date(local.date(), language)} at {local:%H:%M} (Swedish time)"
    return f"{local:%Y-%m-%d} kl. {local:%H.%M}"


def _values(event: CloudEvent, language: Language, texts: dict[str, Any], base_url: str) -> dict[str, str]:
    payload = payload_of(event)
    phrases = texts["phrases"]
    values = {name: _shown(getattr(payload, name), language) for name in type(payload).model_fields}
    data = event.data
    values["area"] = area_name(data.get("area_code", ""), language.value)
    values["provider"] = data.get("provider_name", "")
    values["link"] = f"{base_url}/{linked_subject(event)}" if linked_subject(event) else ""
    values["kind"] = texts["work_item_kinds"].get(data.get("kind", ""), values.get("kind", ""))
    values["reference"] = (event.subject or "").rsplit("/", 1)[-1]
    values["category"] = texts["categories"].get(data.get("category", ""), values.get("category", ""))
    values["severity"] = texts["severities"].get(data.get("severity", ""), values.get("severity", ""))
    values["urgent"] = phrases["urgent"] if data.get("severity") == "serious" else ""
    values["late"] = phrases["late"] if data.get("late") else ""
    values["late_body"] = phrases["late_body"] if data.get("late") else ""
    letter = getattr(payload, "letter", None)
    if isinstance(letter, DecisionNotice):
        values.update(_letter(letter, language, phrases, base_url))
    return values


def _letter(
    letter: DecisionNotice, language: Language, phrases: dict[str, str], base_url: str
) -> dict[str, str]:
    appeal = letter.appeal
    english = language is Language.EN
    sentences = [
        phrases["appeal"].format(
            route=appeal.route_en if english else appeal.route_sv,
            body=appeal.body_en if english else appeal.body_sv,
            law_reference=appeal.law_reference,
            period=appeal.period_en if english else appeal.period_sv,
        )
    ]
    if appeal.deadline is not None:
        sentences.append(
            phrases["appeal_deadline"].format(
                sent_on=format_date(letter.decided_on, language),
                deadline=format_date(appeal.deadline, language),
            )
        )
    if appeal.computed_under is not None:  # letters written before the rule was carried do not name it
        # The portal's calculator, for the person who reads the letter; the API answers the same for systems.
        link = f"{base_url}{PORTAL_PATH}/appeal-deadline?frame={letter.legal_frame.code}"
        sentences.append(phrases["appeal_reckoning"].format(computed_under=appeal.computed_under, link=link))
    not_met = [_shown(condition, language) for condition in letter.conditions_not_met]
    return {
        "decided_on": format_date(letter.decided_on, language),
        "appeal": " ".join(sentences),
        "conditions_not_met": "\n".join([phrases["conditions_not_met"], *(f"- {c}" for c in not_met)])
        if not_met
        else "",
    }


def _shown(value: Any, language: Language) -> str:
    """A payload value as a person reads it."""
    if isinstance(value, datetime):
        return format_time(value, language)
    if isinstance(value, date):
        return format_date(value, language)
    if isinstance(value, CitedCondition):
        return value.title_en if language is Language.EN else value.title_sv
    if isinstance(value, list):
        return "\n".join(f"- {_shown(item, language)}" for item in value)
    if isinstance(value, BaseModel) or value is None or isinstance(value, bool):
        return ""
    return str(value)


def _tidy(body: str) -> str:
    """Placeholders left empty (no conditions not met) leave no run of blank lines behind."""
    return re.sub(r"\n{3,}", "\n\n", body).strip()
