"""A synthetic store for load tests: N events with realistic spread, made in SQL in seconds.

Ten years of dates, 60 countries with a skewed (Zipf-like) share of the news, all 20 CAMEO
roots with their quad class and Goldstein score, 300 places, articles of about five events.
Deterministic for a given size (DuckDB's setseed).
"""
from __future__ import annotations

from pathlib import Path

from eventmill.cameo import codebook
from eventmill.store import Store
from eventmill.store.database import _STORED_EVENT_COLUMNS

__all__ = ["fill_synthetic"]

_COUNTRIES = (
    "USA RUS CHN UKR IRN ISR SYR IRQ AFG PAK IND GBR FRA DEU TUR SAU YEM EGY LBY NGA "
    "SOM ETH SDN VEN COL MEX BRA JPN KOR PRK MMR THA PHL IDN AUS CAN ITA ESP POL BLR "
    "GEO ARM AZE KAZ LBN JOR PSE QAT ARE KEN ZAF MLI NER COD CMR VNM TWN HKG CUB BOL"
).split()
_ROLES = ["GOV", "MIL", "COP", "REB", "OPP", "CVL", "BUS", "MED", "", ""]
_VERBS = ["accused", "met", "attacked", "praised", "threatened", "protested against", "aided",
          "negotiated with", "condemned", "arrested"]


def fill_synthetic(path: str | Path, n_events: int = 1_000_000, *, seed: float = 0.42) -> int:
    """Create (or replace the contents of) the store at `path` with n_events synthetic events.

    Returns the number of events. Story tables are left to be rebuilt on first read.
    """
    book = codebook()
    roots = [(f"{r:02d}", book[f"{r:02d}"].quad, book[f"{r:02d}"].goldstein) for r in range(1, 21)]
    n_articles = max(1, n_events // 5)
    with Store(path, tone=False) as store:
        con = store.con
        con.execute("DELETE FROM events")
        con.execute("DELETE FROM articles")
        con.execute("SELECT setseed(?)", [seed])
        con.execute("CREATE TEMP TABLE _syn_c AS SELECT unnest(?) AS c, generate_subscripts(?, 1) AS i",
                    [_COUNTRIES, _COUNTRIES])
        con.execute("CREATE TEMP TABLE _syn_r AS SELECT * FROM (VALUES "
                    + ", ".join("(?, ?, ?, ?)" for _ in roots) + ") t(i, root, quad, goldstein)",
                    [v for i, (r, q, g) in enumerate(roots, 1) for v in (i, r, q, g)])
        # 300 places: 5 per country, scattered around a per-country centre
        con.execute("""CREATE TEMP TABLE _syn_p AS
            SELECT c.c AS country, c.i * 5 + k AS pid, 'Place ' || c.c || '-' || k AS name,
                   ((hash(c.c) % 120)::DOUBLE - 50 + k * 0.7) AS lat,
                   ((hash(c.c || 'x') % 330)::DOUBLE - 160 + k * 0.9) AS lon
            FROM _syn_c c, range(5) r(k)""")
        con.execute("""INSERT INTO articles (article_id, date, url, source, origin, text, n_events,
                                             coded_at, tone, text_hash)
            SELECT 'syn-' || a, DATE '2015-01-01' + (a * 3652 // ?)::INT,
                   'https://news' || (a % 40) || '.example/' || a, 'news' || (a % 40), 'synthetic',
                   'Synthetic article ' || a || '.', 5, now(), NULL, md5('syn' || a)
            FROM range(?) t(a)""", [n_articles, n_articles])
        # country index: floor(60 * u^2.2) gives the big few most of the news
        cols = ", ".join(_STORED_EVENT_COLUMNS)
        con.execute(f"""INSERT INTO events ({cols})
            WITH base AS (
                SELECT e, e // 5 AS a, random() AS u1, random() AS u2, random() AS u3, random() AS u4,
                       random() AS u5, random() AS u6
                FROM range(?) t(e)),
            picked AS (
                SELECT b.*, 1 + floor(60 * pow(u1, 2.2))::INT AS si, 1 + floor(60 * pow(u2, 2.2))::INT AS ti,
                       1 + floor(20 * u3)::INT AS ri, floor(5 * u4)::INT AS k
                FROM base b)
            SELECT 'syn-' || p.e, 'syn-' || p.a, DATE '2015-01-01' + (p.a * 3652 // ?)::INT,
                   DATE '2015-01-01' + (p.a * 3652 // ?)::INT - (p.u5 < 0.2)::INT,
                   r.root || '0', r.root, r.quad, r.goldstein, NULL,
                   s.c || ' ' || list_extract(?, 1 + (p.e % 10)), s.c, list_extract(?, 1 + (p.e % 10)), NULL,
                   t.c || ' people', t.c, list_extract(?, 1 + ((p.e // 10) % 10)), NULL,
                   pl.name, pl.country, NULL, pl.lat, pl.lon, pl.pid, 'city',
                   'Officials of ' || s.c || ' ' || list_extract(?, 1 + (p.e % 10)) || ' ' || t.c || ' in ' || pl.name || '.',
                   0, 40, 0.3 + 0.65 * p.u6, (p.u6 - 0.5) * 8, NULL, NULL, NULL, NULL, NULL, NULL
            FROM picked p
            JOIN _syn_c s ON s.i = p.si JOIN _syn_c t ON t.i = p.ti JOIN _syn_r r ON r.i = p.ri
            JOIN _syn_p pl ON pl.pid = (CASE WHEN p.u5 < 0.5 THEN s.i ELSE t.i END) * 5 + p.k
            ORDER BY p.e""",
            [n_events, n_articles, n_articles, _ROLES, _ROLES, _ROLES, _VERBS])
        for t in ("_syn_c", "_syn_r", "_syn_p"):
            con.execute(f"DROP TABLE {t}")
        store._mark_stories_dirty()
        return store.count_events()
