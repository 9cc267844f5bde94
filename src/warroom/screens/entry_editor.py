"""A larger editor for a long entry (several lines): ctrl+s records it, Esc goes back to the
one-line entry with the words kept."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from warroom.domain.safetext import terminal_safe
from warroom.widgets.safe_text_area import SafeTextArea


class EntryEditor(ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Record", id="editor.save", tooltip="Record the entry"),
        Binding("escape", "back", "Back", id="editor.back", tooltip="Back to the one-line entry, words kept"),
    ]
    DEFAULT_CSS = """
    EntryEditor { align: center middle; }
    EntryEditor > Vertical { width: 100; max-width: 98%; height: 70%; background: $panel; border: thick $accent; }
    EntryEditor TextArea { height: 1fr; }
    EntryEditor #editor-hint { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, text: str, target: str) -> None:
        super().__init__()
        self.text, self.target = text, target

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble(("Entry for ", "bold"), terminal_safe(self.target, limit=60)),
                         id="editor-title")
            yield SafeTextArea(self.text, id="editor-text")
            yield Static(Content("[kind] text [next 14:00] [to Jane] — ctrl+s records, Esc goes back"),
                         id="editor-hint")

    @property
    def area(self) -> SafeTextArea:
        return self.query_one("#editor-text", SafeTextArea)

    def on_mount(self) -> None:
        self.area.focus()
        self.area.move_cursor(self.area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.area.text)

    def action_back(self) -> None:
        self.text = self.area.text
        self.dismiss(None)
