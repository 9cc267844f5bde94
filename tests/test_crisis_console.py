"""The crisis lifecycle by keyboard in the console: open a crisis, post engineering's status,
mark accounts in bulk, tick the checklist, hold the sync, resolve."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, OptionList, TextArea

from warroom.domain.clock import FrozenClock
from warroom.screens.form import FormScreen
from warroom.screens.sync_view import SyncView
from warroom.screens.tasks_view import TasksView
from warroom.store.crises import get_crisis
from warroom.store.status import latest_status
from warroom.widgets.crisis_header import CrisisHeader

from tests.conftest import NOW
from tests.test_app import build, loaded


def header_text(app) -> str:
    return str(app.main.query_one(CrisisHeader).render())


async def test_open_a_crisis_by_form_with_a_bad_cadence_first(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        await pilot.press("N")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press(*"Billing [b]double[/b] charge")
        form.query_one("#field-customer_update_min", Input).value = "-5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # the words stay, the sentence shows
        assert "Customer updates: -5 minutes is not a cadence" in str(form.query_one("#form-error").render())
        form.query_one("#field-customer_update_min", Input).value = "30"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        crisis = app.main.crisis
        assert crisis.title == "Billing [b]double[/b] charge"
        assert crisis.cadence.customer_update == timedelta(minutes=30)
        assert isinstance(app.screen, TasksView)  # the new crisis's checklist shows at once
        await pilot.press("escape")
        await pilot.pause()
        assert "no engineering status yet" in header_text(app)


async def test_status_form_feeds_the_header_age(sample_copy):
    clock = FrozenClock(NOW)
    app = build(sample_copy, clock=clock)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        await pilot.press("S")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#field-scope", Input).value == "EU region, write API"  # carried from the last
        form.query_one("#field-summary", Input).value = "Rollback finished"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert latest_status(app.db, screen.crisis.id).summary == "Rollback finished"
        clock.advance(timedelta(minutes=47))
        screen.tick(clock())
        await pilot.pause()
        assert "status 47 min old" in header_text(app)


async def test_bulk_mark_previews_then_applies(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        crisis_id = screen.crisis.id
        before = app.db.execute("SELECT COUNT(*) FROM impacts WHERE crisis_id = ? AND level != 'not_affected'",
                                [crisis_id]).fetchone()[0]
        await pilot.press("m")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-paste", TextArea).text = "1\n2\nno such account"
        await pilot.pause()
        preview = str(form.query_one("#form-preview").render())
        assert "will be marked affected" in preview and "1 not found (left out): 'no such account'" in preview
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        after = app.db.execute("SELECT COUNT(*) FROM impacts WHERE crisis_id = ? AND level != 'not_affected'",
                               [crisis_id]).fetchone()[0]
        assert after >= before and app.db.execute(
            "SELECT COUNT(*) FROM log_entries WHERE kind = 'decision' AND text LIKE 'Marked 2 accounts%'"
        ).fetchone()[0] == 1


async def test_tasks_tick_by_space_and_the_sync_restarts_the_timer(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TasksView)
        await pilot.press("space")
        await pilot.pause()
        ticked = app.db.execute("SELECT text FROM log_entries WHERE kind = 'task' AND crisis_id = ?",
                                [screen.crisis.id]).fetchall()
        assert len(ticked) == 1 and ticked[0][0].startswith("Done: Customers told")
        await pilot.press("escape")
        await pilot.pause()
        assert "SYNC OVERDUE" not in header_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SyncView)
        assert "Accounts by tier" in app.screen.query_one(TextArea).text
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.db.execute("SELECT COUNT(*) FROM log_entries WHERE kind = 'sync'").fetchone()[0] == 1
        assert screen.last_sync == NOW and "sync in 4h00m" in header_text(app)


async def test_resolve_asks_then_plans_the_recovery(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        crisis_id = screen.crisis.id
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen.query_one(OptionList), OptionList)
        await pilot.press("2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert get_crisis(app.db, crisis_id).resolved_at == NOW
        assert screen.crisis.id == crisis_id and "in recovery" in header_text(app)
        recovery = app.db.execute("SELECT COUNT(*) FROM tasks WHERE crisis_id = ? AND phase != 'checklist'",
                                  [crisis_id]).fetchone()[0]
        assert recovery > 10


async def test_the_detail_suggests_compensation_and_flags_approval(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        item = screen.queue.current
        why = str(screen.detail.query_one("#detail-why").render())
        credit = item.account.arr * 30 / 365  # the sample crisis is L1: a 30-day credit
        assert "Suggested compensation: 30-day credit" in why
        assert ("needs approval" in why) == (credit > app.config.credit_authority)


async def test_hostile_names_in_recovery_tasks_stay_text(sample_copy):
    from warroom.store.sample import HOSTILE_NAMES

    app = build(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("R", "2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        listed = [str(option.prompt) for option in app.screen.query_one(OptionList).options]
        assert sum("Closure message to" in line for line in listed) == 25  # the rest are counted
        assert any("more account tasks" in line for line in listed)
        await pilot.press("slash", *"closure")  # find shows every match
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        shown = "\n".join(str(options.get_option_at_index(n).prompt) for n in range(options.option_count))
        assert any(f"Closure message to {name}" in shown for name in HOSTILE_NAMES)
        assert app.is_running
