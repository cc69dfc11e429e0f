"""Running an app from the command line: one service, or all of them in one process."""

import sys
from collections.abc import Sequence

from aiohttp import web

from shared.http.app import SERVER_LIMITS, ApiDocument, Installer, build_app
from shared.logging import configure_logging
from shared.messaging.broker import BrokerUnavailable
from shared.settings import Settings


def serve(installers: Sequence[Installer], title: str, document: ApiDocument | None = None) -> None:
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    app = build_app(settings, installers, title, document)

    async def announce(app: web.Application) -> None:
        base = settings.base_url
        print(f"{title} is running at {base} (API docs: {base}/docs)", flush=True)
        if any(resource.canonical == "/portal" for resource in app.router.resources()):
            print(f"The portal's pages for people: {base}/portal/", flush=True)

    app.on_startup.append(announce)
    try:
        web.run_app(
            app,
            host=settings.host,
            port=settings.port,
            print=None,
            access_log=None,
            keepalive_timeout=settings.keepalive_timeout_s,
            **SERVER_LIMITS,
        )
    except BrokerUnavailable as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)
