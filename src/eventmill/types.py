"""The records that travel through eventmill: articles in, events out."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One dated news article. `origin` says where it was read from (path or path:line)."""

    id: str
    date: dt.date
    text: str
    url: str | None = None
    source: str | None = None
    origin: str = ""
    # no publication date is known and `date` is a stand-in: nothing is dropped for being
    # older than the news cycle (relative days still resolve against `date`)
    undated: bool = False


@dataclass
class Actor:
    """Who did or suffered an event: CAMEO country (ISO3, IGO, NGO, MNC) plus sector role."""

    text: str
    country: str | None
    role: str = ""
    name: str | None = None
    # the country was guessed from the article (its places, its main country), not named
    guessed: bool = field(default=False, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "country": self.country, "role": self.role, "name": self.name}


@dataclass
class Place:
    """A gazetteer place. `precision` is 'city', 'admin1' or 'country'."""

    name: str
    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: str = "city"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """One coded event, pointing back at the sentence it came from."""

    article_id: str
    article_date: dt.date
    date: dt.date
    code: str
    root: str
    quad: int
    goldstein: float
    plover: str | None
    source: Actor
    target: Actor | None
    location: Place | None
    sentence: str
    span: tuple[int, int]
    confidence: float
    event_id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # how many people the event killed, wounded, arrested or gathered, where the text says
    magnitudes: dict[str, int] = field(default_factory=dict)
    # the trigger word's characters in the article (None for an event read back without them)
    trigger: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "article_date": self.article_date.isoformat(),
            "date": self.date.isoformat(),
            "code": self.code,
            "root": self.root,
            "quad": self.quad,
            "goldstein": self.goldstein,
            "plover": self.plover,
            "source": self.source.to_dict(),
            "target": self.target.to_dict() if self.target else None,
            "location": self.location.to_dict() if self.location else None,
            "sentence": self.sentence,
            "span": list(self.span),
            "confidence": round(self.confidence, 3),
            "magnitudes": dict(self.magnitudes),
            "trigger": list(self.trigger) if self.trigger else None,
        }
