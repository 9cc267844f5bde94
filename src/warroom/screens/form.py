"""One modal form for everything the console asks in several fields: a crisis, an
engineering status, a bulk marking. Tab moves between fields, ctrl+s saves, Esc cancels.

Saving calls back into the screen that opened it; a problem comes back as a sentence shown
in the form, with every field kept as typed. A `preview` callback, if given, runs on every
change and shows what saving would do.

Fields show their value cleaned of control characters (SafeInput, SafeTextArea); a field left as shown
saves the value it was given, so opening and saving a form never rewrites stored text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static, TextArea

from warroom.domain.safetext import terminal_safe
from warroom.widgets.safe_input import SafeInput
from warroom.widgets.safe_text_area import SafeTextArea


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    value: str = ""
    options: tuple[tuple[str, str], ...] = ()  # (label, value): a Select
    multiline: bool = False  # a TextArea (pasted lists)
    placeholder: str = ""


Values = dict[str, str]


class FormScreen(ModalScreen[bool]):
    """Dismisses True once saved, False when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True, tooltip="Save (nothing is kept on Esc)"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
    ]

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > VerticalScroll { width: 84; max-width: 98%; height: auto; max-height: 95%; background: $panel;
                                  border: thick $primary; padding: 0 1; }
    FormScreen .form-title { text-style: bold; margin-bottom: 1; }
    FormScreen .form-label { color: $text-muted; }
    FormScreen Input, FormScreen Select { width: 100%; }
    FormScreen Input { border: none; height: 1; padding: 0 1; background: $boost; }
    FormScreen Input:focus { background: $primary 30%; border: none; }
    FormScreen SelectCurrent { border: none; height: 1; padding: 0 1; background: $boost; }
    FormScreen Select:focus > SelectCurrent { background: $primary 30%; border: none; }
    FormScreen TextArea { height: 8; }
    FormScreen #form-preview { margin-top: 1; text-style: bold; }
    FormScreen #form-error { color: $error; margin-top: 1; }
    FormScreen #form-hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, title: str, fields: list[Field], *, save: Callable[[Values], str | None],
                 preview: Callable[[Values], str] | None = None, hint: str = "") -> None:
        super().__init__()
        self.title_text, self.fields, self.save, self.preview = title, fields, save, preview
        self.hint = hint
        self._shown: Values = {}  # what each text field showed at first

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content(terminal_safe(self.title_text)), classes="form-title")
            for field in self.fields:
                yield Static(Content(field.label), classes="form-label")
                if field.options:
                    yield Select([(label, value) for label, value in field.options], value=field.value or
                                 field.options[0][1], allow_blank=False, id=f"field-{field.name}")
                elif field.multiline:
                    area = SafeTextArea(field.value, id=f"field-{field.name}", soft_wrap=True,
                                        show_line_numbers=False)
                    self._shown[field.name] = area.text
                    yield area
                else:
                    line = SafeInput(field.value, placeholder=field.placeholder, id=f"field-{field.name}")
                    self._shown[field.name] = line.value
                    yield line
            yield Static(Content(""), id="form-preview")
            yield Static(Content(""), id="form-error")
            hint = "Tab: next field · ctrl+s: save · Esc: cancel" + (f" · {self.hint}" if self.hint else "")
            yield Static(Content(hint), id="form-hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(f"#field-{self.fields[0].name}"))
        self._preview()

    def values(self) -> Values:
        found: Values = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, Select):
                found[field.name] = str(widget.value)
            elif isinstance(widget, TextArea | Input):
                shown = widget.text if isinstance(widget, TextArea) else widget.value
                found[field.name] = field.value if shown == self._shown[field.name] else shown
        return found

    def _preview(self) -> None:
        if self.preview is not None:
            self.query_one("#form-preview", Static).update(
                Content(terminal_safe(self.preview(self.values()), single_line=False)))

    def on_input_changed(self) -> None:
        self._preview()

    def on_select_changed(self) -> None:
        self._preview()

    def on_text_area_changed(self) -> None:
        self._preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        problem = self.save(self.values())
        if problem:
            self.query_one("#form-error", Static).update(Content(terminal_safe(problem)))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
