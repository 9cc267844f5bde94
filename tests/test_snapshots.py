"""Pixel-stable pictures of the console at a laptop size and a wall size (clock and TZ pinned)."""

from __future__ import annotations

import pytest

from warroom.__main__ import make_app
from warroom.config import Config
from warroom.domain.clock import FrozenClock

from tests.conftest import NOW


def app_for(path):
    return make_app(path, clock=FrozenClock(NOW), config=Config(author="Tester", timezone="Europe/London"),
                    ticking=False)


async def settle(pilot):
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.tick()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["laptop-80x24", "wall-160x48"])
def test_queue_screen(snap_compare, sample_copy, size):
    assert snap_compare(app_for(sample_copy), terminal_size=size, run_before=settle)


def test_queue_filtered_with_detail_open_at_80x24(snap_compare, sample_copy):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("slash", *"orchid", "enter", "j", "enter")
        await pilot.pause()

    assert snap_compare(app_for(sample_copy), terminal_size=(80, 24), run_before=run_before)


def test_composer_at_80x24(snap_compare, sample_copy):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("c")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app_for(sample_copy), terminal_size=(80, 24), run_before=run_before)
