"""Email through the configured mail server (aiosmtplib)."""

from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib

from services.notifications.channels.outcome import Outcome
from services.notifications.storage.deliveries import Delivery
from shared.settings import Settings


class EmailSender:
    def __init__(self, settings: Settings) -> None:
        assert settings.smtp_host is not None
        self._settings = settings
        self._host = settings.smtp_host

    async def send(self, delivery: Delivery) -> Outcome:
        settings = self._settings
        message = EmailMessage()
        message["From"] = settings.mail_from
        message["To"] = delivery.target
        message["Subject"] = delivery.title
        # The same id on every attempt, so a mail system that got an earlier one can tell it is a repeat.
        message["Message-ID"] = make_msgid(idstring=delivery.id, domain="kundval-portal")
        message.set_content(delivery.body)
        try:
            await aiosmtplib.send(
                message,
                hostname=self._host,
                port=settings.smtp_port,
                start_tls=settings.smtp_starttls,
                username=settings.smtp_username,
                password=settings.smtp_password,
                timeout=settings.delivery_timeout_s,
            )
        except (aiosmtplib.SMTPException, OSError) as error:
            return Outcome(
                False, error=f"{type(error).__name__}: {error}"[:500], smtp_code=_reply_code(error)
            )
        return Outcome(True)


def _reply_code(error: Exception) -> int | None:
    """The mail server's reply code when it refused this message or its recipient (the lowest of several,
    so a temporary refusal is tried again). A refusal of our own login or sender is the installation's
    to mend, not the recipient's, so it has no code here and is tried again like a connection error."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return min((refused.code for refused in error.recipients), default=None)
    if isinstance(error, aiosmtplib.SMTPRecipientRefused | aiosmtplib.SMTPDataError):
        return error.code
    return None
