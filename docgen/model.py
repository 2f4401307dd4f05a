"""The content model: what an organisation file and a tjänsteskrivelse may say.

Field names are the YAML keys, the model attributes and the template variables at
once. Unknown keys are errors, so a misspelt key never vanishes silently. These
classes check shape and types only; facts that need several files (does the organ
exist, does the diarienummer fit its pattern) are checked when content is resolved.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A text that must say something: surrounding spaces are dropped, empty is an error."""


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
    diarienummer: Text = Field(description="the default pattern for the organ's diarienummer")
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
    datum: date
    diarienummer: Text
    organ: Text
    rubrik: Text
    underrubrik: Text | None = None
    avsandare: Text | None = None
    forslag_till_beslut: list[Text] = Field(min_length=1)
    underskrifter: list[Underskrift] = Field(min_length=1)
    bilagor: list[Text] = []
