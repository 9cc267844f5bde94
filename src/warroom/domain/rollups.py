"""The roll-ups a lead looks at: per tier, how many accounts, how many contacted, how many
overdue, the ARR affected and the ARR at risk; commitments by outcome; the internal sync.

"At risk" is the ARR of accounts whose first contact or promised update is overdue: the
promises we are breaking right now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from warroom.domain.crises import Crisis
from warroom.domain.queue import QueueItem
from warroom.domain.vocabulary import CommitmentState, Tier

AFFECTED_TIERS = (Tier.CRITICAL, Tier.STANDARD, Tier.STABLE)


@dataclass(slots=True)
class TierRollup:
    accounts: int = 0
    contacted: int = 0
    overdue: int = 0
    arr: float = 0.0
    arr_at_risk: float = 0.0

    @property
    def not_contacted(self) -> int:
        return self.accounts - self.contacted


@dataclass(frozen=True, slots=True)
class Event:
    """An escalation or decision as a roll-up lists it."""

    at: datetime
    account: str | None
    text: str


@dataclass(slots=True)
class Rollup:
    crisis: Crisis
    now: datetime
    tiers: dict[Tier, TierRollup]
    commitments: dict[CommitmentState, int] = field(default_factory=dict)
    since: datetime | None = None  # the last internal sync, if any
    escalations: list[Event] = field(default_factory=list)
    decisions: list[Event] = field(default_factory=list)
    status: str | None = None  # engineering's latest word

    @property
    def total(self) -> TierRollup:
        total = TierRollup()
        for part in self.tiers.values():
            total.accounts += part.accounts
            total.contacted += part.contacted
            total.overdue += part.overdue
            total.arr += part.arr
            total.arr_at_risk += part.arr_at_risk
        return total


def tier_rollups(items: Iterable[QueueItem], now: datetime) -> dict[Tier, TierRollup]:
    """Per affected tier: accounts, contacted, overdue, ARR and ARR at risk."""
    tiers = {tier: TierRollup() for tier in AFFECTED_TIERS}
    for item in items:
        part = tiers.get(item.tier)
        if part is None:
            continue
        arr = item.account.arr
        part.accounts += 1
        part.arr += arr
        if item.first_contact_at is not None:
            part.contacted += 1
        if item.deadline is not None and item.deadline.due < now:
            part.overdue += 1
            part.arr_at_risk += arr
    return tiers


def next_sync(crisis: Crisis, last_sync_at: datetime | None, now: datetime) -> datetime:
    """When the team owes itself the next internal sync: one interval after the last one
    logged, else after the start. It may be in the past (the sync is overdue)."""
    return (last_sync_at or crisis.started_at) + crisis.cadence.internal_sync
