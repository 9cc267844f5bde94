"""The composer from the queue: contact, template, draft, copy, logged, promise counting."""

from __future__ import annotations

from datetime import timedelta

from warroom.domain.vocabulary import CrisisKind, ImpactLevel, Severity
from warroom.store.crises import create_crisis, get_crisis
from warroom.store.database import open_database
from warroom.store.impacts import set_impact
from warroom.store.tasks import find_task, legal_review_pending, tick_task

from tests.conftest import NOW
from tests.test_app import build, loaded, pressed


async def open_composer(pilot):
    """`c` on the queue, then wait for the draft to render in its worker; returns the screen."""
    return await pressed(pilot, "c")


async def test_one_key_to_the_suggested_draft_then_copy_logs_it_and_promises_the_next_update(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        account = screen.queue.current.account
        await open_composer(pilot)
        composer = app.screen
        assert type(composer).__name__ == "ComposerScreen"
        assert composer.template.key == "executive-update"  # a Critical account: its executive first
        body = composer.query_one("#draft-body")
        body.insert("\nP.S. edited by hand")
        await pilot.press("ctrl+y")
        await pilot.pause()
        await pilot.press("2")  # csm.phone is not configured: confirm copying anyway
        await pilot.pause()
        assert app.screen is screen
        entry = next(app.db.query("SELECT id, text, contact_id FROM log_entries WHERE kind = 'draft_copied'"))
        assert "Subject: " in entry["text"] and "P.S. edited by hand" in entry["text"]
        assert entry["contact_id"] is not None
        promise = next(app.db.query("SELECT due_at, state FROM commitments WHERE source_entry_id = ?", [entry["id"]]))
        assert promise["state"] == "open" and promise["due_at"] == "2026-03-10T17:00:00Z"
        assert screen.index.get(account.id).deadline.due.strftime("%H:%M") == "17:00"
        assert composer.outcome.saved_to is not None and composer.outcome.saved_to.exists()


async def test_escape_closes_the_composer_without_logging(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        await open_composer(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert list(app.db.query("SELECT id FROM log_entries WHERE kind = 'draft_copied'")) == []


def test_legal_review_hook(db):
    db.table("accounts").insert({"id": 1, "name": "A", "created_at": "x", "updated_at": "x"})
    security = create_crisis(db, title="Breach", kind=CrisisKind.SECURITY, severity=Severity.L1,
                             started_at=NOW - timedelta(hours=1), now=NOW)
    outage = create_crisis(db, title="Down", kind=CrisisKind.OUTAGE, severity=Severity.L2,
                           started_at=NOW - timedelta(hours=1), now=NOW)
    assert legal_review_pending(db, security) and not legal_review_pending(db, outage)
    tick_task(db, find_task(db, security.id, 'legal').id, done=True, by='t', now=NOW)
    assert not legal_review_pending(db, get_crisis(db, security.id))


async def test_security_crisis_copy_warns_that_legal_must_review(sample_copy):
    db = open_database(sample_copy)
    crisis = create_crisis(db, title="Token leak", kind=CrisisKind.SECURITY, severity=Severity.L1,
                           started_at=NOW - timedelta(minutes=10), now=NOW)
    set_impact(db, crisis_id=crisis.id, account_id=1, level=ImpactLevel.BUSINESS_CRITICAL, by="t", now=NOW)
    db.close()
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        assert screen.crisis.id == crisis.id
        await open_composer(pilot)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "Legal has not reviewed" in str(app.screen.query_one("#prompt-title").render())
        await pilot.press("1")  # no, keep editing
        await pilot.pause()
        assert list(app.db.query("SELECT id FROM log_entries WHERE kind = 'draft_copied'")) == []


async def test_a_tier_run_takes_one_copy_key_per_account(sample_copy):
    from warroom.domain.queue import QueueItem

    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        await pilot.press("3")  # Stable: a short tier
        stable = [r for r in screen.queue.rows if isinstance(r, QueueItem) and r.tier.value == "stable"]
        await pilot.press("C")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in stable:
            assert type(app.screen).__name__ == "ComposerScreen"
            await pilot.press("ctrl+y")
            await pilot.pause()
            if type(app.screen).__name__ == "Prompt":  # missing facts: confirm
                await pilot.press("2")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.screen is screen
        copied = {row["account_id"] for row in app.db.query("SELECT account_id FROM log_entries "
                                                             "WHERE kind = 'draft_copied'")}
        assert copied == {item.account.id for item in stable}


async def test_a_hung_clipboard_tool_leaves_the_console_responsive(sample_copy, monkeypatch):
    import time as clock_module

    import pyperclip

    monkeypatch.setattr(pyperclip, "copy", lambda text: clock_module.sleep(5))
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        await open_composer(pilot)
        composer = app.screen
        await pilot.press("ctrl+b", "2")
        # The keys were handled while the copy still waits in its thread (had the UI waited,
        # the copy would be over and its outcome known by now): no clock needed to tell.
        assert composer.outcome is None
        assert "Copying" in str(composer.query_one("#draft-missing").render())
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert composer.outcome is not None and composer.outcome.method in ("osc52", "file")


async def test_changing_the_next_update_time_rerenders_the_draft_and_the_promise(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        await open_composer(pilot)
        composer = app.screen
        field = composer.query_one("#draft-next")
        assert field.value == "17:00"
        field.value = "25:00"
        await pilot.pause()
        assert "not a time of day" in str(composer.query_one("#draft-missing").render())
        field.value = "tomorrow 9am"
        await app.workers.wait_for_complete()
        await pilot.pause()
        body = composer.query_one("#draft-body").text
        assert "20:00 AEDT" in body  # tomorrow 9am London, in the contact's zone (Sydney)
        await pilot.press("ctrl+y", "2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        entry = next(app.db.query("SELECT id FROM log_entries WHERE kind = 'draft_copied'"))
        promise = next(app.db.query("SELECT due_at FROM commitments WHERE source_entry_id = ?", [entry["id"]]))
        assert promise["due_at"] == "2026-03-11T09:00:00Z"


async def test_a_hand_edited_draft_is_not_overwritten_by_a_new_time(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        await open_composer(pilot)
        composer = app.screen
        composer.query_one("#draft-body").insert("My own words. ")
        composer.query_one("#draft-next").value = "in 3h"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert composer.query_one("#draft-body").text.startswith("My own words. ")
        assert "edited by hand" in str(composer.query_one("#draft-missing").render())
        assert composer.promise_due.strftime("%H:%M") == "18:00"


async def test_a_broken_user_template_is_a_sentence_not_a_crash(sample_copy):
    from warroom import locations

    folder = locations.config_dir() / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "zz-broken.j2").write_text('+++\nname = "A broken one"\nsubject = "x"\n+++\n{{ "x" * 100000000 }}\n')
    app = build(sample_copy)
    notes = []
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        app.notify = lambda message, **kw: notes.append(message)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+o", "enter")  # another contact/template: same contact, then the list
        await pilot.pause()
        index = next(n for n, (_, t) in enumerate(app.screen.choices, start=1) if t.key == "zz-broken")
        await pilot.press(str(index))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen and app.is_running
        assert any("zz-broken.j2" in note and "not allowed" in note for note in notes)
