"""Decision-matrix factors with their parts, and queue order: deadline first, then matrix."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.accounts import AccountFacts
from warroom.domain.crises import Crisis
from warroom.domain.deadlines import Cadence
from warroom.domain.matrix import decision_matrix, matrix_score
from warroom.domain.queue import build_queue, matrix_key
from warroom.domain.triage import ImpactFacts
from warroom.domain.vocabulary import CrisisKind, Health, ImpactLevel, Severity, TechnicalStatus, Tier

TODAY = date(2026, 3, 10)
START = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


def account(id_, **facts):
    base = dict(id=id_, name=f"Account {id_}", arr=100_000, health=Health.GREEN, champion_strength="strong",
                renewal_date=TODAY + timedelta(days=300))
    base.update(facts)
    return AccountFacts(**base)


def crisis(**changes):
    base = dict(id=1, title="Outage", kind=CrisisKind.OUTAGE, severity=Severity.L1,
                status=TechnicalStatus.INVESTIGATING, started_at=START, resolved_at=None, cadence=Cadence())
    base.update(changes)
    return Crisis(**base)


def test_matrix_parts_explain_each_factor():
    facts = account(1, arr=300_000, renewal_date=TODAY + timedelta(days=25), expansion_pipeline=200_000,
                    health=Health.RED, champion_strength="none", escalations_last_year=4,
                    sentiment_trend="down", reference=True, strategic=True, growth_potential="high")
    matrix = decision_matrix(facts, portfolio_average_arr=100_000, today=TODAY)
    assert dict(matrix.business_impact.parts) == {
        "ARR 3x the portfolio average or more": 4.0, "renewal within 30 days": 3.0,
        "expansion pipeline of half their ARR or more": 2.0}
    assert dict(matrix.relationship_risk.parts) == {
        "health red": 3.0, "no champion": 2.0, "3 or more escalations this year": 2.0, "sentiment falling": 2.0}
    assert dict(matrix.strategic_value.parts) == {
        "reference account": 2.0, "strategic partner": 2.0, "high growth potential": 2.0}
    assert matrix.score == 9.0 + 9.0 + 6.0
    assert [factor.total for factor in matrix.factors] == [9.0, 9.0, 6.0]


def test_arr_bands_against_the_portfolio_average():
    def arr_part(arr):
        return decision_matrix(account(1, arr=arr), 100_000, TODAY).business_impact.parts[0]

    assert [arr_part(a)[1] for a in (300_000, 150_000, 75_000, 1_000)] == [4.0, 3.0, 2.0, 1.0]
    assert decision_matrix(account(1, arr=0), 100_000, TODAY).business_impact.parts == ()


def test_renewal_windows_score_30_60_90():
    def renewal_parts(days):
        facts = account(1, renewal_date=TODAY + timedelta(days=days))
        parts = decision_matrix(facts, 100_000, TODAY).business_impact.parts
        return [part for part in parts if part[0].startswith("renewal")]

    assert renewal_parts(10) == [("renewal within 30 days", 3.0)]
    assert renewal_parts(45) == [("renewal within 60 days", 2.0)]
    assert renewal_parts(80) == [("renewal within 90 days", 1.0)]
    assert renewal_parts(200) == []


def queue_for(accounts, impacts, first_contacts=None, commitments=None, **kwargs):
    return build_queue(accounts, impacts, first_contacts or {}, commitments or {}, crisis(), TODAY,
                       portfolio_average_arr=100_000, **kwargs)


def test_queue_groups_by_tier_then_most_urgent_deadline_then_matrix():
    accounts = [
        account(1, name="Big standard", arr=900_000),
        account(2, name="Small standard", arr=10_000),
        account(3, name="Critical", executive_escalation=True),
        account(4, name="Stable", arr=10_000),
        account(5, name="Standard promised soon", arr=10_000),
    ]
    impacts = {i: ImpactFacts(level=ImpactLevel.AFFECTED) for i in (1, 2, 3, 5)}
    impacts[4] = ImpactFacts(level=ImpactLevel.MINIMAL)
    contacted = {5: START + timedelta(minutes=10)}
    # Account 5 was contacted and promised an update in 30 minutes: due before the others' 2 h.
    promised = {5: [START + timedelta(minutes=40)]}
    items = queue_for(accounts, impacts, contacted, promised)
    assert [item.account.name for item in items] == [
        "Critical", "Standard promised soon", "Big standard", "Small standard", "Stable"]
    assert [item.tier for item in items] == [Tier.CRITICAL, Tier.STANDARD, Tier.STANDARD, Tier.STANDARD, Tier.STABLE]


def test_matrix_order_ignores_deadlines():
    accounts = [account(1, name="Low", arr=10_000), account(2, name="High", arr=900_000)]
    impacts = {1: ImpactFacts(level=ImpactLevel.AFFECTED), 2: ImpactFacts(level=ImpactLevel.AFFECTED)}
    items = queue_for(accounts, impacts, {2: START}, {1: [START + timedelta(minutes=5)]}, key=matrix_key)
    assert [item.account.name for item in items] == ["High", "Low"]


def test_not_affected_hidden_unless_asked():
    accounts = [account(1), account(2)]
    impacts = {1: ImpactFacts(level=ImpactLevel.AFFECTED)}
    assert [i.account.id for i in queue_for(accounts, impacts)] == [1]
    everything = queue_for(accounts, impacts, include_not_affected=True)
    assert [i.tier for i in everything] == [Tier.STANDARD, Tier.NOT_AFFECTED]
    assert everything[1].deadline is None


def test_contacted_account_without_promise_has_no_deadline_and_sorts_after():
    accounts = [account(1, name="Contacted"), account(2, name="Waiting")]
    impacts = {1: ImpactFacts(level=ImpactLevel.AFFECTED), 2: ImpactFacts(level=ImpactLevel.AFFECTED)}
    items = queue_for(accounts, impacts, {1: START})
    assert [i.account.name for i in items] == ["Waiting", "Contacted"]
    assert items[1].deadline is None


@given(
    arr=st.floats(min_value=0, max_value=1e8, allow_nan=False),
    days=st.none() | st.integers(min_value=-400, max_value=800),
    pipeline=st.floats(min_value=0, max_value=1e7, allow_nan=False),
    health=st.sampled_from([None, *Health]),
    champion=st.sampled_from([None, "strong", "medium", "weak", "none"]),
    escalations=st.integers(min_value=0, max_value=9),
    sentiment=st.sampled_from([None, "up", "flat", "down"]),
    growth=st.sampled_from([None, "high", "medium", "low"]),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans()),
)
def test_fast_score_equals_the_explained_matrix(arr, days, pipeline, health, champion, escalations, sentiment,
                                                growth, flags):
    facts = account(1, arr=arr, renewal_date=None if days is None else TODAY + timedelta(days=days),
                    expansion_pipeline=pipeline, health=health, champion_strength=champion,
                    escalations_last_year=escalations, sentiment_trend=sentiment, growth_potential=growth,
                    reference=flags[0], strategic=flags[1], high_visibility=flags[2])
    explained = decision_matrix(facts, 100_000, TODAY)
    assert matrix_score(facts, 100_000, TODAY) == explained.score
    assert explained.score == sum(points for factor in explained.factors for _, points in factor.parts)
