"""The kundval-portal services; `python -m services` runs them all in one process."""
