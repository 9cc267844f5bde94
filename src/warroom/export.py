"""Post-mortem exports: Markdown to read, CSV for a spreadsheet (one row per entry), JSON for
scripts (documented in docs/export.md). Each writer streams: entries go out as they are read.

Every string from the database is hostile: control characters and escape sequences are
removed, Markdown punctuation is escaped, and CSV cells that a spreadsheet would run as a
formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, tzinfo
from typing import TextIO, TypeVar

from sqlite_utils import Database

from warroom.domain.crises import KIND_LABELS, Crisis
from warroom.domain.deadlines import format_countdown
from warroom.domain.rollups import AFFECTED_TIERS
from warroom.domain.safetext import terminal_safe
from warroom.domain.vocabulary import EntryKind
from warroom.json_output import json_text
from warroom.queue_report import format_money
from warroom.store import postmortem
from warroom.store.postmortem import Entry, Postmortem

FORMATS = ("md", "csv", "json")
JSON_FORMAT = "warroom-export/1"
PROGRESS_EVERY = 5000
CSV_COLUMNS = ("entry", "at", "recorded_at", "kind", "account", "contact", "author", "text", "pinned",
               "amends", "amended_by")

Progress = Callable[[int, int], None]
_Item = TypeVar("_Item")

# Never at the start of a line (every field follows a prefix), so only inline syntax needs escaping.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _clean(text: str | None) -> str:
    return terminal_safe(text or "")


def md(text: str | None) -> str:
    """User text safe inside a Markdown line or table cell."""
    return _MD_SPECIAL.sub(r"\\\1", _clean(text))


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export(db: Database, crisis: Crisis, out: TextIO, *, fmt: str, now: datetime, zone: tzinfo,
           progress: Progress | None = None) -> int:
    """Write the export of `crisis` to `out`; returns how many entries were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    facts = postmortem.gather(db, crisis, now, zone)
    writer = {"md": _markdown, "csv": _csv, "json": _json}[fmt]
    return writer(db, facts, out, zone, progress or (lambda done, total: None))


def _counted(stream: Iterable[_Item], total: int, progress: Progress) -> Iterator[_Item]:
    done = 0
    progress(0, total)
    for done, item in enumerate(stream, 1):
        yield item
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
    progress(done, total)


def _when(instant: datetime | None, zone: tzinfo, date: bool = True) -> str:
    if instant is None:
        return ""
    local = instant.astimezone(zone)
    return local.strftime("%Y-%m-%d %H:%M") if date else local.strftime("%H:%M")


# --- Markdown ---------------------------------------------------------------------------------

def _md_entry(entry: Entry, zone: tzinfo) -> str:
    who = f"{md(entry.account)}" + (f" ({md(entry.contact)})" if entry.contact else "") if entry.account \
        else "whole crisis"
    text = md(entry.text)
    if entry.amended_by:
        text = f"~~{text}~~ (corrected by #{entry.amended_by})"
    marks = ("📌 " if entry.pinned else "") + (f"(corrects #{entry.amends}) " if entry.amends else "")
    return f"- `#{entry.id}` {_when(entry.at, zone)} **{entry.kind}** · {who} · {md(entry.author)}: {marks}{text}\n"


def _markdown(db: Database, facts: Postmortem, out: TextIO, zone: tzinfo, progress: Progress) -> int:
    crisis, now = facts.crisis, facts.now
    ended = crisis.resolved_at or now
    w = out.write
    w(f"# Post-mortem: {md(crisis.title)}\n\n")
    w(f"- Crisis #{crisis.id}: {KIND_LABELS[crisis.kind]}, severity {crisis.severity.value}\n")
    w(f"- Started {_when(crisis.started_at, zone)}; "
      + (f"resolved {_when(crisis.resolved_at, zone)}" if crisis.resolved_at else "still open")
      + f" (duration {format_countdown(ended - crisis.started_at)})\n")
    w(f"- Times in {getattr(zone, 'key', None) or zone.tzname(now)}; exported {_when(now, zone)}\n")
    w(f"- {facts.entry_count} log entries\n\n")

    w("## Accounts by tier\n\n| Tier | Accounts | Contacted | Overdue | ARR affected | ARR at risk |\n"
      "|---|---:|---:|---:|---:|---:|\n")
    for tier in AFFECTED_TIERS:
        part = facts.tiers[tier]
        w(f"| {tier.label} | {part.accounts} | {part.contacted} | {part.overdue} | {format_money(part.arr)} "
          f"| {format_money(part.arr_at_risk)} |\n")
    total = sum((facts.tiers[t].accounts for t in AFFECTED_TIERS), 0)
    w(f"\n{total} affected accounts, ARR {format_money(sum(facts.tiers[t].arr for t in AFFECTED_TIERS))}.\n\n")

    w("## Engineering status history\n\n")
    for update in facts.status:
        w(f"- {_when(update.at, zone)} **{update.status.value}** ({md(update.author)}): {md(update.line())}\n")
    if not facts.status:
        w("No status updates were recorded.\n")

    w("\n## First contact against the tier deadline\n\n| Account | Tier | Deadline | First contact | Outcome |\n"
      "|---|---|---|---|---|\n")
    outcomes: dict[str, int] = {}
    for first in facts.first_contacts:
        outcome = first.outcome(crisis, now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        w(f"| {md(first.account)} | {first.tier.label} | {_when(first.due, zone)} | {_when(first.at, zone) or '-'} "
          f"| {outcome} |\n")
    w("\n" + (", ".join(f"{count} {name}" for name, count in sorted(outcomes.items())) or "No affected accounts")
      + ".\n\n")

    w("## Commitments\n\n| # | Account | Contact | Promised at | Due | Outcome | Settled |\n"
      "|---:|---|---|---|---|---|---|\n")
    states: dict[str, int] = {}
    for promise in postmortem.promises(db, crisis.id):
        states[promise.state] = states.get(promise.state, 0) + 1
        w(f"| {promise.id} | {md(promise.account)} | {md(promise.contact) or '-'} | {_when(promise.made_at, zone)} "
          f"| {_when(promise.due, zone)} | {promise.state} | {_when(promise.settled_at, zone) or '-'} |\n")
    w("\n" + (", ".join(f"{count} {name}" for name, count in sorted(states.items())) or "No commitments")
      + ".\n\n")

    for title, kind in (("Escalations", EntryKind.ESCALATION), ("Decisions", EntryKind.DECISION)):
        w(f"## {title}\n\n")
        written = 0
        for entry in postmortem.entries(db, crisis.id, (kind,)):
            written += 1
            w(_md_entry(entry, zone))
        w("" if written else f"No {title.lower()} were logged.\n")
        w("\n")

    w("## Timeline\n\n📌 marks pinned entries; struck-through entries were corrected by a later one.\n\n")
    written = 0
    for entry in _counted(postmortem.entries(db, crisis.id), facts.entry_count, progress):
        written += 1
        w(_md_entry(entry, zone))
    return written


# --- CSV --------------------------------------------------------------------------------------

def _iso(instant: datetime, zone: tzinfo) -> str:
    return instant.astimezone(zone).isoformat()


def _csv(db: Database, facts: Postmortem, out: TextIO, zone: tzinfo, progress: Progress) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    written = 0
    for entry in _counted(postmortem.entries(db, facts.crisis.id), facts.entry_count, progress):
        written += 1
        writer.writerow([
            entry.id, _iso(entry.at, zone), _iso(entry.recorded_at, zone), entry.kind,
            spreadsheet_safe(_clean(entry.account)), spreadsheet_safe(_clean(entry.contact)),
            spreadsheet_safe(_clean(entry.author)), spreadsheet_safe(terminal_safe(entry.text, single_line=False)),
            "yes" if entry.pinned else "", entry.amends or "", entry.amended_by or "",
        ])
    return written


# --- JSON -------------------------------------------------------------------------------------

def _json(db: Database, facts: Postmortem, out: TextIO, zone: tzinfo, progress: Progress) -> int:
    crisis, now = facts.crisis, facts.now

    def iso(instant: datetime | None) -> str | None:
        return _iso(instant, zone) if instant else None

    def dump(value: object) -> str:
        return json_text(value, indent=None)

    head = {
        "format": JSON_FORMAT,
        "exported_at": iso(now),
        "crisis": {"id": crisis.id, "title": crisis.title, "kind": crisis.kind.value,
                   "severity": crisis.severity.value, "status": crisis.status.value,
                   "started_at": iso(crisis.started_at), "resolved_at": iso(crisis.resolved_at)},
        "tiers": {tier.value: {"accounts": part.accounts, "contacted": part.contacted, "overdue": part.overdue,
                               "arr": part.arr, "arr_at_risk": part.arr_at_risk}
                  for tier, part in facts.tiers.items()},
        "status_history": [{"at": iso(u.at), "status": u.status.value, "summary": u.summary, "scope": u.scope,
                            "eta": u.eta, "eta_confidence": u.eta_confidence, "workaround": u.workaround,
                            "author": u.author} for u in facts.status],
        "first_contacts": [{"account": f.account, "tier": f.tier.value, "arr": f.arr, "deadline": iso(f.due),
                            "first_contact_at": iso(f.at), "outcome": f.outcome(crisis, now)}
                           for f in facts.first_contacts],
    }
    out.write(dump(head)[:-1])  # the object stays open: the streams follow
    out.write(', "commitments": [')
    for position, promise in enumerate(postmortem.promises(db, crisis.id)):
        out.write(("," if position else "") + "\n  " + dump({
            "id": promise.id, "account": promise.account, "contact": promise.contact,
            "made_at": iso(promise.made_at), "due_at": iso(promise.due), "outcome": promise.state,
            "settled_at": iso(promise.settled_at), "source_entry": promise.source_entry}))
    out.write('\n], "entries": [')
    written = 0
    for written, entry in enumerate(_counted(postmortem.entries(db, crisis.id), facts.entry_count, progress), 1):
        out.write(("," if written > 1 else "") + "\n  " + dump({
            "id": entry.id, "at": iso(entry.at), "recorded_at": iso(entry.recorded_at), "kind": entry.kind,
            "account": entry.account, "contact": entry.contact, "author": entry.author, "text": entry.text,
            "pinned": entry.pinned, "amends": entry.amends, "amended_by": entry.amended_by}))
    out.write("\n]}\n")
    return written
