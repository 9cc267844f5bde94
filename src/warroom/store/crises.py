"""Crises: create, list, find the active one, resolve."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from warroom.domain.commitments import settle_unmet
from warroom.domain.crises import Crisis
from warroom.domain.deadlines import Cadence
from warroom.domain.instants import from_text, maybe_from_text, to_text
from warroom.domain.vocabulary import (
    CrisisKind,
    Severity,
    TechnicalStatus,
    Tier,
)
from warroom.store.errors import StoreError
from warroom.store.transactions import immediate


def crisis_from_row(row: dict) -> Crisis:
    cadence = Cadence(
        first_contact={
            Tier.CRITICAL: timedelta(minutes=row["first_contact_critical_min"]),
            Tier.STANDARD: timedelta(minutes=row["first_contact_standard_min"]),
            Tier.STABLE: timedelta(minutes=row["first_contact_stable_min"]),
        },
        customer_update=timedelta(minutes=row["customer_update_min"]),
        internal_sync=timedelta(minutes=row["internal_sync_min"]),
    )
    return Crisis(
        id=row["id"],
        title=row["title"],
        kind=CrisisKind(row["kind"]),
        severity=Severity(row["severity"]),
        status=TechnicalStatus(row["status"]),
        started_at=from_text(row["started_at"]),
        resolved_at=maybe_from_text(row["resolved_at"]),
        cadence=cadence,
    )


def create_crisis(
    db: Database,
    *,
    title: str,
    kind: CrisisKind,
    severity: Severity,
    started_at: datetime,
    now: datetime,
    cadence: Cadence | None = None,
) -> Crisis:
    """Open a crisis. A start in the future is refused: back-dating is fine, forecasting is not."""
    if not title.strip():
        raise StoreError("A crisis needs a title; say in a few words what is happening.")
    if started_at > now:
        raise StoreError("The crisis start is in the future; give a time that has passed, or now.")
    cadence = cadence or Cadence()
    minutes = {tier: int(window.total_seconds() // 60) for tier, window in cadence.first_contact.items()}
    with immediate(db):
        crisis_id = db.execute(
            "INSERT INTO crises (title, kind, severity, status, started_at, "
            "first_contact_critical_min, first_contact_standard_min, first_contact_stable_min, "
            "customer_update_min, internal_sync_min, created_at) "
            "VALUES (?, ?, ?, 'investigating', ?, ?, ?, ?, ?, ?, ?)",
            [
                title.strip(),
                kind.value,
                severity.value,
                to_text(started_at),
                minutes[Tier.CRITICAL],
                minutes[Tier.STANDARD],
                minutes[Tier.STABLE],
                int(cadence.customer_update.total_seconds() // 60),
                int(cadence.internal_sync.total_seconds() // 60),
                to_text(now),
            ],
        ).lastrowid
    return get_crisis(db, crisis_id)


def get_crisis(db: Database, crisis_id: int) -> Crisis:
    for row in db.query("SELECT * FROM crises WHERE id = ?", [crisis_id]):
        return crisis_from_row(row)
    raise StoreError(f"There is no crisis {crisis_id}; `warroom crisis list` shows them.")


def list_crises(db: Database) -> list[Crisis]:
    """Open crises first (newest first), then resolved ones."""
    return [
        crisis_from_row(row)
        for row in db.query(
            "SELECT * FROM crises ORDER BY resolved_at IS NOT NULL, started_at DESC, id DESC"
        )
    ]


def active_crisis(db: Database, crisis_id: int | None = None) -> Crisis:
    """The crisis asked for, else the most recently started open one."""
    if crisis_id is not None:
        return get_crisis(db, crisis_id)
    for row in db.query(
        "SELECT * FROM crises WHERE resolved_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1"
    ):
        return crisis_from_row(row)
    raise StoreError(
        'There is no open crisis; start one with `warroom crisis new "TITLE"` '
        "or try `warroom demo`."
    )


def resolve_crisis(db: Database, crisis_id: int, now: datetime) -> Crisis:
    """End a crisis and settle its open commitments (missed if their time had passed)."""
    with immediate(db):
        crisis = get_crisis(db, crisis_id)
        if crisis.resolved_at is not None:
            raise StoreError(
                f"Crisis {crisis_id} was already resolved at {to_text(crisis.resolved_at)}."
            )
        db.execute(
            "UPDATE crises SET resolved_at = ?, status = 'resolved' WHERE id = ?",
            [to_text(now), crisis_id],
        )
        for row in list(
            db.query(
                "SELECT id, due_at FROM commitments WHERE crisis_id = ? AND state = 'open'",
                [crisis_id],
            )
        ):
            state = settle_unmet(from_text(row["due_at"]), now)
            db.execute(
                "UPDATE commitments SET state = ?, resolved_at = ? WHERE id = ?",
                [state.value, to_text(now), row["id"]],
            )
    return get_crisis(db, crisis_id)

