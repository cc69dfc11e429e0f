"""What a person's login needs, made once per process: the settings, the upstream identity providers, and
the key that stands in for an identity number used as a subject."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from services.application.domain.login import UpstreamKind
from services.application.upstreams import UpstreamProvider
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

    @property
    def runtime(self) -> ServiceRuntime:
        return self.runtime_of()

    @property
    def callback_url(self) -> str:
        return self.settings.base_url + CALLBACK_PATH

    def client(self, client_id: str) -> LoginClient | None:
        return next((c for c in self.settings.login_clients if c.client_id == client_id), None)


def login_of(settings: Settings, runtime_of: Callable[[], ServiceRuntime]) -> Login:
    upstreams = {
        name: UpstreamProvider(name, config)
        for name, config in (
            (UpstreamKind.PROVIDER, settings.provider_login),
            (UpstreamKind.STAFF, settings.staff_login),
        )
        if config is not None
    }
    return Login(runtime_of, settings, upstreams, subject_key(settings))


def subject_key(settings: Settings) -> bytes:
    """The key of the keyed hash that stands in for an identity number used as a subject: from settings, or
    made once beside the signing keys (so every replica sharing them shares it)."""
    if settings.person_subject_key:
        return settings.person_subject_key.encode()
    path: Path = settings.keys_dir / "person-subject.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(secrets.token_bytes(32))
        path.chmod(0o600)
    return path.read_bytes()
