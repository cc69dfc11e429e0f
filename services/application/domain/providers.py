"""Rules of provider registration."""

from shared.errors import InvalidInput
from shared.swedish_ids import normalise_organisation_number


def organisation_number(value: str) -> str:
    normalised = normalise_organisation_number(value)
    if normalised is None:
        raise InvalidInput(
            "The organisation number must be 10 digits (NNNNNN-NNNN) with a valid check digit.",
            errors=[
                {
                    "location": "organisation_number",
                    "message": "not a valid Swedish organisation number",
                    "type": "organisation_number",
                }
            ],
        )
    return normalised
