"""Reading a time a person typed into an instant. One parser for the whole program.

Accepted now: ISO 8601 (`2026-11-27T14:00`, with or without an offset; without one it is
the user's local time) and a clock time today (`14:00`). A local time that does not exist
(skipped by a daylight-saving change) is refused rather than guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, tzinfo

from warroom.domain.quickentry import ParseError

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def localize(naive: datetime, zone: tzinfo) -> datetime:
    """Attach `zone` to a wall-clock time, refusing one that a DST change skipped."""
    aware = naive.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        raise ParseError(f"{naive:%H:%M} does not exist on {naive:%Y-%m-%d} (the clocks skip it).")
    return aware.astimezone(UTC)


def parse_instant(text: str, now: datetime, zone: tzinfo) -> datetime:
    """An aware UTC instant from `text`; raises ParseError with a sentence otherwise."""
    cleaned = text.strip()
    if match := _CLOCK.match(cleaned):
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise ParseError(f"{cleaned!r} is not a clock time (use 24-hour HH:MM).")
        today = now.astimezone(zone).date()
        return localize(datetime.combine(today, time(hour, minute)), zone)
    try:
        parsed = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
    except ValueError:
        raise ParseError(
            f"{cleaned[:40]!r} is not a time I can read (use HH:MM or 2026-11-27T14:00)."
        ) from None
    if parsed.tzinfo is None:
        return localize(parsed, zone)
    return parsed.astimezone(UTC)
