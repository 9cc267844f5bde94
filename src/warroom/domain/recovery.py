"""The recovery checklist generated when a crisis is resolved: what is due by when.

Phases run from the resolution: 48 hours, 2 weeks, 30 days, 90 days. A closure message is
owed to every affected account and a debrief to every Critical one (DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

PHASES = (
    ("48 h", timedelta(hours=48)),
    ("2 weeks", timedelta(days=14)),
    ("30 days", timedelta(days=30)),
    ("90 days", timedelta(days=90)),
)

_TEAM_TASKS = {
    "48 h": (
        "Schedule debriefs with Critical accounts (about two weeks out)",
        "Write lessons learned",
        "Review every commitment made during the crisis",
    ),
    "2 weeks": ("Record the debrief feedback", "Recovery plan per account", "Update account plans"),
    "30 days": ("Act on the feedback", "Internal post-mortem", "Update the crisis protocol", "Share learnings"),
    "90 days": (
        "Watch sentiment for delayed churn",
        "Watch for competitor evaluations",
        "Address trust before renewal talks",
    ),
}


@dataclass(frozen=True, slots=True)
class PlannedTask:
    title: str
    phase: str
    due_at: datetime
    account_id: int | None = None


def recovery_plan(
    resolved_at: datetime,
    affected: Iterable[tuple[int, str]],
    critical: Iterable[tuple[int, str]],
) -> list[PlannedTask]:
    """Every recovery task, in phase order: per-account closure messages and debriefs, then
    the team's own tasks. `affected` and `critical` are (account id, name) pairs."""
    due = {phase: resolved_at + offset for phase, offset in PHASES}
    tasks = [PlannedTask(f"Closure message to {name}", "48 h", due["48 h"], account_id)
             for account_id, name in affected]
    tasks += [PlannedTask(title, "48 h", due["48 h"]) for title in _TEAM_TASKS["48 h"]]
    tasks += [PlannedTask(f"Debrief with {name}", "2 weeks", due["2 weeks"], account_id)
              for account_id, name in critical]
    for phase in ("2 weeks", "30 days", "90 days"):
        tasks += [PlannedTask(title, phase, due[phase]) for title in _TEAM_TASKS[phase]]
    return tasks
