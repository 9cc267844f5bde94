"""Triage + ordering of 50,000 accounts (target: <= 300 ms).

Two figures: the domain work alone (triage, decision matrix, deadlines, sort) on facts
already in memory, and the whole `load_queue` from SQLite. Baseline in the same run: a raw
SELECT of the same rows, doing nothing with them.
"""

from __future__ import annotations

import statistics
import time

from large_db import NOW, cached

from warroom.domain.queue import build_queue
from warroom.store.accounts import FACT_COLUMNS, facts_from_tuple
from warroom.store.crises import get_crisis
from warroom.store.database import open_database
from warroom.store.queue import _impacts, _open_due, load_queue, portfolio_average_arr

RUNS = 7


def _median_ms(action) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def measure() -> dict:
    db = open_database(cached())
    crisis = get_crisis(db, 1)
    load_queue(db, crisis, NOW)  # warm the page cache
    facts = [facts_from_tuple(row) for row in db.execute(f"SELECT {FACT_COLUMNS} FROM accounts")]
    impacts, contacts = _impacts(db, crisis.id)
    due = _open_due(db, crisis.id)
    average = portfolio_average_arr(db)
    today = NOW.date()
    assert len(build_queue(facts, impacts, contacts, due, crisis, today, average, include_not_affected=True)) == 50_000
    return {
        "accounts": len(facts),
        "domain_ms": _median_ms(lambda: build_queue(facts, impacts, contacts, due, crisis, today, average,
                                                    include_not_affected=True)),
        "load_ms": _median_ms(lambda: load_queue(db, crisis, NOW, include_not_affected=True)),
        "raw_read_ms": _median_ms(lambda: db.conn.execute(f"SELECT {FACT_COLUMNS} FROM accounts").fetchall()),
    }


if __name__ == "__main__":
    r = measure()
    print(f"queue, {r['accounts']:,} accounts: triage + matrix + deadlines + order {r['domain_ms']:.0f} ms "
          f"(target <= 300 ms); whole load from SQLite {r['load_ms']:.0f} ms; "
          f"raw SELECT of the rows {r['raw_read_ms']:.0f} ms (load = {r['load_ms'] / r['raw_read_ms']:.1f}x raw read); "
          f"median of {RUNS}")
