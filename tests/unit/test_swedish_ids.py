import pytest

from shared.swedish_ids import luhn_valid, normalise_organisation_number


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
