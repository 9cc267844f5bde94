"""Soak: consoles typing quick entries, `warroom log` loops, a reader loop and SIGKILLs, all
on one demo database at once; afterwards every acknowledged entry must be in the file.

Acknowledged means what the person at the keyboard was told: a `warroom log --json` that
exited 0 (its JSON names the entry), or a console that showed "Logged #N" after Enter (the
notification appears only after the commit; N is tied to the words typed, one entry in
flight per console). Now and then the current `warroom log` child of a loop is SIGKILLed,
and every console but the first is SIGKILLed right after an Enter and started again.

    .venv/bin/python benchmarks/soak.py --minutes 5 --consoles 2 --cli-writers 2

Prints acknowledged / present / lost per source and the write rate; exits 1 on any loss,
crash or wrong answer. Needs tmux. tests/test_soak.py runs the same for a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

WARROOM = [sys.executable, "-m", "warroom"]
QUIET_ENTRIES = 5
ACK_TIMEOUT = 30.0  # a console that has not answered an Enter by then is reported, not retried
LOGGED = re.compile(r"Logged #(\d+)(?:\.|; next update promised for \d\d:\d\d\.)")
CRASHED = ("Traceback", "WARROOM-EXITED", "stopped on an unexpected error")


def descendants(pid: int) -> list[int]:
    """Every process under `pid` (Linux /proc), children first."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        found += [int(child) for child in children]
        todo += [int(child) for child in children]
    return found


def command_line(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return []


def warroom_processes_under(pid: int, verb: str | None = None) -> list[int]:
    """The `warroom` processes (optionally running `verb`) somewhere under `pid`."""
    return [child for child in descendants(pid)
            if "warroom" in (words := command_line(child)) and (verb is None or verb in words)]


class Terminal:
    """One session on a private tmux server: keys in, screen text out (a real terminal has no
    event to wait on, so waiting is polling the pane)."""

    def __init__(self, server: str, name: str, command: str, env: dict[str, str]) -> None:
        self.server, self.name, self.command, self.env = server, name, command, env

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.server, *args], capture_output=True, text=True,
                              check=False).stdout

    def start(self, width: int = 160, height: int = 48) -> None:
        # An explicit environment: a test runner may have COLUMNS=80 LINES=24 in the process's
        # own (C-level) environment, and the console would believe them over the window size.
        subprocess.run(["tmux", "-L", self.server, "new-session", "-d", "-s", self.name, "-x", str(width),
                        "-y", str(height), self.command], env=self.env, check=True)

    def restart(self) -> None:
        self.tmux("respawn-pane", "-k", "-t", self.name)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, pattern: str, timeout: float) -> str | None:
        """The screen once a line matches `pattern`, or None after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if re.search(pattern, shown, re.MULTILINE):
                return shown
            time.sleep(0.1)
        return None

    def program(self) -> int | None:
        """The console's process (under the pane's shell)."""
        shell = self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip()
        found = warroom_processes_under(int(shell)) if shell.isdigit() else []
        return found[0] if found else None


@dataclass
class Tally:
    """One writer's entries: what it tried, and what it was told is recorded (text -> entry id)."""

    name: str
    tried: list[str] = field(default_factory=list)
    acknowledged: dict[str, int] = field(default_factory=dict)
    final: str | None = None  # its last entry, which every console must end up showing
    waits: list[float] = field(default_factory=list)  # a console's seconds from Enter to "Logged #N"
    unannounced: list[str] = field(default_factory=list)  # committed and shown, but no "Logged #N" seen


@dataclass
class SourceCount:
    name: str
    tried: int
    acknowledged: int
    present: int  # acknowledged and in the file under the same id with the same words
    lost: list[str]
    in_doubt: int  # tried but never acknowledged (killed, or no answer)
    in_doubt_present: int  # of those, committed anyway
    waits: list[float]  # consoles: seconds from Enter to "Logged #N" on the screen
    unannounced: list[str]


@dataclass
class SoakReport:
    seconds: float
    sources: list[SourceCount]
    integrity: str
    foreign_key_problems: int
    acknowledged_twice: list[int]  # an id acknowledged for two different entries
    stored_twice: list[str]  # one typed entry stored as two rows
    written: int  # soak entries in the file
    cli_kills: int
    console_kills: int
    reader_rounds: int
    reader_failures: list[str]
    caught_up: dict[str, float]  # console -> seconds until its pane showed the others' last entries
    quiet_waits: list[float]  # the first console's Enter to "Logged #N" before anything else started
    problems: list[str] = field(default_factory=list)  # crashes, odd exits, refusals, stale panes

    @property
    def acknowledged(self) -> int:
        return sum(source.acknowledged for source in self.sources)

    @property
    def present(self) -> int:
        return sum(source.present for source in self.sources)

    @property
    def lost(self) -> int:
        return sum(len(source.lost) for source in self.sources)

    def lines(self) -> list[str]:
        consoles = sum(source.name.startswith("console") for source in self.sources)
        out = [(f"soak {self.seconds:.0f} s: {consoles} consoles, {len(self.sources) - consoles} `warroom log` "
                f"loops and a reader loop on one database; SIGKILLed {self.cli_kills} `warroom log` and "
                f"{self.console_kills} console processes"),
               f"{'source':<11}{'tried':>7}{'acknowledged':>14}{'present':>9}{'lost':>6}   in doubt (committed anyway)"]
        for s in self.sources:
            out.append(f"{s.name:<11}{s.tried:>7}{s.acknowledged:>14}{s.present:>9}{len(s.lost):>6}   "
                       f"{s.in_doubt} ({s.in_doubt_present})")
        out.append(f"{'total':<11}{sum(s.tried for s in self.sources):>7}{self.acknowledged:>14}{self.present:>9}"
                   f"{self.lost:>6}")
        out.append(f"written {self.written} entries in {self.seconds:.0f} s: {self.written / self.seconds:.1f} "
                   f"entries/s ({self.acknowledged / self.seconds:.1f} acknowledged/s); reader {self.reader_rounds} "
                   f"rounds of queue --json + export --format csv + plain sqlite3, {len(self.reader_failures)} failed; "
                   f"integrity_check {self.integrity}; ids acknowledged twice {len(self.acknowledged_twice)}; "
                   f"entries stored twice {len(self.stored_twice)}")
        if self.quiet_waits:
            quiet = statistics.median(self.quiet_waits)
            out.append(f"Enter to \"Logged #N\" on the screen (polled every 0.1 s): {quiet:.2f} s median before "
                       f"anything else started (baseline, {len(self.quiet_waits)} entries)")
            for s in self.sources:
                if s.waits:
                    median = statistics.median(s.waits)
                    out.append(f"  {s.name} under the soak: {median:.2f} s median = {median / quiet:.1f}x the "
                               f"baseline, {s.waits[int(len(s.waits) * 0.9)]:.2f} s 90th percentile, "
                               f"{s.waits[-1]:.2f} s longest")
        if self.caught_up:
            out.append("log panes showed the other sessions' last entries and the file's count after "
                       + ", ".join(f"{seconds:.1f} s ({name})" for name, seconds in self.caught_up.items()))
        out += [f"lost from {s.name}: {text}" for s in self.sources for text in s.lost]
        out += [f"{s.name} never showed \"Logged #N\" for {what}" for s in self.sources for what in s.unannounced]
        out += [f"reader failed: {failure}" for failure in self.reader_failures]
        out += [f"problem: {problem}" for problem in self.problems]
        return out


class Typist(threading.Thread):
    """Types quick entries into one console as fast as it answers, moving the cursor between
    them; `kills` are moments (monotonic) to SIGKILL it right after an Enter and start it again."""

    READY = r"^▶ "  # the queue has loaded and a row is selected: `l` has an account to log for

    def __init__(self, label: str, terminal: Terminal, stop: threading.Event, rng: random.Random,
                 kills: list[float], problems: list[str]) -> None:
        super().__init__(name=f"console {label}", daemon=True)
        self.label, self.terminal, self.stop, self.rng = label, terminal, stop, rng
        self.kills, self.problems = sorted(kills), problems
        self.tally = Tally(f"console {label}")
        self.seen: set[int] = set()  # entry ids this console has already announced
        self.killed = 0
        self.alive = True  # false once it crashed or stopped answering: nothing more is typed

    def run(self) -> None:
        n = 0
        while self.alive and not self.stop.is_set():
            n += 1
            kill = bool(self.kills) and time.monotonic() >= self.kills[0]
            if kill:
                self.kills.pop(0)
            self.log(f"soak {self.label} {n}", promise=n % 3 == 0, kill=kill)

    def ready(self) -> bool:
        if self.terminal.wait_for(self.READY, 60) is None:
            self.fail("never showed its queue")
            return False
        return True

    def fail(self, what: str) -> None:
        self.alive = False
        self.problems.append(f"console {self.label} {what}; its screen:\n{self.terminal.screen()}")

    def log(self, text: str, promise: bool = False, kill: bool = False) -> None:
        """Type one entry; it counts as acknowledged once "Logged #N" shows for a new N."""
        moves = self.rng.choice(["", "j", "jj", "k", "jjj", "kk"])
        if moves:
            self.terminal.keys(*moves)
        self.terminal.keys("l")
        # Typed only once the line is open: words sent to the queue would be keys (c drafts...).
        if self.terminal.wait_for(r"log for ", 10) is None:
            self.fail("did not open the quick-entry line after l")
            return
        self.terminal.type(f"call {text}" + (" next in 30m" if promise else ""))
        self.terminal.keys("Enter")
        self.tally.tried.append(text)
        entered = time.monotonic()
        if kill:
            time.sleep(self.rng.uniform(0, 0.4))  # somewhere between Enter and the commit, or after
            self.take(self.terminal.screen(), text)
            self.crash_and_restart()
            return
        deadline, refusal_shown = time.monotonic() + ACK_TIMEOUT, False
        in_pane = re.compile(rf"\b{re.escape(text)}\s.*#(\d+) soak {self.label}\b")
        pane: tuple[int, float] | None = None  # the id the log pane showed it under, and when
        last_look, longest_gap = entered, 0.0
        while time.monotonic() < deadline:
            shown = self.terminal.screen()
            longest_gap, last_look = max(longest_gap, time.monotonic() - last_look), time.monotonic()
            if any(sign in shown for sign in CRASHED):
                self.fail(f"crashed after {text!r}")
                return
            if self.take(shown, text):
                self.tally.waits.append(time.monotonic() - entered)
                return
            if pane is None and (match := in_pane.search(shown)):
                pane = int(match[1]), time.monotonic() - entered
            refused = "Not recorded" in shown
            if refused and not refusal_shown:
                self.problems.append(f"console {self.label} refused {text!r} (Enter pressed again):\n{shown}")
                self.terminal.keys("Enter")
            refusal_shown = refused
            time.sleep(0.1)
        if pane is None or "log for " in shown:
            self.fail(f"never acknowledged {text!r} in {ACK_TIMEOUT:.0f} s")
            return
        # Recorded and in the log pane, but no notification was seen: not acknowledged (so it is
        # not counted as one), reported, and typing goes on; a late "Logged" for that id is not
        # taken for the next entry.
        self.seen.add(pane[0])
        self.tally.unannounced.append(f"{text!r}: shown in the log pane as #{pane[0]} {pane[1]:.1f} s after Enter, "
                                      f"longest gap between two reads of the screen {longest_gap:.1f} s")

    def take(self, shown: str, text: str) -> bool:
        """Record "Logged #N" for a new N as the acknowledgement of `text` (read twice, so a
        half-drawn frame cannot supply a wrong number)."""
        new = {int(n) for n in LOGGED.findall(shown)} - self.seen
        if not new:
            return False
        confirmed = new & {int(n) for n in LOGGED.findall(self.terminal.screen())}
        if len(new) != 1 or not confirmed:
            if len(new) > 1:
                self.fail(f"announced {sorted(new)} for the one entry {text!r}")
            return False
        self.seen |= new
        self.tally.acknowledged[text] = new.pop()
        return True

    def crash_and_restart(self) -> None:
        pid = self.terminal.program()
        if pid is None:
            self.fail("had no process to kill")
            return
        os.kill(pid, signal.SIGKILL)
        self.killed += 1
        if self.terminal.wait_for(r"WARROOM-EXITED 137", 15) is None:
            self.fail("did not die from SIGKILL")
            return
        self.terminal.restart()
        self.ready()


CLI_LOOP = r"""
n=0
while [ ! -e "$SOAK_STOP" ]; do
  n=$((n + 1))
  account=$((RANDOM % 150 + 1))
  if [ $((n % 7)) -eq 0 ]; then set -- --crisis-wide "decision: soak $SOAK_NAME $n"
  elif [ $((n % 3)) -eq 0 ]; then set -- "#$account" "call soak $SOAK_NAME $n next in 45m"
  else set -- "#$account" "email soak $SOAK_NAME $n"; fi
  echo "try $n" >> "$SOAK_RESULTS"
  out=$("$SOAK_PYTHON" -m warroom --db "$SOAK_DB" log --json "$@" 2>> "$SOAK_ERRORS")
  echo "done $n $? $out" >> "$SOAK_RESULTS"
done
"""

READER_LOOP = r"""
while [ ! -e "$SOAK_STOP" ]; do
  "$SOAK_PYTHON" -m warroom --db "$SOAK_DB" queue --json > /dev/null 2>> "$SOAK_ERRORS"
  echo "queue $?" >> "$SOAK_RESULTS"
  "$SOAK_PYTHON" -m warroom --db "$SOAK_DB" export --format csv > /dev/null 2>> "$SOAK_ERRORS"
  echo "export $?" >> "$SOAK_RESULTS"
  "$SOAK_PYTHON" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT COUNT(*), MAX(id) FROM log_entries").fetchone()
c.close()' "$SOAK_DB" 2>> "$SOAK_ERRORS"
  echo "sqlite3 $?" >> "$SOAK_RESULTS"
done
"""

# Read by a fresh process once everything has stopped: what the file itself holds.
READ_BACK = """
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(json.dumps({
    "integrity": c.execute("PRAGMA integrity_check").fetchone()[0],
    "foreign_key_problems": len(c.execute("PRAGMA foreign_key_check").fetchall()),
    "entries": c.execute("SELECT id, crisis_id, text FROM log_entries").fetchall(),
}))
"""


@dataclass
class Loop:
    """A bash loop started by the soak, with the files it writes."""

    name: str
    process: subprocess.Popen
    results: Path
    errors: Path


def start_loop(name: str, script: str, folder: Path, env: dict[str, str]) -> Loop:
    results, errors = folder / f"{name}.results", folder / f"{name}.errors"
    loop_env = {**env, "SOAK_NAME": name, "SOAK_RESULTS": str(results), "SOAK_ERRORS": str(errors)}
    process = subprocess.Popen(["bash", "-c", script], env=loop_env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return Loop(name, process, results, errors)


def cli_tally(loop: Loop, problems: list[str]) -> Tally:
    """What a `warroom log` loop tried, and the entries whose command exited 0."""
    tally = Tally(loop.name)
    for line in loop.results.read_text().splitlines():
        words = line.split(" ", 3)
        if words[0] == "try":
            tally.tried.append(f"soak {loop.name} {words[1]}")
        elif words[0] == "done":
            text, code = f"soak {loop.name} {words[1]}", int(words[2])
            if code == 0:
                try:
                    recorded = json.loads(words[3])
                except (IndexError, json.JSONDecodeError):
                    problems.append(f"{loop.name}: `warroom log` for {text!r} exited 0 without its JSON: {line!r}")
                    continue
                if recorded["text"] != text:
                    problems.append(f"{loop.name}: `warroom log` answered {recorded!r} for {text!r}")
                tally.acknowledged[text] = recorded["entry"]
            elif code != 128 + signal.SIGKILL:
                problems.append(f"{loop.name}: `warroom log` for {text!r} exited {code}")
    errors = loop.errors.read_text().strip()
    if errors:
        problems.append(f"{loop.name} wrote to stderr:\n{errors[-2000:]}")
    return tally


def reader_outcome(loop: Loop) -> tuple[int, list[str]]:
    rounds, failures = 0, []
    for line in loop.results.read_text().splitlines():
        what, code = line.split()
        rounds += what == "sqlite3"
        if code != "0":
            failures.append(f"{what} exited {code}")
    errors = loop.errors.read_text().strip()
    if errors:
        failures.append(f"stderr:\n{errors[-2000:]}")
    return rounds, failures


def kill_cli_writers(loops: list[Loop], stop: threading.Event, rng: random.Random, kills: list[int]) -> None:
    """Now and then SIGKILL the `warroom log` a loop is running at that moment."""
    while not stop.wait(rng.uniform(1.5, 4.5)):
        loop = rng.choice(loops)
        for pid in warroom_processes_under(loop.process.pid, "log"):
            try:
                os.kill(pid, signal.SIGKILL)
                kills[0] += 1
            except ProcessLookupError:
                pass  # it finished first


def final_cli_entry(name: str, db: Path, env: dict[str, str], problems: list[str]) -> Tally:
    tally = Tally(name, tried=[f"soak {name} final"], final=f"soak {name} final")
    done = subprocess.run([*WARROOM, "--db", str(db), "log", "--json", "--crisis-wide", f"decision: soak {name} final"],
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode == 0:
        tally.acknowledged[tally.final] = json.loads(done.stdout)["entry"]
    else:
        problems.append(f"{name}: the final `warroom log` exited {done.returncode}: {done.stderr}")
    return tally


def panes_catch_up(consoles: list[Typist], finals: dict[str, tuple[str, int]], crisis_entries: int,
                   problems: list[str], timeout: float = 15.0) -> dict[str, float]:
    """Each surviving console shows, in its log pane, the other sources' last entries and the
    same count as the file, after a quiet moment (polled, not slept); the seconds each took,
    counted from the last write."""
    title = f"Crisis log · {crisis_entries:,} entries"
    since, took = time.monotonic(), {}
    for console in consoles:
        if not console.alive:
            continue
        others = [(text, entry) for source, (text, entry) in finals.items() if source != console.tally.name]
        patterns = [rf"{re.escape(text)}\s.*#{entry}\b" for text, entry in others]
        deadline, shown = time.monotonic() + timeout, ""
        while time.monotonic() < deadline:
            shown = console.terminal.screen()
            if title in shown and all(re.search(p, shown) for p in patterns):
                took[console.tally.name] = time.monotonic() - since
                break
            time.sleep(0.1)
        else:
            problems.append(f"console {console.label} did not show {others} and {title!r} within "
                            f"{timeout:.0f} s:\n{shown}")
    return took


def quit_consoles(consoles: list[Typist], problems: list[str]) -> None:
    for console in consoles:
        if console.alive:
            console.terminal.keys("q")
    for console in consoles:
        if console.alive:
            shown = console.terminal.wait_for(r"WARROOM-EXITED \d+", 20)
            if shown is None or "WARROOM-EXITED 0" not in shown or "Traceback" in shown:
                problems.append(f"console {console.label} did not quit cleanly:\n{console.terminal.screen()}")


def count_sources(tallies: list[Tally], stored: dict[int, str]) -> tuple[list[SourceCount], list[int]]:
    texts = set(stored.values())
    sources, owners = [], Counter()
    for tally in tallies:
        lost = [text for text, entry in tally.acknowledged.items() if stored.get(entry) != text]
        doubtful = [text for text in tally.tried if text not in tally.acknowledged]
        sources.append(SourceCount(tally.name, len(tally.tried), len(tally.acknowledged),
                                   len(tally.acknowledged) - len(lost), lost, len(doubtful),
                                   sum(text in texts for text in doubtful), sorted(tally.waits),
                                   tally.unannounced))
        owners.update(tally.acknowledged.values())
    return sources, sorted(entry for entry, n in owners.items() if n > 1)


def run_soak(folder: Path, *, seconds: float = 60, consoles: int = 2, cli_writers: int = 2,
             console_kill_every: float = 90, seed: int | None = None) -> SoakReport:
    """Run everything at once on one demo database in `folder` for `seconds`, then check."""
    rng = random.Random(seed)
    db = folder / "soak.db"
    env = {**os.environ, "XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config"),
           "TERM": "xterm-256color"}
    subprocess.run([*WARROOM, "demo", "--to", str(db), "--print"], env=env, check=True, capture_output=True)
    stop_file = folder / "stop"
    loop_env = {**env, "SOAK_STOP": str(stop_file), "SOAK_DB": str(db), "SOAK_PYTHON": sys.executable}
    server = f"warroom-soak-{os.getpid()}"
    problems: list[str] = []
    stop = threading.Event()
    typists: list[Typist] = []
    loops: list[Loop] = []
    try:
        settings = " ".join(shlex.quote(f"{k}={env[k]}") for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"))
        for index in range(consoles):
            label = chr(ord("A") + index)
            command = (f"env {settings} WARROOM_AUTHOR={shlex.quote('soak ' + label)} "
                       f"{shlex.join([*WARROOM, '--db', str(db)])}; echo WARROOM-EXITED $?; sleep 3600")
            terminal = Terminal(server, f"soak-{label}", command, env)
            terminal.start()
            # Every console but the first dies once per `console_kill_every`, somewhere mid-run.
            count = 0 if index == 0 else max(1, int(seconds // console_kill_every))
            slots = [seconds * (n + rng.uniform(0.3, 0.7)) / count for n in range(count)]
            typists.append(Typist(label, terminal, stop, random.Random(rng.random()), slots, problems))
        for typist in typists:
            if not typist.ready():
                raise RuntimeError("\n".join(problems))
        # The baseline, in the same run: the first console answering Enter with nothing else going on.
        for n in range(QUIET_ENTRIES if typists else 0):
            typists[0].log(f"soak {typists[0].label} quiet {n + 1}")
        quiet_waits = typists[0].tally.waits[:] if typists else []
        for typist in typists:
            typist.tally.waits.clear()
        started = time.monotonic()
        for typist in typists:
            typist.kills = [started + slot for slot in typist.kills]
            typist.start()
        loops = [start_loop(f"cli{n + 1}", CLI_LOOP, folder, {**loop_env, "WARROOM_AUTHOR": f"soak cli{n + 1}"})
                 for n in range(cli_writers)]
        reader = start_loop("reader", READER_LOOP, folder, loop_env)
        cli_kills = [0]
        killer = threading.Thread(target=kill_cli_writers, args=(loops, stop, random.Random(rng.random()), cli_kills),
                                  daemon=True)
        if loops:
            killer.start()
        while time.monotonic() - started < seconds:
            time.sleep(0.5)
        stop.set()
        stop_file.touch()
        for typist in typists:
            typist.join(ACK_TIMEOUT + 60)
        if loops:
            killer.join()
        for loop in [*loops, reader]:
            loop.process.wait(timeout=60)
        elapsed = time.monotonic() - started
        # One last entry from each source, so every console has the newest of the others to show.
        tallies = [typist.tally for typist in typists] + [cli_tally(loop, problems) for loop in loops]
        finals = {}
        for typist in typists:
            if typist.alive:
                typist.log(f"soak {typist.label} final")
                if (entry := typist.tally.acknowledged.get(f"soak {typist.label} final")) is not None:
                    finals[typist.tally.name] = (f"soak {typist.label} final", entry)
        for loop in loops:
            last = final_cli_entry(loop.name, db, loop_env | {"WARROOM_AUTHOR": f"soak {loop.name}"}, problems)
            tallies.append(last)
            if last.acknowledged:
                finals[loop.name] = (last.final, last.acknowledged[last.final])
        read = subprocess.run([sys.executable, "-c", READ_BACK, str(db)], capture_output=True, text=True, check=True)
        state = json.loads(read.stdout)
        stored = {entry: text for entry, _, text in state["entries"]}
        crisis = Counter(crisis_id for _, crisis_id, _ in state["entries"])
        soak_crisis = crisis_of(state["entries"], finals)
        caught_up = panes_catch_up(typists, finals, crisis[soak_crisis], problems)
        quit_consoles(typists, problems)
        crashes = sorted((folder / "data").glob("warroom/crashes/*"))
        problems += [f"crash report {path.name}:\n{path.read_text()[:2000]}" for path in crashes]
    finally:
        stop.set()
        stop_file.touch()
        for loop in loops:
            if loop.process.poll() is None:
                os.killpg(loop.process.pid, signal.SIGKILL)
        subprocess.run(["tmux", "-L", server, "kill-server"], capture_output=True, check=False)
    sources, acknowledged_twice = count_sources(merge(tallies), stored)
    soak_texts = [text for text in stored.values() if text.startswith("soak ")]
    rounds, failures = reader_outcome(reader)
    return SoakReport(
        seconds=elapsed, sources=sources, integrity=state["integrity"],
        foreign_key_problems=state["foreign_key_problems"], acknowledged_twice=acknowledged_twice,
        stored_twice=sorted(text for text, n in Counter(soak_texts).items() if n > 1),
        written=len(soak_texts), cli_kills=cli_kills[0], console_kills=sum(d.killed for d in typists),
        reader_rounds=rounds, reader_failures=failures, caught_up=caught_up, quiet_waits=sorted(quiet_waits),
        problems=problems)


def crisis_of(entries: list, finals: dict[str, tuple[str, int]]) -> int | None:
    """The crisis the soak wrote to (the demo's live one): where its final entries went."""
    ids = {entry for _, entry in finals.values()}
    return next((crisis_id for entry, crisis_id, _ in entries if entry in ids), None)


def merge(tallies: list[Tally]) -> list[Tally]:
    """One tally per source (a loop's final entry joins the loop's own)."""
    merged: dict[str, Tally] = {}
    for tally in tallies:
        into = merged.setdefault(tally.name, Tally(tally.name))
        into.tried += tally.tried
        into.acknowledged.update(tally.acknowledged)
        into.waits += tally.waits
        into.unannounced += tally.unannounced
    return list(merged.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--consoles", type=int, default=2, help="consoles typing at once (tmux sessions)")
    parser.add_argument("--cli-writers", type=int, default=2, help="`warroom log` loops")
    parser.add_argument("--console-kill-every", type=float, default=90,
                        help="seconds between SIGKILLs of each console but the first")
    parser.add_argument("--seed", type=int, default=None)
    arguments = parser.parse_args()
    seed = arguments.seed if arguments.seed is not None else random.randrange(1_000_000)
    with tempfile.TemporaryDirectory(prefix="warroom-soak-") as folder:
        report = run_soak(Path(folder), seconds=arguments.minutes * 60, consoles=arguments.consoles,
                          cli_writers=arguments.cli_writers, console_kill_every=arguments.console_kill_every,
                          seed=seed)
    print(f"seed {seed}")
    print("\n".join(report.lines()))
    healthy = (report.lost == 0 and not report.problems and not report.reader_failures and report.integrity == "ok"
               and not report.acknowledged_twice and not report.stored_twice)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
