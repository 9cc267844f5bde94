"""The crisis log: append-only entries, and what an entry settles or promises.

`append_entry` returns only after the commit: what it returns is on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from warroom.domain.instants import to_text
from warroom.domain.vocabulary import CUSTOMER_FACING, EntryKind
from warroom.store.commitments import Settlement, insert_commitment, replace_open, settle_by_entry
from warroom.store.errors import StoreError
from warroom.store.transactions import immediate, inserted_id

_SETTLEMENT_KINDS = {
    "kept": EntryKind.COMMITMENT_KEPT,
    "late": EntryKind.COMMITMENT_LATE,
    "missed": EntryKind.COMMITMENT_MISSED,
}


@dataclass(frozen=True, slots=True)
class Appended:
    entry_id: int
    settled: tuple[Settlement, ...]
    commitment_id: int | None


def insert_entry_row(db: Database, **values: object) -> int:
    return inserted_id(db.execute(
        "INSERT INTO log_entries (crisis_id, account_id, contact_id, kind, text, at, recorded_at, "
        "author, amends_id) VALUES (:crisis_id, :account_id, :contact_id, :kind, :text, :at, "
        ":recorded_at, :author, :amends_id)",
        values,
    ))


def insert_automatic(db: Database, *, crisis_id: int, kind: EntryKind, text: str, by: str, now: datetime,
                     account_id: int | None = None) -> int:
    """An entry the program writes itself (a decision, a tick, a sync, a settlement), happening
    now; call inside the transaction that made the change it records."""
    stamp = to_text(now)
    return insert_entry_row(db, crisis_id=crisis_id, account_id=account_id, contact_id=None, kind=kind.value,
                            text=text, at=stamp, recorded_at=stamp, author=by, amends_id=None)


def _record_first_contact(db: Database, crisis_id: int, account_id: int, at: datetime) -> None:
    db.execute(
        "INSERT INTO impacts (crisis_id, account_id, first_contact_at) VALUES (?, ?, ?) "
        "ON CONFLICT (crisis_id, account_id) DO UPDATE SET first_contact_at = "
        "CASE WHEN first_contact_at IS NULL OR excluded.first_contact_at < first_contact_at "
        "THEN excluded.first_contact_at ELSE first_contact_at END",
        [crisis_id, account_id, to_text(at)],
    )


def append_entry(
    db: Database,
    *,
    crisis_id: int | None,
    account_id: int | None,
    kind: EntryKind,
    text: str,
    author: str,
    at: datetime,
    now: datetime,
    contact_id: int | None = None,
    amends_id: int | None = None,
    next_update_due: datetime | None = None,
) -> Appended:
    """Append one entry; settle or create the account's commitments in the same transaction.

    A customer-facing entry (call, email, meeting, chat, timeline) keeps or lates every open
    commitment made before it, and counts as first contact. `next_update_due` records a new
    promise, replacing any still open.
    """
    if at > now:
        raise StoreError("An entry cannot be dated in the future; give a time that has passed.")
    if next_update_due is not None and account_id is None:
        raise StoreError("A promised update needs an account to promise it to.")
    if next_update_due is not None and next_update_due <= at:
        raise StoreError("The next update must be promised for a time after the entry.")
    with immediate(db):
        if amends_id is not None and not list(
            db.query("SELECT 1 FROM log_entries WHERE id = ?", [amends_id])
        ):
            raise StoreError(f"There is no entry #{amends_id} to amend.")
        stamp = dict(recorded_at=to_text(now), author=author)
        entry_id = insert_entry_row(
            db,
            crisis_id=crisis_id,
            account_id=account_id,
            contact_id=contact_id,
            kind=kind.value,
            text=text,
            at=to_text(at),
            amends_id=amends_id,
            **stamp,
        )
        settled: list[Settlement] = []
        if account_id is not None and kind in CUSTOMER_FACING:
            settled += settle_by_entry(db, crisis_id, account_id, entry_id, at)
            if crisis_id is not None:
                _record_first_contact(db, crisis_id, account_id, at)
        commitment_id = None
        if next_update_due is not None and account_id is not None:  # checked above: a promise has an account
            settled += replace_open(db, crisis_id, account_id, at)
            commitment_id = insert_commitment(
                db,
                crisis_id=crisis_id,
                account_id=account_id,
                due_at=next_update_due,
                created_at=at,
                source_entry_id=entry_id,
                contact_id=contact_id,
                channel=kind.value if kind in CUSTOMER_FACING else None,
            )
        for settlement in settled:
            if settlement.state.value in _SETTLEMENT_KINDS:
                insert_entry_row(
                    db,
                    crisis_id=crisis_id,
                    account_id=account_id,
                    contact_id=None,
                    kind=_SETTLEMENT_KINDS[settlement.state.value].value,
                    # No instant in the text: times are shown from columns, in the reader's zone.
                    text=f"Promised update #{settlement.commitment_id} {settlement.state.value} "
                    f"(by entry #{entry_id}).",
                    at=to_text(at),
                    amends_id=None,
                    **stamp,
                )
    return Appended(entry_id, tuple(settled), commitment_id)


def toggle_pin(db: Database, entry_id: int, *, by: str, now: datetime) -> bool:
    """Pin an entry as key for the post-mortem, or unpin it; returns whether it is pinned.

    The entry itself never changes: pins live in their own table.
    """
    with immediate(db):
        if not list(db.query("SELECT 1 FROM log_entries WHERE id = ?", [entry_id])):
            raise StoreError(f"There is no entry #{entry_id} to pin.")
        if list(db.query("SELECT 1 FROM pins WHERE entry_id = ?", [entry_id])):
            db.execute("DELETE FROM pins WHERE entry_id = ?", [entry_id])
            return False
        db.execute("INSERT INTO pins (entry_id, pinned_by, pinned_at) VALUES (?, ?, ?)",
                   [entry_id, by, to_text(now)])
        return True
