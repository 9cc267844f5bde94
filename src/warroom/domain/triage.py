"""The one place that decides an account's tier in a crisis, and says why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from warroom.domain.accounts import AccountFacts
from warroom.domain.vocabulary import CrisisKind, Health, ImpactLevel, Tier

RENEWAL_WINDOW_DAYS = 90
# A renewal date this far in the past is still "in renewal" (paperwork late), older is stale data.
RENEWAL_OVERDUE_GRACE_DAYS = 30


@dataclass(frozen=True, slots=True)
class ImpactFacts:
    """How one crisis touches one account (one row of `impacts`); shared, so frozen."""

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


# Shared reasons: a queue load triages 50,000 accounts and must not build their text each time.
DATA_ACCESSED = Reason("data_accessed", "data accessed", "Their customer data was accessed.")
EXEC_ESCALATION = Reason("exec_escalation", "exec escalation", "An executive escalation is active.")
COMPLIANCE_FLAG = Reason("compliance", "compliance", "Compliance-sensitive customer (audited).")
STRATEGIC = Reason("strategic", "strategic", "Strategic partner.")
HIGH_VISIBILITY = Reason("high_visibility", "high visibility", "High-visibility account.")
HEALTH = {
    health: Reason("health", f"health {health.value}", f"Health was already {health.value} before the crisis.")
    for health in (Health.YELLOW, Health.RED)
}
BUSINESS_CRITICAL = Reason(
    "business_critical", "business-critical", "A business-critical process of theirs is affected."
)
NOT_AFFECTED = Reason("not_affected", "not affected", "Not marked as affected by this crisis.")
EXPANSION = Reason("expansion", "expansion talks", "Minimal impact, but in expansion talks.")
WEAK_CHAMPION = Reason("weak_champion", "weak champion", "Minimal impact, but trust is thin.")
MINIMAL = Reason("minimal", "minimal impact", "Minimally affected, healthy, no talks under way.")
AFFECTED = Reason("affected", "affected", "Affected, with no sign of immediate churn risk.")


@lru_cache(maxsize=256)
def renewal_reason(days: int) -> Reason:
    if days >= 0:
        return Reason("renewal", f"renews {days}d", f"Renewal in {days} days (within 90).")
    return Reason("renewal", f"renewal {-days}d late", f"Renewal date passed {-days} days ago.")


@lru_cache(maxsize=1024)
def compliance_industry_reason(industry: str) -> Reason:
    return Reason("compliance", "compliance", f"Compliance-sensitive industry: {industry}.")


@dataclass(frozen=True, slots=True)
class Triage:
    """The tier and why; identical outcomes are one shared object, so frozen."""

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
    if impact.data_accessed and kind is CrisisKind.SECURITY:
        reasons.append(DATA_ACCESSED)
    if account.renewal_date is not None:
        days = (account.renewal_date - today).days
        if -RENEWAL_OVERDUE_GRACE_DAYS <= days <= RENEWAL_WINDOW_DAYS:
            reasons.append(renewal_reason(days))
    if account.executive_escalation:
        reasons.append(EXEC_ESCALATION)
    if account.compliance_sensitive:
        reasons.append(COMPLIANCE_FLAG)
    elif industry := account.compliance_industry():
        reasons.append(compliance_industry_reason(industry))
    if account.strategic:
        reasons.append(STRATEGIC)
    if account.high_visibility:
        reasons.append(HIGH_VISIBILITY)
    if account.health in HEALTH:
        reasons.append(HEALTH[account.health])
    if impact.level is ImpactLevel.BUSINESS_CRITICAL:
        reasons.append(BUSINESS_CRITICAL)
    return reasons


def _computed(
    account: AccountFacts, impact: ImpactFacts, kind: CrisisKind, today: date
) -> tuple[Tier, list[Reason]]:
    if impact.level is ImpactLevel.NOT_AFFECTED and not (
        impact.data_accessed and kind is CrisisKind.SECURITY
    ):
        return Tier.NOT_AFFECTED, [NOT_AFFECTED]
    critical = critical_reasons(account, impact, kind, today)
    if critical:
        return Tier.CRITICAL, critical
    if impact.level is ImpactLevel.MINIMAL:
        blockers = []
        if account.expansion_pipeline > 0:
            blockers.append(EXPANSION)
        if account.champion_strength in ("weak", "none"):
            blockers.append(WEAK_CHAMPION)
        if blockers:
            return Tier.STANDARD, blockers
        return Tier.STABLE, [MINIMAL]
    return Tier.STANDARD, [AFFECTED]


_NO_IMPACT = ImpactFacts()


def triage(
    account: AccountFacts, impact: ImpactFacts | None, kind: CrisisKind, today: date
) -> Triage:
    """Place an account in exactly one tier for a crisis, with every reason that decided it.

    A manual override wins; its reason comes first and the rules' reasons stay for context.
    """
    impact = impact or _NO_IMPACT
    tier, reasons = _computed(account, impact, kind, today)
    if impact.tier_override is not None:
        why = impact.override_reason or "no reason given"
        override = Reason("override", f"override: {why}", f"Tier set by hand: {why}")
        return Triage(impact.tier_override, (override, *reasons), computed_tier=tier)
    return _shared_triage(tier, tuple(reasons))


_SHARED: dict[tuple[Tier, tuple[Reason, ...]], Triage] = {}


def _shared_triage(tier: Tier, reasons: tuple[Reason, ...]) -> Triage:
    """One Triage per distinct outcome: thousands of accounts share each (read-only) result."""
    key = (tier, reasons)
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) > 10_000:
            _SHARED.clear()
        found = _SHARED[key] = Triage(tier, reasons, computed_tier=tier)
    return found
