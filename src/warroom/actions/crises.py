"""The crisis lifecycle: open, edit, mark affected accounts, engineering status, internal
sync, tasks, resolve, export. Each is one typed call shared by the console and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, TextIO

from sqlite_utils import Database

from warroom.actions.actor import Actor
from warroom.actions.errors import user_action
from warroom.actions.gates import require_open
from warroom.domain.crises import Crisis
from warroom.domain.deadlines import Cadence
from warroom.domain.vocabulary import CrisisKind, ImpactLevel, Severity, TechnicalStatus
from warroom.store import affected as bulk
from warroom.store import crises as store_crises
from warroom.store.rollups import record_sync as store_record_sync
from warroom.store.status import StatusUpdate
from warroom.store.status import post_status as store_post_status
from warroom.store.tasks import Task, get_task
from warroom.store.tasks import tick_task as store_tick_task

if TYPE_CHECKING:
    from warroom.export import Progress


@user_action
def open_crisis(db: Database, actor: Actor, *, title: str, kind: CrisisKind, severity: Severity,
                started_at: datetime | None = None, status: TechnicalStatus = TechnicalStatus.INVESTIGATING,
                cadence: Cadence | None = None) -> Crisis:
    """Open a crisis (back-dating allowed) with its kind's checklist; logged as a decision."""
    now = actor.now()
    return store_crises.create_crisis(db, title=title, kind=kind, severity=severity, started_at=started_at or now,
                                      now=now, cadence=cadence, status=status, by=actor.author)


@dataclass(frozen=True)
class Edited:
    crisis: Crisis
    entry_id: int | None  # the decision entry saying what changed; None when nothing did


@user_action
def edit_crisis(db: Database, actor: Actor, crisis_id: int, *, title: str | None = None,
                kind: CrisisKind | None = None, severity: Severity | None = None,
                status: TechnicalStatus | None = None, started_at: datetime | None = None,
                cadence_minutes: dict[str, int] | None = None) -> Edited:
    """Change what is given; one decision entry says what changed."""
    require_open(db, crisis_id, "edit it")
    crisis, entry = store_crises.edit_crisis(db, crisis_id, by=actor.author, now=actor.now(), title=title, kind=kind,
                                             severity=severity, status=status, started_at=started_at,
                                             cadence=cadence_minutes)
    return Edited(crisis, entry)


@user_action
def resolve_crisis(db: Database, actor: Actor, crisis_id: int) -> store_crises.Resolution:
    """End the crisis: settle open promises, plan the recovery checklist, log it."""
    return store_crises.resolve_crisis(db, crisis_id, actor.now(), by=actor.author, zone=actor.zone)


@user_action
def preview_marking(db: Database, crisis_id: int, selection: bulk.Selection, level: ImpactLevel) -> str:
    """"37 accounts will be marked affected (5 already are)." plus what was not found; reads only."""
    return bulk.preview(db, crisis_id, selection, level)


@user_action
def mark_affected(db: Database, actor: Actor, crisis_id: int, selection: bulk.Selection, level: ImpactLevel,
                  *, data_accessed: bool | None = None) -> int:
    """Mark every selected account in one transaction; returns the decision entry."""
    require_open(db, crisis_id, "mark accounts")
    return bulk.apply_selection(db, crisis_id, selection, level, by=actor.author, now=actor.now(),
                                data_accessed=data_accessed)


@user_action
def post_status(db: Database, actor: Actor, crisis_id: int, *, summary: str,
                status: TechnicalStatus | None = None, scope: str | None = None, eta: str | None = None,
                eta_confidence: str | None = None, workaround: str | None = None) -> StatusUpdate:
    """Engineering's latest word, the single source every draft reads."""
    require_open(db, crisis_id, "post engineering status")
    return store_post_status(db, crisis_id, summary=summary, by=actor.author, now=actor.now(), status=status,
                             scope=scope, eta=eta, eta_confidence=eta_confidence, workaround=workaround)


@user_action
def record_sync(db: Database, actor: Actor, crisis_id: int, summary: str) -> int:
    """Log the internal sync (its summary is the text); the sync timer restarts."""
    return store_record_sync(db, crisis_id, summary=summary, by=actor.author, now=actor.now())


@dataclass(frozen=True)
class Ticked:
    task: Task  # as it is now
    entry_id: int  # the log entry that records the tick


@user_action
def tick_task(db: Database, actor: Actor, task_id: int, *, done: bool) -> Ticked:
    """Tick (or reopen) a checklist or recovery task; logged."""
    entry = store_tick_task(db, task_id, done=done, by=actor.author, now=actor.now())
    return Ticked(get_task(db, task_id), entry)


@user_action
def export_crisis(db: Database, actor: Actor, crisis: Crisis, out: TextIO, *, fmt: str,
                  zone: tzinfo | None = None, progress: Progress | None = None) -> int:
    """Write the post-mortem (md, csv or json) to `out`; returns the number of entries."""
    from warroom.export import export

    return export(db, crisis, out, fmt=fmt, now=actor.now(), zone=zone or actor.zone, progress=progress)


def export_file_name(crisis: Crisis, actor: Actor) -> tuple[str, str]:
    """The stem and suffix of the console's Markdown export: crisis-7-20260310-1500.md."""
    return f"crisis-{crisis.id}-{actor.now().astimezone(actor.zone):%Y%m%d-%H%M}", ".md"

