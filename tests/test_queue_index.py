"""The in-memory queue index: filter, tier headings, counts by binary search, alarms, and
changes to a few accounts moved in place (checked against a fresh build)."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

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

    def shown(filter_text):
        return [r.account.name for r in queue.rows(filter_text) if not isinstance(r, Heading)]

    assert shown("retail") == ["Beta Retail", "Gamma Retail"]
    assert shown("retail b") == []
    assert shown("retai") == ["Beta Retail", "Gamma Retail"]
    assert shown("DANA") == ["Acme Health", "Gamma Retail"]
    assert shown("health red") == ["Delta Bank"]


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


def test_replace_moves_one_account_in_the_live_rows():
    queue = index()
    shown = queue.rows()  # what a view holds on to
    beta = queue.get(2)
    promised_later = build_queue([beta.account], {2: ImpactFacts(ImpactLevel.AFFECTED)}, {2: START},
                                 {2: [START + timedelta(hours=3)]}, CRISIS, TODAY, 100_000)[0]
    queue.replace([promised_later])
    assert shown is queue.rows()
    assert queue.get(2) is promised_later and shown.position_of(2) == [*shown].index(promised_later)
    assert queue.counts(START + timedelta(minutes=31), timedelta(0)).overdue == 0  # the old promise is gone
    assert queue.counts(START, timedelta(minutes=15)).not_contacted == 3  # Beta was contacted already


# --- any sequence of changes leaves the index as a fresh build would be -----------------------

CRISIS = Crisis(1, "Outage", CrisisKind.OUTAGE, Severity.L1, TechnicalStatus.INVESTIGATING, START, None, Cadence())
FILTERS = ["", "a", "ac", "acme", "retail", "dana", "health red", "zzz"]
# Few distinct values, so that ties (same name, same deadline, same score) are common.
NAMES = ["Acme", "Acme", "Beta Retail", "gamma", "ACME"]
INSTANTS = [START + timedelta(minutes=minutes) for minutes in (0, 30, 60, 61, 120, 240)]


@st.composite
def queue_items(draw, account_ids=st.integers(1, 12)):
    account_id = draw(account_ids)
    account = AccountFacts(
        account_id, draw(st.sampled_from(NAMES)), draw(st.sampled_from([0.0, 0.1, 1234.56, 50_000.0, 900_000.0])),
        industry=draw(st.sampled_from([None, "Retail", "Banking"])), owner=draw(st.sampled_from([None, "Dana", "Sam"])),
        health=draw(st.sampled_from([None, Health.GREEN, Health.RED])),
        champion_strength=draw(st.sampled_from([None, "strong", "weak"])))
    impact = ImpactFacts(draw(st.sampled_from(ImpactLevel)),
                         tier_override=draw(st.sampled_from([None, None, None, Tier.STABLE, Tier.NOT_AFFECTED])),
                         override_reason="asked")
    contacted = draw(st.sampled_from([None, START + timedelta(minutes=5)]))
    promised = draw(st.lists(st.sampled_from(INSTANTS), max_size=2))
    return build_queue([account], {account_id: impact}, {account_id: contacted} if contacted else {},
                       {account_id: promised}, CRISIS, TODAY, 100_000, include_not_affected=True)[0]


changes = st.tuples(st.lists(queue_items(), max_size=4), st.lists(st.integers(1, 12), max_size=2))


def assert_same(queue: QueueIndex, items: dict[int, object], on_screen=None) -> None:
    fresh = QueueIndex(items.values(), by_matrix=queue.by_matrix)
    assert queue.ordered == fresh.ordered and len(queue) == len(fresh)
    assert queue.arr_by_tier == fresh.arr_by_tier
    for now in INSTANTS:
        assert queue.counts(now, timedelta(minutes=15)) == fresh.counts(now, timedelta(minutes=15))
        assert queue.overdue(now) == fresh.overdue(now)
        assert queue.passed_between(INSTANTS[0], now) == fresh.passed_between(INSTANTS[0], now)
    if on_screen is not None:  # the live rows a view kept across the changes
        rows, filter_text, show = on_screen
        expected = list(fresh.rows(filter_text, show))
        assert list(rows) == expected and len(rows) == len(expected)
        assert [rows[position] for position in range(len(rows))] == expected
        for start in range(len(expected) + 1):
            assert rows[start:start + 3] == expected[start:start + 3] and rows[start:] == expected[start:]
        for account_id in items:
            item = items[account_id]
            assert rows.position_of(account_id) == (expected.index(item) if item in expected else None)
        for tier in Tier:
            heading = next((n for n, row in enumerate(expected) if isinstance(row, Heading) and row.tier is tier), None)
            assert rows.heading_position(tier) == heading
    for filter_text in FILTERS:
        for show in (False, True):
            assert list(queue.rows(filter_text, show)) == list(fresh.rows(filter_text, show))


@settings(max_examples=150, deadline=None)
@given(st.lists(queue_items(), max_size=12), st.lists(st.tuples(changes, st.sampled_from(FILTERS), st.booleans())),
       st.booleans())
def test_any_replaces_and_removals_leave_what_a_fresh_build_gives(start, steps, by_matrix):
    items = {item.account.id: item for item in start}
    queue = QueueIndex(start, by_matrix=by_matrix)
    for (fresh_items, removed), filter_text, show in steps:
        rows = queue.rows(filter_text, show)  # patched in place by replace, as the console keeps it
        assert list(rows) == list(QueueIndex(items.values(), by_matrix=by_matrix).rows(filter_text, show))
        queue.replace(fresh_items, removed=removed)
        for account_id in removed:
            items.pop(account_id, None)
        items.update((item.account.id, item) for item in fresh_items)
        assert_same(queue, items, on_screen=(rows, filter_text, show))


@settings(max_examples=50, deadline=None)
@given(st.lists(queue_items(), max_size=12), changes)
def test_a_narrowed_filter_follows_changes_made_before_it(start, change):
    queue = QueueIndex(start)
    queue.rows("a")
    queue.replace(change[0], removed=change[1])
    narrowed = queue.rows("ac")  # narrows the patched matches of "a", not a stale copy
    fresh = {item.account.id: item for item in start}
    for account_id in change[1]:
        fresh.pop(account_id, None)
    fresh.update((item.account.id, item) for item in change[0])
    assert list(narrowed) == list(QueueIndex(fresh.values()).rows("ac"))


# --- the console's queue view over the live rows ----------------------------------------------

async def test_a_change_to_one_account_repaints_its_line_only_and_keeps_the_cursor():
    from textual.app import App, ComposeResult

    from warroom.theming import SEMANTIC_DEFAULTS
    from warroom.widgets.queue_view import QueueView

    class Host(App):
        def get_theme_variable_defaults(self) -> dict[str, str]:
            return dict(SEMANTIC_DEFAULTS)

        def compose(self) -> ComposeResult:
            yield QueueView()

    queue = index()
    app = Host()
    async with app.run_test(size=(120, 12)) as pilot:
        view = app.query_one(QueueView)
        view.now = START
        view.set_rows(queue.rows())
        await pilot.press("j")  # the cursor on the second account
        cursor, top = view.current, view.scroll_y
        painted: list[int] = []
        render_line = view.render_line
        view.render_line = lambda y: painted.append(y) or render_line(y)
        gamma = queue.get(3)  # contacted now: a fresher item, same place in the order
        fresher = build_queue([gamma.account], {3: ImpactFacts(ImpactLevel.MINIMAL)}, {3: START},
                              {3: [gamma.deadline.due]}, CRISIS, TODAY, 100_000)[0]
        queue.replace([fresher])
        view.set_rows(queue.rows())
        await pilot.pause()
        assert painted == [[*queue.rows()].index(fresher)]
        assert view.current is cursor and view.scroll_y == top
