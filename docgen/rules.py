"""The law of a meeting as pure functions: who decides a paragraph, votes, justering, anslag.

Each function states the rule it applies (kommunallagen 2017:725, "KL") and shows it in
a doctest. Nothing here reads files or formats text for a document: the meeting
resolver (content/meeting.py) calls these with plain values and words the problems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from docgen import calendar

__all__ = [
    "JUSTERING_DAYS",
    "Tally",
    "anslag_removal_day",
    "closed_outcome",
    "deciding",
    "is_quorate",
    "justering_deadline",
    "kungord_i_tid",
    "kungorelse_senast",
    "may_reserve",
    "outcome",
    "switching_gaps",
    "tally",
]

KUNGORELSE_DAYS = 7
"""Kommunfullmäktige's kungörelse is posted at least a week before the meeting (KL 5 kap. 12 §)."""

JUSTERING_DAYS = 14
"""A protocol is justerat within 14 days of the meeting (KL 5 kap. 69 §, 6 kap. 35 §)."""

Outcome = Literal["ja", "nej", "lika"]


@dataclass(frozen=True)
class Tally:
    """The counted votes of one omröstning."""

    ja: int
    nej: int
    avstar: int


def deciding(
    serving: Mapping[str, frozenset[int] | None], nummer: int, not_taking_part: Iterable[str] = ()
) -> list[str]:
    """Return who decides paragraph `nummer`, in the order of `serving`.

    KL 5 kap. 67 § asks, for each item, which members took part in the decision. A
    member or serving ersättare takes part in the paragraphs they serve (`None`: the
    whole meeting), except where they did not take part (jäv, or said so).

    >>> deciding({"A": None, "B": frozenset({1, 2}), "C": frozenset({3})}, 2, ["A"])
    ['B']
    """
    out = set(not_taking_part)
    return [
        name
        for name, numbers in serving.items()
        if (numbers is None or nummer in numbers) and name not in out
    ]


def switching_gaps(
    served: Iterable[int], numbers: Sequence[int], jav: Iterable[int] = ()
) -> list[int]:
    """Return the paragraphs where someone came back after they had stopped serving.

    A member who stops serving may not come back later in the meeting
    ("växeltjänstgöring"), except after an item where they had jäv; a member arriving
    late takes the seat between two items (KL 5 kap. 19 §, applied to nämnder by
    6 kap. 13 §, and the nämnder's reglementen). `numbers` are the meeting's
    paragraphs in order; a gap of only jäv paragraphs is allowed.

    >>> switching_gaps([1, 2, 4], [1, 2, 3, 4])
    [4]
    >>> switching_gaps([1, 2, 4], [1, 2, 3, 4], jav=[3])
    []
    >>> switching_gaps([2, 3], [1, 2, 3, 4])
    []
    """
    own, excused = set(served), set(jav)
    started = stopped = False
    comebacks = []
    for nummer in numbers:
        if nummer in own:
            if stopped:
                comebacks.append(nummer)
                stopped = False
            started = True
        elif started and nummer not in excused:
            stopped = True
    return comebacks


def tally(votes: Mapping[str, str]) -> Tally:
    """Return the count of an open vote's ja, nej and avstår (absent members not counted).

    >>> tally({"A": "ja", "B": "nej", "C": "avstår", "D": "ja", "E": "frånvarande"})
    Tally(ja=2, nej=1, avstar=1)
    """
    counts = Counter(votes.values())
    return Tally(counts["ja"], counts["nej"], counts["avstår"])


def outcome(counted: Tally, chair_vote: str | None) -> Outcome:
    """Return the result of a vote; equal votes go the way of the presiding member's vote.

    KL 5 kap. 55 § (fullmäktige) and 6 kap. 33 § (nämnder): "Vid lika röstetal har
    ordföranden utslagsröst". A chair who did not vote ja or nej leaves a tie undecided.

    >>> outcome(Tally(3, 2, 1), None)
    'ja'
    >>> outcome(Tally(2, 2, 0), "nej")
    'nej'
    >>> outcome(Tally(2, 2, 1), "avstår")
    'lika'
    """
    if counted.ja != counted.nej:
        return "ja" if counted.ja > counted.nej else "nej"
    return "ja" if chair_vote == "ja" else "nej" if chair_vote == "nej" else "lika"


def closed_outcome(counted: Tally) -> Outcome:
    """Return the result of a closed vote (val); equal votes are decided by lot.

    KL 5 kap. 55 § (applied to nämnder by 6 kap. 33 §), the same rule whose other half
    gives the chair the casting vote in open votes: at a val, equal votes are decided by
    lot. Blank ballots count for neither side.

    >>> closed_outcome(Tally(5, 3, 1)), closed_outcome(Tally(4, 4, 0))
    ('ja', 'lika')
    """
    if counted.ja == counted.nej:
        return "lika"
    return "ja" if counted.ja > counted.nej else "nej"


def may_reserve(
    name: str, deciding_members: Iterable[str], votes: Sequence[Mapping[str, str]]
) -> bool:
    """Return whether `name` may enter a reservation against a paragraph's decision.

    Only someone who took part in the decision may reserve (KL 4 kap. 27 §); a member
    who abstained in every vote of the paragraph did not take part in it. One who voted
    in a förberedande omröstning and abstained in the huvudomröstning did: Göteborg's
    kommunstyrelse records such reservations (2025-03-26 § 261, tests/cases/goteborg-ks).

    >>> may_reserve("A", ["A", "B"], [{"A": "nej"}])
    True
    >>> may_reserve("A", ["A", "B"], [{"A": "avstår"}])
    False
    >>> may_reserve("A", ["A", "B"], [{"A": "nej"}, {"A": "avstår"}])
    True
    >>> may_reserve("A", ["A", "B"], []), may_reserve("C", ["A", "B"], [])
    (True, False)
    """
    return name in set(deciding_members) and (
        not votes or any(vote.get(name) != "avstår" for vote in votes)
    )


def is_quorate(present: int, seats: int) -> bool:
    """Return whether `present` members of `seats` may decide: more than half (KL 5 kap. 57 §,
    6 kap. 27 §).

    >>> is_quorate(6, 11), is_quorate(5, 11), is_quorate(5, 10)
    (True, False, False)
    """
    return present * 2 > seats


def justering_deadline(meeting: date) -> date:
    """Return the last day a protocol of a meeting on `meeting` may be justerat.

    >>> justering_deadline(date(2014, 8, 19))
    datetime.date(2014, 9, 2)
    """
    return meeting + timedelta(days=JUSTERING_DAYS)


def anslag_removal_day(posted: date, on_last_day: bool = False) -> date:
    """Return the day the anslag of a justering posted on `posted` comes down.

    The anslag stays up for the three weeks of appeal (KL 8 kap. 12 §, 13 kap. 5 §); a
    kommun takes it down on the first working day after the last day for appeal, or,
    where its custom is so, on that last day itself.

    >>> anslag_removal_day(date(2025, 5, 30))
    datetime.date(2025, 6, 24)
    >>> anslag_removal_day(date(2025, 5, 30), on_last_day=True)
    datetime.date(2025, 6, 23)
    """
    last = calendar.appeal_deadline(posted)
    return last if on_last_day else calendar.next_working_day(last)


def kungorelse_senast(meeting: date) -> date:
    """Return the last day kommunfullmäktige's kungörelse of the meeting on `meeting` may
    be posted on the anslagstavla: at least a week before the meeting (KL 5 kap. 12 §).

    >>> kungorelse_senast(date(2014, 9, 22))
    datetime.date(2014, 9, 15)
    """
    return meeting - timedelta(days=KUNGORELSE_DAYS)


def kungord_i_tid(posted: date, meeting: date) -> bool:
    """Return whether a kungörelse posted on `posted` was in time for the fullmäktige
    meeting on `meeting` (KL 5 kap. 12 §: at least one week before).

    >>> kungord_i_tid(date(2014, 9, 15), date(2014, 9, 22))
    True
    >>> kungord_i_tid(date(2014, 9, 16), date(2014, 9, 22))
    False
    """
    return posted <= kungorelse_senast(meeting)
