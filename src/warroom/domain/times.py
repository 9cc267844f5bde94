"""Reading a time a person typed into an instant. One parser for the whole program.

- ISO 8601 (`2026-11-27T14:00`, with or without an offset: without, the user's zone) and a
  clock time today (`14:00`), for `--at` and `--started`;
- the quick-entry phrases after "next": `14:00`, `2pm`, `2:30 pm`, `noon`, `midnight`,
  `eod`, `in 45m`, `in 2h`, `in 1h30m`, `+90m`, `today 5pm`, `tomorrow 9am`, each optionally
  followed by `their time` (the contact's zone).

A wall-clock time that does not exist (skipped by a daylight-saving change) or that has
already passed is refused with a sentence, never guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, tzinfo

from warroom.domain.quickentry import ParseError

DEFAULT_END_OF_DAY = time(18, 0)
MAX_AHEAD = timedelta(days=60)

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_RELATIVE = re.compile(
    r"^(?:in\s+|\+\s*)(?:(?P<hours>\d{1,4})\s*(?:h|hr|hrs|hour|hours)\s*)?"
    r"(?:(?P<minutes>\d{1,5})\s*(?:m|min|mins|minute|minutes))?$",
    re.IGNORECASE,
)
_WALL = re.compile(
    r"^(?:(?P<day>today|tomorrow|tonight)\s+)?"
    r"(?:(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?"
    r"|(?P<word>noon|midnight|eod))$",
    re.IGNORECASE,
)
_THEIR_TIME = re.compile(r"\s+their\s+time$", re.IGNORECASE)


def localize(naive: datetime, zone: tzinfo) -> datetime:
    """Attach `zone` to a wall-clock time, refusing one that a DST change skipped."""
    aware = naive.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        raise ParseError(f"{naive:%H:%M} does not exist on {naive:%Y-%m-%d} (the clocks skip it there).")
    return aware.astimezone(UTC)


def parse_instant(text: str, now: datetime, zone: tzinfo) -> datetime:
    """An aware UTC instant from ISO 8601 or HH:MM (today); ParseError otherwise."""
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


def _wall_time(match: re.Match[str], phrase: str, end_of_day: time) -> time:
    word = (match["word"] or "").casefold()
    if word == "noon":
        return time(12, 0)
    if word == "midnight":
        return time(0, 0)
    if word == "eod":
        return end_of_day
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    ampm = (match["ampm"] or "").casefold().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ParseError(f"{phrase!r}: with am/pm the hour runs from 1 to 12.")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    elif match["minute"] is None:
        raise ParseError(f"{phrase!r} is ambiguous: write {hour}am, {hour}pm or {hour}:00.")
    if hour > 23 or minute > 59:
        raise ParseError(f"{phrase!r} is not a time of day.")
    return time(hour, minute)


def resolve_time(
    phrase: str,
    now: datetime,
    zone: tzinfo,
    their_zone: tzinfo | None = None,
    end_of_day: time = DEFAULT_END_OF_DAY,
) -> tuple[datetime, bool]:
    """The instant a "next ..." phrase means, and whether it was in the customer's zone.

    Raises ParseError for anything unreadable, in the past, skipped by DST, or more than
    60 days ahead (a typo, most likely).
    """
    cleaned = " ".join(phrase.split())[:80]
    said = cleaned
    theirs = bool(_THEIR_TIME.search(cleaned))
    if theirs:
        cleaned = _THEIR_TIME.sub("", cleaned)
        if their_zone is None:
            raise ParseError("'their time' needs a contact with a time zone: add 'to NAME'.")
        zone = their_zone
    if (relative := _RELATIVE.match(cleaned)) and (relative["hours"] or relative["minutes"]):
        delta = timedelta(hours=int(relative["hours"] or 0), minutes=int(relative["minutes"] or 0))
        due = now.astimezone(UTC) + delta
    elif wall := _WALL.match(cleaned):
        local_now = now.astimezone(zone)
        day = local_now.date() + timedelta(days=1 if (wall["day"] or "").casefold() == "tomorrow" else 0)
        clock = _wall_time(wall, cleaned, end_of_day)
        if (wall["word"] or "").casefold() == "midnight" and not wall["day"]:
            day = local_now.date() + timedelta(days=1)  # "midnight" is the end of today
        due = localize(datetime.combine(day, clock), zone)
        if due <= now and not wall["day"]:
            raise ParseError(f"{said} has already passed today; say 'tomorrow {said}'.")
    else:
        raise ParseError(
            f"{cleaned!r} is not a time I know: try 14:00, 2pm, noon, eod, in 45m, +90m or tomorrow 9am."
        )
    if due <= now:
        raise ParseError(f"{said} is in the past; promise a time still ahead.")
    if due - now > MAX_AHEAD:
        raise ParseError(f"{said} is more than 60 days away; check the time.")
    return due, theirs
