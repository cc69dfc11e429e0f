"""App keys of the application service."""

from aiohttp import web

from services.application.actions.login_context import Login
from services.application.token_endpoint import TokenServer
from shared.service import ServiceRuntime

APPLICATION_KEY = web.AppKey("application", ServiceRuntime)
TOKEN_SERVER_KEY = web.AppKey("token_server", TokenServer)
LOGIN_KEY = web.AppKey("login", Login)
