"""Each stage's rules file (`data/rules/<stage>.yaml`), loaded into a typed, validated object.

A settings class lists the keys its file must have, with their types; `load_settings` reads the
file and refuses an unknown, misspelt or missing key with an error that names the file and the
key. Lists become frozensets (words to look up) or tuples (ordered), mappings dicts or nested
settings. Which file is read comes from `DataFiles`: a user's data folder overlays the packaged
one (see `eventmill.resources`).
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass
from typing import Any, TypeVar

from eventmill.resources import DataFiles

S = TypeVar("S")


class SettingsError(ValueError):
    """A rules file whose keys or values do not fit its settings class."""


# -- shared by several stages ------------------------------------------------------------------
@dataclass(frozen=True)
class Pronouns:
    person: frozenset[str]
    group: frozenset[str]
    relative: frozenset[str]
    first_person: frozenset[str]
    plural: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        return self.person | self.group | self.relative | self.first_person


@dataclass(frozen=True)
class LanguageSettings:
    speech_verbs: frozenset[str]
    locative_preps: frozenset[str]
    object_control_preps: frozenset[str]
    obligation_aux: frozenset[str]
    definite_determiners: frozenset[str]
    list_joiners: frozenset[str]
    inclusion_words: frozenset[str]
    reciprocals: tuple[frozenset[str], ...]
    pronouns: Pronouns
    months: dict[str, int]


# -- one per stage -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ArticleSettings:
    headline_max_words: int
    sentence_end: str


@dataclass(frozen=True)
class SettingSettings:
    place_weight: int


@dataclass(frozen=True)
class ActorsSettings:
    placing_preps: frozenset[str]
    mass_agent_nouns: frozenset[str]
    crowd_numbers: frozenset[str]
    quantity_nouns: frozenset[str]
    place_words: frozenset[str]
    state_nouns: frozenset[str]
    monarchy_nouns: frozenset[str]
    monarchies: frozenset[str]
    origin_roles: frozenset[str]
    group_roles: frozenset[str]
    pair_nouns: frozenset[str]
    pair_person_nouns: frozenset[str]
    patron_prefixes: frozenset[str]
    international_titles: frozenset[str]
    posted_titles: frozenset[str]
    international_words: frozenset[str]
    international_by_role: dict[str, str]
    elliptical_pairs: dict[str, tuple[str, ...]]
    pair_words: frozenset[str]


@dataclass(frozen=True)
class Verdicts:
    copulas: frozenset[str]
    naming_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    words: tuple[str, ...]
    on_claim: str
    on_act: str
    wrong_acts: frozenset[str]
    accused: str


@dataclass(frozen=True)
class Recode:
    """One row of the re-coding table: when an event's code starts with one of `codes` and its
    actors fit, it takes `code` (or the code its source's role is given in `by_source_role`)."""

    codes: tuple[str, ...]
    code: str
    source_roles: frozenset[str] = frozenset()
    bare_state: bool = False
    target_roles: frozenset[str] = frozenset()
    target: str = "any"  # any | none | some
    symmetric: bool | None = None
    by_source_role: dict[str, str] = dataclasses.field(default_factory=dict)
    then: str = "stop"  # stop | continue


@dataclass(frozen=True)
class RoleRoots:
    roots: frozenset[str]
    roles: frozenset[str]


@dataclass(frozen=True)
class Visits:
    codes: frozenset[str]
    unofficial_roles: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    roots: frozenset[str]
    outcome_roots: frozenset[str]


@dataclass(frozen=True)
class Learned:
    spans_key: str
    asserted: str
    roots: frozenset[str]
    confidence: float


@dataclass(frozen=True)
class Aerial:
    roots: frozenset[str]
    doers: frozenset[str]
    code: str


@dataclass(frozen=True)
class Claims:
    verbs: frozenset[str]
    nouns: frozenset[str]


@dataclass(frozen=True)
class EventsSettings:
    verdicts: Verdicts
    learned: Learned
    obligation_code: str
    instrument_nouns: frozenset[str]
    document_nouns: frozenset[str]
    reply_nouns: frozenset[str]
    act_anaphors: frozenset[str]
    owner_preps: frozenset[str]
    members_preps: frozenset[str]
    light_verbs: frozenset[str]
    claims: Claims
    aerial: Aerial
    target_preps: tuple[str, ...]
    antecedent_preps: frozenset[str]
    aimed_preps: frozenset[str]
    measure_nouns: frozenset[str]
    state_roles: frozenset[str]
    patient_is_source_roots: frozenset[str]
    reported_doer: RoleRoots
    channel_roots: frozenset[str]
    crowd_control_roots: frozenset[str]
    unaimed_codes: frozenset[str]
    force_roots: frozenset[str]
    force_outcome_codes: tuple[str, ...]
    armed_roles: frozenset[str]
    protest_roots: frozenset[str]
    recipient_roots: frozenset[str]
    other_party_roots: frozenset[str]
    place_target_roots: frozenset[str]
    audience_codes: frozenset[str]
    audience_nouns: frozenset[str]
    peaceful_purposes: frozenset[str]
    anonymity_verbs: frozenset[str]
    domestic_repression: RoleRoots
    repression_outcome: Outcome
    battle_outcome: Outcome
    means_preps: frozenset[str]
    visits: Visits
    stative_participles: frozenset[str]
    partner_roots: frozenset[str]
    aside_preps: frozenset[str]
    companion_preps: frozenset[str]
    partitive_heads: frozenset[str]
    dyad_roots: frozenset[str]
    echo_adverbs: frozenset[str]
    mutual_roots: frozenset[str]
    joint_lemmas: frozenset[str]
    reciprocal_words: frozenset[str]
    recode: tuple[Recode, ...]


@dataclass(frozen=True)
class Decided:
    governors: frozenset[str]
    roots: frozenset[str]


@dataclass(frozen=True)
class Stated:
    future_aux: frozenset[str]
    intent_governors: frozenset[str]
    vow_governors: frozenset[str]
    intent_adjectives: frozenset[str]
    cooperative_code: str
    conflictual_code: str
    accusation_code: str
    obligation_code: str
    threat_roots: frozenset[str]
    decided: Decided


@dataclass(frozen=True)
class Attempts:
    governors: frozenset[str]
    codes: dict[str, str]


@dataclass(frozen=True)
class NegatedAcceptance:
    lemmas: frozenset[str]
    code: str


@dataclass(frozen=True)
class ModalitySettings:
    modal_aux: frozenset[str]
    negators: frozenset[str]
    irrealis_governors: frozenset[str]
    desire_verbs: frozenset[str]
    negated_acceptance: NegatedAcceptance
    presupposing_verbs: frozenset[str]
    implicative_verbs: frozenset[str]
    performative_governors: frozenset[str]
    presupposing_nouns: frozenset[str]
    hearsay_verbs: frozenset[str]
    irrealis_nouns: frozenset[str]
    attempts: Attempts
    association_governors: frozenset[str]
    motive_preps: frozenset[str]
    motive_nouns: frozenset[str]
    conditional_marks: frozenset[str]
    future_marks: frozenset[str]
    standing_conflict_roots: frozenset[str]
    standing_relation_roots: frozenset[str]
    hedges: frozenset[str]
    forecast_adjectives: frozenset[str]
    perfect_aux: frozenset[str]
    unreal_modifiers: frozenset[str]
    stated: Stated


@dataclass(frozen=True)
class DatesSettings:
    weekdays: dict[str, int]
    relative_days: dict[str, int]
    weekday_before: dict[str, str]
    weekday_after: dict[str, str]
    numbers: dict[str, int]
    units: dict[str, int]
    blockers: tuple[str, ...]
    blocker_fillers: frozenset[str]
    future_tolerance_days: int
    month_parts: dict[str, int]
    background_markers: frozenset[str]
    habit_spans: frozenset[str]
    habit_adverbs: frozenset[str]
    stale_days: int
    verbal_roots: frozenset[str]
    matter_preps: frozenset[str]
    past_words: frozenset[str]
    month_preps: frozenset[str]
    past_spans: dict[str, str]


@dataclass(frozen=True)
class OnTheGround:
    sources: frozenset[str]
    targets: frozenset[str]


@dataclass(frozen=True)
class PlacesSettings:
    physical_roots: frozenset[str]
    on_the_ground: OnTheGround
    bureau_speakers: frozenset[str]


@dataclass(frozen=True)
class GeographySettings:
    place_nouns: frozenset[str]
    owned_place_nouns: frozenset[str]
    facility_nouns: frozenset[str]
    topic_preps: frozenset[str]
    administering_words: frozenset[str]
    neighbour_words: frozenset[str]
    venue_cities: frozenset[str]
    min_foreign_population: int


@dataclass(frozen=True)
class Magnitude:
    words: frozenset[str]
    roots: frozenset[str]
    adverbs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MagnitudesSettings:
    kinds: dict[str, Magnitude]
    following_roots: frozenset[str]
    count_deps: frozenset[str]
    numbers: dict[str, int]
    singular_dets: frozenset[str]
    victim_dets: frozenset[str]
    singular_pronouns: frozenset[str]
    totals: frozenset[str]
    singular_kinds: frozenset[str]
    doer_deps: frozenset[str]


@dataclass(frozen=True)
class CalibrateSettings:
    knots: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class DedupeSettings:
    untargeted_codes: tuple[str, ...]
    home_target_codes: tuple[str, ...]
    new_act_markers: frozenset[str]
    new_act_words: frozenset[str]
    protest_parts: tuple[str, ...]
    protest_roots: frozenset[str]
    scene_preps: frozenset[str]


# -- loading -----------------------------------------------------------------------------------
def load_settings(cls: type[S], files: DataFiles, stage: str) -> S:
    """The settings of `stage` from `rules/<stage>.yaml`, checked against `cls`."""
    name = f"rules/{stage}.yaml"
    return _build(cls, files.yaml(name), f"{files.where(name)}")


def _build(cls: type[S], raw: Any, where: str) -> S:
    if not isinstance(raw, dict):
        raise SettingsError(f"{where}: expected a mapping of keys, got {type(raw).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise SettingsError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(fields))})")
    missing = [n for n, f in fields.items() if n not in raw
               and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise SettingsError(f"{where}: missing key {missing[0]!r}")
    hints = _hints(cls)
    return cls(**{k: _convert(hints[k], v, f"{where}: {k}") for k, v in raw.items()})


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(hint: Any, value: Any, where: str) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, where)
    if origin in (frozenset, tuple):
        if not isinstance(value, list):
            raise SettingsError(f"{where}: expected a list, got {value!r}")
        items = [_convert(args[0], v, where) for v in value]
        return frozenset(items) if origin is frozenset else tuple(items)
    if origin is dict:
        if not isinstance(value, dict):
            raise SettingsError(f"{where}: expected a mapping, got {value!r}")
        return {_convert(args[0], k, where): _convert(args[1], v, where) for k, v in value.items()}
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        return _convert(next(a for a in args if a is not type(None)), value, where)
    if hint is bool:
        if not isinstance(value, bool):
            raise SettingsError(f"{where}: expected true or false, got {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingsError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(f"{where}: expected a whole number, got {value!r}")
        return value
    if hint is str:
        if isinstance(value, (dict, list)) or value is None:
            raise SettingsError(f"{where}: expected a word or code, got {value!r}")
        return str(value)
    return value
