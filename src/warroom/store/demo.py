"""`warroom demo`: a fresh copy of sample.db with every instant shifted so its crisis is live.

sample.db itself is only read. The copy is written beside the target and renamed into place,
and an existing file is replaced only if it is itself a demo copy.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from warroom.domain.instants import from_text, to_text
from warroom.store.database import copy_database, open_database
from warroom.store.errors import StoreError
from warroom.store.migrations import DATE_COLUMNS, INSTANT_COLUMNS
from warroom.store.settings import get_setting
from warroom.store.transactions import immediate

AS_OF_KEY = "sample_as_of"
DEMO_KEY = "demo_copy"


def _is_demo(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", [DEMO_KEY]).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return row is not None


def shift_instants(db: Database, seconds: int, days: int) -> None:
    """Move every stored instant by `seconds` and every calendar date by `days`."""
    for table, columns in INSTANT_COLUMNS.items():
        for column in columns:
            db.execute(
                f"UPDATE {table} SET {column} = strftime('%Y-%m-%dT%H:%M:%SZ', {column}, ?) "
                f"WHERE {column} IS NOT NULL",
                [f"{seconds:+d} seconds"],
            )
    for table, columns in DATE_COLUMNS.items():
        for column in columns:
            db.execute(
                f"UPDATE {table} SET {column} = date({column}, ?) WHERE {column} IS NOT NULL",
                [f"{days:+d} days"],
            )


def make_demo(sample: Path, target: Path, now: datetime) -> Path:
    """Copy `sample` to `target` and shift it so its "as of" instant becomes `now`."""
    if target.exists() and not _is_demo(target):
        raise StoreError(f"{target} exists and is not a demo copy; choose another path with --to.")
    staging = target.with_name(target.name + ".new")
    for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm")):
        leftover.unlink(missing_ok=True)
    copy_database(sample, staging)
    db = open_database(staging)
    try:
        as_of = from_text(get_setting(db, AS_OF_KEY))
        with immediate(db):
            shift_instants(
                db,
                int((now - as_of).total_seconds()),
                (now.date() - as_of.date()).days,
            )
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?), (?, 'true') "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [AS_OF_KEY, f'"{to_text(now)}"', DEMO_KEY],
            )
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
        Path(f"{staging}{suffix}").unlink(missing_ok=True)
    os.replace(staging, target)
    return target
