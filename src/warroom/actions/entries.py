"""Logging: one line of the quick-entry language becomes an entry (and its promise)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlite_utils import Database

from warroom.actions.actor import Actor
from warroom.actions.errors import user_action
from warroom.domain.safetext import terminal_safe
from warroom.store.commitments import Settlement
from warroom.store.quick_entries import Understanding, record, understand


@dataclass(frozen=True)
class LoggedEntry:
    """What was recorded: the entry, what it was understood as, its promise, what it settled."""

    entry_id: int
    crisis_id: int | None
    at: datetime
    understood: Understanding
    commitment_id: int | None
    settled: tuple[Settlement, ...]


def _account_for(db: Database, account_id: int | None, amends_id: int | None) -> int | None:
    """A correction belongs to the corrected entry's account, whatever is selected."""
    if amends_id is None:
        return account_id
    row = next(db.query("SELECT account_id FROM log_entries WHERE id = ?", [amends_id]), None)
    return row["account_id"] if row else account_id


@user_action
def read_entry(db: Database, actor: Actor, line: str, *, account_id: int | None,
               amends_id: int | None = None) -> Understanding:
    """What `line` would record (for the live preview); reads only."""
    return understand(db, line, account_id=_account_for(db, account_id, amends_id), now=actor.now(),
                      zone=actor.zone, end_of_day=actor.end_of_day)


@user_action
def log_entry(db: Database, actor: Actor, line: str, *, crisis_id: int | None, account_id: int | None,
              at: datetime | None = None, amends_id: int | None = None) -> LoggedEntry:
    """Record one typed line; returns once it is committed (fsync'd) to disk.

    `at` back-dates the entry (default: now); a correction (`amends_id`) belongs to the
    corrected entry's account.
    """
    now = actor.now()
    when = at or now
    understood = understand(db, line, account_id=_account_for(db, account_id, amends_id), now=when,
                            zone=actor.zone, end_of_day=actor.end_of_day)
    result = record(db, understood, crisis_id=crisis_id, author=actor.author, now=now, at=when,
                    amends_id=amends_id)
    return LoggedEntry(result.entry_id, crisis_id, when, understood, result.commitment_id, result.settled)


def describe_due(understood: Understanding, zone: tzinfo, now: datetime) -> str:
    """"16:00", "Wed 09:00" or "16:00 (their 10:00 America/New_York)" for a promised update."""
    if understood.next_due is None:
        return ""
    local = understood.next_due.astimezone(zone)
    text = local.strftime("%a %H:%M") if local.date() != now.astimezone(zone).date() else local.strftime("%H:%M")
    if understood.their_zone is not None and understood.contact is not None:
        theirs = understood.next_due.astimezone(understood.their_zone)
        text += f" (their {theirs:%H:%M} {terminal_safe(understood.contact.timezone or '', limit=40)})"
    return text
