"""The application service's tables and the queries on them.

Queries on a provider's rows take the owning provider as a required argument (None only for staff), so a
cross-tenant read cannot be written by accident. Importing this package registers every table, which is
what the migrations need.
"""

from services.application.storage import (
    applications,
    authorisations,
    catalogue,
    invitations,
    login,
    memberships,
    people,
    providers,
    rate_limits,
)

__all__ = [
    "applications",
    "authorisations",
    "catalogue",
    "invitations",
    "login",
    "memberships",
    "people",
    "providers",
    "rate_limits",
]
