"""Retention of operational data (docs/retention.md): a daily job per service removes what has served its
purpose, in bounded batches; the audit trail and the cases themselves are never touched."""
