"""Shared fixtures: scene discovery, tiny renders, in-process dry runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TINY = {"resolution": "160,90", "fps": "5"}
DELIVERY_TOPIC = "convolution"
"""The topic whose lecture, deck and gallery the delivery tests build from tiny renders."""


@pytest.fixture(autouse=True)
def _default_theme_and_language(monkeypatch):
    monkeypatch.setenv("DLVIZ_THEME", "dark")
    monkeypatch.setenv("DLVIZ_LANG", "en")


def run_cli(*args: str, cwd: Path = REPO, timeout: float = 900) -> subprocess.CompletedProcess:
    """``python -m scenes ARGS`` in a child process, output captured."""
    return subprocess.run([sys.executable, "-m", "scenes", *args], cwd=cwd, text=True,
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=timeout,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))


_DRY_RUNS: dict = {}
_RECORDS: dict[str, Path] = {}
"""Scene name → the record (beats, shown strings, used keys) its tiny render wrote."""


class SceneRecord:
    """What a tiny render recorded about a scene: ``shown``, ``beats``, ``used_keys``, ``t``.

    The same lists a dry run collects (they do not depend on resolution or frame rate),
    read back from the render's beats file, so a scene is constructed once per test session
    instead of twice. Any other attribute falls back to a real in-process dry run.
    """

    def __init__(self, scene_cls, data: dict):
        self._cls = scene_cls
        self.shown: list[str] = data["shown"]
        self.beats = [(b["time"], b["key"], b["text"]) for b in data["beats"]]
        self.used_keys: set[str] = set(data["used_keys"])

    def t(self, key: str, **fields: object) -> str:
        from scenes.common import tr
        return tr(self._cls.topic(), key, **fields)

    def __getattr__(self, name: str):
        return getattr(_dry_run(self._cls), name)


def dry_run(scene_cls, frame_rate: int = 2):
    """The scene's record: from this session's tiny render when there is one, else a dry run.

    ``scene.shown`` then lists every string it put on screen, ``scene.beats`` its pauses,
    ``scene.used_keys`` the catalogue keys it looked up.
    """
    record = _RECORDS.get(scene_cls.__name__)
    if record is not None and os.environ.get("DLVIZ_LANG") == "en" \
            and os.environ.get("DLVIZ_THEME") == "dark":
        return SceneRecord(scene_cls, json.loads(record.read_text()))
    return _dry_run(scene_cls, frame_rate)


def beat_keys(scene) -> list[str]:
    """The scene's beat keys in order (asserting the beat times never go back)."""
    times = [t for t, _, _ in scene.beats]
    assert times == sorted(times)
    return [k for _, k, _ in scene.beats]


def _dry_run(scene_cls, frame_rate: int = 2, params: dict | None = None):
    """Run a scene's construct in-process without writing files; return the scene.

    ``params`` overrides the lesson's parameters (``{name: value}``, as ``--set`` would).
    Memoized per scene, frame rate, theme, language and parameters, so several tests can
    inspect one run.
    """
    from manim import tempconfig

    key = (scene_cls, frame_rate, os.environ.get("DLVIZ_THEME"), os.environ.get("DLVIZ_LANG"),
           json.dumps(params, sort_keys=True))
    if key in _DRY_RUNS:
        return _DRY_RUNS[key]
    old = os.environ.pop("DLVIZ_PARAMS", None)
    if params:
        os.environ["DLVIZ_PARAMS"] = json.dumps({"scene": scene_cls.__name__, "values": params})
    try:
        with tempconfig({"dry_run": True, "disable_caching": True, "frame_rate": frame_rate,
                         "media_dir": _private_media(),
                         "pixel_width": 160, "pixel_height": 90, "progress_bar": "none",
                         "verbosity": "WARNING"}):
            scene = scene_cls()
            scene.render()
    finally:
        os.environ.pop("DLVIZ_PARAMS", None)
        if old is not None:
            os.environ["DLVIZ_PARAMS"] = old
    _DRY_RUNS[key] = scene
    return scene


def _private_media() -> str:
    """This test process's own media folder (two pytest runs never share TeX work files;
    compiled formulas are still shared through the atomic TeX cache)."""
    global _MEDIA
    if _MEDIA is None:
        import tempfile
        _MEDIA = tempfile.mkdtemp(prefix="dlviz-media-")
    return _MEDIA


_MEDIA: str | None = None


def dry_run_with(scene_cls, **params):
    """A dry run with non-default parameters (``dry_run_with(Conv1DFlipShift, x=(1, -2))``);
    ``scene.shown`` lists the strings it put on screen, ``scene.data`` the lesson's data."""
    return _dry_run(scene_cls, 2, params)


def _selected_scene_names(session) -> list[str]:
    """Scenes the collected tests need (so ``-k Conv1D`` renders only that one)."""
    from pipeline.registry import discover

    scenes = discover()
    known = {s.name for s in scenes}
    names = set()
    for item in session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "info" in params and getattr(params["info"], "name", None) in known:
            names.add(params["info"].name)
        if params.get("name") in known:
            names.add(params["name"])
        if item.module.__name__.endswith("test_delivery"):  # builds the convolution lecture
            names |= {s.name for s in scenes if s.topic == DELIVERY_TOPIC}
    return sorted(names)


@pytest.fixture(scope="session")
def tiny_renders(tmp_path_factory, request):
    """Render the scenes the collected tests need at 160x90, 5 fps, in parallel (once)."""
    out = tmp_path_factory.mktemp("renders")
    names = _selected_scene_names(request.session)
    if not names:
        return out, None, {}
    proc = run_cli("render", *names, "--resolution", TINY["resolution"], "--fps", TINY["fps"],
                   "--jobs", str(min(4, os.cpu_count() or 1)), "--out", str(out), timeout=3600)
    manifest_file = out / "manifest.json"
    manifest = json.loads(manifest_file.read_text()) if manifest_file.exists() else {"outputs": {}}
    for beats in out.glob(".media/*/*/*/beats.json"):
        _RECORDS[beats.parent.name] = beats
    return out, proc, {e["scene"]: e for e in manifest["outputs"].values()}


def record_of(name: str) -> dict:
    """What the tiny render of scene ``name`` recorded (beats, shown strings, layout)."""
    return json.loads(_RECORDS[name].read_text())


@pytest.fixture(scope="session")
def korean_dry_runs(tmp_path_factory, request) -> dict[str, dict]:
    """Every needed scene constructed in Korean without drawing (a dry run), two at a time:
    scene name → its record (beats, shown strings, layout problems)."""
    names = _selected_scene_names(request.session)
    if not names:
        return {}
    out = tmp_path_factory.mktemp("ko")
    proc = run_cli("render", *names, "--dry-run", "--lang", "ko", "--jobs",
                   str(min(2, os.cpu_count() or 1)), "--out", str(out), timeout=3600)
    records = {p.parent.name: json.loads(p.read_text())
               for p in out.glob(".media/dry-run/ko-dark/*/record.json")}
    missing = set(names) - set(records)
    assert not missing, f"no Korean dry run for {sorted(missing)}:\n{proc.stderr[-3000:]}"
    return records
