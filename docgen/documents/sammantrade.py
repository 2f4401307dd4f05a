"""What the protocol, its extracts and the anslagsbevis share: a meeting's facts and sections.

A paragraph's text is built here once, as blocks, so the protocol and the extract say
exactly the same thing: Närvaro (who decided, where it differs from the front page), Jäv,
Beslut, Ärende, Handlingar i ärendet, Ärendets tidigare behandling, Yrkanden,
Propositionsordning, Beslutsgång, Omröstning (each vote with its table and count),
Reservationer, Protokollsanteckningar, the delegationsbeslut and upprop tables, Beslutet
skickas till. The heading words and the order of Beslut and Ärende are the
organisation's (`protokoll:` in organisation.yaml); so are the front page's phrasings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from docgen import calendar, rules
from docgen.content.meeting import (
    LoadedSammantrade,
    ResolvedParagraf,
    Seat,
    Vote,
    parse_numbers,
    parse_times,
)
from docgen.documents.contract import variable
from docgen.markdown import Align, Block, Heading, Inline, ListBlock, Paragraph, Span, Table
from docgen.render import Rendering, Subdocument, Text
from docgen.swedish import (
    count,
    format_date,
    format_date_compact,
    format_date_weekday,
    format_paragraph,
    format_paragraphs,
    format_person,
    format_time_range,
    genitive,
    listed,
    quote,
)

TAB_GAP = "\u2003"
"""The space between the § and its diarienummer on one line (an em space)."""


@dataclass(frozen=True)
class AnslagDates:
    """When an anslag goes up, the last day for appeal, and when it may come down."""

    uppsatt: date
    sista_dag: date
    nedtagning: date

    @classmethod
    def posted(cls, day: date, on_last_day: bool = False) -> AnslagDates:
        """Return the dates of an anslag posted on `day` (kommunallagen 13 kap. 5 §).

        `on_last_day`: the kommun takes the anslag down on the last day for appeal.
        """
        return cls(day, calendar.appeal_deadline(day), rules.anslag_removal_day(day, on_last_day))


@dataclass(frozen=True, slots=True)
class Anslag:
    """The anslag of the protocol (or of a paragraph justerad omedelbart), for its template."""

    uppsatt: date = variable("dagen anslaget sätts upp")
    sista_dag: date = variable("sista dagen för överklagande")
    nedtagning: date = variable("dagen anslaget tas ned")
    underskrift: Text = variable(
        "den som skriver under anslaget (sekreteraren om organisationen inte säger annat)"
    )


@dataclass(frozen=True, slots=True)
class Justering:
    """When and where the protocol (or a paragraph) was justerad, for its template."""

    datum: date = variable("justeringens datum")
    plats: Text = variable("justeringens plats")
    plats_och_tid: Text = variable("plats och tid för justeringen, som organisationen skriver dem")


@dataclass(frozen=True, slots=True)
class Ordforandeskap:
    """A member who presided over some paragraphs, and signs for them."""

    roll: Text = variable("rollen, t.ex. Ordförande §§ 12–13")
    namn: Text = variable("namnet, t.ex. Eva Sjö (S)")


@dataclass(frozen=True, slots=True)
class ParagrafContext:
    """One paragraph of a meeting as the protocol and the extract show it."""

    nummer: int = variable("paragrafens nummer (ett tal)")
    nummer_text: Text = variable("paragrafens nummer som protokollet skriver det, t.ex. § 93")
    diarienummer: Text = variable("diarienumret, eller tomt")
    rubrik: Text = variable("rubriken")
    underrubrik: Text = variable("underrubriken, eller tomt")
    innehall: Subdocument = variable("paragrafens avsnitt: rubriker och text, med taggen {{p … }}")


@dataclass(frozen=True, slots=True)
class Context:
    """What the protocol, the extract and the anslagsbevis all give their templates."""

    kommun: Text = variable("kommunens namn")
    organ: Text = variable("organets namn, t.ex. Kommunstyrelsens arbetsutskott")
    datum: date = variable("sammanträdets datum")
    plats_och_tid: Text = variable("plats, veckodag, datum och tid")
    paragrafer_text: Text = variable("paragraferna, t.ex. §§ 93–96")
    forvaringsplats: Text = variable("där protokollet förvaras")
    anslag: Anslag = variable("anslaget")
    justering: Justering = variable("justeringen")
    sekreterare: Text = variable("sekreterarens namn")
    ordforande: Text = variable("ordföranden, t.ex. Maria Berg (M)")
    ordforande_paragrafer: list[Ordforandeskap] = variable(
        "lista med de som var ordförande för några paragrafer"
    )
    justerare: list[Text] = variable("lista med justerarna")


def justering(
    meeting: LoadedSammantrade, paragraf: ResolvedParagraf | None = None
) -> tuple[date, AnslagDates]:
    """Return when `paragraf` (or the protocol) was justerad, and its anslag's dates.

    A paragraph justerad omedelbart is justerad at the meeting and posted that day.
    """
    on_last_day = meeting.organisation.organisation.protokoll.anslag_ned == "sista_dagen"
    if paragraf is not None and paragraf.fields.omedelbar_justering:
        day = meeting.fields.datum
        return day, AnslagDates.posted(day, on_last_day)
    return meeting.fields.justering.datum, AnslagDates.posted(meeting.anslag, on_last_day)


def later_justerade(meeting: LoadedSammantrade) -> list[ResolvedParagraf]:
    """Return the paragraphs the protocol's own justering covers (not those justerade at once)."""
    return [p for p in meeting.paragrafer if not p.fields.omedelbar_justering]


def person(meeting: LoadedSammantrade, name: str) -> str:
    """Return `name` with the party, as protocols write it: Rolf Wasteson (V)."""
    return format_person(name, meeting.person(name).parti)


def plats_och_tid(meeting: LoadedSammantrade) -> str:
    """Return place, weekday, date and times: split sessions and ajournering included."""
    fields = meeting.fields
    tider = meeting.tider or ((meeting.start, meeting.end),)
    ranges = [format_time_range(start, end) for start, end in tider]
    ranges[1:] = [r.removeprefix("kl. ") for r in ranges[1:]]
    times = ", ".join(ranges)
    for words, start, end in meeting.ajourneringar:
        lead = words if words[:1].isupper() else f"ajournering {words}".strip()
        times += f", {lead} {format_time_range(start, end)}"
    return _fill(
        meeting.organisation.organisation.protokoll.plats_och_tid,
        plats=fields.plats,
        **_day_parts(fields.datum),
        tid=times,
        tider=times.removeprefix("kl. "),
    )


def _day_parts(day: date) -> dict[str, str]:
    """Return the ways a wording pattern may name `day`: veckodag, dag, datum_lang, datum."""
    weekday = format_date_weekday(day)
    return {
        "veckodag": weekday,
        "dag": weekday.split(" ", 1)[0],
        "datum_lang": format_date(day),
        "datum": format_date_compact(day),
    }


def _fill(pattern: str, **values: str) -> str:
    """Return `pattern` with each `{name}` replaced by its value (other braces kept)."""
    for name, value in values.items():
        pattern = pattern.replace(f"{{{name}}}", value)
    return pattern


def common_context(
    meeting: LoadedSammantrade,
    paragrafer: list[ResolvedParagraf],
    justerad: date,
    anslag: AnslagDates,
) -> Context:
    """Return the context every meeting document gets, for `paragrafer` and that anslag."""
    fields = meeting.fields
    organisation = meeting.organisation.organisation
    tid = ""
    times = parse_times(fields.justering.tid) if fields.justering.tid else None
    if times and justerad == fields.justering.datum:
        tid = f", {format_time_range(*times[0])}"
    return Context(
        kommun=Text(organisation.kommun),
        organ=Text(meeting.organ.namn),
        datum=fields.datum,
        plats_och_tid=Text(plats_och_tid(meeting)),
        paragrafer_text=Text(format_paragraphs(p.nummer for p in paragrafer)),
        forvaringsplats=Text(organisation.forvaringsplats or ""),
        anslag=Anslag(
            uppsatt=anslag.uppsatt,
            sista_dag=anslag.sista_dag,
            nedtagning=anslag.nedtagning,
            underskrift=Text(organisation.protokoll.anslag_underskrift or fields.sekreterare),
        ),
        justering=Justering(
            datum=justerad,
            plats=Text(fields.justering.plats),
            plats_och_tid=Text(
                _fill(
                    organisation.protokoll.justering,
                    plats=fields.justering.plats,
                    **_day_parts(justerad),
                    tid=tid,
                )
            ),
        ),
        sekreterare=Text(fields.sekreterare),
        ordforande=Text(person(meeting, fields.deltagare.ordforande.namn)),
        ordforande_paragrafer=[
            Ordforandeskap(roll=Text(f"Ordförande {format_paragraphs(numbers)}"), namn=Text(name))
            for name, numbers in presiding(meeting, paragrafer)
        ],
        justerare=[
            Text(_with_paragraphs(person(meeting, j.namn), j.paragrafer)) for j in fields.justerare
        ],
    )


def presiding(
    meeting: LoadedSammantrade, paragrafer: list[ResolvedParagraf]
) -> list[tuple[str, list[int]]]:
    """Return each member other than the chair who presided some of `paragrafer`, with them.

    Each signs the protocol for those paragraphs ("Ordförande §§ 12–13"); names are
    written with the party and listed in the order they first presided.
    """
    chair = meeting.fields.deltagare.ordforande.namn
    numbers: dict[str, list[int]] = {}
    for paragraf in paragrafer:
        if paragraf.ordforande != chair:
            numbers.setdefault(paragraf.ordforande, []).append(paragraf.nummer)
    return [(person(meeting, name), found) for name, found in numbers.items()]


def paragraph_context(
    meeting: LoadedSammantrade, paragraf: ResolvedParagraf, rendering: Rendering, level: int
) -> ParagrafContext:
    """Return one paragraph's context, its sections headed at heading `level`.

    Where the organisation writes the diarienummer on the § line ("KF § 102 Dnr
    KU.2017.3") or under the heading, it moves into `nummer_text` or the first line of
    `innehall`, and `diarienummer` is empty.
    """
    val = meeting.organisation.organisation.protokoll
    nummer = format_paragraph(paragraf.nummer)
    if val.organkod_i_paragrafen:
        nummer = f"{meeting.organ.kod} {nummer}"
    dnr = dnr_text(meeting, paragraf)
    if val.diarienummer == "paragrafraden" and dnr:
        nummer, dnr = f"{nummer}{TAB_GAP}{dnr if val.diarienummer_ledtext else 'Dnr ' + dnr}", ""
    elif val.diarienummer == "under_rubriken":
        dnr = ""
    return ParagrafContext(
        nummer=paragraf.nummer,
        nummer_text=Text(nummer),
        diarienummer=Text(dnr),
        rubrik=Text(paragraf.rubrik),
        underrubrik=Text(paragraf.underrubrik or ""),
        innehall=rendering.blocks(sections(meeting, paragraf, level)),
    )


def dnr_text(meeting: LoadedSammantrade, paragraf: ResolvedParagraf) -> str:
    """Return a paragraph's diarienummer with the organisation's lead text ("Dnr. KS 2018/14")."""
    if paragraf.diarienummer is None:
        return ""
    lead = meeting.organisation.organisation.protokoll.diarienummer_ledtext
    return f"{lead} {paragraf.diarienummer}" if lead else str(paragraf.diarienummer)


def properties_title(meeting: LoadedSammantrade, kind: str) -> str:
    """Return a meeting document's title, e.g. 'Protokoll Kommunstyrelsen 1 september 2014'."""
    return f"{kind} {meeting.organ.namn} {format_date(meeting.fields.datum)}"


def seat_text(meeting: LoadedSammantrade, seat: Seat) -> str:
    """Return a deciding member as the front page lists them, with the paragraphs they served.

    For example "Maria Berg (M), ordförande", "Camilla Jonsson (C) §§ 12–13",
    "Sören Finnström (S) deltog inte i §§ 29 och 32", "Cristina Kvist (V) för Bo Eliasson (V)",
    "Greta Åström (SD), jäv § 184".
    """
    text = _seat_name(meeting, seat)
    if seat.paragrafer is not None:
        text += f" {format_paragraphs(seat.paragrafer)}"
    if seat.ej:
        text += f" deltog inte i {format_paragraphs(seat.ej)}"
    jav = _jav(meeting, seat)
    if jav:  # present, but taking no part in those decisions
        text += f", jäv {format_paragraphs(jav)}"
    return text


def _seat_name(meeting: LoadedSammantrade, seat: Seat) -> str:
    """Return a deciding member with their role or whom they serve for, without paragraphs."""
    text = person(meeting, seat.namn)
    word = meeting.organisation.organisation.protokoll.ersatter_ord
    space = "" if word.startswith(",") else " "
    if seat.roll == "ersättare":
        if seat.ersatter:
            text += f"{space}{word} {person(meeting, seat.ersatter)}"
        elif seat.parti:
            text += f"{space}{word} ledamot ({seat.parti})"
        else:
            text += f"{space}{word} vakant plats"
    elif seat.roll != "ledamot":
        text += f", {seat.roll}"
    return text


def _jav(meeting: LoadedSammantrade, seat: Seat) -> list[int]:
    """Return the paragraphs in which the member of `seat` had jäv."""
    return [p.nummer for p in meeting.paragrafer if seat.namn in p.fields.jav]


def heading(meeting: LoadedSammantrade, name: str) -> str:
    """Return the organisation's heading word for section `name`, `{organs}` filled in."""
    words = meeting.organisation.organisation.protokoll.rubriker
    return (
        str(getattr(words, name))
        .replace("{organs}", genitive(meeting.organ.namn))
        .replace("{organ}", meeting.organ.namn)
    )


def sections(
    meeting: LoadedSammantrade, paragraf: ResolvedParagraf, level: int
) -> tuple[Block, ...]:
    """Return the sections of a paragraph as blocks, headed at heading `level`."""
    fields = paragraf.fields
    val = meeting.organisation.organisation.protokoll
    blocks: list[Block] = []

    def section(name: str, *content: Block) -> None:
        title = heading(meeting, name)
        if title:
            blocks.append(Heading(level, _text(title), 0))
        blocks.extend(content)

    def paragraphs(*texts: str) -> list[Block]:
        return [Paragraph(_text(text), 0) for text in texts]

    def introducing(text: str) -> Block:
        return Paragraph(_text(text), 0, keep_with_next=True)

    lead = f"{val.diarienummer_ledtext} " if val.diarienummer_ledtext else ""
    if val.diarienummer == "under_rubriken" and paragraf.diarienummer:
        blocks.extend(paragraphs(dnr_text(meeting, paragraf)))
    blocks.extend(paragraphs(*(f"{lead}{more}" for more in paragraf.fler_diarienummer)))
    narvaro = _attendance(meeting, paragraf)
    if narvaro:
        section("narvaro", *paragraphs(*narvaro))
    if paragraf.ordforande != meeting.fields.deltagare.ordforande.namn:
        blocks.extend(
            paragraphs(f"{person(meeting, paragraf.ordforande)} var ordförande under paragrafen.")
        )
    if fields.jav:
        section(
            "jav",
            *paragraphs(
                *(
                    f"{person(meeting, name)} anmälde jäv och deltog inte i handläggningen av ärendet."
                    for name in fields.jav
                )
            ),
        )
    beslut: list[Block] = []
    if paragraf.beslut:
        if val.beslut_inledning:
            beslut += paragraphs(val.beslut_inledning.replace("{organ}", meeting.organ.namn))
        if len(paragraf.beslut) == 1 or val.beslutspunkter == "stycken":
            beslut += [Paragraph(point, 0) for point in paragraf.beslut]
        else:
            beslut.append(
                ListBlock(
                    val.beslutspunkter == "numrerade",
                    False,
                    1,
                    tuple((Paragraph(p, 0),) for p in paragraf.beslut),
                    0,
                )
            )
    arende = list(paragraf.arendet)
    if beslut and not val.beslut_efter_arendet:
        section("beslut", *beslut)
    if arende:
        section("arende", *arende)
    if fields.upprop:
        blocks.append(_upprop(meeting))
    if fields.delegationsbeslut:
        blocks.append(_delegationsbeslut(paragraf))
    if beslut and val.beslut_efter_arendet:
        section("beslut", *beslut)
    if paragraf.handlingar:
        section("handlingar", *paragraphs(*paragraf.handlingar))
    if fields.tidigare_behandling:
        earlier: list[Block] = []
        for item in fields.tidigare_behandling:
            organ = meeting.organisation.organ(item.organ)
            name = organ.namn if organ else item.organ
            earlier += paragraphs(
                f"Beslut i {name[0].lower()}{name[1:]} den "
                f"{format_date(item.datum)} {format_paragraph(item.paragraf)}"
            )
            earlier += paragraphs(item.beslut) if item.beslut else []
        section("tidigare_behandling", *earlier)
    if fields.yrkanden:
        section("yrkanden", *paragraphs(*(y.text for y in fields.yrkanden)))
    if fields.propositionsordning:
        section("propositionsordning", *paragraphs(fields.propositionsordning))
    if fields.beslutsgang:
        section("beslutsgang", *paragraphs(fields.beslutsgang))
    if paragraf.votes:
        votes: list[Block] = []
        for vote in paragraf.votes:
            votes += _omrostning(meeting, paragraf, vote, level + 1)
        section("omrostning", *votes)
    reserved: list[Block] = []
    for reservation in fields.reservationer:
        namn = listed([person(meeting, name) for name in reservation.names()])
        if reservation.text is None:
            reserved += paragraphs(_fill(val.reservation, namn=namn))
        elif "{text}" in val.reservation_med_text:
            reserved += paragraphs(
                _fill(val.reservation_med_text, namn=namn, text=reservation.text)
            )
        else:
            reserved.append(introducing(_fill(val.reservation_med_text, namn=namn)))
            reserved += paragraphs(quote(reservation.text))
    notes: list[Block] = []
    for note in fields.protokollsanteckningar:
        notes += [
            introducing(f"{person(meeting, note.namn)} lät anteckna följande."),
            *paragraphs(quote(note.text)),
        ]
    order = [("reservationer", reserved), ("protokollsanteckningar", notes)]
    if val.anteckningar_fore_reservationer:
        order.reverse()
    for name, content in order:
        if content:
            section(name, *content)
    if fields.omedelbar_justering:
        blocks.append(Heading(level, _text("Justering"), 0))
        blocks.extend(paragraphs("Paragrafen justerades omedelbart."))
    if fields.expedieras:
        section(
            "expedieras",
            ListBlock(
                False, False, 1, tuple((Paragraph(_text(to), 0),) for to in fields.expedieras), 0
            ),
        )
    return tuple(blocks)


def _attendance(meeting: LoadedSammantrade, paragraf: ResolvedParagraf) -> list[str]:
    """Return how a paragraph's deciding members differ from the front page's, as sentences.

    An ersättare serving only some paragraphs, among them this one ("X (KD) tjänstgjorde
    för Y (KD)."); a member not serving here and not replaced ("Y (KD) tjänstgjorde
    inte."); a member who sat out this decision (not for jäv: that has its own section).
    """
    lines, replaced = [], set()
    word = meeting.organisation.organisation.protokoll.ersatter_ord
    for seat in meeting.seats:
        if seat.roll == "ersättare" and not seat.whole_meeting and seat.serves(paragraf.nummer):
            whom = (
                person(meeting, seat.ersatter)
                if seat.ersatter
                else f"ledamot ({seat.parti})"
                if seat.parti
                else "vakant plats"
            )
            verb = "tjänstgjorde för" if word == "för" else word
            lines.append(
                f"{person(meeting, seat.namn)} {verb} {whom}."
                if seat.namn in paragraf.beslutande
                else f"{person(meeting, seat.namn)} deltog inte i beslutet."
            )
            replaced.add(seat.ersatter)
    for seat in meeting.seats:
        if seat.roll == "ersättare" or seat.whole_meeting or seat.namn in paragraf.fields.jav:
            continue
        if not seat.serves(paragraf.nummer):
            if seat.namn not in replaced:
                lines.append(f"{person(meeting, seat.namn)} tjänstgjorde inte.")
        elif seat.namn not in paragraf.beslutande:
            lines.append(f"{person(meeting, seat.namn)} deltog inte i beslutet.")
    return lines


def attendance_appendix(meeting: LoadedSammantrade, level: int) -> tuple[Block, ...]:
    """Return the list of deciding members a front page refers to ("Enligt bilaga 1").

    Where the reference covers everyone present, the ersättare not serving and the
    others present follow under their own headings.
    """
    blocks: list[Block] = [
        Heading(level, _text(heading(meeting, "beslutande")), 0),
        _upprop(meeting),
    ]
    if meeting.fields.deltagare.hanvisning_galler == "alla":
        blocks += continued_attendance(
            [
                ("Ej tjänstgörande ersättare", ej_tjanstgorande(meeting)),
                ("Övriga närvarande", ovriga(meeting)),
            ],
            level,
        )
    return tuple(blocks)


def continued_attendance(sections: list[tuple[str, list[str]]], level: int) -> tuple[Block, ...]:
    """Return lists of people under their headings, each list one name a line, set close
    as a front page sets them (one paragraph with line breaks): the attendance the
    front page had no room for, or what follows the deciding members in an appendix.
    """
    blocks: list[Block] = []
    for title, lines in sections:
        if lines:
            blocks.append(Heading(level, _text(title), 0))
            blocks.append(Paragraph(_text("\n".join(lines)), 0))
    return tuple(blocks)


def ej_tjanstgorande(meeting: LoadedSammantrade) -> list[str]:
    """Return the ersättare present without serving, as the front page lists them."""
    return [
        _with_paragraphs(person(meeting, e.namn), e.paragrafer)
        for e in meeting.fields.deltagare.ej_tjanstgorande_ersattare
    ]


def ovriga(meeting: LoadedSammantrade) -> list[str]:
    """Return the others present (officials, guests) with their titles and paragraphs."""
    comma = meeting.organisation.organisation.protokoll.komma_fore_paragrafer
    return [
        _with_paragraphs(_present(meeting, n.namn), n.paragrafer, comma)
        for n in meeting.fields.deltagare.ovriga_narvarande
    ]


def _present(meeting: LoadedSammantrade, name: str) -> str:
    """Return someone present who is not a member: with their title where it is known."""
    known = {p.namn: p for p in meeting.organisation.organisation.personer}
    titel = known[name].titel if name in known else None
    if not titel:
        return name
    titel = f"{titel[0].lower()}{titel[1:]}"
    before = meeting.organisation.organisation.protokoll.titel_fore_namn
    return f"{titel} {name}" if before else f"{name}, {titel}"


def _with_paragraphs(text: str, paragrafer: str | None, comma: bool = False) -> str:
    """Return `text` followed by the paragraphs it concerns, when only some: '… §§ 12–18'.

    With `comma`: "Erika Söderström, verksamhetscontroller, §§ 12–18".
    """
    numbers = parse_numbers(paragrafer) if paragrafer else None
    if not numbers:
        return text
    return f"{text}{',' if comma else ''} {format_paragraphs(numbers)}"


def _upprop(meeting: LoadedSammantrade) -> Table:
    """Return the roll call of the meeting: every deciding seat and the paragraphs served,
    with those where the member had jäv."""
    rows = []
    for seat in meeting.seats:
        served = "alla" if seat.paragrafer is None else format_paragraphs(seat.paragrafer)
        if seat.ej:
            served += f", ej {format_paragraphs(seat.ej)}"
        if jav := _jav(meeting, seat):
            served += f", jäv {format_paragraphs(jav)}"
        rows.append((_text(_seat_name(meeting, seat)), _text(served)))
    return Table((_text("Namn"), _text("Paragrafer")), tuple(rows), (None, None), 0, (3, 1))


def _delegationsbeslut(paragraf: ResolvedParagraf) -> Table:
    """Return the decisions reported under delegation as a table of the columns they use."""
    items = paragraf.fields.delegationsbeslut
    columns: list[tuple[str, list[str | None]]] = [
        ("Nr", [d.nummer for d in items]),
        ("Datum", [d.datum.isoformat() if d.datum else None for d in items]),
        ("Dnr", [d.diarienummer for d in items]),
        ("Beslut", [d.beslut for d in items]),
        ("Beslutsfattare", [d.beslutsfattare for d in items]),
    ]
    used = [(title, values) for title, values in columns if any(values)]
    return Table(
        tuple(_text(title) for title, _ in used),
        tuple(tuple(_text(values[row] or "") for _, values in used) for row in range(len(items))),
        tuple(None for _ in used),
        0,
        _column_weights(used),
    )


_LINE_CHARACTERS = 75
"""About how many characters of body text a line of an A4 page with docgen's margins holds."""


def _column_weights(columns: list[tuple[str, list[str | None]]]) -> tuple[int, ...]:
    """Return widths for a table's columns: each short column as wide as its longest
    entry (a date, a diarienummer, a name: never broken), at most a third of the line;
    the decision column (Beslut) takes what is left, at least a quarter of the line.

    >>> _column_weights([("Nr", ["1"]), ("Datum", ["2026-11-05"]), ("Beslut", ["Bygglov"])])
    (5, 13, 57)
    """
    widths = {  # with room for the cell's margins and a bold heading
        title: min(max(len(v or "") for v in [title, *values]) + 3, _LINE_CHARACTERS // 3)
        for title, values in columns
    }
    rest = _LINE_CHARACTERS - sum(w for title, w in widths.items() if title != "Beslut")
    if "Beslut" in widths:
        widths["Beslut"] = max(rest, _LINE_CHARACTERS // 4)
    return tuple(widths[title] for title, _ in columns)


def _omrostning(
    meeting: LoadedSammantrade, paragraf: ResolvedParagraf, vote: Vote, level: int
) -> list[Block]:
    """Return one open vote as the protocol shows it: the question, each vote, the result."""
    fields, tally = vote.fields, vote.tally
    blocks: list[Block] = []
    title = ""
    if fields.typ is not None:
        title = heading(
            meeting,
            "forberedande_omrostning" if fields.typ == "förberedande" else "huvudomrostning",
        )
    if title:
        blocks.append(Heading(min(level, 4), _text(title), 0))
    winner = fields.ja if fields.utfall == "ja" else fields.nej
    if fields.sluten is not None:
        text = (
            f"Vid sluten omröstning fick {fields.ja} {count(tally.ja, 'röst', 'röster')} och "
            f"{fields.nej} {count(tally.nej, 'röst', 'röster')}"
        )
        text += (
            f"; dessutom {count(tally.avstar, 'blank valsedel', 'blanka valsedlar')}."
            if tally.avstar
            else "."
        )
        if tally.ja == tally.nej:
            text += " Rösterna var lika, och lotten avgjorde."
        text += f" {meeting.organ.namn} har alltså beslutat om {winner}."
        return [*blocks, Paragraph(_text(text), 0)]
    absent = any(choice == "frånvarande" for choice in fields.roster.values())
    choices = ("ja", "nej", "avstår", "frånvarande") if absent else ("ja", "nej", "avstår")
    rows = []
    for name, choice in fields.roster.items():
        cells: list[Inline] = [_text(person(meeting, name))] + [() for _ in choices]
        cells[1 + choices.index(choice)] = _text("X")
        rows.append(tuple(cells))
    result = (
        f"Omröstningen utföll med {count(tally.ja, 'ja-röst', 'ja-röster')} mot "
        f"{count(tally.nej, 'nej-röst', 'nej-röster')}"
    )
    result += f"; {count(tally.avstar, 'ledamot', 'ledamöter')} avstod." if tally.avstar else "."
    if tally.ja == tally.nej:
        result += (
            f" Rösterna är lika, och {person(meeting, paragraf.ordforande)} har som "
            "ordförande utslagsröst."
        )
    if fields.typ == "förberedande":
        result += f" {winner[0].upper()}{winner[1:]} blir alltså motförslag i huvudomröstningen."
    else:
        result += f" {meeting.organ.namn} har alltså beslutat om {winner}."
    val = meeting.organisation.organisation.protokoll
    question = Paragraph(
        _text(_fill(val.voteringsproposition, ja=fields.ja, nej=fields.nej)),
        0,
        keep_with_next=True,
    )
    if val.rostlangd == "text":
        groups = [
            [name for name, given in fields.roster.items() if given == choice] for choice in choices
        ]
        return [
            *blocks,
            question,
            *(
                Paragraph(_text(_voted(meeting, paragraf, names, choice)), 0, keep_with_next=True)
                for choice, names in zip(choices, groups, strict=True)
                if names
            ),
            Paragraph(_text(result), 0),
        ]
    headers = ("Ledamot", "Ja", "Nej", "Avstår", "Frånvarande")[: len(choices) + 1]
    return blocks + [
        question,
        Table(
            tuple(_text(h) for h in headers),
            tuple(rows),
            (None, *(cast(Align, "center") for _ in choices)),
            0,
            (11, *(3 if choice != "frånvarande" else 4 for choice in choices)),
            keep_with_next=True,
        ),
        Paragraph(_text(result), 0),
    ]


_VOTED = {
    "ja": "röstar Ja",
    "nej": "röstar Nej",
    "avstår": "avstår från att rösta",
    "frånvarande": "är frånvarande",
}
"""How a sentence of a vote written as text ends for each vote: "… röstar Ja (7)."."""


def _voted(
    meeting: LoadedSammantrade, paragraf: ResolvedParagraf, names: list[str], choice: str
) -> str:
    """Return one sentence of a vote written as text: who voted `choice`, and how many."""
    text = f"{listed([_voter(meeting, paragraf, name) for name in names])} {_VOTED[choice]}"
    return f"{text[0].upper()}{text[1:]} ({len(names)})."


def _voter(meeting: LoadedSammantrade, paragraf: ResolvedParagraf, name: str) -> str:
    """Return a voter as a vote written as text names them: "ordföranden Jonas Attenius (S)"."""
    deltagare = meeting.fields.deltagare
    if name == paragraf.ordforande:
        role = "ordföranden" if name == deltagare.ordforande.namn else "tjänstgörande ordföranden"
        return f"{role} {person(meeting, name)}"
    if any(ersattare.namn == name for ersattare in deltagare.tjanstgorande_ersattare):
        return f"tjänstgörande ersättaren {person(meeting, name)}"
    return person(meeting, name)


def _text(text: str) -> Inline:
    """Return `text` as spans without formatting."""
    return (Span(text),)
