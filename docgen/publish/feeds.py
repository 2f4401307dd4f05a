"""Subscriptions to a meeting's anslag and its organ's meetings: Atom, JSON Feed, iCalendar.

One feed entry per anslag (the protocol's, and one per § justerad omedelbart), dated by
the day it is posted, so a kommun's website or a citizen's reader hears of it at once.
The calendar lists the organ's meetings found in the content tree. Nothing is taken
from the clock: the same content gives the same files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from feedgen.feed import FeedGenerator

from docgen.publish.web import WebAnslag, WebMeeting
from docgen.swedish import format_date

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_TIME = re.compile(r"(\d{1,2})[.:](\d{2})(?:\s*[-–]\s*(\d{1,2})[.:](\d{2}))?")


@dataclass(frozen=True)
class CalendarMeeting:
    """A meeting of the organ as the calendar shows it: when and where."""

    datum: date
    tid: str
    plats: str


def _url(base: str | None, name: str) -> str:
    """Return the address of the published file `name`, absolute when the site's is known."""
    return f"{base.rstrip('/')}/{name}" if base else name


def _tag(meeting: WebMeeting, base: str | None, suffix: str) -> str:
    """Return a lasting id (RFC 4151 tag URI) for something of `meeting`."""
    authority = re.sub(r"^https?://", "", base or "").split("/")[0] or "docgen.invalid"
    return f"tag:{authority},{meeting.datum.year}:{meeting.organ_kod}/{meeting.datum}/{suffix}"


def _posted(day: date) -> datetime:
    """Return the moment an anslag posted on `day` counts as posted: the day's start, Swedish time."""
    return datetime.combine(day, time(0, 0), STOCKHOLM)


def _entry_title(meeting: WebMeeting, anslag: WebAnslag) -> str:
    """Return an anslag's title, e.g. 'Anslag: protokoll Kommunstyrelsen 1 september 2014, § 210'."""
    return f"Anslag: protokoll {meeting.organ} {format_date(meeting.datum)}, {anslag.paragrafer_text}"


def _entry_text(meeting: WebMeeting, anslag: WebAnslag) -> str:
    """Return what an anslag says, in one paragraph."""
    dates = anslag.dates
    return (f"{meeting.organ}, sammanträde {format_date(meeting.datum)}, {anslag.paragrafer_text}. "
            f"Protokollet justerades {format_date(anslag.justerad)}. Anslaget sätts upp "
            f"{format_date(dates.uppsatt)} och tas ned {format_date(dates.nedtagning)}. "
            f"Sista dag för överklagande: {format_date(dates.sista_dag)}. "
            f"Protokollet förvaras hos {meeting.forvaringsplats}.")


def atom(meeting: WebMeeting, base: str | None) -> bytes:
    """Return the Atom feed of `meeting`'s anslag."""
    feed = FeedGenerator()
    feed.id(_tag(meeting, base, "anslag"))
    feed.title(f"Anslag {meeting.organ}, {meeting.kommun}")
    feed.author({"name": f"{meeting.organ}, {meeting.kommun}"})
    feed.link(href=_url(base, "anslag.atom"), rel="self", type="application/atom+xml")
    feed.link(href=_url(base, "index.html"), rel="alternate", type="text/html")
    feed.language("sv")
    feed.generator("docgen")
    feed.updated(max(_posted(a.dates.uppsatt) for a in meeting.anslag))
    for anslag in meeting.anslag:
        entry = feed.add_entry(order="append")
        entry.id(_tag(meeting, base, anslag.anchor))
        entry.title(_entry_title(meeting, anslag))
        entry.link(href=_url(base, f"anslag.html#{anslag.anchor}"), rel="alternate",
                   type="text/html")
        entry.published(_posted(anslag.dates.uppsatt))
        entry.updated(_posted(anslag.dates.uppsatt))
        entry.summary(_entry_text(meeting, anslag))
    data: bytes = feed.atom_str(pretty=True)
    return data


def json_feed(meeting: WebMeeting, base: str | None) -> bytes:
    """Return the JSON Feed (version 1.1) of `meeting`'s anslag."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Anslag {meeting.organ}, {meeting.kommun}",
        "home_page_url": _url(base, "index.html"),
        "feed_url": _url(base, "anslag.json"),
        "language": "sv",
        "authors": [{"name": f"{meeting.organ}, {meeting.kommun}"}],
        "items": [{
            "id": _tag(meeting, base, anslag.anchor),
            "url": _url(base, f"anslag.html#{anslag.anchor}"),
            "title": _entry_title(meeting, anslag),
            "content_text": _entry_text(meeting, anslag),
            "date_published": _posted(anslag.dates.uppsatt).isoformat(),
        } for anslag in meeting.anslag],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _times(meeting: CalendarMeeting) -> tuple[datetime, datetime]:
    """Return when a meeting starts and ends (two hours when no end is given)."""
    match = _TIME.search(meeting.tid)
    start_t = time(int(match[1]), int(match[2])) if match else time(9, 0)
    start = datetime.combine(meeting.datum, start_t, STOCKHOLM)
    if match and match[3]:
        return start, datetime.combine(meeting.datum, time(int(match[3]), int(match[4])),
                                       STOCKHOLM)
    return start, start + timedelta(hours=2)


def calendar(meeting: WebMeeting, meetings: list[CalendarMeeting], base: str | None) -> bytes:
    """Return the iCalendar file of the organ's `meetings`, stamped with `meeting`'s anslag."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//docgen//sammantraden//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{meeting.organ}, {meeting.kommun}")
    stamp = _posted(max(a.dates.uppsatt for a in meeting.anslag)).astimezone(ZoneInfo("UTC"))
    for item in sorted(meetings, key=lambda m: m.datum):
        event = icalendar.Event()
        start, end = _times(item)
        event.add("uid", _tag(meeting, base, "sammantrade").replace(
            f"/{meeting.datum}/", f"/{item.datum}/"))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", f"Sammanträde {meeting.organ}")
        event.add("location", item.plats)
        cal.add_component(event)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data
