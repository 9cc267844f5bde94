"""The composer: a draft for one contact from one template, editable, copied with one key.

ctrl+y copies subject and body, ctrl+b the body only; copying logs a "draft copied" entry and,
when the template says so, the promise of the next update the draft names. Missing facts are
listed and marked in the text; copying with some missing asks first. In a security crisis
whose legal review is pending, copying asks first too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from warroom.actions.drafts import Gates
from warroom.compose.clipboard import CopyOutcome
from warroom.compose.rendering import Draft
from warroom.compose.templates import MessageTemplate
from warroom.domain.safetext import terminal_safe
from warroom.screens.copying import copy_from_app
from warroom.screens.prompt import Answer, Prompt
from warroom.widgets.safe_input import SafeInput
from warroom.widgets.safe_text_area import SafeTextArea


@dataclass(frozen=True)
class ComposerResult:
    """How the composer closed: a draft copied (with what was copied and promised), or the
    CSM asked to skip to the next account of a tier run, or to choose another contact/template.
    Closing with Esc dismisses with None."""

    choice: Literal["copied", "skip", "choose"]
    subject: str = ""
    body: str = ""
    outcome: CopyOutcome | None = None
    promise_due: datetime | None = None


class ComposerScreen(Screen):
    BINDINGS = [
        # priority: the text area has its own ctrl+y (redo); in the composer, copying wins.
        Binding("ctrl+y", "copy(True)", "Copy", id="draft.copy", tooltip="Copy subject and body, and log it",
                priority=True),
        Binding("ctrl+b", "copy(False)", "Copy body", id="draft.copy_body", tooltip="Copy the body only, and log it",
                priority=True),
        Binding("ctrl+n", "skip", "Skip", id="draft.skip", priority=True,
                tooltip="In a tier run: the next account's draft, without copying this one"),
        Binding("ctrl+o", "choose", "Other contact/template", id="draft.choose", priority=True,
                tooltip="Pick another contact and template for this account"),
        Binding("escape", "close", "Close", id="draft.close", tooltip="Back to the queue (nothing is logged)"),
    ]
    DEFAULT_CSS = """
    ComposerScreen { layout: vertical; }
    ComposerScreen #draft-title { height: auto; background: $panel; padding: 0 1; }
    ComposerScreen #draft-missing { height: auto; color: $warning; padding: 0 1; }
    ComposerScreen #draft-subject { margin: 0 1; }
    ComposerScreen TextArea { height: 1fr; margin: 0 1; }
    """

    def __init__(self, *, template: MessageTemplate, draft: Draft | None, account_id: int, account_name: str,
                 contact_id: int | None, contact_name: str | None, promise_due: datetime | None,
                 gates: Gates, position: str = "", next_text: str = "",
                 resolve_next: Callable[[str], datetime] | None = None,
                 rerender: Callable[[datetime], Draft] | None = None) -> None:
        super().__init__()
        self.template, self.draft = template, draft
        self.account_id, self.account_name = account_id, account_name
        self.contact_id, self.contact_name = contact_id, contact_name
        self.promise_due = promise_due
        self.gates = gates  # legal review and not-affected; the marked places come from the draft
        self.outcome = None
        self.position = position  # "3 of 30" in a tier run
        self.next_text, self.resolve_next, self.rerender = next_text, resolve_next, rerender
        self.draft = draft or Draft("", "")
        # To tell a hand edit from our own render (as the fields show it: cleaned of controls);
        # set once the fields exist. With no draft yet it renders in a worker.
        self._rendered = ("", "")
        self._first = draft is None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble(
                (f"{self.template.name}", "bold"), f" ({self.template.audience}, {self.template.source}: ",
                self.template.path.name, ") for ", (terminal_safe(self.contact_name or "nobody", limit=40), "bold"),
                " at ", terminal_safe(self.account_name, limit=60),
                (f"   draft {self.position} · ctrl+y copies and moves on · ctrl+n skips" if self.position else "",
                 "$text-muted"),
            ), id="draft-title")
            missing = self.draft.missing + [f"fill in: {what}" for what in self.draft.fill_in]
            yield Static(Content("Missing: " + ", ".join(missing) if missing else ""), id="draft-missing")
            if self.template.creates_commitment and self.resolve_next is not None:
                next_field = SafeInput(self.next_text, id="draft-next",
                                       placeholder="next update: 14:00, in 2h, tomorrow 9am, 9am their time")
                next_field.border_title = "next update promised"
                yield next_field
            subject = SafeInput(self.draft.subject, id="draft-subject")
            body = SafeTextArea(self.draft.body, id="draft-body")
            self._rendered = (subject.value, body.text)
            yield subject
            yield body
        yield Footer()

    @property
    def subject_field(self) -> SafeInput:
        return self.query_one("#draft-subject", SafeInput)

    @property
    def body_field(self) -> SafeTextArea:
        return self.query_one("#draft-body", SafeTextArea)

    def on_mount(self) -> None:
        self.body_field.focus()
        if self._first and self.rerender is not None:
            self._show_missing("Rendering…")
            self._render_with(self.promise_due)

    def _show_missing(self, extra: str = "", error: bool = False) -> None:
        missing = self.draft.missing + [f"fill in: {what}" for what in self.draft.fill_in]
        text = ("Missing: " + ", ".join(missing) if missing else "") + (("  " if missing else "") + extra)
        field = self.query_one("#draft-missing", Static)
        field.styles.color = "red" if error else None
        field.update(Content(terminal_safe(text)))  # a template error may quote customer data

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "draft-next" or self.resolve_next is None:
            return
        try:
            due = self.resolve_next(event.value)
        except ValueError as error:  # ParseError: a sentence to show; the promise stays as it was
            self._show_missing(f"✖ {error}", error=True)
            return
        self.promise_due = due
        self._render_with(due)

    @work(thread=True, exclusive=True, exit_on_error=False, group="render")
    def _render_with(self, due: datetime | None) -> None:
        # Off the UI thread: a user template may be slow (rendering is capped at 2 s).
        try:
            draft = self.rerender(due)
        except Exception as error:  # TemplateFailed and anything a user template may raise
            if self._first:
                self.app.call_from_thread(self._failed, str(error))
            else:
                self.app.call_from_thread(self._show_missing, f"✖ {error}", True)
            return
        self.app.call_from_thread(self._rendered_again, draft)

    def _failed(self, message: str) -> None:
        self.app.notify(terminal_safe(message, single_line=False), title="The draft could not be made",
                        severity="error", markup=False)
        self.dismiss(None)

    def _rendered_again(self, draft: Draft) -> None:
        self._first = False
        subject_field, area = self.subject_field, self.body_field
        if (subject_field.value, area.text) != self._rendered:
            self._show_missing("(edited by hand: the new time is promised, but put it into your text yourself)")
            return
        self.draft = draft
        subject_field.value = draft.subject
        area.text = draft.body
        self._rendered = (subject_field.value, area.text)
        self._show_missing()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_choose(self) -> None:
        self.dismiss(ComposerResult("choose"))

    def action_skip(self) -> None:
        self.dismiss(ComposerResult("skip"))

    def action_copy(self, with_subject: bool) -> None:
        warnings = replace(self.gates, marked=len(self.draft.missing) + len(self.draft.fill_in)).warnings()
        if not warnings:
            self._copy(with_subject)
            return

        def confirmed(answer: Answer | None) -> None:
            if answer is not None and answer.choice:
                self._copy(with_subject)

        self.app.push_screen(Prompt(" ".join(warnings) + " Copy anyway?",
                                    choices=[("No, keep editing", False), ("Yes, copy it", True)]), confirmed)

    def _copy(self, with_subject: bool) -> None:
        subject, body = self.subject_field.value, self.body_field.text
        text = f"Subject: {subject}\n\n{body}" if with_subject else body
        self.query_one("#draft-missing", Static).update(Content("Copying…"))
        self._copy_in_background(text, subject, body)

    @work(thread=True, exclusive=True, exit_on_error=False, group="copy")
    def _copy_in_background(self, text: str, subject: str, body: str) -> None:
        outcome = copy_from_app(self.app, text, self.account_name)
        self.app.call_from_thread(self._copied, ComposerResult("copied", subject, body, outcome, self.promise_due))

    def _copied(self, result: ComposerResult) -> None:
        self.outcome = result.outcome
        self.dismiss(result)
