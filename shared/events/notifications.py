"""Events published by the notifications service: staff taking and finishing work in the queue. The
completion note stays in the service; an event names the item and its subject."""

from datetime import date, datetime

from shared.events.envelope import EventPayload


class _WorkItem(EventPayload):
    work_item_id: str
    kind: str
    area_code: str
    # The case the item is about, as its path ("deviations/{id}").
    case: str

    def subject(self) -> str:
        return f"work-items/{self.work_item_id}"


class WorkItemClaimedV1(_WorkItem):
    event_type = "work_item.claimed"

    claimed_by: str
    claimed_at: datetime


class WorkItemCompletedV1(_WorkItem):
    event_type = "work_item.completed"

    completed_by: str
    completed_at: datetime


class WorkItemEscalatedV1(_WorkItem):
    """Nobody finished the item by its due date: it is marked overdue, goes to the top of the queue, and the
    area's leads are told."""

    event_type = "work_item.escalated"

    due_on: date
    overdue_since: datetime
