"""A log entry against the 50,000-account queue (500,000 log entries): the UI thread's time from
the entry to the repainted queue, for a quick entry typed in this console (Enter) and for one
another session commits (picked up by the 1-second tick), against one frame (16 ms) and, in the
same run, the full rebuild of the queue index that every such change used to cost.

Target: each <= 16 ms median (one frame). Times are the UI thread's own CPU time
(`time.thread_time`): the durable write in its worker and the pilot's waits do not count.
"Queue update" is sync() (change feed, reading the touched accounts, moving them in the index,
the rows to the view, the log pane's recount, the detail) plus painting the queue's lines; of
it, "queue work" is what the queue itself does (index, rows, repaint). The whole turn
(everything the UI thread did from the key or tick to the painted screen, e.g. the footer
redrawn when the focus leaves the entry line) is printed beside it.
The console runs headless at 160x48 on a copy of the benchmark database, with a frozen clock.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from large_db import NOW, cached

import warroom.screens.warroom as warroom_screen
from warroom.__main__ import make_app
from warroom.config import Config
from warroom.domain.clock import FrozenClock
from warroom.domain.queue_index import QueueIndex
from warroom.domain.vocabulary import EntryKind
from warroom.store.database import copy_database, open_database
from warroom.store.log import append_entry

RUNS = 30
FRAME_MS = 16.0
QUEUE_WORK = ("move them in the index", "rows to the queue view", "queue repaint")


class Spent:
    """The UI thread's CPU time inside some calls of the running console, per label."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = defaultdict(float)

    def wrap(self, owner: object, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.ms[label] += (time.thread_time() - start) * 1000

        setattr(owner, name, timed)


def median_p95(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), statistics.quantiles(samples, n=20)[18]


async def ready(app, pilot) -> None:
    for _ in range(2):  # the first frame, then the queue load it starts
        await app.workers.wait_for_complete()
        await pilot.pause()


async def measure_console(path: Path) -> dict[str, list]:
    app = make_app(path, clock=FrozenClock(NOW), config=Config(author="bench", timezone="UTC"), ticking=False)
    samples: dict[str, list] = defaultdict(list)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = app.main
        spent = Spent()
        spent.wrap(screen, "sync", "sync")
        spent.wrap(warroom_screen, "load_queue", "read the touched accounts")
        spent.wrap(screen.index, "replace", "move them in the index")
        spent.wrap(screen, "refresh_rows", "rows to the queue view")
        spent.wrap(screen.log_view, "entries_added", "log pane recount")
        spent.wrap(screen.queue, "render_lines", "queue repaint")
        samples["accounts"] = [len(screen.index)]
        other = open_database(path)  # another session: its own connection, its own commits
        try:
            for run in range(RUNS):
                # (a) a quick entry typed here: the write runs in a worker, then sync() shows it.
                await pilot.press("j")
                await pilot.press("l")
                screen.query_one("#quick-entry").line.value = f"call spoke to them next in {30 + run}m"
                await pilot.pause()
                spent.ms.clear()
                start = time.thread_time()
                await pilot.press("enter")
                await app.workers.wait_for_complete()
                await pilot.pause()
                samples["own turn"].append((time.thread_time() - start) * 1000)
                samples["own"].append(spent.ms["sync"] + spent.ms["queue repaint"])
                samples["own queue"].append(sum(spent.ms[label] for label in QUEUE_WORK))
                samples["own parts"].append(dict(spent.ms))
                app.clear_notifications()
                app.tick()  # our own commit seen by data_version: nothing left to read
                await pilot.pause()

                # (b) another session commits an entry for an account on screen; the tick picks it up.
                target = screen.queue.rows[screen.queue.cursor + 2]
                target = target if hasattr(target, "account") else screen.queue.current
                append_entry(other, crisis_id=screen.crisis.id, account_id=target.account.id, kind=EntryKind.CALL,
                             text=f"from another terminal {run}", author="Other", at=NOW, now=NOW,
                             next_update_due=NOW + timedelta(minutes=40 + run))
                spent.ms.clear()
                start = time.thread_time()
                app.tick()
                await pilot.pause()
                samples["other turn"].append((time.thread_time() - start) * 1000)
                samples["other"].append(spent.ms["sync"] + spent.ms["queue repaint"])
                samples["other queue"].append(sum(spent.ms[label] for label in QUEUE_WORK))
                samples["other parts"].append(dict(spent.ms))
                assert screen.index.get(target.account.id).deadline.due == NOW + timedelta(minutes=40 + run)

                # (d) for comparison: the entry line opened and closed with Esc, nothing written.
                await pilot.press("l")
                await pilot.pause()
                start = time.thread_time()
                await pilot.press("escape")
                await pilot.pause()
                samples["close turn"].append((time.thread_time() - start) * 1000)
        finally:
            other.close()
        items = screen.index.ordered
    # (c) the old path: every change sorted and indexed all accounts again, and built every row.
    for _ in range(RUNS):
        start = time.thread_time()
        list(QueueIndex(items).rows())
        samples["rebuild"].append((time.thread_time() - start) * 1000)
    return samples


def measure() -> dict[str, list]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "queue-update.db"
        copy_database(cached(), path)  # the cached database stays as built
        return asyncio.run(measure_console(path))


def parts(runs: list[dict[str, float]]) -> str:
    """Median ms per label; sync's parts are inside sync."""
    medians = {label: statistics.median(run.get(label, 0.0) for run in runs) for label in runs[0]}
    inside = ", ".join(f"{label} {ms:.2f}" for label, ms in sorted(medians.items(), key=lambda pair: -pair[1])
                       if label not in ("sync", "queue repaint"))
    return f"sync {medians['sync']:.2f} ({inside}); queue repaint {medians['queue repaint']:.2f}"


def report(what: str, samples: dict[str, list], name: str) -> None:
    median, p95 = median_p95(samples[name])
    queue, queue_p95 = median_p95(samples[f"{name} queue"])
    turn, turn_p95 = median_p95(samples[f"{name} turn"])
    print(f"{what}: queue update median {median:.2f} ms, p95 {p95:.2f} ms ({median / FRAME_MS:.2f} frame; "
          f"target <= 1), of which queue work median {queue:.2f} ms, p95 {queue_p95:.2f} ms "
          f"({queue / FRAME_MS:.2f} frame); whole turn median {turn:.1f} ms, p95 {turn_p95:.1f} ms")
    print(f"  medians in ms: {parts(samples[f'{name} parts'])}")


if __name__ == "__main__":
    samples = measure()
    print(f"a log entry on {samples['accounts'][0]:,} queued accounts (50,000 in all, 500,000 log entries), "
          f"UI-thread CPU over {RUNS} runs; one frame = {FRAME_MS:.0f} ms")
    report("quick entry here, Enter to repaint", samples, "own")
    report("another session's commit, tick to repaint", samples, "other")
    close, close_p95 = median_p95(samples["close turn"])
    print(f"for comparison, the entry line closed with Esc (focus back to the queue, nothing written): "
          f"whole turn median {close:.1f} ms, p95 {close_p95:.1f} ms")
    rebuild, rebuild_p95 = median_p95(samples["rebuild"])
    print(f"baseline, the full rebuild every change cost before: median {rebuild:.1f} ms, "
          f"p95 {rebuild_p95:.1f} ms = {rebuild / FRAME_MS:.1f} frames; the queue update is now "
          f"{rebuild / statistics.median(samples['own']):.0f}x (Enter) and "
          f"{rebuild / statistics.median(samples['other']):.0f}x (another session) cheaper")
