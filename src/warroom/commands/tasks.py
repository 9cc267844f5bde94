"""`warroom tasks`: the crisis checklist and the recovery tasks, ticked from the command line."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import click

from warroom.commands.options import crisis_option, json_option
from warroom.domain.instants import to_text
from warroom.domain.safetext import terminal_safe
from warroom.json_output import json_text
from warroom.queue_report import crisis_json, instant_json
from warroom.session import Session, pass_session

if TYPE_CHECKING:
    from warroom.store.tasks import Task


@click.group(invoke_without_command=True)
@crisis_option
@json_option
@click.pass_context
def tasks(ctx: click.Context, crisis_id: int | None, as_json: bool) -> None:
    """List the checklist and recovery tasks, with due and overdue marks (--json: as data)."""
    ctx.meta["crisis_id"] = crisis_id
    if ctx.invoked_subcommand is not None:
        if as_json:
            raise click.UsageError("--json lists the tasks; leave it out when ticking one.")
        return
    from warroom.store.crises import active_crisis
    from warroom.store.tasks import list_tasks

    session: Session = ctx.obj
    now, zone = session.now(), session.zone
    target = active_crisis(session.db, crisis_id)
    found = list_tasks(session.db, target.id)
    if as_json:
        click.echo(json_text({"crisis": crisis_json(target), "as_of": to_text(now),
                              "tasks": [_task_json(task, now) for task in found]}))
        return
    click.echo(f"Crisis #{target.id}: {terminal_safe(target.title, limit=80)}")
    phase = None
    for task in found:
        if task.phase != phase:
            phase = task.phase
            click.echo("\nChecklist" if task.is_checklist else f"\nWithin {phase}")
        mark = "[x]" if task.done_at else ("[!]" if task.overdue(now) else "[ ]")
        when = ""
        if task.done_at:
            who = terminal_safe(task.done_by or "", limit=30)
            when = f"  done {task.done_at.astimezone(zone):%Y-%m-%d %H:%M} by {who}"
        elif task.due_at:
            when = f"  {'OVERDUE, ' if task.overdue(now) else ''}due {task.due_at.astimezone(zone):%Y-%m-%d %H:%M}"
        click.echo(f"{mark} {task.id:>5}  {terminal_safe(task.title, limit=90)}{when}")


def _task_json(task: Task, now: datetime) -> dict:
    return {"id": task.id, "title": task.title, "phase": task.phase, "account": task.account_id,
            "due_at": instant_json(task.due_at), "done_at": instant_json(task.done_at), "done_by": task.done_by,
            "overdue": task.overdue(now)}


def _tick(session: Session, reference: str, done: bool) -> None:
    from warroom.actions.crises import tick_task
    from warroom.store.crises import active_crisis
    from warroom.store.tasks import find_task

    crisis_id = click.get_current_context().meta.get("crisis_id")  # meta is shared with the group's context
    target = active_crisis(session.db, crisis_id)
    task = find_task(session.db, target.id, reference)
    entry = tick_task(session.db, session.actor, task.id, done=done).entry_id
    click.echo(f"{'Done' if done else 'Reopened'}: {terminal_safe(task.title, limit=90)} (logged #{entry}).")


@tasks.command("done")
@click.argument("task")
@pass_session
def tasks_done(session: Session, task: str) -> None:
    """Tick a task, by number or a unique piece of its title."""
    _tick(session, task, True)


@tasks.command("reopen")
@click.argument("task")
@pass_session
def tasks_reopen(session: Session, task: str) -> None:
    """Untick a task ticked by mistake (logged too)."""
    _tick(session, task, False)
