"""The portal as a login client of the authorization server: confidential, its redirect under the public base
URL. Both the authorization server and the portal make it from the same settings."""

from shared.auth.kept_secrets import kept_secret
from shared.settings import LoginClient, Settings

PORTAL_PATH = "/portal"
CALLBACK = f"{PORTAL_PATH}/callback"
LOGGED_OUT = f"{PORTAL_PATH}/logged-out"


def portal_client(settings: Settings) -> LoginClient:
    return LoginClient(
        client_id=settings.portal_client_id,
        name="Kundvalsportalen",
        redirect_uris=(settings.base_url + CALLBACK,),
        secret=kept_secret(settings, settings.portal_client_secret, "portal-client.secret").decode(),
        post_logout_redirect_uris=(settings.base_url + LOGGED_OUT,),
    )
