"""A development OpenID Connect provider, for a machine with no identity provider of its own: `scripts/run`
starts it on 127.0.0.1 when neither PROVIDER_LOGIN nor STAFF_LOGIN is set, so that a new user can log in as
a provider's person or as a municipal officer. It speaks the real protocol (the `oidc-provider-mock`
package): its login page asks only for a subject, so it never runs where the service is reachable from
another machine.

    python -m services.dev_identity            serve (refuses unless PUBLIC_BASE_URL is a loopback address)
    python -m services.dev_identity --settings print the PROVIDER_LOGIN and STAFF_LOGIN that point at it
"""

import json
import os
import sys

from shared.settings import Settings, Upstream

PORT = int(os.environ.get("DEV_IDENTITY_PORT", "9400"))
ISSUER = f"http://127.0.0.1:{PORT}"
# Who can log in at once, by choosing the subject on the provider's page; any other subject works as well.
PEOPLE = (
    {"sub": "karin.lund", "name": "Karin Lund", "email": "karin.lund@omsorg.example"},
    {"sub": "eva.handlaggare", "name": "Eva Handläggare", "email": "eva.handlaggare@kommun.example"},
)


def upstreams() -> dict[str, str]:
    def upstream(client_id: str) -> str:
        # The development provider takes any client secret; this one guards nothing.
        secret = "development"  # noqa: S105
        return Upstream(issuer=ISSUER, client_id=client_id, client_secret=secret).model_dump_json()

    return {"PROVIDER_LOGIN": upstream("kundval-provider-people"), "STAFF_LOGIN": upstream("kundval-staff")}


def main() -> None:
    settings = Settings()
    if not settings.on_loopback:
        print(
            f"The development identity provider is not started: {settings.base_url} is not a loopback "
            "address. Set PROVIDER_LOGIN and STAFF_LOGIN to real identity providers.",
            file=sys.stderr,
        )
        sys.exit(3)
    if sys.argv[1:] == ["--settings"]:
        for name, value in upstreams().items():
            print(f"export {name}='{value}'")
        return
    arguments = ["--host", "127.0.0.1", "--port", str(PORT), "--require-nonce", "true"]
    for person in PEOPLE:
        arguments += ["--user-claims", json.dumps(person)]
    os.execv(sys.executable, [sys.executable, "-m", "oidc_provider_mock", *arguments])  # noqa: S606


if __name__ == "__main__":
    main()
