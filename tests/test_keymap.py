"""Every key is a named binding a user can remap; an unknown name is refused."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from warroom.app import binding_owners, check_keymap, known_binding_ids
from warroom.config import ConfigError


def test_every_binding_of_every_screen_and_widget_has_an_id_and_a_tooltip():
    owners = binding_owners()
    names = {owner.__name__ for owner in owners}
    assert {"WarroomScreen", "FormScreen", "SyncView", "TasksView", "ComposerScreen"} <= names
    for owner in owners:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding), f"{owner.__name__} binds {binding!r} without a Binding"
            assert binding.id and "." in binding.id, f"{owner.__name__}: {binding.key} has no id"
            assert binding.tooltip or binding.description, f"{owner.__name__}: {binding.id} says nothing"


def test_every_id_is_accepted_in_the_keys_table():
    ids = known_binding_ids()
    check_keymap({binding_id: "f12" for binding_id in ids})  # no error: each one is known
    for wanted in ("form.save", "sync.copy", "tasks.toggle"):
        assert any(binding_id.startswith(wanted.split(".")[0] + ".") for binding_id in ids), wanted


def test_an_unknown_id_is_refused_with_the_known_ones_listed():
    with pytest.raises(ConfigError, match="unknown binding 'queue.teleport'.*queue.filter"):
        check_keymap({"queue.teleport": "t"})


def test_ids_are_unique_per_screen():
    for owner in binding_owners():
        ids = [binding.id for binding in owner.BINDINGS]
        assert len(ids) == len(set(ids)), owner.__name__
