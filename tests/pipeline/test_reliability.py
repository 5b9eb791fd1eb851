"""Reliability of the render pipeline (issue 19): no wrong video recorded as good, every
fault a clear message, interrupts that leave nothing half-done."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from pipeline.manifest import load_manifest, sidecar
from pipeline.options import RenderOptions
from pipeline.registry import REPO, SceneInfo, discover
from pipeline.render import code_files, failure_reason, input_hash, run_render
from tests.conftest import run_cli

LANG_SCENE = '''
from manim import Text, FadeIn, Square, Create
from scenes.common import DLScene


class LangCard(DLScene):
    """Different pixels per language, like every real scene."""
    expected_duration = 2.0

    def construct(self):
        word = "English words" if self.lang == "en" else "한국어 낱말"
        self.play(FadeIn(Text(word, font_size=60)), run_time=1.0)
        self.wait(1.0)


class Broken(DLScene):
    """Fails with an OSError, as a full disk does."""

    def construct(self):
        self.play(Create(Square()), run_time=0.2)
        raise OSError(28, "No space left on device", "/renders/h/en/x.mp4")
'''


@pytest.fixture
def module(tmp_path) -> Path:
    path = tmp_path / "reltopic.py"
    path.write_text(textwrap.dedent(LANG_SCENE))
    return path


def _info(path: Path, name: str) -> SceneInfo:
    return SceneInfo(topic="reltopic", name=name, description="", expected_duration=2.0, path=path)


def _opts(out: Path, **kw) -> RenderOptions:
    return RenderOptions(quality="l", format="mp4", resolution=(96, 54), fps=5, jobs=1, out=out,
                         **kw)


def _frames(path: Path) -> np.ndarray:
    import av
    with av.open(str(path)) as c:
        return np.stack([f.to_ndarray(format="rgb24") for f in c.decode(video=0)])


def test_concurrent_languages_each_equal_a_solo_render(tmp_path, module):
    """en and ko of one scene at the same time: both succeed, each equals its solo render."""
    info = _info(module, "LangCard")
    solo = {lang: run_render([info], _opts(tmp_path / "solo", lang=lang))[0] for lang in ("en", "ko")}
    procs = {lang: subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys; from pathlib import Path
            from pipeline.options import RenderOptions
            from pipeline.registry import SceneInfo
            from pipeline.render import run_render
            info = SceneInfo("reltopic", "LangCard", "", 2.0, Path({str(module)!r}))
            opts = RenderOptions(quality="l", resolution=(96, 54), fps=5, out=Path({str(tmp_path / 'both')!r}), lang={lang!r})
            sys.exit(run_render([info], opts)[0].status != "rendered")""")],
        cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT) for lang in ("en", "ko")}
    for lang, proc in procs.items():
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, out.decode()
    manifest = load_manifest(tmp_path / "both" / "manifest.json")
    for lang in ("en", "ko"):
        both = _opts(tmp_path / "both", lang=lang).output_path(info)
        np.testing.assert_array_equal(_frames(both), _frames(solo[lang].output))
        entry = manifest["outputs"][str(both.relative_to(tmp_path / "both"))]
        assert entry["lang"] == lang
    assert not np.array_equal(_frames(solo["en"].output)[-1], _frames(solo["ko"].output)[-1])


@pytest.mark.parametrize("damage", [b"\xff", b"[]", b"{}", b'{"outputs": null}', b'{"outp'])
def test_damaged_manifest_is_set_aside_and_rebuilt_from_disk(tmp_path, module, damage, capsys):
    info = _info(module, "LangCard")
    opts = _opts(tmp_path)
    [first] = run_render([info], opts)
    assert first.status == "rendered" and sidecar(first.output).exists()
    (tmp_path / "manifest.json").write_bytes(damage)
    manifest = load_manifest(tmp_path / "manifest.json")
    err = capsys.readouterr().err
    assert "manifest.json" in err and "damaged" in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.glob("manifest.json.damaged-*")), "the damaged copy is kept"
    assert str(first.output.relative_to(tmp_path)) in manifest["outputs"]
    # nothing already rendered is rendered again
    assert [r.status for r in run_render([info], opts)] == ["skipped"]


def test_a_failure_reports_its_cause_and_leaves_no_partial_files(tmp_path, module):
    info = _info(module, "Broken")
    opts = _opts(tmp_path)
    [res] = run_render([info], opts)
    assert res.status == "failed"
    assert res.error == "disk full at /renders/h/en/x.mp4", res.error
    work = opts.work_dir(info)
    assert not (work / "videos").exists() and not (work / "partial").exists()
    assert not opts.output_path(info).exists()


def test_failure_reason_reads_the_exception_not_the_last_line():
    log = ("Traceback (most recent call last):\n│ 708 │ │ except\n"
           "KeyError: \"text key 'cap_x' missing from the [ko] table of\n"
           "scenes/text/convolution.toml\"\n"
           "You are using manim version v0.21.0, but version v0.22.0 is available.\n"
           "You should consider upgrading via pip install -U manim\n")
    reason = failure_reason(log, 1, Path("/w"))
    assert reason.startswith("KeyError: ") and "cap_x" in reason and "convolution.toml" in reason


def test_stills_and_gifs_never_delete_a_videos_slides(tmp_path, module):
    info = _info(module, "LangCard")
    opts = _opts(tmp_path)
    run_render([info], opts)
    slides = opts.work_dir(info) / "slides"
    assert slides.exists()
    for fmt in ("png", "gif"):
        [res] = run_render([info], replace(opts, format=fmt))
        assert res.status == "rendered"
        assert slides.exists(), f"a {fmt} render deleted the mp4's slides"


def test_hash_covers_only_what_a_scene_uses():
    conv = next(s for s in discover() if s.name == "Conv1DFlipShift")
    files = {p.relative_to(REPO).as_posix() for p in code_files(conv)}
    assert {"scenes/convolution.py", "lessons/convolution.py", "dlmath/convolution.py"} <= files
    assert not {"dlmath/diffusion.py", "lessons/diffusion.py", "scenes/diffusion.py"} & files
    # another topic's catalogue never enters the hash; this scene's own keys do
    opts = RenderOptions(quality="l")
    assert input_hash(conv, opts, ["flip"]) != input_hash(conv, opts, ["multiply"])


def test_unwritable_output_is_one_line_naming_the_path(tmp_path):
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    proc = run_cli("render", "Conv1DFlipShift", "--out", str(a_file), "-q", "l")
    assert proc.returncode == 1 and str(a_file) in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    proc = run_cli("deliver", "--out", str(tmp_path / "missing"))
    assert proc.returncode == 1 and "missing" in proc.stderr and "Traceback" not in proc.stderr


def test_catalogue_errors_name_the_file_and_line(tmp_path, monkeypatch):
    from scenes import catalogue as cat

    (tmp_path / "broken.toml").write_text('[en]\nkey = "ok"\nbad = \n')
    (tmp_path / "half.toml").write_text('[en]\nkey = "ok"\n[ko]\n')
    monkeypatch.setattr(cat, "TEXT_DIR", tmp_path)
    cat.catalogue.cache_clear()
    try:
        with pytest.raises(cat.CatalogueError, match=r"broken\.toml.*line 3"):
            cat.tr("broken", "key", lang="en")
        assert cat.tr("half", "key", lang="en") == "ok"
        with pytest.raises(cat.CatalogueError, match=r"'key' missing from the \[ko\] table"):
            cat.tr("half", "key", lang="ko")
    finally:
        cat.catalogue.cache_clear()


def _manim_children(marker: str) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if "pipeline._child" in cmd and marker in cmd:
                pids.append(int(proc.name))
    return pids


def _start_render(out: Path, ignore_sigint: bool = False) -> subprocess.Popen:
    # 640x360 at 15 fps: several seconds of drawing, so the signal lands mid-render
    cmd = [sys.executable, "-m", "scenes", "render", "Conv1DFlipShift",
           "--resolution", "640,360", "--fps", "15", "--out", str(out)]
    if ignore_sigint:  # as a shell's background job inherits it (exec keeps SIG_IGN)
        cmd = ["sh", "-c", 'trap "" INT; exec "$@"', "sh", *cmd]
    proc = subprocess.Popen(cmd,
                            cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _manim_children(str(out)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _manim_children(str(out)), "the render never started"
    time.sleep(0.5)
    assert proc.poll() is None, "the render ended before the test could interrupt it"
    return proc


def _gone(marker: str, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while _manim_children(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _manim_children(marker)


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_ends_every_child_and_exits_with_one_line(tmp_path, sig, code):
    # started as a background job of a non-interactive shell is (CI's fresh clone): SIGINT
    # arrives ignored, and the render must still stop on it
    proc = _start_render(tmp_path, ignore_sigint=True)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "Traceback" not in err and "interrupted" in err
    assert _gone(str(tmp_path)), "child renders left running"
    manifest = load_manifest(tmp_path / "manifest.json")
    for key in manifest["outputs"]:  # whatever is recorded exists, whole
        assert (tmp_path / key).exists()
    assert not list(tmp_path.rglob(".*.tmp*"))


def test_killed_parent_leaves_no_orphans(tmp_path):
    proc = _start_render(tmp_path)
    proc.kill()
    proc.communicate(timeout=30)
    assert _gone(str(tmp_path)), "manim children outlived a killed parent"
