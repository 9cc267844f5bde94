"""A typed quick-entry line, understood against the database and then recorded.

`understand` only reads (the console calls it on every keystroke for the preview);
`record` writes what was understood, durably, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from typing import Any

from sqlite_utils import Database

from warroom.domain.contacts import ContactRef, match_contact
from warroom.domain.quickentry import ParsedEntry, ParseError, parse_entry
from warroom.domain.safetext import terminal_safe
from warroom.domain.times import DEFAULT_END_OF_DAY, resolve_time
from warroom.domain.zones import zone_named
from warroom.store.accounts import find_account
from warroom.store.errors import StoreError
from warroom.store.log import Appended, append_entry


@dataclass(frozen=True, slots=True)
class Understanding:
    parsed: ParsedEntry
    account_id: int | None
    account_name: str | None
    contact: ContactRef | None
    next_due: datetime | None
    their_time: bool
    their_zone: tzinfo | None


def contacts_of(db: Database, account_id: int) -> list[ContactRef]:
    return [
        ContactRef(r["id"], r["name"], r["role"], r["title"], r["timezone"])
        for r in db.query(
            "SELECT id, name, role, title, timezone FROM contacts WHERE account_id = ? ORDER BY id", [account_id]
        )
    ]


def understand(
    db: Database,
    line: str,
    *,
    account_id: int | None,
    now: datetime,
    zone: tzinfo,
    end_of_day: time = DEFAULT_END_OF_DAY,
) -> Understanding:
    """What `line` would record for `account_id` (or the "@account" it names).

    Raises ParseError (bad text or time, unknown contact) or StoreError (unknown account),
    each with a sentence to show; nothing is written.
    """
    parsed = parse_entry(line)
    account_name = None
    if parsed.account_ref is not None:
        try:
            row = find_account(db, parsed.account_ref)
        except StoreError as error:
            raise ParseError(str(error)) from None
        account_id, account_name = row["id"], row["name"]
    elif account_id is not None:
        selected: dict[str, Any] | None = next(db.query("SELECT name FROM accounts WHERE id = ?", [account_id]), None)
        account_name = selected["name"] if selected else None
    contact = None
    if parsed.contact_phrase is not None:
        if account_id is None:
            if not parsed.contact_in_text:
                raise ParseError("A contact needs an account: select one, or name it with @account.")
        else:
            contact = match_contact(parsed.contact_phrase, contacts_of(db, account_id))
            if contact is None and not parsed.contact_in_text:
                shown = terminal_safe(parsed.contact_phrase, limit=40)
                raise ParseError(f"No single contact of this account is called {shown!r}.")
    their_zone = zone_named(contact.timezone) if contact else None
    next_due, theirs = None, False
    if parsed.next_phrase is not None:
        if account_id is None:
            raise ParseError("A promised update needs an account: select one, or name it with @account.")
        next_due, theirs = resolve_time(parsed.next_phrase, now, zone, their_zone, end_of_day)
    return Understanding(parsed, account_id, account_name, contact, next_due, theirs, their_zone)


def record(
    db: Database,
    understood: Understanding,
    *,
    crisis_id: int | None,
    author: str,
    now: datetime,
    at: datetime | None = None,
    amends_id: int | None = None,
) -> Appended:
    """Write the entry (and its promise); returns once it is committed to disk."""
    return append_entry(
        db,
        crisis_id=crisis_id,
        account_id=understood.account_id,
        contact_id=understood.contact.id if understood.contact else None,
        kind=understood.parsed.kind,
        text=understood.parsed.text,
        author=author,
        at=at or now,
        now=now,
        next_update_due=understood.next_due,
        amends_id=amends_id,
    )
