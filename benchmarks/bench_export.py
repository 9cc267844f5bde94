"""Post-mortem export of a crisis with 500,000 entries: time per format against a raw
baseline in the same run (the same entries read by plain sqlite3 and written by csv.writer),
and memory: the export's peak against the peak of gathering its small parts alone. A ratio
near 1.0x means the 500,000 entries streamed through without being held."""

from __future__ import annotations

import csv
import sqlite3
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

from large_db import cached

from warroom.export import export
from warroom.store import postmortem
from warroom.store.crises import active_crisis
from warroom.store.database import open_database


def raw_csv(path: Path, out: Path) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for row in conn.execute("SELECT id, at, recorded_at, kind, author, account_id, text FROM log_entries "
                                "WHERE crisis_id = (SELECT MAX(id) FROM crises) ORDER BY at, id"):
            writer.writerow(row)
    conn.close()
    return time.perf_counter() - start


def timed(db, crisis, fmt: str, out: Path, now: datetime) -> tuple[float, int]:
    start = time.perf_counter()
    with out.open("w", encoding="utf-8", newline="" if fmt == "csv" else None) as handle:
        count = export(db, crisis, handle, fmt=fmt, now=now, zone=UTC)
    return time.perf_counter() - start, count


def main() -> None:
    path = cached()
    db = open_database(path)
    crisis = active_crisis(db)
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        baseline = raw_csv(path, out / "raw.csv")
        print(f"export: raw sqlite3 + csv.writer baseline {baseline:.2f} s")
        for fmt in ("csv", "md", "json"):
            seconds, count = timed(db, crisis, fmt, out / f"x.{fmt}", now)
            size = (out / f"x.{fmt}").stat().st_size / 1e6
            print(f"export --format {fmt}: {count} entries in {seconds:.2f} s ({count / seconds:,.0f}/s, "
                  f"{size:.0f} MB) = {seconds / baseline:.1f}x the raw baseline")
        tracemalloc.start()
        postmortem.gather(db, crisis, now, UTC)
        gather_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        timed(db, crisis, "md", out / "m.md", now)
        export_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(f"export memory: peak {export_peak / 1e6:.1f} MB for the whole Markdown export vs "
          f"{gather_peak / 1e6:.1f} MB to gather its small parts = {export_peak / gather_peak:.2f}x (target ~1x)")
    db.close()


if __name__ == "__main__":
    main()
