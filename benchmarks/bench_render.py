"""Rendering a shipped template as the composer does on every edit of a field (`render`: the
bounded sandbox, the per-render budget, missing facts marked), against plain unbounded Jinja2
rendering the same subject and body from the same facts in the same run (an `Environment` with
no sandbox and no bounds, each template compiled once). Also the first render of a template,
which compiles it, against plain Jinja2 compiling and rendering it. Best of rounds taken in turn.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import ChainableUndefined, Environment

from warroom import locations
from warroom.compose import rendering
from warroom.compose.context import draft_facts
from warroom.compose.templates import discover
from warroom.config import Config
from warroom.store.database import open_database

TEMPLATES = ("initial-acknowledgment", "internal-escalation", "executive-update")
RENDERS = 2_000
ROUNDS = 7


def sample_facts() -> dict:
    config = Config(author="Dana Whitfield", timezone="Europe/London", csm_phone="+44 20 7946 0000",
                    csm_email="dana@example.com")
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "sample.db"
        shutil.copyfile(locations.shipped("sample.db"), copy)
        db = open_database(copy)
        facts = draft_facts(db, "#5", contact_name=None, now=datetime.now(UTC), zone=config.zone(), csm=config.csm())
        db.close()
    return facts


def plain_environment() -> Environment:
    plain = Environment(autoescape=False, keep_trailing_newline=True, undefined=ChainableUndefined)
    plain.globals["fill"] = lambda what: f"⟦fill in: {what}⟧"
    return plain


def per_render_us(*renderers) -> list[float]:
    """Microseconds a render for each renderer: rounds taken in turn, so that a busy machine
    slows both sides alike, and the best round kept (what the code costs, not the neighbours)."""
    best = [float("inf")] * len(renderers)
    for _ in range(ROUNDS):
        for index, render_once in enumerate(renderers):
            start = time.perf_counter()
            for _ in range(RENDERS):
                render_once()
            best[index] = min(best[index], (time.perf_counter() - start) / RENDERS)
    return [seconds * 1e6 for seconds in best]


def first_render_ms(template, facts: dict) -> tuple[float, float]:
    """(bounded, plain): compiling and rendering a template not seen before, best of rounds."""
    bounded, plain = [], []
    for _ in range(ROUNDS):
        rendering._compiled.cache_clear()
        start = time.perf_counter()
        rendering.render(template, facts)
        bounded.append(time.perf_counter() - start)
        env = plain_environment()
        start = time.perf_counter()
        env.from_string(template.subject).render(facts)
        env.from_string(template.body).render(facts)
        plain.append(time.perf_counter() - start)
    return min(bounded) * 1000, min(plain) * 1000


def plain_and_bounded_us(template, facts: dict, plain: Environment) -> list[float]:
    """Microseconds a render of one template: plain Jinja2 (compiled once here), then bounded."""
    subject, body = plain.from_string(template.subject), plain.from_string(template.body)
    return per_render_us(lambda: (subject.render(facts), body.render(facts)),
                         lambda: rendering.render(template, facts))


def main() -> None:
    facts = sample_facts()
    found = discover()
    plain = plain_environment()
    for key in TEMPLATES:
        baseline, bounded = plain_and_bounded_us(found.templates[key], facts, plain)
        print(f"render {key}: {bounded:.0f} us bounded vs {baseline:.0f} us plain Jinja2 = "
              f"{bounded / baseline:.2f}x")
    first, first_plain = first_render_ms(found.templates[TEMPLATES[0]], facts)
    print(f"first render of {TEMPLATES[0]} (compiles it): {first:.1f} ms bounded vs {first_plain:.1f} ms plain "
          f"Jinja2 = {first / first_plain:.2f}x")


if __name__ == "__main__":
    main()
