"""A real terminal for end-to-end tests: a private tmux server, keys in, screen text out."""

from __future__ import annotations

import re
import subprocess
import time


class Tmux:
    """One tmux server (its own socket, so parallel runs do not meet) and the pane `target`.

    `socket` is a name (`tmux -L`) or a path (`tmux -S`, e.g. in tmp_path, gone with it)."""

    def __init__(self, socket: str, target: str) -> None:
        self.server = ["-S", socket] if "/" in socket else ["-L", socket]
        self.target = target

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", *self.server, *args], capture_output=True, text=True, check=False).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.target)

    def keys(self, *names: str) -> None:
        """Send keys by tmux name: "q", "Escape", "C-p"."""
        self.tmux("send-keys", "-t", self.target, *names)

    def typed(self, text: str) -> None:
        """Send `text` literally, character by character."""
        self.tmux("send-keys", "-t", self.target, "-l", text)

    def wait_for(self, text: str, timeout: float = 15.0, pattern: str | None = None) -> str:
        """Poll the pane until `text` (or a line matching `pattern`) shows (a real terminal has
        no event to wait on)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if (pattern is None and text in shown) or (
                pattern is not None and any(re.search(pattern, line) for line in shown.splitlines())
            ):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{pattern or text!r} never appeared; the screen was:\n{self.screen()}")

    def wait_gone(self, text: str, timeout: float = 10.0) -> None:
        """Poll the pane until `text` no longer shows (a screen closed)."""
        deadline = time.monotonic() + timeout
        while text in self.screen():
            assert time.monotonic() < deadline, f"{text!r} is still on screen:\n{self.screen()}"
            time.sleep(0.05)
