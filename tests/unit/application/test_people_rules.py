"""The rules of invitations, the last administrator and what one login may carry."""

from datetime import UTC, datetime, timedelta

import pytest

from services.application.domain.credentials import hash_secret
from services.application.domain.people import (
    InvitationUnusable,
    NoStanding,
    check_usable,
    keep_a_staff_admin,
    keep_an_administrator,
    new_invitation_token,
    provider_standing,
    staff_standing,
    stronger_role,
)
from shared.auth.principal import SCOPES_OF_ROLE, Kind, Role, Scope
from shared.errors import Conflict

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_a_pending_invitation_is_usable_until_it_expires() -> None:
    check_usable("pending", NOW + timedelta(seconds=1), NOW)
    with pytest.raises(InvitationUnusable, match="expired"):
        check_usable("pending", NOW, NOW)


@pytest.mark.parametrize(("status", "said"), [("used", "used"), ("revoked", "revoked")])
def test_a_used_or_revoked_invitation_is_gone_however_long_it_had_left(status: str, said: str) -> None:
    with pytest.raises(InvitationUnusable, match=said) as refused:
        check_usable(status, NOW + timedelta(days=3), NOW)
    assert refused.value.status == 410


def test_an_invitation_token_is_random_and_kept_as_its_sha256() -> None:
    first, second = new_invitation_token(), new_invitation_token()
    assert first != second and len(first) >= 43
    assert hash_secret(first) != first and len(hash_secret(first)) == 64
    assert hash_secret(first) == hash_secret(first) != hash_secret(second)


@pytest.mark.parametrize(
    ("held", "offered", "kept"),
    [
        (Role.READER, Role.ADMINISTRATOR, Role.ADMINISTRATOR),
        (Role.ADMINISTRATOR, Role.READER, Role.ADMINISTRATOR),
        (Role.REPORTER, Role.READER, Role.REPORTER),
        (Role.READER, Role.REPORTER, Role.REPORTER),
    ],
)
def test_an_invitation_adds_rights_and_never_takes_any(held: Role, offered: Role, kept: Role) -> None:
    assert stronger_role(held, offered) is kept


def test_the_last_administrator_cannot_lose_the_role() -> None:
    with pytest.raises(Conflict):
        keep_an_administrator(1, losing=True)
    keep_an_administrator(2, losing=True)
    keep_an_administrator(1, losing=False)


def test_the_last_staff_admin_cannot_lose_the_role() -> None:
    with pytest.raises(Conflict):
        keep_a_staff_admin(1, losing=True)
    keep_a_staff_admin(2, losing=True)


def test_a_member_s_token_carries_the_role_s_scopes_and_the_organisation() -> None:
    standing = provider_standing("p-1", "556036-0793", Role.ADMINISTRATOR)
    assert standing.kind is Kind.PROVIDER and standing.provider_id == "p-1"
    assert standing.scopes == SCOPES_OF_ROLE[Role.ADMINISTRATOR] and Scope.PROVIDER_ADMIN in standing.scopes


def test_staff_are_officers_of_their_areas_or_staff_admins() -> None:
    officer = staff_standing(False, ["hemtjanst", "boendestod"])
    assert officer.kind is Kind.STAFF and officer.role is Role.OFFICER
    assert officer.areas == ("boendestod", "hemtjanst") and officer.scopes == (Scope.STAFF,)
    admin = staff_standing(True, ["hemtjanst"])
    assert admin.kind is Kind.ADMIN and admin.role is Role.STAFF_ADMIN and admin.areas == ("hemtjanst",)
    with pytest.raises(NoStanding):
        staff_standing(False, [])
