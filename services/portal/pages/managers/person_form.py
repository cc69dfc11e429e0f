"""The person in charge as a form: the name, rows of education, practice and supervision (repeating
fieldsets, one more added on request), and the command of Swedish; and back into the API's body. A
substitute's competence is the same form under the prefix `substitute`."""

from typing import Any

from services.portal.forms import text
from services.portal.labels import CARE_FIELDS as CARE_FIELD_LABELS
from services.portal.labels import EDUCATION_LEVELS as EDUCATION_LEVEL_LABELS
from services.portal.labels import SWEDISH_LEVELS as SWEDISH_LEVEL_LABELS
from services.portal.pages.managers.forms import Form, number, yes_no

PREFIX = "person_in_charge"
MOST_ROWS = 10
ROWS = ("education", "practice", "supervision")

# The fields of each kind of row.
EDUCATION = (
    "title",
    "institution",
    "country",
    "level",
    "in_care",
    "years",
    "points",
    "completed",
    "uhr_validated",
)
PRACTICE = ("employer", "role", "field", "start", "end", "extent_percent")
SUPERVISION = ("employer", "role", "start", "end", "staff_count")
FIELDS = {"education": EDUCATION, "practice": PRACTICE, "supervision": SUPERVISION}



# The choices of the form's selects, in order.
EDUCATION_LEVELS = tuple(EDUCATION_LEVEL_LABELS.items())
CARE_FIELDS = tuple(CARE_FIELD_LABELS.items())
SWEDISH_LEVELS = tuple(SWEDISH_LEVEL_LABELS.items())


def name(kind: str, row: int, field: str, prefix: str = PREFIX) -> str:
    """A row's field, named as the API locates its errors: person_in_charge.education.0.title."""
    return f"{prefix}.{kind}.{row}.{field}"


def row_counts(form: Form | None) -> dict[str, int]:
    """How many rows of each kind the form shows: as many as were posted, one more where asked for."""
    counts = {}
    for kind in ROWS:
        posted = number(text(form, f"{kind}_rows", 3)) if form is not None else None
        counts[kind] = posted if isinstance(posted, int) and 1 <= posted <= MOST_ROWS else 1
    added = text(form, "add", 20) if form is not None else ""
    if added in counts:
        counts[added] = min(counts[added] + 1, MOST_ROWS)
    return counts


def _filled(form: Form, kind: str, row: int, prefix: str) -> bool:
    # A row is left out when nothing of it was typed; the chosen defaults alone do not make a row.
    defaults = {"country": "SE", "extent_percent": "100"}
    return any(
        text(form, name(kind, row, field, prefix), 200) not in ("", defaults.get(field, ""))
        for field in FIELDS[kind]
        if field not in ("level", "field", "in_care", "uhr_validated")
    )


def _education(form: Form, row: int, prefix: str) -> dict[str, Any]:
    def get(field: str) -> str:
        return text(form, name("education", row, field, prefix), 200)

    return {
        "title": get("title"),
        "institution": get("institution"),
        "country": get("country").upper(),
        "level": get("level"),
        "in_care": yes_no(get("in_care")),
        "years": number(get("years"), float),
        "points": number(get("points")),
        "completed": get("completed") or None,
        "uhr_validated": yes_no(get("uhr_validated")),
    }


def _practice(form: Form, row: int, prefix: str) -> dict[str, Any]:
    def get(field: str) -> str:
        return text(form, name("practice", row, field, prefix), 200)

    return {
        "employer": get("employer"),
        "role": get("role"),
        "field": get("field"),
        "start": get("start") or None,
        "end": get("end") or None,
        "extent_percent": number(get("extent_percent")) or 100,
    }


def _supervision(form: Form, row: int, prefix: str) -> dict[str, Any]:
    def get(field: str) -> str:
        return text(form, name("supervision", row, field, prefix), 200)

    return {
        "employer": get("employer"),
        "role": get("role"),
        "start": get("start") or None,
        "end": get("end") or None,
        "staff_count": number(get("staff_count")),
    }


def person_body(form: Form, prefix: str = PREFIX) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The API's `person_in_charge`, from the rows that were filled in; and, for each kind, the form's row of
    each row sent, so that an error the API places at `education.0` is shown at the row it came from."""
    body, rows = competence_body(form, prefix)
    return {"name": text(form, f"{prefix}.name", 200), **body}, rows


def competence_body(form: Form, prefix: str) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The education, practice, supervision and Swedish of `person_body`, without the name: a substitute's
    competence, sent beside the substitute's name and contact details."""
    counts = row_counts(form)
    makers = {"education": _education, "practice": _practice, "supervision": _supervision}
    body: dict[str, Any] = {}
    rows: dict[str, list[int]] = {}
    for kind in ROWS:
        rows[kind] = [row for row in range(counts[kind]) if _filled(form, kind, row, prefix)]
        body[kind] = [makers[kind](form, row, prefix) for row in rows[kind]]
    spoken, written = text(form, f"{prefix}.swedish.spoken", 20), text(form, f"{prefix}.swedish.written", 20)
    body["swedish"] = {"spoken": spoken, "written": written} if spoken or written else None
    return body, rows


def form_location(location: str, rows: dict[str, list[int]], prefix: str = PREFIX) -> str:
    """An error's location in the body sent, as the form's field (its row as shown)."""
    parts = location.split(".")
    if len(parts) >= 3 and parts[0] == prefix and parts[1] in rows and parts[2].isdigit():
        sent = int(parts[2])
        if sent < len(rows[parts[1]]):
            parts[2] = str(rows[parts[1]][sent])
    return ".".join(parts)
