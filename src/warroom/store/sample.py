"""Builds sample.db: a portfolio of ~150 accounts, a live L1 outage and a resolved security
incident. Deterministic: the same code always writes the same rows.

Run `python -m warroom.store.sample sample.db` (or `make sample`) to rebuild it.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypedDict

from sqlite_utils import Database

from warroom.domain.instants import to_text
from warroom.domain.vocabulary import CrisisKind, EntryKind, ImpactLevel, Severity, Tier
from warroom.store.crises import create_crisis, resolve_crisis
from warroom.store.database import open_database
from warroom.store.impacts import override_tier, set_impact
from warroom.store.log import append_entry
from warroom.store.settings import put_setting
from warroom.store.tasks import list_tasks, tick_task
from warroom.store.transactions import immediate

AS_OF = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
SEED = 20260310

_FIRST = ["Northwind", "Blue", "Granite", "Silver", "Harbor", "Cedar", "Summit", "Atlas", "Beacon",
          "Orchid", "Polar", "Quartz", "Redwood", "Sable", "Tidal", "Union", "Vertex", "Willow",
          "Zephyr", "Copper", "Delta", "Ember", "Falcon", "Juniper", "Keystone"]
_SECOND = ["Health", "Bank", "Logistics", "Labs", "Retail", "Energy", "Media", "Systems",
           "Insurance", "Foods", "Motors", "Analytics"]
_INDUSTRIES = ["Government", "Healthcare", "Financial Services", "Retail", "Manufacturing",
               "Software", "Media", "Logistics", "Education", "Energy", "Hospitality", "Software",
               "Retail", "Manufacturing", "Media", "Travel", "Telecommunications", "Gaming"]
_OWNERS = ["Dana Whitfield", "Sam Okafor", "Priya Raman", "Luis Ortega", "Mei Chen", "Jonas Berg"]
_ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London",
          "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo"]
_PEOPLE_FIRST = ["Alex", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Avery", "Quinn",
                 "Hiro", "Ingrid", "Kwame", "Lena", "Mateo", "Noor", "Olga", "Ravi", "Sofia", "Yusuf"]
_PEOPLE_LAST = ["Abbott", "Brandt", "Costa", "Dubois", "Eze", "Fischer", "Garcia", "Haddad",
                "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okoye", "Petrov"]
_ROLES = [("executive", "VP Operations"), ("technical", "Head of Platform Engineering"),
          ("operational", "Support Lead"), ("executive", "Chief Executive Officer"),
          ("technical", "CTO"), ("operational", "Operations Manager")]

# Every later screen is tested against these by default.
HOSTILE_NAMES = [
    "[bold red]Crimson[/] Freight",
    "Evil\x1b[31m Corp\x1b[0m",
    "[@click=app.quit]Quitter Labs",
    "شركة الشرق للتجارة",
    "Null\x00Byte Holdings",
    "Very Long Name " + "Industries " * 30,
]


class _AccountRow(TypedDict):
    id: int
    external_id: str
    name: str
    domain: str
    industry: str
    segment: str
    country: str
    owner: str
    arr: float
    currency: str
    renewal_date: str
    health: str
    health_score: float
    stage: str
    timezone: str
    executive_escalation: int
    compliance_sensitive: int
    strategic: int
    high_visibility: int
    reference: int
    expansion_pipeline: float
    champion_strength: str
    escalations_last_year: int
    sentiment_trend: str
    growth_potential: str
    operations_24x7: int
    sla_credits: int
    notes: str | None
    created_at: str
    updated_at: str


class _ContactRow(TypedDict):
    account_id: int
    name: str
    role: str
    title: str
    email: str
    phone: str
    timezone: str
    created_at: str


# (minute after the start, the account or None for the war room itself, kind, text,
#  minutes until the promised next update or None)
_ScriptLine = tuple[int, _AccountRow | None, EntryKind, str, int | None]


def _account_rows(rng: random.Random) -> list[_AccountRow]:
    names = [f"{first} {second}" for first in _FIRST for second in _SECOND]
    rng.shuffle(names)
    names = names[:144] + HOSTILE_NAMES
    today = AS_OF.date()
    rows: list[_AccountRow] = []
    for index, name in enumerate(names, start=1):
        renewal = today + timedelta(
            days=rng.choice([12, 44, 75, 120, 140, 160, 180, 200, 215, 230, 245, 260, 290, 305, 320, 350, 390]))
        health = rng.choices(["green", "yellow", "red"], weights=[86, 10, 4])[0]
        rows.append(
            _AccountRow(
                id=index,
                external_id=f"001SAMPLE{index:05d}",
                name=name,
                domain=f"{name.split()[0].lower().strip('[]@=')}.example",
                industry=rng.choice(_INDUSTRIES),
                segment=rng.choice(["Enterprise", "Mid-Market", "SMB"]),
                country=rng.choice(["US", "GB", "DE", "JP", "AU", "IN", "BR", "FR"]),
                owner=rng.choice(_OWNERS),
                arr=float(rng.choice([18, 25, 40, 60, 85, 120, 180, 250, 400, 650, 900, 1500]) * 1000),
                currency="USD",
                renewal_date=renewal.isoformat(),
                health=health,
                health_score={"green": 82.0, "yellow": 61.0, "red": 34.0}[health],
                stage=rng.choice(["Adopting", "Expanding", "Mature", "Onboarding"]),
                timezone=rng.choice(_ZONES),
                executive_escalation=int(rng.random() < 0.05),
                compliance_sensitive=int(rng.random() < 0.04),
                strategic=int(rng.random() < 0.06),
                high_visibility=int(rng.random() < 0.05),
                reference=int(rng.random() < 0.10),
                expansion_pipeline=float(rng.choice([0, 0, 0, 0, 0, 0, 0, 75000, 200000])),
                champion_strength=rng.choice(["strong", "strong", "strong", "medium", "medium", "weak", "none"]),
                escalations_last_year=rng.choice([0, 0, 0, 1, 2, 4]),
                sentiment_trend=rng.choice(["up", "flat", "flat", "down"]),
                growth_potential=rng.choice(["high", "medium", "low"]),
                operations_24x7=int(rng.random() < 0.2),
                sla_credits=int(rng.random() < 0.3),
                notes="Prefers [b]phone[/b] calls; see runbook \x1b]8;;http://x\x07link" if index % 37 == 0 else None,
                created_at=to_text(AS_OF - timedelta(days=400)),
                updated_at=to_text(AS_OF - timedelta(days=3)),
            )
        )
    return rows


def _contact_rows(rng: random.Random, accounts: list[_AccountRow]) -> list[_ContactRow]:
    rows: list[_ContactRow] = []
    for account in accounts:
        for slot in range(rng.choice([2, 3, 3, 4])):
            role, title = _ROLES[(account["id"] + slot) % len(_ROLES)]
            first, last = rng.choice(_PEOPLE_FIRST), rng.choice(_PEOPLE_LAST)
            rows.append(
                _ContactRow(
                    account_id=account["id"],
                    name=f"{first} {last}",
                    role=role,
                    title=title,
                    email=f"{first.lower()}.{last.lower()}@{account['domain']}",
                    phone=f"+1 555 {account['id']:03d} {slot:04d}",
                    timezone=rng.choice(_ZONES) if slot else account["timezone"],
                    created_at=to_text(AS_OF - timedelta(days=300)),
                )
            )
    return rows


def _security_incident(db: Database, rng: random.Random) -> None:
    started = AS_OF - timedelta(days=30)
    crisis = create_crisis(db, title="Credential stuffing on the admin portal", kind=CrisisKind.SECURITY,
                           severity=Severity.L2, started_at=started, now=started)
    touched = rng.sample(range(1, 151), 20)
    for position, account_id in enumerate(touched):
        set_impact(db, crisis_id=crisis.id, account_id=account_id,
                   level=ImpactLevel.AFFECTED if position % 3 else ImpactLevel.MINIMAL,
                   by="Dana Whitfield", now=started + timedelta(minutes=20), data_accessed=position < 4)
    for position, account_id in enumerate(touched[:8]):
        at = started + timedelta(minutes=35 + position * 9)
        append_entry(db, crisis_id=crisis.id, account_id=account_id, kind=EntryKind.CALL,
                     text="Walked through the forced password reset and audit log export.",
                     author="Dana Whitfield", at=at, now=at, next_update_due=at + timedelta(hours=4))
    resolved_at = started + timedelta(days=3)
    resolve_crisis(db, crisis.id, resolved_at)
    # Most of the 48-hour and 2-week work is done; the 30- and 90-day watch is still open.
    for task in list_tasks(db, crisis.id):
        if task.is_checklist or (task.due_at and task.due_at <= resolved_at + timedelta(days=14)
                                 and not task.title.startswith("Update account plans")):
            tick_task(db, task.id, done=True, by="Dana Whitfield", now=min(task.due_at or resolved_at, AS_OF)
                      - timedelta(hours=6))


def _outage(db: Database, rng: random.Random, accounts: list[_AccountRow]) -> None:
    started = AS_OF - timedelta(minutes=25)
    crisis = create_crisis(db, title="EU API gateway outage: 502s on every write", kind=CrisisKind.OUTAGE,
                           severity=Severity.L1, started_at=started, now=started)
    levels = ([ImpactLevel.BUSINESS_CRITICAL] * 15 + [ImpactLevel.AFFECTED] * 60
              + [ImpactLevel.MINIMAL] * 35 + [ImpactLevel.NOT_AFFECTED] * 40)
    rng.shuffle(levels)
    set_at = started + timedelta(minutes=4)
    for account, level in zip(accounts, levels, strict=True):
        if level is not ImpactLevel.NOT_AFFECTED or account["name"] in HOSTILE_NAMES:
            set_impact(db, crisis_id=crisis.id, account_id=account["id"],
                       level=max(level, ImpactLevel.AFFECTED, key=list(ImpactLevel).index)
                       if account["name"] in HOSTILE_NAMES else level,
                       by="Dana Whitfield", now=set_at)
    with immediate(db):
        for minutes, status, summary, eta, workaround in [
            (6, "investigating", "Writes through the EU API gateway return 502; reads are fine.", None,
             "Retry writes against the US endpoint."),
            (19, "identified", "A bad TLS certificate rotation on two EU gateway nodes; rolling back.",
             "about 60 minutes", "Retry writes against the US endpoint."),
        ]:
            db.execute(
                "INSERT INTO status_updates (crisis_id, at, status, summary, scope, eta, eta_confidence, "
                "workaround, author) VALUES (?, ?, ?, ?, 'EU region, write API', ?, ?, ?, 'Incident commander')",
                [crisis.id, to_text(started + timedelta(minutes=minutes)), status, summary,
                 eta, "medium" if eta else None, workaround],
            )
        db.execute("UPDATE crises SET status = 'identified' WHERE id = ?", [crisis.id])
    affected = [a for a, level in zip(accounts, levels, strict=True) if level is not ImpactLevel.NOT_AFFECTED]
    script = _outage_script(affected)
    for minute, whom, kind, text, next_in in script:
        at = started + timedelta(minutes=minute)
        append_entry(db, crisis_id=crisis.id, account_id=whom["id"] if whom else None, kind=kind,
                     text=text, author=whom["owner"] if whom else "Dana Whitfield", at=at, now=at,
                     next_update_due=at + timedelta(minutes=next_in) if next_in else None)
    override_tier(db, crisis_id=crisis.id, account_id=affected[5]["id"], tier=Tier.CRITICAL,
                  reason="Their CEO emailed our CEO directly", by="Dana Whitfield", now=AS_OF - timedelta(minutes=2))


def _outage_script(affected: list[_AccountRow]) -> list[_ScriptLine]:
    """About forty entries: calls, emails, escalations and decisions, with promises that end up
    kept, late, one overdue and several due soon at the sample's "as of" instant."""
    a = affected
    return [
        (2, None, EntryKind.DECISION, "War room opened; CS owns customer comms, eng owns the fix.", None),
        (3, None, EntryKind.STATUS, "Eng: 502s on EU writes, investigating.", None),
        (5, a[0], EntryKind.CALL, "Spoke to their VP Ops; payroll batch blocked. Promised an update.", 10),
        (6, a[1], EntryKind.ESCALATION, "Their CTO escalated through sales; wants a call now.", None),
        (7, a[1], EntryKind.CALL, "Called CTO back; explained scope, no ETA yet.", 15),
        (8, a[2], EntryKind.EMAIL, "Sent the initial acknowledgment with the US endpoint workaround.", 40),
        (9, a[3], EntryKind.CALL, "Left voicemail, then reached their support lead.", 12),
        (10, a[4], EntryKind.CALL, "Told their ops manager about the workaround; they will switch.", 45),
        (11, a[0], EntryKind.CALL, "Update: still investigating; they are holding the batch.", 20),
        (12, a[6], EntryKind.EMAIL, "Initial acknowledgment sent to the [b]ops[/b] list.", 50),
        (12, a[7], EntryKind.CHAT, "Answered in their shared Slack channel.", 35),
        (13, None, EntryKind.DECISION, "Pause all EU deploys until the gateway is healthy.", None),
        (13, a[8], EntryKind.CALL, "Exec sponsor briefed; asked about SLA credits.", 25),
        (14, a[9], EntryKind.EMAIL, "Acknowledgment with workaround.", 60),
        (14, a[10], EntryKind.NOTE, "Account manager says they are in a renewal call today.", None),
        (15, a[10], EntryKind.CALL, "Called before their renewal meeting; they appreciated it.", 18),
        (15, a[11], EntryKind.EMAIL, "Acknowledgment sent.", 55),
        (16, a[12], EntryKind.CALL, "Their on-call engineer already saw the 502s; gave the workaround.", 30),
        (16, a[13], EntryKind.EMAIL, "Acknowledgment sent.", 65),
        (17, a[14], EntryKind.CALL, "Healthcare customer: confirmed no PHI involved; outage only.", 28),
        (17, a[15], EntryKind.EMAIL, "Acknowledgment sent.", 70),
        (18, a[16], EntryKind.CALL, "Spoke to CTO, will update at the top of the hour.", 12),
        (18, a[2], EntryKind.NOTE, "They replied asking for the root cause in writing.", None),
        (19, None, EntryKind.STATUS, "Eng: cause identified (TLS rotation); rollback under way.", None),
        (19, a[17], EntryKind.EMAIL, "Acknowledgment sent.", 75),
        (20, a[18], EntryKind.CALL, "CFO asked for impact numbers; promised by end of call cycle.", 6),
        (20, a[19], EntryKind.EMAIL, "Acknowledgment sent with the US endpoint steps.", 80),
        (21, a[1], EntryKind.CALL, "CTO update: cause identified, rollback started.", 30),
        (21, a[20], EntryKind.MEETING, "Joined their internal bridge for ten minutes.", 33),
        (22, a[21], EntryKind.EMAIL, "Acknowledgment sent.", 85),
        (22, a[22], EntryKind.CALL, "Government customer; their compliance officer wants a written timeline.", 9),
        (22, a[22], EntryKind.TIMELINE, "Shared: rollback ETA about 60 minutes, medium confidence.", 38),
        (23, a[23], EntryKind.ESCALATION, "Their CEO emailed our CEO directly.", None),
        (23, None, EntryKind.DECISION, "Leadership approved 15-day credits for L1-impacted enterprise accounts.", None),
        (23, a[24], EntryKind.EMAIL, "Acknowledgment sent.", 90),
        (24, a[25], EntryKind.CALL, "Ops lead is fine using the workaround.", 36),
        (24, a[26], EntryKind.EMAIL, "Acknowledgment sent.", 95),
        (24, a[27], EntryKind.CHAT, "Replied on their support channel.", 40),
        (25, a[28], EntryKind.CALL, "Spoke to their VP Engineering; next update at :45.", 20),
    ]


def build_sample(path: Path) -> Path:
    """Write a fresh sample database at `path` (replacing it)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(SEED)
    db = open_database(path)
    try:
        db.execute("PRAGMA synchronous = OFF")  # a throwaway build: speed over durability
        accounts = _account_rows(rng)
        contacts = _contact_rows(rng, accounts)
        with immediate(db):
            # sqlite-utils takes plain dicts.
            db.table("accounts").insert_all(dict(row) for row in accounts)
            db.table("contacts").insert_all(dict(row) for row in contacts)
        _security_incident(db, rng)
        _outage(db, rng, accounts)
        put_setting(db, "sample_as_of", to_text(AS_OF))
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode = DELETE")
    finally:
        db.close()
    return path


def main(argv: list[str]) -> int:
    target = Path(argv[1] if len(argv) > 1 else "sample.db")
    build_sample(target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
