"""The result of one attempt at a delivery."""

from dataclasses import dataclass

from services.notifications.domain.delivery_outcomes import Attempt


@dataclass(frozen=True)
class Outcome:
    succeeded: bool
    status_code: int | None = None
    error: str | None = None
    # The mail server's reply code when it refused the message.
    smtp_code: int | None = None
    # The receiver's `Retry-After` header, as it came.
    retry_after: str | None = None

    def attempt(self) -> Attempt:
        return Attempt(self.succeeded, self.status_code, self.smtp_code, self.retry_after)
