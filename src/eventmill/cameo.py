"""The CAMEO codebook (codes, quad classes, Goldstein scores) and its PLOVER mapping, as data."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from eventmill.resources import read_tsv


@dataclass(frozen=True)
class CameoCode:
    code: str
    root: str
    quad: int
    goldstein: float
    description: str
    plover: str | None


@functools.cache
def codebook() -> dict[str, CameoCode]:
    """Every CAMEO code, keyed by code string ('112', '0211')."""
    plover = {row["code"]: row["plover"] or None for row in read_tsv("cameo/cameo2plover.tsv")}
    book = {}
    for row in read_tsv("cameo/eventcodes.tsv"):
        code = row["code"]
        # A 4-digit code with no mapping of its own takes its 3-digit parent's, then its root's.
        mapped = plover.get(code) or plover.get(code[:3]) or plover.get(code[:2])
        book[code] = CameoCode(code, row["root"], int(row["quad"]), float(row["goldstein"]),
                               row["description"], mapped)
    return book


def lookup(code: str) -> CameoCode:
    """The codebook entry for `code`; KeyError names the unknown code."""
    try:
        return codebook()[code]
    except KeyError:
        raise KeyError(f"unknown CAMEO code {code!r}") from None


ROOT_QUAD = {f"{r:02d}": q for r, q in
             zip(range(1, 21), [1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4])}
