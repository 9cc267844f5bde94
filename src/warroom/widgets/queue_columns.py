"""The queue's columns and how they share the width: one layout for the column header and
every row, so they can never drift apart."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

from warroom.domain.safetext import terminal_safe

COUNTDOWN_WIDTH = 17  # "✖ -1h05m contact"
ARR_WIDTH = 7
RENEWAL_WIDTH = 6
HEALTH_WIDTH = 6
OWNER_WIDTH = 16
MARKER_WIDTH = 2
OWNER_FROM = 110  # narrower than this, the owner column is dropped


@dataclass(frozen=True, slots=True)
class Layout:
    width: int
    name: int
    reasons: int
    owner: bool

    @classmethod
    def for_width(cls, width: int) -> Layout:
        owner = width >= OWNER_FROM
        fixed = MARKER_WIDTH + COUNTDOWN_WIDTH + ARR_WIDTH + RENEWAL_WIDTH + HEALTH_WIDTH + 6
        if owner:
            fixed += OWNER_WIDTH + 1
        flexible = max(width - fixed, 20)
        name = max(flexible * 9 // 20, 10)
        return cls(width, name, max(flexible - name, 10), owner)


def fit(text: str, width: int, *, right: bool = False) -> str:
    """Terminal-safe text cut (with "…") or padded to exactly `width` cells."""
    if width <= 0:
        return ""
    safe = terminal_safe(text[: width * 4 + 64])  # a 10,000-character name is cut before measuring
    if cell_len(safe) > width:
        safe = set_cell_size(safe, width - 1).rstrip() + "…"
    padding = " " * (width - cell_len(safe))
    return padding + safe if right else safe + padding
