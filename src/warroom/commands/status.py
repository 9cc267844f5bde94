"""`warroom status` (engineering's single source of truth) and `warroom sync` (the internal
sync summary that restarts the sync timer)."""

from __future__ import annotations

import click

from warroom.domain.safetext import terminal_safe
from warroom.domain.vocabulary import TechnicalStatus
from warroom.session import Session, pass_session
from warroom.store.status import CONFIDENCES


@click.command()
@click.argument("summary", required=False)
@click.option("--status", "technical_status", type=click.Choice([s.value for s in TechnicalStatus]),
              help="investigating, identified, monitoring or resolved (default: unchanged).")
@click.option("--scope", help="Who and what is hit (kept until changed; '' clears).")
@click.option("--eta", help="Expected fix, in words: 'about 60 minutes' (kept until changed).")
@click.option("--confidence", type=click.Choice(CONFIDENCES), help="Confidence in the ETA.")
@click.option("--workaround", help="What customers can do meanwhile (kept until changed).")
@click.option("--crisis", "crisis_id", type=int, help="Crisis number (default: the latest open one).")
@pass_session
def status(session: Session, summary: str | None, technical_status: str | None, scope: str | None, eta: str | None,
           confidence: str | None, workaround: str | None, crisis_id: int | None) -> None:
    """Record engineering's status: warroom status "Rollback done" --status monitoring.

    Every draft uses the latest one. Without a summary, print the history."""
    from warroom.store.crises import active_crisis
    from warroom.store.status import post_status, status_history

    target = active_crisis(session.db, crisis_id)
    if summary is None:
        if any(v is not None for v in (technical_status, scope, eta, confidence, workaround)):
            raise click.UsageError('Give the summary too: warroom status "Rollback done" --status monitoring.')
        history = status_history(session.db, target.id)
        if not history:
            click.echo(f'No status updates for crisis #{target.id} yet; add one: warroom status "what we know".')
        for update in history:
            local = update.at.astimezone(session.zone)
            click.echo(f"{local:%Y-%m-%d %H:%M} {terminal_safe(update.author, limit=40)}: "
                       f"{terminal_safe(update.line(), limit=400)}")
        return
    update = post_status(session.db, target.id, summary=summary, by=session.config.author_name, now=session.now(),
                         status=TechnicalStatus(technical_status) if technical_status else None, scope=scope,
                         eta=eta, eta_confidence=confidence, workaround=workaround)
    click.echo(f"Status for crisis #{target.id}: {terminal_safe(update.line(), limit=400)}")


@click.command()
@click.option("--log", "log_it", is_flag=True, help="Record that the sync happened (restarts the sync timer).")
@click.option("--copy", "copy", is_flag=True, help="Put the summary on the clipboard too.")
@click.option("--crisis", "crisis_id", type=int, help="Crisis number (default: the latest open one).")
@pass_session
def sync(session: Session, log_it: bool, copy: bool, crisis_id: int | None) -> None:
    """Print the internal sync summary: per tier accounts, contacted, overdue, ARR; escalations
    and decisions since the last sync; commitments kept, late and missed."""
    from warroom import locations
    from warroom.compose.clipboard import copy_text
    from warroom.compose.sync_summary import sync_summary
    from warroom.store.crises import active_crisis
    from warroom.store.rollups import crisis_rollup, record_sync

    now = session.now()
    target = active_crisis(session.db, crisis_id)
    text = sync_summary(crisis_rollup(session.db, target, now, session.zone), session.zone)
    click.echo(terminal_safe(text, single_line=False), nl=False)
    if copy:
        outcome = copy_text(text, label=f"sync {target.id}", now=now, drafts_dir=locations.drafts_dir())
        click.echo(outcome.sentence, err=True)
    if log_it:
        entry = record_sync(session.db, target.id, summary=text, by=session.config.author_name, now=now)
        next_at = (now + target.cadence.internal_sync).astimezone(session.zone)
        click.echo(f"Logged sync #{entry}; the next internal sync is due at {next_at:%H:%M}.", err=True)
