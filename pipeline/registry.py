"""Scene discovery from the lessons: a topic is a module of :mod:`lessons` that defines
``LESSONS``; its scenes live in ``scenes/<topic>.py`` under the same class names.

No hand-kept list and no manim import: listing scenes, printing parameters and hashing
inputs read only the lessons. Topics are ordered as a course is taught
(:data:`TOPIC_ORDER`, then any new topic alphabetically); scenes keep the order their
lesson module declares.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import lessons
from lessons import Lesson

__all__ = ["TOPIC_ORDER", "SceneInfo", "discover", "SCENES_DIR", "REPO", "topic_names"]

REPO = Path(lessons.__file__).resolve().parents[1]
SCENES_DIR = REPO / "scenes"
TOPIC_ORDER: tuple[str, ...] = (
    "networks", "convolution", "chain_rule", "linear_classifier", "gradient_descent", "diffusion",
)


@dataclass(frozen=True)
class SceneInfo:
    """One renderable scene."""

    topic: str
    name: str
    description: str
    expected_duration: float
    path: Path
    """The scene module's file, as the Manim CLI takes it."""
    lesson: Lesson | None = None


def _topic_key(topic: str) -> tuple[int, str]:
    return (TOPIC_ORDER.index(topic) if topic in TOPIC_ORDER else len(TOPIC_ORDER), topic)


def discover() -> list[SceneInfo]:
    """All scenes, in teaching order."""
    return list(_discover())


def topic_names() -> list[str]:
    """Every topic, in teaching order."""
    return sorted(lessons.topics(), key=_topic_key)


@functools.lru_cache(maxsize=1)
def _discover() -> tuple[SceneInfo, ...]:
    found = []
    for topic in topic_names():
        for lesson in lessons.topics()[topic]:
            found.append(SceneInfo(topic=topic, name=lesson.scene,
                                   description=lesson.description,
                                   expected_duration=float(lesson.expected_duration),
                                   path=SCENES_DIR / f"{topic}.py", lesson=lesson))
    return tuple(found)
