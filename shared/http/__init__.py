"""HTTP conventions every service follows: app factory, problem+json, auth, routes, OpenAPI."""
