"""The facts a draft is filled from: the account (with its tier and reasons), the contact,
the crisis, engineering's latest status (the single source of truth), the CSM, the next
update time in the customer's zone, and the account's recent log entries."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sqlite_utils import Database

from warroom.domain.crises import KIND_LABELS
from warroom.domain.instants import from_text
from warroom.domain.zones import zone_named
from warroom.queue_report import format_money
from warroom.store.accounts import find_account
from warroom.store.crises import active_crisis
from warroom.store.errors import StoreError
from warroom.store.queue import load_queue
from warroom.store.status import latest_status

SLOT_HOURS = (10, 14, 16)


def _next_update(now: datetime, interval: timedelta) -> datetime:
    """The cadence's next update, rounded up to a quarter hour (people promise :00/:15/...)."""
    due = now + interval
    extra = (-due.minute) % 15
    return (due + timedelta(minutes=extra)).replace(second=0, microsecond=0)


def _when(instant: datetime, zone: tzinfo | None, now: datetime) -> str:
    local = instant.astimezone(zone)
    day = "today" if local.date() == now.astimezone(zone).date() else local.strftime("%A %d %B")
    return f"{local:%H:%M} {local.tzname()} {day}".replace(" today", " today")


def _proposed_times(now: datetime, zone: tzinfo | None) -> str:
    """Three concrete slots on the next working days, in the contact's zone."""
    local = now.astimezone(zone)
    slots: list[str] = []
    day = local.date()
    while len(slots) < 3:
        day += timedelta(days=1)
        if day.weekday() < 5:
            hour = SLOT_HOURS[len(slots)]
            slots.append(f"{day:%A %d %B} at {hour}:00")
    return "; ".join(slots) + (f" ({local.tzname()})" if zone else "")


def draft_facts(
    db: Database,
    account_id: int,
    *,
    contact_id: int | None,
    now: datetime,
    zone: tzinfo,
    csm: Mapping[str, str | None],
    crisis_id: int | None = None,
) -> dict[str, Any]:
    """Everything a template may use, for one account and one of its contacts (None: the
    first on file, executives first)."""
    account = find_account(db, f"#{account_id}")
    crisis = active_crisis(db, crisis_id)
    contacts = list(db.query(
        "SELECT * FROM contacts WHERE account_id = ? ORDER BY CASE role WHEN 'executive' THEN 0 "
        "WHEN 'technical' THEN 1 ELSE 2 END, id", [account["id"]]))
    if contact_id is not None:
        contact = next((c for c in contacts if c["id"] == contact_id), None)
        if contact is None:
            raise StoreError(f"Contact #{contact_id} is not one of {account['name']}'s; pick one of its contacts.")
    else:
        contact = contacts[0] if contacts else None
    items = load_queue(db, crisis, now, zone, include_not_affected=True, account_ids={account["id"]})
    item = items[0] if items else None
    status = latest_status(db, crisis.id)
    their_zone = zone_named(contact["timezone"]) if contact else None
    update_at = _next_update(now, crisis.cadence.customer_update)
    entries = [
        {"at": from_text(r["at"]).astimezone(zone).strftime("%H:%M"), "kind": r["kind"], "text": r["text"]}
        for r in db.query("SELECT at, kind, text FROM log_entries WHERE account_id = ? AND crisis_id = ? "
                          "ORDER BY id DESC LIMIT 5", [account["id"], crisis.id])
    ]
    facts: dict[str, Any] = {
        "account": {
            "name": account["name"],
            "arr": format_money(account["arr"] or 0),
            "renewal": account["renewal_date"] or "not on file",
            "industry": account["industry"] or "not on file",
            "owner": account["owner"],
            "tier": item.tier.label if item else "Not affected",
            "reasons": [reason.detail for reason in item.triage.reasons] if item else [],
            "impact": {"minimal": "a minor disruption to your use of the service",
                       "affected": "part of your use of the service is disrupted",
                       "business_critical": "a business-critical process of yours is disrupted",
                       "not_affected": "we do not expect any impact on your use"}[item.impact.level.value]
            if item else "we do not expect any impact on your use",
        },
        "crisis": {
            "title": crisis.title,
            "kind": KIND_LABELS[crisis.kind],
            "severity": crisis.severity.value,
            "status": crisis.status.value,
            "started": _when(crisis.started_at, their_zone or zone, now),
        },
        "csm": {k: v for k, v in csm.items() if v},
        "next_update": {"theirs": _when(update_at, their_zone or zone, now), "yours": _when(update_at, zone, now),
                        "at": update_at.isoformat()},
        "recent_entries": list(reversed(entries)),
        "proposed_times": _proposed_times(now, their_zone or zone),
    }
    if contact:
        facts["contact"] = {k: v for k, v in {
            "name": contact["name"], "first_name": contact["name"].split()[0] if contact["name"].split() else "",
            "role": contact["role"], "title": contact["title"], "timezone": contact["timezone"],
            "email": contact["email"], "phone": contact["phone"]}.items() if v}
    if status:
        facts["status"] = {k: v for k, v in {
            "summary": status.summary, "scope": status.scope, "status": status.status.value,
            "eta": status.eta, "eta_confidence": status.eta_confidence, "workaround": status.workaround,
        }.items() if v}
    return facts


def with_next_update(facts: dict[str, Any], due: datetime, zone: tzinfo, now: datetime) -> dict[str, Any]:
    """The same facts with another next-update time (the CSM changed it in the composer)."""
    their_zone = zone_named(facts.get("contact", {}).get("timezone"))
    changed = dict(facts)
    changed["next_update"] = {"theirs": _when(due, their_zone or zone, now), "yours": _when(due, zone, now),
                              "at": due.isoformat()}
    return changed
