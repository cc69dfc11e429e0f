"""Running the project's own commands (`python -m ...`) as a user would, in a separate process."""

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Finished:
    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


async def run_module(module: str, *args: str, env: dict[str, str]) -> Finished:
    """Runs `python -m module args` from the project folder, with `env` over this process's environment."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *args,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    return Finished(process.returncode or 0, out.decode(), err.decode())
