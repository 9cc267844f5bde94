"""The crisis log read a window at a time, so 500,000 entries open as fast as 50.

Positions count from the oldest entry (0) to the newest (count - 1). Windows are read from
the newest end (`ORDER BY id DESC ... OFFSET`), where the pane spends its time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from warroom.domain.instants import from_text
from warroom.store.like import contains


@dataclass(frozen=True, slots=True)
class LogFilter:
    crisis_id: int | None
    account_id: int | None = None
    kind: str | None = None
    search: str | None = None

    def where(self) -> tuple[str, list[object]]:
        clauses = ["e.crisis_id IS ?"]
        params: list[object] = [self.crisis_id]
        if self.account_id is not None:
            clauses.append("e.account_id = ?")
            params.append(self.account_id)
        if self.kind is not None:
            clauses.append("e.kind = ?")
            params.append(self.kind)
        if self.search:
            clauses.append("e.text LIKE ? ESCAPE '\\'")
            params.append(contains(self.search))
        return " AND ".join(clauses), params


@dataclass(frozen=True, slots=True)
class LogLine:
    id: int
    at: datetime
    kind: str
    author: str
    text: str
    account: str | None
    contact: str | None
    amends_id: int | None
    amended: bool
    pinned: bool
    promised_due: datetime | None


def count(db: Database, log_filter: LogFilter) -> int:
    where, params = log_filter.where()
    total: int = db.execute(f"SELECT COUNT(*) FROM log_entries e WHERE {where}", params).fetchone()[0]
    return total


@dataclass(frozen=True, slots=True)
class Counted:
    """How many entries match, and the newest id counted (0: none yet)."""

    total: int
    newest_id: int


def count_since(db: Database, log_filter: LogFilter, after: Counted | None = None) -> Counted:
    """The count of matching entries, adding only those newer than `after`'s newest id.

    The log is append-only and ids grow with each commit (one writer at a time), so entries
    newer than the last count are exactly those with a larger id: a new entry costs a look
    at the new rows, not a recount of 500,000.
    """
    where, params = log_filter.where()
    since = after.newest_id if after is not None else 0
    # One statement reads one snapshot: an entry committed meanwhile is either counted and
    # below the newest id, or neither.
    added, newest = db.execute(
        f"SELECT (SELECT COUNT(*) FROM log_entries e WHERE {where} AND e.id > ?), "
        "(SELECT COALESCE(MAX(id), ?) FROM log_entries)", [*params, since, since]
    ).fetchone()
    return Counted((after.total if after is not None else 0) + int(added), int(newest))

def window(db: Database, log_filter: LogFilter, newest_offset: int, size: int) -> list[LogLine]:
    """`size` entries ending `newest_offset` entries before the newest, oldest first."""
    where, params = log_filter.where()
    rows = db.execute(
        f"""
        SELECT e.id, e.at, e.kind, e.author, e.text, a.name, c.name, e.amends_id,
               EXISTS (SELECT 1 FROM log_entries x WHERE x.amends_id = e.id),
               EXISTS (SELECT 1 FROM pins p WHERE p.entry_id = e.id),
               (SELECT m.due_at FROM commitments m WHERE m.source_entry_id = e.id)
        FROM (SELECT * FROM log_entries e WHERE {where} ORDER BY e.id DESC LIMIT ? OFFSET ?) e
        LEFT JOIN accounts a ON a.id = e.account_id
        LEFT JOIN contacts c ON c.id = e.contact_id
        ORDER BY e.id
        """,
        [*params, size, newest_offset],
    ).fetchall()
    return [
        LogLine(r[0], from_text(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]), bool(r[9]),
                from_text(r[10]) if r[10] else None)
        for r in rows
    ]
