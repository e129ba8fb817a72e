"""The actor dictionaries: countries (names, demonyms, people, capitals), known actors with
date-limited roles, and agent nouns with their sector, indexed for longest-match lookup; and what
they match in a sentence. Shared by the setting stage (which countries an article names) and the
actors stage (who each noun phrase is)."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from eventmill.coding.lexicon import TermIndex
from eventmill.resources import DataFiles

COUNTRY_KINDS = ("names", "adjectives", "people", "capitals")


@dataclass(frozen=True)
class Role:
    country: str | None
    role: str
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def distance(self, day: dt.date) -> int:
        if self.covers(day):
            return 0
        return min(abs((day - d).days) for d in (self.start, self.end) if d is not None)


@dataclass(frozen=True)
class KnownActor:
    name: str
    roles: tuple[Role, ...]

    def role_on(self, day: dt.date) -> Role:
        """The role valid on `day`, else the nearest one in time (a person keeps their country)."""
        return min(self.roles, key=lambda r: r.distance(day))


@dataclass(frozen=True)
class Lexicon:
    """Every actor dictionary, indexed for longest-match lookup."""

    names: TermIndex  # token texts -> ("country", ISO3, kind) or ("known", KnownActor, surname)
    agents: TermIndex  # token lemmas -> sector
    sponsor_words: frozenset[str]
    client_words: frozenset[str]
    # a surname alone names its holder only this many days from one of their roles
    surname_days: int


def _parse_day(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load_lexicon(files: DataFiles, split: Callable[[str], Sequence[str]]) -> Lexicon:
    """Build the lexicon from the data files; `split` tokenizes a phrase like the pipeline does."""
    names: TermIndex = TermIndex()
    for iso3, entry in files.yaml("countries.yaml").items():
        for kind in COUNTRY_KINDS:
            for phrase in entry.get(kind) or ():
                names.add(split(phrase), ("country", iso3, kind))
    known_actors = files.yaml("known_actors.yaml")
    for item in known_actors["actors"]:
        roles = tuple(Role(r.get("country"), r.get("role") or "", _parse_day(r.get("start")),
                           _parse_day(r.get("end"))) for r in item["roles"])
        known = KnownActor(item["name"], roles)
        full = len(split(item["name"])) > 1
        for phrase in [item["name"], *(item.get("aliases") or ())]:
            # a one-word alias of a longer name is a surname ("Rawlings", "Keating")
            names.add(split(phrase), ("known", known, full and len(split(phrase)) == 1))
    agents_data = files.yaml("agents.yaml")
    agents: TermIndex = TermIndex()
    for sector, words in agents_data.items():
        if sector in ("sponsor_suffixes", "client_nouns"):
            continue
        for word in words:
            # split like the pipeline's tokens, so "secretary-general" is three of them
            agents.add([w for part in word.lower().split() for w in split(part)], sector)
    return Lexicon(names, agents, frozenset(agents_data.get("sponsor_suffixes") or ()),
                   frozenset(agents_data.get("client_nouns") or ()),
                   round(365.25 * known_actors.get("surname_years", 10)))


@dataclass
class Mention:
    """What one dictionary match inside a noun phrase says."""

    start: int
    end: int
    country: str | None = None
    role: str | None = None
    name: str | None = None
    kind: str = ""
    key: str = ""  # agent lemmas, for remembering which country an agent belonged to




def sentence_mentions(sent: Span, lex: Lexicon, day: dt.date) -> list[Mention]:
    """Dictionary matches in a sentence: names on token text, agents on lemmas. A country
    that only sponsors ("Iranian-backed") is no mention: it does not act. Found once per
    sentence: the setting stage counts them, the actors stage resolves with them."""
    cache = sent.doc.user_data.setdefault("eventmill_mentions", {})
    key = (sent.start, sent.end, day, id(lex))
    if key not in cache:
        cache[key] = _find_mentions(sent, lex, day)
    return cache[key]


def _find_mentions(sent: Span, lex: Lexicon, day: dt.date) -> list[Mention]:
    out: list[Mention] = []
    base = sent.start
    doc = sent.doc
    texts = [t.text for t in sent]
    for start, end, values in _name_matches(lex, texts):
        s, e = base + start, base + end
        if e + 1 < len(doc) and doc[e].text == "-" and doc[e + 1].lower_ in lex.sponsor_words:
            continue
        value = entry_on_day(values, day)
        if value[0] == "country":
            _, iso3, kind = value
            role = {"people": "CVL", "capitals": "GOV"}.get(kind, "")
            out.append(Mention(s, e, iso3, role, kind=kind))
        else:
            known: KnownActor = value[1]
            held = known.role_on(day)
            if value[2] and held.distance(day) > lex.surname_days:
                continue  # "Ms Rawlings" in 2018 is not Ghana's president of the 1990s
            out.append(Mention(s, e, held.country, held.role, known.name, kind="known"))
    lemmas = [t.lemma_.lower() for t in sent]
    for start, end, values in lex.agents.find(lemmas):
        out.append(Mention(base + start, base + end, role=values[0], kind="agent",
                           key=" ".join(lemmas[start:end])))
    return out


def _name_matches(lex: Lexicon, texts: list[str]) -> list[tuple[int, int, list]]:
    """Names on token text; a word in capitals ("CHINA yesterday urged", a lead in the style
    of some papers) is also read in its usual case where no name matched as written."""
    found = lex.names.find(texts)
    shouted = [w.capitalize() if len(w) > 3 and w.isalpha() and w.isupper() else w for w in texts]
    if shouted == texts:
        return found
    taken = {i for start, end, _ in found for i in range(start, end)}
    return found + [m for m in lex.names.find(shouted)
                    if not taken.intersection(range(m[0], m[1]))]


def entry_on_day(values: list, day: dt.date) -> tuple:
    """Of the entries a phrase names, the one in office on `day` ("Rudd" in 2008 and in 2017
    are two people): the first that holds a role then, else the nearest in time."""
    known = [v for v in values if v[0] == "known"]
    if len(known) < 2 or len(known) < len(values):
        return values[0]
    return min(known, key=lambda v: v[1].role_on(day).distance(day))


def named_countries(mentions: list[list[Mention]]) -> Counter[str]:
    """How often an article names each country outright (names, demonyms, capitals), from the
    mentions of its sentences."""
    score: Counter = Counter()
    for sent_mentions in mentions:
        for m in sent_mentions:
            if m.kind in COUNTRY_KINDS and m.country:
                score[m.country] += 1
    return score
