"""The crisis lifecycle from the console: open and edit a crisis, mark affected accounts in
bulk, post engineering's status, hold the internal sync, tick tasks, resolve, export.

The war-room screen holds one CrisisLifecycle and hands itself over as its typed host."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Protocol

from textual.content import Content

from warroom.actions.errors import ActionError
from warroom.domain.crises import CADENCE_FIELDS, KIND_LABELS, Crisis, cadence_from_minutes, cadence_minutes
from warroom.domain.deadlines import Cadence
from warroom.domain.quickentry import ParseError
from warroom.domain.safetext import terminal_safe
from warroom.domain.times import parse_instant
from warroom.domain.vocabulary import CrisisKind, ImpactLevel, Severity, TechnicalStatus
from warroom.domain.wording import count_of
from warroom.screens.prompt import Answer, Prompt
from warroom.store.errors import StoreError

if TYPE_CHECKING:  # the form (Select, TextArea) is imported on first use, not on the first frame
    from textual.notifications import SeverityLevel

    from warroom.app import WarroomApp
    from warroom.screens.form import Field, Values
    from warroom.store.database import WarroomDatabase

KIND_OPTIONS = tuple((label, kind.value) for kind, label in KIND_LABELS.items())
SEVERITY_OPTIONS = (("L1 critical", "L1"), ("L2 high", "L2"), ("L3 medium", "L3"), ("L4 low", "L4"))
STATUS_OPTIONS = tuple((s.value.capitalize(), s.value) for s in TechnicalStatus)
OPEN_STATUS_OPTIONS = STATUS_OPTIONS[:-1]
LEVEL_OPTIONS = (("Affected", "affected"), ("Business-critical", "business_critical"), ("Minimal", "minimal"),
                 ("Not affected", "not_affected"))
CONFIDENCE_OPTIONS = (("not given", ""), ("low", "low"), ("medium", "medium"), ("high", "high"))


def _minutes(values: Values) -> dict[str, int]:
    """The cadence fields as minutes; a field that is not a whole number raises StoreError."""
    minutes = {}
    for name, label in CADENCE_FIELDS.items():
        text = values[name].strip()
        try:
            minutes[name] = int(text)
        except ValueError:
            raise StoreError(f"{label}: {text[:20]!r} is not a whole number of minutes.") from None
    return minutes


class CrisisHost(Protocol):
    """What the crisis lifecycle needs from the screen that shows the crisis."""

    crisis: Crisis | None

    @property
    def app(self) -> WarroomApp: ...

    @property
    def db(self) -> WarroomDatabase: ...

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...

    def sync(self, force: bool = False) -> None: ...

    def switch_to(self, crisis_id: int) -> None: ...

    def run_worker(self, work: Callable[[], None], *, thread: bool, exclusive: bool, exit_on_error: bool,
                   group: str) -> object: ...


class CrisisLifecycle:
    """The crisis lifecycle from the console, for the screen that holds it (`host`): the
    screen's keys call these methods; every write goes through actions/."""

    def __init__(self, host: CrisisHost) -> None:
        self.host = host

    @property
    def app(self) -> WarroomApp:
        return self.host.app

    @property
    def db(self) -> WarroomDatabase:
        return self.host.db

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.host.notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # --- open and edit ----------------------------------------------------------------------

    def _crisis_fields(self, crisis: Crisis | None) -> list[Field]:
        from warroom.screens.form import Field

        zone, now = self.app.zone, self.app.now()
        minutes = cadence_minutes(crisis.cadence if crisis else Cadence())
        started = (crisis.started_at if crisis else now).astimezone(zone)
        fields = [
            Field("title", "Title: what is happening, in a few words", crisis.title if crisis else ""),
            Field("kind", "Kind", crisis.kind.value if crisis else "outage", options=KIND_OPTIONS),
            Field("severity", "Severity", crisis.severity.value if crisis else "L2", options=SEVERITY_OPTIONS),
            Field("status", "Technical status", crisis.status.value if crisis else "investigating",
                  options=OPEN_STATUS_OPTIONS),
            Field("started", "Started at (HH:MM today or 2026-11-27T09:40; back-dating is fine)",
                  started.strftime("%Y-%m-%dT%H:%M") if crisis else "", placeholder="empty: now"),
        ]
        fields += [Field(name, f"{label} (minutes)", str(minutes[name])) for name, label in CADENCE_FIELDS.items()]
        return fields

    def _started(self, values: Values, now: datetime) -> datetime:
        text = values["started"].strip()
        return parse_instant(text, now, self.app.zone) if text else now

    def new_crisis(self) -> None:
        from warroom.actions.crises import open_crisis
        from warroom.screens.form import FormScreen

        def save(values: Values) -> str | None:
            now = self.app.now()
            try:
                created = open_crisis(
                    self.db, self.app.actor, title=values["title"], kind=CrisisKind(values["kind"]),
                    severity=Severity(values["severity"]), status=TechnicalStatus(values["status"]),
                    started_at=self._started(values, now), cadence=cadence_from_minutes(_minutes(values)))
            except (ActionError, StoreError, ParseError) as error:
                return str(error)
            self.notify(f"Opened crisis #{created.id}: here is its checklist. Then m marks affected accounts.",
                        markup=False)
            self.host.switch_to(created.id)
            self.app.call_later(self.tasks)  # the kind's checklist, once the form has closed
            return None

        self.app.push_screen(FormScreen("New crisis", self._crisis_fields(None), save=save))

    def edit_crisis(self) -> None:
        from warroom.actions.crises import edit_crisis
        from warroom.screens.form import FormScreen

        crisis = self.host.crisis
        if crisis is None or not crisis.is_open:
            self.notify("There is no open crisis on screen to edit.", markup=False)
            return

        def save(values: Values) -> str | None:
            now = self.app.now()
            try:
                edited = edit_crisis(
                    self.db, self.app.actor, crisis.id, title=values["title"],
                    kind=CrisisKind(values["kind"]), severity=Severity(values["severity"]),
                    status=TechnicalStatus(values["status"]), started_at=self._started(values, now),
                    cadence_minutes=_minutes(values))
            except (ActionError, StoreError, ParseError) as error:
                return str(error)
            self.notify("Crisis updated; the change is logged." if edited.entry_id else "Nothing changed.",
                        markup=False)
            self.host.switch_to(crisis.id)
            return None

        fields = self._crisis_fields(crisis)
        self.app.push_screen(FormScreen(f"Edit crisis #{crisis.id}", fields, save=save))

    # --- affected accounts in bulk ----------------------------------------------------------

    def mark_affected(self) -> None:
        from warroom.actions.crises import mark_affected, preview_marking
        from warroom.screens.form import Field, FormScreen
        from warroom.store import affected as bulk

        crisis = self._open_crisis_or_say()
        if crisis is None:
            return

        def selection(values: Values):
            chosen = [name for name in ("filter", "paste", "csv") if values[name].strip()]
            if len(chosen) != 1:
                raise StoreError("Fill one of: filter, pasted list, CSV file.")
            if chosen == ["filter"]:
                expressions = [part for part in values["filter"].split(";") if part.strip()]
                return bulk.select_by_filter(self.db, bulk.parse_filter(expressions))
            if chosen == ["paste"]:
                return bulk.select_by_list(self.db, values["paste"])
            return bulk.select_from_csv(self.db, values["csv"].strip())

        def preview(values: Values) -> str:
            try:
                return preview_marking(self.db, crisis.id, selection(values), ImpactLevel(values["level"]))
            except (ActionError, StoreError) as error:
                return str(error)

        def save(values: Values) -> str | None:
            try:
                entry = mark_affected(self.db, self.app.actor, crisis.id, selection(values),
                                      ImpactLevel(values["level"]),
                                      data_accessed=True if values["data"] == "yes" else None)
            except (ActionError, StoreError) as error:
                return str(error)
            self.notify(f"Marked; logged as decision #{entry}.", markup=False)
            self.host.sync(force=True)
            return None

        fields = [
            Field("level", "Mark them as", "affected", options=LEVEL_OPTIONS),
            Field("filter", "By filter: FIELD=VALUE; ... (industry, country, segment, owner, region)",
                  placeholder="industry=Healthcare,Banking; country=DE"),
            Field("paste", "Or paste names or ids (one per line, or comma-separated)", multiline=True),
            Field("csv", "Or a CSV file of ids from engineering", placeholder="/path/to/affected.csv"),
            Field("data", "Their data was accessed (security: makes them Critical)", "no",
                  options=(("no", "no"), ("yes", "yes"))),
        ]
        self.app.push_screen(FormScreen(f"Mark affected accounts: crisis #{crisis.id}", fields, save=save,
                                        preview=preview, hint="nothing changes until ctrl+s"))

    # --- engineering status -----------------------------------------------------------------

    def post_status(self) -> None:
        from warroom.actions.crises import post_status
        from warroom.screens.form import Field, FormScreen
        from warroom.store.status import latest_status

        crisis = self._open_crisis_or_say()
        if crisis is None:
            return
        latest = latest_status(self.db, crisis.id)

        def save(values: Values) -> str | None:
            try:
                post_status(self.db, self.app.actor, crisis.id, summary=values["summary"],
                            status=TechnicalStatus(values["status"]), scope=values["scope"],
                            eta=values["eta"], eta_confidence=values["confidence"] or None,
                            workaround=values["workaround"])
            except ActionError as error:
                return str(error)
            self.notify("Engineering status recorded; every draft uses it now.", markup=False)
            self.host.sync(force=True)
            return None

        fields = [
            Field("status", "Technical status", crisis.status.value, options=STATUS_OPTIONS),
            Field("summary", "What happened / what we know now (required)"),
            Field("scope", "Scope: who and what is hit", (latest.scope or "") if latest else ""),
            Field("eta", "ETA, in words", (latest.eta or "") if latest else "", placeholder="about 60 minutes"),
            Field("confidence", "Confidence in the ETA", (latest.eta_confidence or "") if latest else "",
                  options=CONFIDENCE_OPTIONS),
            Field("workaround", "Workaround customers can use", (latest.workaround or "") if latest else ""),
        ]
        self.app.push_screen(FormScreen(f"Engineering status: crisis #{crisis.id}", fields, save=save))

    # --- internal sync ----------------------------------------------------------------------

    def sync_summary(self) -> None:
        from warroom.actions.crises import record_sync
        from warroom.compose.sync_summary import sync_summary
        from warroom.screens.sync_view import SyncView
        from warroom.store.rollups import crisis_rollup

        crisis = self._open_crisis_or_say()
        if crisis is None:
            return
        now = self.app.now()
        text = sync_summary(crisis_rollup(self.db, crisis, now, self.app.zone), self.app.zone)

        def record(summary: str) -> str:
            entry = record_sync(self.db, self.app.actor, crisis.id, summary)
            self.host.sync(force=True)
            return f"Sync logged (#{entry}); next one in {int(crisis.cadence.internal_sync.total_seconds() // 60)} min."

        self.app.push_screen(SyncView(f"Internal sync: {terminal_safe(crisis.title, limit=70)}", text, record))

    # --- tasks ------------------------------------------------------------------------------

    def tasks(self) -> None:
        from warroom.actions.crises import tick_task
        from warroom.screens.tasks_view import TasksView
        from warroom.store.tasks import list_tasks

        crisis = self.host.crisis
        if crisis is None:
            self.notify("No crisis on screen.", markup=False)
            return

        def toggle(task):
            try:
                return tick_task(self.db, self.app.actor, task.id, done=task.done_at is None).task
            except ActionError as error:
                return str(error)

        def closed(_) -> None:
            self.host.sync(force=True)

        self.app.push_screen(TasksView(f"Tasks: #{crisis.id} {terminal_safe(crisis.title, limit=70)}",
                                       lambda: list_tasks(self.db, crisis.id), toggle, self.app.now, self.app.zone),
                             closed)

    # --- resolve and export -----------------------------------------------------------------

    def resolve(self) -> None:
        crisis = self._open_crisis_or_say()
        if crisis is None:
            return

        def chosen(answer: Answer | None) -> None:
            if answer is not None and answer.choice:
                self.notify("Resolving: settling promises and planning the recovery…", markup=False, timeout=3)
                self._resolve(crisis)

        self.app.push_screen(Prompt(
            Content.assemble("Resolve ", (terminal_safe(crisis.title, limit=60), "bold"), "?"),
            choices=[("No, keep it open", False),
                     ("Yes: settle open promises and plan the recovery checklist", True)]), chosen)

    def _resolve(self, crisis: Crisis) -> None:
        self.host.run_worker(partial(self._resolve_now, crisis), thread=True, exclusive=True, exit_on_error=False,
                             group="resolve")

    def _resolve_now(self, crisis: Crisis) -> None:
        # Off the UI thread, on its own connection: a crisis with 40,000 affected accounts
        # takes about 2 s to settle and plan.
        from warroom.actions.crises import resolve_crisis
        from warroom.store.database import connection_for_worker

        try:
            with connection_for_worker(self.app.db) as db:
                done = resolve_crisis(db, self.app.actor, crisis.id)
        except (ActionError, StoreError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        missed = sum(count for state, count in done.settled.items() if state.value == "missed")
        self.app.call_from_thread(
            self.notify, f"Resolved. {count_of(missed, 'open promise')} already past due: logged as missed. "
            f"Recovery planned: {count_of(done.tasks, 'task')} (press t).", markup=False, timeout=8)
        self.app.call_from_thread(self.host.switch_to, crisis.id)

    def export(self) -> None:
        if self.host.crisis is None:
            self.notify("No crisis on screen to export.", markup=False)
            return
        self.notify("Exporting the post-mortem (Markdown)…", markup=False, timeout=2)
        self._export(self.host.crisis)

    def _export(self, crisis: Crisis) -> None:
        self.host.run_worker(partial(self._export_now, crisis), thread=True, exclusive=True, exit_on_error=False,
                             group="export")

    def _export_now(self, crisis: Crisis) -> None:
        from warroom import locations
        from warroom.actions.crises import export_crisis, export_file_name
        from warroom.private_files import new_private_file, private_folder, private_writer
        from warroom.store.database import connection_for_worker

        try:
            # Customer content: 0600 in a 0700 folder, written whole or not at all, never over
            # an export made earlier in the same minute.
            path = new_private_file(private_folder(locations.exports_dir()), *export_file_name(crisis, self.app.actor))
            with connection_for_worker(self.app.db) as db, private_writer(path) as out:
                count = export_crisis(db, self.app.actor, crisis, out, fmt="md")
        except (OSError, ActionError, StoreError) as error:
            self.app.call_from_thread(self.notify, f"Export failed: {error}", severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, f"Exported {count} entries to {path}", markup=False, timeout=10)

    def _open_crisis_or_say(self) -> Crisis | None:
        if self.host.crisis is None or not self.host.crisis.is_open:
            self.notify("There is no open crisis on screen; N opens one.", markup=False)
            return None
        return self.host.crisis
