"""The internal sync summary, pre-filled with the roll-ups, to edit, copy into the team
channel and log (which restarts the sync timer)."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from warroom.screens.copying import copy_from_app


class SyncView(ModalScreen[bool]):
    """Dismisses True once copied and logged."""

    BINDINGS = [
        Binding("ctrl+y", "copy", "Copy and log", id="sync.copy", priority=True,
                tooltip="Copy the summary and log the sync (restarts the timer)"),
        Binding("ctrl+l", "log_only", "Log only", id="sync.log", priority=True,
                tooltip="Log the sync without copying"),
        Binding("escape", "close", "Close", id="sync.close", tooltip="Back to the queue (nothing is logged)"),
    ]

    DEFAULT_CSS = """
    SyncView { align: center middle; }
    SyncView > Vertical { width: 100; max-width: 98%; height: 90%; background: $panel; border: thick $primary; }
    SyncView #sync-title { text-style: bold; padding: 0 1; }
    SyncView TextArea { height: 1fr; }
    SyncView #sync-hint { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, title: str, text: str, record: Callable[[str], str]) -> None:
        super().__init__()
        self.title_text, self.text, self.record = title, text, record

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), id="sync-title")
            yield TextArea(self.text, soft_wrap=True, id="sync-text")
            yield Static(Content("ctrl+y: copy and log the sync · ctrl+l: log without copying · Esc: close"),
                         id="sync-hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(TextArea))

    def action_copy(self) -> None:
        self.query_one("#sync-hint", Static).update(Content("Copying…"))
        self._copy(self.query_one(TextArea).text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="copy")
    def _copy(self, text: str) -> None:
        outcome = copy_from_app(self.app, text, "internal sync")
        self.app.call_from_thread(self._finish, text, outcome.sentence)

    def action_log_only(self) -> None:
        self._finish(self.query_one(TextArea).text, "")

    def _finish(self, text: str, copied: str) -> None:
        said = self.record(text)
        self.notify(f"{copied} {said}".strip(), markup=False)
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
