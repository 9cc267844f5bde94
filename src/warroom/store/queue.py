"""Reading what the queue needs for one crisis, in a handful of set-based queries."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Collection
from datetime import datetime, tzinfo
from typing import Any

from sqlite_utils import Database

from warroom.domain.crises import Crisis
from warroom.domain.instants import from_text
from warroom.domain.queue import QueueItem, build_queue, gc_paused, urgency_key
from warroom.domain.triage import ImpactFacts
from warroom.domain.vocabulary import ImpactLevel, Tier
from warroom.store.accounts import FACT_COLUMNS, facts_from_tuple


def _only(account_ids: Collection[int] | None, column: str = "account_id") -> tuple[str, list[object]]:
    """An extra WHERE clause limiting rows to some accounts (all when None)."""
    if account_ids is None:
        return "", []
    return f" AND {column} IN (SELECT value FROM json_each(?))", [json.dumps(sorted(account_ids))]


def _impacts(
    db: Database, crisis_id: int, account_ids: Collection[int] | None = None
) -> tuple[dict[int, ImpactFacts], dict[int, datetime]]:
    impacts: dict[int, ImpactFacts] = {}
    first_contacts: dict[int, datetime] = {}
    levels = {level.value: level for level in ImpactLevel}
    tiers = {tier.value: tier for tier in Tier}
    plain = {level.value: ImpactFacts(level) for level in ImpactLevel}
    only, params = _only(account_ids)
    for account_id, level, data_accessed, override, reason, contacted in db.execute(
        "SELECT account_id, level, data_accessed, tier_override, override_reason, first_contact_at "
        "FROM impacts WHERE crisis_id = ?" + only,
        [crisis_id, *params],
    ):
        if override is None and not data_accessed:
            impacts[account_id] = plain[level]  # the common case: one shared object per level
        else:
            impacts[account_id] = ImpactFacts(levels[level], bool(data_accessed), tiers.get(override), reason)
        if contacted:
            first_contacts[account_id] = from_text(contacted)
    return impacts, first_contacts


def _open_due(
    db: Database, crisis_id: int, account_ids: Collection[int] | None = None
) -> dict[int, list[datetime]]:
    due: dict[int, list[datetime]] = defaultdict(list)
    only, params = _only(account_ids)
    for account_id, due_at in db.execute(
        "SELECT account_id, due_at FROM commitments WHERE crisis_id = ? AND state = 'open'" + only,
        [crisis_id, *params],
    ):
        due[account_id].append(from_text(due_at))
    return due


def portfolio_average_arr(db: Database) -> float:
    row = next(db.query("SELECT AVG(arr) AS average FROM accounts WHERE arr > 0"))
    return row["average"] or 0.0


def load_queue(
    db: Database,
    crisis: Crisis,
    now: datetime,
    local_zone: tzinfo | None = None,
    *,
    include_not_affected: bool = False,
    key: Callable[[QueueItem], tuple[Any, ...]] = urgency_key,
    account_ids: Collection[int] | None = None,
    portfolio_average: float | None = None,
) -> list[QueueItem]:
    """The ordered queue of a crisis as of `now` ("today" for renewals is in `local_zone`).

    `account_ids` limits it to some accounts (to refresh what another session changed);
    `portfolio_average` (the ARR average the decision matrix compares with) saves a scan of
    every account when the caller already knows it.
    """
    with gc_paused():
        return _load(db, crisis, now, local_zone, include_not_affected, key, account_ids, portfolio_average)


def _load(db: Database, crisis: Crisis, now: datetime, local_zone: tzinfo | None, include_not_affected: bool,
          key: Callable[[QueueItem], tuple[Any, ...]], account_ids: Collection[int] | None,
          portfolio_average: float | None) -> list[QueueItem]:
    impacts, first_contacts = _impacts(db, crisis.id, account_ids)
    only, params = _only(account_ids, "id")
    # Bulk reads use the cursor's plain tuples: building 50,000 dicts costs more than the query.
    if include_not_affected:
        rows = db.execute(f"SELECT {FACT_COLUMNS} FROM accounts WHERE 1" + only, params)
    else:
        # Only accounts with an impact row can be in a tier; skip the rest in SQL.
        rows = db.execute(
            f"SELECT {FACT_COLUMNS} FROM accounts WHERE id IN "
            "(SELECT account_id FROM impacts WHERE crisis_id = ? AND (level != 'not_affected' "
            "OR tier_override IS NOT NULL OR data_accessed = 1))" + only,
            [crisis.id, *params],
        )
    return build_queue(
        map(facts_from_tuple, rows),
        impacts,
        first_contacts,
        _open_due(db, crisis.id, account_ids),
        crisis,
        now.astimezone(local_zone).date(),
        portfolio_average_arr(db) if portfolio_average is None else portfolio_average,
        include_not_affected=include_not_affected,
        key=key,
    )
