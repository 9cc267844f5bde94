"""`warroom templates check`: every template against every sample account and contact."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlite_utils import Database

from warroom.compose.context import draft_facts
from warroom.compose.rendering import TemplateFailed, render
from warroom.compose.templates import discover
from warroom.config import Config


def check_all(db: Database, config: Config, limit: int | None = None) -> tuple[list[str], int]:
    """(problems, drafts rendered): missing facts and template errors, one sentence each. A
    template that fails is reported once and not rendered again: a runaway one would otherwise
    spend its whole time budget on every account and contact."""
    found = discover()
    problems = list(found.problems)
    now = datetime.now(UTC)
    renders = 0
    failed: set[str] = set()
    accounts = list(db.query("SELECT id FROM accounts ORDER BY id" + (f" LIMIT {int(limit)}" if limit else "")))
    for account in accounts:
        contacts = [row["id"] for row in db.query("SELECT id FROM contacts WHERE account_id = ?", [account["id"]])]
        for contact in contacts:
            facts = draft_facts(db, account["id"], contact_id=contact, now=now, zone=config.zone(),
                                csm=config.csm())
            for template in found.templates.values():
                if template.key in failed:
                    continue
                renders += 1
                try:
                    draft = render(template, facts)
                except TemplateFailed as error:
                    problems.append(str(error))
                    failed.add(template.key)
                    continue
                for name in draft.missing:
                    problems.append(f"{template.path.name}: {name} is missing for account #{account['id']}, "
                                    f"contact {contact!r}")
    return problems, renders
