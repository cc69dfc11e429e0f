"""Use cases of the application service: each opens a unit of work, applies the domain, records the
events and the audit trail in the same transaction."""
