"""The sandbox Word templates run in: Jinja's sandbox, docgen's filters, and limits.

Templates come from outside the code (each kommun's own), so their Jinja may be
hostile or simply wrong. Jinja's `SandboxedEnvironment` keeps them away from Python's
internals; on top of that a template gets a time limit, a limit on how much text it
may produce, and no way to build huge values (`'a' * 10**9`), so a runaway template
stops with one line instead of running for minutes or eating the memory. Each
compiled template has its own environment, and each document rendered from it starts
a fresh time limit (`render.CompiledTemplate.restart_clock`): the limits belong to that
document alone. A run renders its documents one after another, so an environment is
never used by two threads at once.
"""

from __future__ import annotations

import operator
import time
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from docgen import swedish

SECONDS = 30.0
"""How long one document's template may run (a 400-paragraph protocol takes well under one)."""

OUTPUT_CHARACTERS = 50_000_000
"""The most text a template may produce for one part of a document."""

VALUE_LENGTH = 1_000_000
"""The longest text or list a template may build with `*`."""

EXPONENT = 64
"""The largest exponent a template may use with `**`."""


class LimitExceeded(SecurityError):
    """A template went past one of the sandbox's limits; the message says which, in Swedish."""


class LimitedTemplate(jinja2.Template):
    """A template whose output is counted while it is produced, and stopped at the limits."""

    environment: Sandbox

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Return the rendered text, or raise `LimitExceeded` past the time or size limit."""
        context = self.new_context(dict(*args, **kwargs))
        pieces, size = [], 0
        try:
            for piece in self.root_render_func(context):
                size += len(piece)
                if size > OUTPUT_CHARACTERS:
                    raise LimitExceeded(
                        f"mallen gav mer än {OUTPUT_CHARACTERS:,} tecken text".replace(",", " ")
                    )
                self.environment.check_time()
                pieces.append(piece)
        except LimitExceeded:
            raise
        except Exception:  # as Jinja's own render: the traceback in the template's lines
            self.environment.handle_exception()
        return "".join(pieces)


class Sandbox(SandboxedEnvironment):
    """The environment one rendering's templates run in, with its own deadline."""

    template_class = LimitedTemplate
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, seconds: float | None = None) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)
        for name in ("cycler", "joiner", "namespace", "lipsum"):  # objects of no use in a mall
            self.globals.pop(name, None)
        self.filters.update(swedish.FILTERS)
        self.seconds = SECONDS if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds

    def check_time(self) -> None:
        """Raise `LimitExceeded` when the rendering has run past its deadline."""
        if time.monotonic() > self.deadline:
            seconds = f"{self.seconds:g}".replace(".", ",")
            raise LimitExceeded(
                f"mallen tog mer än {seconds} sekunder och stoppades (en loop som inte tar slut?)"
            )

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call `obj` for a template, after checking the deadline."""
        self.check_time()
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        """Apply `*` or `**` for a template, refusing results too large to build."""
        self.check_time()
        if operator_name == "**":
            if isinstance(right, int | float) and abs(right) > EXPONENT:
                raise LimitExceeded(f"mallen använder en för stor exponent (högst {EXPONENT})")
            return operator.pow(left, right)
        for sized, count in ((left, right), (right, left)):
            if (
                isinstance(sized, str | list | tuple)
                and isinstance(count, int)
                and len(sized) * count > VALUE_LENGTH
            ):
                raise LimitExceeded("mallen försöker bygga en för lång text eller lista med *")
        return operator.mul(left, right)
