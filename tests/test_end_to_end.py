"""The real `warroom demo` in a real terminal (tmux): keys in, screen text out."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.terminal import Tmux

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]

SOCKET = "warroom-e2e"


TERMINAL = Tmux(SOCKET, "e2e")
tmux, screen, wait_for = TERMINAL.tmux, TERMINAL.screen, TERMINAL.wait_for


@pytest.fixture
def terminal(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "TERM": "xterm-256color"}
    command = f"{sys.executable} -m warroom demo --to {tmp_path / 'demo.db'}; echo WARROOM-EXITED $?; sleep 30"
    subprocess.run(["tmux", "-L", SOCKET, "new-session", "-d", "-s", "e2e", "-x", "120", "-y", "36", command],
                   env=env, check=True)
    yield tmp_path
    tmux("kill-server")


def test_demo_in_tmux_filter_move_and_quit(terminal):
    first = wait_for("CRITICAL")
    assert "EU API gateway outage" in first and "✖" in first
    tmux("send-keys", "-t", "e2e", "/")
    tmux("send-keys", "-t", "e2e", "-l", "orchid")
    shown = wait_for("CRITICAL  3 accounts")
    rows = [line for line in screen().splitlines() if len(line) > 3 and line[:2] in ("▶ ", "  ") and line[2] in "·!✖"]
    assert rows and all("Orchid" in line for line in rows), shown
    tmux("send-keys", "-t", "e2e", "Escape")
    wait_for("Blue Motors")
    tmux("send-keys", "-t", "e2e", "3")
    shown = wait_for("STABLE", pattern=r"^▌STABLE")
    lines = shown.splitlines()
    deadline = time.monotonic() + 10
    while not any(line.startswith("▶") for line in lines) and time.monotonic() < deadline:
        lines = screen().splitlines()  # polling the real terminal until it shows the cursor
    cursor = next(n for n, line in enumerate(lines) if line.startswith("▶"))
    assert lines[cursor - 1].startswith("▌STABLE")
    tmux("send-keys", "-t", "e2e", "q")
    wait_for("WARROOM-EXITED 0")


def test_kill_9_right_after_enter_loses_nothing_the_pane_showed(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "TERM": "xterm-256color"}
    database = tmp_path / "demo.db"
    subprocess.run([sys.executable, "-m", "warroom", "demo", "--to", str(database), "--print"], env=env,
                   check=True, capture_output=True)
    subprocess.run(["tmux", "-L", SOCKET, "new-session", "-d", "-s", "e2e", "-x", "160", "-y", "48",
                    f"{sys.executable} -m warroom --db {database}"], env=env, check=True)
    try:
        wait_for("CRITICAL")
        shown = []
        for n in range(3):
            text = f"durable check {n}"
            tmux("send-keys", "-t", "e2e", "l")
            tmux("send-keys", "-t", "e2e", "-l", f"call {text}")
            tmux("send-keys", "-t", "e2e", "Enter")
            # Shown as a log line (time, mark, kind): from here on it must survive anything.
            wait_for(text, pattern=rf"^\d\d:\d\d ✆ call .*{text}")
            shown.append(text)
        pid = int(tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}").strip())
        os.kill(pid, 9)
    finally:
        tmux("kill-server")
    from warroom.store.database import open_database

    db = open_database(database)
    stored = {row["text"] for row in db.query("SELECT text FROM log_entries")}
    assert set(shown) <= stored


def test_keys_typed_right_after_q_do_not_crash_the_exit(terminal):
    wait_for("CRITICAL")
    tmux("send-keys", "-t", "e2e", "q", "t")  # both in one write, as a fast typist sends them
    wait_for("WARROOM-EXITED 0")
    assert "Traceback" not in screen() and "NoMatches" not in screen()


def test_a_fast_typist_logs_three_entries_in_one_burst(terminal):
    """l, the words, Enter, three times, all in one write to the terminal: each Enter is its
    own entry (keys typed after Enter wait for the commit instead of landing in the line)."""
    TERMINAL.wait_for("CRITICAL")
    burst = "".join(f"lcall burst entry {n} next in 40m\r" for n in range(1, 4))
    TERMINAL.typed(burst)
    TERMINAL.wait_for("Logged #", timeout=20)
    deadline = time.monotonic() + 20
    texts: list[str] = []
    while len(texts) < 3 and time.monotonic() < deadline:  # the file is the truth; poll it
        reader = sqlite3.connect(f"file:{terminal / 'demo.db'}?mode=ro", uri=True)
        texts = [row[0] for row in reader.execute(
            "SELECT text FROM log_entries WHERE text LIKE '%burst entry%' ORDER BY id")]
        reader.close()
        time.sleep(0.1)
    assert texts == ["burst entry 1", "burst entry 2", "burst entry 3"]
    TERMINAL.keys("q")
    TERMINAL.wait_for("WARROOM-EXITED 0")
