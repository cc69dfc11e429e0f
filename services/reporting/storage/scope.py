"""What every table of the reporting service is tagged with, for its migrations."""

SERVICE = {"info": {"service": "reporting"}}
