"""Making hostile text harmless before it reaches a terminal.

Names and notes come from CRMs and from people: they may hold ANSI/OSC escape sequences,
NUL bytes or other control characters. Those are removed for display only; the stored
text stays exactly as given.
"""

from __future__ import annotations

import re

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-byte ESC sequences, then any
# remaining C0/C1 control character except tab and newline.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)?"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str, *, single_line: bool = True, limit: int | None = None) -> str:
    """Text with escape sequences and control characters removed.

    Bidirectional override characters are removed too: they can reorder what follows them
    on the line. Right-to-left letters themselves are kept. `limit` cuts long text with "…".
    """
    cleaned = _ESCAPE_SEQUENCE.sub("", text)
    cleaned = _CONTROL.sub("", cleaned)
    cleaned = _BIDI_CONTROLS.sub("", cleaned)
    if single_line:
        cleaned = cleaned.replace("\n", " ").replace("\t", " ")
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: max(limit - 1, 0)] + "…"
    return cleaned
