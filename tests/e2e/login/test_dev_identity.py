"""The development identity provider `scripts/run` starts on a machine with none of its own: it serves the
real protocol on a loopback address, and refuses to start where the service is reachable from elsewhere."""

import json
import os
import subprocess
import sys
import time

import httpx2
from aiohttp.test_utils import unused_port


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "services.dev_identity", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_never_starts_when_the_service_is_not_on_a_loopback_address() -> None:
    port = unused_port()
    refused = run(PUBLIC_BASE_URL="https://kundval.kommun.example", DEV_IDENTITY_PORT=str(port))
    assert refused.returncode == 3
    assert "not a loopback address" in refused.stderr
    assert run("--settings", PUBLIC_BASE_URL="http://10.1.2.3:8080").returncode == 3


def test_on_a_loopback_address_it_serves_openid_connect_with_its_people() -> None:
    port = unused_port()
    settings = run("--settings", PUBLIC_BASE_URL="http://127.0.0.1:8080", DEV_IDENTITY_PORT=str(port))
    assert settings.returncode == 0
    exported = dict(line.removeprefix("export ").split("=", 1) for line in settings.stdout.splitlines())
    staff = json.loads(exported["STAFF_LOGIN"].strip("'"))
    assert staff["issuer"] == f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "services.dev_identity"],
        env={**os.environ, "PUBLIC_BASE_URL": "http://127.0.0.1:8080", "DEV_IDENTITY_PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                discovery = httpx2.get(
                    f"{staff['issuer']}/.well-known/openid-configuration", timeout=2
                ).json()
                break
            except httpx2.HTTPError:
                assert time.monotonic() < deadline, "the development identity provider did not start"
                time.sleep(0.2)
        assert discovery["issuer"] == staff["issuer"]
        assert "S256" in discovery.get("code_challenge_methods_supported", ["S256"])
        page = httpx2.get(
            discovery["authorization_endpoint"],
            params={
                "response_type": "code",
                "client_id": staff["client_id"],
                "redirect_uri": "http://127.0.0.1:8080/login/callback",
                "scope": "openid",
                "nonce": "n",
            },
            timeout=5,
        )
        assert "eva.handlaggare" in page.text and "karin.lund" in page.text
    finally:
        server.terminate()
        server.wait(timeout=10)
