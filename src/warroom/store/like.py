"""SQL LIKE patterns from user text: `%`, `_` and the escape character match themselves.

Every query that matches typed text with LIKE writes `LIKE ? ESCAPE '\\'` and builds its
pattern here, so a name holding "50%_off" finds itself and nothing else."""

from __future__ import annotations

ESCAPE = "\\"


def escaped(text: str) -> str:
    """`text` with LIKE's wildcards and the escape character made literal."""
    return text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def starts_with(text: str) -> str:
    return escaped(text) + "%"


def contains(text: str) -> str:
    return "%" + escaped(text) + "%"
