"""Alarm snoozes as the log records them: the last snooze of each account in a crisis."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from warroom.domain.instants import from_text


def last_snoozes(db: Database, crisis_id: int) -> dict[int, datetime]:
    """When each account's alarm was last snoozed in this crisis."""
    return {
        account_id: from_text(at)
        for account_id, at in db.execute(
            "SELECT account_id, MAX(at) FROM log_entries WHERE crisis_id = ? AND kind = 'snooze' "
            "GROUP BY account_id",
            [crisis_id],
        )
    }
