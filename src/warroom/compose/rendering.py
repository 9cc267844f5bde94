"""Rendering a template into a draft: sandboxed (no reach into Python internals), bounded
(output size and time), plain text (no HTML escaping), with missing facts marked visibly."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from jinja2 import ChainableUndefined, TemplateSyntaxError
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from warroom.compose.templates import MessageTemplate

MAX_OUTPUT_CHARS = 50_000
MAX_RENDER_SECONDS = 2.0
MAX_REPEAT = 10_000  # "x" * n and [..] * n


class TemplateFailed(Exception):
    """The template could not be rendered; the message names the file and line."""


@dataclass
class Draft:
    subject: str
    body: str
    missing: list[str] = field(default_factory=list)  # facts the data did not have
    fill_in: list[str] = field(default_factory=list)  # places the CSM must write themselves


def marker(name: str) -> str:
    return f"⟦missing: {name}⟧"


class _Missing(ChainableUndefined):
    """A fact the data does not have: rendered as a visible marker, and remembered."""

    def _record(self) -> str:
        if isinstance(self._undefined_exception, type) and issubclass(self._undefined_exception, SecurityError):
            self._fail_with_undefined_error()  # an unsafe attribute: refuse, never render it
        name = self._undefined_name or "?"
        owner = getattr(self._undefined_obj, "_path", None)
        full = f"{owner}.{name}" if owner else name
        self._context_missing.append(full)  # type: ignore[attr-defined]
        return marker(full)

    def __str__(self) -> str:
        return self._record()

    def __iter__(self):
        self._record()
        return iter(())

    def __bool__(self) -> bool:
        return False


class _Facts(dict):
    """A dict whose missing keys come back as _Missing with a dotted path (account.phone)."""

    def __init__(self, path: str, values: dict) -> None:
        super().__init__({k: _Facts(f"{path}.{k}", v) if isinstance(v, dict) else v for k, v in values.items()})
        self._path = path


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox, also refusing to build huge strings or lists in one expression."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError("exponent too large for a message template")
        if operator == "*":
            for value, count in ((left, right), (right, left)):
                if isinstance(value, (str, list, tuple)) and isinstance(count, int) and count > MAX_REPEAT:
                    raise SecurityError(f"repeating text {count:,} times is not allowed in a template")
        return super().call_binop(context, operator, left, right)


def _environment(missing: list[str], fill_in: list[str]) -> BoundedSandbox:
    undefined = type("Missing", (_Missing,), {"_context_missing": missing})
    env = BoundedSandbox(undefined=undefined, autoescape=False, keep_trailing_newline=True)

    def fill(what: str) -> str:
        fill_in.append(what)
        return f"⟦fill in: {what}⟧"

    env.globals["fill"] = fill
    return env


def _bounded(generator, started: float, where: str) -> str:
    parts, size = [], 0
    for chunk in generator:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise TemplateFailed(f"{where}: the draft grew past {MAX_OUTPUT_CHARS:,} characters; stopped")
        if time.monotonic() - started > MAX_RENDER_SECONDS:
            raise TemplateFailed(f"{where}: rendering took over {MAX_RENDER_SECONDS:g} s; stopped")
        parts.append(chunk)
    return "".join(parts)


def render(template: MessageTemplate, facts: dict) -> Draft:
    """Subject and body filled from `facts`; TemplateFailed with file and line on any error."""
    missing: list[str] = []
    fill_in: list[str] = []
    env = _environment(missing, fill_in)
    context = {k: _Facts(k, v) if isinstance(v, dict) else v for k, v in facts.items()}
    started = time.monotonic()
    where = template.path.name
    try:
        subject = _bounded(env.from_string(template.subject).generate(context), started, f"{where} (subject)")
        body_template = env.from_string("\n" * (template.body_line - 1) + template.body)
        body = _bounded(body_template.generate(context), started, where).lstrip("\n")
    except TemplateSyntaxError as error:
        raise TemplateFailed(f"{where}, line {error.lineno}: {error.message}") from error
    except SecurityError as error:
        raise TemplateFailed(f"{where}: not allowed in a template ({error})") from error
    except TemplateError as error:
        raise TemplateFailed(f"{where}: {error}") from error
    except (TypeError, ValueError, ArithmeticError, RecursionError) as error:
        raise TemplateFailed(f"{where}: {type(error).__name__}: {error}") from error
    return Draft(" ".join(subject.split()), body, sorted(set(missing)), fill_in)
