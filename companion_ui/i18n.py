"""All user-facing strings, in Dutch and English, from translations/<lang>.json; language choice."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("nl", "en")
FALLBACK = "en"
TRANSLATIONS = Path(__file__).parent / "translations"

log = logging.getLogger(__name__)


@cache
def catalog(lang: str) -> dict[str, str]:
    """The flat key -> text catalog of `lang` (read once)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no translations for language {lang!r}; have {', '.join(LANGUAGES)}")
    with open(TRANSLATIONS / f"{lang}.json", encoding="utf-8") as handle:
        data = json.load(handle)
    return {str(key): str(value) for key, value in data.items()}


def translate(lang: str, key: str, **params: object) -> str:
    """The text for `key` in `lang` with {placeholders} filled in; the key itself if it is missing."""
    text = catalog(lang if lang in LANGUAGES else FALLBACK).get(key)
    if text is None:
        log.warning("missing translation %s for %s", key, lang)
        return key
    return text.format(**params) if params else text


def choose_language(accept_language: str | None, chosen: str | None, default: str = "") -> str:
    """The employee's stored choice, else the configured default, else the browser's best match, else nl."""
    if chosen in LANGUAGES:
        return str(chosen)
    if default in LANGUAGES:
        return default
    best: tuple[float, int, str] | None = None
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGUAGES:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        # Highest quality wins; among equals the one the browser listed first.
        candidate = (quality, -position, primary)
        if quality > 0 and (best is None or candidate > best):
            best = candidate
    return best[2] if best else "nl"


def format_time(moment: datetime | None, lang: str) -> str:
    """A time in the laptop's local zone, written the way each language expects."""
    if moment is None:
        return ""
    local = moment.astimezone()
    return local.strftime("%d-%m-%Y %H:%M") if lang == "nl" else local.strftime("%Y-%m-%d %H:%M")
