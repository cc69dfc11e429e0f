"""Request and response bodies of the application service (HTTP only)."""
