"""Options many commands share, declared once so their names, help and completion agree."""

from __future__ import annotations

import click

from warroom.commands.completion import complete_crisis

# Every command resolves a missing --crisis the same way (store.crises.active_crisis).
crisis_option = click.option(
    "--crisis", "crisis_id", type=int, metavar="N", shell_complete=complete_crisis,
    help="Crisis number (default: the latest open one, else the latest still in recovery).")

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts (docs/json.md).")
