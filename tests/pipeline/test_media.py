"""GIFs sized for slides and fast-start mp4s, on a synthetic clip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline.media import GIF_FPS, GIF_WIDTH, faststart, mp4_to_gif, top_level_atoms

BG, GREEN = (17, 20, 24), (0, 158, 115)


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    """3 s at 30 fps, 1280×720: a dark frame with a small green square moving right."""
    import av

    path = tmp_path_factory.mktemp("media") / "clip.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        for i in range(90):
            img = np.empty((720, 1280, 3), np.uint8)
            img[:] = BG
            x = 100 + 10 * i
            img[300:360, x:x + 60] = GREEN
            for packet in stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def test_faststart_puts_the_index_first(clip, tmp_path):
    assert top_level_atoms(clip).index("moov") > top_level_atoms(clip).index("mdat")
    copy = tmp_path / "copy.mp4"
    copy.write_bytes(clip.read_bytes())
    faststart(copy)
    atoms = top_level_atoms(copy)
    assert atoms.index("moov") < atoms.index("mdat")


def test_gif_is_small_exact_in_colour_and_at_the_slide_rate(clip, tmp_path):
    from PIL import Image

    gif = mp4_to_gif(clip, tmp_path / "clip.gif", anchors=("#111418", "#009E73"),
                     background="#111418")
    with Image.open(gif) as im:
        assert im.size == (GIF_WIDTH, 360)
        assert im.n_frames == pytest.approx(3 * GIF_FPS, abs=1)
        total = 0
        for i in range(im.n_frames):
            im.seek(i)
            total += im.info["duration"]
        assert total == pytest.approx(1000 * im.n_frames / GIF_FPS, abs=10)  # clip length kept
        im.seek(0)
        gif_first = np.asarray(im.convert("RGB"), dtype=float)
    from pipeline.render import frame_at

    mp4_first = np.asarray(frame_at(clip, 0.0).resize((GIF_WIDTH, 360), Image.Resampling.LANCZOS),
                           dtype=float)
    diff = np.abs(gif_first - mp4_first)
    assert diff.mean() < 3.0 and np.percentile(diff, 99) < 8, "no banding: the palette holds the clip's colours"
    square = np.abs(gif_first - GREEN).sum(axis=2) < 20
    assert square.sum() > 0.8 * 30 * 30, "the green square stays green"
    with Image.open(gif) as im:  # frame differences: later frames store only what changed
        im.seek(im.n_frames // 2)
        x0, y0, x1, y1 = im.tile[0][1]
        assert (x1 - x0) * (y1 - y0) < 0.1 * GIF_WIDTH * 360
