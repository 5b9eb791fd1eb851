"""python -m scenes: argument errors, the skip-when-unchanged cache, atomic outputs."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from pipeline.cli import RenderOptions, run_render
from pipeline.registry import SceneInfo, discover
from tests.conftest import run_cli

TINY_SCENE = '''
from manim import Square, Create
from scenes.common import DLScene


class TinyOK(DLScene):
    """A square, drawn."""
    expected_duration = 1.0

    def construct(self):
        self.play(Create(Square(color=self.theme.signal)), run_time=0.4)


class TinyBroken(DLScene):
    """Raises halfway, like a scene with a bug."""

    def construct(self):
        self.play(Create(Square()), run_time=0.2)
        raise RuntimeError("deliberate failure")
'''


@pytest.fixture
def tiny_module(tmp_path) -> Path:
    path = tmp_path / "tinytopic.py"
    path.write_text(textwrap.dedent(TINY_SCENE))
    return path


def _info(path: Path, name: str) -> SceneInfo:
    return SceneInfo(topic="tinytopic", name=name, description="", expected_duration=1.0,
                     path=path)


def _opts(out: Path, **kw) -> RenderOptions:
    return RenderOptions(quality="l", format="mp4", resolution=(64, 36), fps=5, jobs=2,
                         out=out, **kw)


def test_list_shows_every_scene():
    proc = run_cli("list")
    assert proc.returncode == 0, proc.stderr
    for info in discover():
        assert info.name in proc.stdout and info.topic in proc.stdout


@pytest.mark.parametrize("args, needle", [
    (["render", "NoSuchScene"], "Conv1DFlipShift"),        # lists the valid scenes
    (["render", "--quality", "x"], "choose from"),
    (["render", "--format", "avi"], "choose from"),
    (["render", "--theme", "neon"], "choose from"),
    (["render", "--jobs", "0"], "between 1 and 64"),
    (["render", "--resolution", "abc"], "WIDTH,HEIGHT"),
    (["render", "--format", "mp4", "--transparent"], "webm"),
    (["frobnicate"], "invalid choice"),
    (["render", "--format", "png", "--frame", "nan"], "finite"),
    (["render", "--format", "png", "--frame", "inf"], "finite"),
    (["render", "Conv1DFlipShift", "--format", "png", "--frame", "9999"], "past the end"),
    (["render", "--resolution", "100000,100000"], "at most 7680x4320"),
    (["render", "--fps", "100000"], "between 1 and 120"),
    (["render", "--format", "png", "--frame", "1", "--transparent"], "alpha"),
    (["render", "--format", "gif", "--transparent"], "webm or png"),
    (["render", "Conv1DFlipShift", "--set", "q=1"], "valid: x, h"),
    (["render", "Conv1DFlipShift", "--set", "h=1,2,3,4"], "'h'"),
    (["render", "Conv1DFlipShift", "--set", "x=1,nan"], "finite"),
    (["render", "Conv1DFlipShift", "--set", "x"], "NAME=VALUE"),
    (["render", "convolution", "--set", "x=1"], "one scene"),
    (["params", "NoSuchScene"], "Conv1DFlipShift"),
])
def test_bad_arguments_exit_2_with_the_choices(args, needle):
    proc = run_cli(*args)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert needle in proc.stderr


def test_unchanged_scene_is_skipped_and_force_renders_again(tmp_path, tiny_module):
    info = _info(tiny_module, "TinyOK")
    first = run_render([info], _opts(tmp_path))
    assert [r.status for r in first] == ["rendered"], [r.error for r in first]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    entry = manifest["outputs"]["64x36p5/en/tinytopic/TinyOK.mp4"]
    assert entry["resolution"] == [64, 36] and entry["duration_s"] > 0.2

    second = run_render([info], _opts(tmp_path))
    assert [r.status for r in second] == ["skipped"]

    tiny_module.write_text(tiny_module.read_text() + "\n# an edit changes the hash\n")
    third = run_render([info], _opts(tmp_path))
    assert [r.status for r in third] == ["rendered"], [r.error for r in third]
    assert [r.status for r in run_render([info], _opts(tmp_path, force=True))] == ["rendered"]


def test_failed_render_keeps_the_old_video_and_the_others_finish(tmp_path, tiny_module):
    broken, ok = _info(tiny_module, "TinyBroken"), _info(tiny_module, "TinyOK")
    opts = _opts(tmp_path, force=True)
    old = opts.output_path(broken)
    old.parent.mkdir(parents=True)
    old.write_bytes(b"a good video from yesterday")

    results = {r.info.name: r for r in run_render([broken, ok], opts)}
    assert results["TinyBroken"].status == "failed"
    assert "deliberate failure" in results["TinyBroken"].log.read_text()
    assert old.read_bytes() == b"a good video from yesterday"
    assert not list(old.parent.glob(".*tmp*")), "no temporary files left behind"
    assert results["TinyOK"].status == "rendered" and opts.output_path(ok).exists()


def test_png_format_writes_the_last_frame(tmp_path, tiny_module):
    from PIL import Image

    info = _info(tiny_module, "TinyOK")
    opts = RenderOptions(quality="l", format="png", resolution=(64, 36), out=tmp_path)
    [res] = run_render([info], opts)
    assert res.status == "rendered" and res.output.suffix == ".png"
    with Image.open(res.output) as im:
        assert im.size == (64, 36)


def test_manifest_updates_merge_instead_of_overwriting(tmp_path):
    """Two renders at once (e.g. --lang en and --lang ko) must keep each other's entries."""
    from pipeline.manifest import load_manifest, update_manifest

    path = tmp_path / "manifest.json"
    entry = {"scene": "A", "topic": "t", "format": "mp4", "sha256": "0", "input_hash": "0"}
    update_manifest(path, {"l/en/a.mp4": dict(entry, file="l/en/a.mp4")})
    update_manifest(path, {"l/ko/a.mp4": dict(entry, file="l/ko/a.mp4")},
                    deliverables={"l/ko": {"lectures": []}})
    update_manifest(path, deliverables={"l/en": {"lectures": ["x"]}})
    m = load_manifest(path)
    assert set(m["outputs"]) == {"l/en/a.mp4", "l/ko/a.mp4"}
    assert set(m["deliverables"]) == {"l/en", "l/ko"}


def test_topic_names_are_case_insensitive_like_scene_names():
    proc = run_cli("list", "CONVOLUTION", "conv1dflipshift")
    assert proc.returncode == 0, proc.stderr
    assert "ConvAsMatrix" in proc.stdout


def test_params_lists_every_parameter_as_json():
    proc = run_cli("params", "Conv1DFlipShift", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [d["name"] for d in data] == ["x", "h"]
    assert all({"name", "type", "default", "doc"} <= set(d) for d in data)
    assert data[0]["default"] == [1.0, 2.0, 3.0]


def test_bad_params_file_exits_2_naming_the_file(tmp_path):
    bad = tmp_path / "lecture.toml"
    bad.write_text("[Conv1DFlipShift]\nx = [1, 2,\n")
    proc = run_cli("render", "--params", str(bad))
    assert proc.returncode == 2 and "lecture.toml" in proc.stderr and "TOML" in proc.stderr
    bad.write_text("[NoSuchScene]\nx = 1\n")
    proc = run_cli("render", "--params", str(bad))
    assert proc.returncode == 2 and "NoSuchScene" in proc.stderr
    bad.write_text("[Conv1DFlipShift]\nh = [1, 2, 3, 4]\n")
    proc = run_cli("render", "--params", str(bad))
    assert proc.returncode == 2 and "'h'" in proc.stderr


def test_preview_from_a_beat_draws_only_the_rest(tmp_path):
    """--from result: the earlier beats are computed, not drawn; the clip is the last beat."""
    proc = run_cli("render", "Conv1DFlipShift", "--from", "result", "--resolution", "160,90",
                   "--fps", "5", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    [entry] = manifest["outputs"].values()
    assert entry["file"].endswith("Conv1DFlipShift-from8.mp4")
    assert 2.0 < entry["duration_s"] < 12.0  # the conclusion only, not the 37 s clip
    proc = run_cli("render", "Conv1DFlipShift", "--from", "99", "--out", str(tmp_path))
    assert proc.returncode == 2 and "beats 1–8" in proc.stderr
