"""The internal sync summary: plain text for the team channel, from a crisis roll-up."""

from __future__ import annotations

from datetime import tzinfo

from warroom.domain.crises import KIND_LABELS
from warroom.domain.deadlines import format_countdown
from warroom.domain.rollups import AFFECTED_TIERS, Event, Rollup
from warroom.domain.vocabulary import CommitmentState
from warroom.queue_report import format_money


def _event_lines(events: list[Event], zone: tzinfo | None) -> list[str]:
    return [f"- {event.at.astimezone(zone):%H:%M} {event.account + ': ' if event.account else ''}{event.text}"
            for event in events] or ["- none"]


def sync_summary(rollup: Rollup, zone: tzinfo | None) -> str:
    crisis, now = rollup.crisis, rollup.now
    local = now.astimezone(zone)
    lines = [
        f"Internal sync {local:%H:%M %Z}: {crisis.title}",
        f"{KIND_LABELS[crisis.kind]} · {crisis.severity.value} · {crisis.status.value} · "
        f"running {format_countdown(crisis.elapsed(now))}",
        "",
        f"Engineering: {rollup.status or 'no status update yet'}",
        "",
        "Accounts by tier (contacted / overdue / ARR affected / ARR at risk):",
    ]
    for tier in AFFECTED_TIERS:
        part = rollup.tiers[tier]
        lines.append(f"- {tier.label}: {part.accounts} accounts, {part.contacted} contacted, "
                     f"{part.overdue} overdue, {format_money(part.arr)} ARR, {format_money(part.arr_at_risk)} at risk")
    total = rollup.total
    lines.append(f"- Total: {total.accounts} accounts, {total.not_contacted} not yet contacted, "
                 f"{total.overdue} overdue, {format_money(total.arr)} ARR, {format_money(total.arr_at_risk)} at risk")
    counts = rollup.commitments
    lines += [
        "",
        f"Commitments: {counts.get(CommitmentState.KEPT, 0)} kept, {counts.get(CommitmentState.LATE, 0)} late, "
        f"{counts.get(CommitmentState.MISSED, 0)} missed, {counts.get(CommitmentState.OPEN, 0)} open",
        "",
        "Escalations since " + (f"the last sync ({rollup.since.astimezone(zone):%H:%M}):" if rollup.since
                                else "the start:"),
        *_event_lines(rollup.escalations, zone),
        "",
        "Decisions since " + ("the last sync:" if rollup.since else "the start:"),
        *_event_lines(rollup.decisions, zone),
        "",
        "Needed from leadership: ",
    ]
    return "\n".join(lines) + "\n"
