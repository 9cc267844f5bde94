"""One durable log append (`append_entry`: BEGIN IMMEDIATE, read the account's open
commitments, insert, commit with fsync) against a raw sqlite3 INSERT + COMMIT with the same
pragmas, in the same run on the same disk (target: <= 2x).
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warroom.domain.vocabulary import CrisisKind, EntryKind, Severity
from warroom.store.crises import create_crisis
from warroom.store.database import open_database
from warroom.store.log import append_entry

APPENDS = 300


def raw_insert_commit(path: Path, appends: int = APPENDS) -> list[float]:
    """Seconds for each of `appends` raw sqlite3 INSERT + COMMIT (WAL, synchronous=FULL)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, account_id INTEGER, kind TEXT, text TEXT, at TEXT)")
    samples = []
    for n in range(appends):
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO entries (account_id, kind, text, at) VALUES (?, ?, ?, ?)",
                     [1, "call", f"entry {n}", "2026-03-10T15:00:00Z"])
        conn.execute("COMMIT")
        samples.append(time.perf_counter() - start)
    conn.close()
    return samples


def _warroom(path: Path) -> list[float]:
    db = open_database(path)
    now = datetime.now(UTC)
    db.table("accounts").insert({"id": 1, "name": "Acme", "created_at": "x", "updated_at": "x"})
    crisis = create_crisis(db, title="Bench", kind=CrisisKind.OUTAGE, severity=Severity.L1,
                           started_at=now - timedelta(minutes=5), now=now)
    samples = []
    for n in range(APPENDS):
        at = datetime.now(UTC)
        start = time.perf_counter()
        append_entry(db, crisis_id=crisis.id, account_id=1, kind=EntryKind.CALL, text=f"entry {n}",
                     author="bench", at=at, now=at)
        samples.append(time.perf_counter() - start)
    db.close()
    return samples


def measure() -> dict:
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent) as folder:
        raw = statistics.median(raw_insert_commit(Path(folder) / "raw.db"))
        ours = statistics.median(_warroom(Path(folder) / "warroom.db"))
        raw_again = statistics.median(raw_insert_commit(Path(folder) / "raw2.db"))  # bracket ours against drift
    baseline = (raw + raw_again) / 2
    return {"raw_ms": baseline * 1000, "append_ms": ours * 1000, "ratio": ours / baseline}


if __name__ == "__main__":
    r = measure()
    print(f"durable log append: {r['append_ms']:.2f} ms median of {APPENDS}; raw sqlite3 insert+commit with the "
          f"same pragmas {r['raw_ms']:.2f} ms; ratio {r['ratio']:.2f}x (target <= 2x)")
