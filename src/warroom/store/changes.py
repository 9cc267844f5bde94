"""The change sequence: every insert, update and delete gets a number, in commit order.

Triggers (see migrations) fill the `changes` table, so a second session learns what another
wrote with one indexed query: `changes_since(db, last_seen)`.
"""

from __future__ import annotations

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
    return row["seq"]


def changes_since(db: Database, seq: int, limit: int = 10_000) -> list[Change]:
    """Changes after `seq`, oldest first (at most `limit`; ask again from the last one)."""
    return [
        Change(**row)
        for row in db.query(
            "SELECT seq, table_name, row_id, op FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
            [seq, limit],
        )
    ]
