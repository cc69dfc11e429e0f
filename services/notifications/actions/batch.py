"""What the events of one consumer transaction have read and made, kept on its session.

The consumer applies the events that arrive together in one transaction. Staff, preferences and webhook
subscriptions change only in other transactions, so each is read once per batch. The open work items on
the batch's subjects are read in one query before its first event (`consumers.read_work_ahead`), and
those made or changed by an earlier event of the batch are kept here, so that no lookup needs the
autoflush. The work items and inbox entries the batch makes are plain values until it commits, and then
written in one insert each (`UnitOfWork.before_commit`); once committed, the entries ring the bell of
the process's live streams (services/notifications/bell.py)."""

from dataclasses import dataclass, field

from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications.bell import Bell
from services.notifications.domain.preferences import Preferences
from services.notifications.domain.recipients import Audience, staff_covers, staff_recipient
from services.notifications.domain.work_items import WorkItemKind, WorkItemStatus
from services.notifications.storage import inbox, recipients, webhooks, work_items
from services.notifications.storage.inbox import NewInboxEntry, NumberedEntries
from services.notifications.storage.recipients import StaffMember
from services.notifications.storage.webhooks import WebhookSubscription
from services.notifications.storage.work_items import NewWorkItem, WorkItem
from shared.unit_of_work import UnitOfWork

# A work item open on a subject: read from the database, or made by this batch.
OpenWorkItem = WorkItem | NewWorkItem


@dataclass
class BatchReads:
    session: AsyncSession
    _staff: list[StaffMember] | None = None
    _preferences: dict[str, Preferences] = field(default_factory=dict)
    _subscriptions: dict[str, list[WebhookSubscription]] = field(default_factory=dict)
    _work_items: dict[tuple[str, WorkItemKind], OpenWorkItem] = field(default_factory=dict)
    _new_work_items: list[NewWorkItem] = field(default_factory=list)
    _new_entries: list[NewInboxEntry] = field(default_factory=list)
    _written: NumberedEntries | None = None
    _bell: Bell | None = None
    # Subjects whose open items are all in _work_items: a kind missing there has no open item.
    _subjects_read: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, uow: UnitOfWork) -> "BatchReads":
        reads: BatchReads | None = uow.session.info.get(cls)
        if reads is None:
            reads = uow.session.info[cls] = cls(uow.session)
            uow.before_commit(reads._write_new)
        return reads

    async def staff_of_area(self, area_code: str) -> list[StaffMember]:
        if self._staff is None:
            with self.session.no_autoflush:
                staff = await recipients.all_staff(self.session)
            self._staff = [member for member, _ in staff]
            for member, preferences in staff:
                self._preferences.setdefault(staff_recipient(member.client_id), preferences)
        return [member for member in self._staff if staff_covers(member.areas, area_code)]

    async def preferences_of(self, recipient: str, audience: Audience) -> Preferences:
        if recipient not in self._preferences:
            with self.session.no_autoflush:
                self._preferences[recipient] = await recipients.preferences_of(
                    self.session, recipient, audience
                )
        return self._preferences[recipient]

    async def listening(self, provider_id: str, event_type: str) -> list[WebhookSubscription]:
        """The provider's subscriptions to `event_type`, disabled ones too (their deliveries are held)."""
        if provider_id not in self._subscriptions:
            with self.session.no_autoflush:
                self._subscriptions[provider_id] = await webhooks.subscriptions_of(self.session, provider_id)
        return [s for s in self._subscriptions[provider_id] if event_type in s.event_types]

    async def read_work_on(self, subjects: list[str]) -> None:
        with self.session.no_autoflush:
            for item in await work_items.open_work_items_on(self.session, subjects):
                self._work_items.setdefault((item.subject, item.kind), item)
        self._subjects_read.update(subjects)

    async def open_work_item(self, subject: str, kind: WorkItemKind) -> OpenWorkItem | None:
        known = self._work_items.get((subject, kind))
        if known is not None:
            # One open item per subject and kind: if this batch closed it, no other is open.
            return known if known.status is not WorkItemStatus.DONE else None
        if subject in self._subjects_read:
            return None
        with self.session.no_autoflush:
            return await work_items.open_work_item(self.session, subject, kind)

    def changed(self, item: OpenWorkItem) -> None:
        """An item this batch made or changed: a new one is inserted at commit, a read one is the ORM's."""
        if isinstance(item, NewWorkItem):
            if self._work_items.get((item.subject, item.kind)) is not item:
                self._new_work_items.append(item)
        else:
            self.session.add(item)
        self._work_items[(item.subject, item.kind)] = item

    def add_entry(self, entry: NewInboxEntry) -> None:
        self._new_entries.append(entry)

    def ring_when_committed(self, uow: UnitOfWork, bell: Bell) -> None:
        """Once the batch has committed, `bell` carries its entries to this process's live streams."""
        if self._bell is None:
            self._bell = bell
            uow.after_commit(self._ring)

    def _ring(self) -> None:
        if self._bell is not None and self._written is not None:
            self._bell.ring(self._written)

    async def _write_new(self) -> None:
        if self._new_work_items:
            await work_items.insert_work_items(self.session, self._new_work_items)
        if self._new_entries:
            self._written = await inbox.insert_inbox_entries(self.session, self._new_entries)
