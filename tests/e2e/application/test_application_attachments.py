"""Documents on an application: what is accepted, what is refused (and then nothing changes), who may
read them, and when they can no longer be added or removed."""

import base64
import hashlib
import io
import struct
import zlib
from typing import Any

import aiohttp
import pytest
from aiohttp import ClientResponse

from tests.support.applications import MINIMAL_PDF, minimal_png
from tests.support.system import Provider, System

PDF_WITH_SCRIPT = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"3 0 obj\n<< /S /JavaScript /JS (app.alert('hej')) >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


BOUNDARY = "kundval-test-boundary-7f3a"


def pdf_of_objects(*objects: bytes) -> bytes:
    """A well-formed PDF 1.4 of the objects numbered 1, 2, ... (1 is the catalog), with its xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_with_escaped_script() -> bytes:
    """A script action whose names are written with the #xx escapes every PDF reader decodes
    (ISO 32000-1, 7.3.5: /Java#53cript is the name /JavaScript)."""
    return pdf_of_objects(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /S /Java#53cript /J#53 (app.alert('hej')) >>",
    )


def pdf_with_compressed_script() -> bytes:
    """A PDF 1.5 whose script action sits in a Flate-compressed object stream, found through a
    cross-reference stream: the action's names never appear in the file's bytes."""
    action = b"<< /S /JavaScript /JS (app.alert('hej')) >>"
    header = b"3 0\n"
    packed = zlib.compress(header + action)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(header), len(packed), packed),
    ]
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in zip((1, 2, 4), objects, strict=True):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    offsets[5] = len(out)
    rows = [
        struct.pack(">BIH", 0, 0, 0xFFFF),
        struct.pack(">BIH", 1, offsets[1], 0),
        struct.pack(">BIH", 1, offsets[2], 0),
        struct.pack(">BIH", 2, 4, 0),  # object 3: the first object in object stream 4
        struct.pack(">BIH", 1, offsets[4], 0),
        struct.pack(">BIH", 1, offsets[5], 0),
    ]
    xref = b"".join(rows)
    out += b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(xref)
    out += xref + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[5]
    return bytes(out)


def pdf_of_size(size: int) -> bytes:
    """A PDF with a valid signature and end marker, padded to exactly `size` bytes."""
    head, tail = b"%PDF-1.4\n%", b"\n%%EOF\n"
    return head + b"x" * (size - len(head) - len(tail)) + tail


def _form(content: bytes, filename: str, media_type: str) -> aiohttp.FormData:
    form = aiohttp.FormData()
    # A stream, not bytes: the client warns about (and the suite's filter fails on) large bytes bodies.
    form.add_field("file", io.BytesIO(content), filename=filename, content_type=media_type)
    return form


async def _upload(
    system: System,
    provider: Provider,
    application_id: str,
    content: bytes = MINIMAL_PDF,
    filename: str = "cv.pdf",
    media_type: str = "application/pdf",
) -> ClientResponse:
    return await system.client.post(
        f"/applications/{application_id}/attachments",
        data=_form(content, filename, media_type),
        headers=provider.auth,
    )


async def _upload_raw(
    system: System, provider: Provider, application_id: str, disposition: bytes, content: bytes = MINIMAL_PDF
) -> ClientResponse:
    """A multipart body written byte for byte, so that the part's Content-Disposition is exactly what a
    client other than aiohttp (a browser, curl) would send."""
    body = (
        f"--{BOUNDARY}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"'
        + (b"; " + disposition if disposition else b"")
        + b"\r\nContent-Type: application/pdf\r\n\r\n"
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    return await system.client.post(
        f"/applications/{application_id}/attachments",
        data=io.BytesIO(body),
        headers={**provider.auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )


async def _uploaded(system: System, provider: Provider, application_id: str, **kwargs: Any) -> dict[str, Any]:
    response = await _upload(system, provider, application_id, **kwargs)
    assert response.status == 201, await response.text()
    body: dict[str, Any] = await response.json()
    return body


async def _stored(system: System) -> dict[str, int]:
    return {
        "attachments": await system.count("application", "attachments"),
        "attachment_contents": await system.count("application", "attachment_contents"),
    }


async def _state(system: System, provider: Provider, application_id: str) -> dict[str, Any]:
    """Everything a refused upload or removal must leave as it was."""
    response = await system.client.get(f"/applications/{application_id}", headers=provider.auth)
    assert response.status == 200, await response.text()
    return {
        **await _stored(system),
        "audit": await system.count("application", "audit_trail", "entity_id = :id", id=application_id),
        "application": await response.json(),
    }


async def _assert_problem(response: ClientResponse, status: int) -> dict[str, Any]:
    assert response.status == status, await response.text()
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body: dict[str, Any] = await response.json()
    assert body["status"] == status
    return body


async def test_a_pdf_and_a_png_are_accepted_with_the_type_their_content_has(system: System) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    png = minimal_png()
    before = await _stored(system)

    # The client's type and extension say nothing: the content decides, and the name follows it.
    pdf_response = await _upload(
        system, provider, application["id"], MINIMAL_PDF, "intyg.png", "application/octet-stream"
    )
    assert pdf_response.status == 201, await pdf_response.text()
    pdf = await pdf_response.json()
    assert pdf["media_type"] == "application/pdf"
    assert pdf["filename"] == "intyg.pdf"
    assert pdf["size"] == len(MINIMAL_PDF)
    assert pdf["sha256"] == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert pdf_response.headers["Location"] == f"/applications/{application['id']}/attachments/{pdf['id']}"

    png_body = await _uploaded(
        system, provider, application["id"], content=png, filename="diplom.png", media_type="image/png"
    )
    assert png_body["media_type"] == "image/png"
    assert png_body["filename"] == "diplom.png"
    assert png_body["size"] == len(png)
    assert png_body["sha256"] == hashlib.sha256(png).hexdigest()

    assert await _stored(system) == {k: v + 2 for k, v in before.items()}
    shown = await system.client.get(f"/applications/{application['id']}", headers=provider.auth)
    assert [a["id"] for a in (await shown.json())["attachments"]] == [pdf["id"], png_body["id"]]


@pytest.mark.parametrize(
    ("disposition", "kept"),
    [
        (b'filename="../../etc/passwd.pdf"', "passwd.pdf"),
        # A quoted-string escapes a backslash as \\; the name received is C:\x\cv.pdf.
        (b'filename="C:\\\\x\\\\cv.pdf"', "cv.pdf"),
        (b'filename="..\\\\..\\\\windows\\\\system.ini"', "system.pdf"),
        (b"filename*=UTF-8''..%2F..%2Fetc%2Fpasswd.pdf", "passwd.pdf"),
        (b"filename*=UTF-8''C%3A%5Cx%5Ccv.pdf", "cv.pdf"),
        (b'filename="/var/tmp/"', "bilaga.pdf"),
        (b'filename=".."', "bilaga.pdf"),
        (b"", "bilaga.pdf"),
    ],
)
async def test_the_stored_name_has_no_folder_part(system: System, disposition: bytes, kept: str) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    response = await _upload_raw(system, provider, application["id"], disposition)
    assert response.status == 201, await response.text()
    body = await response.json()
    assert body["filename"] == kept
    download = await system.client.get(
        f"/applications/{application['id']}/attachments/{body['id']}", headers=provider.auth
    )
    assert download.status == 200
    assert download.headers["Content-Disposition"] == f"attachment; filename*=UTF-8''{kept}"


@pytest.mark.parametrize("sent", ["../../etc/passwd.pdf", "C:\\x\\cv.pdf"])
async def test_a_name_as_the_aiohttp_client_sends_it_has_no_folder_part(system: System, sent: str) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    body = await _uploaded(system, provider, application["id"], filename=sent)
    assert "/" not in body["filename"] and "\\" not in body["filename"]
    assert body["filename"].endswith(".pdf")


async def test_the_owner_and_staff_download_the_exact_bytes_as_an_attachment(system: System) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    png = minimal_png()
    pdf = await _uploaded(system, provider, application["id"], filename="cv.pdf")
    image = await _uploaded(
        system, provider, application["id"], content=png, filename="diplom.png", media_type="image/png"
    )

    for headers in (provider.auth, system.staff):
        for attachment, content, media_type in (
            (pdf, MINIMAL_PDF, "application/pdf"),
            (image, png, "image/png"),
        ):
            response = await system.client.get(
                f"/applications/{application['id']}/attachments/{attachment['id']}", headers=headers
            )
            assert response.status == 200, await response.text()
            assert await response.read() == content
            assert response.headers["Content-Type"] == media_type
            assert response.headers["Content-Disposition"].startswith("attachment;")
            assert attachment["filename"] in response.headers["Content-Disposition"]
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            # RFC 3230: the digest in base64.
            assert (
                response.headers["Digest"]
                == f"sha-256={base64.b64encode(hashlib.sha256(content).digest()).decode()}"
            )


async def test_another_provider_can_neither_download_nor_upload(system: System) -> None:
    owner = await system.register_provider()
    other = await system.register_provider("Annan Omsorg AB")
    application = await system.start_application(owner)
    attachment = await _uploaded(system, owner, application["id"])
    own_application = await system.start_application(other)
    before = await _state(system, owner, application["id"])

    download = await system.client.get(
        f"/applications/{application['id']}/attachments/{attachment['id']}", headers=other.auth
    )
    body = await _assert_problem(download, 404)
    assert "%PDF" not in str(body)
    # Not through its own application either: the attachment must belong to the application named.
    sideways = await system.client.get(
        f"/applications/{own_application['id']}/attachments/{attachment['id']}", headers=other.auth
    )
    await _assert_problem(sideways, 404)
    upload = await _upload(system, other, application["id"])
    await _assert_problem(upload, 404)

    assert await _state(system, owner, application["id"]) == before


@pytest.mark.parametrize(
    ("case", "content", "filename", "media_type", "status", "error_type"),
    [
        ("empty", b"", "cv.pdf", "application/pdf", 422, "empty"),
        ("text", b"Jag heter Karin och har arbetat i hemtjansten.\n", "cv.txt", "text/plain", 415, "format"),
        ("text_named_pdf", b"not a pdf at all\n%%EOF\n", "cv.pdf", "application/pdf", 415, "format"),
        ("pdf_declared_png", MINIMAL_PDF, "cv.png", "image/png", 422, "type_mismatch"),
        ("truncated_pdf", MINIMAL_PDF[: len(MINIMAL_PDF) // 2], "cv.pdf", "application/pdf", 422, "invalid"),
        ("pdf_with_javascript", PDF_WITH_SCRIPT, "cv.pdf", "application/pdf", 422, "invalid"),
        ("truncated_png", minimal_png()[:-12], "diplom.png", "image/png", 422, "invalid"),
        ("png_signature_only", b"\x89PNG\r\n\x1a\n", "diplom.png", "image/png", 422, "invalid"),
        ("truncated_jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "foto.jpg", "image/jpeg", 422, "invalid"),
    ],
)
async def test_refused_files_change_nothing(
    system: System, case: str, content: bytes, filename: str, media_type: str, status: int, error_type: str
) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    before = await _state(system, provider, application["id"])

    response = await _upload(system, provider, application["id"], content, filename, media_type)

    body = await _assert_problem(response, status)
    assert body["errors"][0]["location"] == "file"
    assert body["errors"][0]["type"] == error_type, body
    assert await _state(system, provider, application["id"]) == before


@pytest.mark.parametrize(
    "content",
    [pdf_with_escaped_script(), pdf_with_compressed_script()],
    ids=["names_with_hex_escapes", "in_a_compressed_object_stream"],
)
async def test_a_pdf_with_a_disguised_script_is_refused(system: System, content: bytes) -> None:
    """The script is there for any PDF reader, but a search of the raw bytes for /JavaScript or /JS does not
    see it."""
    assert b"/JavaScript" not in content and b"/JS" not in content
    provider = await system.register_provider()
    application = await system.start_application(provider)
    before = await _state(system, provider, application["id"])

    response = await _upload(system, provider, application["id"], content)

    body = await _assert_problem(response, 422)
    assert body["errors"][0]["type"] == "invalid", body
    assert await _state(system, provider, application["id"]) == before


async def test_a_document_at_the_size_limit_is_accepted(system: System) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    limit = system.settings.attachment_max_bytes
    body = await _uploaded(system, provider, application["id"], content=pdf_of_size(limit))
    assert body["size"] == limit


@pytest.mark.parametrize("excess", [1, 64 * 1024, 1024 * 1024])
async def test_a_document_over_the_size_limit_is_refused_and_changes_nothing(
    system: System, excess: int
) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    before = await _state(system, provider, application["id"])
    limit = system.settings.attachment_max_bytes

    response = await _upload(system, provider, application["id"], pdf_of_size(limit + excess))

    body = await _assert_problem(response, 413)
    assert body["max_bytes"] == limit
    assert await _state(system, provider, application["id"]) == before


async def test_a_json_body_is_refused_as_the_wrong_media_type(system: System) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    before = await _state(system, provider, application["id"])
    response = await system.client.post(
        f"/applications/{application['id']}/attachments",
        json={"file": MINIMAL_PDF.decode(), "filename": "cv.pdf"},
        headers=provider.auth,
    )
    await _assert_problem(response, 415)
    assert await _state(system, provider, application["id"]) == before


async def test_a_form_without_a_file_part_is_refused(system: System) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    before = await _state(system, provider, application["id"])
    form = aiohttp.FormData()
    form.add_field("document", MINIMAL_PDF, filename="cv.pdf", content_type="application/pdf")
    form.add_field("note", "mitt cv")
    response = await system.client.post(
        f"/applications/{application['id']}/attachments", data=form, headers=provider.auth
    )
    body = await _assert_problem(response, 422)
    assert body["errors"] == [{"location": "file", "message": "missing", "type": "missing"}]
    assert await _state(system, provider, application["id"]) == before


async def test_an_application_holds_at_most_the_configured_number_of_attachments(system: System) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    most = system.settings.attachment_max_count
    for _ in range(most):
        await _uploaded(system, provider, application["id"])
    before = await _state(system, provider, application["id"])
    assert len(before["application"]["attachments"]) == most

    response = await _upload(system, provider, application["id"], minimal_png(), "sista.png", "image/png")

    await _assert_problem(response, 409)
    assert await _state(system, provider, application["id"]) == before


async def test_after_submission_documents_can_be_neither_added_nor_removed(system: System) -> None:
    provider = await system.register_provider()
    application = await system.submitted_application(provider)
    [attachment] = application["attachments"]
    before = await _state(system, provider, application["id"])

    upload = await _upload(system, provider, application["id"])
    assert (await _assert_problem(upload, 409))["current_status"] == "submitted"
    removal = await system.client.delete(
        f"/applications/{application['id']}/attachments/{attachment['id']}", headers=provider.auth
    )
    assert (await _assert_problem(removal, 409))["current_status"] == "submitted"

    assert await _state(system, provider, application["id"]) == before
    download = await system.client.get(
        f"/applications/{application['id']}/attachments/{attachment['id']}", headers=provider.auth
    )
    assert download.status == 200
    assert await download.read() == MINIMAL_PDF


async def test_a_draft_attachment_is_removed_with_its_content(system: System) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    kept = await _uploaded(system, provider, application["id"], filename="behall.pdf")
    removed = await _uploaded(system, provider, application["id"], filename="ta-bort.pdf")
    before = await _stored(system)
    url = f"/applications/{application['id']}/attachments/{removed['id']}"

    response = await system.client.delete(url, headers=provider.auth)

    assert response.status == 204, await response.text()
    assert await _stored(system) == {k: v - 1 for k, v in before.items()}
    assert await system.count("application", "attachments", "id = :id", id=removed["id"]) == 0
    assert (
        await system.count("application", "attachment_contents", "attachment_id = :id", id=removed["id"]) == 0
    )
    assert await system.count("application", "attachments", "id = :id", id=kept["id"]) == 1
    await _assert_problem(await system.client.get(url, headers=provider.auth), 404)
    await _assert_problem(await system.client.delete(url, headers=provider.auth), 404)
    shown = await system.client.get(f"/applications/{application['id']}", headers=provider.auth)
    assert [a["id"] for a in (await shown.json())["attachments"]] == [kept["id"]]
    history = await system.client.get(f"/applications/{application['id']}/history", headers=provider.auth)
    removals = [e for e in (await history.json())["items"] if e["action"] == "attachment_removed"]
    assert [e["details"]["attachment"] for e in removals] == [removed["id"]]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"--x\r\nContent-Disposition: form-data; name=file\r\n\r\nabc\r\n--x--\r\n"),
        ("multipart/form-data; boundary=" + "b" * 71, b"--x\r\n\r\n--x--\r\n"),
        ("multipart/form-data; boundary=x", b"no boundary anywhere in here"),
        ("multipart/form-data; boundary=x", b""),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="a\x10b"\r\n\r\n1\r\n'
            b'--x\r\nContent-Disposition: form-data; name="file"; filename="cv.pdf"\r\n\r\nabc\r\n--x--\r\n',
        ),
    ],
    ids=["no_boundary", "boundary_too_long", "boundary_not_kept", "empty", "control_character_in_header"],
)
async def test_a_body_that_is_not_multipart_is_refused_and_changes_nothing(
    system: System, content_type: str, body: bytes
) -> None:
    provider = await system.register_provider()
    application = await system.start_application(provider)
    before = await _state(system, provider, application["id"])
    response = await system.client.post(
        f"/applications/{application['id']}/attachments",
        data=body,
        headers={**provider.auth, "Content-Type": content_type},
    )
    problem = await _assert_problem(response, 400)
    assert problem["errors"][0]["location"] == "file"
    assert await _state(system, provider, application["id"]) == before
