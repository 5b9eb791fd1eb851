"""Shared fixtures: scene discovery, tiny renders, in-process dry runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TINY = {"resolution": "160,90", "fps": "5"}


@pytest.fixture(autouse=True)
def _default_theme_and_language(monkeypatch):
    monkeypatch.setenv("DLVIZ_THEME", "dark")
    monkeypatch.setenv("DLVIZ_LANG", "en")


def run_cli(*args: str, cwd: Path = REPO, timeout: float = 900) -> subprocess.CompletedProcess:
    """``python -m scenes ARGS`` in a child process, output captured."""
    return subprocess.run([sys.executable, "-m", "scenes", *args], cwd=cwd, text=True,
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=timeout,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))


def dry_run(scene_cls, frame_rate: int = 2):
    """Run a scene's construct in-process without writing files; return the scene.

    ``scene.shown`` then lists every string it put on screen, ``scene.beats`` its pauses.
    """
    from manim import tempconfig

    with tempconfig({"dry_run": True, "disable_caching": True, "frame_rate": frame_rate,
                     "pixel_width": 160, "pixel_height": 90, "progress_bar": "none",
                     "verbosity": "WARNING"}):
        scene = scene_cls()
        scene.render()
    return scene
