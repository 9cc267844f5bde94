"""One small modal for every question the console asks: pick one of a few choices, give a
reason, or both. Enter moves on or commits, Esc cancels; digits pick a choice directly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from warroom.domain.safetext import terminal_safe
from warroom.widgets.safe_input import SafeInput


@dataclass(frozen=True)
class Answer:
    choice: Any
    reason: str


class Prompt(ModalScreen[Answer | None]):
    """Ask for a choice (from `choices`), a reason (`reason_label`), or both."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel", tooltip="Close without changing anything")]

    DEFAULT_CSS = """
    Prompt { align: center middle; }
    Prompt > Vertical { width: 64; max-width: 95%; height: auto; background: $panel; border: thick $primary;
                        padding: 0 1; }
    Prompt #prompt-title { text-style: bold; margin-bottom: 1; }
    Prompt OptionList { height: auto; max-height: 12; margin-bottom: 1; }
    Prompt #prompt-error { color: $error; height: auto; }
    Prompt #prompt-hint { color: $text-muted; }
    """

    def __init__(
        self,
        title: str | Content,
        *,
        choices: list[tuple[str | Content, Any]] | None = None,
        selected: int = 0,
        reason_label: str | None = None,
        allow_empty: bool = False,
        initial: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title if isinstance(title, Content) else Content(terminal_safe(title))
        self.choices = choices or []
        self.selected = selected
        self.reason_label = reason_label
        self.allow_empty = allow_empty
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="prompt-title")
            if self.choices:
                options = [
                    Option(Content.assemble((f"{n}  ", "bold"),
                                            label if isinstance(label, Content) else Content(terminal_safe(label))))
                    for n, (label, _) in enumerate(self.choices, start=1)
                ]
                yield OptionList(*options, id="prompt-choices")
            if self.reason_label:
                yield SafeInput(value=self.initial, placeholder=self.reason_label, id="prompt-reason")
            yield Static(Content(""), id="prompt-error")
            hint = "digits or ↑↓ to choose, " if self.choices else ""
            yield Static(Content(f"{hint}Enter to confirm, Esc to cancel"), id="prompt-hint")

    def on_mount(self) -> None:
        if self.choices:
            options = self.query_one(OptionList)
            options.highlighted = min(max(self.selected, 0), len(self.choices) - 1)
            options.focus()
        else:
            self.query_one(Input).focus()

    def on_key(self, event) -> None:
        if self.choices and event.character and event.character.isdigit() and self.query_one(OptionList).has_focus:
            number = int(event.character)
            if 1 <= number <= len(self.choices):
                event.stop()
                self.query_one(OptionList).highlighted = number - 1
                self._chosen()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._chosen()

    def _chosen(self) -> None:
        if self.reason_label:
            self.query_one(Input).focus()
        else:
            self.dismiss(Answer(self._choice(), ""))

    def _choice(self) -> Any:
        if not self.choices:
            return None
        index = self.query_one(OptionList).highlighted or 0
        return self.choices[index][1]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        reason = event.value.strip()
        if not reason and not self.allow_empty:
            self.query_one("#prompt-error", Static).update(
                Content("Say why in a few words: it goes into the crisis log.")
            )
            return
        self.dismiss(Answer(self._choice(), reason))

    def action_cancel(self) -> None:
        self.dismiss(None)
