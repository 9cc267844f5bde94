"""Builds the benchmark database: 50,000 accounts, 150,000 contacts, 500,000 log entries.

Cached in benchmarks/out/ (rebuilt when missing). Rows are written with plain executemany in
one transaction: this measures reading at scale, not the build.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warroom.domain.instants import to_text
from warroom.store.database import open_database
from warroom.store.transactions import immediate

OUT = Path(__file__).resolve().parent / "out"
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
ACCOUNTS = 50_000
ENTRIES = 500_000


def build(path: Path, accounts: int = ACCOUNTS, entries: int = ENTRIES) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(7)
    db = open_database(path)
    stamp = to_text(NOW - timedelta(days=100))
    started = NOW - timedelta(hours=2)
    industries = ["Retail", "Software", "Healthcare", "Government", "Media", "Energy", "Financial Services"]
    with immediate(db):
        db.conn.executemany(
            "INSERT INTO accounts (id, external_id, name, industry, owner, arr, renewal_date, health, "
            "executive_escalation, strategic, reference, expansion_pipeline, champion_strength, "
            "escalations_last_year, sentiment_trend, growth_potential, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (i, f"EXT{i:06d}", f"Account {i:05d}", rng.choice(industries), f"CSM {i % 40}",
                 float(rng.randint(5, 2000) * 1000), (NOW.date() + timedelta(days=rng.randint(-10, 400))).isoformat(),
                 rng.choice(["green", "green", "green", "yellow", "red"]), int(rng.random() < 0.03),
                 int(rng.random() < 0.05), int(rng.random() < 0.1), float(rng.choice([0, 0, 0, 50000])),
                 rng.choice(["strong", "medium", "weak", "none"]), rng.randint(0, 4),
                 rng.choice(["up", "flat", "down"]), rng.choice(["high", "medium", "low"]), stamp, stamp)
                for i in range(1, accounts + 1)
            ),
        )
        db.conn.executemany(
            "INSERT INTO contacts (account_id, name, role, email, timezone, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            ((i // 3 + 1, f"Person {i}", ("technical", "executive", "operational")[i % 3], f"p{i}@x.example",
              "Europe/Berlin", stamp) for i in range(accounts * 3)),
        )
        db.execute(
            "INSERT INTO crises (id, title, kind, severity, started_at, created_at) "
            "VALUES (1, 'Benchmark outage', 'outage', 'L1', ?, ?)", [to_text(started), to_text(started)],
        )
        levels = ["affected", "affected", "minimal", "business_critical", "not_affected"]
        db.conn.executemany(
            "INSERT INTO impacts (crisis_id, account_id, level, first_contact_at) VALUES (1, ?, ?, ?)",
            ((i, rng.choice(levels), to_text(started + timedelta(minutes=rng.randint(5, 100))) if i % 3 == 0 else None)
             for i in range(1, accounts + 1)),
        )
        db.conn.executemany(
            "INSERT INTO commitments (crisis_id, account_id, due_at, state, created_at) VALUES (1, ?, ?, 'open', ?)",
            ((i, to_text(NOW + timedelta(minutes=rng.randint(-20, 240))), to_text(started))
             for i in range(3, accounts + 1, 3)),
        )
        kinds = ["call", "email", "note", "chat", "decision"]
        db.conn.executemany(
            "INSERT INTO log_entries (crisis_id, account_id, kind, text, at, recorded_at, author) "
            "VALUES (1, ?, ?, ?, ?, ?, 'bench')",
            ((rng.randint(1, accounts), rng.choice(kinds), f"entry {n} " + "words " * rng.randint(2, 20),
              to_text(started + timedelta(seconds=n // 50)), to_text(started + timedelta(seconds=n // 50)))
             for n in range(entries)),
        )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def cached(name: str = "large.db") -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / name
    if not path.exists():
        build(path)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT / "large.db"
    OUT.mkdir(exist_ok=True)
    print(f"built {build(target)}")
