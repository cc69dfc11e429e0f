"""python -m services.notifications: this service alone (HTTP, outbox relay, consumer)."""

from services.api import PUBLIC_API
from services.notifications.app import install
from shared.http.serve import serve

if __name__ == "__main__":
    serve([install], "kundval-portal: notifications service", PUBLIC_API)
