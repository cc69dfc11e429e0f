"""The application service's part of an aiohttp app: its routes, token server and runtime."""

from aiohttp import web

from services.application.actions.login_context import login_of
from services.application.consumers import handlers
from services.application.keys import APPLICATION_KEY, LOGIN_KEY, TOKEN_SERVER_KEY
from services.application.routes import ROUTES
from services.application.seed import seed_catalogue, seed_staff_client
from services.application.storage.retention import application_sweeps
from services.application.token_endpoint import TokenServer
from shared.auth.keys import SigningKeys
from shared.auth.tokens import LocalKeys, TokenVerifier
from shared.db import exclusive
from shared.http.keys import ROUTES_KEY, SETTINGS_KEY, VERIFIER_KEY
from shared.http.routing import owned_by
from shared.service import ServiceRuntime, service_context

NAME = "application"


async def _seed(app: web.Application, runtime: ServiceRuntime) -> None:
    settings = app[SETTINGS_KEY]
    # Replicas starting together seed one at a time: the second finds what the first added.
    async with exclusive(runtime.engine, "application-seed"), runtime.uow() as uow:
        await seed_catalogue(uow.session)
        created = await seed_staff_client(uow.session, settings)
        await uow.commit()
    if created is not None:
        client_id, secret = created
        print(
            "\nFirst start: a staff client was created. Its secret is shown only this once:\n"
            f"  export STAFF_CLIENT_ID={client_id}\n"
            f"  export STAFF_CLIENT_SECRET={secret}\n",
            flush=True,
        )


def install(app: web.Application) -> None:
    settings = app[SETTINGS_KEY]
    keys = SigningKeys.load_or_create(settings.keys_dir)
    app[TOKEN_SERVER_KEY] = TokenServer(keys, settings)
    # This process holds the keys, so it verifies against them directly instead of fetching its own JWKS.
    app[VERIFIER_KEY] = TokenVerifier(LocalKeys(keys), settings.token_issuer, settings.audience)
    app[LOGIN_KEY] = login_of(settings, lambda: app[APPLICATION_KEY])
    app[ROUTES_KEY].extend(owned_by(NAME, ROUTES))
    app.cleanup_ctx.append(
        service_context(NAME, APPLICATION_KEY, registry=handlers, on_startup=_seed, sweeps=application_sweeps)
    )
