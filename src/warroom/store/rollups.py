"""Roll-ups of one crisis from the database, and the internal syncs that reset the sync timer."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlite_utils import Database

from warroom.domain.crises import Crisis
from warroom.domain.instants import from_text, maybe_from_text, to_text
from warroom.domain.rollups import Event, Rollup, tier_rollups
from warroom.domain.vocabulary import CommitmentState, EntryKind
from warroom.store.errors import StoreError
from warroom.store.log import insert_automatic
from warroom.store.queue import load_queue
from warroom.store.status import latest_status
from warroom.store.transactions import immediate

EVENTS_SHOWN = 20


def last_sync_at(db: Database, crisis_id: int) -> datetime | None:
    row = next(db.query("SELECT MAX(at) AS at FROM log_entries WHERE crisis_id = ? AND kind = ?",
                        [crisis_id, EntryKind.SYNC.value]), None)
    return maybe_from_text(row["at"]) if row else None


def commitment_counts(db: Database, crisis_id: int) -> dict[CommitmentState, int]:
    counts = {state: 0 for state in CommitmentState}
    for row in db.query("SELECT state, COUNT(*) AS n FROM commitments WHERE crisis_id = ? GROUP BY state",
                        [crisis_id]):
        counts[CommitmentState(row["state"])] = row["n"]
    return counts


def _events(db: Database, crisis_id: int, kind: EntryKind, since: datetime | None) -> list[Event]:
    rows = db.query(
        "SELECT e.at, a.name, e.text FROM log_entries e LEFT JOIN accounts a ON a.id = e.account_id "
        "WHERE e.crisis_id = ? AND e.kind = ? AND e.at > ? ORDER BY e.at DESC, e.id DESC LIMIT ?",
        [crisis_id, kind.value, to_text(since) if since else "", EVENTS_SHOWN])
    return [Event(from_text(row["at"]), row["name"], row["text"]) for row in rows][::-1]


def crisis_rollup(db: Database, crisis: Crisis, now: datetime, zone: tzinfo | None = None) -> Rollup:
    """Per tier counts and ARR, commitments by outcome, and what happened since the last sync."""
    since = last_sync_at(db, crisis.id)
    status = latest_status(db, crisis.id)
    return Rollup(
        crisis=crisis,
        now=now,
        tiers=tier_rollups(load_queue(db, crisis, now, zone), now),
        commitments=commitment_counts(db, crisis.id),
        since=since,
        escalations=_events(db, crisis.id, EntryKind.ESCALATION, since),
        decisions=_events(db, crisis.id, EntryKind.DECISION, since),
        status=status.line() if status else None,
    )


def record_sync(db: Database, crisis_id: int, *, summary: str, by: str, now: datetime) -> int:
    """Log that the internal sync happened (its summary is the text); the timer restarts."""
    if not summary.strip():
        raise StoreError("The sync summary is empty; write what the team agreed.")
    with immediate(db):
        return insert_automatic(db, crisis_id=crisis_id, kind=EntryKind.SYNC, text=summary.strip(), by=by, now=now)
