"""A larger editor for a long entry (several lines): ctrl+s records it, Esc goes back to the
one-line entry with the words kept."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea


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
            yield Static(Content.assemble(("Entry for ", "bold"), self.target), id="editor-title")
            yield TextArea(self.text, id="editor-text")
            yield Static(Content("[kind] text [next 14:00] [to Jane] — ctrl+s records, Esc goes back"),
                         id="editor-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_back(self) -> None:
        self.text = self.query_one(TextArea).text
        self.dismiss(None)
