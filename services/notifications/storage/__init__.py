"""The notifications service's tables and the queries on them. A recipient's rows are only ever queried
with the recipient, so one recipient cannot read another's by accident. Importing this package registers
every table, which the migrations need."""

from services.notifications.storage import deliveries, inbox, recipients, webhooks, work_items

__all__ = ["deliveries", "inbox", "recipients", "webhooks", "work_items"]
