"""What the account detail pane shows beyond the queue item: contacts, open promises and
the latest log entries (small indexed reads, cheap enough for every cursor move)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from warroom.domain.instants import from_text


@dataclass(frozen=True, slots=True)
class ContactLine:
    name: str
    role: str
    title: str | None
    phone: str | None
    email: str | None
    timezone: str | None


@dataclass(frozen=True, slots=True)
class PromiseLine:
    id: int
    due_at: datetime
    channel: str | None


@dataclass(frozen=True, slots=True)
class EntryLine:
    id: int
    at: datetime
    kind: str
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class AccountDetail:
    contacts: tuple[ContactLine, ...]
    promises: tuple[PromiseLine, ...]
    entries: tuple[EntryLine, ...]
    segment: str | None = None


def account_detail(db: Database, account_id: int, crisis_id: int | None, entries: int = 5) -> AccountDetail:
    contacts = tuple(
        ContactLine(r["name"], r["role"], r["title"], r["phone"], r["email"], r["timezone"])
        for r in db.query(
            "SELECT name, role, title, phone, email, timezone FROM contacts WHERE account_id = ? "
            "ORDER BY CASE role WHEN 'executive' THEN 0 WHEN 'technical' THEN 1 ELSE 2 END, name",
            [account_id],
        )
    )
    promises = tuple(
        PromiseLine(r["id"], from_text(r["due_at"]), r["channel"])
        for r in db.query(
            "SELECT id, due_at, channel FROM commitments WHERE account_id = ? AND crisis_id IS ? "
            "AND state = 'open' ORDER BY due_at",
            [account_id, crisis_id],
        )
    )
    latest = [
        EntryLine(r["id"], from_text(r["at"]), r["kind"], r["author"], r["text"])
        for r in db.query(
            "SELECT id, at, kind, author, text FROM log_entries WHERE account_id = ? AND crisis_id IS ? "
            "ORDER BY id DESC LIMIT ?",
            [account_id, crisis_id, entries],
        )
    ]
    segment = next(db.query("SELECT segment FROM accounts WHERE id = ?", [account_id]), {}).get("segment")
    return AccountDetail(contacts, promises, tuple(reversed(latest)), segment)
