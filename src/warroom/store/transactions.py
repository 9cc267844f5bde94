"""Write transactions: `BEGIN IMMEDIATE`, so a read-then-write never loses to another writer."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from warroom.store.errors import StoreError

LOCKED_MESSAGE = (
    "The database is locked by another program that has held it too long; "
    "close that program (or wait for it to finish) and try again."
)


def is_locked(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """Run the block as one write transaction, taken up front and committed at the end.

    Returning from the block means the commit happened (and, with synchronous=FULL in WAL
    mode, reached the disk). A lock that outlasts the busy timeout becomes a StoreError.
    """
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if is_locked(error):
            raise StoreError(LOCKED_MESSAGE) from error
        raise
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    if not db.conn.in_transaction:
        return  # the block rolled back on purpose (a dry run)
    try:
        db.execute("COMMIT")
    except sqlite3.OperationalError as error:
        db.rollback()
        if is_locked(error):
            raise StoreError(LOCKED_MESSAGE) from error
        raise
