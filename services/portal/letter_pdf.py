"""A decision letter as a PDF, from the letter the API keeps: the same parts as the printable page, in the
person's language. fpdf2 writes it in pure Python, so the image needs no system libraries for it."""

from typing import Any

from fpdf import FPDF

from services.portal.i18n import Translate

# The PDF core fonts cover Latin-1, which holds Swedish; typographic marks outside it are written plainly.
PLAIN = str.maketrans(
    {
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def _plain(text: object) -> str:
    return str(text).translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def letter_pdf(
    letter: dict[str, Any], outcome: str, municipality: str, language: str, _: Translate
) -> bytes:
    sv = language == "sv"
    pdf = FPDF(format="A4")
    pdf.set_title(_plain(f"{_('Decision letter')}: {letter['area_name_sv' if sv else 'area_name_en']}"))
    pdf.set_author(_plain(municipality))
    pdf.set_lang(language)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()

    def heading(text: str, size: int) -> None:
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(0, size * 0.5, _plain(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def paragraph(text: str) -> None:
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 6, _plain(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    paragraph(f"{municipality} · {letter['decided_on']}")
    heading(f"{_('Decision')}: {outcome}", 18)
    frame = letter["legal_frame"]
    for key, value in (
        (_("Provider"), letter.get("provider_name")),
        (_("Organisation number"), letter.get("organisation_number")),
        (_("Area"), letter["area_name_sv" if sv else "area_name_en"]),
        (_("Legal frame"), frame["name_sv" if sv else "name_en"]),
        (_("Decided"), letter["decided_on"]),
    ):
        if value:
            paragraph(f"{key}: {value}")
    heading(_("Reasons"), 14)
    for line in str(letter["reasons"]).splitlines():
        if line.strip():
            paragraph(line)
    if letter.get("conditions_not_met"):
        heading(_("Conditions not met"), 14)
        for condition in letter["conditions_not_met"]:
            paragraph(f"- {condition['title_sv' if sv else 'title_en']}")
    appeal = letter["appeal"]
    heading(_("How to appeal"), 14)
    paragraph(appeal["route_sv" if sv else "route_en"])
    paragraph(f"{_('Appeal to')}: {appeal['body_sv' if sv else 'body_en']} ({appeal['law_reference']})")
    paragraph(f"{_('Time to appeal')}: {appeal['period_sv' if sv else 'period_en']}")
    if appeal.get("deadline"):
        paragraph(f"{_('If you received this letter the day it was sent, the last day to appeal is')} "
                  f"{appeal['deadline']}.")
    return bytes(pdf.output())
