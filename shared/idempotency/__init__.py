"""Idempotency keys of creating POSTs (docs/architecture.md): a retried request answers the first answer
again instead of creating twice, in every replica of a service alike."""
