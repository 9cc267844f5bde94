"""JSON for scripts that is also safe to print on a terminal.

`json.dumps(..., ensure_ascii=False)` escapes C0 controls but leaves DEL, C1 controls
(8-bit CSI, OSC...) and bidi overrides raw. Here they are written as `\\uXXXX` escapes:
the data a script reads back is exactly what is stored, and non-ASCII letters stay readable.
"""

from __future__ import annotations

import json
import re
from typing import Any

from warroom.domain.safetext import CONTROL_CHARACTER


def _escaped(match: re.Match[str]) -> str:
    # Inside strings json.dumps already escaped every C0 control, so a raw newline here is
    # the indentation between values, not data.
    character = match.group()
    return character if character == "\n" else f"\\u{ord(character):04x}"


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """`data` as JSON with every terminal control character escaped."""
    return CONTROL_CHARACTER.sub(_escaped, json.dumps(data, ensure_ascii=False, indent=indent))
