"""The facts of a crisis for its post-mortem, read as streams: the timeline and the
commitments come from open cursors, so 500,000 entries never sit in memory at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from sqlite_utils import Database

from warroom.domain.crises import Crisis
from warroom.domain.deadlines import first_contact_due
from warroom.domain.instants import from_text, maybe_from_text
from warroom.domain.rollups import AFFECTED_TIERS, TierRollup, tier_rollups
from warroom.domain.vocabulary import EntryKind, Tier
from warroom.store.queue import load_queue
from warroom.store.status import StatusUpdate, status_history

FETCH = 2000


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    at: datetime
    recorded_at: datetime
    kind: str
    author: str
    account: str | None
    contact: str | None
    text: str
    amends: int | None
    amended_by: int | None
    pinned: bool


@dataclass(frozen=True, slots=True)
class FirstContact:
    account: str
    tier: Tier
    arr: float
    due: datetime
    at: datetime | None

    def outcome(self, crisis: Crisis, now: datetime) -> str:
        """met / late / never (the deadline passed, or the crisis ended, with no contact) / pending."""
        if self.at is not None:
            return "met" if self.at <= self.due else "late"
        return "never" if crisis.resolved_at is not None or now > self.due else "pending"


@dataclass(frozen=True, slots=True)
class Promise:
    id: int
    account: str
    contact: str | None
    made_at: datetime
    due: datetime
    state: str
    settled_at: datetime | None
    source_entry: int | None


@dataclass(slots=True)
class Postmortem:
    """Everything but the streams is small (bounded by accounts and status updates)."""

    crisis: Crisis
    now: datetime
    tiers: dict[Tier, TierRollup]
    first_contacts: list[FirstContact]
    status: list[StatusUpdate]
    entry_count: int


def gather(db: Database, crisis: Crisis, now: datetime, zone: tzinfo | None) -> Postmortem:
    items = load_queue(db, crisis, now, zone)
    first = [
        FirstContact(item.account.name, item.tier, item.account.arr, due, item.first_contact_at)
        for item in items
        # An affected tier always has a first-contact deadline (only Not affected has none).
        if item.tier in AFFECTED_TIERS and (due := first_contact_due(crisis.started_at, item.tier, crisis.cadence))
    ]
    count = db.execute("SELECT COUNT(*) FROM log_entries WHERE crisis_id = ?", [crisis.id]).fetchone()[0]
    return Postmortem(crisis, now, tier_rollups(items, now), first, status_history(db, crisis.id), count)


def _stream(db: Database, sql: str, params: list[object]) -> Iterator[tuple[Any, ...]]:
    """Rows from an open cursor, a batch at a time."""
    cursor = db.conn.execute(sql, params)
    try:
        while rows := cursor.fetchmany(FETCH):
            yield from rows
    finally:
        cursor.close()


_ENTRY_SQL = """
SELECT e.id, e.at, e.recorded_at, e.kind, e.author, a.name, c.name, e.text, e.amends_id,
       (SELECT MIN(x.id) FROM log_entries x WHERE x.amends_id = e.id), p.entry_id IS NOT NULL
FROM log_entries e
LEFT JOIN accounts a ON a.id = e.account_id
LEFT JOIN contacts c ON c.id = e.contact_id
LEFT JOIN pins p ON p.entry_id = e.id
WHERE e.crisis_id = ? {kinds}
ORDER BY e.at, e.id
"""


def entries(db: Database, crisis_id: int, kinds: tuple[EntryKind, ...] = ()) -> Iterator[Entry]:
    """The timeline in time order (or only some kinds), streamed from a cursor."""
    where = f"AND e.kind IN ({', '.join('?' for _ in kinds)})" if kinds else ""
    for row in _stream(db, _ENTRY_SQL.format(kinds=where), [crisis_id, *[kind.value for kind in kinds]]):
        yield Entry(row[0], from_text(row[1]), from_text(row[2]), row[3], row[4], row[5], row[6], row[7],
                    row[8], row[9], bool(row[10]))


def promises(db: Database, crisis_id: int) -> Iterator[Promise]:
    """Every commitment of the crisis by due time, with its outcome."""
    for row in _stream(
        db, "SELECT m.id, a.name, c.name, m.created_at, m.due_at, m.state, m.resolved_at, m.source_entry_id "
        "FROM commitments m JOIN accounts a ON a.id = m.account_id LEFT JOIN contacts c ON c.id = m.contact_id "
        "WHERE m.crisis_id = ? ORDER BY m.due_at, m.id", [crisis_id]
    ):
        yield Promise(row[0], row[1], row[2], from_text(row[3]), from_text(row[4]), row[5],
                      maybe_from_text(row[6]), row[7])
