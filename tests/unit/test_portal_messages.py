"""Every text of the portal has its Swedish: Swedish is the default language."""

from services.portal.i18n import catalogue
from services.portal.messages import messages, untranslated


def test_the_portal_has_messages_to_translate() -> None:
    assert "Log in" in messages()


def test_every_message_of_the_portal_has_swedish() -> None:
    assert untranslated("sv") == [], "run scripts/portal-messages and translate what it lists"


def test_the_swedish_catalogue_translates() -> None:
    assert catalogue("sv")["Log in"] == "Logga in"


def test_a_message_in_several_catalogues_has_one_swedish() -> None:
    from babel.messages.pofile import read_po

    from services.portal.i18n import CATALOGUES

    seen: dict[str, dict[str, str]] = {}
    for path in sorted((CATALOGUES / "sv").glob("*.po")):
        with path.open("rb") as file:
            for message in read_po(file, locale="sv"):
                if message.id and isinstance(message.id, str) and message.string:
                    seen.setdefault(message.id, {})[path.name] = str(message.string)
    differing = {m: files for m, files in seen.items() if len(set(files.values())) > 1}
    assert differing == {}, "one message, two translations: keep it in common.po"
