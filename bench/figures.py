"""What the benchmarks share: percentiles, peak memory, and the one table they print."""

import math
import resource
from collections.abc import Sequence


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: a value that was really measured."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def peak_rss_mib() -> float:
    """This process's high-water mark of resident memory."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table(rows: Sequence[tuple[str, str, str, str]]) -> str:
    """Columns: figure, value, its ceiling, and the ratio (with the target, where there is one)."""
    header = ("figure", "measured", "raw ceiling", "ratio (target)")
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(4)]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in (header, *rows)
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
