"""Import of a 50,000-row CRM export (target: <= 3 s), first into an empty database, then
the same file again (every row matched, nothing changed). Baseline in the same run: Python's
csv module reading the same file and doing nothing else.
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from warroom.store.database import open_database
from warroom.store.importer import import_csv

ROWS = 50_000


def write_export(path: Path, rows: int = ROWS) -> Path:
    rng = random.Random(3)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Gsid", "Name", "ARR", "CSM", "Current Score", "Stage", "Renewal Date", "Industry",
                         "Executive Escalation", "Strategic"])
        for n in range(rows):
            renewal = date(2026, 1, 1) + timedelta(days=rng.randint(0, 700))
            writer.writerow([f"1P{n:08d}", f"Company {n}", f"${rng.randint(5, 3000) * 1000:,}", f"CSM {n % 50}",
                             rng.randint(0, 100), rng.choice(["Adopting", "Mature"]), renewal.strftime("%m/%d/%Y"),
                             rng.choice(["Retail", "Healthcare", "Software"]), rng.choice(["yes", "no", ""]),
                             rng.choice(["x", ""])])
    return path


def measure() -> dict:
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent) as folder:
        export = write_export(Path(folder) / "export.csv")
        start = time.perf_counter()
        with export.open(newline="", encoding="utf-8") as handle:
            parsed = sum(1 for _ in csv.reader(handle))
        baseline = time.perf_counter() - start
        db = open_database(Path(folder) / "import.db")
        now = datetime.now(UTC)
        start = time.perf_counter()
        first = import_csv(db, export, now=now)
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        second = import_csv(db, export, now=now)
        second_s = time.perf_counter() - start
        db.close()
    assert parsed == ROWS + 1 and first.created == ROWS and second.unchanged == ROWS
    return {"first_s": first_s, "again_s": second_s, "csv_s": baseline}


if __name__ == "__main__":
    r = measure()
    print(f"import of {ROWS:,} rows: {r['first_s']:.2f} s into an empty database (target <= 3 s), "
          f"{r['again_s']:.2f} s again with nothing changed; csv module alone {r['csv_s']:.2f} s "
          f"(import = {r['first_s'] / r['csv_s']:.1f}x bare parsing)")
