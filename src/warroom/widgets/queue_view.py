"""The queue: a virtual list that renders only the lines on screen.

It reads the index's live rows (tier headings and accounts) and paints each visible line from
them, so 50,000 accounts cost what 40 do. When accounts change it keeps the cursor on the same
account at the same screen line and repaints only the lines that now show something else.
Countdowns are computed from absolute instants at paint time; the app moves `now` once a second.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from warroom.domain.deadlines import DEFAULT_DUE_SOON, CountdownState, DeadlineKind, format_countdown
from warroom.domain.queue import QueueItem
from warroom.domain.queue_index import Heading, QueueRows
from warroom.queue_report import format_money
from warroom.widgets.queue_columns import (
    ARR_WIDTH,
    COUNTDOWN_WIDTH,
    HEALTH_WIDTH,
    OWNER_WIDTH,
    RENEWAL_WIDTH,
    Layout,
    fit,
)

_NEVER_PAINTED = object()

STATE_CLASS = {
    CountdownState.OK: "queue--ok",
    CountdownState.DUE_SOON: "queue--due-soon",
    CountdownState.OVERDUE: "queue--overdue",
}


def column_titles(layout: Layout) -> str:
    """The column header line for a layout (same widths as the rows)."""
    line = "  " + fit("next deadline", COUNTDOWN_WIDTH) + " " + fit("account", layout.name) + " "
    line += fit("why this tier", layout.reasons) + " " + fit("ARR", ARR_WIDTH, right=True) + " "
    line += fit("renew", RENEWAL_WIDTH, right=True) + " " + fit("health", HEALTH_WIDTH)
    if layout.owner:
        line += " " + fit("owner", OWNER_WIDTH)
    return line


class QueueView(ScrollView, can_focus=True):
    """Tier headings and account rows with live countdowns; a cursor picks the account."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", id="queue.down", show=False, tooltip="Next account"),
        Binding("k,up", "cursor_up", "Up", id="queue.up", show=False, tooltip="Previous account"),
        Binding("pagedown,ctrl+d", "page_down", "Page down", id="queue.page_down", show=False,
                tooltip="One screen further"),
        Binding("pageup,ctrl+u", "page_up", "Page up", id="queue.page_up", show=False, tooltip="One screen back"),
        Binding("home,g", "first", "First", id="queue.first", show=False, tooltip="First account"),
        Binding("end,G", "last", "Last", id="queue.last", show=False, tooltip="Last account"),
    ]

    COMPONENT_CLASSES = {
        "queue--heading-critical",
        "queue--heading-standard",
        "queue--heading-stable",
        "queue--heading-not_affected",
        "queue--ok",
        "queue--due-soon",
        "queue--overdue",
        "queue--cursor",
        "queue--dim",
    }

    DEFAULT_CSS = """
    QueueView { overflow-x: hidden; background: $surface; }
    QueueView > .queue--heading-critical { color: $tier-critical; text-style: bold; }
    QueueView > .queue--heading-standard { color: $tier-standard; text-style: bold; }
    QueueView > .queue--heading-stable { color: $tier-stable; text-style: bold; }
    QueueView > .queue--heading-not_affected { color: $tier-not-affected; text-style: bold; }
    QueueView > .queue--ok { color: $countdown-ok; }
    QueueView > .queue--due-soon { color: $countdown-due-soon; text-style: bold; }
    QueueView > .queue--overdue { color: $countdown-overdue; text-style: bold reverse; }
    QueueView > .queue--cursor { background: $primary 35%; }
    QueueView:focus > .queue--cursor { background: $primary 60%; }
    QueueView > .queue--dim { color: $text-muted; }
    """

    class Highlighted(Message):
        """The cursor is on another account (or on none)."""

        def __init__(self, item: QueueItem | None) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows = QueueRows.empty()
        self.cursor = 0
        self._cursor_item: QueueItem | None = None  # the account under the cursor, for set_rows
        self._painted: dict[int, object] = {}  # screen line -> what it last showed (see _line_key)
        self.now = datetime.now(UTC)
        self.due_soon = DEFAULT_DUE_SOON
        self.empty_message = "Loading the queue…"
        self._line_cache: dict[tuple, Strip] = {}
        self._shown_countdowns: tuple[str, ...] = ()
        self._base_style: Style | None = None

    # --- data -----------------------------------------------------------------------------

    @property
    def current(self) -> QueueItem | None:
        if 0 <= self.cursor < len(self.rows):
            row = self.rows[self.cursor]
            return row if isinstance(row, QueueItem) else None
        return None

    def set_rows(self, rows: QueueRows) -> None:
        """Show new rows (or the same live rows after the index changed in place), keeping
        the cursor on the same account at the same screen line; only lines that now show
        another row are repainted."""
        previous = self._cursor_item
        screen_line = self.cursor - int(self.scroll_y)
        self.rows = rows
        size = Size(self.size.width, len(rows))
        if size != self.virtual_size:  # a new virtual size lays the screen out again: only on change
            self.virtual_size = size
        index = rows.position_of(previous.account.id) if previous is not None else None
        if index is None:
            index = min(self.cursor, len(rows) - 1)
        self._move_to(self._nearest_item(max(index, 0)), keep_line=screen_line)

    def tick(self, now: datetime) -> None:
        """Move the clock; repaint only when a countdown on screen shows a different text
        (they show minutes, so most ticks paint nothing)."""
        self.now = now
        top = int(self.scroll_y)
        shown = tuple(
            self._countdown(row)[0]
            for row in self.rows[top: top + self.size.height]
            if isinstance(row, QueueItem)
        )
        if shown != self._shown_countdowns:
            self._shown_countdowns = shown
            self.refresh()

    def _nearest_item(self, index: int, step: int = 1) -> int:
        """The closest account row at or after `index` (or before, at the end)."""
        if not self.rows:
            return 0
        index = min(max(index, 0), len(self.rows) - 1)
        for direction in (step, -step):
            probe = index
            while 0 <= probe < len(self.rows):
                if isinstance(self.rows[probe], QueueItem):
                    return probe
                probe += direction
        return index

    def _move_to(self, index: int, keep_line: int | None = None) -> None:
        before = self._cursor_item
        self.cursor = index
        height = max(self.scrollable_content_region.height, 1)
        if keep_line is not None and 0 <= keep_line < height:
            self.scroll_to(y=max(index - keep_line, 0), animate=False, immediate=True)
        elif index < self.scroll_y:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= self.scroll_y + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)
        self._repaint_changed()  # the old and new cursor lines (a scroll repaints them all anyway)
        after = self._cursor_item = self.current
        if (before.account.id if before else None) != (after.account.id if after else None):
            self.post_message(self.Highlighted(after))

    def jump_to_tier(self, tier) -> bool:
        """Put the cursor on the first account of `tier`; False when the tier is empty."""
        index = self.rows.heading_position(tier)
        if index is None:
            return False
        self._move_to(self._nearest_item(index + 1))
        self.scroll_to(y=index, animate=False, immediate=True)
        return True

    # --- actions --------------------------------------------------------------------------

    def _step(self, step: int) -> None:
        probe = self.cursor + step
        while 0 <= probe < len(self.rows) and not isinstance(self.rows[probe], QueueItem):
            probe += 1 if step > 0 else -1
        if 0 <= probe < len(self.rows):
            self._move_to(probe)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_page_down(self) -> None:
        target = min(self.cursor + max(self.scrollable_content_region.height - 1, 1), len(self.rows) - 1)
        self._move_to(self._nearest_item(target))

    def action_page_up(self) -> None:
        target = max(self.cursor - max(self.scrollable_content_region.height - 1, 1), 0)
        self._move_to(self._nearest_item(target, step=-1))

    def action_first(self) -> None:
        self._move_to(self._nearest_item(0))

    def action_last(self) -> None:
        self._move_to(self._nearest_item(len(self.rows) - 1, step=-1))

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_y) + event.y
        if 0 <= index < len(self.rows) and isinstance(self.rows[index], QueueItem):
            self._move_to(index)

    # --- painting -------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._line_cache.clear()
        self._painted.clear()
        self.virtual_size = Size(event.size.width, len(self.rows))

    def _line_key(self, index: int) -> object:
        """What a line shows, as far as rows and cursor decide it: an item by identity (a
        fresher item for the same account paints again), a heading by value."""
        if not self.rows:
            return self.empty_message
        if index >= len(self.rows):
            return None
        return self.rows[index], index == self.cursor

    def _repaint_changed(self) -> None:
        """Repaint only the screen lines whose row or cursor mark differs from what they
        last painted (countdowns, width and theme repaint everything on their own)."""
        top, width = int(self.scroll_y), self.size.width
        for y in range(self.scrollable_content_region.height):
            if self._painted.get(y, _NEVER_PAINTED) != self._line_key(top + y):
                self.refresh(Region(0, y, width, 1))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()
        self._base_style = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        self._painted[y] = self._line_key(index)
        if self._base_style is None:
            self._base_style = self.rich_style  # walks every ancestor: once, not per line
        base = self._base_style
        if not self.rows:
            if y == 1 and self.empty_message:
                text = fit("  " + self.empty_message, width)
                return Strip([Segment(text, base + self.get_component_rich_style("queue--dim"))], width)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        if isinstance(row, Heading):
            return self._heading_line(row, width, base)
        return self._item_line(row, index == self.cursor, width, base)

    def _heading_line(self, heading: Heading, width: int, base: Style) -> Strip:
        noun = "account" if heading.count == 1 else "accounts"
        text = f"▌{heading.tier.label.upper()}  {heading.count} {noun} · {format_money(heading.arr)} ARR"
        style = base + self.get_component_rich_style(f"queue--heading-{heading.tier.value}")
        return Strip([Segment(fit(text, width), style)], width)

    def _countdown(self, item: QueueItem) -> tuple[str, CountdownState | None]:
        deadline = item.deadline
        if deadline is None:
            return fit("  no deadline", COUNTDOWN_WIDTH + 1), None
        left = deadline.due - self.now
        state = (
            CountdownState.OVERDUE if left < timedelta(0)
            else CountdownState.DUE_SOON if left <= self.due_soon
            else CountdownState.OK
        )
        what = "contact" if deadline.kind is DeadlineKind.FIRST_CONTACT else "update"
        return f"{state.symbol} {format_countdown(left):>7} {what:<7} ", state

    def _item_line(self, item: QueueItem, is_cursor: bool, width: int, base: Style) -> Strip:
        countdown, state = self._countdown(item)
        key = (item, is_cursor, countdown, width)  # the item itself: its id could be reused
        cached = self._line_cache.get(key)
        if cached is not None:
            return cached
        layout = Layout.for_width(width)
        account = item.account
        if is_cursor:
            base = base + self.get_component_rich_style("queue--cursor")
        days = account.days_to_renewal(item.today)
        rest = (
            f"{fit(account.name, layout.name)} {fit(item.triage.short_reasons, layout.reasons)} "
            f"{format_money(account.arr):>{ARR_WIDTH}} {(f'{days}d' if days is not None else '-'):>{RENEWAL_WIDTH}} "
            f"{(account.health.value if account.health else '-'):<{HEALTH_WIDTH}}"
        )
        if layout.owner:
            rest += " " + fit(account.owner or "-", OWNER_WIDTH)
        marker = "▶ " if is_cursor else "  "
        countdown_style = base + self.get_component_rich_style(STATE_CLASS[state]) if state else base
        segments = [Segment(marker, base), Segment(countdown, countdown_style), Segment(rest, base)]
        strip = Strip(segments).adjust_cell_length(width, base)
        if len(self._line_cache) > 4000:
            self._line_cache.clear()
        self._line_cache[key] = strip
        return strip
