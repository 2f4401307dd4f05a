"""JSON Schemas of the content files, for editors that complete keys and mark mistakes.

Each schema is generated from the content model (`docgen.model`) with pydantic's
`model_json_schema`, then made into what an editor needs: the Swedish description of
every model and field (from `DESCRIPTIONS`, the one place they are written; `docgen new`
writes the same texts as comments), dates as `format: date` with the pattern ÅÅÅÅ-MM-DD,
and no English titles. Unknown keys are refused (`additionalProperties: false`, from the
model's `extra="forbid"`), so an editor flags a misspelt key as `docgen check` does.

The schemas are JSON Schema draft 2020-12, using only keywords that mean the same in
draft 7 (which VS Code's YAML extension implements), so editors on either read them alike.
A text field takes a number too (`tid: 9.00`, `rubrik: 2015`): docgen reads every plain
YAML value as text, while an editor's YAML 1.2 reads such a value as a number.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from docgen.model import (
    Anslag,
    Deltagare,
    Justering,
    Omrostning,
    Organ,
    Organisation,
    Paragraf,
    Person,
    Protokollsanteckning,
    Reservation,
    Sammantrade,
    TidigareBehandling,
    Tjansteskrivelse,
    TjanstgorandeErsattare,
    Underskrift,
    Yrkande,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema version the schemas are written in."""

TYPES: dict[str, type[BaseModel]] = {
    "organisation": Organisation,
    "tjansteskrivelse": Tjansteskrivelse,
    "sammantrade": Sammantrade,
}
"""Each content file type (its `typ`) with the model of the file (for .md, its front matter)."""

TITLES = {
    "organisation": "docgen: organisationsfilen (organisation.yaml)",
    "tjansteskrivelse": "docgen: uppgifterna överst i en tjänsteskrivelse (mellan raderna ---)",
    "sammantrade": "docgen: ett sammanträde",
}
"""The title of each type's schema, shown by editors."""

PLAIN_TEXT_FOR = ("Named",)
"""Models (by the name of a class they build on) that also take a plain name for `namn`.

A meeting file may write a person as `Johan Ek` where `{namn: Johan Ek}` is meant; the
model turns the text into the mapping before checking it, and the schema says so by
taking either where such a model is expected.
"""

DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
"""A date as docgen reads it, ÅÅÅÅ-MM-DD; `format: date` checks the day exists."""

TEXT_PATTERN = r"\S"
"""A text must say something: spaces alone are empty, as `docgen check` reads them."""

DESCRIPTIONS: dict[type[BaseModel], dict[str, str]] = {
    Organisation: {
        "": "Kommunen: dess namn, organ (nämnder, styrelser, utskott) och personer.",
        "typ": "Alltid organisation.",
        "kommun": "Kommunens namn, t.ex. Nacka kommun.",
        "diarienummer": "Mönstret för diarienummer med delarna {prefix}, {år}, {löpnummer} och "
                        "{klass}, t.ex. KFKS {år}/{löpnummer}-{klass}; ett organ kan ha ett eget.",
        "forvaringsplats": "Var protokollen förvaras, t.ex. Stadsledningskontoret.",
        "organ": "Kommunens organ, minst ett.",
        "personer": "Ledamöter och tjänstepersoner som nämns i innehållet, med parti och titel.",
    },
    Organ: {
        "": "Ett organ: nämnd, styrelse eller utskott.",
        "kod": "Organets kod, t.ex. KS; den skrivs i uppgiften organ i andra filer.",
        "namn": "Organets fullständiga namn, t.ex. Kommunstyrelsen.",
        "diarienummer": "Organets eget diarienummermönster, om det inte är kommunens.",
    },
    Person: {
        "": "En ledamot eller tjänsteperson.",
        "namn": "Förnamn och efternamn, skrivna likadant överallt i innehållet.",
        "parti": "Partiets förkortning, t.ex. S eller M (för förtroendevalda).",
        "titel": "Titel, t.ex. Stadsdirektör (för tjänstepersoner).",
    },
    Tjansteskrivelse: {
        "": "Uppgifterna om ärendet överst i en tjänsteskrivelse; texten skrivs under dem.",
        "typ": "Alltid tjansteskrivelse.",
        "datum": "Skrivelsens datum, ÅÅÅÅ-MM-DD.",
        "diarienummer": "Ärendets diarienummer, i organets mönster (se organisation.yaml).",
        "organ": "Koden för organet som ska behandla ärendet, t.ex. KS.",
        "rubrik": "Ärendets rubrik.",
        "underrubrik": "En underrubrik, om det behövs.",
        "avsandare": "Enheten som skriver, t.ex. Stadsledningskontoret.",
        "forslag_till_beslut": "Förslaget till beslut: en rad per beslutspunkt, skriven som om "
                               "organet redan har beslutat.",
        "underskrifter": "De som skriver under: namn, titel och (om det behövs) enhet.",
        "bilagor": "Bilagornas namn, en per rad.",
    },
    Underskrift: {
        "": "En underskrift.",
        "namn": "Namnet på den som skriver under.",
        "titel": "Titeln, t.ex. Stadsdirektör.",
        "enhet": "Enheten, om den ska stå under titeln.",
    },
    Sammantrade: {
        "": "Ett sammanträde: när, var, vilka som deltog och paragraferna.",
        "typ": "Alltid sammantrade.",
        "organ": "Koden för organet som sammanträder, t.ex. KSAU.",
        "datum": "Sammanträdets datum, ÅÅÅÅ-MM-DD.",
        "tid": "Klockslagen, t.ex. 9.00–11.30.",
        "plats": "Var sammanträdet hålls.",
        "forsta_paragraf": "Första paragrafens nummer, när innehållet saknar organets tidigare "
                           "sammanträde samma år (annars räknas det fram).",
        "deltagare": "Vilka som deltog och i vilken roll.",
        "justerare": "En eller två ledamöter som justerar protokollet (inte ordföranden).",
        "justering": "När och var protokollet justeras (senast 14 dagar efter sammanträdet).",
        "anslag": "När justeringen anslås; utan uppgift samma dag som justeringen.",
        "sekreterare": "Den som för protokollet.",
        "paragrafer": "Paragraferna i ordning, minst en.",
    },
    Deltagare: {
        "": "Vilka som deltog i sammanträdet.",
        "ordforande": "Ordföranden.",
        "ledamoter": "Övriga beslutande ledamöter, som i organisation.yaml.",
        "tjanstgorande_ersattare": "Ersättare som tjänstgjorde, och för vem.",
        "ej_tjanstgorande_ersattare": "Ersättare som var där utan att tjänstgöra.",
        "ovriga_narvarande": "Övriga närvarande, t.ex. tjänstepersoner.",
    },
    TjanstgorandeErsattare: {
        "": "En tjänstgörande ersättare.",
        "namn": "Ersättarens namn.",
        "ersatter": "Ledamoten som ersättaren tjänstgör för.",
    },
    Justering: {
        "": "Protokollets justering.",
        "datum": "Justeringsdagen, ÅÅÅÅ-MM-DD.",
        "plats": "Var protokollet justeras.",
    },
    Anslag: {
        "": "Anslaget om justeringen på kommunens anslagstavla.",
        "datum": "Anslagsdagen, ÅÅÅÅ-MM-DD: justeringsdagen eller senast andra dagen därefter.",
    },
    Paragraf: {
        "": "En paragraf; rubrik, text och förslag kan hämtas från ärendets tjänsteskrivelse.",
        "arende": "Ärendets diarienummer.",
        "rubrik": "Rubriken, om den inte ska hämtas från tjänsteskrivelsen.",
        "underrubrik": "En underrubrik, om det behövs.",
        "beslut": "Beslutet: en text, eller en lista med beslutspunkter.",
        "arendet": "Texten om ärendet (Markdown).",
        "handlingar": "Handlingarna i ärendet, en per rad.",
        "tidigare_behandling": "Tidigare beslut i ärendet: organ, datum, paragraf och beslut.",
        "yrkanden": "Yrkanden på sammanträdet: vem och vad.",
        "beslutsgang": "Hur beslutet fattades.",
        "omrostning": "En öppen omröstning: vad ja och nej står för, varje röst och utfallet.",
        "reservationer": "Reservationer mot beslutet: vem och (om den finns) motiveringen.",
        "protokollsanteckningar": "Protokollsanteckningar: vem och texten.",
        "jav": "Ledamöter som hade jäv och inte deltog i paragrafen.",
        "expedieras": "Vilka beslutet skickas till.",
        "omedelbar_justering": "true när paragrafen justeras omedelbart på sammanträdet.",
    },
    TidigareBehandling: {
        "": "Ett tidigare beslut i samma ärende.",
        "organ": "Organets kod, t.ex. KS.",
        "datum": "Beslutsdagen, ÅÅÅÅ-MM-DD.",
        "paragraf": "Paragrafens nummer.",
        "beslut": "Beslutets text.",
    },
    Yrkande: {
        "": "Ett yrkande.",
        "namn": "Vem som yrkade.",
        "text": "Yrkandet, t.ex. Eva Sjö (S) yrkade avslag.",
    },
    Omrostning: {
        "": "En öppen omröstning.",
        "ja": "Vad en ja-röst står för, t.ex. bifall till förslaget.",
        "nej": "Vad en nej-röst står för, t.ex. avslag.",
        "roster": "Varje beslutande ledamots röst: ja, nej eller avstår.",
        "utfall": "Utfallet, ja eller nej (vid lika röstetal ordförandens röst).",
    },
    Reservation: {
        "": "En reservation mot beslutet.",
        "namn": "Vem som reserverade sig.",
        "text": "Motiveringen, om en lämnades.",
    },
    Protokollsanteckning: {
        "": "En protokollsanteckning.",
        "namn": "Vem som lämnade anteckningen.",
        "text": "Anteckningens text.",
    },
}
"""The Swedish description of each model (key "") and each of its fields, written once."""


def json_schema(typ: str) -> dict[str, Any]:
    """Return the JSON Schema of the content file type `typ` (a key of `TYPES`).

    >>> schema = json_schema("tjansteskrivelse")
    >>> schema["properties"]["datum"]["pattern"]
    '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
    >>> schema["additionalProperties"]
    False
    """
    return schema_of(TYPES[typ], TITLES[typ])


def schema_of(model: type[BaseModel], title: str) -> dict[str, Any]:
    """Return the JSON Schema of the content file `model`, titled `title`, for editors."""
    generated = model.model_json_schema()
    definitions = generated.get("$defs", {})
    plain: set[str] = set()
    for name, found in models_in(model).items():
        _describe(definitions[name] if found is not model else generated, found)
        if any(base.__name__ in PLAIN_TEXT_FOR for base in found.__mro__[1:]):
            plain.add(f"#/$defs/{name}")
    _adjust(generated)
    _take_plain_text(generated, plain)
    generated.pop("title", None)
    return {"$schema": DIALECT, "title": title, **generated}


def description(model: type[BaseModel], field: str = "") -> str | None:
    """Return the Swedish description of `field` in `model` (of the model itself for "")."""
    return DESCRIPTIONS.get(model, {}).get(field)


def models_in(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Return `model` and every model its fields use, by class name, outermost first."""
    found: dict[str, type[BaseModel]] = {}
    pending: list[Any] = [model]
    while pending:
        current = pending.pop(0)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if current.__name__ in found:
                continue
            found[current.__name__] = current
            pending.extend(info.annotation for info in current.model_fields.values())
        else:
            pending.extend(typing.get_args(current))
    return found


def _describe(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Put the Swedish descriptions of `model` and its fields into its `schema`."""
    _set_description(schema, description(model))
    for field, property_schema in schema.get("properties", {}).items():
        _set_description(property_schema, description(model, field))


def _set_description(schema: dict[str, Any], text: str | None) -> None:
    """Set `text` as the description of `schema`, keeping what the model says where it is None."""
    if text is not None:
        rest = {key: value for key, value in schema.items() if key != "description"}
        schema.clear()
        schema.update({"description": text, **rest})


def _adjust(schema: Any) -> None:
    """Adjust every subschema of `schema` in place: dates, texts, no generated titles."""
    if isinstance(schema, list):
        for item in schema:
            _adjust(item)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("format") == "date":
        schema["pattern"] = DATE_PATTERN
        schema["patternErrorMessage"] = "skriv datumet ÅÅÅÅ-MM-DD, t.ex. 2014-11-24"
    elif schema.get("type") == "string" and not {"const", "enum", "format"} & set(schema):
        schema["type"] = ["string", "number"]  # docgen reads `9.00` as the text it is
        if schema.get("minLength") == 1:
            schema.setdefault("pattern", TEXT_PATTERN)
            schema.setdefault("patternErrorMessage", "får inte vara tom")
    schema.pop("title", None)  # pydantic's English field names ("Forslag Till Beslut")
    for key, value in schema.items():
        if key in ("properties", "$defs"):
            for sub in value.values():
                _adjust(sub)
        elif key != "default":
            _adjust(value)


def _take_plain_text(schema: Any, references: set[str]) -> None:
    """Let every place in `schema` that refers to one of `references` take a plain text too."""
    if isinstance(schema, list):
        for item in schema:
            _take_plain_text(item, references)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("$ref") in references:
        text = {"type": ["string", "number"], "minLength": 1, "pattern": TEXT_PATTERN}
        schema["anyOf"] = [text, {"$ref": schema.pop("$ref")}]
        return
    for value in schema.values():
        _take_plain_text(value, references)
