"""The console's writes, off the UI thread: one connection of their own, one write at a time.

A write may wait up to the busy timeout while another program holds the lock; run from a
worker thread, that wait never freezes the screen. Writes are serialised here so that two
quick entries in a row commit in the order they were typed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from warroom.store.database import WarroomDatabase, open_connection

Result = TypeVar("Result")


class Writer:
    """Runs write functions on a connection of its own, one after another, from any thread."""

    def __init__(self, db: WarroomDatabase) -> None:
        self._session_db = db
        self._db: WarroomDatabase | None = None
        self._lock = threading.Lock()

    def run(self, write: Callable[[WarroomDatabase], Result]) -> Result:
        """Call `write` with the writing connection; returns once it has returned (committed)."""
        with self._lock:
            if self._db is None:
                self._db = open_connection(self._session_db)
            return write(self._db)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
