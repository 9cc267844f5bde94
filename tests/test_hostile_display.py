"""A corpus of hostile strings pushed through every widget of the war-room screen: shown
literally (control characters removed), never crashing, never an action, never an escape."""

from __future__ import annotations

from datetime import timedelta

from warroom.__main__ import make_app
from warroom.config import Config
from warroom.domain.clock import FrozenClock
from warroom.domain.vocabulary import CrisisKind, EntryKind, ImpactLevel, Severity
from warroom.store.crises import create_crisis
from warroom.store.database import open_database
from warroom.store.impacts import override_tier, set_impact
from warroom.store.log import append_entry

from tests.conftest import NOW

CORPUS = [
    "[bold]Bold[/] Inc",
    "[/]",
    "[@click=app.quit]Click me[/]",
    "[link=https://evil.example]Link[/link] Ltd",
    "Evil\x1b[31m Red\x1b[0m Corp",
    "OSC\x1b]52;c;ZXZpbA==\x07 Clipboard",
    "Null\x00Byte",
    "שלום Right-to-left בע\"מ",
    "\u202eReversed override",
    "W" * 10_000,
]


def hostile_db(path, corpus=CORPUS):
    """Account n and its contact carry corpus[n-1] in every text field, with an impact and a
    call logged by that name; the crisis title is hostile too."""
    db = open_database(path)
    start = NOW - timedelta(minutes=20)
    for n, name in enumerate(corpus, start=1):
        db.table("accounts").insert({"id": n, "name": name, "industry": name, "owner": name, "arr": 1000.0 * n,
                                     "notes": name, "created_at": "x", "updated_at": "x"})
        db.table("contacts").insert({"account_id": n, "name": name, "title": name, "email": name, "phone": name,
                                     "timezone": name, "created_at": "x"})
    crisis = create_crisis(db, title="[@click=app.quit]Outage\x1b[2J", kind=CrisisKind.SECURITY,
                           severity=Severity.L1, started_at=start, now=start)
    for n, name in enumerate(corpus, start=1):
        set_impact(db, crisis_id=crisis.id, account_id=n, level=ImpactLevel.AFFECTED, by=name, now=start)
        append_entry(db, crisis_id=crisis.id, account_id=n, kind=EntryKind.CALL, text=name, author=name,
                     at=start + timedelta(minutes=1), now=NOW, next_update_due=NOW + timedelta(minutes=n))
    override_tier(db, crisis_id=crisis.id, account_id=1, tier=None, reason="[red]x[/red]\x1b[5m", by="t", now=NOW)
    db.close()


def rendered(widget) -> str:
    return str(widget.render())


async def test_every_widget_shows_hostile_text_literally(tmp_path):
    path = tmp_path / "hostile.db"
    hostile_db(path)
    app = make_app(path, clock=FrozenClock(NOW), config=Config(author="t", timezone="UTC"), ticking=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.main
        app.tick()
        texts = [rendered(screen.query_one("#header"))]
        for index in range(len(CORPUS)):
            screen.queue._move_to(screen.queue._nearest_item(index + 1))
            await pilot.pause()
            texts += [screen.queue.render_line(y).text for y in range(screen.queue.size.height)]
            detail = screen.query_one("#detail")
            texts += [rendered(static) for static in detail.query("Static")]
        log = screen.log_view
        texts += [log.render_line(y).text for y in range(log.size.height)]
        assert log.total >= len(CORPUS)
        await pilot.press("l", *"call [/] [@click=app.quit]x[/]")
        await pilot.pause()
        texts.append(rendered(screen.query_one("#entry-preview")))
        await pilot.press("enter")
        await pilot.pause()
        stored = next(app.db.query("SELECT text FROM log_entries WHERE kind = 'call' ORDER BY id DESC LIMIT 1"))
        assert stored["text"] == "[/] [@click=app.quit]x[/]"  # stored exactly as typed
        texts += [log.render_line(y).text for y in range(log.size.height)]
        await pilot.press("i")
        await pilot.pause()
        texts.append(rendered(app.screen.query_one("#prompt-title")))
        await pilot.press("escape", "x")
        await pilot.pause()
        everything = "\n".join(texts)
        assert "\x1b" not in everything and "\x00" not in everything and "\x07" not in everything
        assert "\u202e" not in everything
        assert "[@click=app.quit]Click me[/]" in everything
        assert "[link=https://evil.example]Link[/link] Ltd" in everything
        assert "[bold]Bold[/] Inc" in everything
        assert "Evil Red Corp" in everything
        assert "[/] [@click=app.quit]x[/]" in everything
        assert "שלום" in everything
        # Clicking the row that carries the fake action selects it; nothing quits.
        await pilot.press("escape")
        await pilot.click("#queue", offset=(30, 3))
        await pilot.pause()
        assert app.is_running
        from textual.content import Content

        # The palette parses command titles as markup; ours must come out literally.
        shown = [Content.from_markup(command.title).plain for command in app.get_system_commands(app.screen)]
        assert any("[@click=app.quit]Outage" in title for title in shown)
        assert all("\x1b" not in title for title in shown)
