"""The in-memory queue index: filter, tier headings, counts by binary search, alarms."""

from datetime import UTC, date, datetime, timedelta

from warroom.domain.accounts import AccountFacts
from warroom.domain.crises import Crisis
from warroom.domain.deadlines import Cadence
from warroom.domain.queue import build_queue
from warroom.domain.queue_index import Heading, QueueIndex
from warroom.domain.triage import ImpactFacts
from warroom.domain.vocabulary import CrisisKind, Health, ImpactLevel, Severity, TechnicalStatus, Tier

START = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)


def index(with_not_affected=False):
    accounts = [
        AccountFacts(1, "Acme Health", 100_000, industry="Healthcare", owner="Dana", health=Health.GREEN),
        AccountFacts(2, "Beta Retail", 50_000, industry="Retail", owner="Sam", health=Health.GREEN,
                     champion_strength="strong"),
        AccountFacts(3, "Gamma Retail", 70_000, industry="Retail", owner="Dana", health=Health.GREEN,
                     champion_strength="strong"),
        AccountFacts(4, "Delta Bank", 900_000, industry="Banking", owner="Sam", health=Health.RED),
        AccountFacts(5, "Omega Idle", 10_000, industry="Retail", owner="Sam", health=Health.GREEN),
    ]
    impacts = {1: ImpactFacts(ImpactLevel.AFFECTED), 2: ImpactFacts(ImpactLevel.AFFECTED),
               3: ImpactFacts(ImpactLevel.MINIMAL), 4: ImpactFacts(ImpactLevel.AFFECTED)}
    crisis = Crisis(1, "Outage", CrisisKind.OUTAGE, Severity.L1, TechnicalStatus.INVESTIGATING, START, None, Cadence())
    promised = {2: [START + timedelta(minutes=30)]}
    items = build_queue(accounts, impacts, {2: START + timedelta(minutes=5)}, promised, crisis, TODAY, 100_000,
                        include_not_affected=with_not_affected)
    return QueueIndex(items)


def test_rows_have_a_heading_per_tier_with_count_and_arr():
    rows = index().rows()
    headings = [row for row in rows if isinstance(row, Heading)]
    assert [(h.tier, h.count, h.arr) for h in headings] == [
        (Tier.CRITICAL, 2, 1_000_000), (Tier.STANDARD, 1, 50_000), (Tier.STABLE, 1, 70_000)]
    assert isinstance(rows[0], Heading) and rows[1].account.name in ("Acme Health", "Delta Bank")


def test_filter_narrows_then_widens_again_on_backspace():
    queue = index()
    assert [r.account.name for r in queue.rows("retail") if not isinstance(r, Heading)] == ["Beta Retail", "Gamma Retail"]
    assert [r.account.name for r in queue.rows("retail b") if not isinstance(r, Heading)] == []
    assert [r.account.name for r in queue.rows("retai") if not isinstance(r, Heading)] == ["Beta Retail", "Gamma Retail"]
    assert [r.account.name for r in queue.rows("DANA") if not isinstance(r, Heading)] == ["Acme Health", "Gamma Retail"]
    assert [r.account.name for r in queue.rows("health red") if not isinstance(r, Heading)] == ["Delta Bank"]


def test_not_affected_rows_only_when_asked():
    queue = index(with_not_affected=True)
    assert all(isinstance(r, Heading) or r.tier is not Tier.NOT_AFFECTED for r in queue.rows())
    assert any(isinstance(r, Heading) and r.tier is Tier.NOT_AFFECTED for r in queue.rows(show_not_affected=True))
    assert [r.account.name for r in queue.rows("omega", True) if not isinstance(r, Heading)] == ["Omega Idle"]


def test_counts_by_binary_search():
    queue = index()
    # Deadlines: critical first contact at +60 (accounts 1 and 4), Beta's promise at +30, Gamma at +240.
    at = START + timedelta(minutes=50)
    counts = queue.counts(at, timedelta(minutes=15))
    assert (counts.not_contacted, counts.overdue, counts.due_soon) == (3, 1, 2)
    assert queue.counts(START, timedelta(minutes=15)).overdue == 0


def test_passed_between_names_each_deadline_once():
    queue = index()
    first = queue.passed_between(START + timedelta(minutes=29), START + timedelta(minutes=31))
    assert [item.account.name for item in first] == ["Beta Retail"]
    assert queue.passed_between(START + timedelta(minutes=31), START + timedelta(minutes=32)) == []
    assert {i.account.name for i in queue.overdue(START + timedelta(minutes=61))} == {"Beta Retail", "Acme Health",
                                                                                    "Delta Bank"}


def test_replace_swaps_items_and_keeps_order():
    queue = index()
    fresh = index().get(3)
    queue.replace([fresh], removed=[2])
    assert queue.get(2) is None and queue.get(3) is fresh
    assert len(queue) == 3
