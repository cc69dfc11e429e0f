"""Swedish identity numbers: organisation numbers, personal identity numbers and coordination numbers.

All of them end in a Luhn check digit computed over the 10-digit form.
"""

import calendar
import re
from collections.abc import Iterator
from enum import StrEnum

_ORG_NUMBER = re.compile(r"^(?P<prefix>16)?(\d{6})-?(\d{4})$")

# Separators people actually type (or paste from word processors) between the date and the last four digits.
# Hyphen-like: hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, minus sign.
# Space-like: space, no-break space, narrow no-break space.
_DASHES = r"\-\u2010\u2011\u2012\u2013\u2212"
_SPACES = r"\x20\u00a0\u202f"

# Structural candidates only; the date and check digit are validated afterwards, because a regex cannot
# express leap years or the Luhn algorithm. `\d` is Unicode-aware, so the lookarounds also refuse a
# candidate glued to e.g. full-width digits, and full-width personal identity numbers are caught too.
# At any one start position at most one branch can match structurally (the 12-digit branch needs eight
# digits before the separator, the 10-digit branch six), so the first match found is the only candidate
# there, and a rejected candidate can never hide a valid one that overlaps it.
_PERSONAL_NUMBER_CANDIDATE = re.compile(
    rf"""
    (?<!\d)                             # not the tail of a longer run of digits
    (?:
        (?P<century>\d{{2}})(?P<long_date>\d{{6}})[{_DASHES}{_SPACES}]?(?P<long_tail>\d{{4}})
      |                                 # `+` only in the 10-digit form: it marks a person aged 100 or more
        (?P<short_date>\d{{6}})[{_DASHES}{_SPACES}+]?(?P<short_tail>\d{{4}})
    )
    (?!\d)                              # not the head of a longer run of digits
    """,
    re.VERBOSE,
)

_COORDINATION_DAY_OFFSET = 60
_EARLIEST_YEAR = 1800
_LATEST_YEAR = 2099


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


class LegalForm(StrEnum):
    """Who an organisation number belongs to. A sole trader (enskild näringsidkare) has no number of its own:
    its organisation number is the owner's personal identity number, so it is personal data."""

    LEGAL_PERSON = "legal_person"
    SOLE_TRADER = "sole_trader"


# The first digit of a legal person's number is its group (1 estates, 2 the state, regions and municipalities,
# 3 foreign companies, 5 limited companies, 6 simple partnerships, 7 economic associations, 8 non-profit
# associations and foundations, 9 trading partnerships); Skatteverket gives out no number in groups 0 and 4.
_LEGAL_PERSON_GROUPS = frozenset("12356789")


def normalise_organisation_number(value: str) -> str | None:
    """`NNNNNN-NNNN` for a possible organisation number (10 digits, or 12 with the `16` prefix), else None.

    Possible means a valid check digit and either a legal person's number (third digit 2 or more, a group in
    use) or a sole trader's, which is a personal identity number with a real birth date; so all-zero and
    other impossible numbers are refused."""
    match = _ORG_NUMBER.match(value.strip())
    if match is None:
        return None
    digits = match.group(2) + match.group(3)
    if not luhn_valid(digits):
        return None
    normalised = f"{match.group(2)}-{match.group(3)}"
    form = legal_form_of(normalised)
    # The `16` prefix is given to legal persons only; a sole trader writes the personal identity number.
    if form is None or (match.group("prefix") and form is not LegalForm.LEGAL_PERSON):
        return None
    return normalised


def legal_form_of(organisation_number: str) -> LegalForm | None:
    """Legal person or sole trader for a number of the form `NNNNNN-NNNN`, None for an impossible one.

    A legal person's third digit is 2 or more, which no birth month can be; a number whose third digit is 0
    or 1 is a sole trader's only when it is a personal identity number (a real date, day + 60 for a
    coordination number)."""
    digits = organisation_number.replace("-", "")
    if len(digits) != 10 or not digits.isdigit():
        return None
    if int(digits[2]) >= 2:
        return LegalForm.LEGAL_PERSON if digits[0] in _LEGAL_PERSON_GROUPS else None
    two_digit_year = int(digits[:2])
    if _is_birth_date((1900 + two_digit_year, 2000 + two_digit_year), int(digits[2:4]), int(digits[4:6])):
        return LegalForm.SOLE_TRADER
    return None


def _is_calendar_date(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _is_birth_date(years: tuple[int, ...], month: int, day: int) -> bool:
    """Whether month/day is a real date in any of `years`; a coordination number's day is day + 60."""
    if day > _COORDINATION_DAY_OFFSET:
        day -= _COORDINATION_DAY_OFFSET
    return any(_is_calendar_date(year, month, day) for year in years)


def _is_personal_number(match: re.Match[str]) -> bool:
    century = match.group("century")
    if century is not None:
        date, tail = match.group("long_date"), match.group("long_tail")
        year = int(century + date[:2])
        if not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
            return False
        years: tuple[int, ...] = (year,)
    else:
        date, tail = match.group("short_date"), match.group("short_tail")
        # Without a century (and with `+`, which only says "100 or older") the year is ambiguous. The
        # century only matters for 29 February, and 18YY is a leap year exactly when 19YY is, so trying
        # 19YY and 20YY covers every possibility: e.g. 000229 is real because 2000 was a leap year.
        two_digit_year = int(date[:2])
        years = (1900 + two_digit_year, 2000 + two_digit_year)
    if not _is_birth_date(years, int(date[2:4]), int(date[4:6])):
        return False
    # The check digit is defined over the 10-digit form, so the century takes no part in it.
    return luhn_valid(date + tail)


def _personal_number_matches(text: str) -> Iterator[re.Match[str]]:
    return (match for match in _PERSONAL_NUMBER_CANDIDATE.finditer(text) if _is_personal_number(match))


def find_personal_identity_numbers(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of every personal identity number or coordination number in free text.

    Accepts `YYYYMMDD-NNNN`, `YYYYMMDDNNNN`, `YYMMDD-NNNN`, `YYMMDDNNNN`, `YYMMDD+NNNN` and a space instead
    of the hyphen. A candidate counts only if it is not part of a longer run of digits, its date is a real
    calendar date (day + 60 for a coordination number; with a century, years 1800..2099) and its Luhn check
    digit over the 10-digit form is right, so dates, phone numbers, organisation numbers (month 20 or more)
    and most order numbers pass.
    """
    return [match.span() for match in _personal_number_matches(text)]


def contains_personal_identity_number(text: str) -> bool:
    """Whether free text contains a personal identity number or coordination number (see above)."""
    return any(True for _ in _personal_number_matches(text))
