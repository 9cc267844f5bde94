"""The war-room screen: header, live queue, account detail, filter, and the actions a CSM
takes by keyboard. Reads and writes go through store/; rules come from domain/."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from sqlite_utils import Database
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from warroom.actions.accounts import SNOOZE_FOR, override_tier, set_impact, snooze_alarm
from warroom.actions.drafts import suggested_contact, templates_in_order
from warroom.actions.entries import log_entry, read_entry
from warroom.actions.errors import ActionError
from warroom.domain.alarms import Alarms
from warroom.domain.compensation import suggest
from warroom.domain.crises import Crisis
from warroom.domain.deadlines import format_countdown
from warroom.domain.queue import QueueItem
from warroom.domain.queue_index import QueueIndex
from warroom.domain.rollups import next_sync
from warroom.domain.safetext import terminal_safe
from warroom.domain.times import resolve_time
from warroom.domain.vocabulary import ImpactLevel, Tier
from warroom.domain.zones import zone_named
from warroom.screens.crisis_actions import CrisisLifecycle
from warroom.screens.help import HelpScreen, binding_lines
from warroom.screens.prompt import Answer, Prompt
from warroom.store.accounts import account_names_starting
from warroom.store.changes import changes_since, data_version, latest_seq, summarise
from warroom.store.crises import crises_on_screen, list_crises
from warroom.store.database import connection_for_worker
from warroom.store.detail import account_detail
from warroom.store.errors import StoreError
from warroom.store.log import toggle_pin
from warroom.store.queue import load_queue, portfolio_average_arr
from warroom.store.quick_entries import Understanding, contacts_of
from warroom.store.rollups import last_sync_at
from warroom.store.snoozes import last_snoozes
from warroom.store.status import latest_status
from warroom.store.writer import Writer
from warroom.widgets.account_detail import AccountDetailPane
from warroom.widgets.crisis_header import CrisisHeader
from warroom.widgets.log_view import LogView
from warroom.widgets.queue_columns import Layout
from warroom.widgets.queue_view import QueueView, column_titles
from warroom.widgets.quick_entry import AccountSuggester, QuickEntry
from warroom.widgets.safe_input import SafeInput

NARROW_BELOW = 140  # columns: below this the detail pane opens on Enter instead of beside the queue
# Beyond this many accounts changed at once by another session, reload everything in a worker.
INCREMENTAL_LIMIT = 500

IMPACT_CHOICES = [
    ("Not affected", ImpactLevel.NOT_AFFECTED),
    ("Minimal", ImpactLevel.MINIMAL),
    ("Affected", ImpactLevel.AFFECTED),
    ("Business-critical", ImpactLevel.BUSINESS_CRITICAL),
]
TIER_CHOICES = [
    ("Critical", Tier.CRITICAL),
    ("Standard", Tier.STANDARD),
    ("Stable", Tier.STABLE),
    ("Not affected", Tier.NOT_AFFECTED),
    ("Clear the override (back to the rules)", None),
]


def write_failure(error: Exception) -> str:
    """The sentence for a write that did not happen. A user-facing refusal says itself; an
    error nobody foresaw leaves a crash report, but the console goes on and nothing typed is
    lost (the words stay where they were typed)."""
    if isinstance(error, (ActionError, StoreError)):
        return str(error)
    from warroom.crash import survived_sentence

    return survived_sentence(error)


class QueueLoaded(Message):
    def __init__(self, items: list[QueueItem], generation: int, portfolio_average: float) -> None:
        super().__init__()
        self.items, self.generation, self.portfolio_average = items, generation, portfolio_average


class LoadFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class WarroomScreen(Screen):
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="queue.filter", tooltip="Filter by name, industry, owner or reason"),
        Binding("1", "jump('critical')", "Critical", id="queue.critical", tooltip="Jump to the Critical tier"),
        Binding("2", "jump('standard')", "Standard", id="queue.standard", tooltip="Jump to the Standard tier"),
        Binding("3", "jump('stable')", "Stable", id="queue.stable", tooltip="Jump to the Stable tier"),
        Binding("a", "toggle_not_affected", "Not affected", id="queue.not_affected",
                tooltip="Show or hide accounts not affected"),
        Binding("s", "toggle_order", "Sort", id="queue.sort",
                tooltip="Urgency then matrix, or decision matrix only"),
        Binding("i", "set_impact", "Impact", id="account.impact", tooltip="Set how hard the crisis hits the account"),
        Binding("o", "override", "Override", id="account.override", tooltip="Put the account in a tier, with a reason"),
        Binding("z", "snooze", "Snooze", id="alarm.snooze",
                tooltip="Silence the account's overdue alarm, with a reason"),
        Binding("enter", "toggle_detail", "Detail", id="account.detail", show=False,
                tooltip="Open or close the account detail (narrow screens)"),
        Binding("l", "log_entry", "Log", id="log.entry",
                tooltip="Log a call, email, promise or decision for the selected account"),
        Binding("c", "compose", "Draft", id="draft.compose",
                tooltip="Compose a message for a contact of the selected account"),
        Binding("C", "compose_tier", "Tier drafts", id="draft.tier",
                tooltip="One draft after another for every account of this tier, from the selected one"),
        Binding("L", "toggle_log", "Log pane", id="log.toggle", tooltip="Show or hide the crisis log"),
        Binding("x", "switch_crisis", "Crisis", id="crisis.switch", tooltip="Switch to another crisis"),
        Binding("N", "new_crisis", "New crisis", id="crisis.new", show=False,
                tooltip="Open a new crisis: title, kind, severity, start, cadence"),
        Binding("E", "edit_crisis", "Edit crisis", id="crisis.edit", show=False,
                tooltip="Edit the crisis on screen (logged as a decision)"),
        Binding("m", "mark_affected", "Mark", id="crisis.mark",
                tooltip="Mark affected accounts in bulk: by filter, pasted list or CSV"),
        Binding("S", "post_status", "Eng status", id="crisis.status",
                tooltip="Record engineering's status: what happened, scope, ETA, workaround"),
        Binding("y", "sync_summary", "Sync", id="crisis.sync",
                tooltip="Internal sync summary with the roll-ups, to copy and log"),
        Binding("t", "tasks", "Tasks", id="crisis.tasks", tooltip="The crisis checklist and recovery tasks"),
        Binding("R", "resolve", "Resolve", id="crisis.resolve", show=False,
                tooltip="Resolve the crisis: settle promises, plan the recovery"),
        Binding("X", "export", "Export", id="crisis.export", show=False,
                tooltip="Export the post-mortem as Markdown to your data folder"),
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Every key and what it does"),
        Binding("q", "app.quit", "Quit", id="app.quit", tooltip="Leave Warroom (everything is already saved)"),
    ]
    # Priority: the app runs them as the key arrives, before forwarding the keys typed after
    # it, so "l" then fast typing lands every word in the line (check_action turns them off
    # while a line has the focus, so typing an "l" there is just a letter).
    BINDINGS = [replace(binding, priority=True) for binding in BINDINGS]

    def __init__(self) -> None:
        super().__init__()
        self.lifecycle = CrisisLifecycle(self)  # open, edit, mark, status, sync, tasks, resolve, export
        self.crisis: Crisis | None = None
        self.crises: list[Crisis] = []
        self.index = QueueIndex([])
        self.filter_text = ""
        self.show_not_affected = False
        self.generation = 0
        self.loaded = False
        self.last_tick: datetime | None = None
        self.alarms = Alarms()
        self.seen_seq = 0
        self.seen_version = 0
        self._column_titles = ""
        self.amending: int | None = None
        self.last_sync: datetime | None = None
        self.writing = False  # a quick entry is on its way to the disk
        self.file_gone = False
        self.portfolio_average: float | None = None  # of the last full load (see sync)

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield CrisisHeader(id="header")
        with Horizontal(id="body"):
            with Vertical(id="queue-pane"):
                yield Static(id="columns")
                yield QueueView(id="queue")
            # The detail pane and the filter field are mounted after the first frame: every
            # widget on the first frame costs start-up time.
        yield Footer()

    @property
    def queue(self) -> QueueView:
        return self.query_one(QueueView)

    @property
    def db(self):
        return self.app.db

    def on_mount(self) -> None:
        self.writer = Writer(self.app.db)
        self.queue.due_soon = self.app.due_soon
        self.query_one(CrisisHeader).due_soon = self.app.due_soon
        self.set_focus(self.queue)
        # Paint the frame first, then read: the first frame must not wait on the disk.
        self.call_after_refresh(self._first_load)

    @property
    def detail(self) -> AccountDetailPane:
        return self.query_one(AccountDetailPane)

    async def _first_load(self) -> None:
        body = self.query_one("#body")
        if not body.is_attached:
            return  # the app is closing already
        detail = AccountDetailPane(id="detail")
        detail.due_soon = self.app.due_soon
        await body.mount(detail)
        log = LogView(self.db, id="log")
        log.zone = self.app.zone
        await self.mount(Vertical(Static(id="log-title"), log, id="log-pane"), after=body)
        # Mounted now (hidden) so that `l` and `/` open them at once, with nothing to wait for.
        await self.mount(QuickEntry(AccountSuggester(self._account_names), id="quick-entry"),
                         before=self.query_one(Footer))
        await self.query_one("#queue-pane").mount(
            SafeInput(placeholder="filter: name, industry, owner or reason (Enter keeps, Esc clears)", id="filter"),
            before=0)
        self.set_class(self.size.height < 40, "-no-log")
        self.seen_seq = latest_seq(self.db)
        self.seen_version = data_version(self.db)
        self.reload_crises()

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")
        self._show_columns()

    def _show_columns(self) -> None:
        width = self.queue.scrollable_content_region.width or self.size.width
        titles = column_titles(Layout.for_width(width))
        if titles != self._column_titles:  # an update re-lays out the screen: only on change
            self._column_titles = titles
            self.query_one("#columns", Static).update(Content(titles))

    # --- loading --------------------------------------------------------------------------

    def reload_crises(self, prefer: int | None = None) -> None:
        self.crises = crises_on_screen(self.db)
        keep = prefer or (self.crisis.id if self.crisis else None)
        chosen = next((c for c in self.crises if c.id == keep), None)
        if chosen is None and keep is not None:
            chosen = next((c for c in list_crises(self.db) if c.id == keep), None)
        self.crisis = chosen or (self.crises[0] if self.crises else None)
        others = len([c for c in self.crises if self.crisis is None or c.id != self.crisis.id])
        self.query_one(CrisisHeader).show(self.crisis, others)
        self._show_marks()
        current = self.queue.current
        self.log_view.show(self.crisis.id if self.crisis else None, current.account.id if current else None)
        if self.crisis is None:
            self.index = QueueIndex([])
            self.loaded = True
            self.queue.empty_message = (
                'No crisis is open. Start one with `warroom crisis new "TITLE"` '
                "(then `warroom impact` to mark accounts), or explore with `warroom demo`."
            )
            self.refresh_rows()
            self.tick(self.app.now())
            return
        self._load_snoozes()
        self.generation += 1
        self.loaded = False
        self.queue.empty_message = "Loading the queue…"
        self.load_in_background(self.crisis, self.generation, self.show_not_affected)

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-load")
    def load_in_background(self, crisis: Crisis, generation: int, with_not_affected: bool = False) -> None:
        # Its own connection: a sqlite3 connection is not shared across threads. Not affected
        # accounts are loaded only once asked for: at 50,000 accounts they cost memory.
        try:
            with connection_for_worker(self.app.db) as db:
                average = portfolio_average_arr(db)
                items = load_queue(db, crisis, self.app.now(), self.app.zone, include_not_affected=with_not_affected,
                                   portfolio_average=average)
        except StoreError as error:
            self.post_message(LoadFailed(str(error)))
            return
        self.post_message(QueueLoaded(items, generation, average))

    def _show_marks(self) -> None:
        """The header's status age and sync countdown read from the log."""
        crisis = self.crisis
        if crisis is None:
            return
        status = latest_status(self.db, crisis.id)
        self.last_sync = last_sync_at(self.db, crisis.id)
        self.query_one(CrisisHeader).marks(self.last_sync, status.at if status else None)

    def on_queue_loaded(self, message: QueueLoaded) -> None:
        if message.generation != self.generation:
            return  # a newer load is on its way
        self.portfolio_average = message.portfolio_average
        self.index = QueueIndex(message.items, by_matrix=self.index.by_matrix)
        # The index lives as long as the crisis is on screen: leave its 200,000-odd objects
        # out of the collector's full passes (each one paused the screen for about 230 ms).
        gc.freeze()
        self.loaded = True
        self.queue.empty_message = "No account matches." if self.filter_text else "No account is marked affected yet."
        self.refresh_rows()
        self.tick(self.app.now())

    def on_load_failed(self, message: LoadFailed) -> None:
        self.queue.empty_message = message.reason
        self.queue.refresh()
        self.notify(message.reason, title="Could not load the queue", severity="error", markup=False)

    def refresh_rows(self) -> None:
        self.queue.set_rows(self.index.rows(self.filter_text, self.show_not_affected))
        self._show_columns()
        if self.queue.current is None:
            self.detail.show(None, None, self.app.now(), self.app.zone)

    def _load_snoozes(self) -> None:
        self.alarms.snoozed_until = {account_id: at + SNOOZE_FOR
                                     for account_id, at in last_snoozes(self.db, self.crisis.id).items()}

    # --- the clock ------------------------------------------------------------------------

    def tick(self, now: datetime) -> None:
        """Once a second: countdowns, header counts, alarms, and other sessions' changes."""
        self._check_file()
        self.sync()
        counts = self.index.counts(now, self.app.due_soon)
        self.query_one(CrisisHeader).tick(now, counts, self.index.arr_by_tier)
        self.queue.tick(now)
        self.detail.tick(now)
        if self.loaded and self.crisis is not None and self.crisis.is_open:
            index = self.index
            for ring in self.alarms.check(now, index.passed_between, index.overdue,
                                          next_sync(self.crisis, self.last_sync, now)):
                self.app.bell()
                self.notify(ring.text, title=ring.title, severity=ring.severity, markup=False)
        self.last_tick = now

    def _check_file(self) -> None:
        """Say once, loudly, when the database file is deleted, moved or replaced under us
        (every write checks too and is refused)."""
        reason = self.app.db.gone_reason()
        if reason and not self.file_gone:
            self.app.bell()
            self.notify(reason, title="The database is gone", severity="error", markup=False, timeout=3600)
        self.file_gone = reason is not None

    # --- other sessions -------------------------------------------------------------------

    def sync(self, force: bool = False) -> None:
        """Pick up what other sessions (or our own writes) committed since we last looked."""
        version = data_version(self.db)
        if not force and version == self.seen_version:
            return
        self.seen_version = version
        changes = changes_since(self.db, self.seen_seq)
        if not changes:
            return
        self.seen_seq = changes[-1].seq
        summary = summarise(self.db, changes)
        tasks_changed = "tasks" in {change.table_name for change in changes}
        if summary.crises_changed or (tasks_changed and self.crisis is not None and not self.crisis.is_open):
            self.reload_crises()
            return
        if summary.status_changed or summary.log_changed:
            self._show_marks()
        if summary.crises_changed:
            self.reload_crises()
            return
        if self.crisis is None or not self.loaded:
            return
        if len(summary.account_ids) > INCREMENTAL_LIMIT:
            self.generation += 1
            self.load_in_background(self.crisis, self.generation, self.show_not_affected)
            return
        if summary.account_ids:
            # Only the touched accounts are read and triaged, then moved in place. They are
            # read by id alone, affected or not: asking SQLite for affected ones only makes it
            # list every impact of the crisis first (tens of ms at 50,000 accounts).
            # The portfolio's ARR average is the one of the last full load (a scan of every
            # account otherwise); a bulk change of more accounts reloads everything anyway.
            fresh = load_queue(self.db, self.crisis, self.app.now(), self.app.zone,
                               include_not_affected=True, account_ids=summary.account_ids,
                               portfolio_average=self.portfolio_average)
            if not self.show_not_affected:
                fresh = [item for item in fresh if item.tier is not Tier.NOT_AFFECTED]
            returned = {item.account.id for item in fresh}
            self.index.replace(fresh, removed=summary.account_ids - returned)
            self.refresh_rows()
            current = self.queue.current
            if current is not None and current.account.id in summary.account_ids:
                self.show_detail(current)
        if summary.log_changed and self.crisis:
            self._load_snoozes()
            self.log_view.entries_added()
        elif "pins" in {change.table_name for change in changes}:
            self.log_view.entries_added()

    # --- detail ---------------------------------------------------------------------------

    @property
    def log_view(self) -> LogView:
        return self.query_one(LogView)

    def on_queue_view_highlighted(self, message: QueueView.Highlighted) -> None:
        self.show_detail(message.item)
        self.log_view.select_account(message.item.account.id if message.item else None)

    def on_log_view_filter_changed(self, message: LogView.FilterChanged) -> None:
        self.query_one("#log-title", Static).update(
            Content.assemble((self.log_view.describe_filter(), "bold"),
                             ("   Tab to focus · f this account · K kind · / search · u UTC · p pin · e amend",
                              "$text-muted")))

    def on_log_view_action(self, message: LogView.Action) -> None:
        line = message.line
        if message.verb == "search":
            def searched(answer: Answer | None) -> None:
                if answer is not None:
                    self.log_view.search(answer.reason)

            self.app.push_screen(Prompt("Search the crisis log (empty shows everything)", allow_empty=True,
                                        reason_label="words to find", initial=self.log_view.filter.search or ""),
                                 searched)
        elif message.verb == "pin":
            self._write(lambda db: toggle_pin(db, line.id, by=self.app.author, now=self.app.now()))
        elif message.verb == "amend":
            self.amending = line.id
            self.action_log_entry()

    def action_toggle_log(self) -> None:
        self.toggle_class("-no-log")
        if not self.has_class("-no-log"):
            self.log_view.to_newest()

    def show_detail(self, item: QueueItem | None) -> None:
        detail = account_detail(self.db, item.account.id, self.crisis.id if self.crisis else None) if item else None
        offer = None
        if item is not None and detail is not None and self.crisis is not None and item.tier is not Tier.NOT_AFFECTED:
            offer = suggest(self.crisis.severity, item.account.arr, authority=self.app.config.credit_authority,
                            enterprise=(detail.segment or "").casefold().startswith("enterprise"))
        self.detail.show(item, detail, self.app.now(), self.app.zone, offer)

    def action_toggle_detail(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-show-detail")
            showing = self.has_class("-show-detail")
            self.detail.can_focus = showing
            if showing:
                self.detail.focus()
            else:
                self.set_focus(self.queue)

    # --- filter and navigation ------------------------------------------------------------

    def _filter_field(self) -> Input | None:
        found = self.query("#filter")
        return found.first(Input) if found else None

    def action_filter(self) -> None:
        field = self._filter_field()
        if field is None:
            return
        field.add_class("-open")
        self.set_focus(field)  # now, so the first letters typed land in the field

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.filter_text = event.value
            self.refresh_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            if not event.value:
                event.input.remove_class("-open")
            self.set_focus(self.queue)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """While a line has the focus, the screen's keys are off: every key is for the line."""
        if self.app.quitting:
            return False
        if isinstance(self.focused, Input):
            return False
        if action == "filter" and isinstance(self.focused, LogView):
            return False  # "/" in the log searches the log
        return True

    def on_key(self, event) -> None:
        field = self._filter_field()
        entry = self._quick_entry()
        if event.key == "escape" and entry is not None and entry.line.has_focus:
            event.stop()
            self.amending = None
            entry.close(keep_draft=True)  # Esc hides the line; the words wait for the next open
            self.set_focus(self.queue)
        elif event.key == "escape" and field is not None and field.has_focus:
            event.stop()
            field.value = ""
            field.remove_class("-open")
            self.set_focus(self.queue)
        elif event.key == "escape" and self.has_class("-show-detail"):
            event.stop()
            self.action_toggle_detail()

    def action_jump(self, tier: str) -> None:
        if not self.queue.jump_to_tier(Tier(tier)):
            self.notify(f"No {Tier(tier).label} accounts{' match the filter' if self.filter_text else ''}.",
                        markup=False)

    def action_toggle_not_affected(self) -> None:
        self.show_not_affected = not self.show_not_affected
        if self.show_not_affected and self.crisis is not None:
            self.generation += 1
            self.load_in_background(self.crisis, self.generation, True)
        else:
            self.refresh_rows()
        self.notify("Showing Not affected accounts." if self.show_not_affected else "Not affected accounts hidden.",
                    markup=False, timeout=2)

    def action_toggle_order(self) -> None:
        self.index.set_order(not self.index.by_matrix)
        self.refresh_rows()
        self.notify("Sorted by decision matrix only." if self.index.by_matrix
                    else "Sorted by deadline, then decision matrix.", markup=False, timeout=2)

    # --- actions that write ---------------------------------------------------------------

    def _current_or_say(self) -> QueueItem | None:
        item = self.queue.current
        if item is None or self.crisis is None:
            self.notify("Select an account first (j/k to move).", markup=False)
            return None
        return item

    def _write(self, action: Callable[[Database], object], then: Callable[[], None] | None = None) -> None:
        """Run a write on the writer's connection in a worker (a lock held elsewhere never
        freezes the screen); `then` runs on the UI thread once it is committed."""
        self._write_in_background(action, then)

    @work(thread=True, exit_on_error=False, group="write")
    def _write_in_background(self, action: Callable[[Database], object], then: Callable[[], None] | None) -> None:
        try:
            self.writer.run(action)
        except Exception as error:  # noqa: BLE001 - see write_failure
            self.app.call_from_thread(self.notify, write_failure(error), title="Nothing was changed",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self._written, then)

    def _written(self, then: Callable[[], None] | None) -> None:
        self.sync(force=True)
        if then is not None:
            then()

    def action_set_impact(self) -> None:
        item = self._current_or_say()
        if item is None:
            return
        current = [level for _, level in IMPACT_CHOICES].index(item.impact.level)
        title = Content.assemble("Impact on ", (terminal_safe(item.account.name, limit=60), "bold"))

        def chosen(answer: Answer | None) -> None:
            if answer is None:
                return
            crisis_id, account_id = self.crisis.id, item.account.id
            self._write(lambda db: set_impact(db, self.app.actor, crisis_id=crisis_id, account_id=account_id,
                                              level=answer.choice))

        self.app.push_screen(Prompt(title, choices=IMPACT_CHOICES, selected=current), chosen)

    def action_override(self) -> None:
        item = self._current_or_say()
        if item is None:
            return
        title = Content.assemble("Override the tier of ", (terminal_safe(item.account.name, limit=60), "bold"))

        def chosen(answer: Answer | None) -> None:
            if answer is None:
                return
            crisis_id, account_id = self.crisis.id, item.account.id
            self._write(lambda db: override_tier(db, self.app.actor, crisis_id=crisis_id, account_id=account_id,
                                                 tier=answer.choice, reason=answer.reason))

        choices = TIER_CHOICES
        self.app.push_screen(Prompt(title, choices=choices, selected=item.tier.rank,
                                    reason_label="why? (logged as a decision)"), chosen)

    def action_snooze(self) -> None:
        item = self._current_or_say()
        if item is None:
            return
        minutes = int(SNOOZE_FOR.total_seconds() // 60)
        title = Content.assemble(f"Snooze the alarm for {minutes} min on ",
                                 (terminal_safe(item.account.name, limit=60), "bold"))

        def chosen(answer: Answer | None) -> None:
            if answer is None:
                return
            now = self.app.now()
            crisis_id, account_id = self.crisis.id, item.account.id

            def snoozed() -> None:
                self.alarms.snoozed_until[account_id] = now + SNOOZE_FOR
                self.show_detail(self.queue.current)

            self._write(lambda db: snooze_alarm(db, self.app.actor, crisis_id=crisis_id, account_id=account_id,
                                                reason=answer.reason, span=SNOOZE_FOR), snoozed)

        self.app.push_screen(Prompt(title, reason_label="why? (logged)"), chosen)

    # --- quick entry ------------------------------------------------------------------------

    def _quick_entry(self) -> QuickEntry | None:
        found = self.query("#quick-entry")
        return found.first(QuickEntry) if found else None

    def _account_names(self, prefix: str) -> list[str]:
        return account_names_starting(self.db, prefix)

    def action_log_entry(self) -> None:
        entry = self._quick_entry()
        if self.crisis is None or entry is None:
            self.notify("Open a crisis first: entries belong to a crisis.", markup=False)
            return
        item = self.queue.current
        if self.amending is not None:
            entry.open(f"a correction of entry #{self.amending} (the original stays)")
        else:
            entry.open(item.account.name if item else "the whole crisis (or @account)")

    def _understand(self, value: str) -> Understanding:
        item = self.queue.current
        return read_entry(self.db, self.app.actor, value, account_id=item.account.id if item else None,
                          amends_id=self.amending)

    def on_quick_entry_changed(self, message: QuickEntry.Changed) -> None:
        entry = self._quick_entry()
        if not message.value.strip():
            entry.show_preview(Content("kinds: call email meeting chat escalation timeline decision status note"))
            return
        try:
            understood = self._understand(message.value)
        except ActionError as error:
            entry.show_preview(Content(f"✖ {error}"), error=True)
            return
        entry.show_preview(self._preview(understood))

    def _preview(self, understood) -> Content:
        parsed, zone, now = understood.parsed, self.app.zone, self.app.now()
        parts = [(parsed.kind.value, "bold"), " · ",
                 terminal_safe(understood.account_name or "the whole crisis", limit=40)]
        if understood.contact:
            parts += [" · with ", terminal_safe(understood.contact.name, limit=30),
                      (f" ({understood.contact.role})", "$text-muted")]
        if understood.next_due:
            due = understood.next_due
            parts += [" · next update ", (due.astimezone(zone).strftime("%a %H:%M"), "bold $accent"),
                      f" (in {format_countdown(due - now)})"]
            if understood.their_zone is not None and understood.contact is not None:
                parts += [f" · their {due.astimezone(understood.their_zone):%a %H:%M} ",
                          terminal_safe(understood.contact.timezone or "", limit=30)]
        return Content.assemble(*parts)

    def on_quick_entry_editor_wanted(self, message: QuickEntry.EditorWanted) -> None:
        from warroom.screens.entry_editor import EntryEditor  # loaded on first use

        entry = self._quick_entry()

        def open_editor(text: str) -> None:
            editor = EntryEditor(text, entry.target)

            def edited(result: str | None) -> None:
                if result is None:
                    entry.line.value = " ".join(editor.text.split())  # back to one line, words kept
                    self.set_focus(entry.line)
                else:
                    # Not recorded: the words go back into the editor they were typed in.
                    self._submit(result, on_refused=open_editor)

            self.app.push_screen(editor, edited)

        open_editor(message.value)

    def on_quick_entry_submitted(self, message: QuickEntry.Submitted) -> None:
        self._submit(message.value)

    def _submit(self, value: str, on_refused: Callable[[str], None] | None = None) -> None:
        """Understand a typed entry, then record it in a worker; nothing shows it as logged
        until it is committed. On a problem the words stay and the reason shows."""
        entry = self._quick_entry()
        self.app.hold_keys()  # from Enter to the commit, keys typed wait their turn
        try:
            self._understand(value)  # refused at once when the words cannot be recorded
        except ActionError as error:
            self._refuse_entry(str(error), value, on_refused)
            return
        self.writing = True
        entry.show_preview(Content("waiting for the database…"))
        item = self.queue.current  # the account selected when Enter was pressed, whatever comes next
        self._record_in_background(value, item.account.id if item else None, self.amending, self.app.now(),
                                   on_refused)

    @work(thread=True, exit_on_error=False, group="write")
    def _record_in_background(self, value: str, account_id: int | None, amends_id: int | None,
                              entered_at: datetime, on_refused: Callable[[str], None] | None) -> None:
        crisis_id = self.crisis.id if self.crisis else None
        try:
            # Understood again on the writing connection: what is recorded is what the rules
            # say at commit time, dated when Enter was pressed.
            logged = self.writer.run(lambda db: log_entry(db, self.app.actor, value, crisis_id=crisis_id,
                                                          account_id=account_id, at=entered_at,
                                                          amends_id=amends_id))
        except Exception as error:  # noqa: BLE001 - whatever happened, the words stay and it is said
            self.app.call_from_thread(self._refuse_entry, write_failure(error), value, on_refused)
            return
        self.app.call_from_thread(self._entry_recorded, logged.entry_id, logged.understood)

    def _refuse_entry(self, reason: str, value: str, on_refused: Callable[[str], None] | None) -> None:
        # The words stay in the line; keys typed after Enter would land after them, so they
        # are shown instead of replayed.
        typed = self.app.release_keys(replay=False)
        if typed:
            reason += f" Typed after Enter (not used, type it again): {terminal_safe(typed, limit=200)}"
        self.writing = False
        entry = self._quick_entry()
        entry.show_preview(Content(f"✖ {reason}"), error=True)  # the words stay in the line
        self.notify(reason, title="Not recorded", severity="error", markup=False)
        if on_refused is not None:
            on_refused(value)

    def _entry_recorded(self, entry_id: int, understood) -> None:
        """Committed (fsync'd): only now does anything show it."""
        self.writing = False
        self.call_after_refresh(self.app.release_keys)  # once the line is closed
        entry = self._quick_entry()
        self.amending = None
        entry.close(keep_draft=False)
        if self.focused is entry.line or self.focused is None:
            self.set_focus(self.queue)
        self.sync(force=True)
        promise = ""
        if understood.next_due:
            promise = f"; next update promised for {understood.next_due.astimezone(self.app.zone):%H:%M}"
        self.notify(f"Logged #{entry_id}{promise}.", markup=False, timeout=5)

    # --- drafts -------------------------------------------------------------------------------

    def action_compose_tier(self) -> None:
        item = self._current_or_say()
        if item is None:
            return
        rows = [row for row in self.queue.rows if isinstance(row, QueueItem) and row.tier is item.tier]
        self.action_compose(run=rows[rows.index(item):] if item in rows else [item])

    def action_compose(self, run: list[QueueItem] | None = None, choose: bool = False) -> None:
        """Open the suggested draft at once (the contact and template that fit best); with
        `choose`, ask for the contact and the template first (ctrl+o in the composer)."""
        item = self._current_or_say() if run is None else run[0]
        if item is None:
            return
        run = run or [item]
        contacts = contacts_of(self.db, item.account.id)
        if not contacts:
            self.notify("This account has no contacts on file; import them with `warroom import contacts.csv`.",
                        markup=False)
            return
        suggested = suggested_contact(contacts, item.tier)
        if not choose:
            self._choose_template(run, contacts[suggested], ask=False)
            return
        choices = [(Content(f"{terminal_safe(c.name, limit=40)} ({c.role}"
                            f"{', ' + terminal_safe(c.title, limit=30) if c.title else ''})"), c) for c in contacts]
        title = Content.assemble("Draft for whom at ", (terminal_safe(item.account.name, limit=50), "bold"), "?")

        def chose_contact(answer: Answer | None) -> None:
            if answer is not None:
                self._choose_template(run, answer.choice)

        self.app.push_screen(Prompt(title, choices=choices, selected=suggested), chose_contact)

    def _choose_template(self, run: list[QueueItem], contact, ask: bool = True) -> None:
        from warroom.compose.templates import discover  # drafts load on first use, not at start-up

        item = run[0]
        found = discover()
        for problem in found.problems:
            self.notify(problem, title="Template skipped", severity="warning", markup=False)
        ordered = templates_in_order(list(found.templates.values()), contact.role, item.tier)
        if not ask and ordered:
            self._open_composer(run, contact, ordered[0], total=len(run))
            return
        choices = [(Content(f"{t.name} ({t.audience}{', yours' if t.source == 'user' else ''})"), t)
                   for t in ordered]

        def chose_template(answer: Answer | None) -> None:
            if answer is not None:
                self._open_composer(run, contact, answer.choice, total=len(run))

        self.app.push_screen(Prompt(Content.assemble("Which message for ", (terminal_safe(contact.name, limit=40),
                                                                              "bold"), "?"),
                                    choices=choices), chose_template)

    def _next_in_run(self, run: list[QueueItem], contact, template, total: int) -> None:
        """The next account of a tier run, with a contact of the same role as the last one."""
        rest = run[1:]
        while rest:
            contacts = contacts_of(self.db, rest[0].account.id)
            if contacts:
                same_role = next((c for c in contacts if c.role == contact.role), contacts[0])
                self._open_composer(rest, same_role, template, total)
                return
            self.notify(f"{terminal_safe(rest[0].account.name, limit=40)} has no contacts; skipped.", markup=False)
            rest = rest[1:]
        if total > 1:
            self.notify(f"That was the last of {total} drafts in this tier.", markup=False)

    def _open_composer(self, run: list[QueueItem], contact, template, total: int = 1) -> None:
        # Jinja2 and the composer load on first use: they would slow the first frame.
        from warroom.actions.drafts import Gates, record_copied
        from warroom.compose.context import draft_facts, with_next_update
        from warroom.compose.rendering import render
        from warroom.screens.composer import ComposerResult, ComposerScreen
        from warroom.store.tasks import legal_review_pending

        item = run[0]
        now = self.app.now()
        try:
            facts = draft_facts(self.db, item.account.id, contact_id=contact.id, now=now,
                                zone=self.app.zone, csm=self.app.config.csm(), crisis_id=self.crisis.id)
        except StoreError as error:
            self.notify(str(error), title="The draft could not be made", severity="error", markup=False)
            return
        promise = datetime.fromisoformat(facts["next_update"]["at"]) if template.creates_commitment else None
        their_zone = zone_named(contact.timezone)

        def resolve_next(phrase: str) -> datetime:
            return resolve_time(phrase, self.app.now(), self.app.zone, their_zone,
                                self.app.config.end_of_day_time())[0]

        def rerender(due: datetime | None):
            # Runs in the composer's worker thread: pure rendering, no database.
            if due is None:
                return render(template, facts)
            return render(template, with_next_update(facts, due, self.app.zone, self.app.now()))

        next_text = ""
        if promise is not None:
            local = promise.astimezone(self.app.zone)
            next_text = local.strftime("%H:%M") if local.date() == now.astimezone(self.app.zone).date() \
                else local.strftime("tomorrow %H:%M")

        def finished(result: ComposerResult | None) -> None:
            if result is None:
                return
            if result.choice == "skip":
                self._next_in_run(run, contact, template, total)
                return
            if result.choice == "choose":
                self.action_compose(run, choose=True)
                return
            outcome, crisis_id = result.outcome, self.crisis.id
            assert outcome is not None  # a copied draft always has its outcome

            def logged() -> None:
                self.notify(outcome.sentence, title="Draft copied and logged" if outcome.verified else "Draft logged",
                            severity="information" if outcome.verified else "warning", markup=False, timeout=8)

            # The composer asked every question the gates raise before it copied.
            self._write(lambda db: record_copied(
                db, self.app.actor, crisis_id=crisis_id, account_id=item.account.id, contact=contact,
                template=template, subject=result.subject, body=result.body,
                promise_due=result.promise_due, gates=gates, confirmed=True), logged)
            self._next_in_run(run, contact, template, total)

        gates = Gates(legal_review_pending(self.db, self.crisis), 0, item.tier is Tier.NOT_AFFECTED)
        self.app.push_screen(ComposerScreen(
            template=template, draft=None, account_id=item.account.id, account_name=item.account.name,
            contact_id=contact.id, contact_name=contact.name, promise_due=promise,
            gates=gates,
            position=f"{total - len(run) + 1} of {total}" if total > 1 else "", next_text=next_text,
            resolve_next=resolve_next, rerender=rerender), finished)

    # --- the crisis lifecycle (screens/crisis_actions.py) --------------------------------------

    def action_new_crisis(self) -> None:
        self.lifecycle.new_crisis()

    def action_edit_crisis(self) -> None:
        self.lifecycle.edit_crisis()

    def action_mark_affected(self) -> None:
        self.lifecycle.mark_affected()

    def action_post_status(self) -> None:
        self.lifecycle.post_status()

    def action_sync_summary(self) -> None:
        self.lifecycle.sync_summary()

    def action_tasks(self) -> None:
        self.lifecycle.tasks()

    def action_resolve(self) -> None:
        self.lifecycle.resolve()

    def action_export(self) -> None:
        self.lifecycle.export()

    def action_switch_crisis(self) -> None:
        everything = list_crises(self.db)
        if len(everything) <= 1:
            self.notify("There is no other crisis to switch to.", markup=False)
            return
        choices = [
            (Content(f"#{c.id} {terminal_safe(c.title, limit=50)} ({c.severity.value}, "
                     f"{'resolved' if c.resolved_at else c.status.value})"), c.id)
            for c in everything
        ]
        selected = next((n for n, c in enumerate(everything) if self.crisis and c.id == self.crisis.id), 0)

        def chosen(answer: Answer | None) -> None:
            if answer is not None:
                self.crisis = None
                self.reload_crises(prefer=answer.choice)

        self.app.push_screen(Prompt("Switch to crisis", choices=choices, selected=selected), chosen)

    def switch_to(self, crisis_id: int) -> None:
        self.crisis = None
        self.reload_crises(prefer=crisis_id)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(binding_lines(self.active_bindings, self.app.get_key_display)))
