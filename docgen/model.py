"""The content model: what an organisation file and a tjänsteskrivelse may say.

Field names are the YAML keys, the model attributes and the template variables at
once. Unknown keys are errors, so a misspelt key never vanishes silently. These
classes check shape and types only; facts that need several files (does the organ
exist, does the diarienummer fit its pattern) are checked when content is resolved.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A text that must say something: surrounding spaces are dropped, empty is an error."""


def _iso_date(value: object) -> object:
    """Return `value` as a date when it is written ÅÅÅÅ-MM-DD; refuse anything else."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"”{text}” är inget giltigt datum (skriv ÅÅÅÅ-MM-DD, t.ex. 2014-11-24)")


Datum = Annotated[date, BeforeValidator(_iso_date)]
"""A date as officials write it, ÅÅÅÅ-MM-DD: no timestamps, no other formats."""


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Organ(Strict):
    """A body of the municipality (nämnd, styrelse, utskott) with its diarienummer pattern."""

    kod: Text
    namn: Text
    diarienummer: Text | None = None


class Person(Strict):
    """An elected member or official, with party abbreviation and title where they have one."""

    namn: Text
    parti: Text | None = None
    titel: Text | None = None


class Organisation(Strict):
    """The municipality: its name, its bodies and where its protocols are kept."""

    typ: Literal["organisation"]
    kommun: Text
    diarienummer: Text
    forvaringsplats: Text | None = None
    organ: list[Organ] = Field(min_length=1)
    personer: list[Person] = []


class Underskrift(Strict):
    """One signature under a document: name, title and (sometimes) unit."""

    namn: Text
    titel: Text
    enhet: Text | None = None


class Tjansteskrivelse(Strict):
    """The front matter of a tjänsteskrivelse; its body is Markdown."""

    typ: Literal["tjansteskrivelse"]
    datum: Datum
    diarienummer: Text
    organ: Text
    rubrik: Text
    underrubrik: Text | None = None
    avsandare: Text | None = None
    forslag_till_beslut: list[Text] = Field(min_length=1)
    underskrifter: list[Underskrift] = Field(min_length=1)
    bilagor: list[Text] = []


class TjanstgorandeErsattare(Strict):
    """A substitute serving at a meeting, and the member they replace."""

    namn: Text
    ersatter: Text


class Deltagare(Strict):
    """Who took part in a meeting, and in what role."""

    ordforande: Text
    ledamoter: list[Text] = []
    tjanstgorande_ersattare: list[TjanstgorandeErsattare] = []
    ej_tjanstgorande_ersattare: list[Text] = []
    ovriga_narvarande: list[Text] = []


class Justering(Strict):
    """When and where the protocol is approved (justeras)."""

    datum: Datum
    plats: Text


class Anslag(Strict):
    """When the justering is posted on the kommun's anslagstavla."""

    datum: Datum


class TidigareBehandling(Strict):
    """An earlier decision in the same ärende: organ, date, § and (optionally) its text."""

    organ: Text
    datum: Datum
    paragraf: int = Field(ge=1)
    beslut: Text | None = None


class Yrkande(Strict):
    """A proposal made at the meeting, by whom."""

    namn: Text
    text: Text


Rost = Literal["ja", "nej", "avstår"]


class Omrostning(Strict):
    """An open vote: what ja and nej stand for, each member's vote, and the stated result."""

    ja: Text
    nej: Text
    roster: dict[str, Rost]
    utfall: Literal["ja", "nej"]


class Reservation(Strict):
    """A reservation against the decision, with its written reason if one was given."""

    namn: Text
    text: Text | None = None


class Protokollsanteckning(Strict):
    """A note entered in the protocol with the chair's leave."""

    namn: Text
    text: Text


class Paragraf(Strict):
    """One item (§) of a meeting; title, text and proposal may come from its tjänsteskrivelse."""

    arende: Text
    rubrik: Text | None = None
    underrubrik: Text | None = None
    beslut: Text | Annotated[list[Text], Field(min_length=1)] | None = None
    arendet: Text | None = None
    handlingar: list[Text] | None = None
    tidigare_behandling: list[TidigareBehandling] = []
    yrkanden: list[Yrkande] = []
    beslutsgang: Text | None = None
    omrostning: Omrostning | None = None
    reservationer: list[Reservation] = []
    protokollsanteckningar: list[Protokollsanteckning] = []
    jav: list[Text] = []
    expedieras: list[Text] = []
    omedelbar_justering: bool = False


class Sammantrade(Strict):
    """A meeting of an organ: when, where, who, and its paragraphs."""

    typ: Literal["sammantrade"]
    organ: Text
    datum: Datum
    tid: Text
    plats: Text
    forsta_paragraf: int | None = Field(default=None, ge=1)
    deltagare: Deltagare
    justerare: list[Text] = Field(min_length=1, max_length=2)
    justering: Justering
    anslag: Anslag | None = None
    sekreterare: Text
    paragrafer: list[Paragraf] = Field(min_length=1)
