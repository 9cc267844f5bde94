"""Instants as stored: UTC, ISO-8601, second precision, always the same width.

One fixed format means SQL can compare and sort the text directly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

INSTANT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def to_text(instant: datetime) -> str:
    """Store form of an aware instant (naive ones are refused: their zone is a guess)."""
    if instant.tzinfo is None:
        raise ValueError("refusing a naive datetime: say which time zone it is in")
    return instant.astimezone(UTC).strftime(INSTANT_FORMAT)


def from_text(text: str) -> datetime:
    """Parse the stored form back into an aware UTC instant."""
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def maybe_from_text(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)


def date_from_text(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text)
