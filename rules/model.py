"""The core records every part of Bedenktijd exchanges: a post, a finding, a verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

CATEGORIES: tuple[str, ...] = (
    "confidential",
    "client",
    "personal_data",
    "secret",
    "offensive",
    "discrimination",
    "employer_criticism",
    "spokesperson",
    "political",
    "colleague_media",
    "emotional",
    "disclaimer",
)
PLATFORMS: tuple[str, ...] = (
    "x",
    "linkedin",
    "facebook",
    "bluesky",
    "mastodon",
    "instagram",
    "threads",
    "reddit",
)
KINDS: tuple[str, ...] = ("post", "reply", "comment", "edit")
VISIBILITIES: tuple[str, ...] = ("public", "connections", "group", "unknown")
LANGUAGES: tuple[str, ...] = ("nl", "en")

# Severity meanings (shown to pack authors by `bedenktijd rules explain`):
#   info     a quiet tip; never interrupts posting.
#   warning  a visible warning; the extension asks to confirm before posting.
#   high     a serious risk (personal data, secrets, threats); shown prominently.
SEVERITIES: tuple[str, ...] = ("info", "warning", "high")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


def asks_confirmation(severity: object) -> bool:
    """Whether a finding of this severity asks the employee to confirm (warning or high); an unknown
    severity (a saved or foreign answer file) does not."""
    return isinstance(severity, str) and SEVERITY_RANK.get(severity, 0) >= SEVERITY_RANK["warning"]


Severity = Literal["info", "warning", "high"]
Lang = Literal["nl", "en"]


@dataclass(frozen=True)
class Post:
    """A post, reply, comment or edit about to be published (or just published)."""

    text: str
    platform: str = "unknown"
    kind: str = "post"
    media: bool = False
    visibility: str = "public"
    posted_at: datetime | None = None


@dataclass(frozen=True)
class Span:
    """A stretch of the original text: Python code-point offsets and UTF-16 offsets (for browsers)."""

    start: int
    end: int
    start_utf16: int
    end_utf16: int


@dataclass(frozen=True)
class Texts:
    """One user-facing text in both languages."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to English."""
        return self.nl if lang == "nl" else self.en


@dataclass(frozen=True)
class Finding:
    """One rule that matched a post, with where, why and what to do instead."""

    rule_id: str
    category: str
    severity: str
    status: str
    spans: tuple[Span, ...]
    preview: str
    message: Texts
    explanation: Texts
    suggestion: Texts
    clause: str
    policy_url: str = ""


@dataclass(frozen=True)
class Verdict:
    """All findings for one post, the language guessed, and what went wrong while checking."""

    findings: tuple[Finding, ...]
    language: str
    ruleset_version: str
    skipped_rules: tuple[str, ...] = field(default=())
    # Rules whose doubted tip was set aside because another category already warns (engine._beside_warnings).
    set_aside: tuple[str, ...] = field(default=())

    @property
    def categories(self) -> tuple[str, ...]:
        """The distinct categories of the findings, in taxonomy order."""
        present = {f.category for f in self.findings}
        return tuple(c for c in CATEGORIES if c in present)

    @property
    def needs_confirmation(self) -> bool:
        """True when a finding is severe enough (warning or high) to ask before posting."""
        return any(asks_confirmation(f.severity) for f in self.findings)
