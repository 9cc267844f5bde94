"""The quick-entry line: one key opens it for the selected account, Enter records, Esc hides
it and keeps the draft. Under it, a live preview of what will be recorded."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Static

from warroom.domain.safetext import terminal_safe
from warroom.widgets.safe_input import SafeInput

_ACCOUNT_PREFIX = re.compile(r'(^|\s)@(?P<prefix>[^\s"@]{1,40})$')


class AccountSuggester(Suggester):
    """Completes "@prefix" at the end of the line with a matching account name."""

    def __init__(self, names) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = names  # callable: prefix -> list of names

    async def get_suggestion(self, value: str) -> str | None:
        match = _ACCOUNT_PREFIX.search(value)
        if match is None:
            return None
        for name in self.names(match["prefix"]):
            if name.casefold().startswith(match["prefix"].casefold()) and len(name) > len(match["prefix"]):
                shown = terminal_safe(name)  # the suggestion is drawn in the line as it is
                completion = f'"{shown}"' if " " in shown else shown
                return value[: match.start("prefix") - 1] + "@" + completion + " "
        return None


class QuickEntry(Vertical):
    """An Input plus its preview; the screen does the understanding and the recording."""

    DEFAULT_CSS = """
    QuickEntry { height: auto; display: none; background: $panel; padding: 0 1; }
    QuickEntry.-open { display: block; }
    QuickEntry > Input { border: tall $accent; }
    QuickEntry > #entry-preview { height: auto; color: $text-muted; }
    QuickEntry > #entry-preview.-error { color: $error; }
    """

    class Changed(Message):
        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    class EditorWanted(Message):
        """ctrl+e: the words want more room than one line."""

        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    class Submitted(Message):
        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    def __init__(self, suggester: Suggester | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.suggester = suggester
        self.target = ""

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder="[kind] text [next 14:00] [to Jane]   (@account for another; ctrl+e for more room)",
                        id="entry-line", suggester=self.suggester)
        yield Static(Content(""), id="entry-preview")

    @property
    def line(self) -> Input:
        return self.query_one("#entry-line", Input)

    def open(self, target: str) -> None:
        """Show the line for `target` (the account's name, shown in the border)."""
        self.target = target
        self.line.border_title = Content(f"log for {terminal_safe(target, limit=50)}")
        self.add_class("-open")
        # Focus now, not on the next loop turn: words typed right after the key must land here.
        self.screen.set_focus(self.line)
        self.post_message(self.Changed(self.line.value))

    def close(self, keep_draft: bool = True) -> None:
        if not keep_draft:
            self.line.value = ""
        self.remove_class("-open")

    def show_preview(self, content: Content, error: bool = False) -> None:
        preview = self.query_one("#entry-preview", Static)
        preview.set_class(error, "-error")
        preview.update(content)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_key(self, event) -> None:
        if event.key == "ctrl+e":
            event.stop()
            self.post_message(self.EditorWanted(self.line.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))
