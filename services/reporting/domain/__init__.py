"""The reporting service's rules, as plain functions and types: no I/O, testable without a server."""
