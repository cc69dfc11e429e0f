"""Marks every table of this service, so a shared database's migrations tell them apart."""

SERVICE = {"info": {"service": "notifications"}}
