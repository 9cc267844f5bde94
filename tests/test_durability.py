"""Nothing acknowledged is lost: SIGKILL mid-loop, and four writers at once."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta

import pytest

from warroom.domain.vocabulary import CrisisKind, Severity
from warroom.store.crises import create_crisis
from warroom.store.database import open_database

pytestmark = pytest.mark.slow


def prepared(path, accounts=1):
    db = open_database(path)
    now = datetime.now(UTC)
    for index in range(1, accounts + 1):
        db.table("accounts").insert({"id": index, "name": f"Account {index}", "created_at": "x", "updated_at": "x"})
    create_crisis(db, title="Outage", kind=CrisisKind.OUTAGE, severity=Severity.L1,
                  started_at=now - timedelta(minutes=5), now=now)
    db.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_never_loses_an_acknowledged_log_entry(tmp_path, seed):
    path = tmp_path / "crash.db"
    prepared(path)
    script = (
        f'for i in $(seq 1 500); do "{sys.executable}" -m warroom --db "{path}" log "#1" "call entry $i" '
        '>/dev/null && echo "ok $i"; done'
    )
    process = subprocess.Popen(["bash", "-c", script], stdout=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(random.Random(seed).uniform(0.8, 2.5))  # a random moment to pull the plug
    os.killpg(process.pid, signal.SIGKILL)
    output, _ = process.communicate()
    acknowledged = [line.split()[1] for line in output.splitlines() if line.startswith("ok ")]
    assert acknowledged, "the loop never got going"
    db = open_database(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row["text"] for row in db.query("SELECT text FROM log_entries")}
    missing = [n for n in acknowledged if f"entry {n}" not in stored]
    assert missing == []


WRITER = textwrap.dedent("""
    import sys
    from datetime import UTC, datetime, timedelta
    from warroom.domain.vocabulary import EntryKind
    from warroom.store.database import open_database
    from warroom.store.log import append_entry

    path, worker, count, accounts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    db = open_database(path, busy_timeout_ms=30000)
    for n in range(count):
        now = datetime.now(UTC)
        append_entry(db, crisis_id=1, account_id=1 + (n % accounts), kind=EntryKind.CALL,
                     text=f"worker {worker} entry {n}", author=f"w{worker}", at=now, now=now,
                     next_update_due=now + timedelta(minutes=30))
    print("done", worker)
""")


def test_four_writers_each_reading_then_writing_all_succeed(tmp_path):
    path = tmp_path / "busy.db"
    prepared(path, accounts=3)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(w), "200", "3"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for w in range(4)]
    results = [writer.communicate(timeout=300) for writer in writers]
    for writer, (_out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
    db = open_database(path)
    typed = next(db.query("SELECT COUNT(*) n FROM log_entries WHERE kind = 'call'"))["n"]
    assert typed == 800
    # Each read-then-write saw the previous promise: exactly one stays open per account.
    open_per_account = list(db.query(
        "SELECT account_id, COUNT(*) n FROM commitments WHERE state = 'open' GROUP BY account_id"))
    assert [row["n"] for row in open_per_account] == [1, 1, 1]
    settled = next(db.query("SELECT COUNT(*) n FROM commitments WHERE state != 'open'"))["n"]
    assert settled == 800 - 3


def test_two_sessions_logging_the_same_account_in_the_same_second(tmp_path):
    path = tmp_path / "same.db"
    prepared(path)
    at = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=5)
    commands = [
        [sys.executable, "-m", "warroom", "--db", str(path), "log", "--at", at.isoformat(), "#1",
         f"call session {n} next in 30m"]
        for n in (1, 2)
    ]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for command in commands]
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    db = open_database(path)
    texts = sorted(row["text"] for row in db.query("SELECT text FROM log_entries WHERE kind = 'call'"))
    assert texts == ["session 1", "session 2"]
    states = sorted(row["state"] for row in db.query("SELECT state FROM commitments"))
    # The second entry (whichever won the lock) keeps the first one's promise and opens its own.
    assert states == ["kept", "open"]
