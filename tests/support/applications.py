"""Complete applications and documents for tests: what a provider sends to get an application submitted."""

import struct
import zlib
from datetime import date, timedelta
from typing import Any

import aiohttp

from shared.clock import STOCKHOLM, now_utc
from shared.statutory_time import next_working_day

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def minimal_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def today() -> date:
    return now_utc().astimezone(STOCKHOLM).date()


def working_day(days_ahead: int) -> date:
    """The first working day `days_ahead` days from today or later: staff set no due date on a day off."""
    return next_working_day(today() + timedelta(days=days_ahead))


def years_ago(years: int, *, days: int = 0) -> str:
    return (today() - timedelta(days=365 * years + days)).isoformat()


def qualified_person(name: str = "Karin Lund") -> dict[str, Any]:
    """A person in charge who meets every competence condition, with room to spare."""
    return {
        "name": name,
        "education": [
            {
                "title": "Socionomprogrammet",
                "institution": "Stockholms universitet",
                "country": "SE",
                "level": "university",
                "in_care": True,
                "years": 3.5,
            }
        ],
        "practice": [
            {
                "employer": "Omsorg i Nacka AB",
                "role": "Undersköterska",
                "field": "elderly_care",
                "start": years_ago(6),
                "end": years_ago(3),
                "extent_percent": 100,
            }
        ],
        "supervision": [
            {"employer": "Omsorg i Nacka AB", "role": "Enhetschef", "start": years_ago(3), "end": None}
        ],
        "swedish": {"spoken": "native", "written": "native"},
    }


def document_form(
    content: bytes = MINIMAL_PDF, filename: str = "cv.pdf", media_type: str = "application/pdf"
) -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("file", content, filename=filename, content_type=media_type)
    return form


async def fill_application(
    http: Any, base: str, headers: dict[str, str], application_id: str, person: dict[str, Any] | None = None
) -> None:
    """Answers every statement condition, proposes a qualified person in charge and attaches a CV.
    `http` is an aiohttp ClientSession or TestClient; `base` is prefixed to the paths."""
    url = f"{base}/applications/{application_id}"
    response = await http.request(
        "PATCH",
        url,
        json={
            "answers": {"goals": "Genomförandeplan per kund, uppföljning varje kvartal."},
            "person_in_charge": person or qualified_person(),
        },
        headers=headers,
    )
    assert response.status == 200, await response.text()
    response = await http.request("POST", f"{url}/attachments", data=document_form(), headers=headers)
    assert response.status == 201, await response.text()
