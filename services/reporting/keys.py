"""App keys of the reporting service."""

from aiohttp import web

from services.reporting.actions.quality_round import RoundJobs
from shared.service import ServiceRuntime

REPORTING_KEY = web.AppKey("reporting", ServiceRuntime)
ROUND_JOBS_KEY = web.AppKey("reporting.round_jobs", RoundJobs)
