"""Every notification renders in both languages from the catalogues, with dates in Europe/Stockholm,
areas by name and a link to the subject; a deviation's text carries no more than its reference."""

import json
import string
from datetime import UTC, date, datetime
from typing import Any

import pytest

from services.application.catalogue_seed import LEGAL_FRAMES
from services.application.domain import decisions
from services.application.domain.decisions import Case, Frame
from services.notifications.domain.deliveries import references_of
from services.notifications.domain.preferences import Language
from services.notifications.domain.recipients import TELLS_LEADS, TELLS_PROVIDER, TELLS_STAFF, Audience
from services.notifications.domain.texts import (
    catalogue,
    footer,
    format_date,
    format_time,
    linked_subject,
    portal_page,
    render,
)
from shared.events.catalogue import payload_of
from shared.events.envelope import CloudEvent
from shared.events.letters import DecisionLetter
from tests.support.events import example_event

CASES = [(Audience.PROVIDER, kind) for kind in sorted(TELLS_PROVIDER)] + [
    (Audience.STAFF, kind) for kind in sorted(TELLS_STAFF | TELLS_LEADS)
]
BASE = "https://kundval.nacka.example"


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_texts_with_the_same_placeholders() -> None:
    swedish, english = catalogue(Language.SV), catalogue(Language.EN)
    assert swedish.keys() == english.keys()
    for section in swedish:
        assert swedish[section].keys() == english[section].keys(), section
        for key, text in swedish[section].items():
            if isinstance(text, dict):
                for part in ("title", "body"):
                    assert _placeholders(text[part]) == _placeholders(english[section][key][part]), key


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize(("audience", "kind"), CASES, ids=[f"{a.value}:{k}" for a, k in CASES])
def test_every_event_a_recipient_hears_of_renders_with_its_area_and_link(
    audience: Audience, kind: str, language: Language
) -> None:
    event = example_event(kind, area_code="sarskilt-boende", severity="serious", late=True)
    text = render(event, audience, language, BASE)
    area = "Särskilt boende för äldre" if language is Language.SV else "Special housing for older people"
    assert area in text.title + text.body, "areas are named, not coded"
    assert "sarskilt-boende" not in text.title + text.body
    assert text.link == f"{BASE}/{linked_subject(event)}"
    assert text.title and text.body and "{" not in text.title + text.body
    assert "\n\n\n" not in text.body


def test_dates_and_times_are_shown_in_stockholm() -> None:
    late_evening_utc = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # 1 April, 00:30 in Stockholm (CEST)
    assert format_time(late_evening_utc, Language.SV) == "2026-04-01 kl. 00.30"
    assert format_time(late_evening_utc, Language.EN) == "1 April 2026 at 00:30 (Swedish time)"
    assert format_date(date(2026, 12, 24), Language.EN) == "24 December 2026"
    granted = example_event("authorisation.granted", granted_at=late_evening_utc, area_code="boendestod")
    assert "2026-04-01 kl. 00.30" in render(granted, Audience.PROVIDER, Language.SV, BASE).body


def test_the_language_follows_the_recipient() -> None:
    event = example_event("quality_report.reminder", days_left=7, year=2026, deadline=date(2027, 3, 31))
    swedish = render(event, Audience.PROVIDER, Language.SV, BASE)
    english = render(event, Audience.PROVIDER, Language.EN, BASE)
    assert swedish.title.startswith("Påminnelse: 7 dagar kvar") and "2027-03-31" in swedish.body
    assert english.title.startswith("Reminder: 7 days left") and "31 March 2027" in english.body


@pytest.mark.parametrize("language", list(Language))
def test_a_deviation_is_named_by_category_severity_and_reference_only(language: Language) -> None:
    event = example_event("deviation.reported", severity="serious", category="complaint")
    assert "description" not in event.data, "the event never carries what happened"
    text = render(event, Audience.STAFF, language, BASE)
    assert (event.subject or "").rsplit("/", 1)[-1] in text.body
    assert text.link == f"{BASE}/{event.subject}"
    if language is Language.SV:
        assert text.title.startswith("BRÅDSKANDE: Avvikelserapport (klagomål, allvarlighetsgrad allvarlig)")
    else:
        assert text.title.startswith("URGENT: Deviation report (complaint, severity serious)")


@pytest.mark.parametrize("language", list(Language))
def test_an_escalation_names_the_work_and_its_due_date_and_links_to_the_case(language: Language) -> None:
    event = example_event(
        "work_item.escalated", kind="handle_deviation", case="deviations/d-1", due_on=date(2026, 12, 9)
    )
    text = render(event, Audience.STAFF, language, BASE)
    assert text.link == f"{BASE}/deviations/d-1" and "deviations/d-1" in text.body
    assert portal_page(linked_subject(event), BASE).endswith("/portal/cases/deviations/d-1")
    if language is Language.SV:
        assert "hantera avvikelserapport" in text.title and "2026-12-09" in text.title
    else:
        assert "handle a deviation report" in text.title and "9 December 2026" in text.title


def test_a_late_manager_change_is_flagged_to_staff() -> None:
    on_time = render(example_event("manager_change.reported", late=False), Audience.STAFF, Language.SV, BASE)
    late = render(example_event("manager_change.reported", late=True), Audience.STAFF, Language.SV, BASE)
    assert "SEN ANMÄLAN" in late.title and "SEN ANMÄLAN" not in on_time.title
    assert "varning" in late.body and "varning" not in on_time.body


# What events carried before they carried references only: a message still queued from then is read, and
# neither its text nor the organisation number reaches a notification or a webhook.
WRITTEN = "Skrivet i ärendet"
SOLE_TRADER = "530921-2834"
OLD_FIELDS: dict[str, Any] = {
    "organisation_number": SOLE_TRADER,
    "message": WRITTEN,
    "deficiency": WRITTEN,
    "reasons": WRITTEN,
    "questions": [WRITTEN],
    "note": WRITTEN,
    "person_name": WRITTEN,
    "substitute_name": WRITTEN,
    "reason": "sick_leave",
    "precheck_outcome": "not_met",
}


@pytest.mark.parametrize(("audience", "kind"), CASES, ids=[f"{a.value}:{k}" for a, k in CASES])
def test_a_message_of_the_old_shape_is_read_and_its_text_goes_no_further(
    audience: Audience, kind: str
) -> None:
    current = example_event(kind)
    data = {**current.data, **OLD_FIELDS}
    if "letter" in data:
        data["letter"] = {**data["letter"], "reasons": WRITTEN, "organisation_number": SOLE_TRADER}
    old = CloudEvent.model_validate(
        {**current.model_dump(mode="json"), "orgnumber": SOLE_TRADER, "data": data}
    )
    payload_of(old)  # no field it carried is required any more, and none it lacks
    for language in Language:
        text = render(old, audience, language, BASE)
        page = portal_page(old.subject, BASE)
        shown = text.title + text.body + footer(page, language, BASE) + json.dumps(references_of(old.data))
        assert WRITTEN not in shown and SOLE_TRADER not in shown and "sick_leave" not in shown


@pytest.mark.parametrize("kind", ["application.approved", "application.rejected", "authorisation.revoked"])
def test_a_decision_letter_names_the_rule_the_period_and_the_last_day_if_received_the_day_it_is_sent(
    kind: str,
) -> None:
    lov, kundval = (next(f for f in LEGAL_FRAMES if f.code == code) for code in ("LOV", "kundval"))
    case = Case("applications/1", "Omsorg AB", "556036-0793", "hemtjanst", "Hemtjänst", "Home care")
    sent = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)

    def letter(frame: Frame) -> DecisionLetter:
        return decisions.letter(
            kind.replace(".", "_"), case, frame, decided_at=sent, reasons="Skäl", not_met=[]
        )

    swedish = render(example_event(kind, letter=letter(lov)), Audience.PROVIDER, Language.SV, BASE).body
    assert "(Förvaltningsrätten i Stockholm; LOV (2008:962) 10 kap.)." in swedish
    assert "inom tre veckor" in swedish
    # Three weeks from Thursday 3 December is Christmas Eve; the next weekday is Monday 28 December.
    assert "den dag det skickas (2026-12-03) är sista dag 2026-12-28." in swedish
    assert "Lag (1930:173) om beräkning av lagstadgad tid" in swedish
    assert f"{BASE}/portal/appeal-deadline?frame=LOV" in swedish
    english = render(example_event(kind, letter=letter(lov)), Audience.PROVIDER, Language.EN, BASE).body
    assert "(3 December 2026), the last day is 28 December 2026." in english

    # A legality review runs from the announcement of the minutes, a day the letter cannot know.
    review = render(example_event(kind, letter=letter(kundval)), Audience.PROVIDER, Language.SV, BASE).body
    assert "Kommunallagen (2017:725) 13 kap. 5 §" in review and "anslagstavla" in review
    assert "sista dag 20" not in review
    assert f"{BASE}/portal/appeal-deadline?frame=kundval" in review


def test_an_email_links_to_the_subjects_page_in_the_portal() -> None:
    assert portal_page("deviations/d-1", BASE) == f"{BASE}/portal/cases/deviations/d-1"
    assert portal_page(None, BASE) == f"{BASE}/portal/"
    closing = footer(portal_page("deviations/d-1", BASE), Language.SV, BASE)
    assert f"Länk: {BASE}/portal/cases/deviations/d-1" in closing
    assert f"{BASE}/portal/organisation/preferences" in closing
