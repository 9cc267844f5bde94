"""A copied draft, recorded: a "draft copied" entry with the template, contact, subject and
full text, and the promise the draft makes when its template says so."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from warroom.domain.vocabulary import EntryKind
from warroom.store.log import Appended, append_entry


def record_copied_draft(
    db: Database,
    *,
    crisis_id: int,
    account_id: int,
    contact_id: int | None,
    contact_name: str | None,
    template_name: str,
    subject: str,
    body: str,
    author: str,
    now: datetime,
    promise_due: datetime | None,
) -> Appended:
    text = f"{template_name} for {contact_name or 'no named contact'}\nSubject: {subject}\n\n{body}"
    return append_entry(db, crisis_id=crisis_id, account_id=account_id, contact_id=contact_id,
                        kind=EntryKind.DRAFT_COPIED, text=text, author=author, at=now, now=now,
                        next_update_due=promise_due)
