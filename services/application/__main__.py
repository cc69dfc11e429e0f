"""python -m services.application: this service alone (HTTP, outbox relay, consumer)."""

from services.api import PUBLIC_API
from services.application.app import install
from shared.http.serve import serve

if __name__ == "__main__":
    serve([install], "kundval-portal: application service", PUBLIC_API)
