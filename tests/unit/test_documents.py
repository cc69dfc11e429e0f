"""Documents are judged by their content, never by the name or type the client gives."""

import zlib

import pytest

from shared.documents import (
    JPEG,
    PDF,
    PNG,
    TooLarge,
    UnsupportedDocument,
    check_document,
    safe_filename,
)
from shared.errors import InvalidInput
from tests.support.applications import MINIMAL_PDF, minimal_png

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"


def test_the_content_decides_the_type() -> None:
    assert check_document(MINIMAL_PDF, "application/octet-stream") == PDF
    assert check_document(minimal_png(), None) == PNG
    assert check_document(JPEG_BYTES, "image/jpeg; charset=binary") == JPEG


@pytest.mark.parametrize(
    ("content", "declared", "error"),
    [
        (b"", "application/pdf", InvalidInput),
        (b"hello, world", "text/plain", UnsupportedDocument),
        (b"MZ\x90\x00 an executable", "application/pdf", UnsupportedDocument),
        (MINIMAL_PDF, "image/png", InvalidInput),
        (MINIMAL_PDF.replace(b"%%EOF", b""), "application/pdf", InvalidInput),
        (
            MINIMAL_PDF.replace(b"/Catalog", b"/Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
            None,
            InvalidInput,
        ),
        (
            MINIMAL_PDF.replace(b"/Catalog", b"/Catalog /OpenAction << /S /Launch /F (cmd.exe) >>"),
            None,
            InvalidInput,
        ),
        (
            MINIMAL_PDF.replace(b"/Catalog", b"/Catalog /OpenAction << /S /Java#53cript /J#53 (x) >>"),
            None,
            InvalidInput,
        ),
        (
            MINIMAL_PDF.replace(
                b"trailer",
                b"3 0 obj\n<< /Filter /FlateDecode >>\nstream\n"
                + zlib.compress(b"<< /S /JavaScript >>")
                + b"\nendstream\nendobj\ntrailer",
            ),
            None,
            InvalidInput,
        ),
        (minimal_png()[:-12], "image/png", InvalidInput),
        (JPEG_BYTES[:-2], "image/jpeg", InvalidInput),
    ],
)
def test_bad_documents_are_refused(content: bytes, declared: str | None, error: type[Exception]) -> None:
    with pytest.raises(error):
        check_document(content, declared)


def test_too_large_is_its_own_error() -> None:
    assert TooLarge.status == 413


@pytest.mark.parametrize(
    ("given", "media_type", "expected"),
    [
        ("../../etc/passwd", PDF, "passwd.pdf"),
        ("C:\\Users\\kalle\\CV 2026.pdf", PDF, "CV 2026.pdf"),
        ("intyg.exe", PDF, "intyg.pdf"),
        ("bild.png", JPEG, "bild.jpg"),
        ("a\x00b\u202ec.pdf", PDF, "abc.pdf"),
        (None, PNG, "bilaga.png"),
        ("...", PDF, "bilaga.pdf"),
        ("Ärende åäö.pdf", PDF, "Ärende åäö.pdf"),
    ],
)
def test_the_display_name_keeps_no_folders_controls_or_foreign_extension(
    given: str | None, media_type: str, expected: str
) -> None:
    assert safe_filename(given, media_type) == expected


def test_a_harmless_compressed_stream_passes() -> None:
    stream = (
        b"3 0 obj\n<< /Filter /FlateDecode >>\nstream\n"
        + zlib.compress(b"BT /F1 12 Tf (Hej) Tj ET")
        + b"\nendstream\nendobj\n"
    )
    assert check_document(MINIMAL_PDF.replace(b"trailer", stream + b"trailer"), "application/pdf") == PDF


def test_a_compression_bomb_is_refused() -> None:
    bomb = zlib.compress(b"\x00" * (65 * 1024 * 1024), 9)
    stream = b"3 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + bomb + b"\nendstream\nendobj\n"
    with pytest.raises(InvalidInput, match="too large"):
        check_document(MINIMAL_PDF.replace(b"trailer", stream + b"trailer"), "application/pdf")
