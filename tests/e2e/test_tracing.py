"""One trace from an HTTP submit to the email it makes: the request's server span, the outbox's publish
of the event, the notifications consumer's span and the delivery's, each the child of the one before, as
the spans written to TRACE_FILE show them."""

import json
from pathlib import Path
from typing import Any

from shared.auth.principal import Kind
from tests.support.mail import system_with_mail
from tests.support.polling import eventually

Span = dict[str, Any]
ADDRESS = "spararen@nacka.example"


def _spans(path: Path) -> list[Span]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _only(spans: list[Span], what: str) -> Span:
    assert len(spans) == 1, (what, spans)
    return spans[0]


async def test_one_trace_runs_from_a_submit_through_the_broker_to_the_email(tmp_path: Path) -> None:
    trace_file = tmp_path / "spans.jsonl"
    async with system_with_mail(trace_file=trace_file) as (system, mailbox):
        handler = await system.operator(Kind.STAFF, ["boendestod"])
        response = await system.client.put("/preferences", json={"email_address": ADDRESS}, headers=handler)
        assert response.status == 200, await response.text()
        provider = await system.register_provider("Spåret AB")

        application = await system.submitted_application(provider, "boendestod")

        async def mailed() -> bool:
            return bool(mailbox.to(ADDRESS))

        await eventually(mailed, what="the email to the staff member")
        submits = [
            s
            for s in _spans(trace_file)
            if s["kind"] == "SERVER" and s["name"] == "POST /applications/{id}/submit"
        ]
        submit = _only(submits, "the submit's server span")
        assert submit["parent_span_id"] is None and submit["attributes"]["http.response.status_code"] == 200

        def in_trace(name: str) -> list[Span]:
            trace_id = submit["trace_id"]
            return [s for s in _spans(trace_file) if s["trace_id"] == trace_id and s["name"] == name]

        async def delivered() -> list[Span]:
            return in_trace("email delivery")

        # The attempt's span ends once it is recorded, a moment after the mail arrived.
        (delivery,) = await eventually(delivered, what="the delivery's span in the submit's trace")

    publish = _only(in_trace("application.submitted publish"), "the outbox's publish span")
    assert publish["kind"] == "PRODUCER" and publish["parent_span_id"] == submit["span_id"]
    consumed = [
        s
        for s in in_trace("application.submitted process")
        if s["attributes"]["messaging.consumer.group.name"] == "notifications"
    ]
    consumer = _only(consumed, "the notifications consumer's span")
    assert consumer["kind"] == "CONSUMER" and consumer["parent_span_id"] == publish["span_id"]
    assert consumer["attributes"]["messaging.message.id"] == publish["attributes"]["messaging.message.id"]
    assert delivery["parent_span_id"] == consumer["span_id"] and delivery["status"] != "ERROR"
    assert application["status"] == "submitted"
