#!/usr/bin/env python3
"""Does dlviz's fast pipeline lose anything visible? PSNR against the exact frames.

``tools/stock_psnr.py SCENE VIDEO`` renders SCENE at 1080p60 with manim's stock renderer,
camera and file writer (x264 "medium", every held frame converted again, images composited
over the whole frame) and keeps every 30th frame exactly as drawn, before any encoding. It
then prints, for the stock mp4 and for VIDEO (the same scene from ``make render`` or
``make bench``), the PSNR of those frames against the exact ones and the file size.

    10·log10(255² / MSE),  MSE over the RGB channels of the frame

Slow (a full stock render): a measuring tool, not a test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
EVERY = 30

_STOCK_MODULE = '''
import os, sys, importlib
import numpy as np
sys.path.insert(0, {repo!r})
from manim import Camera
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter
from pipeline.registry import discover

info = next(i for i in discover() if i.name == {scene!r})
base = getattr(importlib.import_module("scenes." + info.topic), info.name)


def __init__(self, **kw):
    base.__init__(self, renderer=CairoRenderer(camera_class=Camera), **kw)


globals()[info.name] = type(info.name, (base,), {{
    "__init__": __init__, "topic": classmethod(lambda cls: info.topic)}})

_write, _count = SceneFileWriter.write_frame, [0]


def write_frame(self, frame_or_renderer, num_frames=1):
    frame = (frame_or_renderer if isinstance(frame_or_renderer, np.ndarray)
             else frame_or_renderer.get_frame())
    for i in range(_count[0], _count[0] + num_frames):
        if i % {every} == 0:
            np.save(os.path.join({ref!r}, f"{{i:06d}}.npy"), frame[..., :3])
    _count[0] += num_frames
    return _write(self, frame_or_renderer, num_frames)


SceneFileWriter.write_frame = write_frame
'''


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio (dB) of two uint8 RGB frames; ``inf`` when equal."""
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def against_reference(video: Path, ref: Path) -> list[float]:
    """PSNR of each of ``video``'s frames that has an exact frame in ``ref`` (by index)."""
    import av

    exact = {int(p.stem): p for p in ref.glob("*.npy")}
    out = []
    with av.open(str(video)) as container:
        for i, frame in enumerate(container.decode(video=0)):
            if i in exact:
                out.append(psnr(frame.to_ndarray(format="rgb24"), np.load(exact[i])))
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scene")
    p.add_argument("video", type=Path, help="the same scene rendered by dlviz at -qh")
    a = p.parse_args()
    if not a.video.is_file():
        print(f"error: video: no such file {a.video}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ref = tmp / "ref"
        ref.mkdir()
        (tmp / "stock.py").write_text(_STOCK_MODULE.format(repo=str(REPO), scene=a.scene,
                                                           every=EVERY, ref=str(ref)))
        manim = Path(sys.executable).with_name("manim")
        code = subprocess.run([str(manim), "-qh", "--disable_caching", "--media_dir",
                               str(tmp / "media"), "stock.py", a.scene], cwd=tmp,
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT).returncode
        stock = next((tmp / "media").rglob(f"{a.scene}.mp4"), None)
        if code != 0 or stock is None:
            print(f"error: the stock render of {a.scene} failed (exit {code})", file=sys.stderr)
            return 1
        for name, video in (("manim stock", stock), ("dlviz", a.video)):
            values = np.array(against_reference(video, ref))
            print(f"{name:<12} {video.stat().st_size / 1e6:6.2f} MB   PSNR vs exact frames over "
                  f"{values.size} frames: mean {values.mean():.2f} dB, min {values.min():.2f} dB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
