"""Embedded run: every service, its outbox relay and consumer, in one process on one port."""

from services.api import PUBLIC_API
from services.application.app import install as install_application
from services.notifications.app import install as install_notifications
from services.reporting.app import install as install_reporting
from shared.http.serve import serve

if __name__ == "__main__":
    serve([install_application, install_reporting, install_notifications], "kundval-portal", PUBLIC_API)
