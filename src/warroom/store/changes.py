"""The change sequence: every insert, update and delete gets a number, in commit order.

Triggers (see migrations) fill the `changes` table, so a second session learns what another
wrote with one indexed query: `changes_since(db, last_seen)`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class Change:
    seq: int
    table_name: str
    row_id: int
    op: str


def latest_seq(db: Database) -> int:
    row = next(db.query("SELECT COALESCE(MAX(seq), 0) AS seq FROM changes"))
    seq: int = row["seq"]
    return seq


def changes_since(db: Database, seq: int, limit: int = 10_000) -> list[Change]:
    """Changes after `seq`, oldest first (at most `limit`; ask again from the last one)."""
    return [
        Change(**row)
        for row in db.query(
            "SELECT seq, table_name, row_id, op FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
            [seq, limit],
        )
    ]


def data_version(db: Database) -> int:
    """SQLite's counter of commits made by *other* connections: polling it is nearly free."""
    version: int = db.execute("PRAGMA data_version").fetchone()[0]
    return version


# Tables whose rows belong to one account, and the column that says which.
_ACCOUNT_COLUMN = {
    "accounts": "id",
    "contacts": "account_id",
    "impacts": "account_id",
    "log_entries": "account_id",
    "commitments": "account_id",
}


@dataclass(frozen=True, slots=True)
class ChangeSummary:
    account_ids: frozenset[int]
    crises_changed: bool
    status_changed: bool
    log_changed: bool


def summarise(db: Database, changes: list[Change]) -> ChangeSummary:
    """Which accounts a batch of changes touched, and whether crisis-wide things moved."""
    account_ids: set[int] = set()
    by_table: dict[str, set[int]] = {}
    for change in changes:
        by_table.setdefault(change.table_name, set()).add(change.row_id)
    for table, column in _ACCOUNT_COLUMN.items():
        rows = by_table.get(table)
        if not rows:
            continue
        for row in db.query(
            f"SELECT {column} AS account_id FROM {table} WHERE rowid IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(rows))],
        ):
            if row["account_id"] is not None:
                account_ids.add(row["account_id"])
    return ChangeSummary(
        frozenset(account_ids),
        crises_changed="crises" in by_table,
        status_changed="status_updates" in by_table,
        log_changed="log_entries" in by_table,
    )
