"""The crisis checklist, as far as other features need it today: whether legal has reviewed
customer messages in a security crisis. (The full kind-specific checklist replaces the
setting used here without changing this function's answer.)"""

from __future__ import annotations

from sqlite_utils import Database

from warroom.domain.crises import Crisis
from warroom.domain.vocabulary import CrisisKind
from warroom.store.settings import get_setting, put_setting


def _legal_key(crisis_id: int) -> str:
    return f"checklist:{crisis_id}:legal_review"


def legal_review_pending(db: Database, crisis: Crisis) -> bool:
    """True while a security crisis's customer messages still need legal's review."""
    return crisis.kind is CrisisKind.SECURITY and not get_setting(db, _legal_key(crisis.id), False)


def mark_legal_review(db: Database, crisis_id: int, done: bool = True) -> None:
    put_setting(db, _legal_key(crisis_id), done)
