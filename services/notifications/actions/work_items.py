"""Staff's use of the work queue: claim an item, complete it. Each item is held by at most one member.

The item is read under a row lock (SQLite writers are serialised by BEGIN IMMEDIATE), so of two members
claiming at once the second finds it held and is answered 409."""

from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications.domain.work_items import WorkItemStatus, may_take
from services.notifications.storage import work_items as storage
from services.notifications.storage.work_items import WorkItem
from shared.auth.principal import Principal
from shared.clock import now_utc
from shared.errors import Conflict, NotFound
from shared.events.notifications import WorkItemClaimedV1, WorkItemCompletedV1
from shared.unit_of_work import UnitOfWork


async def claim(uow: UnitOfWork, caller: Principal, item_id: str) -> WorkItem:
    async with uow.acting_as(caller):
        item = await _taken_by(uow, caller, item_id)
        if item.status is WorkItemStatus.CLAIMED:
            return item  # held by the caller already: nothing changes
        now = now_utc()
        item.status, item.claimed_by, item.claimed_at, item.updated_at = (
            WorkItemStatus.CLAIMED,
            caller.acting_id,
            now,
            now,
        )
        uow.session.add(item)
        uow.publish(WorkItemClaimedV1(**reference_of(item), claimed_by=caller.acting_id, claimed_at=now))
        await uow.commit()
    return item


async def complete(uow: UnitOfWork, caller: Principal, item_id: str, note: str) -> WorkItem:
    async with uow.acting_as(caller):
        item = await _taken_by(uow, caller, item_id)
        now = now_utc()
        item.status, item.completed_by, item.completed_at, item.updated_at = (
            WorkItemStatus.DONE,
            caller.acting_id,
            now,
            now,
        )
        item.claimed_by = item.claimed_by or caller.acting_id
        item.completion_note = note or None
        uow.session.add(item)
        uow.audit(item, "completed")
        uow.publish(
            WorkItemCompletedV1(**reference_of(item), completed_by=caller.acting_id, completed_at=now)
        )
        await uow.commit()
    return item


async def _taken_by(uow: UnitOfWork, caller: Principal, item_id: str) -> WorkItem:
    """The item, locked, if it is in the caller's areas and open or held by them."""
    item = await visible_item(uow.session, caller, item_id, for_update=True)
    if not may_take(item.status, item.claimed_by, caller.acting_id):
        raise _not_yours(item)
    return item


def reference_of(item: WorkItem) -> dict[str, str | None]:
    return {
        "work_item_id": item.id,
        "kind": item.kind.value,
        "area_code": item.area_code,
        "case": item.subject,
    }


def _not_yours(item: WorkItem) -> Conflict:
    if item.status is WorkItemStatus.DONE:
        return Conflict(
            "The item is already done.", current_status=item.status.value, completed_by=item.completed_by
        )
    return Conflict(
        "Another staff member has claimed the item.",
        current_status=item.status.value,
        claimed_by=item.claimed_by,
    )


async def visible_item(
    session: AsyncSession, caller: Principal, item_id: str, *, for_update: bool = False
) -> WorkItem:
    """An item of the staff member's areas; any other is not found."""
    item = await storage.visible_work_item(session, item_id, caller.area_scope(), for_update=for_update)
    if item is None:
        raise NotFound("No such work item in your areas.")
    return item
