"""Rate limits on what anyone may call without a token: how many requests a window allows per client id or
per address, and when a refused caller may try again. No I/O."""

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from shared.errors import DomainError


@dataclass(frozen=True)
class Limit:
    name: str  # what is limited and by what, e.g. "token.address"
    allowed: int
    window_s: int

    def window_of(self, now: datetime) -> datetime:
        """The start of the fixed window `now` falls in: every replica counts into the same one."""
        epoch = int(now.timestamp())
        return datetime.fromtimestamp(epoch - epoch % self.window_s, UTC)

    def retry_after_s(self, now: datetime) -> int:
        """Seconds until the window ends, at least one."""
        ends = self.window_of(now).timestamp() + self.window_s
        return max(1, math.ceil(ends - now.timestamp()))


class TooManyRequests(DomainError):
    status = 429
    title = "Too Many Requests"

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail, retry_after_s=retry_after_s)
        self.headers = {"Retry-After": str(retry_after_s)}
