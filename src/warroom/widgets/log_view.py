"""The crisis log pane: a virtual list over the log in SQLite, newest last, read a window at a
time. It follows new entries while the view is at the bottom, and stays put when scrolled up."""

from __future__ import annotations

from datetime import UTC, tzinfo

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from warroom.domain.safetext import terminal_safe
from warroom.store.log_pages import Counted, LogFilter, LogLine, count_since, window
from warroom.widgets.queue_columns import fit

PAGE = 100
KIND_MARKS = {
    "call": "✆", "email": "✉", "meeting": "◎", "chat": "≡", "escalation": "▲", "timeline": "⌚",
    "decision": "◆", "status": "⚙", "note": "·", "draft_copied": "⎘", "commitment_kept": "✔",
    "commitment_late": "◔", "commitment_missed": "✖", "tier_override": "⇅", "snooze": "z",
}
# Short words for the automatic kinds, so every kind fits its column.
KIND_LABELS = {"commitment_kept": "kept", "commitment_late": "late", "commitment_missed": "missed",
               "tier_override": "override", "draft_copied": "copied"}
KIND_FILTERS = [None, "call", "email", "escalation", "decision", "timeline", "status", "note"]


class LogView(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", id="log.down", show=False, tooltip="Next entry"),
        Binding("k,up", "cursor_up", "Up", id="log.up", show=False, tooltip="Previous entry"),
        Binding("G,end", "newest", "Newest", id="log.newest", show=False, tooltip="Jump to the newest entry"),
        Binding("f", "filter_account", "This account", id="log.filter_account",
                tooltip="Show only the selected account's entries, or all"),
        Binding("K", "filter_kind", "Kind", id="log.filter_kind", tooltip="Show one kind of entry at a time"),
        Binding("u", "toggle_utc", "UTC", id="log.utc", tooltip="Times in UTC or in your zone"),
        Binding("p", "pin", "Pin", id="log.pin", tooltip="Mark the entry as key for the post-mortem"),
        Binding("e", "amend", "Amend", id="log.amend", tooltip="Correct the entry (a new entry pointing at it)"),
        Binding("slash", "search", "Search", id="log.search", tooltip="Show only entries containing some words"),
    ]
    COMPONENT_CLASSES = {"log--time", "log--kind", "log--who", "log--promise", "log--amended", "log--cursor",
                         "log--pinned", "log--auto"}
    DEFAULT_CSS = """
    LogView { overflow-x: hidden; background: $surface; border-top: tall $panel; }
    LogView > .log--time { color: $text-muted; }
    LogView > .log--kind { color: $accent; text-style: bold; }
    LogView > .log--who { color: $secondary; }
    LogView > .log--promise { color: $countdown-due-soon; }
    LogView > .log--amended { color: $text-muted; text-style: strike; }
    LogView > .log--pinned { color: $warning; text-style: bold; }
    LogView > .log--auto { color: $text-muted; }
    LogView > .log--cursor { background: $primary 30%; }
    LogView:focus > .log--cursor { background: $primary 55%; }
    """

    class FilterChanged(Message):
        """What the pane shows changed (filter or count): the title should follow."""

    class Action(Message):
        """The user asked to pin or amend an entry; the screen does the writing."""

        def __init__(self, verb: str, line: LogLine | None) -> None:
            super().__init__()
            self.verb, self.line = verb, line

    def __init__(self, db, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.db = db
        self.filter = LogFilter(None)
        self.selected_account: int | None = None
        self.kind_index = 0
        self.total = 0
        self._counted: Counted | None = None
        self.newest_id = 0
        self.cursor = -1  # a position; -1 means "the newest"
        self.utc = False
        self.by_account = False  # follow the queue's selected account, or show everything
        self.zone: tzinfo | None = None
        self._pages: dict[int, list[LogLine]] = {}

    # --- data -----------------------------------------------------------------------------

    def show(self, crisis_id: int | None, account_id: int | None = None) -> None:
        """(Re)open the log of a crisis; keeps the account and kind filters."""
        self.selected_account = account_id
        self._set_filter(LogFilter(crisis_id, account_id if self.by_account else None,
                                   KIND_FILTERS[self.kind_index], self.filter.search))

    def _set_filter(self, log_filter: LogFilter) -> None:
        self.filter = log_filter
        self._pages.clear()
        self._counted = count_since(self.db, log_filter)
        self.total = self._counted.total
        self.cursor = -1
        self.virtual_size = Size(self.size.width, self.total)
        self.to_newest()
        self.post_message(self.FilterChanged())

    def entries_added(self) -> None:
        """New entries were committed (here or by another session): show them."""
        following = self.scroll_y >= self.max_scroll_y - 1
        self._pages.clear()
        self._counted = count_since(self.db, self.filter, self._counted)
        self.total = self._counted.total
        self.virtual_size = Size(self.size.width, self.total)
        if following:
            self.to_newest()
        self.refresh()
        self.post_message(self.FilterChanged())

    def select_account(self, account_id: int | None) -> None:
        self.selected_account = account_id
        if self.by_account:
            self._set_filter(LogFilter(self.filter.crisis_id, account_id, self.filter.kind, self.filter.search))

    def to_newest(self) -> None:
        # After the next refresh: the new virtual size must be in place before scrolling.
        self.call_after_refresh(self.scroll_end, animate=False, immediate=True)
        self.refresh()

    def line_at(self, position: int) -> LogLine | None:
        if not 0 <= position < self.total:
            return None
        newest_offset = self.total - 1 - position
        page = newest_offset // PAGE
        lines = self._pages.get(page)
        if lines is None:
            lines = self._pages[page] = window(self.db, self.filter, page * PAGE, PAGE)
            if len(self._pages) > 50:
                self._pages.pop(next(iter(self._pages)))
        index = len(lines) - 1 - (newest_offset - page * PAGE)
        return lines[index] if 0 <= index < len(lines) else None

    @property
    def current(self) -> LogLine | None:
        return self.line_at(self.total - 1 if self.cursor < 0 else self.cursor)

    # --- actions --------------------------------------------------------------------------

    def _move(self, step: int) -> None:
        position = (self.total - 1 if self.cursor < 0 else self.cursor) + step
        self.cursor = max(0, min(position, self.total - 1))
        if self.cursor < self.scroll_y:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= self.scroll_y + self.size.height:
            self.scroll_to(y=self.cursor - self.size.height + 1, animate=False, immediate=True)
        self.refresh()

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_newest(self) -> None:
        self.cursor = -1
        self.scroll_end(animate=False, immediate=True)
        self.refresh()

    def action_filter_account(self) -> None:
        self.by_account = not self.by_account
        account = self.selected_account if self.by_account else None
        self._set_filter(LogFilter(self.filter.crisis_id, account, self.filter.kind, self.filter.search))

    def action_filter_kind(self) -> None:
        self.kind_index = (self.kind_index + 1) % len(KIND_FILTERS)
        self._set_filter(LogFilter(self.filter.crisis_id, self.filter.account_id, KIND_FILTERS[self.kind_index],
                                   self.filter.search))

    def search(self, text: str | None) -> None:
        self._set_filter(LogFilter(self.filter.crisis_id, self.filter.account_id, self.filter.kind, text or None))

    def action_toggle_utc(self) -> None:
        self.utc = not self.utc
        self.refresh()
        self.post_message(self.FilterChanged())

    def action_pin(self) -> None:
        if (line := self.current) is not None:
            self.post_message(self.Action("pin", line))

    def action_search(self) -> None:
        self.post_message(self.Action("search", self.current))

    def action_amend(self) -> None:
        if (line := self.current) is not None:
            self.post_message(self.Action("amend", line))

    def describe_filter(self) -> str:
        parts = ["this account" if self.filter.account_id is not None else "all accounts"]
        if self.filter.kind:
            parts.append(f"{self.filter.kind} only")
        if self.filter.search:
            parts.append(f"containing {terminal_safe(self.filter.search, limit=30)!r}")
        return f"Crisis log · {self.total:,} entries · " + ", ".join(parts) + (" · UTC" if self.utc else "")

    # --- painting -------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.total)
        if self.cursor < 0:
            self.to_newest()  # shown again, or resized, while following: stay on the newest

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        position = int(self.scroll_y) + y
        if self.total == 0:
            text = "  Nothing logged yet: press l to log a call, email, promise or decision." if y == 0 else ""
            return Strip([Segment(fit(text, width), base)], width)
        line = self.line_at(position)
        if line is None:
            return Strip.blank(width, base)
        is_cursor = position == (self.total - 1 if self.cursor < 0 else self.cursor) and self.has_focus
        return self._paint(line, width, base + self.get_component_rich_style("log--cursor") if is_cursor else base)

    def _paint(self, line: LogLine, width: int, base: Style) -> Strip:
        style = self.get_component_rich_style
        when = line.at.astimezone(UTC if self.utc else self.zone)
        automatic = line.kind not in KIND_MARKS or line.kind.startswith(("commitment_", "tier_", "draft_")) \
            or line.kind == "snooze"
        who = terminal_safe(line.account or "crisis-wide", limit=40)
        if line.contact:
            who += " · " + terminal_safe(line.contact, limit=30)
        segments = [
            Segment(when.strftime("%H:%M ") + ("Z " if self.utc else ""), base + style("log--time")),
            Segment(f"{KIND_MARKS.get(line.kind, '?')} {fit(KIND_LABELS.get(line.kind, line.kind), 10)} ",
                    base + style("log--auto" if automatic else "log--kind")),
            Segment(fit(who, 24) + " ", base + style("log--who")),
        ]
        if line.pinned:
            segments.append(Segment("★ ", base + style("log--pinned")))
        if line.amends_id:
            segments.append(Segment(f"(amends #{line.amends_id}) ", base + style("log--time")))
        text_style = base + style("log--amended") if line.amended else base
        segments.append(Segment(terminal_safe(line.text, limit=400), text_style))
        if line.promised_due:
            due = line.promised_due.astimezone(UTC if self.utc else self.zone)
            segments.append(Segment(f"  → next update {due:%H:%M}", base + style("log--promise")))
        segments.append(Segment(f"  #{line.id} {terminal_safe(line.author, limit=20)}", base + style("log--time")))
        return Strip(segments).adjust_cell_length(width, base)
