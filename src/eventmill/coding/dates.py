"""The day an event happened, from the day expressions of its sentence and the article date.

All words live in data/rules/dates.yaml (month names in data/rules/language.yaml). Rules (news looks backwards):

* "Tuesday" / "on Tuesday": the most recent Tuesday on or before the article date;
  "last Tuesday": strictly before; "next Tuesday": strictly after; "Tuesday next/last week":
  that weekday of the following/previous Monday-to-Sunday week.
* "December 31, 2019", "31 December 2019", "Dec. 31", "2019-12-31": that day; without a year
  the article's year, or the year before when that lands more than a week after the article.
* "yesterday", "today", "last night", "last week", "two days ago": relative to the article date.
* Years or months alone ("in 2003", "in March") name no day; a part of a month ("at the end
  of August", "in late November", "mid-March") names a rough one (data: `month_parts`).
* An expression right after "since", "until", "after", "before", ... (data: `blockers`) does
  not date the event ("rallies since Friday" -> None).

`find_date` returns the first expression in the sentence that is not blocked. That is crude
for sentences with several days ("attacked on Tuesday, two days after Sunday's strike"), but
blocked background days are skipped and news sentences put the event's day first far more
often than not.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from eventmill.coding.grammar import is_perfect
from eventmill.coding.settings import DatesSettings, LanguageSettings, load_settings
from eventmill.coding.trail import drop
from eventmill.resources import packaged
from eventmill.text.sentences import lead_sentences
from eventmill.types import Event


@dataclass(frozen=True)
class DateMention:
    """One day expression of a text: character span, resolved day, and whether a 'since' /
    'until' / ... word before it keeps it from dating the event."""

    start: int
    end: int
    text: str
    date: dt.date
    blocked: bool


def _alternation(words: Any) -> str:
    # longest first, so "september" wins over "sep" and "the day before yesterday" over "yesterday"
    return "|".join(re.escape(w).replace(r"\ ", r"\s+")
                    for w in sorted(words, key=len, reverse=True))


class DateRules:
    """The words of `rules/dates.yaml` (and the month names of `rules/language.yaml`) as the
    patterns that find day expressions."""

    def __init__(self, data: DatesSettings, months: dict[str, int]) -> None:
        self.weekdays: dict[str, int] = {k.lower(): v for k, v in data.weekdays.items()}
        self.months: dict[str, int] = {k.lower(): v for k, v in months.items()}
        self.relative: dict[str, int] = {" ".join(k.lower().split()): v
                                         for k, v in data.relative_days.items()}
        self.before: dict[str, str] = {k.lower(): v for k, v in data.weekday_before.items()}
        self.after: dict[str, str] = {" ".join(k.lower().split()): v
                                      for k, v in data.weekday_after.items()}
        self.numbers: dict[str, int] = {k.lower(): v for k, v in data.numbers.items()}
        self.units: dict[str, int] = {k.lower(): v for k, v in data.units.items()}
        self.blockers: list[list[str]] = [b.lower().split() for b in data.blockers]
        self.fillers: set[str] = {f.lower() for f in data.blocker_fillers}
        self.tolerance = dt.timedelta(days=data.future_tolerance_days)
        self.month_parts: dict[str, int] = {" ".join(k.lower().split()): v
                                            for k, v in data.month_parts.items()}
        self.background_markers = data.background_markers
        self.habit_spans = data.habit_spans
        self.habit_adverbs = data.habit_adverbs
        self.stale = dt.timedelta(days=data.stale_days)
        self.verbal_roots: frozenset[str] = data.verbal_roots
        self.matter_preps: frozenset[str] = data.matter_preps
        self.past_words: frozenset[str] = data.past_words
        self.month_preps: frozenset[str] = data.month_preps
        self.past_spans: dict[str, str] = {k.lower(): v for k, v in data.past_spans.items()}

        mon = rf"(?P<mon>{_alternation(self.months)})\b\.?"
        year = r"(?:,?\s+(?P<year>\d{4})\b)?"
        day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
        wd = rf"(?P<wd>{_alternation(self.weekdays)})\b"
        pre = rf"(?:(?P<pre>{_alternation(self.before)})\s+)?"
        post = rf"(?:\s+(?P<post>{_alternation(self.after)})\b)?"
        n = rf"(?P<n>{_alternation(self.numbers)}|\d{{1,2}})"
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})\b")),
            ("mdy", re.compile(rf"\b{mon}\s+{day}{year}", re.IGNORECASE)),
            ("dmy", re.compile(rf"(?<![\d.])\b{day}\s+(?:of\s+)?{mon}{year}", re.IGNORECASE)),
            ("weekday", re.compile(rf"\b{pre}{wd}{post}", re.IGNORECASE)),
            ("ago", re.compile(rf"\b{n}\s+(?P<unit>{_alternation(self.units)})\s+ago\b",
                               re.IGNORECASE)),
            ("relative", re.compile(rf"\b(?P<rel>{_alternation(self.relative)})\b",
                                    re.IGNORECASE)),
            ("part", re.compile(rf"\b(?:the\s+)?(?P<part>{_alternation(self.month_parts)})[\s-]+"
                                rf"(?P<mon>{_alternation(self.months)})\b\.?{year}", re.IGNORECASE)),
        ]


@functools.cache
def packaged_rules() -> DateRules:
    """The date rules of the packaged data (for callers outside a pipeline)."""
    files = packaged()
    return DateRules(load_settings(DatesSettings, files, "dates"),
                     load_settings(LanguageSettings, files, "language").months)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _no_year(rules: DateRules, month: int, day: int, article_date: dt.date) -> dt.date | None:
    try:
        d = dt.date(article_date.year, month, day)
    except ValueError:
        return None
    if d > article_date + rules.tolerance:
        try:
            d = dt.date(article_date.year - 1, month, day)
        except ValueError:  # Feb 29
            return None
    return d


def _weekday(wd: int, pre: str | None, post: str | None, article_date: dt.date) -> dt.date:
    aw = article_date.weekday()
    monday = article_date - dt.timedelta(days=aw)
    if post == "next_week":
        return monday + dt.timedelta(days=7 + wd)
    if post == "last_week":
        return monday + dt.timedelta(days=wd - 7)
    if pre == "next":
        return article_date + dt.timedelta(days=(wd - aw) % 7 or 7)
    if pre == "last":
        return article_date - dt.timedelta(days=(aw - wd) % 7 or 7)
    return article_date - dt.timedelta(days=(aw - wd) % 7)


def _resolve(rules: DateRules, kind: str, m: re.Match[str], article_date: dt.date
             ) -> dt.date | None:
    g = m.groupdict()
    try:
        if kind == "iso":
            return dt.date(int(g["year"]), int(g["m"]), int(g["day"]))
        if kind in ("mdy", "dmy"):
            if not _capitalised(g["mon"]):
                return None  # "may 5" is not May 5
            month, day = rules.months[g["mon"].lower()], int(g["day"])
            if g["year"]:
                return dt.date(int(g["year"]), month, day)
            return _no_year(rules, month, day, article_date)
        if kind == "weekday":
            if not _capitalised(g["wd"]):
                return None
            pre = rules.before.get(g["pre"].lower()) if g["pre"] else None
            post = rules.after.get(" ".join(g["post"].lower().split())) if g["post"] else None
            return _weekday(rules.weekdays[g["wd"].lower()], pre, post, article_date)
        if kind == "ago":
            n = int(g["n"]) if g["n"].isdigit() else rules.numbers[g["n"].lower()]
            return article_date - dt.timedelta(days=n * rules.units[g["unit"].lower()])
        if kind == "part":
            if not _capitalised(g["mon"]):
                return None
            month = rules.months[g["mon"].lower()]
            day = rules.month_parts[" ".join(g["part"].lower().split())]
            if g["year"]:
                return dt.date(int(g["year"]), month, day)
            return _no_year(rules, month, day, article_date)
        if kind == "relative":
            return article_date + dt.timedelta(days=rules.relative[" ".join(g["rel"].lower().split())])
    except ValueError:  # "February 30"
        return None
    return None


_TOKEN = re.compile(r"[A-Za-z]+|[,;:()\[\]—–\"“”]|(?<!\w)-(?!\w)")


def _blocked(rules: DateRules, before: str) -> bool:
    """Does a blocker word end `before` (fillers aside)?"""
    words = [w.lower() for w in _TOKEN.findall(before[-80:])]
    while words and words[-1] in rules.fillers:
        words.pop()
    return any(len(words) >= len(b) and words[-len(b):] == b for b in rules.blockers)


def date_mentions(text: str, article_date: dt.date, rules: DateRules | None = None) -> list[DateMention]:
    """Every day expression of `text` in reading order, resolved against `article_date`."""
    rules = rules or packaged_rules()
    found: list[tuple[int, int, dt.date]] = []
    for kind, pattern in rules.patterns:
        for m in pattern.finditer(text):
            d = _resolve(rules, kind, m, article_date)
            if d is not None:
                found.append((m.start(), m.end(), d))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[DateMention] = []
    end = -1
    for start, stop, d in found:
        if start < end:
            continue  # overlaps a longer or earlier expression ("Tuesday last week")
        out.append(DateMention(start, stop, text[start:stop], d,
                               _blocked(rules, text[:start])))
        end = stop
    return out


def find_date(text: str, article_date: dt.date, rules: DateRules | None = None) -> dt.date | None:
    """The day the sentence's event happened, or None when it names no (unblocked) day."""
    for mention in date_mentions(text, article_date, rules):
        if not mention.blocked:
            return mention.date
    return None


def news_day(texts: Sequence[str], article_date: dt.date, max_sentences: int = 4,
             max_days: int = 7, rules: DateRules | None = None) -> dt.date:
    """The article's anchor day: the first day found in its first `max_sentences` sentences
    that lies within `max_days` on or before the article date, else the article date.
    Used for sentences naming no day, since a lede dates the event later sentences describe."""
    earliest = article_date - dt.timedelta(days=max_days)
    for text in texts[:max_sentences]:
        d = find_date(text, article_date, rules)
        if d is not None and earliest <= d <= article_date:
            return d
    return article_date


# Children of a verb that start another clause: a year there dates that clause, not the event.
_OTHER_CLAUSES = {"ccomp", "conj", "advcl", "parataxis", "relcl", "xcomp"}
# the links by which a clause shares the time of the clause it hangs on
_TIME_SHARING = {"ccomp", "advcl", "relcl", "acl", "conj", "xcomp", "pcomp"}


def background(trigger: Token, article_date: dt.date, rules: DateRules, years: bool = True,
               matter: frozenset[int] = frozenset()) -> bool:
    """Is the event background rather than news? Its own phrase names a year before the
    article's ("invasion of 2003", "seized Gaza in 2007"; not checked with `years` off), or a
    month or a "last month/year" that ended before the news cycle ("In December, the parties
    agreed ..." in a September article); or makes it a tally "since" a time; it is told as a
    habit ("have raided villages for years", "often criticize"); or it is a clause about an
    earlier year or a "since" ("since 2014, when militants seized the town"). The words of
    `matter` (what a verbal act is about, `matter_of`) are not its phrase ("accused Moscow of the
    2014 downing")."""
    markers = rules.background_markers
    if _habitual(trigger, rules.habit_spans, rules.habit_adverbs) \
            or _inside_past(trigger, article_date, markers, years):
        return True
    # "have killed 143 since protests began": a `since` clause makes a tally
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in markers for m in c.children)
           for c in trigger.children):
        return True
    for tok in _own_clause(trigger):
        if tok.i in matter:
            continue
        if years and tok.i != trigger.i and _earlier_year(tok, article_date):
            return True
        if years and tok.i != trigger.i and _stale_month(tok, article_date, rules):
            return True
        if tok.lower_ in markers and tok.dep_ in ("prep", "mark") and tok.head in (trigger, *trigger.children):
            return True
    return years and (_inherits_past(trigger, article_date, rules)
                      or _noun_of_past(trigger, rules))


def _noun_of_past(trigger: Token, rules: DateRules) -> bool:
    """Is an event noun part of a tally: does the perfect it hangs on run "since" a time ("have
    been killed in fighting since April 2014")?"""
    if trigger.pos_ in ("VERB", "AUX"):
        return False
    verb = trigger.head
    while verb.dep_ in ("prep", "pobj") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or not is_perfect(verb):
        return False
    return any(c.dep_ == "prep" and c.lower_ in rules.background_markers and trigger not in c.subtree
               for c in verb.children)


def matter_of(verb: Token, root: str, rules: DateRules) -> frozenset[int]:
    """The words that say what a verbal act (`verbal_roots`) is about: its object and its
    `matter_preps` phrases ("accused Moscow of the 2014 downing"); none for other acts."""
    if root not in rules.verbal_roots or verb.pos_ not in ("VERB", "AUX"):
        return frozenset()
    # a time on the object itself ("signed a 2016 accord") does date the act: not matter
    own_time = {t.i for c in verb.children if c.dep_ in ("dobj", "dative")
                for m in c.children if m.dep_ in ("nummod", "compound", "amod", "npadvmod")
                and m.ent_type_ == "DATE"
                for t in m.subtree}
    return frozenset(t.i for c in verb.children if c.dep_ in ("dobj", "dative") or (
        c.dep_ == "prep" and c.lower_ in rules.matter_preps) for t in c.subtree
        if t.i not in own_time)


def _own_clause(tok: Token) -> Iterator[Token]:
    """`tok` and the words of its phrase, not those of the clauses under it."""
    stack = [tok]
    while stack:
        tok = stack.pop()
        yield tok
        stack.extend(c for c in tok.children if c.dep_ not in _OTHER_CLAUSES)


def _clause_verb(trigger: Token) -> Token:
    """The verb of the trigger's clause: the trigger itself, or the verb a nominal trigger hangs on."""
    return trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head


def _inherits_past(trigger: Token, article_date: dt.date, rules: DateRules) -> bool:
    """Does the trigger's clause take its time from a clause it hangs on that names an earlier
    year or a stale month ("swept into Sanaa in September 2014 and advanced", "In August 2017,
    Morales announced he was expelling", "was sparked in August 2017, when insurgents
    attacked")? Not when it names a day of its own."""
    tok = _clause_verb(trigger)
    if any(t.lower_ in rules.weekdays or t.lower_ in rules.relative for t in _own_clause(tok)):
        return False  # a day of its own
    for _ in range(3):
        if tok.dep_ not in _TIME_SHARING:
            return False
        inner, tok = tok, tok.head
        # a verb's time is in its prepositions; a clause on a noun ("in March 2015, when rebels
        # attacked") takes the noun's own words
        noun = tok.pos_ in ("NOUN", "PROPN", "NUM")
        when = [tok] if noun else []
        when += [t for c in tok.children if c.dep_ not in _OTHER_CLAUSES and inner not in c.subtree
                 and (noun or c.dep_ in ("prep", "npadvmod")) for t in c.subtree]
        if any(_earlier_year(t, article_date) or _stale_month(t, article_date, rules) for t in when):
            return True
    return False


def _habitual(trigger: Token, spans: frozenset[str], adverbs: frozenset[str]) -> bool:
    """"have raided villages for years": a perfect whose `for` phrase is a span of time; "often
    criticize Vietnam", "has long opposed the name": a verb of one of the habit `adverbs`."""
    verb = _clause_verb(trigger)
    if any(c.dep_ == "advmod" and c.lower_ in adverbs for c in verb.children):
        return True
    return is_perfect(verb) and any(c.dep_ == "prep" and c.lower_ == "for" and any(
        o.dep_ == "pobj" and o.lemma_.lower() in spans for o in c.children) for c in verb.children)


def _inside_past(trigger: Token, article_date: dt.date, markers: frozenset[str], years: bool) -> bool:
    """Is the trigger's clause a relative or adverbial clause hanging on an earlier year or on a
    "since" phrase ("since 2014, when militants seized the town")?"""
    verb = _clause_verb(trigger)
    if verb.dep_ not in ("relcl", "advcl", "acl"):
        return False
    for anc in list(verb.ancestors)[:3]:
        if years and _earlier_year(anc, article_date):
            return True
        if anc.lower_ in markers and anc.dep_ in ("prep", "mark"):
            return True
        if anc.pos_ in ("VERB", "AUX") and any(c.dep_ == "prep" and c.lower_ in markers
                                                for c in anc.children):
            return True  # "Since March 2015 the coalition has fought the Houthis, who have seized"
    return False


def _earlier_year(tok: Token, article_date: dt.date) -> bool:
    return tok.like_num and len(tok.text) == 4 and tok.text.isdigit() \
        and 1900 < int(tok.text) < article_date.year


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def _stale_month(tok: Token, article_date: dt.date, rules: DateRules) -> bool:
    """Does `tok` name a month or year that ended before the news cycle: a month named alone
    after a word of `month_preps` ("in December", no day), or a month or a span of `past_spans`
    after a word of `past_words` ("last September", "last month", "last year")?"""
    word = tok.lower_
    if word in rules.months and _capitalised(tok.text) and tok.dep_ == "pobj" \
            and tok.head.lower_ in rules.month_preps and not any(c.like_num for c in tok.children):
        month = rules.months[word]
        end = _month_end(article_date.year - (month > article_date.month), month)
    elif word in rules.months and _capitalised(tok.text) \
            and any(c.lower_ in rules.past_words for c in tok.children):
        month = rules.months[word]  # "last September": the latest September before this month
        end = _month_end(article_date.year - (month >= article_date.month), month)
    elif word in rules.past_spans and any(c.lower_ in rules.past_words for c in tok.children):
        first = article_date.replace(day=1)
        end = first - dt.timedelta(days=1) if rules.past_spans[word] == "month" \
            else dt.date(article_date.year - 1, 12, 31)
    else:
        return False
    return end < article_date - rules.stale


def present_tense(trigger: Token) -> bool:
    """Is the clause of a trigger (a verb, or the verb governing a nominal event) in the simple
    or progressive present? The present perfect ("has killed") tells a past act."""
    verb = trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ in ("VBZ", "VBP"):
        return not aux
    return verb.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") and a.lemma_ == "be" for a in aux)


class DatesComponent:
    """Dates each event from its sentence, else from the article's news day; drops background
    ("the US-led invasion of 2003", "have killed 143 since March", a date weeks before the
    article) and what is dated after the article: only the current news cycle is coded."""

    def __init__(self, rules: DatesSettings, language: LanguageSettings) -> None:
        self.rules = DateRules(rules, language.months)

    @staticmethod
    def _time_text(trigger: Token, ev: Event, matter: frozenset[int]) -> str:
        """The sentence the event's date is read from, without what a verbal act is about
        ("condemned the August 14 crackdown" was said today)."""
        return "".join(t.text_with_ws if t.i not in matter else " " * len(t.text_with_ws)
                       for t in trigger.sent) if matter else ev.sentence

    def __call__(self, doc: Doc) -> Doc:
        day = doc._.article_date
        anchor = news_day(lead_sentences(doc._.article_text), day, rules=self.rules)
        kept = []
        dated = not doc._.undated  # an undated text has no news cycle to fall out of
        for ev in doc._.events or []:
            trigger = doc[ev.extra["trigger"]]
            matter = matter_of(trigger, ev.root, self.rules)
            if background(trigger, day, self.rules, years=dated, matter=matter):
                drop(doc, ev.sentence, ev.code, "background")
                continue
            # what the text tells in the present ("is denouncing", "says") happens on the
            # article's day, not on the day its lede dates
            ev.date = find_date(self._time_text(trigger, ev, matter), day, self.rules) \
                or (day if present_tense(trigger) else anchor)
            if dated and ev.date < day - self.rules.stale:
                drop(doc, ev.sentence, ev.code, "before the news cycle")
                continue
            if dated and ev.date > day:  # "will host talks on June 7": not yet happened
                drop(doc, ev.sentence, ev.code, "after the article date")
                continue
            kept.append(ev)
        doc._.events = kept
        return doc
