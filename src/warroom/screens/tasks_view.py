"""The crisis's checklist and recovery tasks, with due and overdue marks; Space or Enter
ticks (or reopens) the highlighted one, and each tick is logged.

A big crisis has one closure message per affected account (tens of thousands): per phase
the view lists the team's tasks and the first open per-account ones, says how many more
there are, and `/` finds any task by account name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from warroom.domain.safetext import terminal_safe
from warroom.domain.wording import count_of
from warroom.store.tasks import Task
from warroom.widgets.safe_input import SafeInput

PER_ACCOUNT_SHOWN = 25  # per phase, before "and N more"
MATCHES_SHOWN = 200


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
        Binding("slash", "find", "Find", id="tasks.find", priority=True, tooltip="Find tasks by words (account name)"),
        Binding("escape,t", "close", "Close", id="tasks.close", tooltip="Back to the queue"),
    ]

    DEFAULT_CSS = """
    TasksView { align: center middle; }
    TasksView > Vertical { width: 110; max-width: 98%; height: 90%; background: $panel; border: thick $primary; }
    TasksView #tasks-title { text-style: bold; padding: 0 1; }
    TasksView #tasks-find { display: none; border: none; height: 1; padding: 0 1; background: $boost; }
    TasksView #tasks-find.-open { display: block; }
    TasksView OptionList { height: 1fr; }
    TasksView #tasks-hint { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, title: str, load: Callable[[], list[Task]], toggle: Callable[[Task], Task | str],
                 now: Callable[[], datetime], zone: tzinfo) -> None:
        super().__init__()
        self.title_text, self.load, self.toggle, self.now, self.zone = title, load, toggle, now, zone
        self.tasks: dict[int, Task] = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(terminal_safe(self.title_text)), id="tasks-title")
            yield SafeInput(placeholder="words of the task or account; Enter: back to the list, Esc: clear",
                            id="tasks-find")
            yield OptionList(id="tasks-list")
            yield Static(Content("Space/Enter: tick or reopen (logged) · /: find · j/k or ↑↓: move · Esc: close"),
                         id="tasks-hint")

    def on_mount(self) -> None:
        self.tasks = {task.id: task for task in self.load()}
        self.show_rows()
        self.set_focus(self.query_one(OptionList))

    def _rows(self, words: str) -> list[Option]:
        now, rows, phase = self.now(), [], None
        wanted = words.casefold().strip()
        if wanted:
            found = [task for task in self.tasks.values() if wanted in task.title.casefold()]
            rows = [Option(task_line(task, now, self.zone), id=str(task.id)) for task in found[:MATCHES_SHOWN]]
            if len(found) > MATCHES_SHOWN:
                rows.append(Option(Content(f"… {len(found) - MATCHES_SHOWN} more match; add words"), disabled=True))
            return rows or [Option(Content("No task matches."), disabled=True)]
        by_phase: dict[str, list[Task]] = {}
        for task in self.tasks.values():
            by_phase.setdefault(task.phase, []).append(task)
        for phase, tasks in by_phase.items():
            heading = "Checklist" if tasks[0].is_checklist else f"Recovery: within {phase}"
            rows.append(Option(Content.assemble((heading, "bold")), disabled=True))
            team = [task for task in tasks if task.account_id is None]
            accounts = sorted((task for task in tasks if task.account_id is not None),
                              key=lambda task: task.done_at is not None)
            for task in team + accounts[:PER_ACCOUNT_SHOWN]:
                rows.append(Option(task_line(task, now, self.zone), id=str(task.id)))
            hidden = accounts[PER_ACCOUNT_SHOWN:]
            if hidden:
                done = sum(1 for task in hidden if task.done_at)
                rows.append(Option(Content.assemble(
                    (f"  … and {count_of(len(hidden), 'more account task')} ({done} done): press / and type an "
                     "account name", "$text-muted")), disabled=True))
        return rows or [Option(Content("No tasks for this crisis."), disabled=True)]

    def show_rows(self) -> None:
        options = self.query_one(OptionList)
        options.set_options(self._rows(self.query_one("#tasks-find", Input).value))
        first = next((n for n, option in enumerate(options.options) if not option.disabled), None)
        options.highlighted = first

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.set_focus(self.query_one(OptionList))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """While the find line has the focus, Space and / are letters."""
        if action in ("toggle", "find") and isinstance(self.focused, Input):
            return False
        return True

    def on_key(self, event) -> None:
        finder = self.query_one("#tasks-find", Input)
        if event.key == "escape" and finder.has_focus:
            event.stop()
            finder.value = ""
            finder.remove_class("-open")
            self.set_focus(self.query_one(OptionList))
        elif event.key in ("j", "k") and not finder.has_focus:
            event.stop()
            options = self.query_one(OptionList)
            options.action_cursor_down() if event.key == "j" else options.action_cursor_up()

    def action_find(self) -> None:
        finder = self.query_one("#tasks-find", Input)
        finder.add_class("-open")
        self.set_focus(finder)

    def action_toggle(self) -> None:
        options = self.query_one(OptionList)
        option = options.highlighted_option
        task = self.tasks.get(int(option.id)) if option is not None and option.id else None
        if task is None:
            return
        result = self.toggle(task)
        if isinstance(result, str):
            self.notify(result, severity="error", markup=False)
            return
        self.tasks[result.id] = result
        options.replace_option_prompt(option.id, task_line(result, self.now(), self.zone))

    def action_close(self) -> None:
        self.dismiss(None)
