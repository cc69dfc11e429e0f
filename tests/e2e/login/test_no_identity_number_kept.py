"""An e-ID provider may give the personal identity number, as a claim or as the subject itself: it is kept
nowhere, in no table of any service and in no log line, and the person is still found again."""

import logging
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from shared.auth.principal import Role
from shared.settings import SERVICES
from tests.e2e.login.test_code_flow import claims_of
from tests.support.identity_numbers import personal_number, traces
from tests.support.identity_provider import Browser, IdentityProvider
from tests.support.logs import assert_never_logged, everything_logged
from tests.support.people import pending_invitation
from tests.support.system import System


@pytest.fixture
def upstream_logs_silenced() -> Iterator[None]:
    # The identity provider's own request log is another system's; in these tests it runs in our process.
    loggers = [logging.getLogger(name) for name in ("werkzeug", "oidc_provider_mock")]
    for logger in loggers:
        logger.disabled = True
    yield
    for logger in loggers:
        logger.disabled = False


async def every_value(system: System) -> str:
    """Every value of every row of every table of every service, as text."""
    values: list[str] = []
    for service in SERVICES:
        async with system.runtime(service).reads() as session:
            connection = await session.connection()
            names = await connection.run_sync(lambda sync: sa.inspect(sync).get_table_names())
            for name in names:
                rows = await session.exec(sa.text(f'SELECT * FROM "{name}"'))  # type: ignore[call-overload]
                values.extend(repr(tuple(row)) for row in rows)
    return "\n".join(values)


async def test_the_identity_number_is_neither_kept_nor_logged(
    login_system: System,
    upstream: IdentityProvider,
    browser: Browser,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
    upstream_logs_silenced: None,
) -> None:
    number = personal_number("850709", "238")
    subject = "19" + number.replace("-", "")
    upstream.put_user(
        subject,
        {"name": "Anna Andersson", "personal_identity_number": subject, "email": "anna@omsorg.example"},
    )
    provider = await login_system.register_provider()
    _, invitation = await pending_invitation(login_system, provider.provider_id, Role.REPORTER)
    with everything_logged(request, capsys) as logged:
        code, verifier = await browser.full_login(subject, invitation=invitation)
        status, first = await browser.exchange(code, verifier)
        assert status == 200, first
        code, verifier = await browser.full_login(subject, prompt="login")
        status, second = await browser.exchange(code, verifier)
        assert status == 200, second
    # The same person both times, found by the keyed hash that stands in for the number.
    assert claims_of(first["access_token"])["person_id"] == claims_of(second["access_token"])["person_id"]
    assert claims_of(first["access_token"])["name"] == "Anna Andersson"
    stored = await every_value(login_system)
    assert "Anna Andersson" in stored
    for trace in traces(subject) | traces(number):
        assert trace not in stored, f"{trace!r} is kept"
        assert trace not in first["access_token"] and trace not in claims_of(first["access_token"]).values()
    assert_never_logged(logged, traces(subject) | traces(number))
