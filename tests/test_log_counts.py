"""The log pane counts new entries only: the running count always equals a full recount."""

from __future__ import annotations

from datetime import timedelta

from warroom.domain.vocabulary import EntryKind
from warroom.store.database import open_connection, open_database
from warroom.store.log import append_entry
from warroom.store.log_pages import LogFilter, count, count_since

from tests.conftest import NOW


def test_running_counts_match_a_recount_whatever_another_connection_adds(sample_copy):
    db = open_database(sample_copy)
    other = open_connection(db)  # another session's writes
    crisis_id = db.execute("SELECT MAX(id) FROM crises").fetchone()[0]
    filters = [LogFilter(crisis_id), LogFilter(crisis_id, kind="call"), LogFilter(crisis_id, account_id=3),
               LogFilter(crisis_id, search="bridge"), LogFilter(None)]
    running = {f: count_since(db, f) for f in filters}
    kinds = [EntryKind.CALL, EntryKind.NOTE, EntryKind.DECISION]
    for n in range(30):
        writer = other if n % 2 else db
        append_entry(writer, crisis_id=crisis_id if n % 7 else None, account_id=3 if n % 3 == 0 else 5,
                     kind=kinds[n % 3], text=f"entry {n}{' on the bridge' if n % 4 == 0 else ''}", author="t",
                     at=NOW - timedelta(minutes=1), now=NOW)
        if n % 5 == 4:  # the pane looks now and then, not after every entry
            running = {f: count_since(db, f, running[f]) for f in filters}
            assert {f: c.total for f, c in running.items()} == {f: count(db, f) for f in filters}
    other.close()
    db.close()
