"""Every benchmark in one run, printed as one table: each figure beside the raw ceiling measured in the
same run, and the ratio with its target. Figures on a shared 2-core machine are noisy; the ratios are
what to compare between runs. It prints; it never fails on a figure.

    scripts/bench                       # installs wrk when missing, then runs this
    uv run python -m bench [--databases sqlite,postgresql]
    uv run python -m bench --only-get   # the authenticated GET beside the bare read, nothing else
    scripts/bench soak --minutes 15 --rate 35 --database postgresql   # the soak (bench/soak.py)
"""

import argparse
import asyncio
import os
import sys

from bench import api, pipeline, raw_broker, raw_http, submissions
from bench.figures import table
from bench.load import Load
from shared.logging import configure_logging
from shared.settings import Settings


def main() -> None:
    if sys.argv[1:2] == ["soak"]:
        from bench.soak import main as soak

        soak(sys.argv[2:])
        return
    configure_logging("WARNING", "console")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--events", type=int, default=6000)
    parser.add_argument("--rows", type=int, default=100_000, help="the larger table size for the growth rows")
    parser.add_argument(
        "--only-get", action="store_true", help="only the authenticated GET beside the bare read"
    )
    args = parser.parse_args()

    http = raw_http.measure()
    rows = [("raw aiohttp JSON route (wrk)", f"{http.requests_per_s:,.0f} req/s", "", "")]
    for database in args.databases.split(","):
        os.environ["TEST_DATABASE"] = database
        read = asyncio.run(raw_http.measure_read())
        if args.only_get:
            rows += _get_rows(database, read, http, asyncio.run(api.measure(rows=1000, submitting=False)))
            continue
        # Measured beside each database's figures, right before them: the machine's speed drifts.
        broker = asyncio.run(raw_broker.measure(Settings().amqp_url, messages=5000, round_trips=300))
        events = asyncio.run(pipeline.measure(args.events))
        served = asyncio.run(api.measure(rows=1000))
        submitted = _submitted(served)
        grown = asyncio.run(api.measure(rows=args.rows))
        events_grown = asyncio.run(pipeline.measure(args.events, rows=args.rows))
        rows += [
            (
                f"[{database}] raw aio-pika (quorum, confirms, acks)",
                f"{broker.messages_per_s:,.0f} msg/s",
                "",
                "",
            ),
            (
                f"[{database}] raw aio-pika one message p50 / p99",
                f"{broker.round_trip_p50_ms:.2f} / {broker.round_trip_p99_ms:.2f} ms",
                "",
                "",
            ),
            (
                f"[{database}] pipeline outbox -> work item",
                f"{events:,.0f} events/s",
                f"{broker.messages_per_s:,.0f} msg/s",
                f"{events / broker.messages_per_s:.2f} (>= 0.50)",
            ),
            *_get_rows(database, read, http, served),
            (
                f"[{database}] POST /applications, fill, submit",
                f"{submitted.requests_per_s:,.0f} req/s ({submitted.applications_per_s:,.0f} applications/s)",
                f"{http.requests_per_s:,.0f} req/s",
                f"{submitted.requests_per_s / http.requests_per_s:.2f}",
            ),
            (
                f"[{database}] POST /applications p99 / submit p99",
                f"{submitted.create_p99_ms:.1f} / {submitted.submit_p99_ms:.1f} ms",
                f"{http.p99_ms:.1f} ms",
                "",
            ),
            (
                f"[{database}] submit -> work item on the live inbox, p50",
                f"{submitted.to_work_item_p50_ms:.1f} ms",
                f"{broker.round_trip_p50_ms:.2f} ms",
                f"{submitted.to_work_item_p50_ms / broker.round_trip_p50_ms:.0f}x (<= 10x)",
            ),
            (
                f"[{database}] submit -> work item on the live inbox, p99",
                f"{submitted.to_work_item_p99_ms:.1f} ms",
                f"{broker.round_trip_p99_ms:.2f} ms",
                f"{submitted.to_work_item_p99_ms / broker.round_trip_p99_ms:.0f}x (<= 30x)",
            ),
            (
                f"[{database}] submit -> work item by polling GET /work-items, p50 / p99",
                f"{submitted.polled_p50_ms:.1f} / {submitted.polled_p99_ms:.1f} ms",
                f"{broker.round_trip_p50_ms:.2f} / {broker.round_trip_p99_ms:.2f} ms",
                f"{submitted.polled_p50_ms / broker.round_trip_p50_ms:.0f}x, "
                f"{submitted.polled_p99_ms / broker.round_trip_p99_ms:.0f}x",
            ),
            (
                f"[{database}] one-command process peak RSS",
                f"{served.idle_rss_mib:.0f} MiB idle, {served.loaded_rss_mib:.0f} MiB loaded",
                "",
                "",
            ),
        ]
        rows += _growth(database, served, grown, (events, events_grown))
    print(table(rows))


def _submitted(figures: api.ApiFigures) -> submissions.SubmissionFigures:
    if figures.submissions is None:
        raise SystemExit("the API was measured without its submissions")
    return figures.submissions


def _get_rows(
    database: str, read: Load, http: Load, served: api.ApiFigures
) -> list[tuple[str, str, str, str]]:
    """The authenticated GET beside the raw JSON route and beside the bare driver's read by key."""
    get = served.get
    return [
        (
            f"[{database}] raw aiohttp + one read by key (bare driver)",
            f"{read.requests_per_s:,.0f} req/s, p99 {read.p99_ms:.1f} ms",
            f"{http.requests_per_s:,.0f} req/s",
            f"{read.requests_per_s / http.requests_per_s:.2f}",
        ),
        (
            f"[{database}] GET /applications/{{id}}, authenticated",
            f"{get.requests_per_s:,.0f} req/s",
            f"{http.requests_per_s:,.0f} req/s",
            f"{get.requests_per_s / http.requests_per_s:.2f} (>= 0.30)",
        ),
        (
            f"[{database}] GET /applications/{{id}}, beside the bare read",
            f"{get.requests_per_s:,.0f} req/s",
            f"{read.requests_per_s:,.0f} req/s",
            f"{get.requests_per_s / read.requests_per_s:.2f} (>= 0.50)",
        ),
        (
            f"[{database}] GET /applications/{{id}} p99, beside the bare read's",
            f"{get.p99_ms:.1f} ms",
            f"{read.p99_ms:.1f} ms",
            f"{get.p99_ms / read.p99_ms:.1f}x (<= 10x)",
        ),
        (
            f"[{database}] GET /applications/{{id}} p99, beside the raw JSON route's",
            f"{get.p99_ms:.1f} ms",
            f"{http.p99_ms:.1f} ms",
            f"{get.p99_ms / http.p99_ms:.1f}x",
        ),
    ]


def _growth(
    database: str, small: api.ApiFigures, large: api.ApiFigures, pipeline_rates: tuple[float, float]
) -> list[tuple[str, str, str, str]]:
    """Each figure at the larger size beside itself at 1,000 rows: how many times worse it got."""
    at = f"[{database}] at {large.rows:,} rows"
    pairs = [
        ("pipeline events/s (base run from empty tables)", *pipeline_rates, False),
        ("GET req/s", small.get.requests_per_s, large.get.requests_per_s, False),
        ("GET p99 ms", small.get.p99_ms, large.get.p99_ms, True),
        ("POST+submit req/s", _submitted(small).requests_per_s, _submitted(large).requests_per_s, False),
        (
            "submit -> work item (live inbox) p50 ms",
            _submitted(small).to_work_item_p50_ms,
            _submitted(large).to_work_item_p50_ms,
            True,
        ),
        (
            "submit -> work item (live inbox) p99 ms",
            _submitted(small).to_work_item_p99_ms,
            _submitted(large).to_work_item_p99_ms,
            True,
        ),
    ]
    return [
        (
            f"{at}: {name}",
            f"{big:,.1f}",
            f"{base:,.1f} at {small.rows:,} rows",
            f"{(big / base if lower_is_better else base / big):.2f}x worse (<= 1.5x)",
        )
        for name, base, big, lower_is_better in pairs
    ]


if __name__ == "__main__":
    main()
