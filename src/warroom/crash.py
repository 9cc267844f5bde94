"""Crash reports: an error nobody foresaw ends the program with a non-zero exit and leaves a
file a user can send (traceback, versions), never a bare traceback and exit status 0."""

from __future__ import annotations

import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from warroom import __version__


def _report_text(error: BaseException) -> str:
    import sqlite3

    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:  # noqa: BLE001 - a report must be written whatever is broken
        textual = "unknown"
    lines = [
        f"Warroom {__version__} crash report",
        f"when: {datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}",
        f"python: {platform.python_version()} on {platform.platform()}",
        f"textual: {textual}; sqlite: {sqlite3.sqlite_version}",
        f"command: {' '.join(sys.argv[1:2])} (arguments left out: they may hold customer text)",
        "",
        *traceback.format_exception(type(error), error, error.__traceback__),
    ]
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def write_crash_report(error: BaseException, folder: Path | None = None) -> Path | None:
    """Write the report (0600, in a 0700 folder) and return its path; None if even that failed."""
    from warroom import locations
    from warroom.private_files import new_private_file, private_folder, private_writer

    try:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        path = new_private_file(private_folder(folder or locations.data_dir() / "crashes"), f"crash-{stamp}", ".txt")
        with private_writer(path) as handle:
            handle.write(_report_text(error))
    except OSError:
        return None
    return path


def _where(report: Path | None) -> str:
    return f"a crash report is at {report}" if report else "no crash report could be written"


def crash_sentence(error: BaseException, report: Path | None) -> str:
    """Said when the program stops on an error nobody foresaw."""
    return (f"Warroom stopped on an unexpected error ({type(error).__name__}); nothing acknowledged "
            f"was lost, and {_where(report)}: please send it to the Warroom team.")


def survived_sentence(error: BaseException) -> str:
    """Write the report and say so, for an unforeseen error the console survives (a write that
    did not happen: the words stay where they were typed)."""
    return (f"Nothing was recorded: an unexpected error ({type(error).__name__}); your words are kept, "
            f"and {_where(write_crash_report(error))}: please send it to the Warroom team.")
