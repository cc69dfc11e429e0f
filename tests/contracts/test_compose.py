"""compose.yaml is a valid Compose file (checked by the docker CLI's compose, or docker-compose)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _compose_command() -> list[str] | None:
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_compose_file_is_valid() -> None:
    command = _compose_command()
    if command is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed here")
    result = subprocess.run(
        [*command, "-f", str(ROOT / "compose.yaml"), "config", "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_compose_runs_every_service_and_the_proxy() -> None:
    import yaml  # type: ignore[import-untyped]

    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    assert {"rabbitmq", "postgres", "application", "reporting", "notifications", "portal", "proxy"} <= set(
        services
    )


def test_the_proxy_routes_every_path_to_the_service_that_serves_it() -> None:
    import re

    from services.application.routes import ROUTES as APPLICATION_ROUTES
    from services.notifications.routes import ROUTES as NOTIFICATION_ROUTES
    from services.reporting.routes import ROUTES as REPORTING_ROUTES

    config = (ROOT / "deploy" / "proxy.conf").read_text()
    locations = re.findall(r"location (=|~) (\S+) \{\s*proxy_pass http://(\w+);", config)
    for service, routes in (
        ("application", APPLICATION_ROUTES),
        ("reporting", REPORTING_ROUTES),
        ("notifications", NOTIFICATION_ROUTES),
    ):
        for route in routes:
            path = route.path.replace("{", "x").replace("}", "x")
            target = next(
                (
                    upstream
                    for kind, pattern, upstream in locations
                    if (kind == "=" and pattern == path) or (kind == "~" and re.match(pattern, path))
                ),
                "application",
            )
            assert target == service, route.path


def test_compose_runs_replicas_as_the_cluster_does() -> None:
    import yaml

    from cluster.launcher import SERVED, Layout

    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    replicas = {name: services[name].get("deploy", {}).get("replicas", 1) for name in (*SERVED, "scheduler")}
    layout = Layout()
    assert replicas == {**dict.fromkeys(SERVED, layout.replicas), "scheduler": layout.schedulers}
