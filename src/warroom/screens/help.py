"""The keys, generated from the bindings in force (so a remapped key shows as remapped)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


def binding_lines(active_bindings, key_display=lambda binding: binding.key) -> list[tuple[str, str, str, str, str]]:
    """(namespace, keys, description, tooltip, id) for every binding with an id, grouped by id."""
    grouped: dict[str, tuple[list[str], Binding]] = {}
    for active in active_bindings.values():
        binding = active.binding
        if not binding.id:
            continue
        keys, _ = grouped.setdefault(binding.id, ([], binding))
        keys.append(key_display(binding))
    lines = []
    for binding_id, (keys, binding) in grouped.items():
        namespace = binding_id.split(".")[0]
        lines.append((namespace, ", ".join(keys), binding.description, binding.tooltip or "", binding_id))
    return sorted(lines, key=lambda line: (line[0], line[4]))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Back to the queue"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 120; max-width: 98%; height: 90%; background: $panel; border: thick $primary; padding: 0 1;
    }
    """

    def __init__(self, lines: list[tuple[str, str, str, str, str]]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        body = [Content.assemble(("Keys", "bold"),
                                 ("   (remap any of them in config.toml under [keys], by id)", "$text-muted"))]
        current = None
        for namespace, keys, description, tooltip, binding_id in self.lines:
            if namespace != current:
                body.append(Content.assemble(("\n" + namespace, "bold $accent")))
                current = namespace
            body.append(Content.assemble(
                (f"  {keys:<14}", "bold"), f" {description:<13}", (f" {tooltip}", ""),
                (f"  [{binding_id}]", "$text-muted"),
            ))
        with VerticalScroll():
            yield Static(Content("\n").join(body))
