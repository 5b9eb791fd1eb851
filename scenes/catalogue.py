"""The text catalogues: every piece of on-screen prose, per topic and language.

``scenes/text/<topic>.toml`` holds an ``[en]`` and a ``[ko]`` table with the same keys.
No manim here: the pipeline reads catalogues too (titles of decks and gallery sections,
the catalogue entries a scene's content hash covers).

A key missing from the active language is an error naming the key, the language and the
file — never a silent fall-back to English in a Korean video.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path

__all__ = ["LANGUAGES", "TEXT_DIR", "CatalogueError", "language", "catalogue",
           "catalogue_table", "tr"]

LANGUAGES: tuple[str, ...] = ("en", "ko")
TEXT_DIR = Path(__file__).parent / "text"


class CatalogueError(KeyError):
    """A catalogue that cannot be read, or a key it lacks (the message says which)."""

    def __str__(self) -> str:  # KeyError quotes its message; this one reads as a sentence
        return str(self.args[0])


def language() -> str:
    """The on-screen language, from ``$DLVIZ_LANG`` (``en`` when unset)."""
    lang = os.environ.get("DLVIZ_LANG", "en")
    if lang not in LANGUAGES:
        raise ValueError(f"DLVIZ_LANG must be one of {LANGUAGES}, got {lang!r}")
    return lang


@lru_cache(maxsize=None)
def catalogue(topic: str) -> dict[str, dict[str, str]]:
    """The text catalogue of ``topic``: ``{language: {key: text}}`` from its TOML file."""
    path = TEXT_DIR / f"{topic}.toml"
    if not path.exists():
        raise CatalogueError(f"no text catalogue for topic {topic!r} at {path}")
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:  # its message gives the line and column
        raise CatalogueError(f"text catalogue {path} is not valid TOML: {exc}") from None


def catalogue_table(topic: str, lang: str) -> dict[str, str]:
    """The ``[lang]`` table of ``topic``'s catalogue (empty when the file has none)."""
    return catalogue(topic).get(lang, {})


def tr(topic: str, key: str, lang: str | None = None, **fields: object) -> str:
    """Prose for ``key`` in ``lang`` (default: the active language), formatted with ``fields``."""
    lang = lang or language()
    table = catalogue_table(topic, lang)
    if key not in table:
        raise CatalogueError(f"text key {key!r} missing from the [{lang}] table of "
                             f"{TEXT_DIR / f'{topic}.toml'}")
    return table[key].format(**fields) if fields else table[key]
