"""The JSON Schemas: valid 2020-12, Swedish, and judging content as `docgen check` does.

An editor reads a YAML file as YAML 1.2 (`paragraf: 53` is a number, `datum: 2014-11-24`
a text), so the schemas are tried on content loaded that way (`load_as_editor`). Each bad
case is checked twice, by the schema (with `jsonschema`) and by `docgen check`: both must
refuse it, at the same lines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from conftest import CONTENT
from pydantic import ValidationError, model_validator

from docgen import api
from docgen.cli import main
from docgen.content.doctypes import bundled
from docgen.content.yamlfile import Located, load_yaml, split_front_matter
from docgen.errors import ContentError, DocgenError
from docgen.model import Strict, Text
from docgen.schema import DESCRIPTIONS, SCHEMAS, TYPES, json_schema, models_in, schema_of


class _Yaml12(yaml.SafeLoader):
    """YAML 1.2's core schema, as editors read it: no timestamps, no `yes`/`no` booleans."""


_Yaml12.yaml_implicit_resolvers = {}
for _tag, _regex, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", [*"tTfF"]),
    ("null", r"^(?:~|null|Null|NULL|)$", [*"~nN", ""]),
    ("int", r"^[-+]?[0-9]+$", [*"-+0123456789"]),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", [*"-+.0123456789"]),
]:
    _Yaml12.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_regex), _first)


def load_as_editor(path: Path) -> Any:
    """Return the YAML of `path` (for .md its front matter) as a YAML 1.2 editor reads it."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("\n---", 1)[0].removeprefix("---\n")
    return yaml.load(text, Loader=_Yaml12)  # a SafeLoader


def located(path: Path) -> Located:
    """Return `path` loaded by docgen, with the line of every value."""
    text = path.read_text(encoding="utf-8")
    return split_front_matter(text, path)[0] if path.suffix == ".md" else load_yaml(text, path)


def schema_lines(path: Path) -> set[int]:
    """Return the lines the schema of `path`'s type finds fault with, under both drafts."""
    instance = load_as_editor(path)
    where = located(path)
    declared = path.suffix == ".md" and instance.get("typ") in bundled()
    schema = (
        json_schema("handling")
        if declared
        else json_schema(instance["typ"] if instance.get("typ") in TYPES else _kind(path))
    )
    found: list[set[int]] = []
    for validator_class in (jsonschema.Draft202012Validator, jsonschema.Draft7Validator):
        validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
        lines = set()
        for error in _innermost(validator.iter_errors(instance)):
            key = tuple(error.absolute_path)
            if error.validator == "additionalProperties":
                known = error.schema.get("properties", {})
                lines |= {
                    where.line((*key, extra)) or 0 for extra in error.instance if extra not in known
                }
            else:
                lines.add(where.line(key) or 0)
        found.append(lines)
    assert found[0] == found[1], "draft 2020-12 and draft 7 judge the file alike"
    return found[0]


def _innermost(errors: Any) -> list[Any]:
    """Return `errors` with each failed `anyOf` replaced by what failed in its branches.

    An optional value is `anyOf: [its schema, null]`: what matters is why its schema
    failed, at the value's own place, as an editor shows it.
    """
    found = []
    for error in errors:
        if error.validator == "anyOf" and error.context:
            branches = [e for e in error.context if e.validator_value != "null"]
            found += _innermost(branches) if branches else [error]
        else:
            found.append(error)
    return found


def _kind(path: Path) -> str:
    """Return the content type a file is of by its name, for a file whose `typ` is wrong."""
    if path.suffix == ".md":
        return "tjansteskrivelse"
    return "organisation" if path.name == "organisation.yaml" else "sammantrade"


def check_lines(path: Path) -> set[int]:
    """Return the lines `docgen check` finds fault with in `path`."""
    result = api.check([path])
    lines: set[int] = set()
    pending: list[DocgenError] = list(result.problems)
    while pending:
        problem = pending.pop()
        if isinstance(problem, ContentError):
            assert problem.path == path, str(problem)
            lines.add(problem.line or 0)
        else:
            pending.extend(getattr(problem, "problems", []))
    return lines


@pytest.mark.parametrize("typ", list(TYPES))
def test_each_schema_is_a_valid_2020_12_schema(typ: str) -> None:
    schema = json_schema(typ)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft7Validator.check_schema(schema)


def _objects(schema: Any) -> list[dict[str, Any]]:
    """Return every object schema (one with properties) inside `schema`."""
    if isinstance(schema, list):
        return [found for item in schema for found in _objects(item)]
    if not isinstance(schema, dict):
        return []
    own = [schema] if "properties" in schema else []
    return own + [found for value in schema.values() for found in _objects(value)]


@pytest.mark.parametrize("typ", list(TYPES))
def test_every_object_refuses_unknown_keys_and_says_in_swedish_what_it_is(typ: str) -> None:
    objects = _objects(json_schema(typ))
    assert len(objects) >= 2
    for found in objects:
        assert found["additionalProperties"] is False
        assert found["description"]
        for name, field in found["properties"].items():
            assert "title" not in field, name  # pydantic's English "Forslag Till Beslut"
            assert re.search("[a-zåäö]", field["description"]), name


def test_every_model_and_field_has_its_swedish_description_and_no_description_is_stale() -> None:
    models = {model for typ in SCHEMAS.values() for model in models_in(typ).values()}
    missing = [
        f"{model.__name__}.{field or '(modellen)'}"
        for model in models
        for field in ["", *model.model_fields]
        if not DESCRIPTIONS.get(model, {}).get(field)
    ]
    stale = [
        f"{model.__name__}.{field}"
        for model, fields in DESCRIPTIONS.items()
        for field in fields
        if field and field not in model.model_fields
    ]
    assert not missing, f"lägg till beskrivningar i docgen/schema.py DESCRIPTIONS: {missing}"
    assert not stale, f"beskrivningar för fält som inte finns: {stale}"
    assert set(DESCRIPTIONS) <= models


def test_dates_are_dates_written_as_officials_write_them() -> None:
    datum = json_schema("tjansteskrivelse")["properties"]["datum"]
    assert datum["type"] == "string" and datum["format"] == "date"
    pattern = re.compile(datum["pattern"])
    assert pattern.search("2014-11-24") and pattern.search("2014-12-31")
    for wrong in ("2014-11-24T10:00", "24/11/2014", "2014-13-01", "2014-1-24", "14-11-24"):
        assert not pattern.search(wrong), wrong


EXAMPLES = sorted(p for p in CONTENT.rglob("*") if p.suffix in (".md", ".yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_schema_accepts_every_example_content_file(path: Path) -> None:
    assert check_lines(path) == set()
    assert schema_lines(path) == set()


TJANSTESKRIVELSE = """\
---
typ: tjansteskrivelse
datum: 2014-08-07
diarienummer: KFKS 2014/412-040
organ: KSAU
rubrik: Delårsrapport
forslag_till_beslut:
  - Arbetsutskottet godkänner delårsrapporten.
underskrifter:
  - {namn: Lena Dahlstedt, titel: Stadsdirektör}
bilagor:
  - Delårsrapport
---
## Sammanfattning

Delårsrapporten visar ett överskott.
"""

ORGANISATION = """\
typ: organisation
kommun: Nacka kommun
diarienummer: "KFKS {år}/{löpnummer}-{klass}"
organ:
  - kod: KSAU
    namn: Kommunstyrelsens arbetsutskott
personer:
  - {namn: Lena Dahlstedt, titel: Stadsdirektör}
  - {namn: Anna Ros, titel: Nämndsekreterare}
  - {namn: Maria Berg, parti: M}
  - {namn: Johan Ek, parti: M}
  - {namn: Sara Lind, parti: C}
  - {namn: Eva Sjö, parti: S}
"""

SAMMANTRADE = """\
typ: sammantrade
organ: KSAU
datum: 2014-08-19
tid: 9.00–11.30
plats: Nacka stadshus
forsta_paragraf: 1
deltagare:
  ordforande: Maria Berg
  ledamoter: [Johan Ek, Sara Lind, Eva Sjö]
  ovriga_narvarande: [Lena Dahlstedt]
justerare: [Eva Sjö]
justering: {datum: 2014-08-26, plats: Stadsledningskontoret}
sekreterare: Anna Ros
paragrafer:
  - arende: KFKS 2014/412-040
    tidigare_behandling:
      - {organ: KSAU, datum: 2014-01-29, paragraf: 9}
    omedelbar_justering: true
"""

FILES = {"ts.md": TJANSTESKRIVELSE, "organisation.yaml": ORGANISATION, "mote.yaml": SAMMANTRADE}

OMROSTNING = """    omrostning:
      ja: bifall
      nej: avslag
      roster: {Maria Berg: ja, Johan Ek: ja, Sara Lind: nej, Eva Sjö: kanske}
      utfall: ja
"""

BAD = [
    ("unknown key", "ts.md", "rubrik: Delårsrapport", "rubirk: Delårsrapport"),
    ("missing key", "ts.md", "organ: KSAU\n", ""),
    ("date written otherwise", "ts.md", "datum: 2014-08-07", "datum: 7/8 2014"),
    ("date that does not exist", "ts.md", "datum: 2014-08-07", "datum: 2014-02-30"),
    ("month thirteen", "ts.md", "datum: 2014-08-07", "datum: 2014-13-07"),
    ("timestamp", "ts.md", "datum: 2014-08-07", "datum: 2014-08-07 10:00"),
    (
        "empty list",
        "ts.md",
        "forslag_till_beslut:\n  - Arbetsutskottet godkänner delårsrapporten.",
        "forslag_till_beslut: []",
    ),
    (
        "text for a list",
        "ts.md",
        "forslag_till_beslut:\n  - Arbetsutskottet",
        "forslag_till_beslut: Arbetsutskottet\n  #",
    ),
    ("empty value for a list", "ts.md", "bilagor:\n  - Delårsrapport", "bilagor:"),
    ("spaces for a text", "ts.md", "rubrik: Delårsrapport", 'rubrik: "   "'),
    ("true for a text", "ts.md", "rubrik: Delårsrapport", "rubrik: true"),
    ("wrong typ", "ts.md", "typ: tjansteskrivelse", "typ: tjänsteskrivelse"),
    (
        "nested key missing",
        "ts.md",
        "{namn: Lena Dahlstedt, titel: Stadsdirektör}",
        "{namn: Lena Dahlstedt}",
    ),
    ("nested key unknown", "ts.md", "titel: Stadsdirektör}", "titel: Stadsdirektör, tel: 1}"),
    (
        "no organ",
        "organisation.yaml",
        "organ:\n  - kod: KSAU\n    namn: Kommunstyrelsens arbetsutskott",
        "organ: []",
    ),
    ("organ without name", "organisation.yaml", "    namn: Kommunstyrelsens arbetsutskott\n", ""),
    (
        "person with a misspelt key",
        "organisation.yaml",
        "{namn: Johan Ek, parti: M}",
        "{namn: Johan Ek, partti: M}",
    ),
    (
        "three justerare",
        "mote.yaml",
        "justerare: [Eva Sjö]",
        "justerare: [Eva Sjö, Johan Ek, Sara Lind]",
    ),
    (
        "no paragraphs",
        "mote.yaml",
        SAMMANTRADE[SAMMANTRADE.index("paragrafer:") :],
        "paragrafer: []\n",
    ),
    (
        "neither yes nor no",
        "mote.yaml",
        "omedelbar_justering: true",
        "omedelbar_justering: kanske",
    ),
    ("paragraph zero", "mote.yaml", "paragraf: 9}", "paragraf: 0}"),
    ("paragraph in words", "mote.yaml", "paragraf: 9}", "paragraf: nio}"),
    (
        "justering without place",
        "mote.yaml",
        "{datum: 2014-08-26, plats: Stadsledningskontoret}",
        "{datum: 2014-08-26}",
    ),
    ("misspelt role", "mote.yaml", "  ovriga_narvarande:", "  ovriga_narvaranden:"),
    ("a vote that is no vote", "mote.yaml", "    omedelbar_justering: true\n", OMROSTNING),
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Return a small content tree in which every file checks clean."""
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_small_tree_is_clean_by_both(tree: Path) -> None:
    for name in FILES:
        assert check_lines(tree / name) == set(), name
        assert schema_lines(tree / name) == set(), name


@pytest.mark.parametrize("written", ["ja", "Nej", "JA", "true"])
def test_yes_and_no_in_swedish_are_taken_by_both(tree: Path, written: str) -> None:
    path = tree / "mote.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("omedelbar_justering: true", f"omedelbar_justering: {written}"),
        encoding="utf-8",
    )
    assert check_lines(path) == set()
    assert schema_lines(path) == set()


@pytest.mark.parametrize(("case", "name", "old", "new"), BAD, ids=[case[0] for case in BAD])
def test_a_bad_file_is_refused_by_the_schema_as_by_docgen_check(
    tree: Path, case: str, name: str, old: str, new: str
) -> None:
    path = tree / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, case
    path.write_text(text.replace(old, new), encoding="utf-8")
    by_check = check_lines(path)
    assert by_check, f"docgen check accepts {case}"
    assert schema_lines(path) == by_check


@pytest.mark.parametrize("typ", list(TYPES))
def test_docgen_schema_prints_the_schema(typ: str) -> None:
    result = CliRunner().invoke(main, ["schema", typ])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json_schema(typ)


def test_docgen_schema_of_an_unknown_type_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["schema", "protokoll"])
    assert result.exit_code == 1
    assert result.stderr == (
        "docgen schema: okänd sort ”protokoll”; välj ”organisation”, ”tjansteskrivelse”, "
        "”sammantrade”, ”foredragningslista” eller ”handling”\n"
    )


def test_docgen_schema_writes_the_schema_as_utf8_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "scheman" / "sammantrade.json"
    result = CliRunner().invoke(main, ["schema", "sammantrade", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"skrev {target}\n"
    assert json.loads(target.read_bytes().decode("utf-8")) == json_schema("sammantrade")
    assert "sammanträde" in target.read_text(encoding="utf-8")


class Named(Strict):
    """As the meeting model's people: a plain name stands for `{namn: …}`."""

    @model_validator(mode="before")
    @classmethod
    def _plain_name(cls, value: object) -> object:
        return {"namn": value} if isinstance(value, str) else value


class Ledamot(Named):
    """A member, for some paragraphs only."""

    namn: Text
    paragrafer: str | None = None


class Mote(Strict):
    """A meeting of members."""

    ledamoter: list[Ledamot]
    ordforande: Ledamot | None = None


@pytest.mark.parametrize(
    ("instance", "valid"),
    [
        ({"ledamoter": ["Johan Ek", {"namn": "Eva Sjö", "paragrafer": "12–13"}]}, True),
        ({"ledamoter": [{"namn": "Eva Sjö", "paragrafer": 13}], "ordforande": "Maria Berg"}, True),
        ({"ledamoter": ["  "]}, False),
        ({"ledamoter": [{"namn": "Eva Sjö", "parti": "S"}]}, False),
        ({"ledamoter": [True]}, False),
    ],
)
def test_a_model_that_takes_a_plain_name_takes_it_in_the_schema_too(
    instance: dict[str, Any], valid: bool
) -> None:
    schema = schema_of(Mote, "möte")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert jsonschema.Draft202012Validator(schema).is_valid(instance) is valid
    as_docgen_reads = json.loads(json.dumps(instance), parse_int=str)  # plain values are text
    try:
        Mote.model_validate(as_docgen_reads)
        assert valid
    except ValidationError:
        assert not valid


def test_an_agenda_has_a_schema_of_its_own(tmp_path: Path) -> None:
    meeting = load_as_editor(CONTENT / "sammantraden" / "2014-08-19-ksau.yaml")
    agenda = {k: v for k, v in meeting.items() if k not in ("deltagare", "justering", "anslag")}
    assert (
        list(jsonschema.Draft202012Validator(json_schema("foredragningslista")).iter_errors(agenda))
        == []
    )
    assert list(jsonschema.Draft202012Validator(json_schema("sammantrade")).iter_errors(agenda))
