"""The soak's outputs: the samples as CSV, the RSS slope after the warm-up, the plot of memory and p99
over time, and the growing allocation sites between two tracemalloc snapshots."""

import csv
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

from bench.soak_watch import Sample


def write_csv(samples: Sequence[Sample], path: Path) -> None:
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(Sample.__dataclass_fields__))
        writer.writeheader()
        for sample in samples:
            writer.writerow(sample.row())


def slope_per_minute(points: Sequence[tuple[float, float]]) -> float | None:
    """Least squares: how much y grows per unit of x; None with fewer than two points."""
    if len(points) < 2:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def rss_slope(samples: Sequence[Sample], warmup_minutes: float) -> float | None:
    return slope_per_minute([(s.minute, s.rss_mib) for s in samples if s.minute >= warmup_minutes])


def plot(samples: Sequence[Sample], warmup_minutes: float, title: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    minutes = [s.minute for s in samples]
    figure, (memory, latency) = pyplot.subplots(2, 1, sharex=True, figsize=(9, 6))
    memory.plot(minutes, [s.rss_mib for s in samples], marker=".", color="tab:blue")
    memory.set_ylabel("RSS (MiB)")
    memory.axvline(warmup_minutes, color="grey", linestyle=":", label="end of warm-up")
    memory.legend(loc="lower right")
    windows = [s for s in samples if s.requests]  # the first sample, taken before the load, has none
    at = [s.minute for s in windows]
    latency.plot(at, [s.p99_ms for s in windows], marker=".", color="tab:red", label="p99")
    latency.plot(at, [s.p50_ms for s in windows], marker=".", color="tab:green", label="p50")
    latency.set_ylabel("latency in the window (ms)")
    latency.set_xlabel("minutes")
    latency.legend(loc="upper left")
    memory.set_title(title)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    pyplot.close(figure)


def growing_sites(early: Path, late: Path, top: int = 15) -> list[str]:
    """The allocation sites that grew most between two snapshots, the process's own imports left out."""
    ignore = [
        tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap_external>"),
        tracemalloc.Filter(False, tracemalloc.__file__),
    ]
    before = tracemalloc.Snapshot.load(str(early)).filter_traces(ignore)
    after = tracemalloc.Snapshot.load(str(late)).filter_traces(ignore)
    grown = sorted(
        (stat for stat in after.compare_to(before, "lineno") if stat.size_diff > 0),
        key=lambda stat: stat.size_diff,
        reverse=True,
    )
    return [str(stat) for stat in grown[:top]]
