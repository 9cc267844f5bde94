"""IANA time zones from untrusted text: a name from a CSV or a database may be anything."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


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
