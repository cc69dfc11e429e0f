"""With OTEL_EXPORTER_OTLP_ENDPOINT set, spans reach a collector's /v1/traces as OTLP over HTTP: a
receiver of the test's own decodes what arrives."""

import asyncio

from aiohttp import web
from aiohttp.test_utils import TestServer
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.trace import SpanKind

from shared import tracing
from shared.settings import Settings


async def test_spans_reach_the_collector_at_the_endpoint() -> None:
    received: list[ExportTraceServiceRequest] = []

    async def traces(request: web.Request) -> web.Response:
        assert request.content_type == "application/x-protobuf"
        export = ExportTraceServiceRequest()
        export.ParseFromString(await request.read())
        received.append(export)
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/v1/traces", traces)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        endpoint = str(server.make_url("/"))
        provider = tracing.provider_for(Settings(otel_exporter_otlp_endpoint=endpoint), "kundval-portal")
        assert provider is not None
        before, tracing._tracer = tracing._tracer, provider.get_tracer("test")
        try:
            with tracing.span_continuing("POST /applications/{id}/submit", {}, SpanKind.SERVER):
                pass
        finally:
            tracing._tracer = before
            # The exporter sends from a thread of its own, to this loop's server: flushed off the loop.
            await asyncio.to_thread(provider.shutdown)
    finally:
        await server.close()

    [export] = received
    [resource_spans] = export.resource_spans
    service = {a.key: a.value.string_value for a in resource_spans.resource.attributes}["service.name"]
    assert service == "kundval-portal"
    [span] = [s for scope in resource_spans.scope_spans for s in scope.spans]
    assert span.name == "POST /applications/{id}/submit"
