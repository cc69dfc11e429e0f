"""Rules of provider registration."""

from shared.errors import InvalidInput
from shared.swedish_ids import LegalForm, legal_form_of, normalise_organisation_number


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


def publishable_organisation_number(organisation_number: str) -> str | None:
    """The number as the public may see it: a sole trader's is the owner's personal identity number, so it
    is never published."""
    return organisation_number if legal_form_of(organisation_number) is LegalForm.LEGAL_PERSON else None
