"""Organisation numbers: an impossible one registers nothing, and a sole trader's, which is the owner's
personal identity number, is never shown in the public register."""

from typing import Any

import pytest

from shared.swedish_ids import luhn_valid
from tests.support.approval import approved_authorisation
from tests.support.system import System, random_sole_trader_number

AREA = "boendestod"


def _with_check_digit(nine_digits: str) -> str:
    check = next(d for d in "0123456789" if luhn_valid(nine_digits + d))
    return f"{nine_digits[:6]}-{nine_digits[6:]}{check}"


@pytest.mark.parametrize(
    "number",
    [
        "000000-0000",
        # Check digit right, yet impossible: group 4 is given to no one; month 13 is no birth date.
        _with_check_digit("442000123"),
        _with_check_digit("991301123"),
    ],
)
async def test_an_impossible_organisation_number_registers_nothing(system: System, number: str) -> None:
    providers, outbox = (
        await system.count("application", "providers"),
        await system.count("application", "outbox"),
    )
    response = await system.client.post(
        "/providers",
        json={
            "organisation_number": number,
            "name": "Noll AB",
            "f_tax": True,
            "contact_email": "noll@x.example",
        },
    )
    assert response.status == 422, await response.text()
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert [e["location"] for e in (await response.json())["errors"]] == ["organisation_number"]
    assert await system.count("application", "providers") == providers
    assert await system.count("application", "outbox") == outbox


async def _register_entry(system: System, authorisation_id: str) -> dict[str, Any]:
    response = await system.client.get("/register", params={"area_code": AREA})
    assert response.status == 200
    (entry,) = [e for e in (await response.json())["items"] if e["authorisation_id"] == authorisation_id]
    return dict(entry)


async def test_a_sole_traders_number_is_not_in_the_public_register(system: System) -> None:
    number = random_sole_trader_number()
    sole_trader = await system.register_provider("Anna Andersson Omsorg", organisation_number=number)
    company = await system.register_provider("Bolaget Omsorg AB")
    sole_traders = await approved_authorisation(system, sole_trader, AREA)
    companys = await approved_authorisation(system, company, AREA)

    entry = await _register_entry(system, sole_traders)
    assert entry["provider_name"] == "Anna Andersson Omsorg" and entry["organisation_number"] is None
    assert (await _register_entry(system, companys))["organisation_number"] == company.organisation_number
    whole = await (await system.client.get("/register")).text()
    assert number not in whole and number.replace("-", "") not in whole
    # The owner still sees the organisation's own number.
    me = await (await system.client.get("/providers/me", headers=sole_trader.auth)).json()
    assert me["organisation_number"] == number
