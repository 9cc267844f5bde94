"""Logging from the console: the quick-entry line, its preview, and the crisis log pane."""

from __future__ import annotations

from warroom.domain.queue import QueueItem
from warroom.domain.vocabulary import EntryKind
from warroom.store.database import open_database
from warroom.store.log import append_entry

from tests.conftest import NOW
from tests.test_app import build, loaded


async def test_one_key_the_words_and_enter_record_a_call_with_a_promise(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        target = screen.queue.current
        await pilot.press("l", *"call spoke to CTO next update 4pm", "enter")
        await loaded(app, pilot)  # the write runs in a worker
        entry = next(app.db.query(
            "SELECT * FROM log_entries WHERE kind = 'call' ORDER BY id DESC LIMIT 1"))
        assert (entry["account_id"], entry["text"], entry["author"]) == (target.account.id, "spoke to CTO", "Tester")
        promise = next(app.db.query("SELECT due_at, state FROM commitments WHERE source_entry_id = ?", [entry["id"]]))
        assert promise == {"due_at": "2026-03-10T16:00:00Z", "state": "open"}
        item = screen.index.get(target.account.id)
        assert item.deadline.due.strftime("%H:%M") == "16:00"  # the countdown switched to the promise
        assert not screen.query_one("#quick-entry").has_class("-open")
        lines = [screen.log_view.line_at(p) for p in range(screen.log_view.total)]
        assert any(line.id == entry["id"] for line in lines)


async def test_preview_shows_kind_account_contact_and_times(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        contact = next(app.db.query("SELECT name, timezone FROM contacts WHERE account_id = ? ORDER BY id LIMIT 1",
                                    [screen.queue.current.account.id]))
        first_name = contact["name"].split()[0]
        await pilot.press("l", *f"email sent the ack next in 45m to {first_name}")
        await pilot.pause()
        preview = str(app.screen.query_one("#entry-preview").render())
        assert "email" in preview and screen.queue.current.account.name in preview
        assert contact["name"] in preview and "15:45" in preview and "in 45m" in preview
        assert contact["timezone"] in preview


async def test_a_bad_time_is_an_inline_error_and_the_words_stay(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        before = next(app.db.query("SELECT COUNT(*) n FROM log_entries"))["n"]
        await pilot.press("l", *"call spoke to them next 25:00", "enter")
        await pilot.pause()
        entry = app.screen.query_one("#quick-entry")
        assert entry.has_class("-open") and entry.line.value == "call spoke to them next 25:00"
        assert "not a time of day" in str(entry.query_one("#entry-preview").render())
        assert next(app.db.query("SELECT COUNT(*) n FROM log_entries"))["n"] == before


async def test_escape_hides_the_line_and_keeps_the_draft(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        await pilot.press("l", *"call half typed", "escape")
        entry = screen.query_one("#quick-entry")
        assert not entry.has_class("-open") and screen.queue.has_focus
        await pilot.press("l")
        assert entry.line.value == "call half typed"


async def test_at_account_logs_for_another_account(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        await pilot.press("l", *'@"Blue Motors" email sent the update', "enter")
        await loaded(app, pilot)  # the write runs in a worker
        entry = next(app.db.query("SELECT e.text, a.name FROM log_entries e JOIN accounts a ON a.id = e.account_id "
                                  "WHERE e.kind = 'email' ORDER BY e.id DESC LIMIT 1"))
        assert entry == {"text": "sent the update", "name": "Blue Motors"}


async def test_log_pane_follows_new_entries_filters_and_pins(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        log = screen.log_view
        total = log.total
        other = open_database(sample_copy)
        append_entry(other, crisis_id=screen.crisis.id, account_id=None, kind=EntryKind.DECISION,
                     text="freeze all deploys", author="Lead", at=NOW, now=NOW)
        other.close()
        app.tick()
        await pilot.pause()
        assert log.total == total + 1 and log.line_at(log.total - 1).text == "freeze all deploys"
        assert log.scroll_y >= log.max_scroll_y - 1  # still following the newest
        await pilot.press("tab")
        assert log.has_focus
        await pilot.press("f")
        assert log.filter.account_id == screen.queue.current.account.id
        assert all(log.line_at(p).account == screen.queue.current.account.name for p in range(log.total))
        await pilot.press("f", "K")
        assert log.filter.kind == "call" and all(log.line_at(p).kind == "call" for p in range(log.total))
        await pilot.press("K", "K", "K", "K", "K", "K", "K")  # back to every kind
        newest = log.line_at(log.total - 1)
        await pilot.press("p")
        await pilot.pause()
        assert list(app.db.query("SELECT entry_id FROM pins")) == [{"entry_id": newest.id}]
        assert log.line_at(log.total - 1).pinned


async def test_amend_writes_a_new_entry_pointing_at_the_old(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        log = screen.log_view
        await pilot.press("tab", "k")
        original = log.current
        await pilot.press("e", *"note corrected: it was the CFO", "enter")
        await loaded(app, pilot)
        amended = next(app.db.query("SELECT * FROM log_entries ORDER BY id DESC LIMIT 1"))
        assert amended["amends_id"] == original.id and amended["text"] == "corrected: it was the CFO"
        assert next(app.db.query("SELECT text FROM log_entries WHERE id = ?", [original.id]))["text"] == original.text
        marked = next(line for p in range(log.total) if (line := log.line_at(p)).id == original.id)
        assert marked.amended


async def test_log_pane_hides_on_small_screens_and_toggles(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(app, pilot)
        assert screen.has_class("-no-log")
        await pilot.press("L")
        await pilot.pause()
        assert not screen.has_class("-no-log")
        log = screen.log_view
        assert log.max_scroll_y > 0 and log.scroll_y >= log.max_scroll_y - 1  # opened on the newest
        assert any(isinstance(r, QueueItem) for r in screen.queue.rows)


async def test_larger_editor_records_several_lines(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        await pilot.press("l", *"meeting debrief with their team", "ctrl+e")
        await pilot.pause()
        area = app.screen.query_one("#editor-text")
        area.insert("\nthey asked for the RCA by Friday\nnext tomorrow 10am")
        await pilot.press("ctrl+s")
        await loaded(app, pilot)  # the write runs in a worker
        entry = next(app.db.query("SELECT id, text, kind FROM log_entries WHERE kind = 'meeting' ORDER BY id DESC"))
        assert entry["text"] == "debrief with their team\nthey asked for the RCA by Friday"
        due = next(app.db.query("SELECT due_at FROM commitments WHERE source_entry_id = ?", [entry["id"]]))["due_at"]
        assert due == "2026-03-11T10:00:00Z"
        assert screen.queue.has_focus


async def test_search_within_the_log(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        await pilot.press("tab", "slash", *"workaround", "enter")
        await pilot.pause()
        log = screen.log_view
        assert log.total > 0 and all("workaround" in log.line_at(p).text.casefold() for p in range(log.total))
        await pilot.press("slash", "ctrl+u", "enter")  # empty: everything again
        await pilot.pause()
        assert log.filter.search is None
