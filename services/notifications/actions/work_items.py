"""Staff's use of the work queue: claim an item, complete it. Each item is held by at most one member."""

from services.notifications.domain.work_items import WorkItemStatus
from services.notifications.storage import work_items as storage
from services.notifications.storage.work_items import WorkItem
from shared import audit
from shared.auth.principal import Principal
from shared.clock import now_utc
from shared.errors import Conflict, NotFound
from shared.unit_of_work import UnitOfWork


async def claim(uow: UnitOfWork, caller: Principal, item_id: str) -> WorkItem:
    async with uow:
        await _visible(uow, caller, item_id)
        if not await storage.claim(uow.session, item_id, caller.client_id, now_utc()):
            raise _not_yours(await _visible(uow, caller, item_id))
        audit.record(uow.session, caller, "work_item", item_id, "claimed", to_state=WorkItemStatus.CLAIMED)
        await uow.commit()
    return await _reread(uow, caller, item_id)


async def complete(uow: UnitOfWork, caller: Principal, item_id: str, note: str) -> WorkItem:
    async with uow:
        await _visible(uow, caller, item_id)
        if not await storage.complete(uow.session, item_id, caller.client_id, note, now_utc()):
            raise _not_yours(await _visible(uow, caller, item_id))
        audit.record(uow.session, caller, "work_item", item_id, "completed", to_state=WorkItemStatus.DONE)
        await uow.commit()
    return await _reread(uow, caller, item_id)


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


async def _visible(uow: UnitOfWork, caller: Principal, item_id: str) -> WorkItem:
    item = await storage.visible_work_item(uow.session, item_id, caller.area_scope())
    if item is None:
        raise NotFound("No such work item in your areas.")
    await uow.session.refresh(item)
    return item


async def _reread(uow: UnitOfWork, caller: Principal, item_id: str) -> WorkItem:
    """The item as the conditional UPDATE left it (the session that ran it holds the old values)."""
    async with uow:
        return await _visible(uow, caller, item_id)
