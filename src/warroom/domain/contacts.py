"""Matching what a person typed ("Jane", "jane doe", "CTO") to one of an account's contacts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ContactRef:
    id: int
    name: str
    role: str
    title: str | None
    timezone: str | None


def match_contact(phrase: str, contacts: list[ContactRef]) -> ContactRef | None:
    """The one contact `phrase` names: full name, first name, or title (case-insensitive);
    None when nobody or more than one person matches."""
    wanted = " ".join(phrase.split()).casefold().rstrip(".,;:!")
    if not wanted:
        return None
    tests: tuple[Callable[[ContactRef], bool], ...] = (
        lambda c: c.name.casefold() == wanted,
        lambda c: c.name.casefold().split()[0] == wanted if c.name.split() else False,
        lambda c: (c.title or "").casefold() == wanted,
        lambda c: c.name.casefold().startswith(wanted),
    )
    for test in tests:
        found = [contact for contact in contacts if test(contact)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return None
    return None
