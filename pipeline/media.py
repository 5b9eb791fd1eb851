"""Video files for delivery: fast-start mp4s, joined lectures and GIFs sized for slides.

* :func:`faststart` moves an mp4's index (``moov``) in front of its data (``mdat``) by
  stream copy, so a browser or course site starts playing before the whole file arrived.
* :func:`concat_videos` joins clips of one encoding by stream copy, fast start included.
* :func:`mp4_to_gif` makes a GIF for slides: :data:`GIF_WIDTH` px wide at :data:`GIF_FPS`,
  one palette shared by every frame (no flicker, no banding on the flat dark background:
  no dithering), and frame differences (Pillow writes only the changed rectangle of each
  frame and merges repeated frames into one longer frame).
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

__all__ = ["GIF_WIDTH", "GIF_FPS", "GIF_COLOURS", "faststart", "concat_videos", "mp4_to_gif",
           "top_level_atoms"]

GIF_WIDTH: int = 640
"""GIF width in pixels: sharp on a slide, small enough to embed."""
GIF_FPS: int = 12
"""GIF frame rate: smooth enough for dlviz's motions (a GIF stores whole frames)."""
GIF_COLOURS: int = 256
"""Palette size shared by all frames: the theme's colours and their anti-aliased blends
with the background first (so a small green result keeps its green), then the clip's
own most common colours."""
BLENDS = (0.2, 0.4, 0.6, 0.8, 1.0)
"""Opacities at which each theme colour is blended with the background in the palette."""


def top_level_atoms(path: Path) -> list[str]:
    """The top-level MP4 box types in file order (``['ftyp', 'moov', 'mdat', ...]``)."""
    atoms = []
    with open(path, "rb") as fh:
        while True:
            head = fh.read(8)
            if len(head) < 8:
                break
            size, kind = struct.unpack(">I4s", head)
            if size == 1:
                size = struct.unpack(">Q", fh.read(8))[0]
                fh.seek(size - 16, os.SEEK_CUR)
            elif size == 0:
                atoms.append(kind.decode("latin-1"))
                break
            else:
                fh.seek(size - 8, os.SEEK_CUR)
            atoms.append(kind.decode("latin-1"))
    return atoms


def _remux(sources: list[Path] | Path, dest: Path, concat: bool = False) -> Path:
    """Stream-copy the video of ``sources`` into ``dest`` with the index first."""
    import av

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.stem}.tmp{os.getpid()}.mp4")
    listing = dest.with_name(f".{dest.stem}.concat{os.getpid()}.txt")
    try:
        if concat:
            listing.write_text("".join(f"file '{Path(v).resolve()}'\n" for v in sources))
            src = av.open(str(listing), format="concat", options={"safe": "0"})
        else:
            src = av.open(str(sources))
        with src, av.open(str(tmp), "w", format="mp4", options={"movflags": "+faststart"}) as out:
            in_stream = src.streams.video[0]
            out_stream = out.add_stream_from_template(in_stream)
            for packet in src.demux(in_stream):
                if packet.dts is None:
                    continue
                packet.stream = out_stream
                out.mux(packet)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
        listing.unlink(missing_ok=True)
    return dest


def faststart(path: Path) -> Path:
    """Rewrite ``path`` in place with its ``moov`` index before the media data."""
    return _remux(Path(path), Path(path))


def concat_videos(videos: list[Path], dest: Path) -> Path:
    """Join videos with identical encoding (all manim renders of one quality) by stream
    copy, index first."""
    return _remux(list(videos), Path(dest), concat=True)


def _palette(frames: list, anchors: tuple[str, ...], background: str | None, colours: int):
    """A "P" image whose palette holds ``anchors`` blended with ``background``, then the
    most common colours of frames sampled over the clip."""
    from PIL import Image

    def rgb(hex_color: str) -> np.ndarray:
        return np.array([int(hex_color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)], float)

    fixed: list[tuple[int, int, int]] = []
    if anchors:
        bg = rgb(background or anchors[0])
        for c in anchors:
            for a in BLENDS:
                fixed.append(tuple(int(round(v)) for v in (1 - a) * bg + a * rgb(c)))
        fixed = list(dict.fromkeys(fixed))[:colours // 2]
    picks = [frames[i] for i in np.linspace(0, len(frames) - 1, min(16, len(frames))).astype(int)]
    strip = Image.new("RGB", (picks[0].width, picks[0].height * len(picks)))
    for i, im in enumerate(picks):
        strip.paste(im, (0, i * im.height))
    learned = strip.quantize(colors=colours - len(fixed), method=Image.Quantize.MEDIANCUT,
                             dither=Image.Dither.NONE).getpalette()[:3 * (colours - len(fixed))]
    palette = [v for c in fixed for v in c] + learned
    pal = Image.new("P", (1, 1))
    pal.putpalette(palette + [0] * (768 - len(palette)))
    return pal


def mp4_to_gif(video: Path, dest: Path, width: int = GIF_WIDTH, fps: int = GIF_FPS,
               colours: int = GIF_COLOURS, anchors: tuple[str, ...] = (),
               background: str | None = None) -> Path:
    """A GIF of ``video`` for slides (see the module docstring); written atomically.

    ``anchors``: colours that must be reproduced exactly (the theme's roles), blended with
    ``background`` for their anti-aliased edges."""
    import av
    from PIL import Image

    frames, times = [], []
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        next_t = 0.0
        for frame in container.decode(stream):
            t = float(frame.time or 0.0)
            if t + 1e-6 < next_t:
                continue
            img = frame.to_image()
            if img.width > width:
                img = img.resize((width, round(img.height * width / img.width / 2) * 2),
                                 Image.Resampling.LANCZOS)
            frames.append(img.convert("RGB"))
            times.append(t)
            next_t += 1.0 / fps
    if not frames:
        raise ValueError(f"{video} has no frames")
    palette = _palette(frames, anchors, background, colours)  # one palette for all frames
    indexed = [im.quantize(palette=palette, dither=Image.Dither.NONE) for im in frames]
    # GIF delays are centiseconds: alternate 8 and 9 cs so that 12 fps keeps the clip's length
    cs = np.round(np.arange(len(indexed) + 1) * 100 / fps).astype(int)
    ms = [int(v) * 10 for v in np.diff(cs)]
    tmp = dest.with_name(f".{dest.name}.tmp{os.getpid()}.gif")
    try:
        indexed[0].save(tmp, save_all=True, append_images=indexed[1:], duration=ms, loop=0,
                        optimize=False, disposal=1)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest
