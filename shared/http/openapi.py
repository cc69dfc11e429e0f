"""OpenAPI 3.1, built from the route table and the same strict models that validate requests."""

from typing import Any

from pydantic import BaseModel

from shared.auth.principal import Scope, roles_allowed
from shared.http.routing import Route
from shared.idempotency.table import KEY_PATTERN

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["type", "title", "status"],
}
ERROR_TEXT = {
    400: "Malformed request",
    401: "Missing or invalid access token",
    403: "The token's role lacks the scope this operation needs",
    404: "No such resource (or not yours)",
    408: "The request body did not arrive in time",
    409: "The resource is not in a state that allows this",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "The body does not match the schema",
}


IDEMPOTENCY_KEY_PARAMETER: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "A key of the client's choosing (a UUID), 1 to 255 visible ASCII characters, sent again "
    "with a retry: the same key with the same body is answered the first success again, with the header "
    "`Idempotent-Replayed: true`, and creates nothing; with another body it is 422; while the first request "
    "runs, 409. Keys are kept per client (per body where no login is needed) for IDEMPOTENCY_KEY_TTL_H "
    "hours (default 24). A secret shown once is never replayed: a retry is answered 409, naming what was "
    "created.",
    "schema": {"type": "string", "pattern": KEY_PATTERN},
}


IF_NONE_MATCH_PARAMETER: dict[str, Any] = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "The `ETag` of a body the client holds: while it is the current one, 304 and no body.",
    "schema": {"type": "string"},
}
CACHE_HEADERS: dict[str, Any] = {
    "ETag": {
        "description": "A strong tag of the body (a hash of its bytes); it changes whenever the body does",
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": "`public, max-age=60` (the signing keys: 300): the same for everyone, kept that long",
        "schema": {"type": "string"},
    },
}


class ComponentNameCollision(ValueError):
    """Two different schemas under one component name: one of them would be documented as the other."""


def _add_component(components: dict[str, Any], name: str, definition: dict[str, Any]) -> None:
    # Pydantic names a schema by its class name alone, so two classes of one name in different modules (two
    # `Outcome` enums, say) would silently overwrite each other in the document clients generate code from.
    if name in components and components[name] != definition:
        raise ComponentNameCollision(f"two different schemas are named {name!r}; rename one of the classes")
    components[name] = definition


def _schema_ref(model: type[BaseModel], components: dict[str, Any]) -> dict[str, str]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in schema.pop("$defs", {}).items():
        _add_component(components, name, definition)
    _add_component(components, model.__name__, schema)
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _parameters(route: Route, components: dict[str, Any]) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {"name": part[1:-1], "in": "path", "required": True, "schema": {"type": "string"}}
        for part in route.path.split("/")
        if part.startswith("{") and part.endswith("}")
    ]
    if route.query is not None:
        schema = route.query.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in schema.pop("$defs", {}).items():
            _add_component(components, name, definition)
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            params.append(
                {
                    "name": name,
                    "in": "query",
                    "required": name in required,
                    "schema": prop,
                    **({"description": prop["description"]} if "description" in prop else {}),
                }
            )
    return params


SCOPE_TEXT = {
    Scope.PROVIDER_READ: "read a provider organisation's own cases",
    Scope.PROVIDER_REPORT: "do a provider organisation's reporting work",
    Scope.PROVIDER_ADMIN: "manage a provider organisation: its API clients, webhooks and contact",
    Scope.STAFF: "municipal case officers, in the areas they hold",
    Scope.ADMIN: "the municipality's administration",
}


def roles_sentence(route: Route) -> str:
    """The sentence of an operation's description that names who may call it."""
    names = ", ".join(role.value for role in roles_allowed(route.scopes))
    return f"Roles allowed: {names}."


def _operation(route: Route, components: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": route.handler.__name__,
        "summary": route.summary,
        "tags": [route.tag],
        "responses": {},
    }
    if route.scopes:
        # Who may call it, by role; a token carries its role's scopes, so these are the roles that pass.
        operation["x-roles"] = [role.value for role in roles_allowed(route.scopes)]
        sentence = roles_sentence(route)
        operation["description"] = f"{route.description} {sentence}" if route.description else sentence
    elif route.description:
        operation["description"] = route.description
    params = _parameters(route, components)
    if route.creates:
        params.append(IDEMPOTENCY_KEY_PARAMETER)
    if route.cached:
        params.append(IF_NONE_MATCH_PARAMETER)
    if params:
        operation["parameters"] = params
    if route.scopes:
        operation["security"] = [{"oauth2": list(route.scopes)}]
    else:
        operation["security"] = []
    if route.body is not None:
        content: dict[str, Any] = {"schema": _schema_ref(route.body, components)}
        if route.body_example is not None:
            content["example"] = route.body_example
        operation["requestBody"] = {"required": True, "content": {"application/json": content}}
    if route.upload_part is not None:
        upload = {
            "type": "object",
            "properties": {
                route.upload_part: {"type": "string", "contentMediaType": "application/octet-stream"}
            },
            "required": [route.upload_part],
        }
        operation["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": upload}}}
    success: dict[str, Any] = {"description": "Success"}
    if route.response is not None:
        success["content"] = {route.content_type: {"schema": _schema_ref(route.response, components)}}
    elif route.content_type != "application/json":
        success["content"] = {
            media_type.strip(): {"schema": {"type": "string", "contentMediaType": media_type.strip()}}
            for media_type in route.content_type.split(",")
        }
    if route.cached:
        success["headers"] = CACHE_HEADERS
    operation["responses"][str(route.status)] = success
    if route.cached:
        operation["responses"]["304"] = {
            "description": "Not modified: `If-None-Match` names the current body; no body",
            "headers": CACHE_HEADERS,
        }
    for status, text in route.extra_responses.items():
        operation["responses"][str(status)] = {"description": text}
    errors = set(route.errors)
    if route.scopes:
        errors |= {401, 403}
    if route.body is not None or route.upload_part is not None:
        errors |= {400, 408, 413, 415, 422}
    if route.creates:
        errors |= {400, 409, 422}
    for status in sorted(errors):
        operation["responses"][str(status)] = {
            "description": ERROR_TEXT.get(status, "Error"),
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    return operation


def build_openapi(routes: list[Route], *, title: str, base_url: str, token_url: str) -> dict[str, Any]:
    scopes = {scope.value: text for scope, text in SCOPE_TEXT.items()}
    components: dict[str, Any] = {"Problem": PROBLEM_SCHEMA}
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, components)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": "1.0.0",
            "description": "Self-service API of the kundval portal. Errors are RFC 9457 problem+json.",
        },
        "servers": [{"url": base_url}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "oauth2": {
                    "type": "oauth2",
                    "flows": {
                        "clientCredentials": {"tokenUrl": token_url, "scopes": scopes},
                        # People: the scopes of their role, whatever the client asks for.
                        "authorizationCode": {
                            "authorizationUrl": f"{base_url}/oauth/authorize",
                            "tokenUrl": token_url,
                            "refreshUrl": token_url,
                            "scopes": scopes,
                        },
                    },
                }
            },
        },
    }
