"""App keys of the reporting service."""

from aiohttp import web

from shared.service import ServiceRuntime

REPORTING_KEY = web.AppKey("reporting", ServiceRuntime)
