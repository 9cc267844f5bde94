"""Rendering a template into a draft: sandboxed (no reach into Python internals), plain text (no
HTML escaping), with missing facts marked visibly, and bounded in time and memory before the work
is done, not after.

A user template is untrusted code that runs on every edit in the composer, so one render has a
budget (a `_Budget`, one per render, kept in a context variable for the thread that renders):

- every run of a loop, macro or block body spends steps in proportion to its size, every call,
  filter and operator spends one, and the clock is read as the steps are spent;
- anything that would build a text, a list or a number checks the size of the result first
  (repetition, `+`, `~`, `%` and format() widths, ljust/center/zfill, join, replace, `|center`,
  `|indent`, `|wordwrap`, `|batch`, `range`...), and all that is built is added up;
- macros, recursive loops and blocks may nest only so deep;
- the output streams out of `generate()` and is counted as it comes.

Whatever exceeds the budget stops the render with a TemplateFailed: one sentence that names the
file and says what to do. Rendering stays in-process (no subprocess to start on each keystroke).
"""

from __future__ import annotations

import functools
import re
import time
import types
from collections import abc
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import islice
from string import Formatter
from typing import Any

from jinja2 import ChainableUndefined, Template, TemplateSyntaxError, nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.runtime import BlockReference, Context, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from warroom.compose.templates import MessageTemplate
from warroom.domain.safetext import terminal_safe

MAX_OUTPUT_CHARS = 50_000  # the draft itself (subject and body each)
MAX_TEXT_CHARS = 100_000  # any one text or list a template builds, as it would print
MAX_BUILT_CHARS = 2_000_000  # all that one render builds, added up (a list item counts as 8)
MAX_STEPS = 1_000_000  # loop, macro and block bodies (by size), calls, filters, operators
MAX_RANGE = 100_000  # numbers in one range()
MAX_NUMBER_DIGITS = 1_000
MAX_NESTING = 50  # macros, recursive loops and blocks calling themselves
MAX_RENDER_SECONDS = 2.0
_ITEM_CHARS = 8  # what one list or dict item costs in the built total (a reference)


class TemplateFailed(Exception):
    """The template could not be rendered; the message is one sentence naming the file."""


class _Refused(Exception):
    """A budget or size limit was reached; the message is the end of a sentence about the file."""


@dataclass
class Draft:
    subject: str
    body: str
    missing: list[str] = field(default_factory=list)  # facts the data did not have
    fill_in: list[str] = field(default_factory=list)  # places the CSM must write themselves


def marker(name: str) -> str:
    return f"⟦missing: {name}⟧"


class _Budget:
    """What one render may still spend."""

    __slots__ = ("missing", "fill_in", "steps", "built", "nesting", "deadline", "next_clock_check")

    def __init__(self) -> None:
        self.missing: set[str] = set()
        self.fill_in: list[str] = []
        self.steps = self.built = self.nesting = self.next_clock_check = 0
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS

    def spend(self, steps: int) -> None:
        self.steps += steps
        if self.steps > MAX_STEPS:
            raise _Refused(f"loops too long (more than {MAX_STEPS:,} steps); simplify it.")
        if self.steps >= self.next_clock_check:  # every step is bounded in size, so a look every 64 will do
            self.next_clock_check = self.steps + 64
            if time.monotonic() > self.deadline:
                raise _Refused(f"took more than {MAX_RENDER_SECONDS:g} seconds to render; simplify it.")

    def build(self, chars: int) -> None:
        self.built += chars
        if self.built > MAX_BUILT_CHARS:
            raise _Refused(f"builds more than {MAX_BUILT_CHARS:,} characters of text while rendering; "
                           "simplify it.")


_budget: ContextVar[_Budget] = ContextVar("warroom_render_budget")


# --- sizes, measured before anything is built ---------------------------------------------------

def _digits(number: int) -> int:
    return int(abs(number).bit_length() * 0.30103) + 1


def _printed(value: object, limit: int = MAX_TEXT_CHARS) -> int:
    """About how many characters str(value) takes, counted without building it. Counting stops
    once past `limit`, so a huge (or self-containing) value costs little to measure."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _digits(value)
    if isinstance(value, float):
        return 24
    total, pending = 0, [value]
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, str):
            total += len(item) + 2  # quoted, inside a list
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += _digits(item)
        elif isinstance(item, Namespace):
            total += 13
            pending.append(item._Namespace__attrs)
        elif isinstance(item, abc.Mapping):
            room = (limit - total) // 4 + 1
            total += 2 + 4 * min(len(item), room)
            for key, entry in islice(item.items(), room):
                pending += (key, entry)
        elif isinstance(item, (list, tuple, set, frozenset, abc.KeysView, abc.ValuesView, abc.ItemsView)):
            room = (limit - total) // 2 + 1
            total += 2 + 2 * min(len(item), room)
            pending.extend(islice(item, room))
        elif isinstance(item, bytes):
            total += 4 * len(item) + 3
        else:  # a number, a date, a marker, a macro: a short repr
            total += 100
    return total


def _built(value: object) -> int:
    """What a value that was just built adds to the render's total."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return _ITEM_CHARS * len(value)
    return 0


def _text_fits(size: int) -> None:
    if size > MAX_TEXT_CHARS:
        raise _Refused(f"would build a text of {size:,} characters, which is not allowed "
                       f"(the limit is {MAX_TEXT_CHARS:,}); make it shorter.")


def _number_fits(digits: int) -> None:
    if digits > MAX_NUMBER_DIGITS:
        raise _Refused(f"would compute a number of about {digits:,} digits, which is not allowed "
                       f"(the limit is {MAX_NUMBER_DIGITS:,}); use smaller numbers.")


def _size_fits(value: object) -> int:
    """A width, a count or a length given to a function that builds something that long."""
    if isinstance(value, int) and abs(value) > MAX_TEXT_CHARS:
        raise _Refused(f"asks for a size of {value:,}, which is not allowed "
                       f"(the limit is {MAX_TEXT_CHARS:,}); use a smaller number.")
    return value if isinstance(value, int) else 0


_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.S)


def _values_of(arguments: object) -> list[object]:
    if isinstance(arguments, abc.Mapping):
        return list(arguments.values())
    return list(arguments) if isinstance(arguments, tuple) else [arguments]


def _field_size(widths: list[int], values: list[object]) -> int:
    return max(widths, default=0) + max((_printed(v) for v in values), default=0)


def _percent_size(text: str, arguments: object) -> int:
    """`text % arguments`, before it is formatted: every field at its widest."""
    values = _values_of(arguments)
    star = max((abs(v) for v in values if isinstance(v, int)), default=0)
    size = len(text)
    for width, precision, kind in _PERCENT_FIELD.findall(text):
        if kind != "%":
            size += _field_size([star if part == "*" else int(part or 0) for part in (width, precision)], values)
    return size


def _format_size(text: str, values: list[object]) -> int:
    """`text.format(...)`, before it is formatted: every field at its widest."""
    star = max((abs(v) for v in values if isinstance(v, int)), default=0)
    size = 0
    for literal, name, spec, _ in Formatter().parse(text):
        size += len(literal)
        if name is not None:
            widths = [int(digits) for digits in re.findall(r"\d+", spec or "")]
            if "{" in (spec or ""):  # a width taken from the arguments
                widths.append(star)
            size += _field_size(widths, values)
    return size


def _replace_size(text: str, old: object, new: object, count: object) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * max(0, len(new) - len(old))


def _joined(separator: str, items: list[object]) -> int:
    return sum(_printed(item) for item in items) + len(separator) * max(0, len(items) - 1)


def _listed(iterable: Any) -> list[object]:
    """The items of an iterable (whatever a template passes), each one counted as a step while it is read."""
    budget = _budget.get()
    items: list[object] = []
    for item in iterable:
        budget.spend(1)
        items.append(item)
    return items


# --- calls: str methods that can grow, and the str.format wrapper the sandbox hands out ----------

def _text_method(method: object) -> tuple[object, str] | None:
    """(the text, the method name) when `method` is a bound method of a str, bytes or number."""
    if isinstance(method, (types.BuiltinMethodType, types.MethodType)):
        owner = getattr(method, "__self__", None)
        if isinstance(owner, (str, bytes, int, float)):
            return owner, method.__name__
    return None


def _check_call(function: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Refuse a call whose result would be too big; returns the arguments to call with."""
    if isinstance(function, types.FunctionType) and function.__name__ in ("format", "format_map"):
        # The sandbox hands out str.format wrapped in a function of the same name.
        method = _text_method(getattr(function, "__wrapped__", None))
        if method is not None and isinstance(method[0], str):
            values = _values_of(args[0]) if function.__name__ == "format_map" and args else [*args, *kwargs.values()]
            _text_fits(_format_size(method[0], values))
        return args
    method = _text_method(function)
    if method is None:
        return args
    owner, name = method
    for value in (*args, *kwargs.values()):
        _size_fits(value)
    if not isinstance(owner, (str, bytes)):
        return args
    if name == "expandtabs":
        tab = _size_fits(args[0] if args else kwargs.get("tabsize", 8))
        tabs = owner.count(b"\t") if isinstance(owner, bytes) else owner.count("\t")
        _text_fits(len(owner) + tabs * tab)
    elif name == "replace" and isinstance(owner, str) and len(args) >= 2:
        _text_fits(_replace_size(owner, args[0], args[1], args[2] if len(args) > 2 else kwargs.get("count", -1)))
    elif name == "join" and args:
        items = _listed(args[0])
        _text_fits(_joined(str(owner), items))
        return (items, *args[1:])
    elif name == "translate" and isinstance(owner, str) and args and isinstance(args[0], abc.Mapping):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        _text_fits(len(owner) * max(1, longest))
    return args


# --- filters: each one spends steps, and those that build text check the size first -------------

def _center(value: object, width: object = 80) -> None:
    _text_fits(max(_printed(value), _size_fits(width)))


def _indent(s: object, width: object = 4, first: object = False, blank: object = False) -> None:
    unit = len(width) if isinstance(width, str) else _size_fits(width)
    _text_fits(_printed(s) + (str(s).count("\n") + 1) * unit)


def _wordwrap(s: object, width: object = 79, break_long_words: object = True, wrapstring: object = None,
              break_on_hyphens: object = True) -> None:
    size = _printed(s)
    _text_fits(size + size * len(wrapstring if isinstance(wrapstring, str) else "\n"))


def _batch(value: object, linecount: object, fill_with: object = None) -> None:
    # The last list is padded to `linecount` items.
    _size_fits(linecount)


def _slice(value: object, slices: object, fill_with: object = None) -> None:  # `slices` lists
    _size_fits(slices)


def _replace(s: object, old: object, new: object, count: object = None) -> None:
    _text_fits(_replace_size(str(s), str(old), str(new), count))


def _join(value: Any, d: object = "", attribute: object = None) -> list[object]:
    items = _listed(value)
    _text_fits(_joined(str(d), items))
    return items


def _format(value: object, *args: object, **kwargs: object) -> None:
    _text_fits(_percent_size(str(value), kwargs or args))


def _sum(iterable: object, attribute: object = None, start: object = 0) -> None:
    if not isinstance(start, (int, float)):
        raise _Refused("sums something other than numbers, which is not allowed; sum numbers only.")


_FILTER_CHECKS: dict[str, Callable[..., object]] = {
    "center": _center, "indent": _indent, "wordwrap": _wordwrap, "batch": _batch, "slice": _slice,
    "replace": _replace, "join": _join, "format": _format, "sum": _sum,
}
# Filters that turn their value into text: the value's printed size is checked first.
_PRINTING_FILTERS = frozenset({"capitalize", "center", "e", "escape", "forceescape", "format", "indent",
                               "lower", "replace", "safe", "string", "striptags", "title", "tojson", "trim",
                               "truncate", "upper", "urlencode", "urlize", "wordcount", "wordwrap", "xmlattr"})
_DROPPED_FILTERS = ("pprint",)  # debugging output, no use in a message, and its size is hard to foresee


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    check = _FILTER_CHECKS.get(name)
    printing = name in _PRINTING_FILTERS
    skip = 1 if hasattr(function, "jinja_pass_arg") else 0  # the environment or context Jinja passes first

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        budget = _budget.get()
        value = args[skip] if len(args) > skip else None
        budget.spend(1 + (len(value) if isinstance(value, (list, tuple, dict, range)) else 0))
        if printing:
            _text_fits(_printed(value))
        if check is not None:
            replaced = check(*args[skip:], **kwargs)
            if replaced is not None:
                args = (*args[:skip], replaced, *args[skip + 1:])
        result = function(*args, **kwargs)
        budget.build(_built(result))
        return result

    return bounded


# --- the environment ---------------------------------------------------------------------------

class _Missing(ChainableUndefined):
    """A fact the data does not have: rendered as a visible marker, and remembered."""

    def _record(self) -> str:
        if isinstance(self._undefined_exception, type) and issubclass(self._undefined_exception, SecurityError):
            self._fail_with_undefined_error()  # an unsafe attribute: refuse, never render it
        name = self._undefined_name or "?"
        owner = getattr(self._undefined_obj, "_path", None)
        full = f"{owner}.{name}" if owner else name
        _budget.get().missing.add(full)
        return marker(full)

    def __str__(self) -> str:
        return self._record()

    def __iter__(self) -> Iterator[Any]:
        self._record()
        return iter(())

    def __bool__(self) -> bool:
        return False


class _Facts(dict[str, Any]):
    """A dict whose missing keys come back as _Missing with a dotted path (account.phone)."""

    def __init__(self, path: str, values: dict[str, Any]) -> None:
        super().__init__({k: _Facts(f"{path}.{k}", v) if isinstance(v, dict) else v for k, v in values.items()})
        self._path = path


def _fill(what: str) -> str:
    """`{{ fill('the alternative') }}`: a place the CSM must write themselves."""
    _budget.get().fill_in.append(what)
    return f"⟦fill in: {what}⟧"


def _range(*args: int) -> range:
    numbers = range(*args)
    count = max(0, -((numbers.start - numbers.stop) // numbers.step))  # len() overflows on huge ones
    if count > MAX_RANGE:
        raise _Refused(f"asks for a range of {count:,} numbers, which is not allowed "
                       f"(the limit is {MAX_RANGE:,}); use a smaller range.")
    return numbers


@pass_context  # needing the context keeps Jinja from finalizing constants at compile time
def _printable(context: Context, value: object) -> object:
    """Every `{{ ... }}` before it is turned into text: measured, refused if huge, added up."""
    size = _printed(value)
    _text_fits(size)
    _budget.get().build(size)
    return value


def _weighed(body: list[nodes.Node]) -> tuple[int, int]:
    """(steps, characters of fixed text) one run of a loop, macro or block body costs."""
    count = text = 0
    for statement in body:
        for node in (statement, *statement.find_all(nodes.Node)):
            count += 1
            if isinstance(node, nodes.TemplateData):
                text += len(node.data)
    return 1 + count, text


class _BoundedCode(CodeGenerator):
    """Jinja's code generator, also: each run of a loop, macro or block body spends its weight;
    a filtered loop counts the items it skips; `~` and slices go through the budget."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        self._weights: dict[int, tuple[int, int]] = {}
        for block in node.find_all(nodes.Node):
            if not isinstance(block, (nodes.For, nodes.Macro, nodes.CallBlock, nodes.Block)):
                continue
            self._weights[id(block.body)] = _weighed(block.body)
            if isinstance(block, nodes.For) and block.test is not None:
                block.iter = nodes.Call(nodes.EnvironmentAttribute("counted_items"), [block.iter], [], None, None)
        super().visit_Template(node, frame)

    def blockvisit(self, body: Iterable[nodes.Node], frame: Frame) -> None:
        weight = self._weights.get(id(body))
        if weight is not None:
            self.writeline(f"environment.spend_on_body({weight[0]}, {weight[1]})")
        super().blockvisit(body, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.checked_concat({join}, (")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("))")

    def visit_Getitem(self, node: nodes.Getitem, frame: Frame) -> None:
        if not isinstance(node.arg, nodes.Slice):
            super().visit_Getitem(node, frame)
            return
        self.write("environment.checked_slice(")
        self.visit(node.node, frame)
        self.write(", slice(")
        for part in (node.arg.start, node.arg.stop, node.arg.step):
            if part is None:
                self.write("None")
            else:
                self.visit(part, frame)
            self.write(", ")
        self.write("))")


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox (no Python internals, no changing lists or dicts in place), bounded."""

    code_generator_class = _BoundedCode
    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def __init__(self) -> None:
        super().__init__(undefined=_Missing, autoescape=False, keep_trailing_newline=True, finalize=_printable,
                         optimized=False)  # nothing a template says runs at compile time, outside a budget
        del self.globals["lipsum"]  # placeholder text of any length: no use in a message
        self.globals.update(range=_range, fill=_fill)
        self.filters = {name: _bounded_filter(name, function) for name, function in self.filters.items()
                        if name not in _DROPPED_FILTERS}

    # Called from the generated code (see _BoundedCode); named apart from Environment's own.
    def spend_on_body(self, steps: int, text: int) -> None:
        budget = _budget.get()
        budget.spend(steps)
        budget.build(text)

    def counted_items(self, iterable: Iterable[object]) -> Iterator[object]:
        budget = _budget.get()
        for item in iterable:
            budget.spend(1)
            yield item

    def checked_concat(self, join: Callable[[Iterable[object]], str], parts: tuple[object, ...]) -> str:
        size = sum(_printed(part) for part in parts)
        _text_fits(size)
        _budget.get().build(size)
        return join(parts)

    def checked_slice(self, value: Any, key: slice) -> Any:
        result = value[key]
        _budget.get().build(_built(result))
        return result

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _budget.get().spend(1)
        if isinstance(left, int) and isinstance(right, int):
            if operator == "*":
                _number_fits(_digits(left) + _digits(right))
            elif operator == "**" and right > 0 and abs(left) > 1:
                _number_fits(int(abs(left).bit_length() * right * 0.30103))
        elif operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
                    _text_fits(_printed(sequence) * times)
        elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _text_fits(_printed(left) + _printed(right))
        elif operator == "%" and isinstance(left, str):
            _text_fits(_percent_size(left, right))
        result = super().call_binop(context, operator, left, right)
        _budget.get().build(_built(result))
        return result

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's own signature)
        budget = _budget.get()
        budget.spend(1 + len(args) + len(kwargs))
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"{__obj!r} is not safely callable")
        args = _check_call(__obj, args, kwargs)
        if isinstance(__obj, (Macro, LoopContext, BlockReference)):
            budget.nesting += 1
            try:
                if budget.nesting > MAX_NESTING:
                    raise _Refused(f"calls its macros, blocks or recursive loops more than {MAX_NESTING} deep; "
                                   "simplify it.")
                result = __context.call(__obj, *args, **kwargs)
            finally:
                budget.nesting -= 1
        else:
            result = __context.call(__obj, *args, **kwargs)
        budget.build(_built(result))
        return result


_ENVIRONMENT = _BoundedSandbox()


@functools.lru_cache(maxsize=64)
def _compiled(source: str) -> Template:
    """Compiled once per text: the composer renders the same template on every edit."""
    return _ENVIRONMENT.from_string(source)


def _streamed(template: Template, context: dict[str, Any]) -> str:
    parts: list[str] = []
    size = 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise _Refused(f"grew past {MAX_OUTPUT_CHARS:,} characters of output; make it shorter.")
        parts.append(chunk)
    return "".join(parts)


def _label(template: MessageTemplate) -> str:
    """templates/x.j2: the folder and the file, cleaned (a file name is user data too)."""
    return terminal_safe(f"{template.path.parent.name}/{template.path.name}", limit=100)


def render(template: MessageTemplate, facts: dict[str, Any]) -> Draft:
    """Subject and body filled from `facts`; TemplateFailed (one sentence naming the file) on
    any error or when the template goes past its budget."""
    label = _label(template)
    context = {k: _Facts(k, v) if isinstance(v, dict) else v for k, v in facts.items()}
    budget = _Budget()
    token = _budget.set(budget)
    part = f"{label} (subject)"
    try:
        subject = _streamed(_compiled(template.subject), context)
        part = label
        body = _streamed(_compiled("\n" * (template.body_line - 1) + template.body), context)
    except _Refused as refusal:
        raise TemplateFailed(f"{part} {refusal}") from None
    except TemplateSyntaxError as error:
        where = f"{label}, subject" if part != label else f"{label}, line {error.lineno}"
        raise TemplateFailed(f"{where}: {(error.message or 'not valid').rstrip('.')}; fix the template.") from error
    except SecurityError as error:
        raise TemplateFailed(f"{part} uses something not allowed in a template ({str(error).rstrip('.')}); "
                             "remove it.") from error
    except UndefinedError as error:
        raise TemplateFailed(f"{part} failed: {error}; check the names it uses.") from error
    except RecursionError:
        raise TemplateFailed(f"{part} nests too deeply to render; simplify it.") from None
    except Exception as error:  # whatever else a user template may raise (TemplateError, TypeError...)
        raise TemplateFailed(f"{part} failed ({type(error).__name__}: {error}); fix the template.") from error
    finally:
        _budget.reset(token)
    return Draft(" ".join(subject.split()), body.lstrip("\n"), sorted(budget.missing), budget.fill_in)
