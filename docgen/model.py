"""The content model: what an organisation file and a tjänsteskrivelse may say.

Field names are the YAML keys, the model attributes and the template variables at
once. Unknown keys are errors, so a misspelt key never vanishes silently. These
classes check shape and types only; facts that need several files (does the organ
exist, does the diarienummer fit its pattern) are checked when content is resolved.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

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


def _ja_nej(value: object) -> object:
    """Return `ja` and `nej` (any case) as True and False; leave any other value as it is."""
    if isinstance(value, str) and value.strip().lower() in ("ja", "nej"):
        return value.strip().lower() == "ja"
    return value


JaNej = Annotated[bool, BeforeValidator(_ja_nej)]
"""A yes or no as officials write it: `ja`/`nej` as well as `true`/`false`."""


def _secrecy_ground(value: object) -> object:
    """Return `value` unless it is a text that names no provision (kap. and §)."""
    if isinstance(value, str) and ("kap" not in value or "§" not in value):
        raise ValueError(
            f"”{value}” anger ingen grund för sekretess; skriv bestämmelsen i "
            "offentlighets- och sekretesslagen, t.ex. OSL 26 kap. 1 §"
        )
    return value


Sekretessgrund = Annotated[Text, BeforeValidator(_secrecy_ground)]
"""The provision a secret paragraph is kept off the web by, e.g. ”OSL 26 kap. 1 §”."""


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Organ(Strict):
    """A body of the municipality (nämnd, styrelse, utskott) with its diarienummer pattern."""

    kod: Text
    namn: Text
    diarienummer: Text | None = None
    ledamoter: int | None = Field(default=None, ge=1, description="seats, for beslutsförhet")
    ordforande: Text | None = Field(
        default=None, description="the organ's chair, who signs its kallelse"
    )


class Person(Strict):
    """An elected member or official, with party abbreviation and title where they have one."""

    namn: Text
    parti: Text | None = None
    titel: Text | None = None


class Tillatet(Strict):
    """A text the personal-data guard lets through on the web, and why (e.g. the kommun's
    own switchboard number)."""

    text: Text
    skal: Text


class Publicering(Strict):
    """How the kommun publishes protocols on its website, and what the guard looks for."""

    webbadress: Text | None = None
    telefon: JaNej = False
    epost: JaNej = False
    tillatet: list[Tillatet] = []


class Rubriker(Strict):
    """The heading words of a paragraph's sections; `{organs}` is the organ's genitive, "" none."""

    beslut: str = "Beslut"
    arende: str = "Ärende"
    handlingar: str = "Handlingar i ärendet"
    tidigare_behandling: str = "Ärendets tidigare behandling"
    yrkanden: str = "Yrkanden"
    propositionsordning: str = "Propositionsordning"
    beslutsgang: str = "Beslutsgång"
    omrostning: str = "Omröstning"
    forberedande_omrostning: str = "Förberedande omröstning"
    huvudomrostning: str = "Huvudomröstning"
    reservationer: str = "Reservationer"
    protokollsanteckningar: str = "Protokollsanteckningar"
    jav: str = "Jäv"
    narvaro: str = "Närvaro"
    beslutande: str = "Beslutande"
    delegationsbeslut: str = "Delegationsbeslut"
    expedieras: str = "Beslutet skickas till"


class Protokollval(Strict):
    """An organisation's wording and custom in its protocols; the defaults are docgen's own."""

    rubriker: Rubriker = Field(default_factory=Rubriker)
    plats_och_tid: Text = Field(
        default="{plats}, {veckodag} {tid}",
        description="the front page's place and time: {plats}, {veckodag} (måndag 1 september"
        " 2014), {dag} (måndag), {datum_lang} (1 september 2014), {datum} (2014-09-01),"
        " {tid} (kl. 9.00–11.30, breaks after it), {tider} (the same without kl.)",
    )
    justering: Text = Field(
        default="{plats} {datum}{tid}",
        description="where and when the protocol is justerat: {plats}, {datum}, {dag}, "
        "{datum_lang}, {veckodag}, {tid} (', kl. 15.30')",
    )
    beslut_inledning: Text | None = Field(
        default=None, description="a line before the decision, e.g. '{organ} beslutar:'"
    )
    beslut_efter_arendet: JaNej = False
    beslutspunkter: Literal["numrerade", "punkter", "stycken"] = Field(
        default="numrerade",
        description="several decision points: 1. 2. …, bullets, or paragraphs (att-satser)",
    )
    diarienummer: Literal["egen_rad", "paragrafraden", "under_rubriken"] = Field(
        default="egen_rad", description="where a paragraph's diarienummer stands"
    )
    diarienummer_ledtext: Text | None = Field(default=None, description="e.g. 'Dnr' or 'Dnr.'")
    organkod_i_paragrafen: JaNej = False
    anslag_ned: Literal["dagen_efter", "sista_dagen"] = "dagen_efter"
    ersatter_ord: Text = Field(default="för", description="'för' or 'ersätter' between the names")
    titel_fore_namn: JaNej = False
    komma_fore_paragrafer: JaNej = Field(
        default=False, description="'Erika Söderström, verksamhetscontroller, §§ 12–18'"
    )
    forstasidan: Literal["samlad", "i_ordning"] = Field(
        default="samlad",
        description="'samlad': signatures and ANSLAG/BEVIS stay on the first page, attendance"
        " that does not fit continues after it; 'i_ordning': all attendance first, the"
        " signatures and the box (kept together) after it, on the next page if need be",
    )
    reservation: Text = Field(
        default="{namn} reserverade sig mot beslutet.",
        description="a reservation without a written reason: {namn}",
    )
    reservation_med_text: Text = Field(
        default="{namn} reserverade sig mot beslutet och lät anteckna följande.",
        description="a reservation with its reason: {namn}; with {text} the reason is in the"
        " sentence, without it the reason follows in quotes",
    )
    anteckningar_fore_reservationer: bool = Field(
        default=False, description="the protokollsanteckningar before the reservations"
    )
    voteringsproposition: Text = Field(
        default="Den som röstar för {ja} röstar ja, den som röstar för {nej} röstar nej.",
        description="the sentence before a vote with what ja and nej stand for: {ja}, {nej}",
    )
    rostlangd: Literal["tabell", "text"] = Field(
        default="tabell",
        description="each member's vote as a table, or as sentences: 'Anna Berg (S) och"
        " ordföranden Per Holm (M) röstar Ja (2).'",
    )
    anslag_underskrift: Text | None = Field(
        default=None,
        description="who signs the ANSLAG/BEVIS and the anslagsbevis when not the sekreterare,"
        " e.g. 'Registrator' or a name",
    )


def _type_name(value: object) -> object:
    """Return `value` when it can name a document type (a–z, digits, _); refuse anything else."""
    if isinstance(value, str) and not re.fullmatch(r"[a-z][a-z0-9_]*", value):
        raise ValueError(
            f"”{value}” kan inte vara namnet på en dokumenttyp; skriv små bokstäver a–z, "
            "siffror och _, t.ex. svar_pa_motion"
        )
    if value in ("tjansteskrivelse", "sammantrade", "organisation"):
        raise ValueError(f"”{value}” är redan en egen sorts fil i docgen; välj ett annat namn")
    return value


Typnamn = Annotated[str, BeforeValidator(_type_name)]
"""The name of a document type as `typ:` writes it: ``tillaggsdirektiv``, ``svar_pa_motion``."""

Uppgift = Literal[
    "diarienummer",
    "organ",
    "underrubrik",
    "avsandare",
    "forslag_till_beslut",
    "beslut",
    "underskrifter",
    "bilagor",
]
"""A front-matter field a document type may require beyond `typ`, `datum` and `rubrik`."""


class Dokumenttyp(Strict):
    """A kind of document declared as data: its heading word, required fields and sections."""

    rubrikord: Text
    namn: Text
    obligatoriska: tuple[Uppgift, ...] = ()
    avsnitt: tuple[Text, ...] = ()
    datumrad: JaNej = False


class Kallelseval(Strict):
    """How this kommun words its kallelse."""

    forhinder: Text = Field(
        default="Ledamot som har förhinder ska snarast anmäla det till sekreteraren, "
        "som kallar in ersättare.",
        description="the note on whom a member who cannot come tells, at the kallelse's end",
    )


class Organisation(Strict):
    """The municipality: its name, its bodies and where its protocols are kept."""

    typ: Literal["organisation"]
    kommun: Text
    diarienummer: Text
    forvaringsplats: Text | None = None
    mallar: Text | None = Field(
        default=None, description="the kommun's template folder, relative to this file"
    )
    organ: list[Organ] = Field(min_length=1)
    personer: list[Person] = []
    publicering: Publicering = Field(default_factory=Publicering)
    protokoll: Protokollval = Field(default_factory=Protokollval)
    dokumenttyper: dict[Typnamn, Dokumenttyp] = {}
    kallelse: Kallelseval = Field(default_factory=Kallelseval)


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


class Handling(Strict):
    """The front matter of a document of a declared type (`Dokumenttyp`); its body is Markdown.

    Every field but `typ`, `datum` and `rubrik` is optional here: the type says which
    of them its documents must have.
    """

    typ: Typnamn
    datum: Datum
    rubrik: Text
    diarienummer: Text | None = None
    organ: Text | None = None
    underrubrik: Text | None = None
    avsandare: Text | None = None
    forslag_till_beslut: list[Text] = []
    beslut: list[Text] = []
    underskrifter: list[Underskrift] = []
    bilagor: list[Text] = []


def _paragraph_numbers(value: object) -> object:
    """Return paragraph numbers as text ("12–13", or 13 written alone); refuse other text."""
    text = str(value).strip() if isinstance(value, int | str) else value
    if isinstance(text, str) and not re.fullmatch(r"[0-9][0-9 ,–-]*", text):
        raise ValueError(f"”{text}” är inga paragrafnummer; skriv t.ex. 12–13 eller 170, 172–184")
    return text


Paragrafer = Annotated[str, BeforeValidator(_paragraph_numbers)]
"""Paragraph numbers as a protocol writes them: "12–13", "170, 172–184", "29, 32"."""


class Named(Strict):
    """Someone named in a meeting: a plain name stands for `{namn: …}` with nothing more."""

    @model_validator(mode="before")
    @classmethod
    def _plain_name(cls, value: object) -> object:
        """Return a plain name as the mapping it stands for; refuse anything but a name."""
        if isinstance(value, str):
            return {"namn": value}
        if isinstance(value, dict):
            return value
        # pydantic reports a ValueError at the value's line; a TypeError would escape it
        raise ValueError("här ska stå ett namn, eller t.ex. {namn: Rolf Wasteson, paragrafer: 1–2}")


class Ledamot(Named):
    """A member who served only some paragraphs (`paragrafer`) or sat out some (`ej`)."""

    namn: Text
    paragrafer: Paragrafer | None = None
    ej: Paragrafer | None = None


class TjanstgorandeErsattare(Named):
    """A substitute serving at a meeting: for a member, a party's seat or a vacant seat."""

    namn: Text
    ersatter: Text | None = None
    parti: Text | None = None
    paragrafer: Paragrafer | None = None
    ej: Paragrafer | None = None


class Narvarande(Named):
    """Someone present who does not decide, for some paragraphs only."""

    namn: Text
    paragrafer: Paragrafer | None = None


class Justerare(Named):
    """A member chosen to justera the protocol, for some paragraphs only where another does the rest."""

    namn: Text
    paragrafer: Paragrafer | None = None


class Deltagare(Strict):
    """Who took part in a meeting, and in what role."""

    ordforande: Ledamot
    forste_vice_ordforande: Ledamot | None = None
    andre_vice_ordforande: Ledamot | None = None
    ledamoter: list[Ledamot] = []
    tjanstgorande_ersattare: list[TjanstgorandeErsattare] = []
    ej_tjanstgorande_ersattare: list[Narvarande] = []
    ovriga_narvarande: list[Narvarande] = []
    vakanta: list[Text] = Field(default=[], description="parties of vacant seats no one took")
    hanvisning: Text | None = Field(
        default=None, description="on the front page instead of the names, e.g. 'Enligt bilaga 1'"
    )
    hanvisning_galler: Literal["beslutande", "alla"] = Field(
        default="beslutande",
        description="whether the list the front page refers to holds the deciding members only,"
        " or everyone present",
    )


class Justering(Strict):
    """When and where the protocol is approved (justeras)."""

    datum: Datum
    plats: Text
    tid: Text | None = None


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


def _lowercase(value: object) -> object:
    """Return a text `value` trimmed and in lower case: `Ja`, `NEJ` and `Avstår` are votes too."""
    return value.strip().lower() if isinstance(value, str) else value


Rost = Annotated[Literal["ja", "nej", "avstår", "frånvarande"], BeforeValidator(_lowercase)]


class Slutna(Strict):
    """The ballots of a closed vote (val, anställning): for ja, for nej, and blank."""

    ja: int = Field(ge=0)
    nej: int = Field(ge=0)
    blanka: int = Field(default=0, ge=0)


class Omrostning(Strict):
    """An open vote: what ja and nej stand for, each member's vote, and the stated result.

    With more than two proposals a förberedande omröstning picks the counter-proposal
    before the huvudomröstning; each is one Omrostning of the paragraph.
    """

    typ: Literal["förberedande", "huvudomröstning"] | None = None
    ja: Text
    nej: Text
    roster: dict[str, Rost] = {}
    sluten: Slutna | None = Field(
        default=None, description="a closed vote (val): only the counted ballots"
    )
    utfall: Annotated[Literal["ja", "nej"], BeforeValidator(_lowercase)]


class Delegationsbeslut(Strict):
    """A decision taken under delegation and reported to the organ."""

    nummer: Text | None = None
    datum: Datum | None = None
    beslut: Text
    beslutsfattare: Text | None = None
    diarienummer: Text | None = None


class Reservation(Strict):
    """A reservation against the decision, with its written reason if one was given."""

    namn: Text | Annotated[list[Text], Field(min_length=1)] = Field(
        description="who reserved; several who reserved together: [Anna Berg, Per Holm]"
    )
    text: Text | None = None

    def names(self) -> list[str]:
        """Return who reserved, in the order written."""
        return [self.namn] if isinstance(self.namn, str) else list(self.namn)


class Protokollsanteckning(Strict):
    """A note entered in the protocol with the chair's leave."""

    namn: Text
    text: Text


class Paragraf(Strict):
    """One item (§) of a meeting; title, text and proposal may come from its tjänsteskrivelse."""

    arende: Text | None = None
    fler_diarienummer: list[Text] = Field(
        default=[], description="more ärenden handled in the same §, e.g. several motions"
    )
    rubrik: Text | None = None
    underrubrik: Text | None = None
    foredragande: Text | None = Field(
        default=None, description="who presents the item at the meeting, for the kallelse"
    )
    bilagor: list[Text] = Field(
        default=[],
        description="PDF files for the nämndhandlingar, beside the meeting file or under it",
    )
    beslut: Text | Annotated[list[Text], Field(min_length=1)] | None = None
    arendet: Text | None = None
    handlingar: list[Text] | None = None
    tidigare_behandling: list[TidigareBehandling] = []
    ordforande: Text | None = Field(default=None, description="who presides this paragraph")
    yrkanden: list[Yrkande] = []
    propositionsordning: Text | None = None
    beslutsgang: Text | None = None
    omrostning: Omrostning | None = None
    omrostningar: list[Omrostning] = Field(
        default=[],
        description="several votes, e.g. a förberedande omröstning and the huvudomröstning",
    )
    delegationsbeslut: list[Delegationsbeslut] = []
    upprop: JaNej = False
    reservationer: list[Reservation] = []
    protokollsanteckningar: list[Protokollsanteckning] = []
    jav: list[Text] = []
    expedieras: list[Text] = []
    omedelbar_justering: JaNej = False
    sekretess: Sekretessgrund | None = None
    publiceras: JaNej = True

    def votes(self) -> list[tuple[str, int | None, Omrostning]]:
        """Return each vote with the key (and index) it is written under."""
        if self.omrostning is not None:
            return [("omrostning", None, self.omrostning)]
        return [("omrostningar", i, vote) for i, vote in enumerate(self.omrostningar)]


class Foredragningslista(Strict):
    """A meeting file read before the meeting: the agenda its kallelse is made from.

    A meeting file is an agenda until it has `deltagare`; attendance, justering and
    decisions are written in after the meeting, and the same file then closes into the
    protocol (`Sammantrade`). `justerare` and `sekreterare` may be known beforehand.
    """

    typ: Literal["sammantrade"]
    organ: Text
    datum: Datum
    tid: Text
    ajournering: list[Text] = []
    plats: Text
    forsta_paragraf: int | None = Field(default=None, ge=1)
    kungord: Datum | None = Field(
        default=None,
        description="the day kommunfullmäktige's kungörelse is posted on the anslagstavla",
    )
    deltagare: Deltagare | None = None
    justerare: list[Justerare] = Field(default=[], max_length=2)
    justering: Justering | None = None
    anslag: Anslag | None = None
    sekreterare: Text | None = None
    paragrafer: list[Paragraf] = Field(min_length=1)


class Sammantrade(Foredragningslista):
    """A meeting of an organ: when, where, who, and its paragraphs."""

    deltagare: Deltagare
    justerare: list[Justerare] = Field(min_length=1, max_length=2)
    justering: Justering
    sekreterare: Text
