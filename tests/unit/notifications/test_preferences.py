"""A recipient's channels: defaults per audience, the inbox always on, and what cannot be honoured
refused with every reason at once."""

import pytest

from services.notifications.domain.preferences import Channel, Language, Preferences, chosen_preferences
from services.notifications.domain.recipients import TELLS_LEADS, TELLS_PROVIDER, TELLS_STAFF, Audience
from shared.errors import InvalidInput


def test_defaults_tell_a_provider_everywhere_and_staff_by_inbox_and_email() -> None:
    provider, staff = Preferences(Audience.PROVIDER), Preferences(Audience.STAFF)
    assert provider.language is Language.SV
    assert set(provider.all_channels()) == TELLS_PROVIDER
    assert set(staff.all_channels()) == TELLS_STAFF | TELLS_LEADS
    assert provider.channels_for("application.approved") == {Channel.INBOX, Channel.EMAIL, Channel.WEBHOOK}
    assert staff.channels_for("deviation.reported") == {Channel.INBOX, Channel.EMAIL}


def test_a_kind_chosen_without_the_inbox_keeps_it() -> None:
    chosen = chosen_preferences(Audience.PROVIDER, Language.EN, None, {"deviation.closed": [Channel.WEBHOOK]})
    assert chosen.channels_for("deviation.closed") == {Channel.INBOX, Channel.WEBHOOK}
    assert not chosen.wants("deviation.closed", Channel.EMAIL)
    assert chosen.wants("deviation.acknowledged", Channel.EMAIL), "other kinds keep the defaults"


def test_what_cannot_be_honoured_is_refused_with_every_reason() -> None:
    with pytest.raises(InvalidInput) as refused:
        chosen_preferences(
            Audience.STAFF,
            Language.SV,
            None,
            {"application.approved": [Channel.EMAIL], "deviation.reported": [Channel.WEBHOOK]},
        )
    locations = sorted(e["location"] for e in refused.value.extensions["errors"])
    assert locations == ["channels.application.approved", "channels.deviation.reported"]


def test_a_provider_cannot_send_its_mail_elsewhere_than_its_contact_address() -> None:
    with pytest.raises(InvalidInput) as refused:
        chosen_preferences(Audience.PROVIDER, Language.SV, "other@example.org", {})
    assert refused.value.extensions["errors"][0]["location"] == "email_address"
