"""OpenTelemetry traces: one trace from an HTTP request through the outbox, the broker and a consumer to
the deliveries it makes. The W3C trace context (`traceparent`, `tracestate`) travels with an event's
outbox row, in its AMQP headers, and with a delivery's row.

Nothing is traced unless an OTLP endpoint or a trace file is configured: until then `tracer()` is
OpenTelemetry's no-op tracer and `enabled()` lets hot paths skip even that.

The provider is this module's, not OpenTelemetry's global one, which can be set once per process only:
a test process starts several systems, and only some of them trace.
"""

import contextlib
import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from aiohttp import web
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanExporter,
    SpanExportResult,
)
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from shared.settings import Settings

TRACEPARENT = "traceparent"
TRACESTATE = "tracestate"
_PROPAGATOR = TraceContextTextMapPropagator()
_NO_OP = trace.NoOpTracer()
_tracer: trace.Tracer = _NO_OP


def enabled() -> bool:
    return _tracer is not _NO_OP


def tracer() -> trace.Tracer:
    return _tracer


def current_context() -> dict[str, str]:
    """The current span's `traceparent` (and `tracestate`), to carry with what it writes; {} untraced."""
    if not enabled():
        return {}
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier


def current_traceparent() -> str | None:
    return current_context().get(TRACEPARENT)


def context_from(carrier: Mapping[str, Any]) -> Context:
    """The trace context `carrier` (headers, or a row's columns) names; an empty one if none."""
    values = {k: v for k in (TRACEPARENT, TRACESTATE) if isinstance(v := carrier.get(k), str | bytes)}
    text = {k: v.decode() if isinstance(v, bytes) else v for k, v in values.items()}
    return _PROPAGATOR.extract(text)


class JsonLinesExporter(SpanExporter):
    """Appends each finished span to a file as one JSON object a line (ids in hex, as OTLP/JSON has them)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = "".join(json.dumps(_as_json(span)) + "\n" for span in spans)
        with self._lock, self._path.open("a", encoding="utf-8") as file:
            file.write(lines)
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        return None


def _as_json(span: ReadableSpan) -> dict[str, Any]:
    context = span.get_span_context()
    assert context is not None
    return {
        "name": span.name,
        "kind": span.kind.name,
        "trace_id": trace.format_trace_id(context.trace_id),
        "span_id": trace.format_span_id(context.span_id),
        "parent_span_id": trace.format_span_id(span.parent.span_id) if span.parent else None,
        "service": (span.resource.attributes.get(SERVICE_NAME)),
        "start_time_unix_nano": span.start_time,
        "end_time_unix_nano": span.end_time,
        "status": span.status.status_code.name,
        "attributes": dict(span.attributes or {}),
    }


def provider_for(settings: Settings, title: str) -> TracerProvider | None:
    """The provider `settings` ask for, or None when they configure no exporter."""
    if settings.otel_exporter_otlp_endpoint is None and settings.trace_file is None:
        return None
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: settings.otel_service_name or title}))
    if settings.trace_file is not None:
        # Written as each span ends, so a test reads a span as soon as the work it covers is done.
        provider.add_span_processor(SimpleSpanProcessor(JsonLinesExporter(settings.trace_file)))
    if settings.otel_exporter_otlp_endpoint is not None:
        # Imported here: a process that sends no traces need not load the exporter and protobuf.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        endpoint = settings.otel_exporter_otlp_endpoint.rstrip("/") + "/v1/traces"
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    return provider


def tracing_context(settings: Settings, title: str) -> Callable[[web.Application], AsyncIterator[None]]:
    """An aiohttp cleanup context: traces with the provider `settings` configure while the app runs, then
    flushes it. An app that configures none leaves tracing as it was."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        global _tracer
        provider = provider_for(settings, title)
        if provider is None:
            yield
            return
        before = _tracer
        _tracer = provider.get_tracer("kundval-portal")
        try:
            yield
        finally:
            _tracer = before
            provider.shutdown()

    return context


@web.middleware
async def tracing_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """A server span per request, named by the route the router matched, child of the caller's
    `traceparent` if it sent one. Our own middleware rather than opentelemetry-instrumentation-aiohttp-
    server: that package is a pre-release tied to one SDK version and reads the global provider, which a
    process of several systems (the tests) cannot share."""
    if not enabled():
        untraced: web.StreamResponse = await handler(request)
        return untraced
    resource = request.match_info.route.resource
    route = resource.canonical if resource is not None else "unmatched"
    with _tracer.start_as_current_span(
        f"{request.method} {route}",
        context=context_from(request.headers),
        kind=trace.SpanKind.SERVER,
        attributes={"http.request.method": request.method, "http.route": route},
    ) as span:
        try:
            response: web.StreamResponse = await handler(request)
        except web.HTTPException as exc:
            span.set_attribute("http.response.status_code", exc.status)
            raise
        span.set_attribute("http.response.status_code", response.status)
        if response.status >= 500:
            span.set_status(trace.StatusCode.ERROR)
        return response


@contextlib.contextmanager
def span_continuing(
    name: str, carrier: Mapping[str, Any], kind: trace.SpanKind, **attributes: Any
) -> Iterator[trace.Span | None]:
    """A span, current while the block runs, child of the context `carrier` names (a new trace if none)."""
    if not enabled():
        yield None
        return
    with _tracer.start_as_current_span(
        name, context=context_from(carrier), kind=kind, attributes=attributes
    ) as span:
        yield span
