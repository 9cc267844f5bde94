"""`warroom status` (engineering's single source of truth) and `warroom sync` (the internal
sync summary that restarts the sync timer)."""

from __future__ import annotations

import click

from warroom.commands.options import crisis_option, json_option
from warroom.domain.instants import to_text
from warroom.domain.rollups import AFFECTED_TIERS, Event, Rollup, TierRollup, next_sync
from warroom.domain.safetext import terminal_safe
from warroom.domain.vocabulary import CommitmentState, TechnicalStatus
from warroom.json_output import json_text
from warroom.queue_report import crisis_json, instant_json
from warroom.session import Session, pass_session
from warroom.store.status import CONFIDENCES, StatusUpdate


@click.command()
@click.argument("summary", required=False)
@click.option("--status", "technical_status", type=click.Choice([s.value for s in TechnicalStatus]),
              help="investigating, identified, monitoring or resolved (default: unchanged).")
@click.option("--scope", help="Who and what is hit (kept until changed; '' clears).")
@click.option("--eta", help="Expected fix, in words: 'about 60 minutes' (kept until changed).")
@click.option("--confidence", type=click.Choice(CONFIDENCES), help="Confidence in the ETA.")
@click.option("--workaround", help="What customers can do meanwhile (kept until changed).")
@crisis_option
@json_option
@pass_session
def status(session: Session, summary: str | None, technical_status: str | None, scope: str | None, eta: str | None,
           confidence: str | None, workaround: str | None, crisis_id: int | None, as_json: bool) -> None:
    """Record engineering's status: warroom status "Rollback done" --status monitoring.

    Every draft uses the latest one. Without a summary, print the history (--json: as data)."""
    from warroom.actions.crises import post_status
    from warroom.store.crises import active_crisis
    from warroom.store.status import status_history

    target = active_crisis(session.db, crisis_id)
    if summary is None:
        if any(v is not None for v in (technical_status, scope, eta, confidence, workaround)):
            raise click.UsageError('Give the summary too: warroom status "Rollback done" --status monitoring.')
        history = status_history(session.db, target.id)
        if as_json:
            click.echo(json_text({"crisis": crisis_json(target),
                                  "status_history": [_update_json(update) for update in history]}))
            return
        if not history:
            click.echo(f'No status updates for crisis #{target.id} yet; add one: warroom status "what we know".')
        for update in history:
            local = update.at.astimezone(session.zone)
            click.echo(f"{local:%Y-%m-%d %H:%M} {terminal_safe(update.author, limit=40)}: "
                       f"{terminal_safe(update.line(), limit=400)}")
        return
    update = post_status(session.db, session.actor, target.id, summary=summary,
                         status=TechnicalStatus(technical_status) if technical_status else None, scope=scope,
                         eta=eta, eta_confidence=confidence, workaround=workaround)
    if as_json:
        click.echo(json_text({"crisis": target.id, **_update_json(update)}, indent=None))
        return
    click.echo(f"Status for crisis #{target.id}: {terminal_safe(update.line(), limit=400)}")


@click.command()
@click.option("--log", "log_it", is_flag=True, help="Record that the sync happened (restarts the sync timer).")
@click.option("--copy", "copy", is_flag=True, help="Put the summary on the clipboard too.")
@crisis_option
@json_option
@pass_session
def sync(session: Session, log_it: bool, copy: bool, crisis_id: int | None, as_json: bool) -> None:
    """Print the internal sync summary: per tier accounts, contacted, overdue, ARR; escalations
    and decisions since the last sync; commitments kept, late and missed (--json: the roll-ups
    as data, with the summary's text)."""
    from warroom import locations
    from warroom.actions.crises import record_sync
    from warroom.compose.clipboard import copy_text
    from warroom.compose.sync_summary import sync_summary
    from warroom.store.crises import active_crisis
    from warroom.store.rollups import crisis_rollup

    now = session.now()
    target = active_crisis(session.db, crisis_id)
    rollup = crisis_rollup(session.db, target, now, session.zone)
    text = sync_summary(rollup, session.zone)
    if not as_json:
        click.echo(terminal_safe(text, single_line=False), nl=False)
    if copy:
        outcome = copy_text(text, label=f"sync {target.id}", now=now, drafts_dir=locations.drafts_dir())
        click.echo(outcome.sentence, err=True)
    entry = None
    if log_it:
        entry = record_sync(session.db, session.actor, target.id, text)
        next_at = (now + target.cadence.internal_sync).astimezone(session.zone)
        click.echo(f"Logged sync #{entry}; the next internal sync is due at {next_at:%H:%M}.", err=True)
    if as_json:
        click.echo(json_text(_rollup_json(rollup, text, logged_entry=entry)))


def _update_json(update: StatusUpdate) -> dict:
    return {"id": update.id, "at": to_text(update.at), "status": update.status.value, "summary": update.summary,
            "scope": update.scope, "eta": update.eta, "eta_confidence": update.eta_confidence,
            "workaround": update.workaround, "author": update.author}


def _tier_json(part: TierRollup) -> dict:
    return {"accounts": part.accounts, "contacted": part.contacted, "not_contacted": part.not_contacted,
            "overdue": part.overdue, "arr": part.arr, "arr_at_risk": part.arr_at_risk}


def _events_json(events: list[Event]) -> list[dict]:
    return [{"at": to_text(event.at), "account": event.account, "text": event.text} for event in events]


def _rollup_json(rollup: Rollup, summary: str, *, logged_entry: int | None) -> dict:
    """The roll-ups behind the sync summary as data (docs/json.md); `summary` is its text."""
    # Once this sync is logged the next one is due an interval from now, not from the last.
    last_sync = rollup.now if logged_entry is not None else rollup.since
    return {
        "crisis": crisis_json(rollup.crisis),
        "as_of": to_text(rollup.now),
        "status": rollup.status,
        "tiers": {tier.value: _tier_json(rollup.tiers[tier]) for tier in AFFECTED_TIERS},
        "total": _tier_json(rollup.total),
        "commitments": {state.value: rollup.commitments.get(state, 0) for state in CommitmentState},
        "since": instant_json(rollup.since),
        "escalations": _events_json(rollup.escalations),
        "decisions": _events_json(rollup.decisions),
        "next_sync_due": to_text(next_sync(rollup.crisis, last_sync, rollup.now)),
        "logged_entry": logged_entry,
        "summary": summary,
    }
