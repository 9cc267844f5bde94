"""Engineering's status updates: the single source of truth every draft draws from.

Each update is kept (history), moves the crisis's technical status, and is logged as a
crisis-wide status entry so the timeline shows what was known when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from warroom.domain.instants import from_text, to_text
from warroom.domain.vocabulary import EntryKind, TechnicalStatus
from warroom.store.errors import StoreError
from warroom.store.log import insert_automatic
from warroom.store.transactions import immediate, inserted_id

CONFIDENCES = ("low", "medium", "high")


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    id: int
    at: datetime
    status: TechnicalStatus
    summary: str
    scope: str | None
    eta: str | None
    eta_confidence: str | None
    workaround: str | None
    author: str

    def line(self) -> str:
        """One line for logs and lists: "identified: summary; scope ...; ETA ... (medium); workaround ..."."""
        parts = [f"{self.status.value}: {self.summary.rstrip('.;')}"]
        if self.scope:
            parts.append(f"scope {self.scope.rstrip('.;')}")
        if self.eta:
            confidence = self.eta_confidence
            shown = f" ({confidence} confidence)" if confidence and confidence not in self.eta else ""
            parts.append(f"ETA {self.eta.rstrip('.;')}{shown}")
        if self.workaround:
            parts.append(f"workaround: {self.workaround}")
        return "; ".join(parts)


def _update(row: dict[str, Any]) -> StatusUpdate:
    return StatusUpdate(row["id"], from_text(row["at"]), TechnicalStatus(row["status"]), row["summary"],
                        row["scope"], row["eta"], row["eta_confidence"], row["workaround"], row["author"])


def post_status(db: Database, crisis_id: int, *, summary: str, by: str, now: datetime,
                status: TechnicalStatus | None = None, scope: str | None = None, eta: str | None = None,
                eta_confidence: str | None = None, workaround: str | None = None) -> StatusUpdate:
    """Record engineering's latest word. Fields left out carry over from the previous update
    (an ETA stays until someone changes it); the technical status defaults to the current one."""
    if not summary.strip():
        raise StoreError("A status update needs a summary: what is happening, in a sentence.")
    if eta_confidence is not None and eta_confidence not in CONFIDENCES:
        raise StoreError(f"ETA confidence {eta_confidence!r} must be one of {', '.join(CONFIDENCES)}.")
    with immediate(db):
        crisis = next(db.query("SELECT status, resolved_at FROM crises WHERE id = ?", [crisis_id]), None)
        if crisis is None:
            raise StoreError(f"There is no crisis {crisis_id}; `warroom crisis list` shows them.")
        previous = latest_status(db, crisis_id)

        def carried(value: str | None, name: str) -> str | None:
            if value is not None:
                return value.strip() or None  # an empty value clears it
            return getattr(previous, name) if previous else None

        new_status = status or TechnicalStatus(crisis["status"])
        values = dict(crisis_id=crisis_id, at=to_text(now), status=new_status.value, summary=summary.strip(),
                      scope=carried(scope, "scope"), eta=carried(eta, "eta"),
                      eta_confidence=carried(eta_confidence, "eta_confidence"),
                      workaround=carried(workaround, "workaround"), author=by)
        update_id = inserted_id(db.execute(
            "INSERT INTO status_updates (crisis_id, at, status, summary, scope, eta, eta_confidence, workaround, "
            "author) VALUES (:crisis_id, :at, :status, :summary, :scope, :eta, :eta_confidence, :workaround, "
            ":author)", values))
        if crisis["resolved_at"] is None:
            db.execute("UPDATE crises SET status = ? WHERE id = ?", [new_status.value, crisis_id])
        update = _update({**values, "id": update_id})
        insert_automatic(db, crisis_id=crisis_id, kind=EntryKind.STATUS, text=f"Engineering status {update.line()}",
                         by=by, now=now)
    return update


def latest_status(db: Database, crisis_id: int) -> StatusUpdate | None:
    row = next(db.query("SELECT * FROM status_updates WHERE crisis_id = ? ORDER BY at DESC, id DESC LIMIT 1",
                        [crisis_id]), None)
    return _update(row) if row else None


def status_history(db: Database, crisis_id: int) -> list[StatusUpdate]:
    """Oldest first."""
    return [_update(row) for row in db.query(
        "SELECT * FROM status_updates WHERE crisis_id = ? ORDER BY at, id", [crisis_id])]
