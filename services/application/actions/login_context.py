"""What a person's login needs, made once per process: the settings, the upstream identity providers, and
the key that stands in for an identity number used as a subject."""

from collections.abc import Callable
from dataclasses import dataclass

from services.application.domain.login import UpstreamKind
from services.application.upstreams import UpstreamProvider
from shared.auth.kept_secrets import kept_secret
from shared.auth.portal_client import portal_client
from shared.service import ServiceRuntime
from shared.settings import LoginClient, Settings

CALLBACK_PATH = "/login/callback"


@dataclass(frozen=True)
class Login:
    """What the login needs, made once per process."""

    # The service's runtime exists once the app has started; the login is made when the app is built.
    runtime_of: Callable[[], ServiceRuntime]
    settings: Settings
    upstreams: dict[str, UpstreamProvider]
    subject_key: bytes
    # The configured applications, and the portal.
    clients: tuple[LoginClient, ...]

    @property
    def runtime(self) -> ServiceRuntime:
        return self.runtime_of()

    @property
    def callback_url(self) -> str:
        return self.settings.base_url + CALLBACK_PATH

    def client(self, client_id: str) -> LoginClient | None:
        return next((c for c in self.clients if c.client_id == client_id), None)


def login_of(settings: Settings, runtime_of: Callable[[], ServiceRuntime]) -> Login:
    upstreams = {
        name: UpstreamProvider(name, config)
        for name, config in (
            (UpstreamKind.PROVIDER, settings.provider_login),
            (UpstreamKind.STAFF, settings.staff_login),
        )
        if config is not None
    }
    clients = (*settings.login_clients, portal_client(settings))
    return Login(runtime_of, settings, upstreams, subject_key(settings), clients)


def subject_key(settings: Settings) -> bytes:
    """The key of the keyed hash that stands in for an identity number used as a subject."""
    return kept_secret(settings, settings.person_subject_key, "person-subject.key")
