"""A crisis as the console sees it: what it is, how bad, since when, and its cadence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from warroom.domain.deadlines import Cadence
from warroom.domain.vocabulary import CrisisKind, Severity, TechnicalStatus

KIND_LABELS = {
    CrisisKind.OUTAGE: "Service outage",
    CrisisKind.SECURITY: "Security incident",
    CrisisKind.PRODUCT_BUG: "Product bug",
    CrisisKind.MERGER: "M&A announcement",
    CrisisKind.LEADERSHIP_CHANGE: "Leadership change",
    CrisisKind.OTHER: "Other",
}


@dataclass(frozen=True, slots=True)
class Crisis:
    id: int
    title: str
    kind: CrisisKind
    severity: Severity
    status: TechnicalStatus
    started_at: datetime
    resolved_at: datetime | None
    cadence: Cadence

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def elapsed(self, now: datetime) -> timedelta:
        return now.astimezone(UTC) - self.started_at.astimezone(UTC)
