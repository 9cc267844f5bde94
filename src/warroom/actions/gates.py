"""Checks every action shares before it writes."""

from __future__ import annotations

from sqlite_utils import Database

from warroom.actions.errors import ActionError
from warroom.domain.crises import Crisis
from warroom.store.crises import get_crisis


def require_open(db: Database, crisis_id: int, doing: str) -> Crisis:
    """The crisis, refusing with a sentence when it is resolved (`doing`: "set an impact")."""
    crisis = get_crisis(db, crisis_id)
    if crisis.resolved_at is not None:
        raise ActionError(f"Crisis #{crisis.id} is resolved, so you cannot {doing} any more; "
                          "log what happened instead, or open a new crisis with N / `warroom crisis new`.")
    return crisis
