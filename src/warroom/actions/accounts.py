"""What a CSM does to one account in a crisis: its impact, a tier override, an alarm snooze."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from warroom.actions.actor import Actor
from warroom.actions.errors import ActionError, user_action
from warroom.actions.gates import require_open
from warroom.domain.vocabulary import EntryKind, ImpactLevel, Tier
from warroom.store import impacts
from warroom.store.log import append_entry

SNOOZE_FOR = timedelta(minutes=30)


@user_action
def set_impact(db: Database, actor: Actor, *, crisis_id: int, account_id: int, level: ImpactLevel,
               data_accessed: bool | None = None) -> None:
    """How hard the crisis hits the account (and, in a security crisis, whether data was accessed)."""
    require_open(db, crisis_id, "set an impact")
    impacts.set_impact(db, crisis_id=crisis_id, account_id=account_id, level=level, by=actor.author,
                       now=actor.now(), data_accessed=data_accessed)


@user_action
def override_tier(db: Database, actor: Actor, *, crisis_id: int, account_id: int, tier: Tier | None,
                  reason: str) -> int:
    """Put the account in a tier by hand (None: back to the rules); returns the decision entry."""
    require_open(db, crisis_id, "override a tier")
    return impacts.override_tier(db, crisis_id=crisis_id, account_id=account_id, tier=tier, reason=reason,
                                 by=actor.author, now=actor.now())


@dataclass(frozen=True)
class Snoozed:
    entry_id: int
    until: datetime


@user_action
def snooze_alarm(db: Database, actor: Actor, *, crisis_id: int, account_id: int, reason: str,
                 span: timedelta = SNOOZE_FOR) -> Snoozed:
    """Silence the account's overdue alarm for `span`, with the reason logged."""
    if not reason.strip():
        raise ActionError("Say why the alarm is snoozed; the reason goes into the crisis log.")
    now = actor.now()
    minutes = int(span.total_seconds() // 60)
    appended = append_entry(db, crisis_id=crisis_id, account_id=account_id, kind=EntryKind.SNOOZE,
                            author=actor.author, at=now, now=now,
                            text=f"Alarm snoozed for {minutes} min: {reason.strip()}")
    return Snoozed(appended.entry_id, now + span)
