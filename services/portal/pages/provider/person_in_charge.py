"""The proposed person in charge: name, education, practice, supervision and command of Swedish. The lists
repeat: the form shows the entries given and one empty row of each, and "add another" posts the form back
with one more row, without saving, so no script is needed."""

from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.provider.view import show
from services.portal.person import as_person

routes = web.RouteTableDef()

FIELDS: dict[str, tuple[str, ...]] = {
    "education": ("title", "institution", "country", "level", "in_care", "years", "points", "completed"),
    "practice": ("employer", "role", "field", "start", "end", "extent_percent"),
    "supervision": ("employer", "role", "start", "end", "staff_count"),
}
# What a new row starts with; a row that still holds only these is left out as empty.
DEFAULTS = {"education": {"country": "SE"}, "practice": {"extent_percent": "100"}, "supervision": {}}
WHOLE_NUMBERS = {"points", "extent_percent", "staff_count"}
MOST_ROWS = {"education": 20, "practice": 50, "supervision": 50}

Rows = dict[str, list[dict[str, str]]]


@routes.get("/applications/{id}/person-in-charge")
async def person_in_charge(request: web.Request) -> web.Response:
    found = await as_person(request).get(f"/applications/{request.match_info['id']}")
    person = found["person_in_charge"] or {}
    rows = {kind: [_as_texts(entry) for entry in person.get(kind, [])] for kind in FIELDS}
    swedish = person.get("swedish") or {}
    values = {
        "name": person.get("name", ""),
        "spoken": swedish.get("spoken", ""),
        "written": swedish.get("written", ""),
    }
    return await _page(request, found, values, _with_empty_rows(rows), {})


@routes.post("/applications/{id}/person-in-charge")
async def save_person_in_charge(request: web.Request) -> web.Response:
    api = as_person(request)
    application_id = request.match_info["id"]
    form = await request.post()
    values = {
        "name": text(form, "name", 200),
        "spoken": text(form, "spoken"),
        "written": text(form, "written"),
    }
    rows = {kind: _posted_rows(form, kind) for kind in FIELDS}
    adding = text(form, "add")
    if adding in FIELDS:
        # The rows as posted, blank ones too, and one more: the page looks as it did, with a new row.
        found = await api.get(f"/applications/{application_id}")
        if len(rows[adding]) < MOST_ROWS[adding]:
            rows[adding].append(dict(DEFAULTS[adding]))
        return await _page(request, found, values, rows, {})
    filled = {kind: [row for row in kind_rows if not _empty(kind, row)] for kind, kind_rows in rows.items()}
    try:
        await api.send(
            "PATCH", f"/applications/{application_id}", json={"person_in_charge": _proposal(values, filled)}
        )
    except ApiProblem as problem:
        if problem.status != 422:
            raise
        found = await api.get(f"/applications/{application_id}")
        # Errors name the rows as sent: the form shows the filled rows first, in the same order.
        return await _page(
            request, found, values, _with_empty_rows(filled), form_errors(request, problem), status=400
        )
    raise web.HTTPSeeOther(f"/portal/applications/{application_id}?done=person")


def _posted_rows(form: MultiDictProxy[Any], kind: str) -> list[dict[str, str]]:
    try:
        count = min(int(text(form, f"{kind}-count")), MOST_ROWS[kind] + 1)
    except ValueError:
        count = 0
    return [
        {name: text(form, f"{kind}-{index}-{name}", 200) for name in FIELDS[kind]} for index in range(count)
    ]


def _empty(kind: str, row: dict[str, str]) -> bool:
    return all(not value or DEFAULTS[kind].get(name) == value for name, value in row.items())


def _with_empty_rows(rows: Rows) -> Rows:
    """Each list with one empty row to fill in."""
    return {
        kind: kind_rows if len(kind_rows) >= MOST_ROWS[kind] else [*kind_rows, dict(DEFAULTS[kind])]
        for kind, kind_rows in rows.items()
    }


def _as_texts(entry: dict[str, Any]) -> dict[str, str]:
    """An entry from the API as the form's texts."""
    shown: dict[str, str] = {}
    for name, value in entry.items():
        if isinstance(value, bool):
            shown[name] = "yes" if value else "no"
        elif value is not None:
            shown[name] = str(value)
    return shown


def _proposal(values: dict[str, str], rows: Rows) -> dict[str, Any]:
    proposal: dict[str, Any] = {
        "name": values["name"],
        **{kind: [_entry(row) for row in rows[kind]] for kind in rows},
    }
    if values["spoken"] or values["written"]:
        proposal["swedish"] = {"spoken": values["spoken"], "written": values["written"]}
    return proposal


def _entry(row: dict[str, str]) -> dict[str, Any]:
    """A row as the API takes it: numbers as numbers, yes/no as booleans, blanks left out. A number that is
    not one is sent as typed, so the API's error names the field."""
    entry: dict[str, Any] = {}
    for name, value in row.items():
        if not value:
            continue
        if name == "in_care":
            entry[name] = value == "yes"
        elif name == "country":
            entry[name] = value.upper()
        elif name == "years":
            entry[name] = _number(value.replace(",", "."), float)
        elif name in WHOLE_NUMBERS:
            entry[name] = _number(value, int)
        else:
            entry[name] = value
    return entry


def _number(value: str, kind: type[int] | type[float]) -> int | float | str:
    try:
        return kind(value)
    except ValueError:
        return value


async def _page(
    request: web.Request,
    found: dict[str, Any],
    values: dict[str, str],
    rows: Rows,
    errors: dict[str, str],
    status: int = 200,
) -> web.Response:
    return await show(
        request,
        "person_in_charge.html",
        {"application": found, "values": values, "rows": rows, "errors": errors},
        status=status,
    )
