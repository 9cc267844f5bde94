"""Opening the one SQLite file: checks first, then pragmas, then pending migrations.

Every refusal is a StoreError with one sentence, and leaves the file exactly as it was.

The rule this module keeps: once a process may hold a connection, only SQLite opens the
database and its `-wal` and `-shm` files. Closing any descriptor of a file drops every POSIX
lock the process holds on it, the live connection's included; another process would then
checkpoint and delete the write-ahead log under our feet. So the header is checked through
SQLite, never by reading the file, and the file's identity through `stat` only.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from warroom.store.errors import StoreError
from warroom.store.migrations import known_names, migrations

DEFAULT_BUSY_TIMEOUT_MS = 5000
MIGRATIONS_TABLE = "_sqlite_migrations"


@dataclass(frozen=True)
class FileIdentity:
    """Which file a path named when it was opened: a moved or replaced file differs."""

    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        try:
            status = path.stat()
        except OSError:
            return None
        return cls(status.st_dev, status.st_ino)


class WarroomDatabase(Database):
    """A connection to a Warroom file that remembers which file it opened.

    Every write transaction first checks that the path still names that file, so a database
    deleted, moved or replaced while Warroom runs is said at once instead of writes going
    into a file nobody will ever read again.
    """

    path: Path
    identity: FileIdentity | None
    busy_timeout_ms: int

    def gone_reason(self) -> str | None:
        """A sentence when the file this connection writes to is no longer at its path."""
        now = FileIdentity.of(self.path)
        if now is None:
            return (f"The database {self.path} was deleted or moved while Warroom was running; "
                    "nothing more is written. Put the file back, or quit and open the right one with --db.")
        if self.identity is not None and now != self.identity:
            return (f"The database {self.path} was replaced by another file while Warroom was running; "
                    "nothing more is written. Quit and open Warroom again to work on the new file.")
        return None

    def ensure_in_place(self) -> None:
        reason = self.gone_reason()
        if reason:
            raise StoreError(reason)


def _writable(path: Path) -> bool:
    # Root passes os.access on anything, so the mode bits say what the owner intended.
    mode = path.stat().st_mode
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _check_location(path: Path, create: bool) -> bool:
    """Validate the path with `stat` alone; return True when the file must be created."""
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


def _make_private(path: Path) -> None:
    """Mode 0600 for a file SQLite has just created, before anything is written to it: its
    `-wal` and `-shm` files take the database's mode when SQLite creates them."""
    os.chmod(path, 0o600)


def _connect(path: Path, busy_timeout_ms: int) -> WarroomDatabase:
    conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, check_same_thread=False)
    db = WarroomDatabase(conn, execute_plugins=False)
    db.path, db.busy_timeout_ms = path, busy_timeout_ms
    db.identity = FileIdentity.of(path)
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return db


def _refuse_foreign(db: Database, path: Path) -> None:
    """Refuse a file that is not SQLite, or an SQLite file that belongs to another program.

    SQLite itself reads the header here ("file is not a database"), and nothing is written:
    a foreign file must not be turned into WAL mode or given our tables.
    """
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise StoreError(
            f"{path} could not be read as a Warroom database (it is not an SQLite file, or a "
            f"damaged one: {error}); choose another --db path."
        ) from error
    if not tables:
        return  # a new, empty file: ours to set up
    ours = MIGRATIONS_TABLE in tables and db.execute(
        f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE migration_set = ? LIMIT 1", [migrations.name]
    ).fetchone()
    if not ours:
        shown = ", ".join(sorted(tables)[:3]) + (" …" if len(tables) > 3 else "")
        raise StoreError(
            f"{path} belongs to another program (its tables {shown} are not Warroom's); "
            "choose another --db path, Warroom leaves this file as it is."
        )


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


def _as_store_error(error: sqlite3.DatabaseError, path: Path) -> StoreError:
    from warroom.store.transactions import failure_sentence

    return StoreError(failure_sentence(error, path))


def open_database(
    path: str | os.PathLike[str],
    *,
    create: bool = True,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> WarroomDatabase:
    """Open (or create, mode 0600) a Warroom database and bring its schema up to date."""
    from warroom.store.transactions import immediate

    path = Path(path).expanduser()
    creating = _check_location(path, create)
    db = _connect(path, busy_timeout_ms)
    if creating:
        _make_private(path)
    try:
        try:
            _refuse_foreign(db, path)
            _refuse_newer_schema(db, path)
            _set_pragmas(db)
            if migrations.pending(db):
                with immediate(db):
                    migrations.apply(db)
        except sqlite3.DatabaseError as error:
            raise _as_store_error(error, path) from error
    except BaseException:
        db.close()
        raise
    return db


def open_connection(db: WarroomDatabase) -> WarroomDatabase:
    """Another connection to the file `db` opened (for a worker thread): same pragmas, no
    checks or migrations to run again, and nothing that could drop `db`'s locks."""
    db.ensure_in_place()
    other = _connect(db.path, db.busy_timeout_ms)
    other.identity = db.identity  # the file the session opened, even if checked a moment later
    try:
        _set_pragmas(other)
    except sqlite3.DatabaseError as error:
        other.close()
        raise _as_store_error(error, db.path) from error
    return other


@contextmanager
def connection_for_worker(db: WarroomDatabase) -> Iterator[WarroomDatabase]:
    """A connection of the worker's own for the length of the block (sqlite3 connections
    are not shared across threads); SQLite closes it, so the session keeps its locks."""
    other = open_connection(db)
    try:
        yield other
    finally:
        other.close()


def copy_database(source: Path, target: Path) -> None:
    """Copy a database into a new private file (0600) through SQLite's backup API: a
    consistent copy even while others write to `source`, and no descriptor of ours on it."""
    if target.exists():
        raise StoreError(f"{target} exists already; a copy never overwrites a database.")
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    _make_private(target)
    try:
        origin.backup(copy)
    finally:
        copy.close()
        origin.close()
