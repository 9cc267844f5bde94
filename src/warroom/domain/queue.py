"""The tiered queue: every account of a crisis with its tier, matrix and next deadline, in
the order a CSM should work it (tier, then most urgent deadline, then decision matrix)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from warroom.domain.accounts import AccountFacts
from warroom.domain.crises import Crisis
from warroom.domain.deadlines import Deadline, next_deadline
from warroom.domain.matrix import Matrix, decision_matrix
from warroom.domain.triage import ImpactFacts, Triage, triage
from warroom.domain.vocabulary import Tier

# Sorts after every real deadline: an account with nothing due waits behind those with one.
_NO_DEADLINE = datetime.max.timestamp()


@dataclass(frozen=True, slots=True)
class QueueItem:
    account: AccountFacts
    impact: ImpactFacts
    triage: Triage
    matrix: Matrix
    deadline: Deadline | None
    first_contact_at: datetime | None

    @property
    def tier(self) -> Tier:
        return self.triage.tier


def urgency_key(item: QueueItem) -> tuple:
    """Tier, then the soonest deadline, then the highest matrix score, then name."""
    due = item.deadline.due.timestamp() if item.deadline else _NO_DEADLINE
    return (item.tier.rank, due, -item.matrix.score, item.account.name.casefold(), item.account.id)


def matrix_key(item: QueueItem) -> tuple:
    """Tier, then the decision matrix alone (the console's alternative order)."""
    return (item.tier.rank, -item.matrix.score, item.account.name.casefold(), item.account.id)


def build_queue(
    accounts: Iterable[AccountFacts],
    impacts: Mapping[int, ImpactFacts],
    first_contacts: Mapping[int, datetime],
    open_commitments_due: Mapping[int, list[datetime]],
    crisis: Crisis,
    today: date,
    portfolio_average_arr: float,
    *,
    include_not_affected: bool = False,
    key=urgency_key,
) -> list[QueueItem]:
    """Triage every account, attach its matrix and deadline, and sort."""
    items = []
    for account in accounts:
        impact = impacts.get(account.id) or ImpactFacts()
        decided = triage(account, impact, crisis.kind, today)
        if decided.tier is Tier.NOT_AFFECTED and not include_not_affected:
            continue
        contacted = first_contacts.get(account.id)
        deadline = None
        if crisis.is_open:
            deadline = next_deadline(
                decided.tier,
                crisis.started_at,
                crisis.cadence,
                contacted,
                open_commitments_due.get(account.id, ()),
            )
        items.append(
            QueueItem(
                account=account,
                impact=impact,
                triage=decided,
                matrix=decision_matrix(account, portfolio_average_arr, today),
                deadline=deadline,
                first_contact_at=contacted,
            )
        )
    items.sort(key=key)
    return items
