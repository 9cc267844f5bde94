"""One measured run of a console, in its own process (so start-up and imports count).

    python console_probe.py bare|warroom DB MEASURE [LAUNCHED_AT]

MEASURE is one of: frame (exit after the first frame), ready (exit once the queue is on
screen), rss (print resident memory once ready), idle (print CPU seconds used while idle
for IDLE_SECONDS), tick (print per-tick CPU), filter (print per-keystroke latency).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input

IDLE_SECONDS = 10


class Bare(App):
    """The baseline: a bare Textual app with a Header and a Footer."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Footer()


class BareWithInput(Bare):
    """The typing baseline: the same bare app with an Input to type into."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input()
        yield Footer()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build(kind: str, db: str, what: str) -> App:
    if kind == "bare":
        return BareWithInput() if what == "filter" else Bare()
    from large_db import NOW  # noqa: F401  (the benchmark database's clock)

    from warroom.__main__ import make_app
    from warroom.config import Config

    return make_app(db, config=Config(author="bench", timezone="UTC"))


async def wait_ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def watch_first_frame(app: App, kind: str) -> None:
    """Record when the app first writes its own screen to the terminal (the first frame)."""
    original = app._display

    def display(screen, renderable):
        if renderable is not None and FIRST_FRAME[0] is None and (
            kind == "bare" or type(screen).__name__ == "WarroomScreen"
        ):
            FIRST_FRAME[0] = time.time()
        return original(screen, renderable)

    app._display = display


async def first_frame(app: App, kind: str) -> None:
    import asyncio

    while FIRST_FRAME[0] is None:
        await asyncio.sleep(0.001)


FIRST_FRAME: list[float | None] = [None]


async def measure(pilot, kind: str, what: str) -> None:
    app = pilot.app
    if what in ("frame", "ready"):
        # Seconds since the parent launched this process (wall clock, so start-up counts).
        await first_frame(app, kind)
        moment = FIRST_FRAME[0]
        if what == "ready":
            await wait_ready(pilot)
            moment = time.time()
        print(f"{moment - LAUNCHED_AT:.4f}")
    elif what == "rss":
        await wait_ready(pilot)
        print(f"{rss_mb():.1f}")
    elif what == "idle":
        await wait_ready(pilot)
        start = time.process_time()
        time.sleep(0)  # let the loop run on its own: the ticker keeps going
        await pilot.wait_for_scheduled_animations()
        import asyncio

        await asyncio.sleep(IDLE_SECONDS)
        print(f"{(time.process_time() - start) / IDLE_SECONDS * 100:.2f}")
    elif what in ("tick", "turn"):
        # tick: the ticker's own CPU; turn: the ticker plus the event-loop turn that paints.
        await wait_ready(pilot)
        samples = []
        for _ in range(60):
            start = time.process_time()
            if kind == "bare":
                app.query_one(Header).refresh()
            else:
                app.tick()
            if what == "turn":
                await pilot.pause()
            samples.append(time.process_time() - start)
            if what == "tick":
                await pilot.pause()
        print(f"{statistics.median(samples) * 1000:.3f}")
    elif what == "filter":
        await wait_ready(pilot)
        if kind != "bare":
            await pilot.press("slash")
        else:
            app.query_one(Input).focus()
        await pilot.pause()
        samples = []
        # CPU time from key to painted screen: pilot's idle-wait sleeps are not counted.
        for key in "account 1" + "\b" * 9 + "acc 42":
            start = time.process_time()
            await pilot.press("backspace" if key == "\b" else ("space" if key == " " else key))
            await pilot.pause()
            samples.append(time.process_time() - start)
        print(f"{statistics.median(samples) * 1000:.2f}")
    app.exit()


LAUNCHED_AT = time.time()


def main() -> None:
    global LAUNCHED_AT
    kind, db, what = sys.argv[1], sys.argv[2], sys.argv[3]
    if len(sys.argv) > 4:
        LAUNCHED_AT = float(sys.argv[4])
    app = build(kind, db, what)
    watch_first_frame(app, kind)
    app.run(headless=True, size=(160, 48), auto_pilot=lambda pilot: measure(pilot, kind, what))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
