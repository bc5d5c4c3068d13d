"""The organisation profile: the facts about one organisation that the shipped rules use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from rules.errors import RulePackError
from rules.model import CATEGORIES, Texts

DEFAULT_SPOKESPERSON = Texts(
    "de woordvoerder of de afdeling Communicatie", "the spokesperson or the communications department"
)
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class OfficeHours:
    """Weekdays and a local time window, in the organisation's time zone."""

    days: frozenset[int]
    start: time
    end: time
    timezone: str

    def contains(self, moment: datetime) -> bool:
        """True when `moment` (timezone-aware) falls inside office hours."""
        local = moment.astimezone(ZoneInfo(self.timezone)) if moment.tzinfo else moment
        return local.weekday() in self.days and self.start <= local.time() < self.end


@dataclass(frozen=True)
class Overlay:
    """What an organisation changes in the shipped packs, without editing them."""

    disable: frozenset[str] = frozenset()
    severity: tuple[tuple[str, str], ...] = ()
    add_keywords: tuple[tuple[str, Any], ...] = ()
    packs: tuple[Path, ...] = ()
    add: tuple[Any, ...] = ()
    # Per category: the text-model probability below which rule findings are held back (0 = never).
    model_floor: tuple[tuple[str, float], ...] = ()
    # Per category: the text-model probability below which rule findings become a quiet tip (0 = never).
    model_doubt: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class OrgProfile:
    """Names, clients, code names, domains, hours and channels of one organisation."""

    names: tuple[str, ...]
    sector: str
    language: str
    office_hours: OfficeHours
    spokespersons_only: bool
    clients: tuple[str, ...]
    confidential_terms: tuple[str, ...]
    internal_domains: tuple[str, ...]
    internal_channel: Texts
    policy_url: str
    parties: tuple[str, ...] = ()
    spokesperson: Texts = DEFAULT_SPOKESPERSON
    overlay: Overlay = field(default_factory=Overlay)
    source: str = "<built-in>"
    # Keys the profile has that this version does not know, as (where, key): ("", "departments"),
    # ("organisation", "region"). Ignored, and named by `notices` and `ignored_fields` so the CLI,
    # `rules lint`, the proxy's log and the doctor show them.
    ignored: tuple[tuple[str, str], ...] = ()

    @property
    def ignored_fields(self) -> tuple[str, ...]:
        """The ignored keys as dotted field names: "departments", "organisation.region"."""
        return tuple(f"{where}.{key}" if where else key for where, key in self.ignored)

    @property
    def notices(self) -> tuple[str, ...]:
        """One line per ignored key, naming the file, the field and the keys that are known there."""
        return tuple(
            f"{self.source}: field {name}: unknown key, ignored (known: {', '.join(sorted(KNOWN_KEYS[where]))})"
            for (where, _), name in zip(self.ignored, self.ignored_fields, strict=True)
        )

    @cached_property
    def client_set(self) -> frozenset[str]:
        """The client names as a set: a finding asks whether a matched name is a client, and a profile
        may list tens of thousands of them."""
        return frozenset(self.clients)

    def org_list(self, name: str) -> tuple[str, ...]:
        """One of the profile's name lists, by the name rules use in `org:` nodes."""
        return {
            "names": self.names,
            "clients": self.clients,
            "confidential_terms": self.confidential_terms,
            "internal_domains": self.internal_domains,
            "parties": self.parties,
        }[name]


ORG_LISTS = ("names", "clients", "confidential_terms", "internal_domains", "parties")

NEUTRAL_PROFILE = OrgProfile(
    names=(),
    sector="private",
    language="nl",
    office_hours=OfficeHours(frozenset(range(5)), time(9, 0), time(17, 0), "Europe/Amsterdam"),
    spokespersons_only=True,
    clients=(),
    confidential_terms=(),
    internal_domains=(),
    internal_channel=Texts("je leidinggevende", "your manager"),
    policy_url="",
)


def _strings(raw: Any, file: str, fieldname: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise RulePackError(file, "must be a list of non-empty strings", field=fieldname)
    return tuple(x.strip() for x in raw)


def _clock(raw: Any, file: str, fieldname: str) -> time:
    try:
        hours, minutes = str(raw).split(":")
        return time(int(hours), int(minutes))
    except (ValueError, TypeError):
        raise RulePackError(file, f"{raw!r} is not a time like '08:30'", field=fieldname) from None


def _texts(raw: Any, file: str, fieldname: str, default: Texts) -> Texts:
    if raw is None:
        return default
    if isinstance(raw, str):
        return Texts(raw, raw)
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("nl", "en")):
        raise RulePackError(file, "needs text in both 'nl' and 'en'", field=fieldname)
    return Texts(raw["nl"], raw["en"])


TOP_KEYS = (
    "organisation",
    "clients",
    "confidential_terms",
    "internal_domains",
    "internal_channel",
    "policy_url",
    "parties",
    "spokesperson",
    "rules",
)
ORGANISATION_KEYS = ("names", "sector", "language", "timezone", "office_hours", "spokespersons_only")
OFFICE_HOURS_KEYS = ("days", "start", "end")


# Where in the profile ("" the top, "organisation", ...) which keys are known.
KNOWN_KEYS = {"": TOP_KEYS, "organisation": ORGANISATION_KEYS, "organisation.office_hours": OFFICE_HOURS_KEYS}


def _unknown_keys(raw: dict, where: str) -> list[tuple[str, str]]:
    """The keys of `raw` not known at `where`. A profile written for a newer version, or with facts this
    version does not use, still loads; a misspelt key shows up in every command's output."""
    return [(where, str(key)) for key in raw if key not in KNOWN_KEYS[where]]


def parse_org_profile(data: Any, file: str, base_dir: Path | None = None) -> OrgProfile:
    """Validate and convert a parsed org-profile mapping; errors name the file and field.

    Unknown keys at the top, in `organisation` and in `office_hours` are ignored and listed in `ignored`;
    inside `rules` (the overlay, which changes what is checked) an unknown key stays an error.
    """
    if not isinstance(data, dict):
        raise RulePackError(file, "the organisation profile must be a mapping")
    ignored = _unknown_keys(data, "")
    org = data.get("organisation")
    if not isinstance(org, dict):
        raise RulePackError(file, "missing or not a mapping", field="organisation")
    ignored += _unknown_keys(org, "organisation")
    names = _strings(org.get("names"), file, "organisation.names")
    if not names:
        raise RulePackError(file, "needs at least one name", field="organisation.names")
    sector = org.get("sector", "private")
    if sector not in ("public", "private"):
        raise RulePackError(file, f"{sector!r} is not public or private", field="organisation.sector")
    language = org.get("language", "nl")
    if language not in ("nl", "en"):
        raise RulePackError(file, f"{language!r} is not nl or en", field="organisation.language")
    tz = org.get("timezone", "Europe/Amsterdam")
    try:
        ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        raise RulePackError(file, f"{tz!r} is not an IANA time zone", field="organisation.timezone") from None
    hours = org.get("office_hours") or {}
    if not isinstance(hours, dict):
        raise RulePackError(
            file, "must be a mapping with days, start and end", field="organisation.office_hours"
        )
    ignored += _unknown_keys(hours, "organisation.office_hours")
    days_raw = hours.get("days", list(DAY_NAMES[:5]))
    if not isinstance(days_raw, list) or not days_raw or any(d not in DAY_NAMES for d in days_raw):
        raise RulePackError(
            file, f"must be a list of {'/'.join(DAY_NAMES)}", field="organisation.office_hours.days"
        )
    office = OfficeHours(
        days=frozenset(DAY_NAMES.index(d) for d in days_raw),
        start=_clock(hours.get("start", "09:00"), file, "organisation.office_hours.start"),
        end=_clock(hours.get("end", "17:00"), file, "organisation.office_hours.end"),
        timezone=str(tz),
    )
    domains = tuple(
        d.lower().rstrip(".") for d in _strings(data.get("internal_domains"), file, "internal_domains")
    )
    spokespersons_only = org.get("spokespersons_only", True)
    if not isinstance(spokespersons_only, bool):
        raise RulePackError(
            file, f"{spokespersons_only!r} is not true or false", field="organisation.spokespersons_only"
        )
    policy_url = data.get("policy_url", "")
    if not isinstance(policy_url, str):
        raise RulePackError(file, "must be a string", field="policy_url")
    return OrgProfile(
        names=names,
        sector=sector,
        language=language,
        office_hours=office,
        spokespersons_only=spokespersons_only,
        clients=_strings(data.get("clients"), file, "clients"),
        confidential_terms=_strings(data.get("confidential_terms"), file, "confidential_terms"),
        internal_domains=domains,
        internal_channel=_texts(
            data.get("internal_channel"), file, "internal_channel", NEUTRAL_PROFILE.internal_channel
        ),
        policy_url=policy_url,
        parties=_strings(data.get("parties"), file, "parties"),
        spokesperson=_texts(data.get("spokesperson"), file, "spokesperson", DEFAULT_SPOKESPERSON),
        overlay=_parse_overlay(data.get("rules"), file, base_dir),
        source=file,
        ignored=tuple(ignored),
    )


def _parse_overlay(raw: Any, file: str, base_dir: Path | None) -> Overlay:
    if raw is None:
        return Overlay()
    if not isinstance(raw, dict):
        raise RulePackError(file, "must be a mapping", field="rules")
    known = {"disable", "severity", "add_keywords", "packs", "add", "model_floor", "model_doubt"}
    for key in raw:
        if key not in known:
            raise RulePackError(
                file, f"unknown key {key!r} (known: {', '.join(sorted(known))})", field=f"rules.{key}"
            )
    severity = raw.get("severity") or {}
    if not isinstance(severity, dict):
        raise RulePackError(file, "must map rule ids to severities", field="rules.severity")
    add_keywords = raw.get("add_keywords") or {}
    if not isinstance(add_keywords, dict):
        raise RulePackError(file, "must map rule ids to keyword lists", field="rules.add_keywords")
    add = raw.get("add") or []
    if not isinstance(add, list):
        raise RulePackError(file, "must be a list of rules", field="rules.add")
    base = base_dir or Path(".")
    return Overlay(
        model_floor=_model_thresholds(raw.get("model_floor"), file, "model_floor"),
        model_doubt=_model_thresholds(raw.get("model_doubt"), file, "model_doubt"),
        disable=frozenset(_strings(raw.get("disable"), file, "rules.disable")),
        severity=tuple(sorted((str(k), str(v)) for k, v in severity.items())),
        add_keywords=tuple(sorted(add_keywords.items())),
        packs=tuple(base / p for p in _strings(raw.get("packs"), file, "rules.packs")),
        add=tuple(add),
    )


def _model_thresholds(raw: Any, file: str, key: str) -> tuple[tuple[str, float], ...]:
    """`rules.model_floor` / `rules.model_doubt`: category -> probability between 0 and 1 (0 = off)."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise RulePackError(
            file, "must map categories to a probability between 0 and 1", field=f"rules.{key}"
        )
    floors = []
    for category, value in raw.items():
        where = f"rules.{key}.{category}"
        if category not in CATEGORIES:
            raise RulePackError(file, f"unknown category (known: {', '.join(CATEGORIES)})", field=where)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise RulePackError(file, f"{value!r} is not a probability between 0 and 1", field=where)
        floors.append((str(category), float(value)))
    return tuple(sorted(floors))


def load_org_profile(path: Path) -> OrgProfile:
    """Read and validate an organisation profile YAML file."""
    try:
        data = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except OSError as exc:
        raise RulePackError(str(path), f"cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise RulePackError(str(path), f"invalid YAML: {exc}") from None
    return parse_org_profile(data, str(path), path.parent)
