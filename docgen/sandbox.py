"""The sandbox Word templates run in: Jinja's sandbox, docgen's filters, and limits.

Templates come from outside the code (each kommun's own), so their Jinja may be
hostile or simply wrong. Jinja's `SandboxedEnvironment` keeps them away from Python's
internals; on top of that a template gets limits, so a runaway template stops with
one line within seconds instead of running for minutes or eating the memory:

- time (`SECONDS`): the deadline is checked on every call, intercepted operator and
  piece of output, and on every turn of every `{% for %}` loop (`GuardedCode` compiles
  each loop's iterable through `Sandbox.loop`), so no loop of loops outlives it;
- output (`OUTPUT_CHARACTERS`): the text one part of a document may produce;
- building (the same number of characters): what a template builds
  with `~`, `+`, `*`, `%`, `.format`, string and list methods and the filters that
  can make long results is estimated before it is built (`_estimate`) and counted,
  and so is the text of a list that a `{{ … }}` shows (`Sandbox.shown`; a list of
  lists shows each inner list as often as it recurs, `_size`);
  one document's template may build that much in all, a list item counting as
  `ITEM` characters (a reference in a list takes as much memory as that), and so
  does each turn of a `{% for %}` loop (a template's loops run a few thousand turns;
  six million take a second or two), and each call `CALL` characters;
- numbers: `**` with an exponent over `EXPONENT`, and `*` or `**` making a number of
  more than `DIGITS` digits (more than Python will print), are refused.

Each compiled template has its own environment, and each document rendered from it
starts afresh (`Sandbox.restart`, from `render.CompiledTemplate.restart_clock`): the
limits belong to that document alone. A run renders its documents one after another,
so an environment is never used by two threads at once.
"""

from __future__ import annotations

import operator
import re
import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from docgen import swedish

SECONDS = 30.0
"""How long one document's template may run (a 400-paragraph protocol takes well under one)."""

OUTPUT_CHARACTERS = 50_000_000
"""The most text a template may produce for one part of a document, and the most it may
build (texts and lists, see the module's docstring) for one document."""

ITEM = 8
"""How many characters one item of a list counts as towards what a template builds."""

CALL = 256
"""How many characters one call (a macro, a method) counts as towards what a template
builds: a call costs some microseconds, as much as some thirty turns of a loop."""

EXPONENT = 64
"""The largest exponent a template may use with `**`."""

DIGITS = sys.int_info.default_max_str_digits
"""The most digits a number made with `*` or `**` may have (4 300: Python prints no more)."""

_NUMBER = re.compile(r"\d+")
_NESTED_WIDTH = re.compile(r"\{[^{}]*:[^{}]*\{|%[-+ #0]*\*|%[-+ #0]*\d*\.\*")
"""A field width or precision taken from an argument: `{:{w}}`, `%*s`, `%.*f`."""


class LimitExceeded(SecurityError):
    """A template went past one of the sandbox's limits; the message says which, in Swedish."""


class LimitedTemplate(jinja2.Template):
    """A template whose output is counted while it is produced, and stopped at the limits."""

    environment: Sandbox

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Return the rendered text, or raise `LimitExceeded` past the time or size limit.

        Any exception, a limit's too, leaves with its traceback in the template's lines
        (Jinja's `handle_exception`), so the message can name the tag.
        """
        context = self.new_context(dict(*args, **kwargs))
        pieces, size = [], 0
        try:
            for piece in self.root_render_func(context):
                size += len(piece)
                if size > OUTPUT_CHARACTERS:
                    raise LimitExceeded(
                        f"mallen gav mer än {_number(OUTPUT_CHARACTERS)} tecken text"
                    )
                self.environment.check_time()
                pieces.append(piece)
        except Exception:  # as Jinja's own render: the traceback in the template's lines
            self.environment.handle_exception()
        return "".join(pieces)


LOOP = "docgen loop"
"""The name of the hidden filter each `{% for %}` loop's iterable goes through: no
template can write it (a filter's name in a template is a word, without spaces)."""


class GuardedCode(CodeGenerator):
    """Jinja's code generator, with the sandbox's checks where Jinja's sandbox has none.

    Before a template is compiled, each `{% for %}` loop's iterable is put through the
    filter `LOOP`, `Sandbox.loop`: a generator that checks the deadline before each
    turn. (Jinja allows no new kinds of node, and a filter is pulled in as Jinja pulls
    in any filter; the loop itself compiles as Jinja compiles it.) A `~` compiles as
    `environment.joined(join, parts)`, which measures the parts before joining them.
    The loop of a recursive `{% for … recursive %}` calls `loop(…)`, which is a call
    and so checked too.
    """

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        """Wrap every loop's iterable, then compile the template as Jinja does."""
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, LOOP, [], [], None, None, lineno=loop.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """Write `a ~ b` as `environment.joined(join, (a, b))`, `join` as Jinja chooses it."""
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.joined({join}, (")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("))")


class Sandbox(SandboxedEnvironment):
    """The environment one rendering's templates run in, with its own deadline and
    its own count of what the template has built.
    """

    template_class = LimitedTemplate
    code_generator_class = GuardedCode
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, seconds: float | None = None) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True, finalize=self.shown)
        for name in ("cycler", "joiner", "namespace", "lipsum"):  # objects of no use in a mall
            self.globals.pop(name, None)
        self.filters.update(swedish.FILTERS)
        self.filters[LOOP] = self.loop
        for name in _FILTER_SIZES:
            self.filters[name] = self._measured(name, self.filters[name])
        self.seconds = SECONDS if seconds is None else seconds
        self.deadline = 0.0
        self.built = 0
        self.restart()

    def restart(self) -> None:
        """Start one document's limits: a fresh deadline, nothing built yet."""
        self.deadline = time.monotonic() + self.seconds
        self.built = 0

    def check_time(self) -> None:
        """Raise `LimitExceeded` when the rendering has run past its deadline."""
        if time.monotonic() > self.deadline:
            seconds = f"{self.seconds:g}".replace(".", ",")
            raise LimitExceeded(
                f"mallen tog mer än {seconds} sekunder och stoppades (en loop som inte tar slut?)"
            )

    def build(self, size: int | None, message: str = "") -> None:
        """Count `size` more characters built, raising `LimitExceeded` past the limit
        (with `message`, if given, instead of the one about texts and lists).
        """
        self.check_time()
        if size is None:
            return
        self.built += size
        if self.built > OUTPUT_CHARACTERS:
            raise LimitExceeded(
                message
                or "mallen bygger för långa texter eller listor "
                f"(mer än {_number(OUTPUT_CHARACTERS)} tecken)"
            )

    def shown(self, value: Any) -> Any:
        """Return `value` for a `{{ … }}` to show, a list counted first as the text it
        becomes, a long text as it becomes escaped (Jinja calls this, its `finalize`,
        on every value a template shows).
        """
        if isinstance(value, list | tuple | set | dict):
            self.build(_size(value))
        elif isinstance(value, str) and len(value) > 100_000:  # escaped, it may grow fivefold
            self.build(_escaped(value))
        return value

    def loop(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """Yield the items of a `{% for %}` loop's `iterable`, checking the deadline
        before each (an empty loop of loops never calls anything else that would) and
        counting each turn as one list item built, so loops of loops stop in seconds.
        """
        self.check_time()
        for item in iterable:
            self.build(
                ITEM, "mallens loopar går för många varv (loopar i loopar över långa listor?)"
            )
            yield item

    def joined(self, join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
        """Join the parts of `a ~ b ~ …` with `join`, when their length is within the limit."""
        self.build(sum(_size(part) for part in parts))
        return join(parts)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call `obj` for a template, after checking the deadline and, for a method of
        a text or list, the size of what it would build; each call counts as `CALL`
        characters, so macros calling macros (2**30 calls) stop in seconds too.
        """
        method = getattr(obj, "__wrapped__", obj) if isinstance(obj, types.FunctionType) else obj
        if isinstance(method, types.BuiltinMethodType | types.MethodType):
            target = method.__self__
            if isinstance(target, str | list | dict | set):
                self.build(_estimate(method.__name__, target, args, kwargs))
        self.build(CALL, "mallen gör för många anrop (makron som anropar makron?)")
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        """Apply `*`, `**`, `+` or `%` for a template, refusing results too large to build."""
        self.check_time()
        if operator_name == "**":
            if isinstance(right, int | float) and abs(right) > EXPONENT:
                raise LimitExceeded(f"mallen använder en för stor exponent (högst {EXPONENT})")
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                _check_digits(left.bit_length() * right)
            return operator.pow(left, right)
        if operator_name == "+":
            if isinstance(left, str | bytes | list | tuple) and isinstance(
                right, str | bytes | list | tuple
            ):
                self.build(_length(left) + _length(right))
            return operator.add(left, right)
        if operator_name == "%":
            if isinstance(left, str):
                values = (
                    right
                    if isinstance(right, tuple)
                    else tuple(right.values())
                    if isinstance(right, dict)
                    else (right,)
                )
                self.build(_estimate("format", left, values, {}))
            return operator.mod(left, right)
        if isinstance(left, int) and isinstance(right, int):
            _check_digits(left.bit_length() + right.bit_length())
        for sized, count in ((left, right), (right, left)):
            if isinstance(sized, str | bytes | list | tuple) and isinstance(count, int):
                self.build(_length(sized) * max(count, 0))
        return operator.mul(left, right)

    def _measured(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """Return Jinja's filter `function` called `name`, the size of its result
        estimated and counted before it runs.
        """
        passes = getattr(function, "jinja_pass_arg", None) is not None

        @wraps(function)  # keeps Jinja's mark of what the filter is passed first
        def measured(*args: Any, **kwargs: Any) -> Any:
            value, *rest = args[1:] if passes else args
            self.build(_estimate(name, value, tuple(rest), kwargs, filter_=True))
            return function(*args, **kwargs)

        return measured


def _number(value: int) -> str:
    """Return `value` with spaces between thousands, as Swedish writes it."""
    return f"{value:,}".replace(",", " ")


def _check_digits(bits: int) -> None:
    """Raise `LimitExceeded` if a number of `bits` bits would have more than `DIGITS` digits."""
    if bits * 0.30103 > DIGITS:
        raise LimitExceeded(
            f"mallen räknar fram ett för stort tal (mer än {_number(DIGITS)} siffror)"
        )


def _escaped(text: str) -> int:
    """Return how long `text` becomes escaped for XML (`&` as `&amp;`, `"` as `&#34;`, …)."""
    return len(text) + 4 * sum(text.count(c) for c in "&<>\"'")


def _length(value: Any) -> int:
    """Return how many characters `value` counts as in memory: a text its length, a list
    `ITEM` for each item (the items themselves are already there).
    """
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, list | tuple | set | dict):
        return ITEM * len(value)
    return 20  # a number, a date, …


def _size(value: Any) -> int:
    """Return how many characters `value` counts as made into text, without making it.

    The items of lists in lists count too, as the text of the outer list shows each
    (`[l] * 50` shows `l` fifty times); a list holding no lists is read once however
    often it recurs, and the count stops once past the limit, so it never takes
    longer than building that much would.
    """
    limit, total, pending = OUTPUT_CHARACTERS, 0, [value]
    flat: dict[int, int] = {}  # what each list without lists in it counts as, by id
    while pending and total <= limit:
        each = pending.pop()
        if isinstance(each, str):
            total += len(each)
        elif id(each) in flat:
            total += flat[id(each)]
        elif isinstance(each, list | tuple | set | dict):
            own, nested = ITEM * len(each), []
            for item in [*each, *each.values()] if isinstance(each, dict) else each:
                if isinstance(item, str):
                    own += len(item)
                elif isinstance(item, list | tuple | set | dict):
                    nested.append(item)
            if not nested:
                flat[id(each)] = own
            total += own
            pending += nested
        else:
            xml = getattr(each, "xml", None) if not isinstance(each, jinja2.Undefined) else None
            total += len(xml) if isinstance(xml, str) else 20  # a subdocument; a number …
    return total


def _argument(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str) -> Any:
    """Return the argument at position `index` or called `name`, or None."""
    return args[index] if len(args) > index else kwargs.get(name)


def _estimate(
    name: str, target: Any, args: tuple[Any, ...], kwargs: dict[str, Any], filter_: bool = False
) -> int | None:
    """Return at most how many characters calling `name` on `target` builds (a filter
    when `filter_`, otherwise a method of `target`), or None when it builds nothing
    much (a result no larger than its input).

    The estimates err on the large side but are small for any template that is not
    trying to build something huge.
    """
    text = target if isinstance(target, str) else ""
    width = _argument(args, kwargs, 0, "width")
    if name in ("center", "ljust", "rjust", "zfill"):
        return max(len(text), width if isinstance(width, int) else 80)
    if name == "expandtabs":
        size = _argument(args, kwargs, 0, "tabsize")
        return len(text) + text.count("\t") * (size if isinstance(size, int) else 8)
    if name == "indent":
        by = len(width) if isinstance(width, str) else width if isinstance(width, int) else 4
        return len(text) + (text.count("\n") + 1) * by
    if name == "wordwrap":  # Python's textwrap slices a long word once per line made of it
        wrapstring = _argument(args, kwargs, 2, "wrapstring")
        lines = len(text) // max(width if isinstance(width, int) else 79, 1)
        extra = len(wrapstring) if isinstance(wrapstring, str) else 1
        return len(text) * (1 + extra) + ITEM * lines * (lines // 1000 + 1)
    if name == "replace":
        old, new = _argument(args, kwargs, 0, "old"), _argument(args, kwargs, 1, "new")
        if not isinstance(old, str) or not isinstance(new, str):
            return None
        times = text.count(old) if old else len(text) + 1
        count = _argument(args, kwargs, 2, "count")
        if isinstance(count, int) and count >= 0:
            times = min(times, count)
        return len(text) + times * max(len(new) - len(old), 0)
    if name in ("format", "format_map"):
        values = [*args, *kwargs.values()]
        if name == "format_map" and args and isinstance(args[0], dict):
            values = list(args[0].values())
        widths = sum(int(n) for n in _NUMBER.findall(text))
        if _NESTED_WIDTH.search(text):
            widths += sum(abs(v) for v in values if isinstance(v, int))
        largest = max((_size(v) for v in values), default=0)
        return len(text) + (text.count("{") + text.count("%")) * (largest + widths)
    if name == "join":
        items, separator = (target, width) if filter_ else (width, target)
        if not isinstance(items, list | tuple):
            return None
        gap = len(separator) if isinstance(separator, str) else 0
        return _size(items) + gap * len(items)
    if name in ("batch", "slice"):
        count = _argument(args, kwargs, 0, "linecount" if name == "batch" else "slices")
        length = len(target) if isinstance(target, list | tuple | str) else 0
        return ITEM * (length + (count if isinstance(count, int) else 0))
    if name == "sum":
        start = _argument(args, kwargs, 1, "start")
        if not isinstance(start, str | list | tuple) or not isinstance(target, list | tuple):
            return None
        return _length(start) + sum(_length(item) for item in target)
    if name == "translate":
        table = args[0] if args and isinstance(args[0], dict) else {}
        longest = max((len(v) for v in table.values() if isinstance(v, str)), default=1)
        return len(text) * max(longest, 1)
    if name in ("e", "escape", "forceescape"):
        return _escaped(text)
    if name in ("string", "tojson", "pprint"):
        return _size(target) if isinstance(target, list | tuple | set | dict) else None
    if name in ("sort", "unique", "list", "reverse", "dictsort", "groupby"):  # a copy
        return _length(target) if isinstance(target, list | tuple | set | dict) else None
    if name in ("append", "insert", "add", "setdefault"):
        return ITEM
    if name in ("extend", "update"):
        return sum(_length(a) for a in args) + sum(_length(v) for v in kwargs.values())
    return None


_FILTER_SIZES = (
    "center",
    "format",
    "indent",
    "wordwrap",
    "replace",
    "join",
    "batch",
    "slice",
    "sum",
    "string",
    "tojson",
    "pprint",
    "e",
    "escape",
    "forceescape",
    "sort",
    "unique",
    "list",
    "reverse",
    "dictsort",
    "groupby",
)
"""Jinja's filters whose result can be much larger than what they are given."""
