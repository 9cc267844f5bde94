"""A crisis as the console sees it: what it is, how bad, since when, and its cadence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from warroom.domain.deadlines import Cadence
from warroom.domain.vocabulary import CrisisKind, Severity, TechnicalStatus, Tier

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


CADENCE_FIELDS = {
    "first_contact_critical_min": "First contact for Critical accounts",
    "first_contact_standard_min": "First contact for Standard accounts",
    "first_contact_stable_min": "First contact for Stable accounts",
    "customer_update_min": "Customer updates",
    "internal_sync_min": "Internal syncs",
}
MAX_CADENCE_MINUTES = 7 * 24 * 60


def cadence_problem(field_name: str, minutes: object) -> str | None:
    """A sentence when a cadence setting is not a sensible number of minutes, else None."""
    label = CADENCE_FIELDS[field_name]
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        return f"{label}: give a whole number of minutes, not {minutes!r}."
    if minutes <= 0:
        return f"{label}: {minutes} minutes is not a cadence; give a positive number of minutes."
    if minutes > MAX_CADENCE_MINUTES:
        return f"{label}: {minutes} minutes is more than a week; give at most {MAX_CADENCE_MINUTES}."
    return None


def start_problem(started_at: datetime, now: datetime) -> str | None:
    """Back-dating is allowed; a start later than now is not."""
    if started_at > now:
        return (f"The start {started_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC is later than now "
                f"({now.astimezone(UTC):%H:%M} UTC); back-date it, or leave it empty for now.")
    return None


def cadence_minutes(cadence: Cadence) -> dict[str, int]:
    """The cadence as the stored minute columns."""
    def minutes(window: timedelta) -> int:
        return int(window.total_seconds() // 60)

    return {
        "first_contact_critical_min": minutes(cadence.first_contact[Tier.CRITICAL]),
        "first_contact_standard_min": minutes(cadence.first_contact[Tier.STANDARD]),
        "first_contact_stable_min": minutes(cadence.first_contact[Tier.STABLE]),
        "customer_update_min": minutes(cadence.customer_update),
        "internal_sync_min": minutes(cadence.internal_sync),
    }


def cadence_from_minutes(minutes: dict[str, int]) -> Cadence:
    """The stored minute columns (or a row holding them) as a cadence."""
    return Cadence(
        first_contact={
            Tier.CRITICAL: timedelta(minutes=minutes["first_contact_critical_min"]),
            Tier.STANDARD: timedelta(minutes=minutes["first_contact_standard_min"]),
            Tier.STABLE: timedelta(minutes=minutes["first_contact_stable_min"]),
        },
        customer_update=timedelta(minutes=minutes["customer_update_min"]),
        internal_sync=timedelta(minutes=minutes["internal_sync_min"]),
    )
