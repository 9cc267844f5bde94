"""The internal sync summary, pre-filled with the roll-ups, to edit, copy into the team
channel and log (which restarts the sync timer). A summary the store refuses (an empty one)
is said in the hint line and the view stays open with the text as it was."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from warroom.actions.errors import ActionError
from warroom.domain.safetext import terminal_safe
from warroom.screens.copying import copy_from_app
from warroom.store.errors import StoreError
from warroom.widgets.safe_text_area import SafeTextArea

HINT = "ctrl+y: copy and log the sync · ctrl+l: log without copying · Esc: close"


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
    SyncView #sync-hint.-error { color: $error; }
    """

    def __init__(self, title: str, text: str, record: Callable[[str], str]) -> None:
        super().__init__()
        self.title_text, self.text, self.record = title, text, record

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(terminal_safe(self.title_text)), id="sync-title")
            yield SafeTextArea(self.text, soft_wrap=True, id="sync-text")
            yield Static(Content(HINT), id="sync-hint")

    @property
    def summary(self) -> SafeTextArea:
        return self.query_one("#sync-text", SafeTextArea)

    def on_mount(self) -> None:
        self.set_focus(self.summary)

    def _hint(self, text: str, error: bool = False) -> None:
        hint = self.query_one("#sync-hint", Static)
        hint.set_class(error, "-error")
        hint.update(Content(text))

    def action_copy(self) -> None:
        self._hint("Copying…")
        self._copy(self.summary.text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="copy")
    def _copy(self, text: str) -> None:
        outcome = copy_from_app(self.app, text, "internal sync")
        self.app.call_from_thread(self._finish, text, outcome.sentence)

    def action_log_only(self) -> None:
        self._finish(self.summary.text, "")

    def _finish(self, text: str, copied: str) -> None:
        try:
            said = self.record(text)
        except (ActionError, StoreError) as error:  # e.g. an empty summary: said, the text kept
            self._hint(f"{copied} Not logged: {error} {HINT}".strip(), error=True)
            return
        self.notify(f"{copied} {said}".strip(), markup=False)
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
