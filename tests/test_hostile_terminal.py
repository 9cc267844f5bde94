"""The real console in a real terminal (tmux) on a database whose names, titles, notes and
engineering status carry terminal control strings. Every byte the console writes is captured
(`pipe-pane`) while each screen is visited by keyboard; none of the data's control strings may
be among those bytes, and afterwards `q` still quits with status 0.

Each control string is wrapped in a marker of its own ("HX07<control>HX07"): Textual writes
escape sequences of its own, so a sequence counts as data-borne when it follows its marker.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta

import pytest

from tests.conftest import NOW
from tests.terminal import Tmux
from tests.test_hostile_display import hostile_db

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# What each string would do to a terminal; "{m}" is its marker (payloads carry it too).
CONTROLS = {
    "OSC 52 set the clipboard": "\x1b]52;c;{b64}\x07",
    "OSC 0 set the title": "\x1b]0;{m}\x07",
    "OSC 2 set the title (ST)": "\x1b]2;{m}\x1b\\",
    "OSC 8 hyperlink": "\x1b]8;;https://{m}.example\x1b\\",
    "OSC 4 change a palette colour": "\x1b]4;1;rgb:ff/00/00\x07",
    "DCS request status (DECRQSS)": "\x1bP$q{m}\x1b\\",
    "DCS unterminated": "\x1bP{m}",
    "APC (kitty graphics)": "\x1b_G{m}\x1b\\",
    "PM": "\x1b^{m}\x1b\\",
    "SOS": "\x1bX{m}\x1b\\",
    "RIS full reset": "\x1bc",
    "CSI 2J erase the screen": "\x1b[2J",
    "CSI >c secondary device attributes query": "\x1b[>c",
    "CSI c device attributes query": "\x1b[c",
    "CSI 6n cursor position query": "\x1b[6n",
    "CSI 21t report the title": "\x1b[21t",
    "leave the alternate screen": "\x1b[?1049l",
    "mouse reporting off": "\x1b[?1000l",
    "bracketed paste off": "\x1b[?2004l",
    "hide the cursor": "\x1b[?25l",
    "SGR blink red": "\x1b[5;31m",
    "DECALN fill the screen": "\x1b#8",
    "line-drawing character set": "\x1b(0",
    "keypad application mode": "\x1b=",
    "C1 CSI erase": "\x9b2J",
    "C1 OSC title": "\x9d0;{m}\x9c",
    "C1 DCS": "\x90{m}\x9c",
    "C1 APC": "\x9f{m}\x9c",
    "C1 NEL": "\x85",
    "BEL": "\x07",
    "BS and CR": "\x08\r",
    "SO shift out": "\x0e",
    "NUL": "\x00",
    "DEL": "\x7f",
    "U+202E right-to-left override": "\u202e",
    "U+2066 left-to-right isolate": "\u2066",
    "U+200F right-to-left mark": "\u200f",
    "U+2028 line separator": "\u2028",
}
MARKERS = {label: f"HX{n:02d}" for n, label in enumerate(CONTROLS, start=1)}


def control(label: str) -> str:
    marker = MARKERS[label]
    return CONTROLS[label].format(m=marker, b64=_b64(marker))


def hostile(label: str) -> str:
    """The control string between two copies of its marker."""
    return f"{MARKERS[label]}{control(label)}{MARKERS[label]}"


LABELS = list(CONTROLS)
TITLE_LABELS, SCOPE_LABELS, ETA_LABELS, WORKAROUND_LABELS = LABELS[:2], LABELS[2:9], LABELS[9:16], LABELS[16:23]
PALETTE_GROUPS = [LABELS[n:n + 5] for n in range(0, len(LABELS), 5)]


def hostile_terminal_db(path) -> None:
    """hostile_db with the control corpus: one account and contact per control string; then a
    crisis title, an engineering status and one decision holding them, and older open crises
    whose titles hold them too (the palette and the crisis picker list those)."""
    from warroom.domain.vocabulary import CrisisKind, EntryKind, Severity
    from warroom.store.crises import create_crisis, edit_crisis
    from warroom.store.database import open_database
    from warroom.store.log import append_entry
    from warroom.store.status import post_status

    hostile_db(path, corpus=[hostile(label) for label in LABELS])
    db = open_database(path)
    main = 1
    edit_crisis(db, main, by="t", now=NOW, title="Outage [/" + "".join(hostile(label) for label in TITLE_LABELS))
    post_status(db, main, summary="Rolled back " + hostile(LABELS[0]), by="t", now=NOW,
                scope=" ".join(hostile(label) for label in SCOPE_LABELS),
                eta=" ".join(hostile(label) for label in ETA_LABELS),
                workaround=" ".join(hostile(label) for label in WORKAROUND_LABELS))
    append_entry(db, crisis_id=main, account_id=None, kind=EntryKind.DECISION, author="t", at=NOW, now=NOW,
                 text="Decided " + " ".join(hostile(label) for label in LABELS))
    for n, group in enumerate(PALETTE_GROUPS, start=1):
        start = NOW - timedelta(hours=2, minutes=n)
        create_crisis(db, title="Old [/" + "".join(hostile(label) for label in group), kind=CrisisKind.OUTAGE,
                      severity=Severity.L3, started_at=start, now=start)
    db.close()


@pytest.fixture
def console(tmp_path):
    """The console on the hostile database in a 160x48 tmux pane; every byte it writes is
    appended to the returned file from its first frame (it starts once the capture runs)."""
    database, raw = tmp_path / "hostile.db", tmp_path / "terminal.raw"
    hostile_terminal_db(database)
    terminal = Tmux(str(tmp_path / "tmux.socket"), "hostile")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "TERM": "xterm-256color"}
    command = f"read go; {sys.executable} -m warroom --db {database}; echo WARROOM-EXITED $?; sleep 30"
    subprocess.run(["tmux", *terminal.server, "new-session", "-d", "-s", "hostile", "-x", "160", "-y", "48", command],
                   env=env, check=True)
    terminal.tmux("pipe-pane", "-o", "-t", "hostile", f"cat >> {raw}")
    terminal.keys("Enter")
    yield terminal, raw
    terminal.tmux("kill-server")


def visit(terminal: Tmux, key: str, shows: str) -> None:
    """Open a screen by its key, wait until it shows `shows`, close it with Esc."""
    terminal.keys(key)
    terminal.wait_for(shows)
    terminal.keys("Escape")
    terminal.wait_gone(shows)


def walk_every_screen(terminal: Tmux) -> None:
    """Visit every screen by keyboard, waiting each time until it shows its hostile text."""
    terminal.wait_for(f"STANDARD  {len(LABELS)} accounts")  # the queue, the detail and the log pane
    terminal.keys("L")  # the log pane off and on again: it is drawn afresh
    terminal.wait_gone("Crisis log ·")
    terminal.keys("L")
    terminal.wait_for("Crisis log ·")

    terminal.keys("c")  # the composer: subject (Input) and body (TextArea)
    terminal.wait_for("Hello HX01HX01")
    terminal.keys("C-o")  # the contact picker, then the template picker
    terminal.wait_for("Draft for whom at HX01HX01?")
    terminal.keys("Enter")
    terminal.wait_for("Which message for HX01HX01?")
    terminal.keys("Escape")
    terminal.wait_gone("Which message for")

    terminal.keys("C")  # the tier run: one draft per account, each skipped with ctrl+n
    for n in range(1, len(LABELS) + 1):
        terminal.wait_for(f"draft {n} of {len(LABELS)}")
        terminal.wait_for(f"Hello HX{n:02d}")
        terminal.keys("C-n")
    terminal.wait_gone("ctrl+n skips")

    visit(terminal, "y", "Needed from leadership")  # the sync summary's TextArea
    visit(terminal, "E", "Edit crisis #1")  # the crisis form, title prefilled
    visit(terminal, "S", "Engineering status: crisis #1")  # scope, ETA, workaround prefilled
    visit(terminal, "t", "Tasks: #1 Outage")
    visit(terminal, "x", "Switch to crisis")
    visit(terminal, "i", "Impact on HX01HX01")
    visit(terminal, "o", "Override the tier of HX01HX01")

    terminal.keys("C-p")  # the palette: every crisis title, listed, then found by a search
    terminal.wait_for("Search for commands")
    terminal.typed("switch to")
    last = MARKERS[PALETTE_GROUPS[-1][0]]
    terminal.wait_for(f"#{len(PALETTE_GROUPS) + 1} Old [/{last}{last}")
    terminal.keys("Escape")
    terminal.wait_gone("Show this crisis's queue")

    terminal.keys("l")  # the quick entry, its account suggestion and the larger editor
    terminal.wait_for("log for HX01HX01")
    terminal.typed("note @HX0")
    terminal.wait_for("note @HX01HX01")
    terminal.keys("C-e")
    terminal.wait_for("Entry for HX01HX01")
    terminal.keys("Escape")
    terminal.wait_gone("Entry for")
    terminal.keys("Escape")
    terminal.keys("Escape")
    terminal.wait_gone("log for HX01HX01")


def test_no_control_string_from_the_data_reaches_the_terminal(console):
    terminal, raw = console
    stalled = None
    try:
        walk_every_screen(terminal)
    except AssertionError as error:  # a terminal the data took over stops the walk; the bytes say why
        stalled = error
    written = raw.read_bytes().decode("utf-8", "surrogateescape")
    reached = [label for label in LABELS if MARKERS[label] + control(label) in written]
    assert reached == [], f"{len(reached)} of {len(LABELS)} control strings reached the terminal: {reached}"
    # Textual itself never writes these, with or without a marker.
    for what, character in [("a C1 control", "[\x80-\x9f]"), ("NUL", "\x00"),
                            ("a bidi control", "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"),
                            ("a line separator", "[\u2028\u2029]")]:
        assert not re.search(character, written), f"{what} reached the terminal"
    if stalled is not None:
        raise stalled

    terminal.keys("q")  # still answering
    terminal.wait_for("WARROOM-EXITED 0")
