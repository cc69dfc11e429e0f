"""`python -m services.portal.messages`: the portal's messages that have no Swedish translation."""

import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir

from services.portal.i18n import catalogue

PORTAL = Path(__file__).parent
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def messages() -> set[str]:
    """Every message id the portal's templates and code pass to `_`."""
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        PORTAL, METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        found.update(message if isinstance(message, tuple) else (message,))
    return {m for m in found if m}


def untranslated(language: str = "sv") -> list[str]:
    known = catalogue(language)
    return sorted(m for m in messages() if m not in known)


if __name__ == "__main__":
    missing = untranslated()
    for message in missing:
        print(message)
    sys.exit(1 if missing else 0)
