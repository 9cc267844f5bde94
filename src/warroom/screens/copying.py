"""Copying from the console: the same paths as everywhere (system clipboard, OSC 52, file),
with the terminal reached through the app's driver. Call it from a worker thread: a hung
clipboard tool may take its full timeout."""

from __future__ import annotations

from textual.app import App

from warroom.compose.clipboard import CopyOutcome, copy_text


def copy_from_app(app: App, text: str, label: str) -> CopyOutcome:
    from warroom import locations

    driver = getattr(app, "_driver", None)  # Textual keeps no public handle to the terminal
    terminal = (lambda sequence: app.call_from_thread(driver.write, sequence)) if driver else None
    return copy_text(text, label=label, now=app.now(), drafts_dir=locations.drafts_dir(),
                     terminal_write=terminal)
