"""A minute of everything at once on one database: two consoles typing quick entries (one of
them SIGKILLed and started again), two `warroom log` loops whose commands are SIGKILLed now
and then, and a reader loop. Nothing acknowledged may be lost (benchmarks/soak.py runs the
same for longer)."""

from __future__ import annotations

import os
import random
import shutil

import pytest

from benchmarks.soak import run_soak

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
              pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="finds processes through Linux's /proc")]


def test_nothing_acknowledged_is_lost_when_two_consoles_the_cli_and_readers_share_a_database(tmp_path):
    seed = random.randrange(1_000_000)
    report = run_soak(tmp_path, seconds=60, consoles=2, cli_writers=2, seed=seed)
    print(f"seed {seed}", *report.lines(), sep="\n")  # shown with -s, and on failure
    # No crash, traceback, odd exit, refusal, console that stopped answering, or pane that never
    # caught up. (An entry committed and shown in the log pane whose 3-second "Logged #N" was
    # never seen is printed, not failed: it was not acknowledged, and it is in the file.)
    assert report.problems == []
    assert report.reader_failures == []
    assert report.lost == 0
    assert report.acknowledged == report.present
    assert report.acknowledged_twice == [] and report.stored_twice == []
    assert report.integrity == "ok" and report.foreign_key_problems == 0
    # The soak really ran: every source was acknowledged many times, and the kills happened.
    assert all(source.acknowledged >= 5 for source in report.sources), report.lines()
    assert report.console_kills == 1 and report.cli_kills >= 5
    assert report.reader_rounds >= 3
