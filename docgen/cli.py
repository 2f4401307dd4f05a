"""The `docgen` command: thin click commands over the public API, messages in Swedish."""

from __future__ import annotations

import difflib
import json
import os
import sys
import traceback
from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from docgen import __version__, api
from docgen.errors import DocgenError

F = TypeVar("F", bound=Callable[..., Any])


PATH = click.Path(path_type=Path, readable=False)
"""A path argument. Whether a file can be read is docgen's to say, in Swedish and at the
right file; click's own check would answer in English before docgen is asked."""
TEXT_PATH = click.Path(readable=False)
"""The same, given on as text."""


def _reports_errors(command: F) -> F:
    """Wrap `command` so a `DocgenError` prints its lines and exits 1, with no traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except click.ClickException:
            raise
        except KeyboardInterrupt:
            click.echo("\navbrutet", err=True)
            sys.exit(1)
        except DocgenError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            sys.exit(1)
        except Exception as exc:
            if os.environ.get("DOCGEN_DEBUG"):
                traceback.print_exc()
            click.echo(
                f"internt fel i docgen ({type(exc).__name__}: {exc}); kör med DOCGEN_DEBUG=1 "
                "för detaljer och rapportera felet",
                err=True,
            )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


class _Refused(click.ClickException):
    """A mistyped command, told as one Swedish line on stderr; exit status 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


def _either(words: Any) -> str:
    """Return `words` as a Swedish list of alternatives: ”a”, ”b” eller ”c”."""
    quoted = [f"”{word}”" for word in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} eller {quoted[-1]}"


def _swedish(exc: click.UsageError) -> str:
    """Return the one Swedish line that says what is wrong in the command `exc` refused."""
    path = exc.ctx.command_path if exc.ctx else "docgen"
    helps = f"{path} --help visar hur det skrivs"
    if isinstance(exc, click.NoSuchOption):
        if exc.possibilities:
            return (
                f"{path}: okänd flagga ”{exc.option_name}”; menade du {_either(exc.possibilities)}?"
            )
        return f"{path}: okänd flagga ”{exc.option_name}”; {helps}"
    if isinstance(exc, click.BadOptionUsage):
        flags = [p for p in exc.ctx.command.params if exc.option_name in p.opts] if exc.ctx else []
        if flags and isinstance(flags[0], click.Option) and flags[0].is_flag:
            return f"{path}: flaggan ”{exc.option_name}” tar inget värde"
        return f"{path}: flaggan ”{exc.option_name}” behöver ett värde; {helps}"
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        if isinstance(exc.param.type, click.Choice):
            return f"{path}: ange vilken sort, {_either(exc.param.type.choices)}"
        what = exc.param.metavar or str(exc.param.name).upper()
        return f"{path}: {what} saknas; {helps}"
    if isinstance(exc, click.BadParameter):  # docgen's own types fail in Swedish
        return f"{path}: {exc.message}"
    return f"{path}: kommandot är felskrivet; {helps}"


class _SwedishHelp(click.Command):
    """A command whose help, usage line and refusals are in Swedish."""

    allow_extra_args = True  # checked here, to say it in Swedish

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:  # `docgen` alone asks for help
            click.echo(exc.ctx.get_help())
            raise click.exceptions.Exit(0) from exc
        except click.UsageError as exc:
            if exc.ctx is None:  # the option parser's errors come without their command
                exc.ctx = click.Context(self, info_name=info_name, parent=parent)
            raise _Refused(_swedish(exc)) from exc

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        if ctx.args and not isinstance(self, click.Group):
            extra = " ".join(ctx.args)
            raise _Refused(
                f"{ctx.command_path}: för många argument: {extra}; {ctx.command_path} --help visar hur det skrivs"
            )
        return rest

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Visa den här hjälpen."
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, prefix="Användning: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            row
            for param in self.get_params(ctx)
            if isinstance(param, click.Option) and (row := param.get_help_record(ctx))
        ]
        if rows:
            with formatter.section("Flaggor"):
                formatter.write_dl(rows)


class _Command(_SwedishHelp):
    """One docgen command, in Swedish."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        super().__init__(*args, **kwargs)


class _Group(_SwedishHelp, click.Group):
    """docgen and its groups of commands, in Swedish; a mistyped command exits 1."""

    command_class = _Command
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO ...")
        super().__init__(*args, **kwargs)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, known = args[0], self.list_commands(ctx)
        if name not in known and not name.startswith("-"):
            close = difflib.get_close_matches(name, known)
            hint = f"menade du {_either(close)}?" if close else f"kommandona är {_either(known)}"
            raise _Refused(f"{ctx.command_path}: okänt kommando ”{name}”; {hint}")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _Refused(_swedish(exc)) from exc

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        names = self.list_commands(ctx)
        commands = [(name, cmd) for name in names if (cmd := self.get_command(ctx, name))]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section("Kommandon"):
                formatter.write_dl(
                    [(name, cmd.get_short_help_str(limit)) for name, cmd in commands]
                )


class _Choice(click.Choice):  # type: ignore[type-arg]  # generic from click 8.2
    """One of a few words, refused in Swedish."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value not in self.choices:
            self.fail(f"okänd sort ”{value}”; välj {_either(self.choices)}", param, ctx)
        return value


class _Date(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.5
    """A date written ÅÅÅÅ-MM-DD, refused in Swedish."""

    name = "datum"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, date):
            return value
        try:
            return datetime.strptime(value, "%Y-%m-%d").date()
        except ValueError:
            self.fail(f"--datum ”{value}” är inget datum; skriv ÅÅÅÅ-MM-DD", param, ctx)


@click.group("docgen", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    prog_name="docgen",
    message="%(prog)s %(version)s",
    help="Visa docgens version.",
)
def main() -> None:
    """docgen: kommunala dokument (tjänsteskrivelse, protokoll …) från innehållsfiler."""


@main.command()
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    type=PATH,
    metavar="FIL_ELLER_MAPP...",
)
@_reports_errors
def check(paths: tuple[Path, ...]) -> None:
    """Kontrollera innehållsfiler och mappar; varje problem som fil:rad: meddelande."""
    result = api.check(list(paths))
    for problem in [*result.problems, *result.warnings]:
        for line in problem.lines():
            click.echo(line, err=True)
    if result.problems:
        sys.exit(1)
    files, warnings = len(result.files), len(result.warnings)
    checked = "1 fil kontrollerad" if files == 1 else f"{files} filer kontrollerade"
    warned = "" if not warnings else ", 1 varning" if warnings == 1 else f", {warnings} varningar"
    click.echo(f"{checked}, inga fel{warned}.")


@main.command()
@click.argument("file", type=PATH, metavar="FIL")
@click.option(
    "-o",
    "--output",
    type=TEXT_PATH,
    help="Word-filen att skriva (.docx), en PDF (.pdf) eller en mapp (ut/).",
)
@click.option("--template", type=PATH, help="En egen Word-mall (.docx).")
@click.option("--pdf", is_flag=True, help="Gör även en PDF/A-2b (kräver LibreOffice).")
@_reports_errors
def render(file: Path, output: str | None, template: Path | None, pdf: bool) -> None:
    """Gör en Word-fil av en tjänsteskrivelse eller annan handling (Markdown med uppgifter överst)."""
    target = Path(output) if output else None
    if output and output.endswith(("/", os.sep)):  # a folder, existing or not
        target = Path(output) / file.with_suffix(".docx").name
    for written in api.render_document(file, target, template, pdf):
        click.echo(f"skrev {written}")


@main.command()
@click.argument("meeting", type=PATH, metavar="SAMMANTRÄDESFIL")
@click.option(
    "-o",
    "--output",
    type=PATH,
    help="Mappen att skriva till (ersätts helt när allt lyckats).",
)
@click.option(
    "--templates",
    "templates_folder",
    type=PATH,
    help="En mapp med egna Word-mallar.",
)
@click.option(
    "--pdf", is_flag=True, help="Gör även PDF/A-2b av varje dokument (kräver LibreOffice)."
)
@click.option(
    "--publish",
    "publish_web",
    is_flag=True,
    help="Publicera även på anslagstavlan (som docgen publish).",
)
@click.option(
    "--webb",
    "web_folder",
    type=PATH,
    help="Anslagstavlans mapp för --publish (annars webb bredvid innehållsmappen).",
)
@_reports_errors
def close(
    meeting: Path,
    output: Path | None,
    templates_folder: Path | None,
    pdf: bool,
    publish_web: bool,
    web_folder: Path | None,
) -> None:
    """Stäng ett sammanträde: protokoll, protokollsutdrag, anslagsbevis och manifest."""
    if publish_web:  # the guard speaks before anything is written
        copy = api.web_copy(meeting, templates_folder, pdf)
    progress = _ProgressBar("Skapar dokument") if sys.stderr.isatty() else None
    try:
        written = api.close_meeting(
            meeting, output, templates_folder, pdf, progress or (lambda done, total: None)
        )
    finally:
        if progress:
            progress.finish()
    click.echo(f"skrev {len(written)} filer till {written[0].parent}")
    if publish_web:
        site = web_folder or api.default_web_folder(meeting)
        web = api.write_web_copy(copy, meeting, site)
        click.echo(f"skrev webbkopian, {len(web)} filer, till anslagstavlan i {site}")


@main.command("kallelse")
@click.argument("meeting", type=PATH, metavar="SAMMANTRÄDESFIL")
@click.option(
    "-o",
    "--output",
    type=PATH,
    help="Mappen att skriva till (annars bredvid sammanträdesfilen).",
)
@click.option(
    "--templates",
    "templates_folder",
    type=PATH,
    help="En mapp med egna Word-mallar.",
)
@click.option("--pdf", is_flag=True, help="Gör även en PDF/A-2b (kräver LibreOffice).")
@click.option(
    "--handlingar",
    is_flag=True,
    help="Gör även nämndhandlingarna: en PDF med kallelsen, varje ärendes "
    "tjänsteskrivelse och bilagor, med bokmärken (kräver LibreOffice).",
)
@_reports_errors
def kallelse_command(
    meeting: Path, output: Path | None, templates_folder: Path | None, pdf: bool, handlingar: bool
) -> None:
    """Gör kallelsen med föredragningslista av en sammanträdesfil, före sammanträdet."""
    for written in api.render_kallelse(meeting, output, templates_folder, pdf, handlingar):
        click.echo(f"skrev {written}")


@main.command("publish")
@click.argument("meeting", type=PATH, metavar="SAMMANTRÄDESFIL")
@click.option(
    "-o",
    "--output",
    type=PATH,
    help="Anslagstavlans mapp (annars webb bredvid innehållsmappen); sammanträdet "
    "får en egen mapp i den.",
)
@click.option(
    "--templates",
    "templates_folder",
    type=PATH,
    help="En mapp med egna Word-mallar (för --pdf).",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Gör även en PDF/A av protokollet utan det som inte får publiceras.",
)
@_reports_errors
def publish_command(
    meeting: Path, output: Path | None, templates_folder: Path | None, pdf: bool
) -> None:
    """Publicera ett justerat sammanträde som webbsidor, flöden och kalender."""
    site = output or api.default_web_folder(meeting)
    written = api.publish_meeting(meeting, site, templates_folder, pdf)
    click.echo(f"skrev webbkopian, {len(written)} filer, till anslagstavlan i {site}")


class _ProgressBar:
    """A progress bar on the terminal, drawn once the number of steps is known."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def finish(self) -> None:
        """Close the bar, if one was drawn."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.group()
def templates() -> None:
    """Arbeta med Word-mallar."""


@templates.command("check")
@click.argument("template", type=PATH, metavar="MALL_ELLER_MAPP")
@click.option(
    "--typ",
    help="Dokumenttypen, t.ex. protokoll (annars efter filnamnet, t.ex. protokoll.docx); "
    "en okänd typ visar vilka som finns.",
)
@_reports_errors
def check_template(template: Path, typ: str | None) -> None:
    """Kontrollera en mall eller en mapp med mallar: mot mallkontraktet (variabler, filter,
    formatmallar) och genom att göra exempeldokumenten med den.
    """
    problems = api.check_template(template, typ)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(1)
    what = "mallarna följer" if template.is_dir() else "mallen följer"
    click.echo(f"{template}: {what} kontraktet och fungerar med exempeldokumenten.")


@templates.command("export")
@click.argument("folder", type=PATH, metavar="MAPP")
@_reports_errors
def export_templates(folder: Path) -> None:
    """Skriv docgens egna mallar till en mapp, som kommunens mallar att utgå från."""
    written = api.export_templates(folder)
    click.echo(
        f"skrev {len(written)} mallar till {folder}; skriv mallar: {folder.name}/ i "
        "organisation.yaml om mappen ligger bredvid den"
    )


@main.command("new")
@click.argument("typ", type=_Choice(api.CONTENT_TYPES))
@click.option("--organ", help="Organets kod, t.ex. KS (för tjänsteskrivelse och sammanträde).")
@click.option(
    "-o",
    "--output",
    type=TEXT_PATH,
    help="Filen att skriva, eller en mapp (ut/); annars i mappen du står i.",
)
@click.option(
    "--datum",
    type=_Date(),
    metavar="ÅÅÅÅ-MM-DD",
    help="Datumet att skriva in (ÅÅÅÅ-MM-DD); annars dagens.",
)
@_reports_errors
def new(typ: str, organ: str | None, output: str | None, datum: Any) -> None:
    """Börja en ny innehållsfil med alla uppgifter och förklaringar på svenska."""
    if organ is not None and typ == "organisation":
        raise _Refused("docgen new: --organ gäller tjänsteskrivelser och sammanträden")
    target = Path(output or ".")
    if output and output.endswith(("/", os.sep)):
        target.mkdir(parents=True, exist_ok=True)
    today: date | None = datum
    written = api.new_content_file(typ, target, organ, today)
    click.echo(f'skrev {written}; fyll i det som står inom "" och kör docgen check {written}')


@main.command()
@click.argument("typ", type=_Choice(api.SCHEMA_TYPES))
@click.option(
    "-o",
    "--output",
    type=PATH,
    help="Filen att skriva (UTF-8), t.ex. scheman/sammantrade.json; annars skärmen.",
)
@_reports_errors
def schema(typ: str, output: Path | None) -> None:
    """Skriv ut JSON Schema för en sorts innehållsfil, för redigeringsprogram."""
    if output is None:
        click.echo(json.dumps(api.json_schema(typ), ensure_ascii=False, indent=2))
        return
    click.echo(f"skrev {api.write_json_schema(typ, output)}")
