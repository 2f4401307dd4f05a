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
    Delegationsbeslut,
    Deltagare,
    Dokumenttyp,
    Foredragningslista,
    Handling,
    Justerare,
    Justering,
    Kallelseval,
    Ledamot,
    Narvarande,
    Omrostning,
    Organ,
    Organisation,
    Paragraf,
    Person,
    Protokollsanteckning,
    Protokollval,
    Publicering,
    Reservation,
    Rubriker,
    Sammantrade,
    Slutna,
    TidigareBehandling,
    Tillatet,
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

NEW_FILES: dict[str, type[BaseModel]] = {**TYPES, "foredragningslista": Foredragningslista}
"""What `docgen new` writes: the content file types, and a meeting file begun as an agenda."""

SCHEMAS: dict[str, type[BaseModel]] = {
    **TYPES,
    "foredragningslista": Foredragningslista,
    "handling": Handling,
}
"""Every schema `docgen schema` writes: the content types, a meeting file while it is still
an agenda, and the front matter of the other document types (tilläggsdirektiv, …)."""

TITLES = {
    "organisation": "docgen: organisationsfilen (organisation.yaml)",
    "tjansteskrivelse": "docgen: uppgifterna överst i en tjänsteskrivelse (mellan raderna ---)",
    "sammantrade": "docgen: ett sammanträde",
    "foredragningslista": "docgen: ett sammanträde som ännu är en föredragningslista",
    "handling": "docgen: uppgifterna överst i en handling av en annan typ (mellan raderna ---)",
}
"""The title of each schema, shown by editors."""

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

YES_NO_PATTERN = "^[ ]*([Jj][Aa]|[Nn][Ee][Jj])[ ]*$"
"""A yes or no written in Swedish, in any case, as `docgen check` takes it."""

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
        "protokoll": "Kommunens ordval och ordning i protokollen; utan uppgift gäller docgens.",
        "kallelse": "Kommunens ordval i kallelserna; utan uppgift gäller docgens.",
        "mallar": "Mappen med kommunens egna Word-mallar, räknat från den här filen, t.ex. "
        "mallar/; utan uppgift används docgens.",
        "publicering": "Hur protokollen publiceras på webbplatsens anslagstavla och vad "
        "spärren för personuppgifter letar efter.",
        "dokumenttyper": "Kommunens egna dokumenttyper utöver tjänsteskrivelsen, eller ändrade "
        "versioner av docgens (t.ex. yttrande), var och en under sitt namn.",
    },
    Dokumenttyp: {
        "": "En dokumenttyp: rubrikordet, vilka uppgifter som krävs och vilka avsnitt.",
        "rubrikord": "Ordet överst i dokumentet, t.ex. TILLÄGGSDIREKTIV.",
        "namn": "Typens namn i löptext, t.ex. tilläggsdirektiv.",
        "obligatoriska": "Uppgifterna som krävs utöver typ, datum och rubrik, t.ex. "
        "[diarienummer, organ, underskrifter].",
        "avsnitt": "Avsnitten (## Rubrik) som texten måste ha, t.ex. [Bakgrund, Syfte].",
        "datumrad": "true: en rad med kommunen och datumet under rubriken.",
    },
    Publicering: {
        "": "Publiceringen på webben: adress och vad som stoppas.",
        "webbadress": "Var anslagstavlans mapp ligger på webbplatsen, t.ex. "
        "https://www.nacka.se/anslagstavla; ger flöden med fullständiga adresser.",
        "telefon": "true: stoppa också telefonnummer från att publiceras.",
        "epost": "true: stoppa också e-postadresser från att publiceras.",
        "tillatet": "Texter som får publiceras ändå, var och en med skälet.",
    },
    Tillatet: {
        "": "En text som får publiceras trots spärren, och varför.",
        "text": "Texten, precis som den står, t.ex. 08-718 80 00.",
        "skal": "Varför den får publiceras, t.ex. kommunens växel.",
    },
    Organ: {
        "": "Ett organ: nämnd, styrelse eller utskott.",
        "kod": "Organets kod, t.ex. KS; den skrivs i uppgiften organ i andra filer.",
        "namn": "Organets fullständiga namn, t.ex. Kommunstyrelsen.",
        "diarienummer": "Organets eget diarienummermönster, om det inte är kommunens.",
        "ledamoter": "Antalet ledamöter (platser) i organet, för att pröva beslutsförheten.",
        "ordforande": "Organets ordförande, som skriver under kallelsen före sammanträdet.",
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
        "ajournering": "Ajourneringar, t.ex. 18.55–19.05 eller för kaffe 10.00–10.20.",
        "plats": "Var sammanträdet hålls.",
        "kungord": "Kommunfullmäktige: dagen kungörelsen sätts upp på anslagstavlan, minst en "
        "vecka före sammanträdet (kommunallagen 5 kap. 12 §).",
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
        "forste_vice_ordforande": "Förste vice ordföranden, om hen deltog.",
        "andre_vice_ordforande": "Andre vice ordföranden, om hen deltog.",
        "ledamoter": "Övriga beslutande ledamöter, som i organisation.yaml; den som deltog i "
        "en del av paragraferna skrivs {namn: …, paragrafer: …} eller "
        "{namn: …, ej: …}.",
        "tjanstgorande_ersattare": "Ersättare som tjänstgjorde, och för vem.",
        "ej_tjanstgorande_ersattare": "Ersättare som var där utan att tjänstgöra.",
        "ovriga_narvarande": "Övriga närvarande, t.ex. tjänstepersoner.",
        "vakanta": "Partier vars platser stod tomma utan att någon tjänstgjorde, t.ex. [M].",
        "hanvisning": "Text på förstasidan i stället för namnen, t.ex. Enligt bilaga 1.",
        "hanvisning_galler": "Vilka listan som förstasidan hänvisar till tar upp: beslutande "
        "eller alla närvarande.",
    },
    TjanstgorandeErsattare: {
        "": "En tjänstgörande ersättare.",
        "namn": "Ersättarens namn.",
        "ersatter": "Ledamoten som ersättaren tjänstgör för.",
        "parti": "Partiet vars plats ersättaren tjänstgör på, när hen inte ersätter en viss "
        "ledamot.",
        "paragrafer": "De paragrafer ersättaren tjänstgjorde i, t.ex. 12–13.",
        "ej": "De paragrafer ersättaren inte tjänstgjorde i.",
    },
    Ledamot: {
        "": "En ledamot; bara namnet räcker när hen deltog i alla paragrafer.",
        "namn": "Ledamotens namn, som i organisation.yaml.",
        "paragrafer": "De paragrafer ledamoten deltog i, t.ex. 12–13 eller 170, 172–184.",
        "ej": "De paragrafer ledamoten inte deltog i.",
    },
    Narvarande: {
        "": "Någon som var med utan att besluta; bara namnet räcker när hen var med hela tiden.",
        "namn": "Namnet, som i organisation.yaml.",
        "paragrafer": "De paragrafer hen var med under, t.ex. 12–13.",
    },
    Justerare: {
        "": "En justerare; bara namnet räcker när hen justerar hela protokollet.",
        "namn": "Justerarens namn.",
        "paragrafer": "De paragrafer hen justerar, när en annan justerar resten.",
    },
    Justering: {
        "": "Protokollets justering.",
        "datum": "Justeringsdagen, ÅÅÅÅ-MM-DD.",
        "plats": "Var protokollet justeras.",
        "tid": "Klockslaget för justeringen, t.ex. 15.30.",
    },
    Anslag: {
        "": "Anslaget om justeringen på kommunens anslagstavla.",
        "datum": "Anslagsdagen, ÅÅÅÅ-MM-DD: justeringsdagen eller senast andra dagen därefter.",
    },
    Paragraf: {
        "": "En paragraf; rubrik, text och förslag kan hämtas från ärendets tjänsteskrivelse.",
        "sekretess": "Bestämmelsen paragrafen hålls borta från webben enligt, t.ex. OSL 26 kap. "
        "1 §; webben visar då bara § och rubrik.",
        "publiceras": "false: paragrafens innehåll publiceras inte på webben.",
        "arende": "Ärendets diarienummer (utan ärende: en paragraf om formalia, med rubrik).",
        "fler_diarienummer": "Fler ärenden som behandlas i samma paragraf, t.ex. flera motioner.",
        "rubrik": "Rubriken, om den inte ska hämtas från tjänsteskrivelsen.",
        "underrubrik": "En underrubrik, om det behövs.",
        "foredragande": "Vem som föredrar ärendet på sammanträdet, för kallelsen.",
        "bilagor": "Bilagor till nämndhandlingarna: PDF-filer, räknat från sammanträdesfilens "
        "mapp, t.ex. bilagor/karta.pdf.",
        "beslut": "Beslutet: en text, eller en lista med beslutspunkter.",
        "arendet": "Texten om ärendet (Markdown).",
        "handlingar": "Handlingarna i ärendet, en per rad.",
        "tidigare_behandling": "Tidigare beslut i ärendet: organ, datum, paragraf och beslut.",
        "yrkanden": "Yrkanden på sammanträdet: vem och vad.",
        "ordforande": "Den som var ordförande i paragrafen, om det var någon annan.",
        "propositionsordning": "I vilken ordning förslagen ställdes mot varandra.",
        "beslutsgang": "Hur beslutet fattades.",
        "omrostning": "En öppen omröstning: vad ja och nej står för, varje röst och utfallet.",
        "omrostningar": "Flera omröstningar, t.ex. en förberedande omröstning och "
        "huvudomröstningen.",
        "delegationsbeslut": "Delegationsbeslut som anmäls i paragrafen.",
        "upprop": "true när uppropet (vem som tjänstgjorde i vilka paragrafer) ska stå som en "
        "tabell i paragrafen.",
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
        "typ": "förberedande eller huvudomröstning, när paragrafen har flera omröstningar.",
        "ja": "Vad en ja-röst står för, t.ex. bifall till förslaget.",
        "nej": "Vad en nej-röst står för, t.ex. avslag.",
        "roster": "Varje beslutande ledamots röst: ja, nej eller avstår.",
        "utfall": "Utfallet, ja eller nej (vid lika röstetal ordförandens röst).",
        "sluten": "En sluten omröstning (val): bara antalet röster, i stället för roster.",
    },
    Slutna: {
        "": "Rösterna i en sluten omröstning.",
        "ja": "Antalet röster för ja-förslaget.",
        "nej": "Antalet röster för nej-förslaget.",
        "blanka": "Antalet blanka röster.",
    },
    Delegationsbeslut: {
        "": "Ett beslut fattat på delegation och anmält till organet.",
        "nummer": "Beslutets nummer, om det har ett.",
        "datum": "Beslutsdagen, ÅÅÅÅ-MM-DD.",
        "beslut": "Beslutet.",
        "beslutsfattare": "Vem som fattade beslutet.",
        "diarienummer": "Ärendets diarienummer.",
    },
    Kallelseval: {
        "": "Hur kommunens kallelser är formulerade.",
        "forhinder": "Meningen sist i kallelsen om vem den som har förhinder anmäler det till.",
    },
    Protokollval: {
        "": "Hur kommunens protokoll är formulerade och ordnade.",
        "rubriker": "Rubrikorden i paragraferna.",
        "plats_och_tid": "Plats och tid på förstasidan med delarna {plats}, {veckodag} (måndag 1 "
        "september 2014), {dag} (måndag), {datum_lang} (1 september 2014), "
        "{datum} (2014-09-01), {tid} (kl. 9.00–11.30) och {tider} (utan kl.).",
        "justering": "Var och när protokollet justeras, med delarna {plats}, {datum}, {dag}, "
        "{datum_lang}, {veckodag} och {tid} (, kl. 15.30).",
        "beslut_inledning": "En rad före beslutet, t.ex. {organ} beslutar:",
        "beslut_efter_arendet": "true när beslutet står efter ärendetexten.",
        "beslutspunkter": "Hur flera beslutspunkter skrivs: numrerade (1. 2. …), punkter eller "
        "stycken (att-satser).",
        "diarienummer": "Var paragrafens diarienummer står: egen_rad, paragrafraden eller "
        "under_rubriken.",
        "diarienummer_ledtext": "Texten före diarienumret, t.ex. Dnr.",
        "organkod_i_paragrafen": "true när organets kod står vid paragrafnumret (KF § 170).",
        "anslag_ned": "När anslaget tas ned: dagen_efter sista överklagandedagen, eller "
        "sista_dagen.",
        "ersatter_ord": "Ordet mellan ersättaren och den hen ersätter: för eller ersätter.",
        "titel_fore_namn": "true när titeln står före namnet (Stadsdirektör Lena Dahlstedt).",
        "komma_fore_paragrafer": "true när paragraferna följer efter ett komma "
        "(Erika Söderström, verksamhetscontroller, §§ 12–18).",
        "forstasidan": "samlad: underskrifterna och ANSLAG/BEVIS står kvar på första sidan och "
        "närvaro som inte ryms fortsätter efter den; i_ordning: all närvaro först, sedan "
        "underskrifterna och rutan tillsammans, på nästa sida om de inte ryms.",
        "reservation": "Meningen om en reservation utan motivering, med delen {namn}.",
        "reservation_med_text": "Meningen om en reservation med motivering, med delen {namn}; "
        "med {text} står motiveringen i meningen, annars följer den inom citattecken.",
        "anteckningar_fore_reservationer": "true när protokollsanteckningarna står före "
        "reservationerna.",
        "voteringsproposition": "Meningen före en omröstning om vad ja och nej står för, med "
        "delarna {ja} och {nej}.",
        "rostlangd": "Hur var ledamots röst skrivs: tabell, eller text (Anna Berg (S) och "
        "ordföranden Per Holm (M) röstar Ja (2).).",
        "anslag_underskrift": "Den som skriver under anslaget när det inte är sekreteraren, "
        "t.ex. Registrator eller ett namn.",
    },
    Rubriker: {
        "": "Rubrikorden i en paragraf; {organs} är organets genitiv, en tom text ingen rubrik.",
        "beslut": "Rubriken över beslutet.",
        "arende": "Rubriken över ärendetexten.",
        "handlingar": "Rubriken över handlingarna.",
        "tidigare_behandling": "Rubriken över ärendets tidigare behandling.",
        "yrkanden": "Rubriken över yrkandena.",
        "propositionsordning": "Rubriken över propositionsordningen.",
        "beslutsgang": "Rubriken över beslutsgången.",
        "omrostning": "Rubriken över omröstningen.",
        "forberedande_omrostning": "Rubriken över en förberedande omröstning.",
        "huvudomrostning": "Rubriken över huvudomröstningen.",
        "reservationer": "Rubriken över reservationerna.",
        "protokollsanteckningar": "Rubriken över protokollsanteckningarna.",
        "jav": "Rubriken över jäv.",
        "narvaro": "Rubriken över närvaron.",
        "beslutande": "Rubriken över de beslutande.",
        "delegationsbeslut": "Rubriken över delegationsbesluten.",
        "expedieras": "Rubriken över vilka beslutet skickas till.",
    },
    Reservation: {
        "": "En reservation mot beslutet.",
        "namn": "Vem som reserverade sig; flera som reserverade sig tillsammans som en lista.",
        "text": "Motiveringen, om en lämnades.",
    },
    Protokollsanteckning: {
        "": "En protokollsanteckning.",
        "namn": "Vem som lämnade anteckningen.",
        "text": "Anteckningens text.",
    },
}
"""The Swedish description of each model (key "") and each of its fields, written once."""

DESCRIPTIONS[Foredragningslista] = {
    **DESCRIPTIONS[Sammantrade],
    "": "Ett sammanträde som ännu är en föredragningslista: ärendena i ordning, med "
    "föredragande och handlingar; närvaro och beslut skrivs in när sammanträdet hållits.",
}
DESCRIPTIONS[Handling] = {
    **{k: v for k, v in DESCRIPTIONS[Tjansteskrivelse].items() if k in Handling.model_fields},
    "": "Uppgifterna överst i en handling av en annan typ (tilläggsdirektiv, yttrande, …); "
    "texten skrivs under dem.",
    "typ": "Dokumenttypen, t.ex. tillaggsdirektiv (docgens typer och organisation.yaml:s "
    "dokumenttyper).",
    "datum": "Handlingens datum, ÅÅÅÅ-MM-DD.",
    "beslut": "Ett fattat beslut, för typer som har ett (t.ex. delegationsbeslut).",
}


def json_schema(typ: str) -> dict[str, Any]:
    """Return the JSON Schema of the content file type `typ` (a key of `TYPES`).

    >>> schema = json_schema("tjansteskrivelse")
    >>> schema["properties"]["datum"]["pattern"]
    '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
    >>> schema["additionalProperties"]
    False
    """
    return schema_of(SCHEMAS[typ], TITLES[typ])


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
    elif schema.get("type") == "boolean":  # docgen takes `ja` and `nej` too
        schema["type"] = ["boolean", "string"]
        schema["pattern"] = YES_NO_PATTERN
        schema["patternErrorMessage"] = "skriv ja eller nej"
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
