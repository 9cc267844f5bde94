"""Making hostile text harmless before it reaches a terminal.

Names and notes come from CRMs and from people: they may hold ANSI/OSC escape sequences,
NUL bytes, other control characters or bidirectional overrides. Those are removed for
display only (and from what the console's editable fields hold); the stored text stays
exactly as given.
"""

from __future__ import annotations

import re

# Whole sequences go, payload included: strings (OSC, DCS, SOS, PM, APC, by ESC or by their
# 8-bit C1 introducer) up to BEL or ST, then CSI (ESC [ or 8-bit), then any other ESC
# sequence (intermediates and a final byte, e.g. RIS `ESC c`, `ESC ( B`, `ESC # 8`).
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|\x1b[ -/]*[0-~]"
)
_LINE_BREAK = re.compile("\r\n|[\r\u2028\u2029]")

CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
"""One character a terminal may act on or that may reorder a line: C0 and C1 controls, DEL,
bidirectional marks, embeddings, overrides and isolates, Unicode line and paragraph separators."""

_KEPT_IN_BODIES = {"\n", "\t"}


def _drop_control(match: re.Match[str]) -> str:
    return match.group() if match.group() in _KEPT_IN_BODIES else ""


def terminal_safe(text: str, *, single_line: bool = True, limit: int | None = None) -> str:
    """Text with escape sequences, control characters and bidi controls removed.

    With `single_line=False` (bodies: a draft, a sync summary, a long entry) newlines and
    tabs are kept and every line break (CR LF, CR, U+2028, U+2029) becomes a newline;
    otherwise they all become spaces. Right-to-left letters themselves are kept. `limit`
    cuts long text with "…".
    """
    cleaned = _LINE_BREAK.sub("\n", text)
    cleaned = _ESCAPE_SEQUENCE.sub("", cleaned)
    cleaned = CONTROL_CHARACTER.sub(_drop_control, cleaned)
    if single_line:
        cleaned = cleaned.replace("\n", " ").replace("\t", " ")
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: max(limit - 1, 0)] + "…"
    return cleaned
