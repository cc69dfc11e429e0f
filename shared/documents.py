"""Which documents a provider may send (application attachments, follow-up answers), checked by their
content and never by what the client says.

Only formats a case officer opens every day are accepted, and each is checked for its signature and its
end marker (a truncated or disguised file is refused). PDFs that can run code when opened are refused.
"""

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from shared.errors import DomainError, InvalidInput

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"

EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}

# Active content a reader may execute or launch; none of it belongs in an application's evidence.
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia")
# A name may spell any byte as #xx (/Java#53cript is /JavaScript), so names are decoded before searching.
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
# Compressed object streams (PDF 1.5) hide dictionaries from a byte search, so Flate streams are inflated
# and searched too; the bound keeps a compression bomb from taking the server's memory.
MAX_INFLATED_BYTES = 64 * 1024 * 1024


class UnsupportedDocument(DomainError):
    status = 415
    title = "Unsupported Media Type"


class TooLarge(DomainError):
    status = 413
    title = "Content Too Large"


@dataclass(frozen=True)
class Document:
    """What is stored about an accepted document besides its bytes."""

    filename: str
    media_type: str
    size: int
    sha256: str


def accept(content: bytes, declared_type: str | None, filename: str | None) -> Document:
    """Checks a document and describes it; refuses it with the reason (see `check_document`)."""
    media_type = check_document(content, declared_type)
    return Document(
        filename=safe_filename(filename, media_type),
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def media_type_of(content: bytes) -> str | None:
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def check_document(content: bytes, declared_type: str | None) -> str:
    """Answers the media type the content really has, or refuses the file with the reason."""
    if not content:
        raise InvalidInput("The file is empty.", errors=[_error("empty file", "empty")])
    media_type = media_type_of(content)
    if media_type is None:
        raise UnsupportedDocument(
            "Attach a PDF, PNG or JPEG document.",
            accepted=sorted(EXTENSIONS),
            errors=[_error("unknown format", "format")],
        )
    declared = (declared_type or "").split(";")[0].strip().lower()
    if declared not in ("", "application/octet-stream", media_type):
        raise InvalidInput(
            f"The file was sent as {declared} but its content is {media_type}.",
            errors=[_error("declared type does not match the content", "type_mismatch")],
        )
    problem = _structure_problem(media_type, content)
    if problem is not None:
        raise InvalidInput(
            f"The file is not a valid document: {problem}.", errors=[_error(problem, "invalid")]
        )
    return media_type


def _structure_problem(media_type: str, content: bytes) -> str | None:
    tail = content[-1024:]
    if media_type == PDF:
        if b"%%EOF" not in tail:
            return "the PDF is truncated (no end marker)"
        try:
            active = any(_has_active_content(part) for part in _pdf_parts(content))
        except _TooMuchInflated:
            return "the PDF's compressed content is too large"
        if active:
            return "the PDF carries active content (scripts, launch actions or embedded files)"
    if media_type == PNG and (content[12:16] != b"IHDR" or b"IEND" not in tail):
        return "the PNG is truncated or malformed"
    if media_type == JPEG and not content.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return "the JPEG is truncated (no end marker)"
    return None


class _TooMuchInflated(Exception):
    pass


def _has_active_content(part: bytes) -> bool:
    decoded = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), part)
    return any(marker in decoded for marker in PDF_ACTIVE_CONTENT)


def _pdf_parts(content: bytes) -> Iterator[bytes]:
    """The file itself, then every stream that inflates (whatever its declared filter)."""
    yield content
    budget = MAX_INFLATED_BYTES
    for match in PDF_STREAM.finditer(content):
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget + 1)
        except zlib.error:
            continue  # not Flate-compressed: its bytes were searched with the file
        budget -= len(inflated)
        if budget < 0 or inflater.unconsumed_tail:
            raise _TooMuchInflated
        yield inflated


def safe_filename(name: str | None, media_type: str) -> str:
    """A display name only (files are stored by generated id): no folders, controls or odd characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    base = re.sub(r"\s+", " ", base).strip(" .")[:120]
    extension = EXTENSIONS[media_type]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem or 'bilaga'}{extension}"


def _error(message: str, kind: str) -> dict[str, str]:
    return {"location": "file", "message": message, "type": kind}
