"""The decision letter as a PDF holds what the printable letter does, in the person's language."""

import re
import zlib
from typing import Any

from services.portal.i18n import translator
from services.portal.letter_pdf import letter_pdf

LETTER: dict[str, Any] = {
    "decided_on": "2026-12-03",
    "provider_name": "Omsorg i Nacka AB",
    "organisation_number": "556036-0793",
    "area_name_sv": "Hemtjänst",
    "area_name_en": "Home care",
    "legal_frame": {
        "name_sv": "Lagen (2008:962) om valfrihetssystem",
        "name_en": "The Act on System of Choice",
    },
    # An en dash, which the PDF's fonts lack: written as a hyphen.
    "reasons": "Villkor 4.2 är inte uppfyllt \u2013 rutinen saknas.\nSe bilaga.",
    "conditions_not_met": [{"title_sv": "Rutin för läkemedel", "title_en": "Medication routine"}],
    "appeal": {
        "route_sv": "Ansökan om rättelse hos förvaltningsrätten",
        "route_en": "Application for correction to the administrative court",
        "body_sv": "Förvaltningsrätten i Stockholm",
        "body_en": "The Administrative Court in Stockholm",
        "law_reference": "LOV (2008:962) 10 kap.",
        "period_sv": "tre veckor",
        "period_en": "three weeks",
        "deadline": "2026-12-28",
    },
}


def text_of(pdf: bytes) -> str:
    """The text a PDF's content streams write (fpdf2 compresses them with zlib)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    shown = []
    for stream in streams:
        try:
            shown.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(shown)


def test_the_letter_in_swedish_holds_every_part_with_swedish_letters() -> None:
    pdf = letter_pdf(LETTER, "Avslagen", "Nacka kommun", "sv", translator("sv"))
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    for part in (
        "Beslut: Avslagen",
        "Omsorg i Nacka AB",
        "Hemtjänst",
        "Villkor 4.2 är inte uppfyllt - rutinen saknas.",
        "Se bilaga.",
        "Rutin för läkemedel",
        "Förvaltningsrätten i Stockholm",
        "2026-12-28",
    ):
        assert part in text, part


def test_the_letter_in_english() -> None:
    text = text_of(letter_pdf(LETTER, "Rejected", "Nacka kommun", "en", translator("en")))
    assert "Decision: Rejected" in text and "Home care" in text and "Medication routine" in text
