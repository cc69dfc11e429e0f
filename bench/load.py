"""Load from another process: wrk (Debian's `wrk` package), so the process measured has the CPU it
shares with nothing of ours but the machine's other core."""

import re
import shutil
import subprocess
from dataclasses import dataclass

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class Load:
    requests_per_s: float
    p99_ms: float


def wrk(url: str, *, seconds: int = 5, connections: int = 16, headers: dict[str, str] | None = None) -> Load:
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit("wrk is missing: apt-get install wrk (scripts/bench does it for you)")
    command = [binary, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    if "Non-2xx" in output:
        raise SystemExit(f"wrk saw failed requests against {url}:\n{output}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    if rate is None or p99 is None:
        raise SystemExit(f"unexpected wrk output:\n{output}")
    return Load(float(rate.group(1)), float(p99.group(1)) * UNITS_MS[p99.group(2)])
