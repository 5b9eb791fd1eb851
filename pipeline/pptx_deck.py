"""PowerPoint decks: ``decks/<topic>.pptx``, a title slide, then one slide per beat.

Each beat slide plays its part of the clip (the piece manim-slides recorded while the mp4
rendered) as soon as the slide opens, shows the beat's caption under the video and keeps
it as the speaker notes — all in the deck's language, from the text catalogue. A lecturer
can reorder, delete or annotate slides as with any deck.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

__all__ = ["SLIDE_W_IN", "SLIDE_H_IN", "build_pptx"]

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
"""A 16:9 slide, in inches (PowerPoint's default widescreen)."""
VIDEO_W_IN = 12.0
"""Width of the video on a beat slide; the caption goes in the band under it."""
CAPTION_PT = 16


def _first_frame_png(video: Path, dest: Path) -> Path:
    import av

    with av.open(str(video)) as c:
        for frame in c.decode(video=0):
            frame.to_image().save(dest)
            break
    return dest


def build_pptx(title: str, scenes: list[tuple[str, Path, list[str]]], dest: Path,
               background: str) -> Path | None:
    """A deck at ``dest``: a ``title`` slide, then for every scene ``(name, slides folder,
    captions)`` one slide per recorded slide video, with its caption. ``None`` when no
    scene has recorded slides."""
    import pptx
    from manim_slides.convert import _auto_play_pptx_media  # pinned manim-slides 5.7
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    prs = pptx.Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    blank = prs.slide_layouts[6]
    bg = RGBColor.from_string(background.lstrip("#"))
    fg = RGBColor(0xF2, 0xF2, 0xF2) if sum(bg) < 384 else RGBColor(0x11, 0x14, 0x18)

    def new_slide():
        slide = prs.slides.add_slide(blank)
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = bg
        return slide

    def text_box(slide, text: str, top: float, height: float, size: int, bold: bool = False):
        box = slide.shapes.add_textbox(Inches(0.5), Inches(top), Inches(SLIDE_W_IN - 1),
                                       Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        para = frame.paragraphs[0]
        para.alignment = PP_ALIGN.CENTER
        run = para.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, fg
        return box

    slide = new_slide()
    text_box(slide, title, 3.0, 1.2, 40, bold=True)
    count = 0
    video_h = VIDEO_W_IN * 9 / 16
    left, top = (SLIDE_W_IN - VIDEO_W_IN) / 2, 0.1
    with tempfile.TemporaryDirectory() as tmp:
        for name, folder, captions in scenes:
            config = folder / f"{name}.json"
            if not config.exists():
                continue
            for i, part in enumerate(json.loads(config.read_text())["slides"]):
                video = folder.parent / part["file"]
                poster = _first_frame_png(video, Path(tmp) / f"{count}.png")
                slide = new_slide()
                movie = slide.shapes.add_movie(str(video), Inches(left), Inches(top),
                                               Inches(VIDEO_W_IN), Inches(video_h),
                                               poster_frame_image=str(poster),
                                               mime_type="video/mp4")
                _auto_play_pptx_media(movie)
                caption = captions[i] if i < len(captions) else ""
                text_box(slide, caption, top + video_h + 0.05, SLIDE_H_IN - video_h - 0.2,
                         CAPTION_PT)
                slide.notes_slide.notes_text_frame.text = f"{name}: {caption}"
                count += 1
        if count == 0:
            return None
        dest.parent.mkdir(parents=True, exist_ok=True)
        staged = dest.with_name(f".{dest.name}.tmp{os.getpid()}")
        try:
            prs.save(str(staged))
            os.replace(staged, dest)
        finally:
            staged.unlink(missing_ok=True)
    return dest
