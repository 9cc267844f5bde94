"""The `warroom` command line. With no command it opens the console."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import click

from warroom.commands.completion import complete_account, complete_template
from warroom.commands.options import crisis_option, json_option
from warroom.config import Config, ConfigError, load_config
from warroom.domain.clock import Clock, system_clock
from warroom.domain.safetext import terminal_safe
from warroom.domain.times import parse_instant
from warroom.domain.vocabulary import ImpactLevel, Tier
from warroom.json_output import json_text
from warroom.session import USER_ERRORS, Session, WarroomGroup, pass_session


@click.group(cls=WarroomGroup, invoke_without_command=True)
@click.option("--db", "db_path", envvar="WARROOM_DB", type=click.Path(dir_okay=False),
              help="Database file (default: warroom.db in your data directory; or WARROOM_DB).")
@click.version_option(package_name="warroom")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """Warroom: triage your accounts, keep every promise, log every call during a crisis."""
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    try:
        config = obj.get("config") or load_config()
    except ConfigError as error:
        raise click.ClickException(str(error)) from error
    ctx.obj = Session(db_path=db_path, clock=obj.get("clock", system_clock), config=config)
    if ctx.invoked_subcommand is None:
        _open_console(ctx.obj)
    elif notice := config.user_zone().notice:
        click.echo(notice, err=True)  # stderr: --json on stdout stays clean


def make_app(db_path: str | Path, *, clock: Clock = system_clock, config: Config | None = None,
             ticking: bool = True, db=None):
    """The console on a database; tests build it the same way the command line does.

    Opening the database and checking the key map happen here, before the screen takes
    over the terminal, so a problem is one sentence on a normal terminal.
    """
    from warroom.app import WarroomApp, check_keymap
    from warroom.store.database import open_database

    config = config or Config()
    check_keymap(config.keys)
    db = db if db is not None else open_database(db_path, busy_timeout_ms=config.busy_timeout_ms)
    return WarroomApp(db, Path(db_path), config, clock=clock, ticking=ticking)


def _open_console(session: Session) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise click.ClickException(
            "The console needs a terminal; to print the queue instead, run `warroom queue`."
        )
    try:
        app = make_app(session.path, clock=session.clock, config=session.config, db=session.db)
    except USER_ERRORS as error:
        raise click.ClickException(str(error)) from error
    app.run()
    if app.return_code:
        from warroom.crash import crash_sentence

        if app.crash_error is not None:
            click.echo(crash_sentence(app.crash_error, app.crash_report), err=True)
        sys.exit(app.return_code)


def _print_queue(session: Session, crisis_id: int | None, as_json: bool, show_all: bool) -> None:
    from warroom.queue_report import queue_json, queue_text
    from warroom.store.crises import active_crisis
    from warroom.store.queue import load_queue

    now, zone = session.now(), session.zone
    crisis = active_crisis(session.db, crisis_id)
    items = load_queue(session.db, crisis, now, zone, include_not_affected=show_all)
    from datetime import timedelta

    due_soon = timedelta(minutes=session.config.due_soon_minutes)
    if as_json:
        click.echo(json_text(queue_json(items, crisis, now, due_soon)))
    else:
        width = _terminal_width()
        click.echo(queue_text(items, crisis, now, zone, now.astimezone(zone).date(), due_soon, width))


def _terminal_width(default: int = 120) -> int:
    """COLUMNS, else the size of whichever standard stream is a terminal (so `| head` still
    fits the screen), else `default`."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    for descriptor in (1, 2, 0):
        try:
            return os.get_terminal_size(descriptor).columns
        except OSError:
            continue
    return default


@cli.command()
@crisis_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--all", "show_all", is_flag=True, help="Include Not affected accounts.")
@pass_session
def queue(session: Session, crisis_id: int | None, as_json: bool, show_all: bool) -> None:
    """Print the tiered queue: who to contact next, by when, and why."""
    _print_queue(session, crisis_id, as_json, show_all)


@cli.command()
@click.argument("account", required=False, shell_complete=complete_account)
@click.argument("text", required=False)
@crisis_option
@click.option("--crisis-wide", is_flag=True, help="An entry for the whole crisis, not one account.")
@click.option("--at", "at_text", help="When it happened: HH:MM today or an ISO time (default: now).")
@click.option("--author", help="Who is logging (default: the config's author, else your login).")
@click.option("--json", "as_json", is_flag=True, help="Print what was recorded as JSON.")
@pass_session
def log(session: Session, account: str | None, text: str | None, crisis_id: int | None,
        crisis_wide: bool, at_text: str | None, author: str | None, as_json: bool) -> None:
    """Append an entry to the crisis log: `warroom log ACME "call spoke to CTO next 14:00"`.

    Language: [kind] text [next TIME] [to CONTACT]. Kinds: call, email, meeting, chat,
    escalation, timeline, decision, status, note (the default). Times: 14:00, 2pm, noon,
    eod, in 45m, +90m, tomorrow 9am, "9am their time". The command returns only once the
    entry is on disk.
    """
    from warroom.actions.entries import describe_due, log_entry
    from warroom.store.accounts import find_account
    from warroom.store.crises import active_crisis

    if crisis_wide:
        if text is not None:
            raise click.UsageError("With --crisis-wide give only the text, not an account.")
        account, text = None, account
    if text is None:
        raise click.UsageError('Give the account and the text: warroom log ACME "call spoke to CTO".')
    now = session.now()
    at = parse_instant(at_text, now, session.zone) if at_text else now
    crisis = active_crisis(session.db, crisis_id)
    account_row = find_account(session.db, account) if account is not None else None
    actor = session.actor if author is None else replace(session.actor, author=author)
    logged = log_entry(session.db, actor, text, crisis_id=crisis.id,
                       account_id=account_row["id"] if account_row else None, at=at)
    understood, parsed = logged.understood, logged.understood.parsed
    if as_json:
        click.echo(json_text({
            "entry": logged.entry_id,
            "crisis": crisis.id,
            "account": understood.account_id,
            "contact": understood.contact.name if understood.contact else None,
            "kind": parsed.kind.value,
            "text": parsed.text,
            "at": at.isoformat(),
            "next_update_due": understood.next_due.isoformat() if understood.next_due else None,
            "commitment": logged.commitment_id,
            "settled": [{"commitment": s.commitment_id, "state": s.state.value} for s in logged.settled],
        }, indent=None))
        return
    who = terminal_safe(understood.account_name, limit=60) if understood.account_name else "the whole crisis"
    local = at.astimezone(session.zone).strftime("%H:%M")
    line = f"Logged #{logged.entry_id} {parsed.kind.value} for {who} at {local}: {terminal_safe(parsed.text, limit=80)}"
    if understood.contact:
        line += f" (with {terminal_safe(understood.contact.name, limit=40)})"
    if understood.next_due:
        line += f"; next update by {describe_due(understood, session.zone, now)} (promise #{logged.commitment_id})"
    for item in logged.settled:
        line += f"; promised update #{item.commitment_id} {item.state.value}"
    click.echo(line)


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--map", "mappings", multiple=True, metavar="COLUMN=FIELD",
              help="Read COLUMN as FIELD (repeatable), e.g. --map \"Contract Value=arr\".")
@click.option("--kind", type=click.Choice(["accounts", "contacts"]), help="Default: detected from the header.")
@click.option("--dayfirst", is_flag=True, help="Read 01/03/2026 as 1 March, not January 3.")
@click.option("--dry-run", is_flag=True, help="Check and count, write nothing.")
@click.option("--strict", is_flag=True, help="Write nothing if any row is bad.")
@pass_session
def import_(session: Session, file: str, mappings: tuple[str, ...], kind: str | None,
            dayfirst: bool, dry_run: bool, strict: bool) -> None:
    """Load accounts or contacts from a Salesforce, HubSpot or Gainsight CSV export."""
    from warroom.actions.errors import ActionError
    from warroom.actions.imports import import_file, parse_mappings
    from warroom.progress_bar import ProgressBar

    try:
        overrides = parse_mappings(mappings)
    except ActionError as error:
        raise click.UsageError(str(error)) from error  # a malformed option: exit 2, like click's own
    with ProgressBar(f"Importing {Path(file).name}") as progress:
        report = import_file(session.db, session.actor, file, mappings=overrides, kind=kind, dayfirst=dayfirst,
                             dry_run=dry_run, strict=strict, progress=progress)
    for note in report.notes:
        click.echo(f"Note: {note}", err=True)
    for problem in report.problems:
        click.echo(f"Skipped {problem.sentence()}", err=True)
    if dry_run:
        click.echo(f"Dry run, nothing written. {report.summary()}.")
    elif not report.landed:
        click.echo(f"Nothing written (--strict and {len(report.problems)} bad rows). {report.summary()}.")
    else:
        click.echo(f"Imported {report.summary()}.")
    if report.problems:
        sys.exit(1)


@cli.command()
@click.argument("account", shell_complete=complete_account)
@click.argument("level", type=click.Choice([level.value for level in ImpactLevel]))
@click.option("--data-accessed/--no-data-accessed", default=None, help="Security crises: was their data accessed?")
@crisis_option
@pass_session
def impact(session: Session, account: str, level: str, data_accessed: bool | None, crisis_id: int | None) -> None:
    """Set how hard the crisis hits an account."""
    from warroom.actions.accounts import set_impact
    from warroom.store.accounts import find_account
    from warroom.store.crises import active_crisis

    row = find_account(session.db, account)
    target = active_crisis(session.db, crisis_id)
    set_impact(session.db, session.actor, crisis_id=target.id, account_id=row["id"], level=ImpactLevel(level),
               data_accessed=data_accessed)
    click.echo(f"{terminal_safe(row['name'], limit=60)} is now {level.replace('_', ' ')} in crisis #{target.id}.")


@cli.command()
@click.argument("account", shell_complete=complete_account)
@click.argument("tier", type=click.Choice([tier.value for tier in Tier] + ["clear"]))
@click.option("--reason", required=True, help="Why; it is logged as a decision.")
@crisis_option
@pass_session
def override(session: Session, account: str, tier: str, reason: str, crisis_id: int | None) -> None:
    """Put an account in a tier by hand (or `clear` the override)."""
    from warroom.actions.accounts import override_tier
    from warroom.store.accounts import find_account
    from warroom.store.crises import active_crisis

    row = find_account(session.db, account)
    target = active_crisis(session.db, crisis_id)
    entry = override_tier(session.db, session.actor, crisis_id=target.id, account_id=row["id"],
                          tier=None if tier == "clear" else Tier(tier), reason=reason)
    name, why = terminal_safe(row["name"], limit=60), terminal_safe(reason, limit=80)
    click.echo(f"Logged #{entry}: {name} tier {tier} ({why}).")


@cli.command()
@click.option("--to", "target_path", type=click.Path(dir_okay=False),
              help="Where to put the demo copy (default: demo.db in your data directory).")
@click.option("--print", "print_only", is_flag=True, help="Print the demo queue instead of opening the console.")
@pass_session
def demo(session: Session, target_path: str | None, print_only: bool) -> None:
    """Open a fresh copy of the sample crisis, shifted so it began minutes ago."""
    from warroom import locations
    from warroom.store.demo import make_demo

    target = Path(target_path) if target_path else locations.demo_database()
    target.parent.mkdir(parents=True, exist_ok=True)
    make_demo(locations.shipped("sample.db"), target, session.now())
    session.db_path = str(target)
    if print_only:
        _print_queue(session, crisis_id=None, as_json=False, show_all=False)
        return
    _open_console(session)
    click.echo(f"The demo database stays at {target} (open it again with --db).", err=True)


@cli.group()
def templates() -> None:
    """List and check the message templates (shipped and your own)."""


@templates.command("list")
@json_option
def templates_list(as_json: bool) -> None:
    """Every template: its key, name, audience and the file it comes from."""
    from warroom.compose.templates import discover

    found = discover()
    for problem in found.problems:
        click.echo(f"Problem: {problem}", err=True)
    if as_json:
        click.echo(json_text([
            {"key": t.key, "name": t.name, "audience": t.audience, "tiers": list(t.tiers),
             "creates_commitment": t.creates_commitment, "source": t.source, "path": str(t.path)}
            for t in found.templates.values()]))
        return
    for template in found.templates.values():
        name, path = terminal_safe(template.name, limit=80), terminal_safe(str(template.path))
        click.echo(f"{terminal_safe(template.key):<24} {template.audience:<12} {name}  ({template.source}: {path})")


@templates.command("check")
@click.option("--limit", type=int, default=None, help="Check only the first N sample accounts.")
def templates_check(limit: int | None) -> None:
    """Render every template for every sample account and contact; report what is missing."""
    import tempfile

    from warroom import locations
    from warroom.compose.checking import check_all
    from warroom.store.database import copy_database, open_database

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "sample.db"
        copy_database(locations.shipped("sample.db"), copy)
        db = open_database(copy)
        try:
            problems, renders = check_all(db, Config(timezone="UTC", csm_phone="+1 555 0100",
                                                     csm_email="csm@example.com"), limit=limit)
        finally:
            db.close()
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"{renders} drafts rendered, {len(problems)} problems.")
    if problems:
        sys.exit(1)


@cli.command()
@click.argument("account", shell_complete=complete_account)
@click.argument("template", shell_complete=complete_template)
@click.option("--contact", "contact_name", help="Who it is for (default: the account's first executive).")
@crisis_option
@click.option("--json", "as_json", is_flag=True, help="Print subject, body and missing fields as JSON.")
@click.option("--copy", "copy", is_flag=True, help="Put subject and body on the clipboard (and log it) too.")
@click.option("--print", "print_only", is_flag=True, help="Only print the draft (the default).")
@click.option("--yes", "confirmed", is_flag=True,
              help="With --copy: go on although legal review is pending, facts are missing or the account "
                   "is not affected (the same questions the console asks).")
@pass_session
def draft(session: Session, account: str, template: str, contact_name: str | None, crisis_id: int | None,
          as_json: bool, copy: bool, print_only: bool, confirmed: bool) -> None:
    """Render a draft: warroom draft "Acme Health" initial-acknowledgment --contact Jane."""
    from warroom.compose.context import draft_facts
    from warroom.compose.rendering import TemplateFailed, render
    from warroom.compose.templates import discover
    from warroom.domain.contacts import match_contact
    from warroom.store.accounts import find_account
    from warroom.store.quick_entries import contacts_of

    found = discover()
    chosen = found.templates.get(template)
    if chosen is None:
        known = ", ".join(sorted(found.templates))
        raise click.ClickException(f"There is no template {template!r}; known: {known}.")
    row = find_account(session.db, account)
    contact = None
    if contact_name:  # the quick entry's "to Jane" rules: full name, first name or title, one person
        contact = match_contact(contact_name, contacts_of(session.db, row["id"]))
        if contact is None:
            raise click.ClickException(
                f"No single contact of {terminal_safe(row['name'], limit=60)} is called "
                f"{terminal_safe(contact_name, limit=40)!r}; the console's detail pane lists them.")
    facts = draft_facts(session.db, row["id"], contact_id=contact.id if contact else None, now=session.now(),
                        zone=session.zone, csm=session.config.csm(), crisis_id=crisis_id)
    try:
        result = render(chosen, facts)
    except TemplateFailed as error:
        raise click.ClickException(str(error)) from error
    if copy and print_only:
        raise click.UsageError("Use --copy or --print, not both.")
    if copy:
        _copy_and_log(session, chosen, facts, result, account, crisis_id, confirmed, contact)
    if as_json:
        click.echo(json_text({"template": chosen.key, "subject": result.subject, "body": result.body,
                               "missing": result.missing, "fill_in": result.fill_in}, indent=None))
        return
    click.echo(f"Subject: {terminal_safe(result.subject, limit=300)}\n")
    click.echo(terminal_safe(result.body, single_line=False))
    for name in result.missing:
        click.echo(f"Missing: {name} (marked in the draft)", err=True)


def _copy_and_log(session: Session, template, facts, result, account: str, crisis_id: int | None,
                  confirmed: bool, contact) -> None:
    """`draft --copy`: the console's gates, copy paths and log entry (actions/drafts.py)."""
    from warroom import locations
    from warroom.actions.drafts import draft_gates, record_copied
    from warroom.compose.clipboard import copy_text
    from warroom.domain.vocabulary import Tier
    from warroom.store.accounts import find_account
    from warroom.store.crises import active_crisis
    from warroom.store.quick_entries import contacts_of

    row = find_account(session.db, account)
    crisis = active_crisis(session.db, crisis_id)
    tier = next((t for t in Tier if t.label == facts["account"]["tier"]), Tier.NOT_AFFECTED)
    gates = draft_gates(session.db, crisis_id=crisis.id, draft=result, tier=tier)
    warnings = gates.warnings()
    if warnings and not confirmed:
        if not sys.stdin.isatty():
            raise click.ClickException(" ".join(warnings) + " Nothing was copied; add --yes to copy anyway.")
        if not click.confirm(" ".join(warnings) + " Copy anyway?", default=False, err=True):
            raise click.ClickException("Nothing was copied or logged.")
    if contact is None and facts.get("contact"):  # the default contact draft_facts chose
        contact = next((c for c in contacts_of(session.db, row["id"]) if c.name == facts["contact"]["name"]), None)
    terminal = None
    if sys.stderr.isatty():
        terminal = lambda sequence: (sys.stderr.write(sequence), sys.stderr.flush())  # noqa: E731
    outcome = copy_text(f"Subject: {result.subject}\n\n{result.body}", label=row["name"], now=session.now(),
                        drafts_dir=locations.drafts_dir(), terminal_write=terminal)
    promise = datetime.fromisoformat(facts["next_update"]["at"]) if template.creates_commitment else None
    record_copied(session.db, session.actor, crisis_id=crisis.id, account_id=row["id"], contact=contact,
                  template=template, subject=result.subject, body=result.body, promise_due=promise, gates=gates,
                  confirmed=True)
    click.echo(outcome.sentence + " Logged as a draft copied.", err=True)


def _register_commands() -> None:
    from warroom.commands import crisis, export, status, tasks

    for command in (crisis.crisis, crisis.affected, status.status, status.sync, tasks.tasks, export.export):
        cli.add_command(command)


_register_commands()


def main() -> None:
    cli(prog_name="warroom")


if __name__ == "__main__":
    main()
