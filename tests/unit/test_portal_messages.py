"""Every text of the portal has its Swedish: Swedish is the default language."""

from services.portal.i18n import catalogue
from services.portal.messages import messages, untranslated


def test_the_portal_has_messages_to_translate() -> None:
    assert "Log in" in messages()


def test_every_message_of_the_portal_has_swedish() -> None:
    assert untranslated("sv") == [], "run scripts/portal-messages and translate what it lists"


def test_the_swedish_catalogue_translates() -> None:
    assert catalogue("sv")["Log in"] == "Logga in"
