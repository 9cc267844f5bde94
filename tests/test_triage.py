"""Every tier criterion of the practice, one by one, and the manual override."""

from datetime import date, timedelta

import pytest

from warroom.domain.accounts import AccountFacts
from warroom.domain.triage import ImpactFacts, triage
from warroom.domain.vocabulary import CrisisKind, Health, ImpactLevel, Tier

TODAY = date(2026, 3, 10)
OUTAGE = CrisisKind.OUTAGE


def calm(**changes) -> AccountFacts:
    """A healthy account with no critical trait: renewal far off, strong champion."""
    base = dict(id=1, name="Calm Co", arr=50_000, industry="Retail", health=Health.GREEN,
                renewal_date=TODAY + timedelta(days=200), champion_strength="strong")
    base.update(changes)
    return AccountFacts(**base)


def affected(level=ImpactLevel.AFFECTED, **changes) -> ImpactFacts:
    return ImpactFacts(level=level, **changes)


def codes(result) -> list[str]:
    return [reason.code for reason in result.reasons]


def test_not_marked_affected_is_not_affected():
    result = triage(calm(), None, OUTAGE, TODAY)
    assert result.tier is Tier.NOT_AFFECTED
    assert codes(result) == ["not_affected"]


def test_affected_healthy_account_is_standard():
    result = triage(calm(), affected(), OUTAGE, TODAY)
    assert result.tier is Tier.STANDARD
    assert codes(result) == ["affected"]


@pytest.mark.parametrize("days", [0, 30, 60, 90])
def test_renewal_within_90_days_is_critical(days):
    result = triage(calm(renewal_date=TODAY + timedelta(days=days)), affected(), OUTAGE, TODAY)
    assert result.tier is Tier.CRITICAL
    assert result.reasons[0].label == f"renews {days}d"


def test_renewal_at_91_days_is_not_critical():
    assert triage(calm(renewal_date=TODAY + timedelta(days=91)), affected(), OUTAGE, TODAY).tier is Tier.STANDARD


def test_recently_passed_renewal_is_critical_but_stale_date_is_not():
    late = triage(calm(renewal_date=TODAY - timedelta(days=10)), affected(), OUTAGE, TODAY)
    assert late.tier is Tier.CRITICAL and "10d late" in late.reasons[0].label
    stale = triage(calm(renewal_date=TODAY - timedelta(days=300)), affected(), OUTAGE, TODAY)
    assert stale.tier is Tier.STANDARD


def test_executive_escalation_is_critical():
    result = triage(calm(executive_escalation=True), affected(), OUTAGE, TODAY)
    assert result.tier is Tier.CRITICAL and codes(result) == ["exec_escalation"]


@pytest.mark.parametrize("industry", ["Government", "Healthcare", "Financial Services", "Banking", "Public Sector"])
def test_compliance_industries_are_critical(industry):
    result = triage(calm(industry=industry), affected(), OUTAGE, TODAY)
    assert result.tier is Tier.CRITICAL and codes(result) == ["compliance"]
    assert industry in result.reasons[0].detail


def test_hospitality_is_not_a_compliance_industry():
    assert triage(calm(industry="Hospitality"), affected(), OUTAGE, TODAY).tier is Tier.STANDARD


def test_compliance_flag_is_critical_whatever_the_industry():
    result = triage(calm(compliance_sensitive=True), affected(), OUTAGE, TODAY)
    assert result.tier is Tier.CRITICAL and codes(result) == ["compliance"]


def test_strategic_and_high_visibility_are_critical():
    assert codes(triage(calm(strategic=True), affected(), OUTAGE, TODAY)) == ["strategic"]
    assert codes(triage(calm(high_visibility=True), affected(), OUTAGE, TODAY)) == ["high_visibility"]


@pytest.mark.parametrize("health", [Health.YELLOW, Health.RED])
def test_yellow_or_red_health_before_the_crisis_is_critical(health):
    result = triage(calm(health=health), affected(), OUTAGE, TODAY)
    assert result.tier is Tier.CRITICAL and result.reasons[0].label == f"health {health.value}"


def test_business_critical_impact_is_critical():
    result = triage(calm(), affected(ImpactLevel.BUSINESS_CRITICAL), OUTAGE, TODAY)
    assert result.tier is Tier.CRITICAL and codes(result) == ["business_critical"]


def test_security_crisis_with_data_accessed_is_critical_even_if_not_marked_affected():
    result = triage(calm(), ImpactFacts(data_accessed=True), CrisisKind.SECURITY, TODAY)
    assert result.tier is Tier.CRITICAL and codes(result) == ["data_accessed"]


def test_data_accessed_flag_means_nothing_outside_a_security_crisis():
    assert triage(calm(), ImpactFacts(data_accessed=True), OUTAGE, TODAY).tier is Tier.NOT_AFFECTED


def test_every_critical_reason_is_listed():
    account = calm(renewal_date=TODAY + timedelta(days=20), executive_escalation=True, industry="Healthcare",
                   strategic=True, health=Health.RED)
    result = triage(account, affected(ImpactLevel.BUSINESS_CRITICAL), OUTAGE, TODAY)
    assert codes(result) == ["renewal", "exec_escalation", "compliance", "strategic", "health", "business_critical"]


def test_minimal_impact_on_a_trusted_account_is_stable():
    result = triage(calm(), affected(ImpactLevel.MINIMAL), OUTAGE, TODAY)
    assert result.tier is Tier.STABLE and codes(result) == ["minimal"]


def test_minimal_impact_during_expansion_talks_is_standard():
    result = triage(calm(expansion_pipeline=80_000), affected(ImpactLevel.MINIMAL), OUTAGE, TODAY)
    assert result.tier is Tier.STANDARD and codes(result) == ["expansion"]


def test_minimal_impact_with_a_weak_champion_is_standard():
    result = triage(calm(champion_strength="weak"), affected(ImpactLevel.MINIMAL), OUTAGE, TODAY)
    assert result.tier is Tier.STANDARD and codes(result) == ["weak_champion"]


def test_override_wins_and_keeps_its_reason_first():
    impact = affected(tier_override=Tier.STABLE, override_reason="Customer asked for email only")
    result = triage(calm(executive_escalation=True), impact, OUTAGE, TODAY)
    assert result.tier is Tier.STABLE
    assert result.computed_tier is Tier.CRITICAL
    assert result.overridden
    assert result.reasons[0].label == "override: Customer asked for email only"
    assert codes(result)[1:] == ["exec_escalation"]


def test_override_can_lift_a_not_affected_account():
    impact = ImpactFacts(tier_override=Tier.CRITICAL, override_reason="CEO called")
    result = triage(calm(), impact, OUTAGE, TODAY)
    assert result.tier is Tier.CRITICAL and result.computed_tier is Tier.NOT_AFFECTED


def test_unoverridden_triage_says_so():
    assert not triage(calm(), affected(), OUTAGE, TODAY).overridden
