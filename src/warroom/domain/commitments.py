"""The rules that settle a promised update ("I'll update you by 2 PM").

- A customer-facing entry logged for the account at or before the due instant keeps it;
  after the due instant it settles it as late.
- A commitment replaced by a later one with nothing logged is missed if its time had passed,
  cancelled (superseded) if not.
- When the crisis is resolved, every open commitment whose time passed is missed; the ones
  not yet due are cancelled.
"""

from __future__ import annotations

from datetime import datetime

from warroom.domain.vocabulary import CommitmentState


def settle_by_update(due: datetime, logged_at: datetime) -> CommitmentState:
    """State of an open commitment once an update reaches the customer at `logged_at`."""
    return CommitmentState.KEPT if logged_at <= due else CommitmentState.LATE


def settle_unmet(due: datetime, settled_at: datetime) -> CommitmentState:
    """State of an open commitment that ends with no update logged: replaced by a newer
    one, or its crisis resolved, at `settled_at`."""
    return CommitmentState.MISSED if due < settled_at else CommitmentState.CANCELLED
