"""The free-text guard, without a server: what a single-line and a multi-line text refuse, and how a
refusal is rendered."""

import re

import orjson
import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator

from shared.free_text import STORED, Line, Text
from shared.http.problems import validation_problem
from tests.support.identity_numbers import assert_not_shown, personal_number, written_forms

NUMBER = personal_number("720415", "318")  # born 15 April 1972
COORDINATION = personal_number("720475", "318")  # the same day as a coordination number: 15 + 60
WRITTEN = [*written_forms(NUMBER, "19"), *written_forms(COORDINATION, "19")]

LOOK_ALIKES = [
    "Underleverantören 556036-0793 (5560360793) informerad.",
    "Det hände 2024-01-15 och följdes upp 20240116.",
    "Ring samordnaren på 070-123 45 67 eller 08-123 456 78.",
    "Order 1234567890 levererades fel.",
    f"Numret {NUMBER[:-1]}{(int(NUMBER[-1]) + 1) % 10} har fel kontrollsiffra.",
]


class Body(BaseModel):
    name: Line = Field(max_length=200)
    note: Text = Field("", max_length=4000)
    items: list[Text] = Field(default_factory=list)
    answers: dict[Line, Text] = Field(default_factory=dict)


def _errors(**body: object) -> list[tuple[str, ...]]:
    with pytest.raises(ValidationError) as refused:
        Body.model_validate(body)
    return [(".".join(map(str, e["loc"])), e["type"]) for e in refused.value.errors()]


@pytest.mark.parametrize("written", WRITTEN)
def test_a_personal_identity_number_is_refused_in_every_written_form(written: str) -> None:
    assert _errors(name=f"Karin {written} Lund", note=f"Kunden {written}.") == [
        ("name", "personal_identity_number"),
        ("note", "personal_identity_number"),
    ]


def test_a_number_in_a_list_item_or_a_dict_value_or_key_is_refused_where_it_is() -> None:
    assert _errors(name="Karin", items=["ok", f"Kund {NUMBER}"], answers={"goals": NUMBER, NUMBER: "x"}) == [
        ("items.1", "personal_identity_number"),
        ("answers.goals", "personal_identity_number"),
        (f"answers.{NUMBER}.[key]", "personal_identity_number"),
    ]


def test_an_invisible_format_character_inside_a_number_does_not_hide_it() -> None:
    date, tail = NUMBER.split("-")
    assert _errors(name=f"{date}\u200b-{tail}") == [("name", "personal_identity_number")]
    assert _errors(name=f"{date}\u00ad{tail}") == [("name", "personal_identity_number")]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_numbers_that_only_look_like_personal_identity_numbers_pass(text: str) -> None:
    assert Body.model_validate({"name": text, "note": text}).note == text


@pytest.mark.parametrize(
    ("text", "single_line", "multi_line"),
    [
        ("a\x00b", "control_character", "control_character"),
        ("a\x1bb", "control_character", "control_character"),
        ("a\x85b", "control_character", "control_character"),
        ("a\u202eb", "control_character", "control_character"),
        ("a\nb", "control_character", None),
        ("a\r\nb", "control_character", None),
        ("a\tb", "control_character", None),
        ("a\u2028b", "control_character", None),
        ("Åsa Öberg-Lindqvist, enhetschef", None, None),
    ],
)
def test_control_characters_are_refused_and_line_breaks_only_in_multi_line_text(
    text: str, single_line: str | None, multi_line: str | None
) -> None:
    expected = [("name", single_line)] if single_line else []
    expected += [("note", multi_line)] if multi_line else []
    if expected:
        assert _errors(name=text, note=text) == expected
    else:
        Body.model_validate({"name": text, "note": text})


def test_length_limits_keep_their_own_errors() -> None:
    assert _errors(name="x" * 201) == [("name", "string_too_long")]


def test_values_read_back_from_storage_are_taken_as_they_were_stored() -> None:
    stored = {"name": f"Karin {NUMBER}", "note": "a\x00b"}
    assert Body.model_validate(stored, context=STORED).name == stored["name"]


def test_a_refusal_names_the_field_and_never_shows_the_number_or_a_key_holding_it() -> None:
    with pytest.raises(ValidationError) as refused:
        Body.model_validate({"name": f"Karin {NUMBER}", "answers": {f"fråga {NUMBER}": "ok"}})
    response = validation_problem(refused.value)
    assert response.body is not None and isinstance(response.body, bytes)
    problem = orjson.loads(response.body)
    assert [(e["location"], e["type"]) for e in problem["errors"]] == [
        ("name", "personal_identity_number"),
        ("answers.(withheld).[key]", "personal_identity_number"),
    ]
    assert problem["errors"][0]["message"] == "contains a personal identity number"
    assert_not_shown(response.body.decode(), NUMBER)


class Echoing(BaseModel):
    code: str

    @field_validator("code")
    @classmethod
    def known(cls, value: str) -> str:
        raise ValueError(f"{value} is not a known code")


def test_a_message_that_quotes_a_number_is_not_shown() -> None:
    with pytest.raises(ValidationError) as refused:
        Echoing.model_validate({"code": NUMBER})
    response = validation_problem(refused.value)
    assert isinstance(response.body, bytes)
    assert orjson.loads(response.body)["errors"] == [
        {"location": "code", "message": "invalid value", "type": "value_error"}
    ]


def test_the_documented_patterns_refuse_exactly_what_the_validation_refuses() -> None:
    properties = Body.model_json_schema()["properties"]
    line, text = re.compile(properties["name"]["pattern"]), re.compile(properties["note"]["pattern"])
    for code in [*range(0x00, 0xA1), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E]:
        sample = f"a{chr(code)}b"
        assert (line.fullmatch(sample) is not None) == _accepted({"name": sample}), hex(code)
        assert (text.fullmatch(sample) is not None) == _accepted({"name": "n", "note": sample}), hex(code)


def _accepted(body: dict[str, str]) -> bool:
    try:
        Body.model_validate(body)
    except ValidationError:
        return False
    return True
