"""Lessons: what each scene shows, computed from :mod:`dlmath`, without manim.

A lesson is one scene's parameters (a frozen :class:`~lessons.params.Params` dataclass:
named, typed, defaulted, ranged, documented) and one pure function that computes
everything the scene puts on screen from those parameters — runs, histories, chosen steps,
noise draws — returned as frozen dataclasses with named fields. Scenes (manim) and
handouts (matplotlib) both read lessons; the pipeline lists, validates and hashes them.

A topic is a module of this package that defines ``LESSONS`` (a tuple of
:class:`Lesson`), in the order they are taught. Importing this package never imports
manim or matplotlib.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from lessons.params import NoParams, ParamError, Params, ParamSpec, param

__all__ = ["Lesson", "Params", "ParamError", "ParamSpec", "param", "NoParams", "topics",
           "all_lessons", "find", "LESSONS_DIR"]

LESSONS_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Lesson:
    """One scene's parameters and the pure function that computes what it shows."""

    scene: str
    """The scene class's name (``scenes/<topic>.py`` defines it)."""
    params: type[Params]
    compute: Callable[[Any], Any]
    """``compute(params) -> data``: everything the scene shows, from dlmath."""
    description: str
    """One line, shown by ``python -m scenes list``."""
    expected_duration: float
    """Seconds of video with the default parameters."""

    def __post_init__(self) -> None:
        if self.params is NoParams:  # a class of its own, so that errors name this scene
            object.__setattr__(self, "params", type(f"{self.scene}Params", (NoParams,), {}))
        self.params.scene = self.scene

    @property
    def topic(self) -> str:
        return self.compute.__module__.rsplit(".", 1)[-1]

    def build(self, values: Mapping[str, object] | None = None) -> Params:
        """Validated parameters: defaults overridden by ``values`` (raises ParamError)."""
        return self.params.build(values)

    def run(self, values: Mapping[str, object] | Params | None = None) -> Any:
        """The lesson's data for ``values`` (validated first)."""
        params = values if isinstance(values, Params) else self.build(values)
        return self.compute(params)


@functools.lru_cache(maxsize=1)
def topics() -> dict[str, tuple[Lesson, ...]]:
    """Every topic's lessons, keyed by topic, in the order the modules declare them."""
    found = {}
    for mod in pkgutil.iter_modules([str(LESSONS_DIR)]):
        module = importlib.import_module(f"lessons.{mod.name}")
        lessons = getattr(module, "LESSONS", None)
        if lessons:
            found[mod.name] = tuple(lessons)
    return found


def all_lessons() -> tuple[Lesson, ...]:
    return tuple(lesson for ls in topics().values() for lesson in ls)


def find(scene: str) -> Lesson:
    """The lesson of scene ``scene`` (exact class name)."""
    for lesson in all_lessons():
        if lesson.scene == scene:
            return lesson
    raise KeyError(f"no lesson for scene {scene!r}")
