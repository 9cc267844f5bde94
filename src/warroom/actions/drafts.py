"""Drafts: which contact and template fit an account, the gates before a message goes out
(legal review, missing facts, an account not affected), and recording a copied draft.

The console's composer and `warroom draft --copy` both go through here, so the same draft
is refused or asked about in both."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlite_utils import Database

from warroom.actions.actor import Actor
from warroom.actions.errors import ActionError, user_action
from warroom.domain.contacts import ContactRef
from warroom.domain.vocabulary import Tier
from warroom.store.crises import get_crisis
from warroom.store.drafts import record_copied_draft
from warroom.store.log import Appended
from warroom.store.tasks import legal_review_pending

if TYPE_CHECKING:  # Jinja2 stays off the console's first frame: drafts load on first use
    from warroom.compose.rendering import Draft
    from warroom.compose.templates import MessageTemplate

# The template a contact's role gets first: technical detail, business impact, workarounds.
TEMPLATE_FOR_ROLE = {"technical": "technical-update", "executive": "executive-update",
                     "operational": "initial-acknowledgment"}


def suggested_contact(contacts: Sequence[ContactRef], tier: Tier) -> int:
    """Index of the contact to write to first: the executive of a Critical account, else the
    technical contact, else the first on file."""
    preferred = "executive" if tier is Tier.CRITICAL else "technical"
    return next((n for n, contact in enumerate(contacts) if contact.role == preferred), 0)


def templates_in_order(templates: Sequence[MessageTemplate], role: str | None, tier: Tier) -> list[MessageTemplate]:
    """The role's template first, then the ones meant for this tier, then by name."""
    first = TEMPLATE_FOR_ROLE.get(role or "")
    return sorted(templates, key=lambda t: (t.key != first, tier.value not in t.tiers, t.name))


@dataclass(frozen=True)
class Gates:
    """What must be asked before a draft goes out; empty means nothing to ask."""

    legal_review_pending: bool
    marked: int  # ⟦missing⟧ and ⟦fill in⟧ places left in the text
    not_affected: bool

    def warnings(self) -> list[str]:
        said = []
        if self.legal_review_pending:
            said.append("Legal has not reviewed customer messages in this security crisis yet.")
        if self.marked:
            said.append(f"{self.marked} place{'s are' if self.marked != 1 else ' is'} still marked ⟦…⟧.")
        if self.not_affected:
            said.append("This account is marked Not affected: a message may cause alarm where there is none.")
        return said


@user_action
def draft_gates(db: Database, *, crisis_id: int, draft: Draft, tier: Tier) -> Gates:
    """The questions for this draft of this crisis; reads only."""
    crisis = get_crisis(db, crisis_id)
    return Gates(legal_review_pending(db, crisis), len(draft.missing) + len(draft.fill_in),
                 tier is Tier.NOT_AFFECTED)


@dataclass(frozen=True)
class CopiedDraft:
    """A draft recorded as copied: its entry, and the promise it made (if any)."""

    entry_id: int
    commitment_id: int | None


@user_action
def record_copied(db: Database, actor: Actor, *, crisis_id: int, account_id: int, contact: ContactRef | None,
                  template: MessageTemplate, subject: str, body: str, promise_due: datetime | None,
                  gates: Gates, confirmed: bool) -> CopiedDraft:
    """Log a copied draft (and its promise). Refused while a gate is unanswered: `confirmed`
    says the user saw `gates.warnings()` and chose to go on."""
    warnings = gates.warnings()
    if warnings and not confirmed:
        raise ActionError(" ".join(warnings) + " Nothing was copied or logged; confirm to go on anyway.")
    appended: Appended = record_copied_draft(
        db, crisis_id=crisis_id, account_id=account_id, contact_id=contact.id if contact else None,
        contact_name=contact.name if contact else None, template_name=template.name, subject=subject, body=body,
        author=actor.author, now=actor.now(), promise_due=promise_due if template.creates_commitment else None)
    return CopiedDraft(appended.entry_id, appended.commitment_id)
