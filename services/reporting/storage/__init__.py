"""The reporting service's tables and the queries on them. Queries on a provider's rows take the owning
provider (None for staff) and the staff member's areas (None when not limited), so a cross-tenant read
cannot be written by accident. Importing this package registers every table, which the migrations need."""

from services.reporting.storage import copies, deviations, follow_ups, managers, quality

__all__ = ["copies", "deviations", "follow_ups", "managers", "quality"]
