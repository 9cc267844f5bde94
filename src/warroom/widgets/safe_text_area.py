"""A TextArea that never holds a control character other than newline and tab: every screen
uses it instead of Textual's TextArea (see safe_input.py for why), so drafts, the sync
summary and long entries show customer data cleaned, and copy it cleaned too."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from warroom.domain.safetext import terminal_safe


def body_text(text: str) -> str:
    """What a multi-line field shows of `text`: newlines and tabs kept, controls gone."""
    return terminal_safe(text, single_line=False)


class SafeTextArea(TextArea):
    """A TextArea whose text is always terminal-safe (newlines and tabs kept)."""

    def __init__(self, text: str = "", **options: Any) -> None:
        super().__init__(body_text(text), **options)

    def load_text(self, text: str) -> None:
        """Replace the text (also what `area.text = ...` does), cleaned first."""
        super().load_text(body_text(text))

    def edit(self, edit: Edit) -> EditResult:
        """Typing, pasting, insert() and replace() all arrive here."""
        cleaned = body_text(edit.text)
        return super().edit(edit if cleaned == edit.text else replace(edit, text=cleaned))
