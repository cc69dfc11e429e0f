"""The URL table of the application service, and nothing else."""

from services.application import api
from services.application.schemas import (
    ApplicationCreate,
    ApplicationList,
    ApplicationOut,
    ApplicationQuery,
    AreaList,
    AreaOut,
    ProviderRegistered,
    ProviderRegistration,
)
from shared.auth.principal import Scope
from shared.http.routing import Route

P, S = Scope.PROVIDER, Scope.STAFF

ROUTES = [
    Route(
        "POST",
        "/oauth/token",
        api.issue_token,
        "Get an access token (client credentials)",
        "auth",
        description="Form-encoded grant_type=client_credentials; client_secret_basic or client_secret_post. "
        "Errors follow RFC 6749 (JSON with `error`).",
        extra_responses={400: "OAuth error", 401: "invalid_client"},
    ),
    Route(
        "GET",
        "/.well-known/oauth-authorization-server",
        api.server_metadata,
        "Authorization server metadata (RFC 8414)",
        "auth",
    ),
    Route("GET", "/.well-known/jwks.json", api.jwks, "Public keys that verify access tokens", "auth"),
    Route(
        "POST",
        "/providers",
        api.register_provider,
        "Register a provider organisation",
        "providers",
        body=ProviderRegistration,
        response=ProviderRegistered,
        status=201,
        errors=(409,),
        description="Answers the first API client; its secret is shown only in this response.",
        body_example={
            "organisation_number": "556036-0793",
            "name": "Omsorg i Nacka AB",
            "f_tax": True,
            "contact_email": "kontakt@omsorg.example",
        },
    ),
    Route("GET", "/areas", api.list_areas, "The kundval areas", "areas", response=AreaList),
    Route("GET", "/areas/{code}", api.get_area, "One kundval area", "areas", response=AreaOut, errors=(404,)),
    Route(
        "POST",
        "/applications",
        api.create_application,
        "Start a draft application for one area",
        "applications",
        scopes=(P,),
        body=ApplicationCreate,
        response=ApplicationOut,
        status=201,
        body_example={"area_code": "hemtjanst"},
    ),
    Route(
        "GET",
        "/applications",
        api.list_applications,
        "Own applications (provider) or all (staff)",
        "applications",
        scopes=(P, S),
        query=ApplicationQuery,
        response=ApplicationList,
        errors=(422,),
    ),
    Route(
        "GET",
        "/applications/{id}",
        api.get_application,
        "One application",
        "applications",
        scopes=(P, S),
        response=ApplicationOut,
        errors=(404,),
    ),
    Route(
        "POST",
        "/applications/{id}/submit",
        api.submit_application,
        "Submit an application for review",
        "applications",
        scopes=(P,),
        response=ApplicationOut,
        errors=(404, 409),
    ),
]
