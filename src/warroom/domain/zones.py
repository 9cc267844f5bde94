"""IANA time zones: from untrusted text (a name from a CSV or a database may be anything), and
the zone this computer runs in.

The system's zone is found as a named IANA zone, never as today's UTC offset: a fixed offset
taken at start puts "tomorrow 9am" an hour off across a daylight-saving change and cannot tell
that the clocks skip 02:30.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_ZONEINFO = "zoneinfo/"
_SET_ONE = "set timezone in config.toml or WARROOM_TIMEZONE to an IANA zone like Europe/Paris"


def zone_named(name: str | None) -> ZoneInfo | None:
    """The zone called `name`, or None when it is missing or not a zone.

    ZoneInfo raises several error types on bad input (a very long name is an OSError from
    the file system), so every failure is caught here, once.
    """
    if not name or len(name) > 64 or "\x00" in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


@dataclass(frozen=True)
class UserZone:
    """The zone times are shown and typed in, and one sentence to show once when it is a guess."""

    zone: tzinfo
    notice: str | None = None


def _zone_from_file(path: str | Path, link_target: str = "") -> tzinfo | None:
    """The zone in a zoneinfo file, named by what follows 'zoneinfo/' in its path when there is one."""
    _, marker, key = (link_target or str(path)).rpartition(_ZONEINFO)
    key = key.removeprefix("posix/") if marker else ""
    if zone := zone_named(key):
        return zone
    try:
        with open(path, "rb") as handle:
            return ZoneInfo.from_file(handle, key=key or None)
    except (OSError, ValueError):
        return None


def _zone_from_tz(value: str) -> tzinfo | None:
    """TZ as the C library reads it: an IANA key, optionally after ':', or a zoneinfo file's path."""
    name = value.removeprefix(":")
    if name.startswith("/") and "\x00" not in name:
        return _zone_from_file(name)
    return zone_named(name)


def system_zone(environ: Mapping[str, str] | None = None, root: Path = Path("/")) -> UserZone:
    """This computer's IANA zone: TZ, else /etc/timezone, else the /etc/localtime link or file.

    When none of them names a zone, UTC with a notice to show the user once. `root` is where
    /etc is looked for (tests point it at a folder of their own).
    """
    environ = os.environ if environ is None else environ
    if "TZ" in environ:
        value = environ["TZ"]
        if value in ("", ":"):
            return UserZone(UTC)  # the C library reads an empty TZ as UTC, so `date` agrees
        if zone := _zone_from_tz(value):
            return UserZone(zone)
        return UserZone(UTC, f"TZ {value[:60]!r} is not a time zone Warroom knows, so times are in UTC; "
                             f"{_SET_ONE}.")
    try:
        configured = (root / "etc" / "timezone").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        configured = ""
    if zone := zone_named(configured):
        return UserZone(zone)
    localtime = root / "etc" / "localtime"
    try:
        target = os.readlink(localtime)
    except OSError:
        target = ""
    if zone := _zone_from_file(localtime, target):
        return UserZone(zone)
    return UserZone(UTC, f"This computer's time zone could not be found, so times are in UTC; {_SET_ONE}.")
