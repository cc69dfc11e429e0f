"""python -m services.reporting: this service alone (HTTP, outbox relay, consumer)."""

from services.api import PUBLIC_API
from services.reporting.app import install
from shared.http.serve import serve

if __name__ == "__main__":
    serve([install], "kundval-portal: reporting service", PUBLIC_API)
