"""Putting a draft on the clipboard, honestly.

In order: the system clipboard through pyperclip (xclip / xsel / wl-copy / pbcopy), run in a
thread with a timeout and verified by reading it back (a hung xclip blocks for seconds, and
pyperclip can report success having copied nothing); then OSC 52 through the terminal (works
over SSH; inside tmux it needs `set -g set-clipboard on` or `allow-passthrough on`), which
cannot be verified, so the draft is also saved to a file; otherwise only the file. The
outcome says which happened; a copy that did not happen is never claimed.
"""

from __future__ import annotations

import base64
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warroom.private_files import new_private_file, private_folder, private_writer

DEFAULT_TIMEOUT = 2.0


@dataclass(frozen=True)
class CopyOutcome:
    verified: bool  # the system clipboard holds the text (read back)
    method: str  # "system", "osc52" or "file"
    sentence: str
    saved_to: Path | None = None


def osc52(text: str, inside_tmux: bool) -> str:
    """The terminal sequence that sets the clipboard; wrapped for tmux's passthrough too."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    plain = f"\x1b]52;c;{payload}\x07"
    if not inside_tmux:
        return plain
    # tmux forwards the plain form with `set-clipboard on`, the wrapped one with passthrough.
    wrapped = "\x1bPtmux;" + plain.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return plain + wrapped


def system_copy(text: str, timeout: float = DEFAULT_TIMEOUT) -> tuple[bool, str]:
    """(copied and verified, what happened) through pyperclip, never blocking past `timeout`."""
    result: dict[str, object] = {}

    def attempt() -> None:
        try:
            import pyperclip  # type: ignore[import-untyped]  # pyperclip ships no types

            pyperclip.copy(text)
            result["ok"] = pyperclip.paste() == text
            result["why"] = "" if result["ok"] else "the clipboard did not hold the text afterwards"
        except Exception as error:  # pyperclip raises its own types and OSErrors alike
            result["ok"], result["why"] = False, str(error).splitlines()[0] if str(error) else type(error).__name__

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        return False, f"the clipboard tool did not answer within {timeout:g} s"
    return bool(result.get("ok")), str(result.get("why", ""))


def save_draft(text: str, folder: Path, label: str, now: datetime) -> Path:
    """Saves a draft (customer content) as a new 0600 file in `folder` (kept 0700); a second
    draft in the same second for the same account gets its own name (-2, -3...)."""
    safe_label = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in label)[:40].strip("-") or "draft"
    path = new_private_file(private_folder(folder), f"{now:%Y%m%d-%H%M%S}-{safe_label}", ".txt")
    try:
        with private_writer(path) as out:
            out.write(text)
    except BaseException:
        path.unlink(missing_ok=True)  # the claimed name must not stay behind empty
        raise
    return path


def copy_text(
    text: str,
    *,
    label: str,
    now: datetime,
    drafts_dir: Path,
    terminal_write: Callable[[str], None] | None = None,
    environ: Mapping[str, str] = os.environ,
    system: Callable[[str], tuple[bool, str]] = system_copy,
) -> CopyOutcome:
    """Copy `text` by the best path that works here; see the module docstring."""
    copied, why = system(text)
    if copied:
        return CopyOutcome(True, "system", "Copied to the clipboard.")
    saved = save_draft(text, drafts_dir, label, now)
    if terminal_write is not None and environ.get("TERM", "") not in ("", "dumb"):
        inside_tmux = bool(environ.get("TMUX"))
        terminal_write(osc52(text, inside_tmux))
        hint = " (inside tmux: `set -g set-clipboard on`)" if inside_tmux else ""
        return CopyOutcome(False, "osc52",
                           f"Sent to your terminal's clipboard (OSC 52){hint}; it cannot be checked from here, "
                           f"so the draft is also saved in {saved}.", saved)
    return CopyOutcome(False, "file", f"No clipboard here ({why or 'no tool found'}); the draft is saved in {saved}.",
                       saved)
