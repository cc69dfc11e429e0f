"""Work not done by its due date is escalated, once: the item is marked overdue (which puts it at the top of
its area's queue after the urgent ones), `work_item.escalated` is published, and the area's leads are told
by inbox and email, all in one transaction.

Safe to run in every replica and as often as wanted: the items are read under row locks that another
process's run skips (PostgreSQL) or one writer at a time (SQLite), and an item marked is never read again."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from services.notifications.actions.notify import Outlets, tell_staff
from services.notifications.actions.work_items import reference_of
from services.notifications.domain.recipients import leads_of
from services.notifications.storage import work_items as storage
from services.notifications.storage.recipients import StaffMember
from shared.clock import now_utc
from shared.events.notifications import WorkItemEscalatedV1
from shared.unit_of_work import UnitOfWork, UnitOfWorkFactory

BATCH = 100
JOB = "work-item-escalation"


@dataclass(frozen=True)
class Escalation:
    uows: UnitOfWorkFactory
    outlets: Outlets
    # Area code -> the staff ids of its leads (WORK_ITEM_LEADS).
    leads: Mapping[str, Sequence[str]]

    async def run(self, today: date) -> int:
        """Escalates every item not done whose due date is before `today`; answers how many."""
        escalated = 0
        while True:
            async with self.uows().acting_as(JOB) as uow:
                items = await storage.past_due(uow.session, today, BATCH)
                admins = await _staff_admins(uow) if items else []
                now = now_utc()
                for item in items:
                    item.overdue, item.overdue_since, item.updated_at = True, now, now
                    uow.session.add(item)
                    uow.audit(item, "escalated", due_on=item.due_on.isoformat())
                    event = uow.publish(
                        WorkItemEscalatedV1(**reference_of(item), due_on=item.due_on, overdue_since=now)
                    )
                    await tell_staff(uow, event, self.outlets, leads_of(item.area_code, self.leads, admins))
                await uow.commit()
            escalated += len(items)
            if len(items) < BATCH:
                return escalated


async def _staff_admins(uow: UnitOfWork) -> list[str]:
    """The staff administrators this service has met (their tokens name no areas): told where an area has no
    lead. Tens of staff, so filtered here rather than by the JSON column."""
    members = (await uow.session.exec(select(StaffMember))).all()
    return [member.client_id for member in members if member.areas is None]
