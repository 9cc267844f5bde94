"""Runs every benchmark and prints its figures (`make bench`). Not part of the test suite."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["bench_queue.py", "bench_log_append.py", "bench_import.py", "bench_log.py", "bench_console.py",
              "bench_export.py", "bench_render.py", "bench_queue_update.py"]

if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    for name in BENCHMARKS:
        runpy.run_path(str(HERE / name), run_name="__main__")
