"""Commitments (promised next updates) as rows; the rules live in domain.commitments.

The functions here run inside a transaction the caller already holds (see store.log).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from warroom.domain.commitments import settle_by_update, settle_unmet
from warroom.domain.instants import from_text, to_text
from warroom.domain.vocabulary import CommitmentState
from warroom.store.transactions import inserted_id


@dataclass(frozen=True, slots=True)
class Settlement:
    commitment_id: int
    due_at: datetime
    state: CommitmentState


def _open_rows(db: Database, crisis_id: int | None, account_id: int, made_by: datetime | None) -> list[dict[str, Any]]:
    """Open commitments of an account, optionally only those made by `made_by`."""
    sql = "SELECT id, due_at FROM commitments WHERE crisis_id IS ? AND account_id = ? AND state = 'open'"
    params: list[object] = [crisis_id, account_id]
    if made_by is not None:
        sql, params = sql + " AND created_at <= ?", [*params, to_text(made_by)]
    return list(db.query(sql + " ORDER BY due_at", params))


def _settle(
    db: Database, row: dict[str, Any], state: CommitmentState, at: datetime, entry_id: int | None
) -> Settlement:
    db.execute(
        "UPDATE commitments SET state = ?, resolved_at = ?, settled_by_entry_id = ? WHERE id = ?",
        [state.value, to_text(at), entry_id, row["id"]],
    )
    return Settlement(row["id"], from_text(row["due_at"]), state)


def settle_by_entry(
    db: Database, crisis_id: int | None, account_id: int, entry_id: int, at: datetime
) -> list[Settlement]:
    """An update reached the customer at `at`: every open commitment made before it is kept
    (on time) or late."""
    return [
        _settle(db, row, settle_by_update(from_text(row["due_at"]), at), at, entry_id)
        for row in _open_rows(db, crisis_id, account_id, at)
    ]


def replace_open(db: Database, crisis_id: int | None, account_id: int, at: datetime) -> list[Settlement]:
    """A new promise replaces every open one: passed ones are missed, the rest cancelled."""
    return [
        _settle(db, row, settle_unmet(from_text(row["due_at"]), at), at, None)
        for row in _open_rows(db, crisis_id, account_id, None)
    ]


def insert_commitment(
    db: Database,
    *,
    crisis_id: int | None,
    account_id: int,
    due_at: datetime,
    created_at: datetime,
    source_entry_id: int | None,
    contact_id: int | None = None,
    channel: str | None = None,
) -> int:
    return inserted_id(db.execute(
        "INSERT INTO commitments (crisis_id, account_id, contact_id, due_at, channel, "
        "source_entry_id, state, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)",
        [crisis_id, account_id, contact_id, to_text(due_at), channel, source_entry_id, to_text(created_at)],
    ))


def open_commitments(db: Database, crisis_id: int, account_id: int | None = None) -> list[dict[str, Any]]:
    """Open commitments of a crisis (optionally of one account), soonest first."""
    where, params = "crisis_id = ? AND state = 'open'", [crisis_id]
    if account_id is not None:
        where, params = where + " AND account_id = ?", [crisis_id, account_id]
    return list(db.query(f"SELECT * FROM commitments WHERE {where} ORDER BY due_at", params))
