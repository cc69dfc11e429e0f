"""Reporting service: self-reports, follow-up and the yearly quality-report round."""
