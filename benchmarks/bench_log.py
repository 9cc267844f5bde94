"""The crisis log at scale (500,000 entries): parsing a quick-entry line (target <= 50 us),
one durable quick entry (parse + understand + write + fsync) against a raw sqlite3 insert +
commit with the same pragmas in the same run (target <= 2x), and opening the log pane's
first window (count + newest page; target <= 50 ms).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench_log_append import raw_insert_commit
from large_db import cached

from warroom.domain.quickentry import parse_entry
from warroom.store.database import open_database
from warroom.store.log_pages import LogFilter, count, window
from warroom.store.quick_entries import record, understand

LINES = [
    "call spoke to CTO next 14:00",
    "email sent the ack next update 2pm to Jane Doe",
    "decision: pause EU deploys",
    "note they said \\next week is fine",
    '@"Account 00042" chat answered in Slack next in 45m',
]
ENTRIES = 300


def parser_us() -> float:
    rounds = 20_000
    start = time.perf_counter()
    for n in range(rounds):
        parse_entry(LINES[n % len(LINES)])
    return (time.perf_counter() - start) / rounds * 1e6


def _quick(path: Path) -> float:
    db = open_database(path)
    zone = ZoneInfo("UTC")
    samples = []
    for n in range(ENTRIES):
        now = datetime.now(UTC)
        start = time.perf_counter()
        understood = understand(db, f"call entry {n} next in 30m", account_id=7, now=now, zone=zone)
        record(db, understood, crisis_id=1, author="bench", now=now)
        samples.append(time.perf_counter() - start)
    db.close()
    return statistics.median(samples)


def open_pane_ms(path: Path) -> float:
    db = open_database(path)
    samples = []
    for _ in range(7):
        start = time.perf_counter()
        total = count(db, LogFilter(1))
        window(db, LogFilter(1), 0, 100)
        samples.append(time.perf_counter() - start)
    db.close()
    assert total >= 500_000
    return statistics.median(samples) * 1000


def measure() -> dict:
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent) as folder:
        copy = Path(folder) / "log.db"
        shutil.copyfile(cached(), copy)
        raw = statistics.median(raw_insert_commit(Path(folder) / "raw.db", ENTRIES))
        quick = _quick(copy)
        raw_again = statistics.median(raw_insert_commit(Path(folder) / "raw2.db", ENTRIES))
        pane = open_pane_ms(copy)
    baseline = (raw + raw_again) / 2
    return {"parser_us": parser_us(), "quick_ms": quick * 1000, "raw_ms": baseline * 1000,
            "ratio": quick / baseline, "pane_ms": pane}


if __name__ == "__main__":
    r = measure()
    print(f"quick-entry parser {r['parser_us']:.1f} us a line (target <= 50 us)")
    print(f"durable quick entry (parse, understand, write, fsync) {r['quick_ms']:.2f} ms vs raw insert+commit "
          f"{r['raw_ms']:.2f} ms: {r['ratio']:.2f}x (target <= 2x)")
    print(f"log pane open on 500,000 entries (count + newest window) {r['pane_ms']:.1f} ms (target <= 50 ms)")
