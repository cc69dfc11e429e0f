import pytest

from shared.swedish_ids import (
    LegalForm,
    contains_personal_identity_number,
    find_personal_identity_numbers,
    legal_form_of,
    luhn_valid,
    normalise_organisation_number,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("556036-0793", "556036-0793"),
        ("5560360793", "556036-0793"),
        ("16556036-0793", "556036-0793"),
        (" 212000-0142 ", "212000-0142"),
    ],
)
def test_valid_organisation_numbers_are_normalised(given: str, expected: str) -> None:
    assert normalise_organisation_number(given) == expected


@pytest.mark.parametrize(
    "given", ["556036-0794", "55603607", "556036-07930", "abcdef-ghij", "", "556036 0793", "17556036-0793"]
)
def test_invalid_organisation_numbers_are_refused(given: str) -> None:
    assert normalise_organisation_number(given) is None


def test_luhn_check_digit() -> None:
    assert luhn_valid("5560360793")
    assert not luhn_valid("5560360792")


# --- personal identity numbers and coordination numbers ---------------------------------------------------


def check_digit(nine_digits: str) -> str:
    """The Luhn check digit that completes a 10-digit personal identity number."""
    assert len(nine_digits) == 9 and nine_digits.isdigit()
    (digit,) = [str(candidate) for candidate in range(10) if luhn_valid(nine_digits + str(candidate))]
    return digit


def wrong_check_digit(nine_digits: str) -> str:
    return str((int(check_digit(nine_digits)) + 1) % 10)


def number(yymmdd: str, serial: str = "238") -> str:
    """`YYMMDDNNNN` with a correct check digit."""
    return yymmdd + serial + check_digit(yymmdd + serial)


TEST_NUMBER = "121212-1212"  # the Swedish Tax Agency's published test number
COORDINATION = number("850175")  # born 15 January 1985: day 15 + 60 = 75
LEAP_DAY = number("040229")  # 1904 and 2004 are leap years
LEAP_DAY_2000 = number("000229")  # 1900 was not a leap year, 2000 was
OLD_LEAP_DAY = number("960229")  # 1896 was a leap year, found as 1996/2096 (same leap rule)


def test_the_tax_agency_test_number_is_luhn_valid() -> None:
    assert luhn_valid("1212121212")
    assert number("121212", "121") == "1212121212"


def test_check_digit_helper_computes_the_luhn_digit() -> None:
    assert check_digit("121212121") == "2"
    assert check_digit("556036079") == "3"
    assert not luhn_valid("121212121" + wrong_check_digit("121212121"))


@pytest.mark.parametrize(
    "personal_number",
    [
        pytest.param("19121212-1212", id="12-digit-hyphen"),
        pytest.param("191212121212", id="12-digit"),
        pytest.param("19121212 1212", id="12-digit-space"),
        pytest.param("20121212-1212", id="12-digit-2000s"),
        pytest.param("121212-1212", id="10-digit-hyphen"),
        pytest.param("1212121212", id="10-digit"),
        pytest.param("121212+1212", id="10-digit-plus"),
        pytest.param("121212 1212", id="10-digit-space"),
        pytest.param("121212\u20131212", id="en-dash"),
        pytest.param("121212\u00a01212", id="no-break-space"),
        pytest.param("\uff11\uff12\uff11\uff12\uff11\uff12-\uff11\uff12\uff11\uff12", id="full-width-digits"),
        pytest.param(f"{COORDINATION[:6]}-{COORDINATION[6:]}", id="coordination"),
        pytest.param(f"19{COORDINATION}", id="coordination-12-digit"),
        pytest.param(f"{number('850191')[:6]}-{number('850191')[6:]}", id="coordination-day-31"),
        pytest.param(f"{LEAP_DAY[:6]}-{LEAP_DAY[6:]}", id="leap-day"),
        pytest.param(f"20{LEAP_DAY[:6]}-{LEAP_DAY[6:]}", id="leap-day-12-digit"),
        pytest.param(f"{LEAP_DAY_2000[:6]}-{LEAP_DAY_2000[6:]}", id="leap-day-2000-10-digit"),
        pytest.param(f"20{LEAP_DAY_2000}", id="leap-day-2000-12-digit"),
        pytest.param(f"{OLD_LEAP_DAY[:6]}+{OLD_LEAP_DAY[6:]}", id="leap-day-centenarian"),
        pytest.param(f"18{OLD_LEAP_DAY}", id="leap-day-1896"),
        pytest.param(f"{number('000289')[:6]}-{number('000289')[6:]}", id="coordination-leap-day"),
    ],
)
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("", "", id="alone"),
        pytest.param("Kunden ", " föll i badrummet.", id="sentence"),
        pytest.param("", " föll i badrummet.", id="start"),
        pytest.param("Gäller ", "", id="end"),
        pytest.param("Gäller ", ".", id="full-stop"),
        pytest.param("(", ")", id="parentheses"),
        pytest.param("pnr:", ",", id="colon-comma"),
        pytest.param("\n", "\n", id="lines"),
        pytest.param("nr ", "s ordination", id="letters-around"),
    ],
)
def test_personal_numbers_are_found(personal_number: str, before: str, after: str) -> None:
    text = before + personal_number + after

    assert find_personal_identity_numbers(text) == [(len(before), len(before) + len(personal_number))]
    assert contains_personal_identity_number(text)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Kunden 121212-1212 föll i badrummet.", [(7, 18)]),
        ("121212-1212", [(0, 11)]),
        ("19121212-1212", [(0, 13)]),
        ("Brukare (191212121212).", [(9, 21)]),
        ("Se 121212+1212, 121212 1212 och 19121212-1212.", [(3, 14), (16, 27), (32, 45)]),
    ],
)
def test_exact_spans(text: str, spans: list[tuple[int, int]]) -> None:
    assert find_personal_identity_numbers(text) == spans


def test_every_number_in_a_text_is_found() -> None:
    first, second = number("850115"), COORDINATION
    parts = ["Brukaren ", f"{first[:6]}-{first[6:]}", " och ", f"19{second}", " samt ", "121212+1212", "."]
    text = "".join(parts)
    starts = [len("".join(parts[:index])) for index in (1, 3, 5)]

    assert find_personal_identity_numbers(text) == [
        (start, start + len(parts[index])) for start, index in zip(starts, (1, 3, 5), strict=True)
    ]


def test_adjacent_numbers_separated_only_by_punctuation_are_both_found() -> None:
    assert find_personal_identity_numbers("121212-1212,121212-1212") == [(0, 11), (12, 23)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("2024-01-15", id="iso-date"),
        pytest.param("Händelsen 2024-01-15 10:30 i köket.", id="iso-date-time"),
        pytest.param("15/01/2024", id="slash-date"),
        pytest.param("1234567890", id="order-number"),
        pytest.param("070-123 45 67", id="mobile-number"),
        pytest.param("08-123 456 78", id="landline-number"),
        pytest.param("Ring 070-123 45 67 eller 08-123 456 78.", id="phone-numbers-in-text"),
        pytest.param("556036-0793", id="organisation-number"),
        pytest.param("5560360793", id="organisation-number-no-hyphen"),
        pytest.param("16556036-0793", id="organisation-number-12-digit"),
        pytest.param("Kostnad 1 500 000 kr", id="amount"),
        pytest.param("INV-20240115-0001", id="invoice-number"),
        pytest.param("20240115103000", id="timestamp"),
        pytest.param("", id="empty"),
        pytest.param("Inga nummer här.", id="no-digits"),
    ],
)
def test_look_alikes_are_not_found(text: str) -> None:
    assert find_personal_identity_numbers(text) == []
    assert not contains_personal_identity_number(text)


def test_look_alike_preconditions() -> None:
    # The organisation number is Luhn-valid: only the date check (month 60) refuses it.
    assert luhn_valid("5560360793")
    # The invoice number has a real date, so only its check digit refuses it.
    assert not luhn_valid("2401150001")


def test_invoice_number_with_a_luhn_valid_tail_is_found() -> None:
    # Documented limitation: a date followed by four digits that happen to pass Luhn is indistinguishable.
    assert luhn_valid("2401150004")
    assert find_personal_identity_numbers("INV-20240115-0004") == [(4, 17)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"{number('850115')[:9]}{wrong_check_digit('850115238')}", id="wrong-check-digit"),
        pytest.param(
            f"{number('850115')[:6]}-{number('850115')[6:9]}{wrong_check_digit('850115238')}",
            id="wrong-check-digit-hyphen",
        ),
        pytest.param("121212-1213", id="test-number-wrong-check-digit"),
        pytest.param("19121212-1213", id="test-number-12-digit-wrong-check-digit"),
        pytest.param(number("851315"), id="month-13"),
        pytest.param(number("850015"), id="month-00"),
        pytest.param(number("850100"), id="day-00"),
        pytest.param(number("850132"), id="day-32"),
        pytest.param(number("850431"), id="april-31"),
        pytest.param(number("850230"), id="february-30"),
        pytest.param(number("230229"), id="february-29-1923-and-2023"),
        pytest.param(number("010229"), id="february-29-1901-and-2001"),
        pytest.param(f"19{number('000229')}", id="february-29-1900"),
        pytest.param(f"20{number('230229')}", id="february-29-2023-12-digit"),
        pytest.param(number("850160"), id="coordination-day-00"),
        pytest.param(number("850192"), id="coordination-day-32"),
        pytest.param(number("850290"), id="coordination-february-30"),
        pytest.param(number("230289"), id="coordination-february-29-non-leap"),
        pytest.param("17121212-1212", id="century-too-early"),
        pytest.param("21121212-1212", id="century-too-late"),
    ],
)
def test_invalid_dates_and_check_digits_are_not_found(text: str) -> None:
    assert find_personal_identity_numbers(text) == []
    assert not contains_personal_identity_number(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("0121212-1212", id="digit-before"),
        pytest.param("121212-12120", id="digit-after"),
        pytest.param("00191212121212", id="inside-14-digit-order-number"),
        pytest.param("191212121212000", id="start-of-15-digit-run"),
        pytest.param("12345121212121267", id="middle-of-long-run"),
        pytest.param("\uff10121212-1212", id="full-width-digit-before"),
        pytest.param("121212-1212\u0660", id="arabic-indic-digit-after"),
        pytest.param("121212--1212", id="double-separator"),
        pytest.param("121212 - 1212", id="spaced-hyphen"),
        pytest.param("121212/1212", id="slash-separator"),
        pytest.param("19121212+1212", id="plus-with-century"),
        pytest.param("1212121-212", id="misplaced-separator"),
    ],
)
def test_numbers_inside_longer_digit_runs_or_odd_shapes_are_not_found(text: str) -> None:
    assert find_personal_identity_numbers(text) == []
    assert not contains_personal_identity_number(text)


# --- legal form of an organisation number -----------------------------------------------------------------


def with_check_digit(nine_digits: str) -> str:
    check = next(d for d in "0123456789" if luhn_valid(nine_digits + d))
    return f"{nine_digits[:6]}-{nine_digits[6:]}{check}"


@pytest.mark.parametrize(
    "number",
    [
        "000000-0000",  # all zeros: the check digit holds, the number does not exist
        with_check_digit("001332123"),  # third digit 1 but month 13: neither a company nor a birth date
        with_check_digit("850230123"),  # 30 February
        with_check_digit("052000123"),  # group 0 is given to no legal person
        with_check_digit("452000123"),  # nor group 4
        "16" + with_check_digit("850709123"),  # the 16 prefix on a personal identity number
    ],
)
def test_impossible_organisation_numbers_are_refused(number: str) -> None:
    assert luhn_valid(number[-11:].replace("-", ""))
    assert normalise_organisation_number(number) is None


@pytest.mark.parametrize(
    ("number", "form"),
    [
        ("556036-0793", LegalForm.LEGAL_PERSON),
        ("212000-0142", LegalForm.LEGAL_PERSON),
        (with_check_digit("802002123"), LegalForm.LEGAL_PERSON),
        (with_check_digit("850709123"), LegalForm.SOLE_TRADER),
        (with_check_digit("850769123"), LegalForm.SOLE_TRADER),  # a coordination number's day is day + 60
        (with_check_digit("000229123"), LegalForm.SOLE_TRADER),  # 29 February 2000
    ],
)
def test_legal_form_tells_a_company_from_a_sole_trader(number: str, form: LegalForm) -> None:
    assert normalise_organisation_number(number) == number
    assert legal_form_of(number) is form
