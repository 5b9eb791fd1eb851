"""What a render is asked for: quality, format, theme, language, parameters — and where
its output and private work folder are.

Every option that changes the pixels of a render is part of the output's name *and* of
its work folder, so two renders that differ in anything (say, English and Korean at the
same time) never share a folder, a log or a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from pipeline.registry import REPO, SceneInfo

__all__ = ["QUALITIES", "FORMATS", "MAX_RESOLUTION", "MAX_FPS", "CACHE_VERSION", "UsageError",
           "RenderOptions", "REPO"]

QUALITIES: dict[str, tuple[int, int, int]] = {
    "l": (854, 480, 15), "m": (1280, 720, 30), "h": (1920, 1080, 60), "k": (3840, 2160, 60),
}
"""Manim's quality flags: (width, height, fps)."""
FORMATS: tuple[str, ...] = ("mp4", "gif", "png", "webm")
MAX_RESOLUTION: tuple[int, int] = (7680, 4320)
"""Largest --resolution accepted (8K)."""
MAX_FPS: int = 120
"""Largest --fps accepted."""
CACHE_VERSION = "2"
"""Bump when the render pipeline itself changes what it writes."""


class UsageError(Exception):
    """Bad command-line input: exit code 2."""


@dataclass(frozen=True)
class RenderOptions:
    """Everything a render is asked for, but which scenes."""

    quality: str = "h"
    format: str = "mp4"
    theme: str = "dark"
    lang: str = "en"
    transparent: bool = False
    resolution: tuple[int, int] | None = None
    fps: int | None = None
    force: bool = False
    burn_captions: bool = False
    frame: float | None = None
    """With format png: the frame at this time (s) instead of the last frame."""
    jobs: int = 1
    out: Path = REPO / "renders"
    params: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """Scene name → {parameter: value} overrides (validated before anything renders)."""
    from_beat: int | None = None
    """Preview: draw and encode only from this beat (1-based) to the end."""

    @property
    def quality_dir(self) -> str:
        if self.resolution or self.fps:
            w, h = self.resolution or QUALITIES[self.quality][:2]
            return f"{w}x{h}p{self.fps or QUALITIES[self.quality][2]}"
        return self.quality

    def scene_params(self, info: SceneInfo):
        """The scene's validated parameters (``None`` for a scene without a lesson)."""
        if info.lesson is None:
            return None
        return info.lesson.build(self.params.get(info.name, {}))

    def variant(self, info: SceneInfo) -> str:
        """The file-name suffix of everything but the defaults: ``-light``, ``-captioned``,
        ``-t12.5`` (a still at 12.5 s), ``-p<8 hex>`` (non-default parameters)."""
        params = self.scene_params(info)
        digest = params.digest() if params is not None else ""
        return (("" if self.theme == "dark" else f"-{self.theme}")
                + ("-transparent" if self.transparent else "")
                + ("-captioned" if self.burn_captions else "")
                + (f"-t{self.frame:g}" if self.frame is not None and self.format == "png" else "")
                + (f"-p{digest}" if digest else "")
                + (f"-from{self.from_beat}" if self.from_beat else ""))

    def output_path(self, info: SceneInfo) -> Path:
        """``<out>/<quality>/<lang>/<topic>/<Scene><variant>.<format>``."""
        return (self.out / self.quality_dir / self.lang / info.topic
                / f"{info.name}{self.variant(info)}.{self.format}")

    def work_dir(self, info: SceneInfo) -> Path:
        """The render's private folder: keyed by every option that changes its output."""
        return (self.out / ".media" / self.quality_dir
                / f"{self.lang}-{self.theme}-{self.format}{self.variant(info)}" / info.name)

    def log_path(self, info: SceneInfo) -> Path:
        return (self.out / "logs" / self.quality_dir / self.lang
                / f"{info.name}{self.variant(info)}-{self.format}.log")
