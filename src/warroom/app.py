"""The Warroom console: one screen, one database connection, one one-second ticker."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from warroom.actions.actor import actor_from
from warroom.config import Config, ConfigError
from warroom.domain.clock import Clock, system_clock
from warroom.domain.safetext import terminal_safe
from warroom.screens.warroom import WarroomScreen
from warroom.theming import SEMANTIC_DEFAULTS, choose_theme, load_themes, save_theme


def binding_owners() -> list[type]:
    """Every screen and widget class of ours that declares key bindings (imported on demand:
    some load on first use, off the first frame)."""
    import importlib
    import pkgutil

    import warroom.screens
    import warroom.widgets

    owners: list[type] = []
    for package in (warroom.screens, warroom.widgets):
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            owners += [value for value in vars(module).values()
                       if isinstance(value, type) and value.__module__ == module.__name__
                       and "BINDINGS" in vars(value)]
    return owners


def known_binding_ids() -> set[str]:
    """Every binding id a user may remap in the [keys] table of config.toml."""
    return {binding.id for owner in binding_owners() for binding in owner.BINDINGS
            if isinstance(binding, Binding) and binding.id}


def check_keymap(keys: dict[str, str]) -> None:
    if not keys:
        return
    unknown = sorted(set(keys) - known_binding_ids())
    if unknown:
        raise ConfigError(
            f"config.toml [keys] names unknown binding {unknown[0]!r}; "
            f"known ids: {', '.join(sorted(known_binding_ids()))}."
        )


QUICK_ENTRY_LINE = "entry-line"  # the id of the quick-entry Input (widgets/quick_entry.py)


class WarroomApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "Warroom"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, db: Database, db_path: Path, config: Config, clock: Clock = system_clock,
                 ticking: bool = True) -> None:
        super().__init__()
        self.db, self.db_path, self.config, self.clock = db, db_path, config, clock
        self.ticking = ticking
        self.crash_report: Path | None = None
        self.crash_error: BaseException | None = None
        self.quitting = False
        self.typeahead: list[events.Key] | None = None
        self.due_soon = timedelta(minutes=config.due_soon_minutes)
        found = config.user_zone()
        self.zone, self.zone_notice = found.zone, found.notice
        self.author = config.author_name
        self.actor = actor_from(config, clock, self.zone)
        # Themes are registered and chosen before the app runs, so the stylesheet is built
        # once with the right colours instead of being rebuilt on mount.
        found = load_themes()
        for theme in found.themes:
            self.register_theme(theme)
        self.theme_problems = found.problems
        self.theme_choice = choose_theme(self.available_themes, config.theme)
        if self.theme_choice.name is not None:
            self.theme = self.theme_choice.name

    def now(self) -> datetime:
        return self.clock()

    def _handle_exception(self, error: Exception) -> None:
        # Textual exits with status 1 and prints the traceback; the report keeps it for the user to send.
        from warroom.crash import write_crash_report

        if self.crash_report is None:
            self.crash_report = write_crash_report(error)
            self.crash_error = error
        super()._handle_exception(error)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self.typeahead is not None:
                # A quick entry is on its way to the disk: what is typed now (say `l` and the
                # next entry) waits, and is replayed once the line is closed, like a terminal's
                # typeahead.
                self.typeahead.append(event)
                return
            if event.key == "enter" and self.focused is not None and self.focused.id == QUICK_ENTRY_LINE:
                # Hold from this very key: the submission reaches the screen through messages,
                # and keys typed right after Enter must not land in the line before it does.
                self.hold_keys()
        await super().on_event(event)

    def hold_keys(self) -> None:
        """Hold the keys typed from now on (until release_keys)."""
        if self.typeahead is None:
            self.typeahead = []

    def release_keys(self, replay: bool = True) -> str:
        """Stop holding; replay the held keys in order (or not) and return what they typed."""
        held, self.typeahead = self.typeahead or [], None
        if replay:
            for event in held:
                self.post_message(events.Key(event.key, event.character))
        return "".join("⏎" if event.key == "enter" else event.character or "" for event in held
                       if event.key == "enter" or (event.character and event.character.isprintable()))

    async def action_quit(self) -> None:
        # Keys typed after q (a fast "q t") must not open screens on an app that is closing.
        self.quitting = True
        await super().action_quit()

    def on_unmount(self) -> None:
        main = next((screen for screen in self.screen_stack if isinstance(screen, WarroomScreen)), None)
        if main is not None:
            main.writer.close()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(SEMANTIC_DEFAULTS)

    def on_mount(self) -> None:
        for problem in self.theme_problems:
            self.notify(problem, title="Theme", severity="warning", markup=False)
        if self.zone_notice:
            self.notify(self.zone_notice, title="Time zone", severity="warning", markup=False, timeout=10)
        if self.theme_choice.notice:
            self.notify(self.theme_choice.notice, title="Theme", severity="warning", markup=False)
        if self.theme_choice.remembered:
            self.theme_changed_signal.subscribe(self, lambda theme: save_theme(theme.name))
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self.push_screen(WarroomScreen())
        if self.ticking:
            self.set_interval(1.0, self.tick, name="ticker")

    def tick(self) -> None:
        """The one app-level ticker: every countdown is recomputed from the clock."""
        screen = self.screen_stack[1] if len(self.screen_stack) > 1 else None
        if isinstance(screen, WarroomScreen) and screen.is_mounted:
            screen.tick(self.now())

    @property
    def main(self) -> WarroomScreen:
        return next(screen for screen in self.screen_stack if isinstance(screen, WarroomScreen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        def literal(text: str) -> str:
            # Titles must stay str (Textual 8's palette search cannot match a Content title) and
            # the palette parses them as markup. textual.markup.escape leaves "[/" or a tag cut
            # at 60 characters alone; a backslash before every "[" makes each one plain text.
            return terminal_safe(text, limit=60).replace("[", "\\[")

        yield from super().get_system_commands(screen)
        main = self.main
        for binding in WarroomScreen.BINDINGS:
            if binding.id and binding.id != "app.quit":
                namespace = binding.id.split(".")[0]
                action = binding.action
                yield SystemCommand(f"{namespace}: {binding.tooltip or binding.description}",
                                    f"key: {self.get_key_display(binding)}",
                                    lambda action=action: self.call_next(main.run_action, action))
        for crisis in main.crises:
            yield SystemCommand(f"crisis: switch to #{crisis.id} {literal(crisis.title)}",
                                "Show this crisis's queue", lambda crisis_id=crisis.id: main.switch_to(crisis_id))
        for name in sorted(self.available_themes):
            if name.startswith("warroom"):
                yield SystemCommand(f"theme: {literal(name)}", "Switch the colours (remembered)",
                                    lambda name=name: setattr(self, "theme", name))
