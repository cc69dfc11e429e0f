"""The portal's languages: Swedish first, English selectable. Templates and code write their text in English
as gettext message ids (`_("...")`); the catalogues in `translations/sv/` (one per part of the portal) give
the Swedish. Babel reads them, so they stay ordinary gettext files that translators' tools understand."""

from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from jinja2 import pass_context
from jinja2.runtime import Context

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
LANGUAGE_COOKIE = "kundval_lang"
CATALOGUES = Path(__file__).parent / "translations"

Translate = Callable[[str], str]


@cache
def catalogue(language: str) -> dict[str, str]:
    """Message id → translation, from every catalogue file of the language (one per part of the portal);
    English is the ids themselves."""
    messages: dict[str, str] = {}
    for path in sorted((CATALOGUES / language).glob("*.po")):
        with path.open("rb") as file:
            read = read_po(file, locale=language)
        for message in read:
            if not message.id or not message.string or message.fuzzy:
                continue
            # A plural message has a tuple of ids and of forms; Swedish and English both have two forms.
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            messages.update({str(i): str(f) for i, f in zip(ids, forms, strict=False) if f})
    return messages


def N_(message: str) -> str:
    """Marks a message kept as data (a menu's labels) for the catalogue; it is translated where shown."""
    return message


def language_of(cookie: str | None) -> str:
    """The language asked for by the switch (a cookie); Swedish when none was chosen."""
    return cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE


def translator(language: str) -> Translate:
    messages = catalogue(language)
    return lambda message: messages.get(message, message)


@pass_context
def gettext(context: Context, message: str) -> str:
    return translator(context.get("lang", DEFAULT_LANGUAGE))(message)


@pass_context
def ngettext(context: Context, singular: str, plural: str, count: int) -> str:
    return gettext(context, singular if count == 1 else plural)
