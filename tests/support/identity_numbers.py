"""Personal identity numbers for tests, computed here with a valid check digit, and how they are written."""

from shared.swedish_ids import luhn_valid


def personal_number(yymmdd: str, serial: str) -> str:
    """`YYMMDD-NNNC` with the Luhn check digit C over the ten digits; day + 60 makes a coordination number."""
    (check,) = [d for d in "0123456789" if luhn_valid(yymmdd + serial + d)]
    return f"{yymmdd}-{serial}{check}"


def written_forms(number: str, century: str) -> list[str]:
    """Every way the number is written: 12 and 10 digits, with and without hyphen; `+` (100 or older) only
    in the 10-digit form."""
    date, tail = number.split("-")
    return [
        f"{date}-{tail}",
        f"{date}{tail}",
        f"{date}+{tail}",
        f"{century}{date}-{tail}",
        f"{century}{date}{tail}",
    ]


def traces(written: str) -> set[str]:
    """What of a written number must never show: as written, its digits, and the ten-digit form."""
    digits = "".join(c for c in written if c.isdigit())
    return {written, digits, digits[-10:]}


def assert_not_shown(text: str, written: str) -> None:
    for trace in traces(written):
        assert trace not in text, f"{trace!r} is shown"
