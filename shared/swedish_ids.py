"""Swedish identity numbers: organisation numbers, checked with the Luhn check digit."""

import re

_ORG_NUMBER = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_organisation_number(value: str) -> str | None:
    """`NNNNNN-NNNN` for a valid organisation number (10 digits, or 12 with the `16` prefix), else None."""
    match = _ORG_NUMBER.match(value.strip())
    if match is None:
        return None
    digits = match.group(1) + match.group(2)
    if not luhn_valid(digits):
        return None
    return f"{match.group(1)}-{match.group(2)}"
