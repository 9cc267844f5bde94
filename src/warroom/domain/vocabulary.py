"""The fixed words of the practice: tiers, impact levels, crisis kinds, entry kinds, states."""

from __future__ import annotations

from enum import StrEnum


class Tier(StrEnum):
    CRITICAL = "critical"
    STANDARD = "standard"
    STABLE = "stable"
    NOT_AFFECTED = "not_affected"

    @property
    def rank(self) -> int:
        return TIER_RANK[self]

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


TIER_RANK = {tier: position for position, tier in enumerate(Tier)}


class ImpactLevel(StrEnum):
    """How hard the crisis hits one account."""

    NOT_AFFECTED = "not_affected"
    MINIMAL = "minimal"
    AFFECTED = "affected"
    BUSINESS_CRITICAL = "business_critical"


class Health(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class CrisisKind(StrEnum):
    OUTAGE = "outage"
    SECURITY = "security"
    PRODUCT_BUG = "product_bug"
    MERGER = "merger"
    LEADERSHIP_CHANGE = "leadership_change"
    OTHER = "other"


class Severity(StrEnum):
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"
    L4 = "L4"


class TechnicalStatus(StrEnum):
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


class EntryKind(StrEnum):
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    CHAT = "chat"
    ESCALATION = "escalation"
    TIMELINE = "timeline"
    DECISION = "decision"
    STATUS = "status"
    NOTE = "note"
    # Written by the program, never typed:
    DRAFT_COPIED = "draft_copied"
    COMMITMENT_KEPT = "commitment_kept"
    COMMITMENT_LATE = "commitment_late"
    COMMITMENT_MISSED = "commitment_missed"
    TIER_OVERRIDE = "tier_override"
    SNOOZE = "snooze"
    TASK = "task"  # a checklist or recovery task ticked (or unticked)
    SYNC = "sync"  # an internal sync held; its summary is the text


# Entries that reach the customer: they count as contact and settle a promised update.
CUSTOMER_FACING = frozenset(
    {EntryKind.CALL, EntryKind.EMAIL, EntryKind.MEETING, EntryKind.CHAT, EntryKind.TIMELINE}
)

# The kinds a person may type at the start of an entry.
TYPED_KINDS = frozenset(
    {
        EntryKind.CALL,
        EntryKind.EMAIL,
        EntryKind.MEETING,
        EntryKind.CHAT,
        EntryKind.ESCALATION,
        EntryKind.TIMELINE,
        EntryKind.DECISION,
        EntryKind.STATUS,
        EntryKind.NOTE,
    }
)


class CommitmentState(StrEnum):
    OPEN = "open"
    KEPT = "kept"
    LATE = "late"
    MISSED = "missed"
    CANCELLED = "cancelled"


class ContactRole(StrEnum):
    TECHNICAL = "technical"
    EXECUTIVE = "executive"
    OPERATIONAL = "operational"
