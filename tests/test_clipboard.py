"""The clipboard paths, for real: xclip under Xvfb, OSC 52 (plain and tmux-wrapped), the file
fallback, and a hung clipboard tool that must not block."""

from __future__ import annotations

import base64
import os
import shutil
import stat
import subprocess
import threading
import time
from datetime import UTC, datetime

import pytest

from warroom.compose.clipboard import copy_text, osc52, system_copy

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def xvfb(monkeypatch):
    if shutil.which("Xvfb") is None or shutil.which("xclip") is None:
        pytest.skip("Xvfb and xclip are needed (.ci/run installs them)")
    display = ":97"
    server = subprocess.Popen(["Xvfb", display, "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not os.path.exists(f"/tmp/.X11-unix/X{display[1:]}") and time.monotonic() < deadline:
        time.sleep(0.05)  # waiting for a real X server to come up, not for a timer
    monkeypatch.setenv("DISPLAY", display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    yield display
    server.terminate()
    server.wait(timeout=10)


@pytest.mark.slow
def test_real_copy_through_xclip_reads_back(xvfb, tmp_path):
    import pyperclip

    pyperclip.set_clipboard("xclip")
    text = "Subject: Outage\n\nHello Jane, [bold] stays literal — ünïcode ✓\n"
    outcome = copy_text(text, label="acme", now=NOW, drafts_dir=tmp_path)
    assert outcome.verified and outcome.method == "system" and outcome.saved_to is None
    pasted = subprocess.run(["xclip", "-o", "-selection", "clipboard"], capture_output=True, text=True,
                            env={**os.environ, "DISPLAY": xvfb}, timeout=10).stdout
    assert pasted == text


def test_osc52_sequence_plain_and_wrapped_for_tmux():
    payload = base64.b64encode("héllo".encode()).decode()
    assert osc52("héllo", inside_tmux=False) == f"\x1b]52;c;{payload}\x07"
    wrapped = osc52("héllo", inside_tmux=True)
    assert wrapped.startswith(f"\x1b]52;c;{payload}\x07")
    assert f"\x1bPtmux;\x1b\x1b]52;c;{payload}\x07\x1b\\" in wrapped


def test_terminal_path_is_honest_and_keeps_a_file(tmp_path):
    written = []
    outcome = copy_text("draft text", label="Acme Health", now=NOW, drafts_dir=tmp_path,
                        terminal_write=written.append, environ={"TERM": "xterm-256color", "TMUX": "/tmp/x"},
                        system=lambda text: (False, "no tool"))
    assert not outcome.verified and outcome.method == "osc52"
    assert written and written[0].startswith("\x1b]52;c;")
    assert "cannot be checked" in outcome.sentence and "set-clipboard on" in outcome.sentence
    assert outcome.saved_to.read_text() == "draft text"
    assert stat.S_IMODE(outcome.saved_to.stat().st_mode) == 0o600


def test_no_clipboard_and_no_terminal_saves_a_file(tmp_path, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    outcome = copy_text("the draft", label="acme", now=NOW, drafts_dir=tmp_path, terminal_write=None,
                        environ={"TERM": "dumb"})
    assert outcome.method == "file" and not outcome.verified
    assert outcome.saved_to.read_text() == "the draft" and str(outcome.saved_to) in outcome.sentence


def test_a_hung_clipboard_tool_does_not_block(tmp_path, monkeypatch):
    import pyperclip

    released = threading.Event()

    def hang(text):
        released.wait()  # a clipboard tool that never answers, until the test lets it go

    monkeypatch.setattr(pyperclip, "copy", hang)
    try:
        copied, why = system_copy("x", timeout=0.3)
        # It came back while the tool still hangs: no clock needed to tell it did not block.
        assert not copied and "did not answer" in why and not released.is_set()
    finally:
        released.set()
