"""The account detail pane: why this tier, the matrix, contacts and their local time, open
promises with countdowns, and the latest log entries. Every value from the database is
passed as plain text, never as markup."""

from __future__ import annotations

from datetime import datetime, tzinfo

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from warroom.domain.compensation import Compensation
from warroom.domain.deadlines import DEFAULT_DUE_SOON, countdown_state, format_countdown
from warroom.domain.queue import QueueItem
from warroom.domain.safetext import terminal_safe
from warroom.domain.zones import zone_named
from warroom.queue_report import format_money
from warroom.store.detail import AccountDetail

STATE_STYLE = {"ok": "$countdown-ok", "due_soon": "bold $countdown-due-soon", "overdue": "bold $countdown-overdue"}


def safe(text: str | None, limit: int = 200) -> str:
    return terminal_safe(text or "", limit=limit)


def local_time(zone_name: str | None, now: datetime) -> str:
    if not zone_name:
        return "zone unknown"
    zone = zone_named(zone_name)
    if zone is None:
        return f"unknown zone {safe(zone_name, 40)}"
    return now.astimezone(zone).strftime("%a %H:%M") + f" {safe(zone_name, 40)}"


class AccountDetailPane(VerticalScroll, can_focus=False):
    """Shows one queue item and its detail; `tick` refreshes the time-dependent parts.

    It takes no focus beside the queue (Tab goes queue -> log, and letter keys stay with
    the screen); opened full-width on a narrow screen it does, to scroll by keys.
    """

    DEFAULT_CSS = """
    AccountDetailPane { background: $surface; padding: 0 1; border-left: tall $panel; }
    AccountDetailPane > Static { margin-bottom: 1; }
    AccountDetailPane > #detail-title { text-style: bold; margin-bottom: 0; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item: QueueItem | None = None
        self.detail: AccountDetail | None = None
        self.zone: tzinfo | None = None
        self.due_soon = DEFAULT_DUE_SOON
        self._shown: dict[str, Content] = {}

    def compose(self):
        for part in ("title", "why", "matrix", "contacts", "promises", "entries"):
            yield Static(id=f"detail-{part}")

    def show(self, item: QueueItem | None, detail: AccountDetail | None, now: datetime, zone: tzinfo,
             compensation: Compensation | None = None) -> None:
        self.item, self.detail, self.zone = item, detail, zone
        if item is None:
            self.query_one("#detail-title", Static).update(Content("No account selected."))
            for part in ("why", "matrix", "contacts", "promises", "entries"):
                self.query_one(f"#detail-{part}", Static).update(Content(""))
            return
        account = item.account
        days = account.days_to_renewal(item.today)
        self.query_one("#detail-title", Static).update(Content.assemble(
            (safe(account.name, 300), "bold"),
            f"\n{format_money(account.arr)} ARR · renews "
            f"{'in ' + str(days) + ' days' if days is not None else '(unknown)'} · "
            f"health {account.health.value if account.health else 'unknown'} · "
            f"owner {safe(account.owner, 60) or '-'} · impact {item.impact.level.value.replace('_', ' ')}",
        ))
        why = [Content.assemble((f"{item.tier.label} because", f"bold $tier-{item.tier.value.replace('_', '-')}"))]
        why += [Content.assemble("  • ", safe(reason.detail, 300)) for reason in item.triage.reasons]
        if compensation is not None:
            why.append(Content.assemble(
                ("Suggested compensation: ", "bold"),
                (compensation.sentence(format_money), "bold $countdown-overdue" if compensation.needs_approval else ""),
            ))
        self.query_one("#detail-why", Static).update(Content("\n").join(why))
        matrix = item.matrix
        lines = [Content.assemble(("Decision matrix ", "bold"), f"score {matrix.score:g}")]
        for factor in matrix.factors:
            parts = ", ".join(f"{label} +{points:g}" for label, points in factor.parts) or "nothing"
            lines.append(Content.assemble(f"  {factor.name} {factor.total:g}: ", (parts, "$text-muted")))
        self.query_one("#detail-matrix", Static).update(Content("\n").join(lines))
        self._show_entries()
        self.tick(now)

    def tick(self, now: datetime) -> None:
        if self.item is None:
            return
        detail = self.detail
        contacts = [Content.assemble(("Contacts", "bold"))]
        for contact in detail.contacts if detail else ():
            contacts.append(Content.assemble(
                f"  {safe(contact.name, 80)} ", (f"({contact.role})", "$text-muted"),
                f" {safe(contact.title, 60)}\n    ",
                f"{safe(contact.phone, 40) or 'no phone'} · {safe(contact.email, 80) or 'no email'} · ",
                (local_time(contact.timezone, now), "$accent"),
            ))
        if len(contacts) == 1:
            contacts.append(Content("  none on file"))
        self._update("contacts", Content("\n").join(contacts))
        promises = [Content.assemble(("Open promises", "bold"))]
        for promise in detail.promises if detail else ():
            state = countdown_state(promise.due_at, now, self.due_soon)
            promises.append(Content.assemble(
                f"  update by {promise.due_at.astimezone(self.zone).strftime('%H:%M')} ",
                (f"{state.symbol} {format_countdown(promise.due_at - now)} {state.word}", STATE_STYLE[state.value]),
                f" via {promise.channel}" if promise.channel else "",
            ))
        if len(promises) == 1:
            promises.append(Content("  none"))
        self._update("promises", Content("\n").join(promises))

    def _update(self, part: str, content: Content) -> None:
        """Replace a part only when its text changed: an update re-lays out the pane."""
        if self._shown.get(part) != content:
            self._shown[part] = content
            self.query_one(f"#detail-{part}", Static).update(content)

    def _show_entries(self) -> None:
        entries = [Content.assemble(("Latest log entries", "bold"))]
        for entry in self.detail.entries if self.detail else ():
            entries.append(Content.assemble(
                (entry.at.astimezone(self.zone).strftime("%H:%M "), "$text-muted"),
                (f"{entry.kind} ", "bold"),
                safe(entry.text, 400),
                (f" ({safe(entry.author, 40)})", "$text-muted"),
            ))
        if len(entries) == 1:
            entries.append(Content("  nothing logged yet"))
        self.query_one("#detail-entries", Static).update(Content("\n").join(entries))
