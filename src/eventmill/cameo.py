"""The CAMEO codebook (codes, quad classes, Goldstein scores) and its PLOVER mapping, as data;
and the code arithmetic every stage shares (roots, quads, re-coding an event)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from eventmill.resources import load_yaml, read_tsv
from eventmill.types import Event


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


def root_of(code: str) -> str:
    """The two-digit root of a code ('1823' -> '18')."""
    return code[:2]


def in_roots(code: str, roots: frozenset[str] | set[str]) -> bool:
    return code[:2] in roots


def starts_with_any(code: str, prefixes: tuple[str, ...] | frozenset[str]) -> bool:
    """Is `code` one of `prefixes` or below one ('1723' is below '17' and '172')?"""
    return any(code.startswith(p) for p in prefixes)


def cooperative(quad: int) -> bool:
    """Quad classes 1 and 2 (verbal and material cooperation)."""
    return quad <= 2


def recode(event: Event, code: str, source=None, target=None) -> None:
    """Give an event another CAMEO code, with the root, quad, Goldstein and PLOVER it implies;
    and, where the new code names other parties (a claim of an act is an accusation of its
    doer by the claimant), its new source and target."""
    cameo = lookup(code)
    event.code, event.root, event.quad = cameo.code, cameo.root, cameo.quad
    event.goldstein, event.plover = cameo.goldstein, cameo.plover
    if source is not None:
        event.source, event.target = source, target


@functools.cache
def root_quads() -> dict[str, int]:
    """The quad class of each two-digit root ('01' .. '20')."""
    return {code: entry.quad for code, entry in codebook().items() if len(code) == 2}


# the country codes that name no state (IGO, NGO, MNC ...): a small list read once
NON_STATE: frozenset[str] = frozenset(load_yaml("cameo/actors.yaml")["non_state"])
