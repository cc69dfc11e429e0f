"""Free text in reports may concern people in care: a Swedish personal identity number in it is refused.

The text itself is never echoed or logged; the error names only the field."""

from shared.errors import InvalidInput
from shared.swedish_ids import contains_personal_identity_number


def ensure_no_identity_numbers(**fields: str | None) -> None:
    found = [name for name, text in fields.items() if text and contains_personal_identity_number(text)]
    if found:
        raise InvalidInput(
            "Free text must not contain a personal identity number (personnummer or samordningsnummer). "
            "Refer to the person without it, e.g. by initials or 'kund A'; the municipality asks for details "
            "through a secure channel if needed.",
            errors=[
                {
                    "location": name,
                    "message": "contains a personal identity number",
                    "type": "personal_identity_number",
                }
                for name in found
            ],
        )
