"""Crises: open, edit, list, find the one on screen, resolve (with its recovery checklist)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from sqlite_utils import Database

from warroom.domain.commitments import settle_unmet
from warroom.domain.crises import (
    CADENCE_FIELDS,
    KIND_LABELS,
    Crisis,
    cadence_from_minutes,
    cadence_minutes,
    cadence_problem,
    start_problem,
)
from warroom.domain.deadlines import Cadence
from warroom.domain.instants import from_text, maybe_from_text, to_text
from warroom.domain.recovery import recovery_plan
from warroom.domain.vocabulary import (
    CommitmentState,
    CrisisKind,
    EntryKind,
    Severity,
    TechnicalStatus,
    Tier,
)
from warroom.domain.wording import count_of
from warroom.store.errors import StoreError
from warroom.store.log import insert_automatic
from warroom.store.tasks import drop_unticked_checklist, in_recovery, insert_checklist, insert_recovery
from warroom.store.transactions import immediate, inserted_id

SYSTEM_AUTHOR = "warroom"


def crisis_from_row(row: dict[str, Any]) -> Crisis:
    cadence = cadence_from_minutes(row)
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


def _check(title: str, started_at: datetime, now: datetime, minutes: dict[str, int]) -> None:
    if not title.strip():
        raise StoreError("A crisis needs a title; say in a few words what is happening.")
    found = [start_problem(started_at, now)] + [cadence_problem(name, value) for name, value in minutes.items()]
    problems = [problem for problem in found if problem]
    if problems:
        raise StoreError(" ".join(problems))


def _log(db: Database, crisis_id: int, text: str, by: str, now: datetime, kind: EntryKind = EntryKind.DECISION) -> int:
    return insert_automatic(db, crisis_id=crisis_id, kind=kind, text=text, by=by, now=now)


def create_crisis(
    db: Database,
    *,
    title: str,
    kind: CrisisKind,
    severity: Severity,
    started_at: datetime,
    now: datetime,
    cadence: Cadence | None = None,
    status: TechnicalStatus = TechnicalStatus.INVESTIGATING,
    by: str = SYSTEM_AUTHOR,
) -> Crisis:
    """Open a crisis with its kind's checklist, and log that it was opened.

    Back-dating is fine, a start in the future is not; every cadence is a positive number of
    minutes."""
    minutes = cadence_minutes(cadence or Cadence())
    _check(title, started_at, now, minutes)
    if status is TechnicalStatus.RESOLVED:
        raise StoreError("A new crisis cannot start resolved; open it as investigating.")
    with immediate(db):
        crisis_id = inserted_id(db.execute(
            "INSERT INTO crises (title, kind, severity, status, started_at, first_contact_critical_min, "
            "first_contact_standard_min, first_contact_stable_min, customer_update_min, internal_sync_min, "
            "created_at) VALUES (:title, :kind, :severity, :status, :started, :first_contact_critical_min, "
            ":first_contact_standard_min, :first_contact_stable_min, :customer_update_min, :internal_sync_min, "
            ":created)",
            dict(title=title.strip(), kind=kind.value, severity=severity.value, status=status.value,
                 started=to_text(started_at), created=to_text(now), **minutes),
        ))
        insert_checklist(db, crisis_id, kind)
        _log(db, crisis_id, f"Crisis opened: {KIND_LABELS[kind]}, {severity.value}, {status.value}.", by, now)
    return get_crisis(db, crisis_id)


def edit_crisis(
    db: Database,
    crisis_id: int,
    *,
    by: str,
    now: datetime,
    title: str | None = None,
    kind: CrisisKind | None = None,
    severity: Severity | None = None,
    status: TechnicalStatus | None = None,
    started_at: datetime | None = None,
    cadence: dict[str, int] | None = None,
) -> tuple[Crisis, int | None]:
    """Change what is given; log one decision entry saying what changed (None: nothing did)."""
    with immediate(db):
        before = get_crisis(db, crisis_id)
        if before.resolved_at is not None:
            raise StoreError(f"Crisis {crisis_id} is resolved; its facts are part of the record now.")
        if status is TechnicalStatus.RESOLVED:
            raise StoreError("Resolve the crisis with `warroom crisis resolve` (it settles promises and plans "
                             "the recovery); engineering's status can say resolved with `warroom status`.")
        minutes = cadence_minutes(before.cadence)
        unknown = set(cadence or {}) - set(CADENCE_FIELDS)
        if unknown:
            raise StoreError(f"Unknown cadence setting {sorted(unknown)[0]!r}.")
        new_minutes = {**minutes, **(cadence or {})}
        new_title = before.title if title is None else title
        new_start = started_at or before.started_at
        _check(new_title, new_start, now, new_minutes)
        changes: list[str] = []
        values: dict[str, object] = {}
        if new_title.strip() != before.title:
            changes.append(f"title → {new_title.strip()!r}")
            values["title"] = new_title.strip()
        for name, old, new in (("kind", before.kind, kind), ("severity", before.severity, severity),
                               ("status", before.status, status)):
            if new is not None and new is not old:
                changes.append(f"{name} {old.value} → {new.value}")
                values[name] = new.value
        if new_start != before.started_at:
            changes.append("start time moved")
            values["started_at"] = to_text(new_start)
        for name, value in new_minutes.items():
            if value != minutes[name]:
                changes.append(f"{CADENCE_FIELDS[name].lower()} {minutes[name]} → {value} min")
                values[name] = value
        if not changes:
            return before, None
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        db.execute(f"UPDATE crises SET {assignments} WHERE id = :id", {**values, "id": crisis_id})
        if kind is not None and kind is not before.kind:
            drop_unticked_checklist(db, crisis_id, kind)
            insert_checklist(db, crisis_id, kind)
        entry = _log(db, crisis_id, "Crisis edited: " + "; ".join(changes) + ".", by, now)
    return get_crisis(db, crisis_id), entry


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


def crises_on_screen(db: Database) -> list[Crisis]:
    """Open crises, then resolved ones whose recovery checklist is not finished."""
    recovering = in_recovery(db)
    return [crisis for crisis in list_crises(db) if crisis.is_open or crisis.id in recovering]


def active_crisis(db: Database, crisis_id: int | None = None) -> Crisis:
    """The crisis asked for, else the most recently started open one, else the latest one
    still in recovery (debrief calls are logged against it)."""
    if crisis_id is not None:
        return get_crisis(db, crisis_id)
    showing = crises_on_screen(db)
    if showing:
        return showing[0]
    raise StoreError(
        'There is no open crisis; start one with `warroom crisis new "TITLE"` '
        "or try `warroom demo`."
    )


@dataclass(frozen=True, slots=True)
class Resolution:
    crisis: Crisis
    settled: dict[CommitmentState, int]
    tasks: int
    affected: int
    critical: int


def resolve_crisis(db: Database, crisis_id: int, now: datetime, *, by: str = SYSTEM_AUTHOR,
                   zone: tzinfo = UTC) -> Resolution:
    """End a crisis: settle its open commitments (missed if their time had passed, with a
    log entry each; cancelled if not yet due), plan the recovery, and log the resolution."""
    from warroom.store.queue import load_queue

    with immediate(db):
        crisis = get_crisis(db, crisis_id)
        if crisis.resolved_at is not None:
            raise StoreError(
                f"Crisis {crisis_id} was already resolved at {crisis.resolved_at:%Y-%m-%d %H:%M} UTC; "
                "nothing was changed."
            )
        if now < crisis.started_at:
            raise StoreError("A crisis cannot be resolved before it started.")
        items = load_queue(db, crisis, now, zone)
        db.execute("UPDATE crises SET resolved_at = ?, status = 'resolved' WHERE id = ?", [to_text(now), crisis_id])
        settled: dict[CommitmentState, int] = {}
        for row in list(db.query(
            "SELECT id, account_id, due_at FROM commitments WHERE crisis_id = ? AND state = 'open'", [crisis_id]
        )):
            state = settle_unmet(from_text(row["due_at"]), now)
            settled[state] = settled.get(state, 0) + 1
            entry = None
            if state is CommitmentState.MISSED:
                entry = insert_automatic(
                    db, crisis_id=crisis_id, account_id=row["account_id"], kind=EntryKind.COMMITMENT_MISSED,
                    text=f"Promised update #{row['id']} missed (nothing logged by its time; crisis resolved).",
                    by=SYSTEM_AUTHOR, now=now)
            db.execute("UPDATE commitments SET state = ?, resolved_at = ?, settled_by_entry_id = ? WHERE id = ?",
                       [state.value, to_text(now), entry, row["id"]])
        affected = [(item.account.id, item.account.name) for item in items]
        critical = [(item.account.id, item.account.name) for item in items if item.tier is Tier.CRITICAL]
        tasks = insert_recovery(db, crisis_id, recovery_plan(now, affected, critical))
        _log(db, crisis_id, f"Crisis resolved; recovery planned: {count_of(tasks, 'task')} over 90 days "
                            f"({count_of(len(affected), 'closure message')}, "
                            f"{count_of(len(critical), 'Critical debrief')}).", by, now)
    return Resolution(get_crisis(db, crisis_id), settled, tasks, len(affected), len(critical))
