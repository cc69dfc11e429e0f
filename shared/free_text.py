"""Free text a person writes: names, titles, roles, notes and long answers.

Such text ends up in letters, emails, signed webhooks and events, so it is refused when it holds a Swedish
personal identity number or coordination number (the field is named, the text is never echoed), and when it
holds control characters. `Line` is for a single line (names, titles, roles); `Text` for long texts, where
line breaks and tabs are allowed. Length limits stay with each field (`Field(max_length=...)`).

Values read back from storage were accepted under the rules of their day: validate them with
`context=STORED` so that a row written before a rule existed still reads.

In an alias of one's own, the guard goes after the length limits, `Annotated[str, Field(max_length=200),
SINGLE_LINE]`, so that a too long text gets pydantic's string error (`string_too_long`) rather than its
generic one.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from shared.swedish_ids import contains_personal_identity_number

STORED: dict[str, bool] = {"stored": True}

IDENTITY_NUMBER_ERROR = "personal_identity_number"
IDENTITY_NUMBER_MESSAGE = "contains a personal identity number"

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls (together Unicode's Cc); and
# the bidirectional embeddings, overrides and isolates, which reorder how a text reads (in an email, say)
# without showing: the "Trojan source" trick. The plain direction marks (U+200E, U+200F) stay allowed.
_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_MULTI_LINE_REFUSED = re.compile(f"[{_CONTROLS}]")
# One line: also no tab, line feed, carriage return, or Unicode line and paragraph separator.
_SINGLE_LINE_CONTROLS = rf"{_CONTROLS}\t\n\r\u2028\u2029"
_SINGLE_LINE_REFUSED = re.compile(f"[{_SINGLE_LINE_CONTROLS}]")
# The same rules as JSON Schema patterns (ECMA-262 reads these escapes as Python does), so that the OpenAPI
# document is as strict as the validation and a client (or a generated test) knows the rule beforehand.
MULTI_LINE_PATTERN = f"^[^{_CONTROLS}]*$"
SINGLE_LINE_PATTERN = f"^[^{_SINGLE_LINE_CONTROLS}]*$"


def identity_number_in(text: str) -> bool:
    """Whether text holds a personal identity number, also when invisible format characters (a zero-width
    space, a soft hyphen) are typed or pasted into it."""
    if contains_personal_identity_number(text):
        return True
    if text.isascii():
        return False
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return visible != text and contains_personal_identity_number(visible)


def refuse_unlawful_text(text: str, *, multiline: bool) -> str:
    """The text unchanged, or a PydanticCustomError that names the rule and never carries the text."""
    refused = _MULTI_LINE_REFUSED if multiline else _SINGLE_LINE_REFUSED
    if refused.search(text):
        if multiline:
            raise PydanticCustomError(
                "control_character", "contains a control character (only line breaks and tabs are allowed)"
            )
        raise PydanticCustomError(
            "control_character", "contains a control character or line break (one line only)"
        )
    if identity_number_in(text):
        raise PydanticCustomError(IDENTITY_NUMBER_ERROR, IDENTITY_NUMBER_MESSAGE)
    return text


@dataclass(frozen=True)
class FreeTextGuard:
    """The marker the contract test looks for: a string annotated with it is guarded."""

    multiline: bool

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        multiline = self.multiline

        def guard(value: str, info: core_schema.ValidationInfo) -> str:
            if info.context is not None and info.context.get("stored"):
                return value
            return refuse_unlawful_text(value, multiline=multiline)

        return core_schema.with_info_after_validator_function(guard, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["x-free-text"] = "multi-line" if self.multiline else "single-line"
        # A field's own pattern (an e-mail address's, say) already keeps to a narrower set of characters.
        json_schema.setdefault("pattern", MULTI_LINE_PATTERN if self.multiline else SINGLE_LINE_PATTERN)
        return json_schema


SINGLE_LINE = FreeTextGuard(multiline=False)
MULTI_LINE = FreeTextGuard(multiline=True)

Line = Annotated[str, SINGLE_LINE]
"""One line a person writes: a name, title or role."""

Text = Annotated[str, MULTI_LINE]
"""A longer text a person writes: answers, reasons, notes, descriptions; line breaks and tabs allowed."""
