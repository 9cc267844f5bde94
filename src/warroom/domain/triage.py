"""The one place that decides an account's tier in a crisis, and says why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from warroom.domain.accounts import AccountFacts
from warroom.domain.vocabulary import CrisisKind, Health, ImpactLevel, Tier

RENEWAL_WINDOW_DAYS = 90
# A renewal date this far in the past is still "in renewal" (paperwork late), older is stale data.
RENEWAL_OVERDUE_GRACE_DAYS = 30


@dataclass(frozen=True, slots=True)
class ImpactFacts:
    """How one crisis touches one account (one row of `impacts`)."""

    level: ImpactLevel = ImpactLevel.NOT_AFFECTED
    data_accessed: bool = False
    tier_override: Tier | None = None
    override_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """One fact that decided the tier: a stable code, a short label and a sentence."""

    code: str
    label: str
    detail: str


@dataclass(frozen=True, slots=True)
class Triage:
    tier: Tier
    reasons: tuple[Reason, ...]
    computed_tier: Tier  # the tier the rules give, before any manual override

    @property
    def overridden(self) -> bool:
        return bool(self.reasons) and self.reasons[0].code == "override"

    @property
    def short_reasons(self) -> str:
        return ", ".join(reason.label for reason in self.reasons)


def critical_reasons(
    account: AccountFacts, impact: ImpactFacts, kind: CrisisKind, today: date
) -> list[Reason]:
    """Every Critical criterion from the practice that this account meets."""
    reasons: list[Reason] = []
    if kind is CrisisKind.SECURITY and impact.data_accessed:
        reasons.append(
            Reason("data_accessed", "data accessed", "Their customer data was accessed.")
        )
    days = account.days_to_renewal(today)
    if days is not None and -RENEWAL_OVERDUE_GRACE_DAYS <= days <= RENEWAL_WINDOW_DAYS:
        if days >= 0:
            reasons.append(
                Reason("renewal", f"renews {days}d", f"Renewal in {days} days (within 90).")
            )
        else:
            reasons.append(
                Reason("renewal", f"renewal {-days}d late", f"Renewal date passed {-days} days ago.")
            )
    if account.executive_escalation:
        reasons.append(
            Reason("exec_escalation", "exec escalation", "An executive escalation is active.")
        )
    if account.compliance_sensitive:
        reasons.append(
            Reason("compliance", "compliance", "Compliance-sensitive customer (audited).")
        )
    elif industry := account.compliance_industry():
        reasons.append(
            Reason("compliance", "compliance", f"Compliance-sensitive industry: {industry}.")
        )
    if account.strategic:
        reasons.append(Reason("strategic", "strategic", "Strategic partner."))
    if account.high_visibility:
        reasons.append(Reason("high_visibility", "high visibility", "High-visibility account."))
    if account.health in (Health.YELLOW, Health.RED):
        reasons.append(
            Reason(
                "health",
                f"health {account.health.value}",
                f"Health was already {account.health.value} before the crisis.",
            )
        )
    if impact.level is ImpactLevel.BUSINESS_CRITICAL:
        reasons.append(
            Reason(
                "business_critical",
                "business-critical",
                "A business-critical process of theirs is affected.",
            )
        )
    return reasons


def _computed(
    account: AccountFacts, impact: ImpactFacts, kind: CrisisKind, today: date
) -> tuple[Tier, list[Reason]]:
    data_breach = kind is CrisisKind.SECURITY and impact.data_accessed
    if impact.level is ImpactLevel.NOT_AFFECTED and not data_breach:
        return Tier.NOT_AFFECTED, [
            Reason("not_affected", "not affected", "Not marked as affected by this crisis.")
        ]
    critical = critical_reasons(account, impact, kind, today)
    if critical:
        return Tier.CRITICAL, critical
    if impact.level is ImpactLevel.MINIMAL:
        blockers = []
        if account.expansion_pipeline > 0:
            blockers.append(
                Reason("expansion", "expansion talks", "Minimal impact, but in expansion talks.")
            )
        if account.champion_strength in ("weak", "none"):
            blockers.append(
                Reason("weak_champion", "weak champion", "Minimal impact, but trust is thin.")
            )
        if blockers:
            return Tier.STANDARD, blockers
        return Tier.STABLE, [
            Reason("minimal", "minimal impact", "Minimally affected, healthy, no talks under way.")
        ]
    return Tier.STANDARD, [
        Reason("affected", "affected", "Affected, with no sign of immediate churn risk.")
    ]


def triage(
    account: AccountFacts, impact: ImpactFacts | None, kind: CrisisKind, today: date
) -> Triage:
    """Place an account in exactly one tier for a crisis, with every reason that decided it.

    A manual override wins; its reason comes first and the rules' reasons stay for context.
    """
    impact = impact or ImpactFacts()
    tier, reasons = _computed(account, impact, kind, today)
    if impact.tier_override is not None:
        why = impact.override_reason or "no reason given"
        override = Reason("override", f"override: {why}", f"Tier set by hand: {why}")
        return Triage(impact.tier_override, (override, *reasons), computed_tier=tier)
    return Triage(tier, tuple(reasons), computed_tier=tier)
