"""Use cases of the reporting service: each opens a unit of work, applies the domain, records the events
and the audit trail in the same transaction."""
