"""The audit trail: an append-only record of every state change of a case, written in the same transaction
as the change itself. Nothing updates or deletes a row of it (the database refuses to: see the services'
`audit_trail_append_only` migrations).

Nobody writes an entry by hand. A case table declares itself `audited` (its entity name and state
attribute); the ORM then tells the unit of work's `Trail` of each case created, each change of its state
(as it is assigned, so two changes before a flush are two entries) and each case deleted, and the unit of
work writes the entries as it commits, with its actor. An action only names what happened where the state
alone does not say it (`UnitOfWork.audit`). A change of an audited table that the ORM cannot see, a Core
UPDATE or DELETE, is refused; a Core INSERT is recorded from its rows."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.orm.base import NEVER_SET, NO_VALUE
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.auth.principal import Principal
from shared.clock import now_utc
from shared.pagination import Page, SortKey, ordered_page

# As long as a person's name may be (services/application/storage/people.py).
ACTOR_NAME_LENGTH = 200


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_trail"
    __table_args__ = (sa.Index("ix_audit_trail_entity", "entity", "entity_id", "seq"),)

    seq: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor: str = Field(max_length=64, description="the person's id, the client's id, or a system job's name")
    actor_kind: str = Field(max_length=16, description="the principal's kind, or 'system'")
    # Who acted, as people read it: the person's name, the client's id, or the system job's name.
    actor_name: str = Field(max_length=ACTOR_NAME_LENGTH)
    # The role the person or client acted in, when its token names one; none for a system job.
    actor_role: str | None = Field(default=None, max_length=16)
    # The API client a person acted through (the application they logged in to); none otherwise.
    actor_client: str | None = Field(default=None, max_length=64)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=64)
    action: str = Field(max_length=60)
    from_state: str | None = Field(default=None, max_length=40)
    to_state: str | None = Field(default=None, max_length=40)
    details: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)


_AUDIT_TRAIL = SQLModel.metadata.tables[AuditEntry.__tablename__]
_INSERT_ENTRIES = sa.insert(_AUDIT_TRAIL)

# Who acted: a caller, or the name of a system job (a scheduler run, a consumer, a registration).
Actor = Principal | str


def actor_id(actor: Actor) -> str:
    """Who acted, as an entry's `actor` names them: the person's id, the client's id, or the job's name."""
    if isinstance(actor, Principal):
        return actor.person_id if actor.person_id is not None else actor.client_id
    return actor


def actor_columns(actor: Actor) -> dict[str, str | None]:
    """The columns of an entry that say who acted."""
    if not isinstance(actor, Principal):
        return {
            "actor": actor,
            "actor_kind": "system",
            "actor_name": actor,
            "actor_role": None,
            "actor_client": None,
        }
    role = actor.role.value if actor.role is not None else None
    if actor.person_id is None:
        return {
            "actor": actor.client_id,
            "actor_kind": actor.kind.value,
            "actor_name": actor.client_id,
            "actor_role": role,
            "actor_client": None,
        }
    # The name comes from the person's token; one longer than the column is cut rather than refused, as
    # the change it records has already been allowed.
    return {
        "actor": actor.person_id,
        "actor_kind": actor.kind.value,
        "actor_name": (actor.name or actor.person_id)[:ACTOR_NAME_LENGTH],
        "actor_role": role,
        "actor_client": actor.client_id,
    }


class AuditError(Exception):
    """A change that would leave no entry, or an entry without an actor: a programming error."""


@dataclass(frozen=True)
class CaseKind:
    entity: str
    # The attribute holding the case's state; None for a case that has none (an absence, a round).
    state: str | None
    id_attribute: str

    def id_of(self, values: Any) -> str:
        return str(
            values[self.id_attribute] if isinstance(values, Mapping) else getattr(values, self.id_attribute)
        )

    def state_of(self, values: Any) -> str | None:
        if self.state is None:
            return None
        return _text(values.get(self.state) if isinstance(values, Mapping) else getattr(values, self.state))


AUDITED: dict[type[Any], CaseKind] = {}
_BY_TABLE: dict[str, CaseKind] = {}

TableT = TypeVar("TableT", bound=type[SQLModel])


def audited(
    entity: str, *, state: str | None = "status", id_attribute: str = "id"
) -> Callable[[TableT], TableT]:
    """Declares a case table: every case created, every change of its `state` and every case deleted
    leaves an entry under `entity`."""

    def declare(table: TableT) -> TableT:
        kind = CaseKind(entity, state, id_attribute)
        AUDITED[table] = kind
        _BY_TABLE[str(table.__tablename__)] = kind
        if state is not None:
            event.listen(getattr(table, state), "set", _state_assigned)
        return table

    return declare


def kind_of(table: type[Any]) -> CaseKind:
    return AUDITED[table]


@dataclass
class _Pending:
    entity: str
    entity_id: str
    at: datetime
    action: str | None
    from_state: str | None
    to_state: str | None
    details: dict[str, Any] = field(default_factory=dict)
    # A case being created through the ORM, until it is flushed: its first state is the one it is inserted
    # with, whatever the action set after making it.
    case: Any = None


class Trail:
    """The entries one unit of work owes, written as it commits (`write`)."""

    def __init__(self, actor: Actor | None) -> None:
        self.actor = actor
        self._pending: list[_Pending] = []
        self._created: dict[int, Any] = {}  # id() of each case whose creation is recorded, and the case

    def created(self, case: Any, action: str | None = None, details: dict[str, Any] | None = None) -> None:
        if id(case) in self._created:
            return
        self._created[id(case)] = case
        kind = AUDITED[type(case)]
        self._pending.append(
            _Pending(kind.entity, kind.id_of(case), now_utc(), action, None, None, details or {}, case)
        )

    def created_row(self, kind: CaseKind, values: Mapping[str, Any]) -> None:
        self._pending.append(
            _Pending(kind.entity, kind.id_of(values), now_utc(), None, None, kind.state_of(values))
        )

    def changed(
        self, case: Any, from_state: str | None, to_state: str | None, action: str | None = None
    ) -> None:
        kind = AUDITED[type(case)]
        self._pending.append(_Pending(kind.entity, kind.id_of(case), now_utc(), action, from_state, to_state))

    def name(self, case: Any, action: str, details: dict[str, Any]) -> None:
        """Names the case's latest unnamed entry; with none, adds one for an act that changed no state."""
        kind = AUDITED.get(type(case))
        if kind is None:
            raise AuditError(f"{type(case).__name__} is not an audited case table.")
        if id(case) not in self._created and not sa.inspect(case).has_identity:
            self.created(case, action, details)
            return
        entity_id = kind.id_of(case)
        for entry in reversed(self._pending):
            if entry.entity == kind.entity and entry.entity_id == entity_id:
                if entry.action is None:
                    entry.action = action
                    entry.details.update(details)
                    return
                break
        state = kind.state_of(case)
        self._pending.append(_Pending(kind.entity, entity_id, now_utc(), action, state, state, details))

    def note(self, entity: str, entity_id: str, action: str, details: dict[str, Any]) -> None:
        """An entry on something that is not a case table (a provider, an area's conditions, a webhook)."""
        self._pending.append(_Pending(entity, entity_id, now_utc(), action, None, None, details))

    def inserting(self, cases: list[Any]) -> None:
        """`cases` are being inserted: their entries take the state they are saved with."""
        inserted = {id(case) for case in cases}
        for entry in self._pending:
            if entry.case is not None and id(entry.case) in inserted:
                entry.to_state = AUDITED[type(entry.case)].state_of(entry.case)
                entry.case = None

    async def write(self, session: AsyncSession) -> None:
        # A case still held here was named but never added to the session, so never saved.
        self._pending = [entry for entry in self._pending if entry.case is None]
        if not self._pending:
            return
        if self.actor is None:
            raise AuditError("A unit of work changed a case without an actor; call acting_as first.")
        who = actor_columns(self.actor)
        rows = [
            {
                "at": entry.at,
                **who,
                "entity": entry.entity,
                "entity_id": entry.entity_id,
                "action": entry.action or _default_action(entry),
                "from_state": entry.from_state,
                "to_state": entry.to_state,
                "details": _plain(entry.details),
            }
            for entry in self._pending
        ]
        self._pending = []
        self._created = {}
        await session.exec(_INSERT_ENTRIES, params=rows)

    def clear(self) -> None:
        self._pending = []
        self._created = {}


def _default_action(entry: _Pending) -> str:
    if entry.from_state is None and (entry.case is not None or entry.to_state is not None):
        return "created"
    return entry.to_state or "changed"


TRAIL_KEY = "audit.trail"


def trail_of_session(session: Session) -> Trail | None:
    trail: Trail | None = session.info.get(TRAIL_KEY)
    return trail


def _text(value: Any) -> str | None:
    if value is None or value is NO_VALUE or value is NEVER_SET:
        return None
    return str(value.value) if isinstance(value, Enum) else str(value)


def _plain(details: dict[str, Any]) -> dict[str, Any]:
    """Details as JSON has them (enums by value, dates as ISO text)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Enum):
            return value.value
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    return {key: plain(value) for key, value in details.items()}


def _state_assigned(case: Any, value: Any, old: Any, _initiator: Any) -> None:
    state = sa.inspect(case)
    if not state.persistent:
        return  # a new case's state is its creation's entry
    before, after = _text(old), _text(value)
    if before == after:
        return
    trail = trail_of_session(state.session) if state.session is not None else None
    if trail is None:
        raise AuditError(f"The state of a {AUDITED[type(case)].entity} changed outside a unit of work.")
    trail.changed(case, before, after)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: UOWTransaction, _instances: Sequence[Any] | None) -> None:
    cases_new = [case for case in session.new if type(case) in AUDITED]
    cases_gone = [case for case in session.deleted if type(case) in AUDITED]
    if not cases_new and not cases_gone:
        return
    trail = trail_of_session(session)
    if trail is None:
        raise AuditError("Cases were created or deleted outside a unit of work.")
    for case in cases_new:
        trail.created(case)
    trail.inserting(cases_new)
    for case in cases_gone:
        kind = AUDITED[type(case)]
        trail.changed(case, kind.state_of(case), None, "deleted")


@event.listens_for(Session, "do_orm_execute")
def _on_statement(execute: ORMExecuteState) -> None:
    if not (execute.is_insert or execute.is_update or execute.is_delete):
        return
    table = getattr(execute.statement, "table", None)
    kind = _BY_TABLE.get(getattr(table, "name", ""))
    if kind is None:
        return
    if not execute.is_insert:
        raise AuditError(
            f"{kind.entity} rows change through the ORM, so that their audit entries are written."
        )
    trail = trail_of_session(execute.session)
    if trail is None:
        raise AuditError("Cases were created outside a unit of work.")
    parameters: Any = execute.parameters
    rows: list[Mapping[str, Any]] = parameters if isinstance(parameters, list) else [parameters or {}]
    for row in rows:
        trail.created_row(kind, row)


async def trail_of(session: AsyncSession, entity: str, entity_id: str) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
    return list((await session.exec(query.order_by(col(AuditEntry.seq)))).all())


async def trail_page(
    session: AsyncSession, entity: str, entity_id: str, *, limit: int, cursor: str | None
) -> Page[AuditEntry]:
    """A page of a case's trail, oldest first: `seq` is the order entries were written in."""
    query = select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
    return await ordered_page(
        session, query, (SortKey(AuditEntry.seq, int),), lambda e: (e.seq,), limit=limit, cursor=cursor
    )
