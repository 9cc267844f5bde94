"""`warroom crisis new|edit|list|resolve` and `warroom affected`: shaping a crisis and
marking the accounts it hits."""

from __future__ import annotations

import sys

import click

from warroom.commands.completion import complete_crisis
from warroom.commands.options import crisis_option, json_option
from warroom.domain.safetext import terminal_safe
from warroom.domain.times import parse_instant
from warroom.domain.vocabulary import CommitmentState, CrisisKind, ImpactLevel, Severity, TechnicalStatus
from warroom.domain.wording import count_of
from warroom.json_output import json_text
from warroom.session import Session, pass_session

# option name -> stored cadence column
CADENCE_OPTIONS = {
    "critical_within": "first_contact_critical_min",
    "standard_within": "first_contact_standard_min",
    "stable_within": "first_contact_stable_min",
    "updates_every": "customer_update_min",
    "sync_every": "internal_sync_min",
}


def crisis_options(defaults: bool):
    """The options `new` and `edit` share; `edit` has no defaults (only what is given changes)."""

    def default(value):
        return value if defaults else None

    def decorate(command):
        options = [
            click.option("--kind", type=click.Choice([k.value for k in CrisisKind]), default=default("outage"),
                         show_default=defaults),
            click.option("--severity", type=click.Choice([s.value for s in Severity]), default=default("L2"),
                         show_default=defaults, help="L1 critical ... L4 low."),
            click.option("--status", "technical_status",
                         type=click.Choice([s.value for s in TechnicalStatus if s is not TechnicalStatus.RESOLVED]),
                         default=default("investigating"), show_default=defaults, help="Engineering's status."),
            click.option("--started", "started_text",
                         help="When it began: HH:MM today or an ISO time like 2026-11-27T09:40 "
                              "(back-dating is fine; default now)."),
            click.option("--critical-within", type=int, metavar="MIN", help="First contact, Critical (default 60)."),
            click.option("--standard-within", type=int, metavar="MIN", help="First contact, Standard (default 120)."),
            click.option("--stable-within", type=int, metavar="MIN", help="First contact, Stable (default 240)."),
            click.option("--updates-every", type=int, metavar="MIN", help="Customer update cadence (default 120; "
                         "an L1 may run 30)."),
            click.option("--sync-every", type=int, metavar="MIN", help="Internal sync cadence (default 240)."),
        ]
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _cadence(values: dict) -> dict[str, int]:
    return {column: values[name] for name, column in CADENCE_OPTIONS.items() if values.get(name) is not None}


@click.group()
def crisis() -> None:
    """Open, edit, list and resolve crises."""


@crisis.command("new")
@click.argument("title")
@crisis_options(defaults=True)
@pass_session
def crisis_new(session: Session, title: str, kind: str, severity: str, technical_status: str,
               started_text: str | None, **cadence) -> None:
    """Open a crisis: warroom crisis new "EU API outage" --kind outage --severity L1 --updates-every 30."""
    from warroom.actions.crises import open_crisis
    from warroom.domain.crises import cadence_from_minutes, cadence_minutes
    from warroom.domain.deadlines import Cadence

    now = session.now()
    started = parse_instant(started_text, now, session.zone) if started_text else now
    minutes = {**cadence_minutes(Cadence()), **_cadence(cadence)}
    created = open_crisis(session.db, session.actor, title=title, kind=CrisisKind(kind), severity=Severity(severity),
                          started_at=started, status=TechnicalStatus(technical_status),
                          cadence=cadence_from_minutes(minutes))
    click.echo(f"Opened crisis #{created.id}: {terminal_safe(created.title, limit=80)}")


@crisis.command("edit")
@click.argument("crisis_id", type=int, required=False, shell_complete=complete_crisis)
@click.option("--title")
@crisis_options(defaults=False)
@pass_session
def crisis_edit(session: Session, crisis_id: int | None, title: str | None, kind: str | None, severity: str | None,
                technical_status: str | None, started_text: str | None, **cadence) -> None:
    """Change a crisis (default: the latest open one); the change is logged as a decision."""
    from warroom.actions.crises import edit_crisis
    from warroom.store.crises import active_crisis

    now = session.now()
    target = active_crisis(session.db, crisis_id)
    started = parse_instant(started_text, now, session.zone) if started_text else None
    changed = edit_crisis(
        session.db, session.actor, target.id, title=title,
        kind=CrisisKind(kind) if kind else None, severity=Severity(severity) if severity else None,
        status=TechnicalStatus(technical_status) if technical_status else None, started_at=started,
        cadence_minutes=_cadence(cadence))
    edited, entry = changed.crisis, changed.entry_id
    if entry is None:
        click.echo(f"Crisis #{edited.id} unchanged (nothing different was given).")
    else:
        text = next(session.db.query("SELECT text FROM log_entries WHERE id = ?", [entry]))["text"]
        click.echo(f"Logged #{entry}: {terminal_safe(text, limit=300)}")


@crisis.command("list")
@json_option
@pass_session
def crisis_list(session: Session, as_json: bool) -> None:
    """List crises, open ones first."""
    from warroom.queue_report import crisis_heading, crisis_json
    from warroom.store.crises import list_crises

    found = list_crises(session.db)
    if as_json:
        click.echo(json_text([crisis_json(item) for item in found]))
        return
    if not found:
        click.echo('No crises yet; open one with `warroom crisis new "TITLE"`.')
    for item in found:
        click.echo(crisis_heading(item, session.now(), session.zone))


@crisis.command("resolve")
@click.argument("crisis_id", type=int, required=False, shell_complete=complete_crisis)
@pass_session
def crisis_resolve(session: Session, crisis_id: int | None) -> None:
    """Resolve a crisis (default: the latest open one): settle open promises, plan the recovery."""
    from warroom.actions.crises import resolve_crisis
    from warroom.store.crises import active_crisis

    target = active_crisis(session.db, crisis_id)
    done = resolve_crisis(session.db, session.actor, target.id)
    settled = ", ".join(f"{count} {state.value}" for state, count in done.settled.items()) or "none open"
    click.echo(f"Resolved crisis #{done.crisis.id}: {terminal_safe(done.crisis.title, limit=80)}. "
               f"Open promises settled: {settled}.")
    if done.settled.get(CommitmentState.MISSED):
        missed = count_of(done.settled[CommitmentState.MISSED], "promised update")
        click.echo(f"{missed} had passed unmet: logged as missed.")
    click.echo(f"Recovery: {count_of(done.tasks, 'task')} over 90 days ({count_of(done.affected, 'closure message')}, "
               f"{count_of(done.critical, 'Critical debrief')}); `warroom tasks` lists them.")


@click.command()
@click.argument("level", type=click.Choice([level.value for level in ImpactLevel]))
@click.option("--where", "filters", multiple=True, metavar="FIELD=VALUE",
              help="industry, country, segment, owner or region (zone area: Europe, America...); repeatable, "
                   "all must match; VALUE may list alternatives with commas.")
@click.option("--accounts", "pasted", metavar="LIST",
              help="Names or ids, one per line or comma-separated; '-' reads them from standard input.")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False), help="A CSV of account ids from engineering.")
@click.option("--data-accessed", is_flag=True, help="Security crises: their data was accessed (makes them Critical).")
@click.option("--yes", is_flag=True, help="Apply; without it only the preview is printed.")
@crisis_option
@pass_session
def affected(session: Session, level: str, filters: tuple[str, ...], pasted: str | None, csv_file: str | None,
             data_accessed: bool, yes: bool, crisis_id: int | None) -> None:
    """Mark many accounts at once: warroom affected affected --where industry=Healthcare --yes.

    Prints how many accounts would change first; --yes applies it, logged as one decision."""
    from warroom.actions.crises import mark_affected, preview_marking
    from warroom.store import affected as bulk
    from warroom.store.crises import active_crisis

    if sum(bool(x) for x in (filters, pasted, csv_file)) != 1:
        raise click.UsageError("Choose the accounts one way: --where, --accounts or --csv.")
    target = active_crisis(session.db, crisis_id)
    if filters:
        selection = bulk.select_by_filter(session.db, bulk.parse_filter(list(filters)))
    elif csv_file:
        selection = bulk.select_from_csv(session.db, csv_file)
    else:
        selection = bulk.select_by_list(session.db, sys.stdin.read() if pasted == "-" else pasted or "")
    impact = ImpactLevel(level)
    click.echo(terminal_safe(preview_marking(session.db, target.id, selection, impact), limit=2000))
    if not yes:
        click.echo("Nothing changed yet; run again with --yes to apply.")
        return
    entry = mark_affected(session.db, session.actor, target.id, selection, impact,
                          data_accessed=True if data_accessed else None)
    click.echo(f"Applied; logged as decision #{entry}.")
