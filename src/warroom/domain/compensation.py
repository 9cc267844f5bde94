"""What to offer an affected account, by crisis severity: a suggestion, never automatic.

Credits are days of the account's ARR; above the CSM's credit authority a suggestion needs
approval (DOMAIN.md: say credits above $5K need a VP).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from warroom.domain.vocabulary import Severity

_CREDIT_DAYS = {Severity.L1: 30, Severity.L2: 15, Severity.L3: 7, Severity.L4: None}
_GESTURES = {
    Severity.L1: ("an executive apology call",),  # enterprise accounts only
    Severity.L2: ("outreach from a manager", "30 days of priority support"),
    Severity.L3: ("a personal follow-up",),
    Severity.L4: ("a small account credit or a personal note",),
}


@dataclass(frozen=True, slots=True)
class Compensation:
    credit_days: int | None
    credit: float | None  # in the account's currency; None when the severity names no amount
    gestures: tuple[str, ...]
    needs_approval: bool

    def sentence(self, money: Callable[[float], str]) -> str:
        """"15-day credit ($4,110), outreach from a manager, ... (needs approval)"."""
        parts = []
        if self.credit_days is not None:
            parts.append(f"{self.credit_days}-day credit ({money(self.credit or 0.0)})")
        parts.extend(self.gestures)
        text = ", ".join(parts) if parts else "nothing suggested"
        return text + (" (needs approval: above your credit authority)" if self.needs_approval else "")


def suggest(severity: Severity, arr: float, *, enterprise: bool, authority: float) -> Compensation:
    days = _CREDIT_DAYS[severity]
    credit = round(arr * days / 365, 2) if days is not None else None
    gestures = _GESTURES[severity]
    if severity is Severity.L1 and not enterprise:
        gestures = ()
    return Compensation(days, credit, gestures, credit is not None and credit > authority)
