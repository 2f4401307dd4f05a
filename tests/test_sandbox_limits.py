"""Hostile templates stop within seconds with one Swedish line: loops of loops, values
built to gigabytes, numbers of millions of digits, memory running out (docgen/sandbox.py).

Each case is the Jinja a tester put into an exported template, in a paragraph of its
own at the start of the body; every command that renders templates (render, close,
templates check) must stop with exit 1, the line naming the template and the tag, and
no file written.
"""

from __future__ import annotations

import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from conftest import CONTENT, edited_copy

from docgen import swedish
from docgen.cli import main

SKRIVELSE = CONTENT / "tjansteskrivelser/2014-11-24-styrning-och-ledning.md"
KSAU = CONTENT / "sammantraden/2014-08-19-ksau.yaml"
BUILT = "mallen bygger för långa texter eller listor (mer än 10 000 000 tecken)"

CASES = [
    pytest.param(
        "{% set l = [1]*999999 %}{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}",
        "mallens loopar går för många varv (loopar i loopar över långa listor?)",
        "{% for b in l %}",
        id="loop-of-loops",
    ),
    pytest.param(
        "{% set a = 'x'*1000000 %}{% set a = a~a~a~a~a~a~a~a %}{% set a = a~a~a~a~a~a~a~a %}",
        BUILT,
        "{% set a = a~a~a~a~a~a~a~a %}",
        id="concatenation",
    ),
    pytest.param(
        "{% set l = [1]*1000000 %}{% set l = l+l+l+l+l+l+l+l+l+l %}",
        BUILT,
        "{% set l = l+l+l+l+l+l+l+l+l+l %}",
        id="list-plus",
    ),
    pytest.param("{{ 'x'|center(10**9) }}", BUILT, "{{ 'x'|center(10**9) }}", id="center"),
    pytest.param(
        "{{ '{:>999999999}'.format('x') }}",
        BUILT,
        "{{ '{:>999999999}'.format('x') }}",
        id="format-width",
    ),
    pytest.param(  # a small list, shown as the text of fifty million items
        "{% set l = [1]*1000000 %}{{ [[l]*50]*50 }}",
        BUILT,
        "{{ [[l]*50]*50 }}",
        id="nested-lists-shown",
    ),
    pytest.param(  # a list doubled in place, by a method
        "{% set l = [1] %}{% for i in range(60) %}{% set _ = l.extend(l) %}{% endfor %}",
        BUILT,
        "{% set _ = l.extend(l) %}",
        id="extend-doubling",
    ),
    pytest.param(
        "{{ 2**64**64**64**64**64 }}",
        "mallen räknar fram ett för stort tal (mer än 4 300 siffror)",
        "{{ 2**64**64**64**64**64 }}",
        id="power-chain",
    ),
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder with docgen's own templates, exported as a kommun gets them."""
    folder = tmp_path_factory.mktemp("export") / "mallar"
    result = CliRunner().invoke(main, ["templates", "export", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def with_jinja(exported: Path, folder: Path, name: str, jinja: str) -> Path:
    """Return `folder` holding the exported templates, the one called `name` with `jinja`
    as a paragraph of its own at the start of its body (where `{{ rubrik }}` could be).
    """
    folder.mkdir()
    for template in exported.iterdir():
        (folder / template.name).write_bytes(template.read_bytes())
    paragraph = f"<w:body><w:p><w:r><w:t>{escape(jinja)}</w:t></w:r></w:p>".encode()
    return edited_copy(
        exported / name,
        folder / name,
        "word/document.xml",
        lambda xml: xml.replace(b"<w:body>", paragraph, 1),
    )


def run(*arguments: str | Path) -> tuple[int, str]:
    """Run docgen with `arguments`; return the exit code and all it said."""
    result = CliRunner().invoke(main, [str(a) for a in arguments])
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.output  # stdout and stderr, as a terminal shows them


def each_command(exported: Path, tmp_path: Path, jinja: str) -> list[tuple[Path, int, str]]:
    """Run render, close and templates check with `jinja` in the template each renders;
    return for each the template, the exit code and what it said, each within seconds.
    """
    runs = []
    skrivelse = with_jinja(exported, tmp_path / "a", "tjansteskrivelse.docx", jinja)
    protokoll = with_jinja(exported, tmp_path / "b", "protokoll.docx", jinja)
    for template, arguments in [
        (skrivelse, ("render", SKRIVELSE, "--template", skrivelse, "-o", tmp_path / "ut.docx")),
        (protokoll, ("close", KSAU, "--templates", protokoll.parent, "-o", tmp_path / "ut")),
        (skrivelse, ("templates", "check", skrivelse)),
    ]:
        start = time.monotonic()
        code, said = run(*arguments)
        assert time.monotonic() - start < 10, arguments[0]
        runs.append((template, code, said))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]  # nothing written
    return runs


@pytest.mark.parametrize(("jinja", "message", "tag"), CASES)
def test_a_hostile_template_stops_within_seconds_with_one_line(
    exported: Path,
    tmp_path: Path,
    jinja: str,
    message: str,
    tag: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from docgen import sandbox

    monkeypatch.setattr(sandbox, "OUTPUT_CHARACTERS", 10_000_000)  # the loops stop 5× sooner
    for template, code, said in each_command(exported, tmp_path, jinja):
        assert (code, said) == (1, f"{template}: {message} (i ”{tag}”)\n")


def test_running_out_of_memory_is_one_line_naming_the_tag(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def exhausted(value: object) -> str:  # as any step of a template may fail
        raise MemoryError

    monkeypatch.setitem(swedish.FILTERS, "belopp", exhausted)
    message = (
        "mallen behövde mer minne än datorn har och stoppades "
        "(bygger den en väldigt lång text eller lista?) (i ”{{ 5|belopp }}”)"
    )
    for template, code, said in each_command(exported, tmp_path, "{{ 5|belopp }}"):
        assert (code, said) == (1, f"{template}: {message}\n")


def test_a_template_with_loops_and_the_guarded_operations_still_renders(
    exported: Path, tmp_path: Path
) -> None:
    from docx import Document

    jinja = (
        "{% set ord = ['ett', 'två', 'tre'] %}"
        "{% for o in ord if o != 'två' %}{{ loop.index ~ '. ' ~ o|center(5) }};{% endfor %}"
        "{% for rad in [[1, 2], [3]] %}{% for x in rad %}{{ x * 2 }}{% endfor %}{% endfor %}"
        " {{ '%s kr' % 5 }} {{ 'a' + 'b' }} {{ 2**10 }} {{ '{:>4}'.format(7) }}"
        " {{ ord|join('/') }} {{ ord|batch(2)|list|length }} {{ 'a b'|replace(' ', '-') }}"
    )
    template = with_jinja(exported, tmp_path / "a", "tjansteskrivelse.docx", jinja)
    out = tmp_path / "ut.docx"
    code, said = run("render", SKRIVELSE, "--template", template, "-o", out)
    assert code == 0, said
    first = Document(str(out)).paragraphs[0].text
    assert first == "1.  ett ;2.  tre ;246 5 kr ab 1024    7 ett/två/tre 2 a-b"


@pytest.mark.parametrize(
    "jinja",
    [
        "{{ ('x'*1000000)|wordwrap(1) }}",  # textwrap slices a long word once per line: minutes
        "{{ ('x'*1000000).translate({120: 'y'*1000}) }}",
        "{{ ('x'*1000000).encode() * 1000 }}",
        "{{ ('\"'*3000000)|e }}",  # escaped, each character becomes five
        "{{ 'x'.center(10**9) }}",
        "{{ 'x'.rjust(10**9) }}",
        "{{ '%999999999s' % 'x' }}",
        "{{ '%*s' % (999999999, 'x') }}",
        "{{ '{:{}}'.format('x', 999999999) }}",
        "{{ ('{x}'*1000000).format_map({'x': 'y'*100}) }}",
        "{{ ('x'*1000000)|replace('x', 'yyyyyyyyyyyy') }}",
        "{{ ('\\n'*1000000)|indent(100) }}",
        "{{ [1]|batch(10**9, 0)|list }}",
        "{{ [1]|slice(10**9)|list }}",
        "{% set l = [1]*1000000 %}{{ ([l]*50)|sum(start=[]) }}",
        "{% set l = [1]*1000000 %}{{ ([l]*50)|join(',') }}",
        "{% set l = [1]*1000000 %}{{ [l, l, l, l, l, l, l, l]|string }}",
        "{% set d = {} %}{% for i in range(99999) %}{% set _ = d.update({i: 'x'*1000}) %}"
        "{% endfor %}",
        "{% set l = ['b', 'a']*1000000 %}{{ l|sort|unique|list|length }}",  # copies, seconds
    ],
)
def test_the_sandbox_measures_before_it_builds(jinja: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen import sandbox

    monkeypatch.setattr(sandbox, "OUTPUT_CHARACTERS", 10_000_000)
    start = time.monotonic()
    with pytest.raises(sandbox.LimitExceeded, match="^mallen bygger för långa texter eller listor"):
        sandbox.Sandbox().from_string(jinja).render()
    assert time.monotonic() - start < 2


@pytest.mark.parametrize(
    "jinja",
    [
        "{% macro m(d) %}{% if d < 30 %}{{ m(d+1) }}{{ m(d+1) }}{% endif %}{% endmacro %}{{ m(0) }}",
        "{% for x in [1, 2] recursive %}{% if loop.depth < 30 %}{{ loop([1, 2]) }}{% endif %}"
        "{% endfor %}",
    ],
)
def test_calls_of_calls_stop_within_seconds(jinja: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen import sandbox

    monkeypatch.setattr(sandbox, "OUTPUT_CHARACTERS", 10_000_000)
    start = time.monotonic()
    with pytest.raises(sandbox.LimitExceeded, match="^mallen gör för många anrop"):
        sandbox.Sandbox().from_string(jinja).render()
    assert time.monotonic() - start < 2  # two to the thirtieth calls took 30 s, the deadline
