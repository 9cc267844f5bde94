"""`warroom export`: the post-mortem of a crisis as Markdown, CSV or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from warroom.commands.options import crisis_option
from warroom.session import Session, pass_session


@click.command()
@crisis_option
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "json"]), default="md", show_default=True)
@click.option("--tz", "zone_name", help="Show times in this IANA zone (default: yours).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE (default: standard output).")
@pass_session
def export(session: Session, crisis_id: int | None, fmt: str, zone_name: str | None, output: str | None) -> None:
    """Export a crisis for its post-mortem: timeline, first contacts, commitments, escalations,
    decisions, engineering status history, ARR and counts per tier (docs/export.md)."""
    from warroom.actions.crises import export_crisis
    from warroom.domain.zones import zone_named
    from warroom.private_files import private_writer
    from warroom.progress_bar import ProgressBar
    from warroom.store.crises import active_crisis

    zone = session.zone
    if zone_name:
        zone = zone_named(zone_name)
        if zone is None:
            raise click.ClickException(f"--tz {zone_name[:60]!r} is not an IANA zone (like Europe/Paris).")
    target = active_crisis(session.db, crisis_id)
    if output:
        path = Path(output)
        if not path.parent.is_dir():
            raise click.ClickException(f"There is no folder {str(path.parent)!r} to write {path.name} in.")
        newline = "" if fmt == "csv" else None
        # Customer content: 0600 like the database, and a reader never sees half an export.
        try:
            with ProgressBar(f"Exporting crisis #{target.id}") as progress:
                with private_writer(path, newline=newline) as out:
                    count = export_crisis(session.db, session.actor, target, out, fmt=fmt, zone=zone,
                                          progress=progress)
        except OSError as error:
            raise click.ClickException(
                f"Could not write {path} ({error.strerror or error}); choose another file with -o.") from error
        click.echo(f"Exported crisis #{target.id}: {count} entries to {path}.", err=True)
    else:
        export_crisis(session.db, session.actor, target, sys.stdout, fmt=fmt, zone=zone)
