"""Documents over HTTP: reading one file from a multipart/form-data body, and answering a download."""

import base64
from urllib.parse import quote, unquote

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import BadHttpMessage

from shared.documents import TooLarge
from shared.errors import DomainError, InvalidInput
from shared.free_text import IDENTITY_NUMBER_ERROR, IDENTITY_NUMBER_MESSAGE, identity_number_in
from shared.http.keys import SETTINGS_KEY
from shared.http.requests import UnsupportedMediaType, read_within

CHUNK = 64 * 1024


class MalformedMultipart(DomainError):
    status = 400
    title = "Bad Request"


async def uploaded_file(
    request: web.Request, limit: int, part_name: str = "file"
) -> tuple[str | None, str | None, bytes]:
    """The named part of a multipart/form-data body as (filename, declared type, bytes), read in chunks and
    refused as soon as it is too big. The app's body limit does not cover streamed multipart reads, so the
    limit is kept here."""
    if request.content_type != "multipart/form-data":
        raise UnsupportedMediaType(
            f"Send the document as multipart/form-data, in a part named `{part_name}`."
        )
    if request.content_length is not None and request.content_length > limit + CHUNK:
        raise TooLarge(f"A document may be at most {limit} bytes.", max_bytes=limit)
    try:
        found = await read_within(
            request, request.app[SETTINGS_KEY].upload_timeout_s, _read_part(request, limit, part_name)
        )
    except (KeyError, ValueError, AssertionError, BadHttpMessage):
        # aiohttp's multipart reader tells a missing boundary (KeyError), a body that does not keep to its
        # boundary (ValueError), a malformed part (AssertionError) and a part header it cannot parse, such
        # as one with a control character (BadHttpMessage), only by these exceptions.
        raise MalformedMultipart(
            "The body is not multipart/form-data: give the boundary in the Content-Type and keep to it.",
            errors=[{"location": part_name, "message": "no multipart/form-data body", "type": "multipart"}],
        ) from None
    if found is not None:
        return found
    raise InvalidInput(
        f"No part named `{part_name}` in the form.",
        errors=[{"location": part_name, "message": "missing", "type": "missing"}],
    )


async def _read_part(
    request: web.Request, limit: int, part_name: str
) -> tuple[str | None, str | None, bytes] | None:
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader) or part.name != part_name:
            continue
        _refuse_identity_number_in_name(part.filename, part_name)
        content = bytearray()
        while chunk := await part.read_chunk(CHUNK):
            content.extend(chunk)
            if len(content) > limit:
                raise TooLarge(f"A document may be at most {limit} bytes.", max_bytes=limit)
        return part.filename, part.headers.get("Content-Type"), bytes(content)
    return None


def _refuse_identity_number_in_name(filename: str | None, part_name: str) -> None:
    # A file name is text a person wrote, shown to staff and in letters; control characters in it are dropped
    # later (documents.safe_filename), an identity number is refused like in any other free text. Some
    # clients percent-encode the name (aiohttp's does), so the decoded form is looked at too.
    if filename and (identity_number_in(filename) or identity_number_in(unquote(filename))):
        raise InvalidInput(
            "A file name must not contain a personal identity number (personnummer or samordningsnummer).",
            errors=[
                {
                    "location": f"{part_name}.filename",
                    "message": IDENTITY_NUMBER_MESSAGE,
                    "type": IDENTITY_NUMBER_ERROR,
                }
            ],
        )


def document_response(content: bytes, media_type: str, filename: str, sha256_hex: str) -> web.Response:
    return web.Response(
        body=content,
        content_type=media_type,
        headers={
            # Always a download, never rendered in the API's origin.
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
            # RFC 3230: the digest in base64.
            "Digest": f"sha-256={base64.b64encode(bytes.fromhex(sha256_hex)).decode()}",
        },
    )
