"""Tracing's configuration and its trace context: nothing traced or written unless an exporter is
configured; a context written down (an outbox row, a message's headers) is the one a span continues."""

import json
from pathlib import Path
from typing import Any

from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.trace import SpanKind

from shared import tracing
from shared.events.envelope import CloudEvent
from shared.messaging.outbox import outbox_row
from shared.settings import Settings
from tests.support.events import example_event


def _event() -> CloudEvent:
    return example_event("provider.registered")


def _processors(provider: Any) -> list[object]:
    return list(provider._active_span_processor._span_processors)


def test_without_an_exporter_nothing_is_traced_and_no_context_written() -> None:
    assert tracing.provider_for(Settings(), "kundval-portal") is None
    assert not tracing.enabled()
    assert tracing.current_context() == {}
    row = outbox_row(_event())
    assert row["traceparent"] is None and row["tracestate"] is None


def test_an_otlp_endpoint_exports_in_batches_and_a_trace_file_as_each_span_ends(tmp_path: Path) -> None:
    otlp = tracing.provider_for(Settings(otel_exporter_otlp_endpoint="http://collector:4318/"), "x")
    assert otlp is not None
    [batch] = _processors(otlp)
    assert isinstance(batch, BatchSpanProcessor)
    assert batch.span_exporter._endpoint == "http://collector:4318/v1/traces"
    assert otlp.resource.attributes["service.name"] == "x"
    otlp.shutdown()

    named = tracing.provider_for(Settings(trace_file=tmp_path / "t", otel_service_name="portal"), "x")
    assert named is not None
    assert [type(p) for p in _processors(named)] == [SimpleSpanProcessor]
    assert named.resource.attributes["service.name"] == "portal"
    named.shutdown()


def test_a_span_continues_the_context_written_while_its_parent_was_current(tmp_path: Path) -> None:
    spans = tmp_path / "spans.jsonl"
    provider = tracing.provider_for(Settings(trace_file=spans), "kundval-portal")
    assert provider is not None
    before, tracing._tracer = tracing._tracer, provider.get_tracer("test")
    try:
        with tracing.span_continuing("request", {}, SpanKind.SERVER):
            row = outbox_row(_event())
        assert row["traceparent"] is not None
        with tracing.span_continuing("publish", row, SpanKind.PRODUCER, **{"messaging.system": "rabbitmq"}):
            headers = tracing.current_context()
        # Header values may arrive as bytes.
        as_bytes = {k: v.encode() for k, v in headers.items()}
        with tracing.span_continuing("process", as_bytes, SpanKind.CONSUMER):
            pass
    finally:
        tracing._tracer = before
        provider.shutdown()

    request, publish, process = [json.loads(line) for line in spans.read_text().splitlines()]
    assert request["parent_span_id"] is None
    assert publish["parent_span_id"] == request["span_id"] and publish["kind"] == "PRODUCER"
    assert process["parent_span_id"] == publish["span_id"]
    assert {request["trace_id"], publish["trace_id"], process["trace_id"]} == {request["trace_id"]}
    assert publish["attributes"] == {"messaging.system": "rabbitmq"}
    assert row["traceparent"].startswith(f"00-{request['trace_id']}-{request['span_id']}-")
