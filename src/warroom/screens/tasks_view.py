"""The crisis's checklist and recovery tasks, with due and overdue marks; Space or Enter
ticks (or reopens) the highlighted one, and each tick is logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from warroom.domain.safetext import terminal_safe
from warroom.store.tasks import Task


def task_line(task: Task, now: datetime, zone: tzinfo) -> Content:
    if task.done_at:
        mark, style = "✔", "$success"
        when = f"done {task.done_at.astimezone(zone):%d %b %H:%M} by {terminal_safe(task.done_by or '', limit=30)}"
    elif task.overdue(now):
        mark, style = "✖", "bold $countdown-overdue"
        when = f"OVERDUE since {task.due_at.astimezone(zone):%d %b %H:%M}"
    else:
        mark, style = "☐", ""
        when = f"due {task.due_at.astimezone(zone):%d %b %H:%M}" if task.due_at else ""
    return Content.assemble((f"{mark} ", style), terminal_safe(task.title, limit=90),
                            (f"  {when}" if when else "", "$text-muted" if task.done_at else style))


class TasksView(ModalScreen[None]):
    BINDINGS = [
        Binding("space,enter", "toggle", "Tick / reopen", id="tasks.toggle", priority=True,
                tooltip="Tick the highlighted task, or reopen a ticked one (logged)"),
        Binding("escape,t", "close", "Close", id="tasks.close", tooltip="Back to the queue"),
    ]

    DEFAULT_CSS = """
    TasksView { align: center middle; }
    TasksView > Vertical { width: 110; max-width: 98%; height: 90%; background: $panel; border: thick $primary; }
    TasksView #tasks-title { text-style: bold; padding: 0 1; }
    TasksView OptionList { height: 1fr; }
    TasksView #tasks-hint { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, title: str, load: Callable[[], list[Task]], toggle: Callable[[Task], str | None],
                 now: Callable[[], datetime], zone: tzinfo) -> None:
        super().__init__()
        self.title_text, self.load, self.toggle, self.now, self.zone = title, load, toggle, now, zone
        self.tasks: list[Task] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), id="tasks-title")
            yield OptionList(id="tasks-list")
            yield Static(Content("Space/Enter: tick or reopen (logged) · j/k or ↑↓: move · Esc: close"),
                         id="tasks-hint")

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.query_one(OptionList))

    def reload(self) -> None:
        options = self.query_one(OptionList)
        keep = options.highlighted
        self.tasks, now = self.load(), self.now()
        rows, phase = [], None
        for task in self.tasks:
            if task.phase != phase:
                phase = task.phase
                heading = "Checklist" if task.is_checklist else f"Recovery: within {phase}"
                rows.append(Option(Content.assemble((heading, "bold")), disabled=True))
            rows.append(Option(task_line(task, now, self.zone), id=str(task.id)))
        if not self.tasks:
            rows.append(Option(Content("No tasks for this crisis."), disabled=True))
        options.clear_options()
        options.add_options(rows)
        if keep is not None and keep < len(rows):
            options.highlighted = keep
        else:
            options.action_first()
            if options.highlighted is not None and rows[options.highlighted].disabled:
                options.action_cursor_down()

    def on_key(self, event) -> None:
        options = self.query_one(OptionList)
        if event.key in ("j", "k"):
            event.stop()
            options.action_cursor_down() if event.key == "j" else options.action_cursor_up()

    def action_toggle(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        task = next((t for t in self.tasks if str(t.id) == option.id), None)
        if task is None:
            return
        problem = self.toggle(task)
        if problem:
            self.notify(problem, severity="error", markup=False)
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
