"""Subscriptions to the anslagstavla: Atom and JSON Feed of the anslag, iCalendar of an
organ's meetings.

One feed entry per anslag (a protocol's, and one per § justerad omedelbart), dated by
the day it is posted, so a kommun's website or a citizen's reader hears of it at once.
An entry is kept in each meeting's manifest, so the feeds of the whole anslagstavla are
made again from the meetings published there. Nothing is taken from the clock.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from feedgen.feed import FeedGenerator

from docgen.publish.web import WebMeeting
from docgen.swedish import format_date

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FEED_SIZE = 50
"""How many of the newest anslag a feed carries."""

_TIME = re.compile(r"(\d{1,2})[.:](\d{2})(?:\s*[-–]\s*(\d{1,2})[.:](\d{2}))?")


@dataclass(frozen=True)
class AnslagEntry:
    """One anslag as the anslagstavla and its feeds show it."""

    kommun: str
    organ: str
    organ_kod: str
    sammantrade: date
    paragrafer: str
    justerad: date
    uppsatt: date
    sista_dag: date
    nedtagning: date
    forvaringsplats: str
    mapp: str
    ankare: str

    @property
    def url(self) -> str:
        """Return the anslag's address relative to the anslagstavla's folder."""
        return f"{self.mapp}/anslag.html#{self.ankare}"

    @property
    def title(self) -> str:
        """Return the anslag's title, e.g. 'Protokoll Kommunstyrelsen 1 september 2014, § 210'."""
        return f"Protokoll {self.organ} {format_date(self.sammantrade)}, {self.paragrafer}"

    @property
    def text(self) -> str:
        """Return what the anslag says, in one paragraph."""
        return (
            f"{self.organ}, sammanträde {format_date(self.sammantrade)}, {self.paragrafer}. "
            f"Protokollet justerades {format_date(self.justerad)}. Anslaget sätts upp "
            f"{format_date(self.uppsatt)} och tas ned {format_date(self.nedtagning)}. "
            f"Sista dag för överklagande: {format_date(self.sista_dag)}. "
            f"Protokollet förvaras hos {self.forvaringsplats}."
        )

    def as_json(self) -> dict[str, str]:
        """Return the entry as JSON values, for a meeting's manifest."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnslagEntry:
        """Return the entry kept in a manifest as `data`."""
        values = dict(data)
        for name in ("sammantrade", "justerad", "uppsatt", "sista_dag", "nedtagning"):
            values[name] = date.fromisoformat(values[name])
        return cls(**values)


def entries(meeting: WebMeeting, folder: str) -> list[AnslagEntry]:
    """Return the anslag of `meeting`, published in the anslagstavla's sub-folder `folder`."""
    return [
        AnslagEntry(
            meeting.kommun,
            meeting.organ,
            meeting.organ_kod,
            meeting.datum,
            a.paragrafer_text,
            a.justerad,
            a.dates.uppsatt,
            a.dates.sista_dag,
            a.dates.nedtagning,
            meeting.forvaringsplats,
            folder,
            a.anchor,
        )
        for a in meeting.anslag
    ]


def newest_first(found: list[AnslagEntry]) -> list[AnslagEntry]:
    """Return `found` with the latest posted first (then by organ and §)."""
    return sorted(found, key=lambda e: (e.uppsatt, e.organ_kod, e.mapp, e.ankare), reverse=True)


def _url(base: str | None, name: str) -> str:
    """Return the address of the published file `name`, absolute when the site's is known."""
    return f"{base.rstrip('/')}/{name}" if base else name


def _authority(base: str | None) -> str:
    """Return the host of the anslagstavla's address, for tag URIs (RFC 4151)."""
    return re.sub(r"^https?://", "", base or "").split("/")[0] or "docgen.invalid"


def _entry_id(entry: AnslagEntry, base: str | None) -> str:
    """Return a lasting id for `entry`."""
    return (
        f"tag:{_authority(base)},{entry.sammantrade.year}:{entry.organ_kod}/"
        f"{entry.sammantrade.isoformat()}/{entry.ankare}"
    )


def _posted(day: date) -> datetime:
    """Return the moment an anslag posted on `day` counts as posted: the day's start, Swedish time."""
    return datetime.combine(day, time(0, 0), STOCKHOLM)


def atom(found: list[AnslagEntry], kommun: str, base: str | None) -> bytes:
    """Return the Atom feed of the newest anslag in `found`."""
    shown = newest_first(found)[:FEED_SIZE]
    feed = FeedGenerator()
    feed.id(f"tag:{_authority(base)},2018:anslagstavla")
    feed.title(f"Anslagstavla, {kommun}")
    feed.author({"name": kommun})
    feed.link(href=_url(base, "anslag.atom"), rel="self", type="application/atom+xml")
    feed.link(href=_url(base, "index.html"), rel="alternate", type="text/html")
    feed.language("sv")
    feed.generator("docgen")
    feed.updated(_posted(max(e.uppsatt for e in shown)))
    for item in shown:
        entry = feed.add_entry(order="append")
        entry.id(_entry_id(item, base))
        entry.title(f"Anslag: {item.title}")
        entry.author({"name": f"{item.organ}, {kommun}"})
        entry.link(href=_url(base, item.url), rel="alternate", type="text/html")
        entry.published(_posted(item.uppsatt))
        entry.updated(_posted(item.uppsatt))
        entry.summary(item.text)
    data: bytes = feed.atom_str(pretty=True)
    return data


def json_feed(found: list[AnslagEntry], kommun: str, base: str | None) -> bytes:
    """Return the JSON Feed (version 1.1) of the newest anslag in `found`.

    JSON Feed's addresses are full URLs, so they are given only when the anslagstavla's
    own address (`base`) is known.
    """

    def address(name: str) -> dict[str, str]:
        return {} if base is None else {"url": _url(base, name)}

    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Anslagstavla, {kommun}",
        **(
            {}
            if base is None
            else {"home_page_url": _url(base, "index.html"), "feed_url": _url(base, "anslag.json")}
        ),
        "language": "sv",
        "authors": [{"name": kommun}],
        "items": [
            {
                "id": _entry_id(item, base),
                **address(item.url),
                "title": f"Anslag: {item.title}",
                "content_text": item.text,
                "date_published": _posted(item.uppsatt).isoformat(),
                "authors": [{"name": f"{item.organ}, {kommun}"}],
            }
            for item in newest_first(found)[:FEED_SIZE]
        ],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True)
class CalendarMeeting:
    """A meeting of the organ as the calendar shows it: when and where."""

    datum: date
    tid: str
    plats: str


def _times(meeting: CalendarMeeting) -> tuple[datetime, datetime]:
    """Return when a meeting starts and ends (two hours when no end is given)."""
    match = _TIME.search(meeting.tid)
    start_t = time(int(match[1]), int(match[2])) if match else time(9, 0)
    start = datetime.combine(meeting.datum, start_t, STOCKHOLM)
    if match and match[3]:
        return start, datetime.combine(meeting.datum, time(int(match[3]), int(match[4])), STOCKHOLM)
    return start, start + timedelta(hours=2)


def calendar_name(organ_kod: str) -> str:
    """Return the file name of an organ's calendar, e.g. 'sammantraden-ksau.ics'."""
    return f"sammantraden-{organ_kod.lower()}.ics"


def calendar(meeting: WebMeeting, meetings: list[CalendarMeeting], base: str | None) -> bytes:
    """Return the iCalendar file of `meeting`'s organ's `meetings`, stamped with its anslag."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//docgen//sammantraden//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{meeting.organ}, {meeting.kommun}")
    stamp = _posted(max(a.dates.uppsatt for a in meeting.anslag)).astimezone(ZoneInfo("UTC"))
    for item in sorted(meetings, key=lambda m: m.datum):
        event = icalendar.Event()
        start, end = _times(item)
        event.add(
            "uid",
            f"tag:{_authority(base)},{item.datum.year}:{meeting.organ_kod}/"
            f"{item.datum.isoformat()}/sammantrade",
        )
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", f"Sammanträde {meeting.organ}")
        event.add("location", item.plats)
        cal.add_component(event)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data
