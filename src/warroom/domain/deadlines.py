"""Deadlines and countdowns: first contact per tier, promised updates, ok / due soon / overdue.

Every deadline is an absolute UTC instant; remaining time is always `due - now` on instants,
so a daylight-saving change in any zone cannot add or lose an hour.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from warroom.domain.vocabulary import Tier

DEFAULT_DUE_SOON = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Cadence:
    """How fast each tier must hear from us, and how often updates and internal syncs run."""

    first_contact: dict[Tier, timedelta] = field(
        default_factory=lambda: {
            Tier.CRITICAL: timedelta(minutes=60),
            Tier.STANDARD: timedelta(hours=2),
            Tier.STABLE: timedelta(hours=4),
        }
    )
    customer_update: timedelta = timedelta(hours=2)
    internal_sync: timedelta = timedelta(hours=4)


class CountdownState(StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def symbol(self) -> str:
        """A mark that tells the states apart without colour."""
        return {"ok": "·", "due_soon": "!", "overdue": "✖"}[self.value]

    @property
    def word(self) -> str:
        return {"ok": "ok", "due_soon": "due soon", "overdue": "OVERDUE"}[self.value]


class DeadlineKind(StrEnum):
    FIRST_CONTACT = "first_contact"
    NEXT_UPDATE = "next_update"


@dataclass(slots=True)
class Deadline:
    kind: DeadlineKind
    due: datetime

    def remaining(self, now: datetime) -> timedelta:
        return remaining(self.due, now)

    def state(self, now: datetime, due_soon: timedelta = DEFAULT_DUE_SOON) -> CountdownState:
        return countdown_state(self.due, now, due_soon)


def _require_aware(*instants: datetime) -> None:
    if any(instant.tzinfo is None for instant in instants):
        raise ValueError("deadlines work on timezone-aware instants only")


def first_contact_due(started_at: datetime, tier: Tier, cadence: Cadence) -> datetime | None:
    """When the first message to an account of this tier is due; None for Not affected."""
    _require_aware(started_at)
    window = cadence.first_contact.get(tier)
    # In UTC: adding to a zoned datetime would add wall-clock time, wrong across DST.
    return None if window is None else started_at.astimezone(UTC) + window


def next_deadline(
    tier: Tier,
    first_contact_deadline: datetime | None,
    first_contact_at: datetime | None,
    open_commitments_due: Iterable[datetime] = (),
) -> Deadline | None:
    """The one deadline the queue shows: the earliest of first contact (while nobody has
    been contacted; `first_contact_deadline` comes from `first_contact_due`) and every open
    commitment. Not affected accounts have none."""
    if tier is Tier.NOT_AFFECTED:
        return None
    soonest = min(open_commitments_due, default=None)
    if first_contact_at is None and first_contact_deadline is not None:
        if soonest is None or first_contact_deadline < soonest:
            return Deadline(DeadlineKind.FIRST_CONTACT, first_contact_deadline)
    return None if soonest is None else Deadline(DeadlineKind.NEXT_UPDATE, soonest)


def remaining(due: datetime, now: datetime) -> timedelta:
    """Time left until `due` (negative once it has passed)."""
    _require_aware(due, now)
    # Both in UTC: subtracting two datetimes of one zone compares wall clocks, not instants.
    return due.astimezone(UTC) - now.astimezone(UTC)


def countdown_state(
    due: datetime, now: datetime, due_soon: timedelta = DEFAULT_DUE_SOON
) -> CountdownState:
    left = remaining(due, now)
    if left < timedelta(0):
        return CountdownState.OVERDUE
    if left <= due_soon:
        return CountdownState.DUE_SOON
    return CountdownState.OK


def format_countdown(left: timedelta) -> str:
    """`42m`, `1h05m`, `2d03h`; overdue ones read `-12m` (whole minutes, rounded toward zero
    for time left and away from zero once late, so `0m` is never shown for a late deadline)."""
    seconds = int(left.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    minutes = seconds // 60 if not sign else -(-seconds // 60)
    if minutes < 60:
        return f"{sign}{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{sign}{hours}h{minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{sign}{days}d{hours:02d}h"
