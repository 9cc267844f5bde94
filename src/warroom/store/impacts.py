"""How a crisis touches each account: impact level, data accessed, manual tier override."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from warroom.domain.instants import to_text
from warroom.domain.vocabulary import EntryKind, ImpactLevel, Tier
from warroom.store.errors import StoreError
from warroom.store.log import insert_entry_row
from warroom.store.transactions import immediate


def set_impact(
    db: Database,
    *,
    crisis_id: int,
    account_id: int,
    level: ImpactLevel,
    by: str,
    now: datetime,
    data_accessed: bool | None = None,
) -> None:
    """Set how hard the crisis hits one account (and, for security crises, data access)."""
    with immediate(db):
        db.execute(
            "INSERT INTO impacts (crisis_id, account_id, level, data_accessed, set_by, set_at) "
            "VALUES (:crisis, :account, :level, COALESCE(:data, 0), :by, :at) "
            "ON CONFLICT (crisis_id, account_id) DO UPDATE SET level = excluded.level, "
            "data_accessed = COALESCE(:data, data_accessed), set_by = excluded.set_by, "
            "set_at = excluded.set_at",
            dict(
                crisis=crisis_id,
                account=account_id,
                level=level.value,
                data=None if data_accessed is None else int(data_accessed),
                by=by,
                at=to_text(now),
            ),
        )


def override_tier(
    db: Database,
    *,
    crisis_id: int,
    account_id: int,
    tier: Tier | None,
    reason: str,
    by: str,
    now: datetime,
) -> int:
    """Put an account in a tier by hand (None clears it); the reason is logged as a decision.

    Returns the id of the log entry that records it.
    """
    if not reason.strip():
        raise StoreError("Say why the tier is overridden; the reason goes into the crisis log.")
    with immediate(db):
        db.execute(
            "INSERT INTO impacts (crisis_id, account_id, tier_override, override_reason, set_by, "
            "set_at) VALUES (:crisis, :account, :tier, :reason, :by, :at) "
            "ON CONFLICT (crisis_id, account_id) DO UPDATE SET tier_override = excluded.tier_override, "
            "override_reason = excluded.override_reason, set_by = excluded.set_by, "
            "set_at = excluded.set_at",
            dict(
                crisis=crisis_id,
                account=account_id,
                tier=None if tier is None else tier.value,
                reason=reason.strip(),
                by=by,
                at=to_text(now),
            ),
        )
        what = f"Tier set to {tier.label}" if tier else "Tier override cleared"
        return insert_entry_row(
            db,
            crisis_id=crisis_id,
            account_id=account_id,
            contact_id=None,
            kind=EntryKind.TIER_OVERRIDE.value,
            text=f"{what}: {reason.strip()}",
            at=to_text(now),
            recorded_at=to_text(now),
            author=by,
            amends_id=None,
        )
