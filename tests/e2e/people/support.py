"""What the people tests share."""

from email.message import EmailMessage

from tests.support.mail import Mailbox
from tests.support.polling import eventually


async def invitation_mail(mailbox: Mailbox, address: str, count: int = 1) -> EmailMessage:
    """The `count`th invitation emailed to `address`."""

    async def arrived() -> list[EmailMessage]:
        found = [m for m in mailbox.to(address) if "/invitations/" in m.get_content()]
        return found if len(found) >= count else []

    return (await eventually(arrived, what=f"invitation {count} to {address}"))[count - 1]
