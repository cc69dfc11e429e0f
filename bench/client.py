"""The benchmarks' HTTP client side: providers registered and tokens fetched as a client would."""

from typing import Any

import aiohttp

from tests.support.system import random_organisation_number


async def new_provider(http: aiohttp.ClientSession, base: str) -> dict[str, str]:
    """A newly registered provider's authorization header; a random organisation number already taken
    is drawn again."""
    for _ in range(5):
        body = {
            "organisation_number": random_organisation_number(),
            "name": "Benchmark AB",
            "f_tax": True,
            "contact_email": "bench@omsorg.example",
        }
        async with http.post(f"{base}/providers", json=body) as response:
            if response.status == 409:
                continue
            registered: dict[str, Any] = await response.json()
            if response.status != 201:
                raise SystemExit(f"POST /providers: {response.status} {registered}")
        client = registered["client"]
        return await bearer(http, base, client["client_id"], client["client_secret"])
    raise SystemExit("POST /providers: every organisation number drawn was taken")


async def bearer(http: aiohttp.ClientSession, base: str, client_id: str, secret: str) -> dict[str, str]:
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    token = await ok(http.post(f"{base}/oauth/token", data=form))
    return {"Authorization": f"Bearer {token['access_token']}"}


async def ok(request: Any) -> dict[str, Any]:
    async with request as response:
        body: dict[str, Any] = await response.json()
        if response.status >= 300:
            raise SystemExit(f"{response.method} {response.url}: {response.status} {body}")
        return body
