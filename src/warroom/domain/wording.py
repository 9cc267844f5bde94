"""Small helpers for sentences the program writes."""

from __future__ import annotations


def count_of(number: int, noun: str, plural: str | None = None) -> str:
    """"1 account", "3 accounts", "1 Critical debrief"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
