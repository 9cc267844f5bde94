"""One database shared by the console, the CLI and other programs: the process keeps its
locks whatever opens a connection, a vanished file stops writes, a held lock never freezes
the screen, and a full disk loses nothing typed."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from warroom.__main__ import cli
from warroom.store.database import connection_for_worker, open_database
from warroom.store.errors import StoreError
from warroom.store.writer import Writer

from tests.test_app import build, loaded


def held_locks(path) -> list[str]:
    """The POSIX locks this process holds on `path` (from /proc/locks: pid and inode)."""
    inode = str(os.stat(path).st_ino)
    pid = str(os.getpid())
    held = []
    with open("/proc/locks") as table:  # the kernel's table, not the database
        for line in table:
            fields = line.split()
            if "->" in fields:
                continue  # a waiter, not a holder
            if fields[4] == pid and fields[5].rsplit(":", 1)[-1] == inode:
                held.append(" ".join(fields[1:4] + fields[6:]))
    return held


def entry_texts_seen_by_another_process(path) -> list[str]:
    script = ("import sqlite3, sys, json; c = sqlite3.connect(sys.argv[1]); "
              "print(json.dumps([r[0] for r in c.execute('SELECT text FROM log_entries ORDER BY id')]))")
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


pytestmark = pytest.mark.skipif(not os.path.exists("/proc/locks"), reason="needs Linux's /proc/locks")


def test_every_store_path_that_opens_a_connection_keeps_the_sessions_lock(sample_copy):
    db = open_database(sample_copy)
    db.execute("SELECT COUNT(*) FROM accounts").fetchone()
    before = held_locks(sample_copy)
    assert before, "an open WAL connection holds a shared lock on the database file"
    open_database(sample_copy).close()
    assert held_locks(sample_copy) == before
    with connection_for_worker(db) as worker:
        worker.execute("SELECT COUNT(*) FROM log_entries").fetchone()
    assert held_locks(sample_copy) == before
    writer = Writer(db)
    writer.run(lambda conn: conn.execute("SELECT COUNT(*) FROM contacts").fetchone())
    writer.close()
    assert held_locks(sample_copy) == before
    db.close()


def test_a_cli_command_in_the_same_process_keeps_the_sessions_lock(sample_copy):
    db = open_database(sample_copy)
    db.execute("SELECT 1 FROM accounts").fetchone()
    before = held_locks(sample_copy)
    runner = CliRunner()
    for arguments in (["queue", "--json"], ["log", "--crisis-wide", "decision: pause EU deploys"],
                      ["export", "--format", "csv"]):
        result = runner.invoke(cli, ["--db", str(sample_copy), *arguments])
        assert result.exit_code == 0, result.output
        assert held_locks(sample_copy) == before, arguments
    db.close()


async def test_the_console_keeps_its_lock_and_its_entries_reach_other_processes(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)  # the queue loaded in a worker on its own connection
        before = held_locks(sample_copy)
        assert before
        # Another program reads and writes the same file while the console runs.
        other = subprocess.run([sys.executable, "-m", "warroom", "--db", str(sample_copy), "log", "--crisis-wide",
                                "decision: from the shell"], capture_output=True, text=True)
        assert other.returncode == 0, other.stderr
        subprocess.run([sys.executable, "-c", f"import sqlite3; sqlite3.connect({str(sample_copy)!r})"
                        ".execute('SELECT COUNT(*) FROM log_entries').fetchone()"], check=True)
        await pilot.press("l", *"call from the console after the shell", "enter")
        await loaded(app, pilot)
        assert held_locks(sample_copy) == before
        await pilot.press("X")  # export, in a worker with its own connection
        await loaded(app, pilot)
        assert held_locks(sample_copy) == before
        # What the console logged is in the file itself, not in a log another process deleted.
        seen = entry_texts_seen_by_another_process(sample_copy)
        assert seen.index("from the shell") < seen.index("from the console after the shell")
        assert "Logged #" in " ".join(str(n.message) for n in app._notifications)
        await pilot.press("R")  # resolve: settles and plans in a worker on its own connection
        await pilot.pause()
        await pilot.press("2")
        await loaded(app, pilot)
        assert screen.crisis.resolved_at is not None
        assert held_locks(sample_copy) == before


async def test_a_database_moved_away_stops_writes_and_says_so(sample_copy, tmp_path):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        count = next(app.db.query("SELECT COUNT(*) AS n FROM log_entries"))["n"]
        moved = tmp_path / "moved-away.db"
        os.rename(sample_copy, moved)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(f"{sample_copy}{suffix}"):
                os.rename(f"{sample_copy}{suffix}", f"{moved}{suffix}")
        screen.tick(app.now())
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("was deleted or moved" in m and "nothing more is written" in m for m in messages)
        await pilot.press("l", *"call after the move", "enter")
        await loaded(app, pilot)
        entry = screen.query_one("#quick-entry")
        assert entry.has_class("-open") and entry.line.value == "call after the move"
        assert "deleted or moved" in str(entry.query_one("#entry-preview").render())
        assert not any(str(n.message).startswith("Logged") for n in app._notifications)
        assert next(app.db.query("SELECT COUNT(*) AS n FROM log_entries"))["n"] == count


async def test_a_replaced_database_is_refused_too(sample_copy, tmp_path):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        replacement = tmp_path / "replacement.db"
        replacement.write_bytes(b"")
        os.replace(replacement, sample_copy)
        with pytest.raises(StoreError, match="replaced by another file"):
            app.db.ensure_in_place()


async def test_a_held_write_lock_waits_in_a_worker_and_the_screen_stays_live(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        holder = sqlite3.connect(sample_copy, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            first = screen.queue.current
            await pilot.press("l", *"call while another program writes", "enter")
            await pilot.pause()
            entry = screen.query_one("#quick-entry")
            assert "waiting for the database" in str(entry.query_one("#entry-preview").render())
            assert not any(str(n.message).startswith("Logged") for n in app._notifications)
            # The event loop is free while the write waits: callbacks run, the screen repaints.
            ran = []
            app.call_later(ran.append, "the loop is free")
            await pilot.pause()
            assert ran == ["the loop is free"] and screen.writing
            # Keys typed meanwhile wait their turn (typeahead) instead of landing in the line.
            await pilot.press("escape", "j")
            assert screen.queue.current is first and entry.line.value == "call while another program writes"
        finally:
            holder.execute("COMMIT")
            holder.close()
        for _ in range(2):  # the commit, then the replayed keys
            await loaded(app, pilot)
        row = next(app.db.query("SELECT account_id FROM log_entries WHERE text = 'while another program writes'"))
        assert row["account_id"] == first.account.id
        assert any(str(n.message).startswith("Logged #") for n in app._notifications)
        assert screen.queue.current is not first  # the j typed while waiting moved the cursor afterwards


async def test_a_full_disk_keeps_the_words_and_records_nothing(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        count = next(app.db.query("SELECT COUNT(*) AS n FROM log_entries"))["n"]

        def fill(conn):  # SQLite's own SQLITE_FULL: no page may be added to the file
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages}")

        screen.writer.run(fill)
        long_text = "call " + "the customer explained their whole setup " * 200
        await pilot.press("l")
        screen.query_one("#quick-entry").line.value = long_text
        await pilot.press("enter")
        await loaded(app, pilot)
        entry = screen.query_one("#quick-entry")
        assert entry.has_class("-open") and entry.line.value == long_text
        assert "is full" in str(entry.query_one("#entry-preview").render())
        assert next(app.db.query("SELECT COUNT(*) AS n FROM log_entries"))["n"] == count
        assert app.return_code in (None, 0)


async def test_keys_typed_while_an_entry_waits_are_replayed_not_lost(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        holder = sqlite3.connect(sample_copy, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("l", *"call first while locked", "enter")
            await pilot.pause()
            # A fast typist goes on with the next entry before the first one is on disk.
            await pilot.press("l", *"call second typed ahead", "enter")
            await pilot.pause()
        finally:
            holder.execute("COMMIT")
            holder.close()
        for _ in range(3):  # the first commit, then the replayed keys, then the second commit
            await loaded(app, pilot)
        texts = [row["text"] for row in app.db.query(
            "SELECT text FROM log_entries WHERE text IN ('first while locked', 'second typed ahead') ORDER BY id")]
        assert texts == ["first while locked", "second typed ahead"]
        assert app.typeahead is None and not app.main.writing
