"""`Idempotency-Key` on creating POSTs (Route.creates): a retry of a request, with the same key and body,
is answered the first answer again instead of creating a second time (shared/idempotency/store.py).

Keys are scoped to the caller: the client id of its verified token. A creating POST that needs no login
(a provider's registration) has no caller to scope by, so its key is scoped by the fingerprint of the
request itself: only the very same body sent with the very same key is a retry, and a stranger, who would
have to guess both, learns nothing from it but what it sent. Only a success (2xx) is kept: a refusal
created nothing, and the key is free again for the corrected request."""

import re
from datetime import datetime
from typing import Any

import orjson
from aiohttp import web

from shared.clock import now_utc
from shared.errors import Conflict, DomainError, InvalidInput
from shared.http.keys import KEY_STORES_KEY, PRINCIPAL_KEY, SETTINGS_KEY
from shared.http.requests import read_within
from shared.http.routing import Handler, Route
from shared.idempotency.fingerprint import fingerprint_of
from shared.idempotency.store import Claim, CommitMark, KeyStore, StoredAnswer
from shared.idempotency.table import KEY_PATTERN, MAX_KEY_LENGTH, IdempotencyKey, KeyState
from shared.unit_of_work import REQUEST_COMMIT

KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# The headers of a kept answer that a replay repeats.
KEPT_HEADERS = ("Content-Type", "Location", "Cache-Control")
CLAIM_TOKEN = web.RequestKey("idempotency_claim_token", str)


class MalformedKey(DomainError):
    status = 400
    title = "Bad Request"


class KeyInProgress(Conflict):
    pass


def valid_key(supplied: str) -> str:
    if re.fullmatch(KEY_PATTERN, supplied) is None:
        raise MalformedKey(
            f"{KEY_HEADER} must be 1 to {MAX_KEY_LENGTH} visible ASCII characters (a UUID, say)."
        )
    return supplied


def keeping_answers(route: Route) -> Handler:
    """`route`'s handler, answering a retry of a request with an `Idempotency-Key` from what it kept."""
    if not route.creates:
        return route.handler

    async def handler(request: web.Request) -> web.StreamResponse:
        supplied = request.headers.get(KEY_HEADER)
        if supplied is None:
            return await route.handler(request)
        key = valid_key(supplied)
        if route.service is None:
            raise RuntimeError(f"{route.path} takes idempotency keys but names no service")
        store = request.app[KEY_STORES_KEY][route.service]
        body = await read_within(request, request.app[SETTINGS_KEY].request_body_timeout_s, request.read())
        fingerprint = fingerprint_of(request.method, request.path_qs, body)
        scope = f"client:{request[PRINCIPAL_KEY].acting_id}" if route.scopes else f"body:{fingerprint}"
        token = request.get(CLAIM_TOKEN) or Claim.new_token()
        request[CLAIM_TOKEN] = token
        claim = Claim(scope, key, fingerprint, token)
        now = now_utc()
        if (earlier := await store.claim(claim, now)) is not None:
            return _answer_to_retry(earlier, claim, route, now)
        return await _first_answer(request, route, store, claim)

    return handler


async def _first_answer(
    request: web.Request, route: Route, store: KeyStore, claim: Claim
) -> web.StreamResponse:
    marking = REQUEST_COMMIT.set(CommitMark(store, claim))
    try:
        response = await route.handler(request)
    except BaseException:
        await store.release(claim)
        raise
    finally:
        REQUEST_COMMIT.reset(marking)
    if (
        200 <= response.status < 300
        and isinstance(response, web.Response)
        and isinstance(response.body, bytes)
    ):
        headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
        kept = StoredAnswer(response.status, headers, _without(response.body, route.secrets))
        await store.answer(claim, kept)
    else:
        await store.release(claim)
    return response


def _answer_to_retry(
    earlier: IdempotencyKey, claim: Claim, route: Route, now: datetime
) -> web.StreamResponse:
    if earlier.fingerprint != claim.fingerprint:
        raise InvalidInput(
            f"This {KEY_HEADER} was used for a request with another method, path or body; "
            "a new request needs a new key."
        )
    # Committed, the first request is storing its answer, until its lease ends.
    running = earlier.state == KeyState.CLAIMED or (
        earlier.state == KeyState.COMMITTED and earlier.claimed_until > now
    )
    if running:
        in_progress = KeyInProgress(f"A request with this {KEY_HEADER} is still being carried out.")
        in_progress.headers["Retry-After"] = "1"
        raise in_progress
    if earlier.state == KeyState.COMMITTED or earlier.status is None or earlier.body is None:
        raise Conflict(
            f"A request with this {KEY_HEADER} was carried out, but its answer was lost; "
            "read what it created back rather than sending it again."
        )
    headers: dict[str, str] = orjson.loads(earlier.headers or "{}")
    headers[REPLAYED_HEADER] = "true"
    if route.secrets:
        # What was shown once is not shown again: the client learns what was created, and that the secret
        # in the first answer is the only copy there was.
        answer = Conflict(
            f"A request with this {KEY_HEADER} was carried out already. The secret it created was shown "
            "once, in its answer, and is not kept: if that answer was lost, add a new client and delete "
            "the one created.",
            created=orjson.loads(earlier.body),
        )
        answer.headers[REPLAYED_HEADER] = "true"
        raise answer
    return web.Response(status=earlier.status, body=earlier.body, headers=headers)


def _without(body: bytes, secrets: tuple[str, ...]) -> bytes:
    if not secrets:
        return body
    document = orjson.loads(body)
    for path in secrets:
        *parents, name = path.split(".")
        holder: Any = document
        for part in parents:
            holder = holder.get(part, {}) if isinstance(holder, dict) else {}
        if isinstance(holder, dict):
            holder.pop(name, None)
    return orjson.dumps(document)
