"""Who acts, and from where: the author, their zone and clock, and their settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, tzinfo

from warroom.config import Config
from warroom.domain.clock import Clock, system_clock
from warroom.domain.times import DEFAULT_END_OF_DAY


@dataclass(frozen=True)
class Actor:
    """The person an action is done for; the console and the CLI each build one from config."""

    author: str
    zone: tzinfo
    clock: Clock = system_clock
    end_of_day: time = DEFAULT_END_OF_DAY
    csm: dict[str, str | None] = field(default_factory=dict)  # name, phone, email, signature for drafts

    def now(self) -> datetime:
        return self.clock()


def actor_from(config: Config, clock: Clock, zone: tzinfo) -> Actor:
    """The actor the settings describe (the console and every command build it the same way)."""
    return Actor(author=config.author_name, zone=zone, clock=clock, end_of_day=config.end_of_day_time(),
                 csm=config.csm())
