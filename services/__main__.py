"""python -m services [SERVICE ...]: the named services in one process on one port, each with its outbox
relay and consumer; every service when none is named (the embedded run). `python -m services application`
runs the application service alone, as a replica behind the proxy does. Whichever run, /openapi.json
describes the whole public API (services/api.py)."""

import argparse

from services.api import PUBLIC_API
from services.application.app import install as install_application
from services.notifications.app import install as install_notifications
from services.portal.app import install as install_portal
from services.reporting.app import install as install_reporting
from shared.http.app import Installer
from shared.http.serve import serve

INSTALLERS: dict[str, Installer] = {
    "application": install_application,
    "reporting": install_reporting,
    "notifications": install_notifications,
    "portal": install_portal,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services", description=__doc__.split("\n\n")[0])
    parser.add_argument("services", nargs="*", metavar="SERVICE", help=f"one of: {', '.join(INSTALLERS)}")
    named = set(parser.parse_args().services)
    if unknown := named - set(INSTALLERS):
        parser.error(f"no such service: {', '.join(sorted(unknown))} (one of: {', '.join(INSTALLERS)})")
    chosen = [name for name in INSTALLERS if name in named] or list(INSTALLERS)
    title = "kundval-portal" if len(chosen) == len(INSTALLERS) else f"kundval-portal: {', '.join(chosen)}"
    serve([INSTALLERS[name] for name in chosen], title, PUBLIC_API)


if __name__ == "__main__":
    main()
