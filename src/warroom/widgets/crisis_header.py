"""The header: what the crisis is, how long it has run, when the team syncs next, and the
counts a lead watches (not contacted, overdue, due soon, ARR per tier)."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.content import Content
from textual.widget import Widget

from warroom.domain.crises import KIND_LABELS, Crisis
from warroom.domain.deadlines import format_countdown
from warroom.domain.queue_index import Counts
from warroom.domain.rollups import next_sync
from warroom.domain.safetext import terminal_safe
from warroom.domain.vocabulary import Tier
from warroom.queue_report import format_money


class CrisisHeader(Widget):
    """Two lines about the active crisis; a third names other open crises when there are."""

    DEFAULT_CSS = """
    CrisisHeader {
        height: 2; background: $panel; color: $foreground; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.crisis: Crisis | None = None
        self.others = 0
        self.counts = Counts(0, 0, 0)
        self.arr_by_tier: dict[Tier, float] = {}
        self.now: datetime | None = None
        self.due_soon = timedelta(minutes=15)
        self.last_sync: datetime | None = None
        self.status_at: datetime | None = None
        self._shown: Content | None = None

    def marks(self, last_sync: datetime | None, status_at: datetime | None) -> None:
        """When the team last synced and when engineering last gave a status."""
        if (last_sync, status_at) != (self.last_sync, self.status_at):
            self.last_sync, self.status_at = last_sync, status_at
            self._shown = None
            self.refresh()

    def show(self, crisis: Crisis | None, others: int = 0) -> None:
        self.crisis, self.others = crisis, others
        self._shown = None
        self.styles.height = (3 if others else 2) if crisis else 1
        self.refresh(layout=True)

    def tick(self, now: datetime, counts: Counts, arr_by_tier: dict[Tier, float]) -> None:
        """New clock and counts; repaint only if the text shown changes (minutes, counts)."""
        self.now, self.counts, self.arr_by_tier = now, counts, arr_by_tier
        content = self._compose_content()
        if content != self._shown:
            self._shown = content
            self.refresh()

    def on_resize(self) -> None:
        self._shown = None  # the counts line has a compact form for narrow terminals
        self.refresh()

    def render(self) -> Content:
        return self._shown if self._shown is not None else self._compose_content()

    def _compose_content(self) -> Content:
        crisis, now = self.crisis, self.now
        if crisis is None or now is None:
            return Content.assemble(
                ("No crisis is open. ", "bold"),
                'Start one with `warroom crisis new "TITLE"`, or explore with `warroom demo`.',
            )
        state = "resolved" if crisis.resolved_at else crisis.status.value
        first = Content.assemble(
            ("⚠ " if crisis.is_open else "✔ ", "bold $warning" if crisis.is_open else "bold $success"),
            (terminal_safe(crisis.title, limit=90), "bold"),
            f"  {KIND_LABELS[crisis.kind]} · {crisis.severity.value} · {state}",
            f" · started {format_countdown(crisis.elapsed(now))} ago",
            *(self._clocks(crisis, now) if crisis.is_open else [(" · in recovery", "$text-muted")]),
        )
        soon_minutes = int(self.due_soon.total_seconds() // 60)
        if self.size.width and self.size.width < 100:
            second = self._compact_counts(soon_minutes)
        else:
            second = self._counts(soon_minutes)
        lines = [first, second]
        if self.others:
            plural = "crisis" if self.others == 1 else "crises"
            more = f"{self.others} more {plural} open or in recovery: press x to switch"
            lines.append(Content.assemble((more, "$text-muted")))
        return Content("\n").join(lines)

    def _clocks(self, crisis: Crisis, now: datetime) -> list:
        """The engineering status's age and the internal sync countdown (overdue in bold)."""
        parts: list = []
        if self.status_at is None:
            parts.append((" · no engineering status yet", "bold $countdown-due-soon"))
        else:
            age = format_countdown(max(now - self.status_at, timedelta(0))).removesuffix("m")
            unit = " min" if age.isdigit() else ""
            parts.append(f" · status {age}{unit} old")
        left = next_sync(crisis, self.last_sync, now) - now
        if left < timedelta(0):
            parts.append((f" · SYNC OVERDUE {format_countdown(-left)} (y)", "bold $countdown-overdue"))
        else:
            parts.append(f" · sync in {format_countdown(left)}")
        return parts

    def _compact_counts(self, soon_minutes: int) -> Content:
        """The counts line for a laptop-width terminal: same facts, shorter words."""
        counts, arr = self.counts, self.arr_by_tier
        return Content.assemble(
            (f"✖ {counts.overdue} overdue", "bold $countdown-overdue") if counts.overdue else "0 overdue",
            " · ",
            (f"! {counts.due_soon} ≤{soon_minutes}m", "bold $countdown-due-soon") if counts.due_soon
            else f"0 ≤{soon_minutes}m",
            f" · {counts.not_contacted} uncontacted · ARR ",
            (f"C {format_money(arr.get(Tier.CRITICAL, 0.0))}", "$tier-critical"), " ",
            (f"S {format_money(arr.get(Tier.STANDARD, 0.0))}", "$tier-standard"), " ",
            (f"St {format_money(arr.get(Tier.STABLE, 0.0))}", "$tier-stable"),
        )

    def _counts(self, soon_minutes: int) -> Content:
        counts = self.counts
        return Content.assemble(
            ("not contacted ", "$text-muted"), (str(counts.not_contacted), "bold"),
            ("  overdue ", "$text-muted"),
            (f"✖ {counts.overdue}", "bold $countdown-overdue") if counts.overdue else ("0", "bold"),
            (f"  due ≤{soon_minutes}m ", "$text-muted"),
            (f"! {counts.due_soon}", "bold $countdown-due-soon") if counts.due_soon else ("0", "bold"),
            ("  ARR ", "$text-muted"),
            ("critical ", "$tier-critical"), format_money(self.arr_by_tier.get(Tier.CRITICAL, 0.0)),
            (" · standard ", "$tier-standard"), format_money(self.arr_by_tier.get(Tier.STANDARD, 0.0)),
            (" · stable ", "$tier-stable"), format_money(self.arr_by_tier.get(Tier.STABLE, 0.0)),
        )
