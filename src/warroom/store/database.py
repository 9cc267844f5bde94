"""Opening the one SQLite file: checks first, then pragmas, then pending migrations.

Every refusal is a StoreError with one sentence, and leaves the file exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from sqlite_utils import Database

from warroom.store.errors import StoreError
from warroom.store.migrations import known_names, migrations
from warroom.store.transactions import LOCKED_MESSAGE, immediate, is_locked

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT_MS = 5000


def _writable(path: Path) -> bool:
    # Root passes os.access on anything, so the mode bits say what the owner intended.
    mode = path.stat().st_mode
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _check_location(path: Path, create: bool) -> bool:
    """Validate the path; return True when the file must be created."""
    directory = path.parent
    if path.is_dir():
        raise StoreError(f"{path} is a directory; give the path of a database file.")
    if not path.exists():
        if not create:
            raise StoreError(f"There is no database at {path}; check the path or create it.")
        if not directory.is_dir():
            raise StoreError(
                f"The folder {directory} does not exist; create it or choose another --db path."
            )
        if not _writable(directory):
            raise StoreError(
                f"The folder {directory} is read-only, so no database can be created there; "
                "choose another --db path."
            )
        return True
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a Warroom database (it is not an SQLite file); "
            "choose another --db path."
        )
    if not _writable(path):
        raise StoreError(
            f"{path} is read-only; make it writable (chmod u+w) or open a copy of it."
        )
    if not _writable(directory):
        raise StoreError(
            f"The folder {directory} is read-only and SQLite needs to write its journal there; "
            "make the folder writable or open a copy of the database elsewhere."
        )
    return False


def _connect(path: Path, busy_timeout_ms: int) -> Database:
    conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, check_same_thread=False)
    db = Database(conn, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return db


def _refuse_newer_schema(db: Database, path: Path) -> None:
    unknown = [m.name for m in migrations.applied(db) if m.name not in known_names()]
    if unknown:
        raise StoreError(
            f"{path} was written by a newer Warroom (schema step {unknown[-1]} is unknown here); "
            "upgrade Warroom to open it."
        )


def _set_pragmas(db: Database) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    # FULL in WAL mode fsyncs the log on every commit: a committed entry survives power loss.
    db.execute("PRAGMA synchronous = FULL")


def open_database(
    path: str | os.PathLike[str],
    *,
    create: bool = True,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> Database:
    """Open (or create, mode 0600) a Warroom database and bring its schema up to date."""
    path = Path(path).expanduser()
    if _check_location(path, create):
        # Create the empty file ourselves so it is private from its first byte.
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(descriptor)
    db = _connect(path, busy_timeout_ms)
    try:
        try:
            _refuse_newer_schema(db, path)
            _set_pragmas(db)
            if migrations.pending(db):
                with immediate(db):
                    migrations.apply(db)
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and is_locked(error):
                raise StoreError(LOCKED_MESSAGE) from error
            raise StoreError(
                f"{path} could not be read as a Warroom database ({error}); "
                "choose another --db path."
            ) from error
    except BaseException:
        db.close()
        raise
    return db
