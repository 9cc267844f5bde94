"""Files that hold customer content (exports, drafts saved when the clipboard cannot be
checked): readable by their owner only from the first byte, whatever the umask, and never seen
half written. The database is 0600 for the same reason."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(folder: Path) -> Path:
    """`folder`, created 0700 when missing; an existing one is tightened to owner-only when it
    is ours, and left as it is when it is not (the files written in it are 0600 anyway)."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    info = folder.stat()
    mode = stat.S_IMODE(info.st_mode)
    if os.name == "posix" and mode & 0o077 and info.st_uid == os.geteuid():
        folder.chmod(mode & ~0o077)
    return folder


def _create_new(path: Path) -> int:
    """A descriptor on a file that did not exist (O_EXCL), 0600 before anything is written."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE)


@contextmanager
def private_writer(path: Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """A UTF-8 text handle whose content becomes `path`, 0600, in one step when the block ends.

    It writes a new 0600 file beside `path`, syncs it to disk and renames it over `path`, so a
    reader sees the old file or the whole new one. When the block raises, the partial file is
    removed and `path` is left untouched. The folder must exist (see private_folder).
    """
    while True:
        partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
        try:
            descriptor = _create_new(partial)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def new_private_file(folder: Path, stem: str, suffix: str) -> Path:
    """Claims a name no other file has in `folder`: stem+suffix, else stem-2, stem-3...; the
    claimed file exists, empty and 0600, so two saves in the same second never share it."""
    number = 1
    while True:
        candidate = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
        try:
            os.close(_create_new(candidate))
        except FileExistsError:
            number += 1
            continue
        return candidate
