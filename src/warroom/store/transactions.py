"""Write transactions: `BEGIN IMMEDIATE`, so a read-then-write never loses to another writer,
and every SQLite failure turned into the sentence a user can act on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from warroom.store.errors import StoreError

LOCKED_MESSAGE = (
    "The database is locked by another program that has held it too long; "
    "close that program (or wait for it to finish) and try again."
)


def is_locked(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text


def failure_sentence(error: sqlite3.Error, path: Path | None) -> str:
    """What went wrong and what to do, for an SQLite error; nothing was written."""
    name = getattr(error, "sqlite_errorname", "") or ""
    where = str(path) if path else "the database"
    if is_locked(error):
        return LOCKED_MESSAGE
    if name == "SQLITE_FULL" or "is full" in str(error):
        return (f"The disk holding {where} is full, so nothing was recorded; "
                "free some space and try again (what you typed is kept).")
    if name.startswith("SQLITE_READONLY"):
        return (f"{where} cannot be written any more (read-only), so nothing was recorded; "
                "make it writable and try again.")
    if name.startswith("SQLITE_IOERR"):
        return (f"The disk failed while writing {where} ({error}), so nothing was recorded; "
                "check the disk and try again.")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return (f"{where} is damaged ({error}); stop every Warroom on it, check it with "
                "`sqlite3 FILE 'PRAGMA integrity_check'` and restore a copy.")
    return (f"{where} could not be used as a Warroom database ({error}); "
            "choose another --db path, or check it with `sqlite3 FILE 'PRAGMA integrity_check'`.")


def _path_of(db: Database) -> Path | None:
    return getattr(db, "path", None)


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """Run the block as one write transaction, taken up front and committed at the end.

    Returning from the block means the commit happened (and, with synchronous=FULL in WAL
    mode, reached the disk). A lock that outlasts the busy timeout, a full disk or a file
    that is no longer at its path becomes a StoreError, with nothing written.
    """
    ensure_in_place = getattr(db, "ensure_in_place", None)
    if ensure_in_place is not None:
        ensure_in_place()
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError as error:
        raise StoreError(failure_sentence(error, _path_of(db))) from error
    try:
        yield db
    except sqlite3.DatabaseError as error:
        _roll_back(db)
        if isinstance(error, sqlite3.IntegrityError):
            raise
        raise StoreError(failure_sentence(error, _path_of(db))) from error
    except BaseException:
        _roll_back(db)
        raise
    if not db.conn.in_transaction:
        return  # the block rolled back on purpose (a dry run)
    try:
        db.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        _roll_back(db)
        raise StoreError(failure_sentence(error, _path_of(db))) from error


def _roll_back(db: Database) -> None:
    # After SQLITE_FULL or an I/O error SQLite may already have rolled back itself.
    if db.conn.in_transaction:
        db.conn.rollback()


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid that the INSERT just run through `cursor` gave its row."""
    row_id = cursor.lastrowid
    assert row_id is not None  # sqlite3 sets it after every INSERT; None only before any
    return row_id
