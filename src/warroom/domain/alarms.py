"""When the console rings: a deadline that just passed, a reminder while anything stays
overdue, the internal sync falling due; snoozed accounts stay quiet until their snooze ends.

Pure rules over the queue index and the clock; the screen only rings what `Alarms.check`
returns (a bell and a notification each)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from warroom.domain.queue import QueueItem
from warroom.domain.safetext import terminal_safe

REMIND_EVERY = timedelta(minutes=10)


@dataclass(frozen=True)
class Ring:
    """One bell and one notification."""

    title: str
    text: str
    severity: Literal["warning", "error"]


def _names(items: Sequence[QueueItem], lead: str) -> str:
    names = ", ".join(terminal_safe(item.account.name, limit=40) for item in items[:3])
    more = f" and {len(items) - 3} more" if len(items) > 3 else ""
    return f"{lead}: {names}{more}. Press z on an account to snooze its alarm."


@dataclass
class Alarms:
    """The alarm state of one console: when it last looked, last reminded, who is snoozed."""

    snoozed_until: dict[int, datetime] = field(default_factory=dict)
    last_look: datetime | None = None
    last_reminder: datetime | None = None

    def is_snoozed(self, item: QueueItem, now: datetime) -> bool:
        until = self.snoozed_until.get(item.account.id)
        return until is not None and now < until

    def check(self, now: datetime, passed_between: Callable[[datetime, datetime], Sequence[QueueItem]],
              overdue: Callable[[datetime], Sequence[QueueItem]], sync_due: datetime | None) -> list[Ring]:
        """What to ring at `now`, given the deadlines that passed since the last look, those
        overdue now, and when the internal sync is due (None: no sync for this crisis)."""
        rings: list[Ring] = []
        last, self.last_look = self.last_look, now
        if last is None:  # the first look only sets the clock: nothing "just" passed
            self.last_reminder = now
            return rings
        passed = [item for item in passed_between(last, now) if not self.is_snoozed(item, now)]
        if passed:
            rings.append(Ring("Overdue", _names(passed, "Deadline passed"), "error"))
            self.last_reminder = now
        elif self.last_reminder is not None and now - self.last_reminder >= REMIND_EVERY:
            self.last_reminder = now
            still = [item for item in overdue(now) if not self.is_snoozed(item, now)]
            if still:
                rings.append(Ring("Reminder", _names(still, "Still overdue"), "warning"))
        if sync_due is not None and last < sync_due <= now:
            rings.append(Ring("Sync", "Internal sync due: press y for the summary with the roll-ups.", "warning"))
        return rings
