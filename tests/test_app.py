"""The war-room screen driven by keys through Textual's Pilot, with a frozen clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.__main__ import make_app
from warroom.config import Config, ConfigError
from warroom.domain.clock import FrozenClock
from warroom.domain.queue import QueueItem
from warroom.domain.queue_index import Heading
from warroom.domain.vocabulary import EntryKind, Tier
from warroom.store.database import open_database
from warroom.store.log import append_entry

from tests.conftest import NOW

CONFIG = Config(author="Tester", timezone="Europe/London")


def build(path, clock=None, config=CONFIG):
    return make_app(path, clock=clock or FrozenClock(NOW), config=config, ticking=False)


async def loaded(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.main


async def pressed(pilot, *keys: str):
    """Press `keys`, let the workers they start finish; the screen on top then."""
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.screen


def names(screen) -> list[str]:
    return [row.account.name for row in screen.queue.rows if isinstance(row, QueueItem)]


def visible_text(queue) -> str:
    return "\n".join(queue.render_line(y).text for y in range(queue.size.height))


async def test_queue_groups_tiers_with_headings_and_starts_on_the_most_urgent(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        headings = [row for row in screen.queue.rows if isinstance(row, Heading)]
        assert [h.tier for h in headings] == [Tier.CRITICAL, Tier.STANDARD, Tier.STABLE]
        assert all(h.count > 0 for h in headings)
        current = screen.queue.current
        assert current.deadline.state(NOW).value == "overdue"
        text = visible_text(screen.queue)
        assert "▌CRITICAL" in text and "✖" in text and "!" in text
        assert "\x1b" not in text


async def test_moving_with_j_k_arrows_home_end(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        order = names(screen)
        await pilot.press("j", "j", "down")
        assert screen.queue.current.account.name == order[3]
        await pilot.press("k", "up")
        assert screen.queue.current.account.name == order[1]
        await pilot.press("G")
        assert screen.queue.current.account.name == order[-1]
        await pilot.press("g")
        assert screen.queue.current.account.name == order[0]
        await pilot.press("pagedown")
        assert names(screen).index(screen.queue.current.account.name) > 20


async def test_detail_follows_the_cursor(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        await pilot.press("j")
        await pilot.pause()
        detail = screen.query_one("#detail")
        assert detail.item.account.name == screen.queue.current.account.name
        contacts = str(detail.query_one("#detail-contacts").render())
        assert "(executive)" in contacts or "(technical)" in contacts
        assert "Critical because" in str(detail.query_one("#detail-why").render())


async def test_filter_as_you_type_then_escape_clears(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        everyone = len(names(screen))
        await pilot.press("slash", *"orchid")
        await pilot.pause()
        assert names(screen) and all("orchid" in name.casefold() for name in names(screen))
        await pilot.press("enter")
        assert screen.queue.has_focus and screen.filter_text == "orchid"
        await pilot.press("slash", "escape")
        assert len(names(screen)) == everyone and screen.filter_text == ""


async def test_filter_matches_owner_industry_and_reasons(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        await pilot.press("slash", *"exec escalation")
        await pilot.pause()
        rows = [r for r in screen.queue.rows if isinstance(r, QueueItem)]
        assert rows and all("exec escalation" in r.triage.short_reasons for r in rows)
        await pilot.press("escape", "slash", *"mei chen")
        await pilot.pause()
        assert {r.account.owner for r in screen.queue.rows if isinstance(r, QueueItem)} == {"Mei Chen"}


async def test_digits_jump_to_tiers(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        await pilot.press("3")
        assert screen.queue.current.tier is Tier.STABLE
        await pilot.press("2")
        assert screen.queue.current.tier is Tier.STANDARD
        await pilot.press("1")
        assert screen.queue.current.tier is Tier.CRITICAL


async def test_not_affected_toggle_and_matrix_order(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        assert not any(isinstance(r, Heading) and r.tier is Tier.NOT_AFFECTED for r in screen.queue.rows)
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(isinstance(r, Heading) and r.tier is Tier.NOT_AFFECTED for r in screen.queue.rows)
        await pilot.press("a", "s")
        critical = [r for r in screen.queue.rows if isinstance(r, QueueItem) and r.tier is Tier.CRITICAL]
        scores = [r.score for r in critical]
        assert scores == sorted(scores, reverse=True)
        await pilot.press("s")
        dues = [r.deadline.due for r in screen.queue.rows if isinstance(r, QueueItem)
                and r.tier is Tier.CRITICAL and r.deadline]
        assert dues == sorted(dues)


async def test_impact_key_sets_the_level(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        await pilot.press("3")
        account_id = screen.queue.current.account.id
        await pilot.press("i", "4")
        await pilot.pause()
        row = next(app.db.query("SELECT level, set_by FROM impacts WHERE crisis_id = ? AND account_id = ?",
                                [screen.crisis.id, account_id]))
        assert row == {"level": "business_critical", "set_by": "Tester"}
        item = screen.index.get(account_id)
        assert item.tier is Tier.CRITICAL and "business-critical" in item.triage.short_reasons


async def test_override_asks_a_reason_and_logs_a_decision(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        account_id = screen.queue.current.account.id
        await pilot.press("o", "3", "enter")  # no reason yet: refused, the prompt stays
        await pilot.pause()
        assert "Say why" in str(app.screen.query_one("#prompt-error").render())
        await pilot.press(*"asked for email only", "enter")
        await pilot.pause()
        assert screen.index.get(account_id).tier is Tier.STABLE
        entry = next(app.db.query("SELECT kind, text, author FROM log_entries ORDER BY id DESC LIMIT 1"))
        assert entry == {"kind": "tier_override", "text": "Tier set to Stable: asked for email only",
                         "author": "Tester"}
        assert screen.queue.current.account.id == account_id  # the cursor followed the account


async def test_escape_cancels_a_prompt_without_writing(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        before = next(app.db.query("SELECT COUNT(*) n FROM log_entries"))["n"]
        await pilot.press("o", "1", *"typo", "escape")
        await pilot.pause()
        assert next(app.db.query("SELECT COUNT(*) n FROM log_entries"))["n"] == before


async def test_a_passing_deadline_rings_once_and_notifies_once(sample_copy):
    clock = FrozenClock(NOW)
    app = build(sample_copy, clock)
    bells, notes = [], []
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        app.bell = lambda: bells.append(clock())
        app.notify = lambda message, **kw: notes.append(message)
        soon = min((r for r in screen.index.ordered if r.deadline and r.deadline.due > NOW),
                   key=lambda r: r.deadline.due)
        app.tick()
        while clock() <= soon.deadline.due + timedelta(seconds=3):
            clock.advance(timedelta(seconds=1))
            app.tick()
        assert len(bells) == 1 and len(notes) == 1
        assert soon.account.name[:10] in notes[0] or "Deadline passed" in notes[0]
        overdue_before = screen.index.counts(NOW, app.due_soon).overdue
        assert screen.index.counts(clock(), app.due_soon).overdue > overdue_before


async def test_snooze_logs_a_reason_and_silences_reminders(sample_copy):
    clock = FrozenClock(NOW)
    app = build(sample_copy, clock)
    notes = []
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        overdue = screen.index.overdue(NOW)
        snoozed = screen.queue.current.account
        assert [item.account.id for item in overdue] == [snoozed.id]
        await pilot.press("z", *"customer asked to wait for the RCA", "enter")
        await pilot.pause()
        entry = next(app.db.query("SELECT kind, text FROM log_entries ORDER BY id DESC LIMIT 1"))
        assert entry["kind"] == EntryKind.SNOOZE.value and "customer asked to wait" in entry["text"]
        app.notify = lambda message, **kw: notes.append(message)
        app.tick()
        for _ in range(2):  # 22 minutes: still inside the 30-minute snooze
            clock.advance(timedelta(minutes=11))
            app.tick()
        assert notes, "other deadlines passed meanwhile and must still ring"
        assert not any(snoozed.name in note for note in notes)


async def test_reminder_rings_while_something_stays_overdue(sample_copy):
    clock = FrozenClock(NOW)
    app = build(sample_copy, clock)
    bells = []
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        app.bell = lambda: bells.append(clock())
        app.tick()
        clock.advance(timedelta(minutes=11))
        app.tick()
        assert len(bells) >= 1


async def test_another_session_entry_appears_on_the_next_tick(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        target = screen.queue.current
        assert target.deadline.state(NOW).value == "overdue"
        other = open_database(sample_copy)
        append_entry(other, crisis_id=screen.crisis.id, account_id=target.account.id, kind=EntryKind.CALL,
                     text="spoke to them from another terminal", author="Other", at=NOW, now=NOW,
                     next_update_due=NOW + timedelta(hours=1))
        other.close()
        app.tick()
        await pilot.pause()
        updated = screen.index.get(target.account.id)
        assert updated.deadline.due == NOW + timedelta(hours=1)
        assert screen.queue.current.account.id == target.account.id  # the cursor stayed
        entries = screen.query_one("#detail").detail.entries
        assert entries[-1].text == "spoke to them from another terminal" or any(
            e.text == "spoke to them from another terminal" for e in entries)


async def test_warroom_log_subprocess_shows_up_within_a_tick(sample_copy):
    import subprocess
    import sys

    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        target = screen.queue.current
        subprocess.run([sys.executable, "-m", "warroom", "--db", str(sample_copy), "log", f"#{target.account.id}",
                        "email sent the update"], check=True, capture_output=True)
        app.tick()
        await pilot.pause()
        assert screen.index.get(target.account.id).first_contact_at is not None
        assert any(e.text == "sent the update" for e in screen.query_one("#detail").detail.entries)


async def test_help_is_generated_from_bindings_and_shows_remapped_keys(sample_copy):
    config = Config(author="Tester", timezone="Europe/London", keys={"queue.down": "n"})
    app = build(sample_copy, config=config)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        order = names(screen)
        await pilot.press("n")
        assert screen.queue.current.account.name == order[1]
        await pilot.press("question_mark")
        await pilot.pause()
        lines = app.screen.lines
        down = next(line for line in lines if line[4] == "queue.down")
        assert down[1] == "n"
        assert {line[4] for line in lines} >= {"queue.filter", "account.impact", "account.override", "alarm.snooze",
                                               "queue.critical", "app.quit"}


def test_unknown_binding_id_is_one_sentence(sample_copy):
    with pytest.raises(ConfigError, match="unknown binding 'queue.teleport'"):
        build(sample_copy, config=Config(keys={"queue.teleport": "t"}))


async def test_palette_offers_every_action_namespaced(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in ("queue: Jump to the Critical tier", "account: Put the account in a tier, with a reason",
                         "alarm: Silence the account's overdue alarm, with a reason", "theme: warroom-light",
                         "crisis: Switch to another crisis"):
            assert expected in titles
        assert any(title.startswith("crisis: switch to #") for title in titles)


async def test_crisis_picker_switches(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        live = screen.crisis.id
        await pilot.press("x")
        await pilot.pause()
        choices = app.screen.choices
        other = next(n for n, (_, crisis_id) in enumerate(choices, start=1) if crisis_id != live)
        await pilot.press(str(other))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.crisis.id != live and screen.crisis.resolved_at is not None


async def test_theme_choice_is_saved_and_restored(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        assert app.theme == "warroom-dark"
        app.theme = "warroom-light"
        await pilot.pause()
    again = build(sample_copy)
    async with again.run_test(size=(160, 48)) as pilot:
        await loaded(again, pilot)
        assert again.theme == "warroom-light"


async def test_a_broken_user_theme_is_reported_once_and_skipped(sample_copy):
    from warroom import locations

    folder = locations.user_themes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken.toml").write_text('name = "broken"\nprimary = "not-a-colour"\n')
    (folder / "garbage.toml").write_text("[[[")
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        assert len(app.theme_problems) == 2
        assert all("using the default theme" in problem for problem in app.theme_problems)
        assert "broken" not in app.available_themes and app.theme == "warroom-dark"


async def test_no_crisis_says_how_to_start(db_path):
    open_database(db_path).close()
    app = build(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await loaded(app, pilot)
        assert "warroom crisis new" in visible_text(screen.queue)
        assert "No crisis is open" in str(screen.query_one("#header").render())


async def test_narrow_terminal_collapses_the_detail_and_enter_opens_it(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(app, pilot)
        detail = screen.query_one("#detail")
        assert screen.has_class("-narrow") and not detail.display
        assert max(len(screen.queue.render_line(y).text) for y in range(screen.queue.size.height)) <= 80
        await pilot.press("enter")
        assert detail.display
        await pilot.press("escape")
        assert not detail.display and screen.queue.has_focus
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert not screen.has_class("-narrow") and detail.display
        await pilot.resize_terminal(60, 15)
        await pilot.pause()
        await pilot.press("j", "k")
        assert app.is_running


async def test_header_counts_and_arr(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        app.tick()
        header = str(screen.query_one("#header").render())
        counts = screen.index.counts(NOW, app.due_soon)
        assert f"overdue ✖ {counts.overdue}" in header and f"! {counts.due_soon}" in header
        assert f"not contacted {counts.not_contacted}" in header
        assert "L1" in header and "identified" in header and "sync in" in header and "started 25m ago" in header


async def test_the_config_theme_wins_and_palette_picks_are_not_remembered(sample_copy):
    from dataclasses import replace

    from warroom.theming import saved_theme

    before = saved_theme()
    app = build(sample_copy, config=replace(CONFIG, theme="warroom-light"))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(app, pilot)
        assert app.theme == "warroom-light"
        app.theme = "textual-dark"
        await pilot.pause()
    assert saved_theme() == before


async def test_an_unknown_config_theme_is_reported_once(sample_copy):
    from dataclasses import replace

    app = build(sample_copy, config=replace(CONFIG, theme="solarised"))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(app, pilot)
        assert app.theme == "warroom-dark"
        notes = [str(n.message) for n in app._notifications if "solarised" in str(n.message)]
        assert notes == ["The theme 'solarised' set in config.toml is not installed; using warroom-dark."]
