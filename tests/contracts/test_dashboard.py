"""The Grafana dashboard in deploy/ shows metrics the processes export: a renamed metric would leave its
panel empty without a word."""

import json
import re
from pathlib import Path

from prometheus_client import REGISTRY

# Imported for the metrics they register.
import services.notifications.delivery_worker
import shared.http.app
import shared.messaging.consumer
import shared.messaging.gauges
import shared.messaging.outbox

DASHBOARD = Path(__file__).parents[2] / "deploy" / "grafana-dashboard.json"
_REGISTERED_BY = (
    services.notifications.delivery_worker,
    shared.http.app,
    shared.messaging.consumer,
    shared.messaging.gauges,
    shared.messaging.outbox,
)
_SUFFIXES = re.compile(r"_(bucket|count|sum|total)$")
_FUNCTIONS = {"histogram_quantile", "sum", "rate", "max"}
# What is not a metric's name: label selectors, ranges and the labels of a `by`.
_NOT_NAMES = re.compile(r"\{[^}]*\}|\[[^\]]*\]|by \([^)]*\)")


def _expressions() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]


def test_every_panel_shows_a_metric_a_process_exports() -> None:
    exported = {family.name for family in REGISTRY.collect()}
    for expression in _expressions():
        names = set(re.findall(r"[a-z][a-z_]*", _NOT_NAMES.sub(" ", expression))) - _FUNCTIONS
        assert names, expression
        for name in names:
            assert _SUFFIXES.sub("", name) in exported, (name, expression)


def test_the_dashboard_shows_the_messaging_gauges_and_the_http_latency() -> None:
    shown = " ".join(_expressions())
    for name in (
        "http_request_duration_seconds_bucket",
        "outbox_oldest_unpublished_age_seconds",
        "consumer_event_age_seconds_bucket",
        "messaging_queue_depth",
        "messaging_parked_messages",
        "notification_deliveries_waiting",
    ):
        assert name in shown, name
