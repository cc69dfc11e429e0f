"""Request and response bodies of the reporting service (HTTP only)."""
