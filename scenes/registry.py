"""Scene discovery: every :class:`~scenes.common.DLScene` subclass in ``scenes/*.py``.

No hand-kept list: a module is a topic when it defines scenes. Topics are ordered
as a course is taught (:data:`TOPIC_ORDER`, then any new topic alphabetically); scenes
keep the order they are defined in their module.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path

import scenes
from scenes.common import DLScene

__all__ = ["TOPIC_ORDER", "SceneInfo", "discover", "SCENES_DIR"]

SCENES_DIR = Path(scenes.__file__).parent
TOPIC_ORDER: tuple[str, ...] = (
    "convolution", "chain_rule", "linear_classifier", "gradient_descent", "diffusion",
)
_NOT_TOPICS = {"__main__", "cli", "common", "registry", "style", "bench", "cards", "deliver",
               "handouts"}


@dataclass(frozen=True)
class SceneInfo:
    """One renderable scene."""

    topic: str
    name: str
    description: str
    expected_duration: float
    path: Path
    """The module file, as the Manim CLI takes it."""


def _topic_key(topic: str) -> tuple[int, str]:
    return (TOPIC_ORDER.index(topic) if topic in TOPIC_ORDER else len(TOPIC_ORDER), topic)


def discover() -> list[SceneInfo]:
    """All scenes, in teaching order."""
    return list(_discover())


@functools.lru_cache(maxsize=1)
def _discover() -> tuple[SceneInfo, ...]:
    found: list[SceneInfo] = []
    for mod_info in pkgutil.iter_modules([str(SCENES_DIR)]):
        if mod_info.name in _NOT_TOPICS or mod_info.name.startswith("_") or mod_info.ispkg:
            continue
        module = importlib.import_module(f"scenes.{mod_info.name}")
        classes = [
            cls for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, DLScene) and cls is not DLScene
            and cls.__module__ == module.__name__ and not inspect.isabstract(cls)
            and not cls.__name__.startswith("_")
        ]
        # definition order; inspect.getsourcelines parsed the whole module once per class
        # (8.6 s of a no-op `make render`), the class statement's offset is enough
        source = Path(module.__file__).read_text(encoding="utf-8")
        classes.sort(key=lambda c: re.search(rf"^class {c.__name__}\b", source, re.M).start())
        for cls in classes:
            doc = inspect.getdoc(cls) or ""
            found.append(SceneInfo(
                topic=mod_info.name,
                name=cls.__name__,
                description=doc.splitlines()[0] if doc else "",
                expected_duration=float(cls.expected_duration),
                path=Path(module.__file__),
            ))
    found.sort(key=lambda s: _topic_key(s.topic))  # stable: keeps definition order
    return tuple(found)
