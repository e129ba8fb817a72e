"""An article's dateline ("BAGHDAD (Reuters) - ", "CARACAS, Venezuela -- "): where its body
starts, and the place it names. Shared by the article stage (which cuts the dateline off the
text it codes) and the setting stage (which places the story there)."""
from __future__ import annotations

import re

from eventmill.coding.settings import LanguageSettings
from eventmill.gazetteer import Gazetteer, normalize
from eventmill.types import Place

_CONNECTORS = r"(?:de|del|da|do|dos|das|la|le|les|el|al|es|of|upon|sur|am|an|on)"
_WORD = r"[A-Z][A-Za-z'’.\-/]*"  # "/" for joint datelines: "SANAA/ADEN (Reuters) -"


class Datelines:
    """Finds datelines; month names come from the language data (`months`)."""

    def __init__(self, language: LanguageSettings) -> None:
        months = sorted({m.capitalize() for m in language.months}, key=len, reverse=True)
        month = rf"(?:{'|'.join(map(re.escape, months))})[a-z]*\.?"
        self.pattern = re.compile(
            rf"""^\s*
            (?P<city>{_WORD}(?:\s+(?:{_WORD}|{_CONNECTORS}))*?)           # GAZA CITY / Rio de Janeiro
            (?:\s*,\s*(?P<region>{_WORD}(?:\s+{_WORD}){{0,3}}?))?           # , Gaza Strip
            (?:\s*,\s*{month}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?                 # , Jan 1
            (?:\s*\((?P<agency>[^()\n]{{1,40}})\))?                         # (Reuters)
            (?P<sep>\s*(?:--|—|–|•|·|\|)|\s+-\s|\s*-\s(?=\S)|:\s)            # separator
            """,
            re.VERBOSE,
        )

    def match(self, text: str) -> re.Match[str] | None:
        m = self.pattern.match(text[:200])
        if not m:
            return None
        city, region = m.group("city"), m.group("region")
        if not _is_upper_name(city):
            # Title-case openings are ordinary sentences unless something dateline-like follows.
            if not all(w[0].isupper() or re.fullmatch(_CONNECTORS, w) for w in city.split()):
                return None
            if m.group("sep").strip() == ":" and not (region or m.group("agency")):
                return None
        return m

    def end(self, text: str) -> int:
        """Where the article's first sentence starts once its dateline is cut off (0 if none)."""
        m = self.match(text)
        return m.end() if m else 0

    def place(self, text: str, gazetteer: Gazetteer) -> Place | None:
        """The place of an article's dateline ("CARACAS, Venezuela -- ", "BAGHDAD (Reuters) - ",
        "WASHINGTON — ", "GAZA CITY, Gaza Strip • "), or None when the text opens otherwise."""
        # Stored pages put headlines, bylines and captions above the dateline: look at the
        # first lines of the page, not only at its first characters.
        m = next((m for line in text[:1500].splitlines()[:12] if (m := self.match(line))), None)
        if not m:
            return None
        city, region = m.group("city").split("/")[0], m.group("region")
        context: list[str] = []
        region_place = gazetteer.resolve(region) if region else None
        if region_place is not None and region_place.country:
            context.append(region_place.country)
            if region_place.precision == "admin1":
                # "PARIS, Texas": the candidate in that very state
                for cand in gazetteer.candidates(city):
                    if (cand.country == region_place.country and cand.precision == "city"
                            and cand.admin1 and normalize(cand.admin1) == normalize(region_place.name)):
                        return cand
        return gazetteer.resolve(city, context)


def _is_upper_name(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
