"""An Input that never holds a control character: every screen uses it instead of Textual's
Input, so a screen cannot forget to clean customer data (safe_text_area.py is its multi-line
sibling, kept apart so the first frame does not load the editor).

Textual writes what an Input holds to the terminal as it is; an account name carrying
`ESC ]52;` would set the clipboard. Here the first value, any value set later by code, and
whatever is typed or pasted pass through `terminal_safe` first.
"""

from __future__ import annotations

from textual.widgets import Input

from warroom.domain.safetext import terminal_safe


class SafeInput(Input):
    """An Input whose value is always terminal-safe (one line)."""

    def validate_value(self, value: str) -> str:
        # Textual calls validate_<reactive> on every assignment: the constructor's value,
        # `field.value = ...` from code, and each insert from typing or pasting.
        return terminal_safe(value)
