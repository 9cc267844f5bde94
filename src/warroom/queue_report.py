"""The queue as plain text (for `warroom queue`) and as JSON (for scripts)."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from warroom.domain.crises import KIND_LABELS, Crisis
from warroom.domain.deadlines import DEFAULT_DUE_SOON, format_countdown
from warroom.domain.instants import to_text
from warroom.domain.queue import QueueItem
from warroom.domain.safetext import terminal_safe
from warroom.domain.vocabulary import Tier


def format_money(amount: float) -> str:
    if amount >= 1_000_000:
        return f"${amount / 1_000_000:.1f}M"
    if amount >= 1_000:
        return f"${amount / 1_000:.0f}k"
    return f"${amount:.0f}"


def _cell(text: str, width: int) -> str:
    return terminal_safe(text, limit=width).ljust(width)


def crisis_heading(crisis: Crisis, now: datetime, zone: tzinfo) -> str:
    elapsed = format_countdown(crisis.elapsed(now))
    started = crisis.started_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    state = "resolved" if crisis.resolved_at else crisis.status.value
    return (
        f"Crisis #{crisis.id}: {terminal_safe(crisis.title, limit=80)} "
        f"[{KIND_LABELS[crisis.kind]}, {crisis.severity.value}, {state}] "
        f"started {started} ({elapsed} ago)"
    )


def queue_text(items: list[QueueItem], crisis: Crisis, now: datetime, zone: tzinfo, today: date,
               due_soon=DEFAULT_DUE_SOON, width: int = 120) -> str:
    """Tier headings with counts, then one line per account, most urgent first, fitted to
    `width` columns (the owner column goes first when space is short)."""
    layout = _Layout(width)
    lines = [crisis_heading(crisis, now, zone)]
    for tier in Tier:
        members = [item for item in items if item.tier is tier]
        if not members:
            continue
        arr = sum(item.account.arr for item in members)
        lines.append("")
        noun = "account" if len(members) == 1 else "accounts"
        lines.append(f"{tier.label.upper()} ({len(members)} {noun}, {format_money(arr)} ARR)")
        for item in members:
            lines.append(_queue_line(item, now, today, due_soon, layout))
    if len(lines) == 1:
        lines.append("No account is marked affected yet.")
    return "\n".join(lines)


class _Layout:
    FIXED = 19 + 8 + 7 + 7  # countdown, ARR, renewal, health (with their separators)
    OWNER = 17

    def __init__(self, width: int) -> None:
        self.owner = width >= 100
        flexible = max(width - self.FIXED - (self.OWNER if self.owner else 0) - 2, 24)
        self.name = max(flexible * 2 // 5, 12)
        self.reasons = max(flexible - self.name - 1, 11)


def _queue_line(item: QueueItem, now: datetime, today: date, due_soon, layout: _Layout) -> str:
    account = item.account
    if item.deadline:
        state = item.deadline.state(now, due_soon)
        what = "contact" if item.deadline.kind == "first_contact" else "update"
        due = f"{state.symbol} {format_countdown(item.deadline.remaining(now)):>7} {what:<7}"
    else:
        due = f"  {'-':>7} {'':<7}"
    days = account.days_to_renewal(today)
    renewal = f"{days}d" if days is not None else "-"
    health = account.health.value if account.health else "-"
    line = (
        f"  {due} {_cell(account.name, layout.name)} {_cell(item.triage.short_reasons, layout.reasons)} "
        f"{format_money(account.arr):>7} {renewal:>6} {health:<6}"
    )
    if layout.owner:
        line += f" {_cell(account.owner or '-', 16)}"
    return line.rstrip()


def queue_json(items: list[QueueItem], crisis: Crisis, now: datetime, due_soon=DEFAULT_DUE_SOON) -> dict:
    """Everything the text shows, plus reasons and matrix parts, for scripts."""
    return {
        "crisis": crisis_json(crisis),
        "as_of": to_text(now),
        "accounts": [_item_json(item, now, due_soon) for item in items],
    }


def instant_json(instant: datetime | None) -> str | None:
    """An instant as every --json prints it: ISO 8601 in UTC with its offset written `Z`."""
    return to_text(instant) if instant else None


def crisis_json(crisis: Crisis) -> dict:
    """One crisis for scripts (`crisis list --json`, and the head of every other --json)."""
    return {
        "id": crisis.id,
        "title": crisis.title,
        "kind": crisis.kind.value,
        "severity": crisis.severity.value,
        "status": crisis.status.value,
        "started_at": to_text(crisis.started_at),
        "resolved_at": instant_json(crisis.resolved_at),
    }


def _item_json(item: QueueItem, now: datetime, due_soon) -> dict:
    deadline = None
    if item.deadline:
        deadline = {
            "kind": item.deadline.kind.value,
            "due_at": to_text(item.deadline.due),
            "seconds_left": int(item.deadline.remaining(now).total_seconds()),
            "state": item.deadline.state(now, due_soon).value,
        }
    return {
        "id": item.account.id,
        "name": item.account.name,
        "tier": item.tier.value,
        "overridden": item.triage.overridden,
        "reasons": [{"code": r.code, "label": r.label, "detail": r.detail} for r in item.triage.reasons],
        "arr": item.account.arr,
        "renewal_date": item.account.renewal_date.isoformat() if item.account.renewal_date else None,
        "health": item.account.health.value if item.account.health else None,
        "owner": item.account.owner,
        "impact": item.impact.level.value,
        "first_contact_at": instant_json(item.first_contact_at),
        "deadline": deadline,
        "matrix": {
            "score": item.matrix.score,
            "factors": [
                {"name": factor.name, "total": factor.total,
                 "parts": [{"label": label, "points": points} for label, points in factor.parts]}
                for factor in item.matrix.factors
            ],
        },
    }
