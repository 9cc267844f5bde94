"""Tasks of a crisis: its kind's checklist (from the start) and the recovery checklist
(from the resolution). Ticking or unticking one is logged, so the post-mortem shows who did
what and when."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from warroom.domain.checklists import LEGAL_REVIEW, checklist_for
from warroom.domain.crises import Crisis
from warroom.domain.instants import maybe_from_text, to_text
from warroom.domain.recovery import PlannedTask
from warroom.domain.vocabulary import CrisisKind, EntryKind
from warroom.store.errors import StoreError
from warroom.store.log import insert_automatic
from warroom.store.transactions import immediate

CHECKLIST = "checklist"


@dataclass(frozen=True, slots=True)
class Task:
    id: int
    crisis_id: int
    title: str
    phase: str
    account_id: int | None
    due_at: datetime | None
    done_at: datetime | None
    done_by: str | None

    @property
    def is_checklist(self) -> bool:
        return self.phase == CHECKLIST

    def overdue(self, now: datetime) -> bool:
        return self.done_at is None and self.due_at is not None and self.due_at < now


def _task(row: dict[str, Any]) -> Task:
    return Task(row["id"], row["crisis_id"], row["title"], row["phase"] or "", row["account_id"],
                maybe_from_text(row["due_at"]), maybe_from_text(row["done_at"]), row["done_by"])


def insert_checklist(db: Database, crisis_id: int, kind: CrisisKind) -> None:
    """Add the kind's checklist items the crisis does not have yet (call inside a transaction)."""
    for item in checklist_for(kind):
        db.execute(
            "INSERT INTO tasks (crisis_id, title, phase, key) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (crisis_id, key) WHERE key IS NOT NULL DO NOTHING",
            [crisis_id, item.title, CHECKLIST, item.key],
        )


def drop_unticked_checklist(db: Database, crisis_id: int, keep: CrisisKind) -> None:
    """When a crisis changes kind: unticked items of the old kind go (ticked ones stay as record)."""
    keys = [item.key for item in checklist_for(keep)]
    db.execute(
        f"DELETE FROM tasks WHERE crisis_id = ? AND phase = ? AND done_at IS NULL "
        f"AND key NOT IN ({', '.join('?' for _ in keys)})",
        [crisis_id, CHECKLIST, *keys],
    )


def insert_recovery(db: Database, crisis_id: int, plan: Iterable[PlannedTask]) -> int:
    """Write the recovery plan (call inside a transaction); returns how many tasks."""
    rows = [[crisis_id, task.account_id, task.title, task.phase, to_text(task.due_at)] for task in plan]
    db.conn.executemany(
        "INSERT INTO tasks (crisis_id, account_id, title, phase, due_at) VALUES (?, ?, ?, ?, ?)", rows
    )
    return len(rows)


def list_tasks(db: Database, crisis_id: int) -> list[Task]:
    """The checklist first, then recovery tasks by due date."""
    return [
        _task(row)
        for row in db.query(
            "SELECT * FROM tasks WHERE crisis_id = ? ORDER BY phase != ?, due_at, id", [crisis_id, CHECKLIST]
        )
    ]


def get_task(db: Database, task_id: int) -> Task:
    row = next(db.query("SELECT * FROM tasks WHERE id = ?", [task_id]), None)
    if row is None:
        raise StoreError(f"There is no task {task_id}.")
    return _task(row)


def find_task(db: Database, crisis_id: int, reference: str) -> Task:
    """A task by its number, or by a unique piece of its title."""
    tasks = list_tasks(db, crisis_id)
    if reference.strip().isdigit():
        found = [task for task in tasks if task.id == int(reference)]
    else:
        wanted = reference.casefold().strip()
        found = [task for task in tasks if wanted and wanted in task.title.casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise StoreError(f"Crisis {crisis_id} has no task matching {reference!r}; `warroom tasks` lists them.")
    raise StoreError(f"{len(found)} tasks match {reference!r}; give its number (`warroom tasks` lists them).")


def tick_task(db: Database, task_id: int, *, done: bool, by: str, now: datetime) -> int:
    """Tick (or untick) a task and log it; returns the log entry's id."""
    with immediate(db):
        task = get_task(db, task_id)
        if done == (task.done_at is not None):
            state = "already ticked" if done else "not ticked"
            raise StoreError(f"Task {task_id} ({task.title}) is {state}.")
        db.execute(
            "UPDATE tasks SET done_at = ?, done_by = ? WHERE id = ?",
            [to_text(now) if done else None, by if done else None, task_id],
        )
        return insert_automatic(db, crisis_id=task.crisis_id, account_id=task.account_id, kind=EntryKind.TASK,
                                text=f"{'Done' if done else 'Reopened'}: {task.title}", by=by, now=now)


def legal_review_pending(db: Database, crisis: Crisis) -> bool:
    """True while a security crisis's checklist says legal has not been arranged to review
    every customer message."""
    if crisis.kind is not CrisisKind.SECURITY:
        return False
    row = next(db.query("SELECT done_at FROM tasks WHERE crisis_id = ? AND key = ?", [crisis.id, LEGAL_REVIEW]),
               None)
    return row is None or row["done_at"] is None


def in_recovery(db: Database) -> set[int]:
    """Resolved crises whose recovery checklist is not finished: they stay on screen."""
    return {
        row["crisis_id"]
        for row in db.query(
            "SELECT DISTINCT t.crisis_id FROM tasks t JOIN crises c ON c.id = t.crisis_id "
            "WHERE c.resolved_at IS NOT NULL AND t.phase != ? AND t.done_at IS NULL",
            [CHECKLIST],
        )
    }
