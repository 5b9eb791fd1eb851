"""Shared drawing pieces for every dlviz scene.

* :class:`DLScene` — the base class: applies the theme, looks up on-screen prose in
  the topic's text catalogue (``scenes/text/<topic>.toml``), records every string it
  shows (so tests can check the numbers are dlmath's) and marks the natural pauses
  ("beats") that captions and slide breaks hang on.
* Small builders used by several topics: titles, number cells and rows, stem plots,
  point clouds from arrays.

Scenes import from here explicitly (``from scenes.common import DLScene, ...``).
"""

from __future__ import annotations

import json
import os
import types
from pathlib import Path
from typing import Iterable, Sequence

import av
import numpy as np
from PIL import Image
from manim import (
    Camera,
    DOWN,
    LEFT,
    RIGHT,
    ManimColor,
    UP,
    DecimalNumber,
    Dot,
    Line,
    MarkupText,
    MathTex,
    Mobject,
    PMobject,
    Rectangle,
    Scene,
    SingleStringMathTex,
    Tex,
    Text,
    VGroup,
    VMobject,
    Wait,
)

from manim import config
from manim.constants import RendererType
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter

import lessons
from scenes.catalogue import LANGUAGES, catalogue, language, tr
from lessons import Lesson, Params
from scenes import style
from scenes.layout import allow, check_layout

__all__ = [
    "LANGUAGES",
    "language",
    "DLScene",
    "ImageCamera",
    "catalogue",
    "tr",
    "title",
    "fit_width",
    "spread_apart",
    "label",
    "math",
    "cell",
    "cell_row",
    "stems",
    "point_cloud",
    "curve",
]

def _shown_strings(mob: Mobject) -> Iterable[str]:
    for m in mob.get_family():
        if isinstance(m, (Text, MarkupText)):
            yield m.original_text
        elif isinstance(m, (MathTex, Tex)):
            yield m.tex_string
        elif isinstance(m, DecimalNumber):
            yield f"{m.number:.{m.num_decimal_places}f}"


def _share_parsed_svg_paths() -> None:
    """Copies of Text/MathTex share their parsed SVG paths instead of deep-copying them.

    Every glyph of a Text/MathTex keeps the ``svgelements.Path`` it was built from
    (``VMobjectFromSVGPath.path_obj``), read only once, in ``generate_points`` at
    construction. Deep-copying it made every ``mob.copy()`` — which FadeIn/FadeOut/Transform
    all do — cost 16–30 ms for one short label (measured: MathTex 16.3 → 1.5 ms,
    Text 29.0 → 2.6 ms, Axes with numbers 38.7 → 5.3 ms). LearningRateRegimes at -ql went
    from 71 s to 15 s with this and one cheaper transform."""
    import svgelements

    svgelements.Path.__deepcopy__ = lambda self, memo: self


_share_parsed_svg_paths()


def _text_layout_independent_of_resolution() -> None:
    """Lay out Text on a 4K canvas whatever the render's resolution.

    Manim hands Pango a canvas of ``config.pixel_width`` × ``pixel_height`` pixels, so the
    same Text wraps onto two lines in a 160×90 test render (or a dry run at that size)
    but not at 1080p: tests and layout checks would see another picture than the
    lecture hall. Text's cache key ignores the canvas size, so one size must be used
    everywhere; the glyphs are vectors, the canvas size changes nothing else."""
    import manimpango

    original = manimpango.text2svg
    if getattr(original, "dlviz_wide", False):
        return

    def text2svg(settings, size, line_spacing, disable_liga, file_name, start_x, start_y,
                 width, height, text, *args, **kwargs):
        return original(settings, size, line_spacing, disable_liga, file_name, start_x,
                        start_y, max(width, 3840), max(height, 2160), text, *args, **kwargs)

    text2svg.dlviz_wide = True
    manimpango.text2svg = text2svg


_text_layout_independent_of_resolution()


def tex_cache_dir() -> Path:
    """The TeX → SVG cache shared by every render, quality, language and test:
    ``$DLVIZ_TEX_CACHE``, else ``~/.cache/dlviz/tex-manim<version>``."""
    from importlib.metadata import version

    env = os.environ.get("DLVIZ_TEX_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "dlviz" / f"tex-manim{version('manim')}"


def _share_tex_cache() -> None:
    """Compile each formula once for all renders, safely when several run at once.

    Manim keeps compiled formulas in each media folder, so every render folder (one per
    quality, language, theme and format) compiled them again: 79 matrix entries cost
    ZeroInitSymmetry ~40 s. The SVG is named by the hash of the whole .tex file (template
    included); it is compiled in the render's own folder, then copied to a temporary name
    and renamed into the shared folder — a rename is atomic, so a reader never sees half
    a file and two renders writing the same formula cannot corrupt it."""
    import shutil

    import manim.mobject.text.tex_mobject as tex_mobject
    from manim.utils.tex_file_writing import tex_hash

    original = tex_mobject.tex_to_svg_file
    if getattr(original, "dlviz_shared", False):
        return

    def tex_to_svg_file(expression, environment=None, tex_template=None):
        template = tex_template or config["tex_template"]
        code = (template.get_texcode_for_expression_in_env(expression, environment)
                if environment is not None else template.get_texcode_for_expression(expression))
        cache = tex_cache_dir()
        shared = cache / f"{tex_hash(code)}.svg"
        if shared.exists():
            return shared
        svg = original(expression, environment, tex_template)
        cache.mkdir(parents=True, exist_ok=True)
        staged = cache / f".{shared.stem}.{os.getpid()}.svg"
        shutil.copyfile(svg, staged)
        os.replace(staged, shared)
        return shared

    tex_to_svg_file.dlviz_shared = True
    tex_mobject.tex_to_svg_file = tex_to_svg_file


_share_tex_cache()


def _parse_svg_in_memory() -> None:
    """Parse each SVG's modified tree from memory, not from a file written beside it.

    Manim writes ``<name>_.svg`` next to the SVG, parses it and deletes it. Beside a formula
    of the shared TeX cache two renders reading the same formula at once deleted each
    other's copy (FileNotFoundError, seen with parallel renders). Same tree, same bytes,
    same parser — only no file."""
    import io
    import xml.etree.ElementTree as ET

    import svgelements as se
    from manim import RIGHT
    from manim.mobject.svg.svg_mobject import SVGMobject

    def generate_mobject(self):
        tree = self.modify_xml_tree(ET.parse(self.get_file_path()))
        buffer = io.BytesIO()
        tree.write(buffer)
        buffer.seek(0)
        mobjects, mobject_dict = self.get_mobjects_from(se.SVG.parse(buffer))
        self.add(*mobjects)
        self.id_to_vgroup_dict = mobject_dict
        self.flip(RIGHT)  # SVG's y axis points down
        return self

    generate_mobject.manim_original = SVGMobject.generate_mobject
    SVGMobject.generate_mobject = generate_mobject


_parse_svg_in_memory()


X264_PRESET: str = os.environ.get("DLVIZ_X264_PRESET", "veryfast")
"""libx264 speed preset for mp4 clips. Manim leaves x264 at "medium"; at 1080p60 encoding is
the larger part of the render time, and "veryfast" at the same CRF 23 keeps the look."""


class _FastFileWriter(SceneFileWriter):
    """Manim's file writer with a faster x264 preset and two frame threads (same codec,
    pixel format and CRF)."""

    def open_partial_movie_stream(self, *args, **kwargs) -> None:
        super().open_partial_movie_stream(*args, **kwargs)
        job = getattr(self, "_current_encode_job", None)
        if job is None:
            return
        if job.stream.codec_context.name == "libx264" and X264_PRESET:
            ctx = job.stream.codec_context
            ctx.options = {**ctx.options, "preset": X264_PRESET}
            # frame threads overlap consecutive frames: 24 → 17 ms a 1080p frame measured here
            ctx.thread_type, ctx.thread_count = "FRAME", 2
        job._encode_and_write_frame = types.MethodType(_encode_held_frame, job)


def _encode_held_frame(job, frame: np.ndarray, num_frames: int) -> None:
    """Encode ``frame`` ``num_frames`` times, converting RGBA → the stream's YUV only once.

    Manim converts again for every copy of a held frame (a wait, a conclusion): 9–19 ms a
    1080p frame. The converted frame is the one the encoder would make itself (same
    reformatter call), handed over again with a fresh timestamp; x264 copies the picture
    when it takes it, so the output is bit-identical (tested) at about half the cost.
    """
    av_frame = av.VideoFrame.from_ndarray(frame, format="rgba")
    if num_frames > 1:
        ctx = job.stream.codec_context
        av_frame = av_frame.reformat(ctx.width, ctx.height, ctx.format, threads=ctx.thread_count)
    for _ in range(num_frames):
        av_frame.pts = None  # the encoder numbers the frame
        for packet in job.stream.encode(av_frame):
            job.container.mux(packet)


class ImageCamera(Camera):
    """manim's Cairo camera, with images composited over their own box only.

    manim 0.21 pastes every :class:`~manim.ImageMobject` into a transparent copy of the whole
    frame and alpha-composites the whole frame (about 30 ms an image at 1080p); this does
    the same resampling and the same compositing on the image's bounding box, so the
    pixels are identical and the cost follows the image's size.
    """

    def display_image_mobject(self, image_mobject, pixel_array: np.ndarray) -> None:
        src = Image.fromarray(image_mobject.get_pixel_array())  # uint8 (h, w, 4): RGBA
        corners = np.array([[0, 0], [src.width, 0], [0, src.height], [src.width, src.height]])
        target = self.points_to_subpixel_coords(image_mobject, image_mobject.points)
        shift = target.astype(np.int64).min(axis=0)
        target = target - shift
        size = tuple(int(v) for v in (target.astype(np.int64)).max(axis=0))
        if min(size) < 1:
            return
        rows = []  # the perspective transform from the frame's pixels to the image's
        for (x, y), (X, Y) in zip(target, corners):
            rows += [[x, y, 1, 0, 0, 0, -X * x, -X * y], [0, 0, 0, x, y, 1, -Y * x, -Y * y]]
        try:
            coef = np.linalg.solve(np.array(rows, dtype=float), corners.reshape(8).astype(float))
        except np.linalg.LinAlgError:
            return
        sub = src.transform(size=size, method=Image.Transform.PERSPECTIVE, data=coef,
                            resample=image_mobject.resampling_algorithm)
        h, w = pixel_array.shape[:2]
        (x0, y0), (x1, y1) = np.maximum(shift, 0), np.minimum(shift + size, (w, h))
        if x1 <= x0 or y1 <= y0:
            return
        sub = sub.crop((x0 - shift[0], y0 - shift[1], x1 - shift[0], y1 - shift[1]))
        region = Image.fromarray(np.ascontiguousarray(pixel_array[y0:y1, x0:x1]))
        pixel_array[y0:y1, x0:x1] = np.asarray(Image.alpha_composite(region, sub))


class _Renderer(CairoRenderer):
    """manim's Cairo renderer, drawing nothing for a play whose frames are skipped.

    manim draws the static and the moving mobjects of every play, even a skipped one (a
    dry run, the beats before a previewed one) where no frame is kept: a third of a dry
    run. Here a skipped play only moves its mobjects to their end state; the first play
    that is drawn again draws the whole frame from nothing, as every play does. The last
    frame of a still (``-s``) is drawn after the plays, so it is unaffected.
    """

    _in_play: bool = False

    def play(self, scene, *args, **kwargs) -> None:
        self._in_play = True
        try:
            super().play(scene, *args, **kwargs)
        finally:
            self._in_play = False

    def _skipped(self) -> bool:
        return self._in_play and self.skip_animations

    def update_frame(self, scene, *args, **kwargs) -> None:
        if not self._skipped():
            super().update_frame(scene, *args, **kwargs)

    def save_static_frame_data(self, scene, static_mobjects):
        if self._skipped():
            self.static_image = None
            return None
        return super().save_static_frame_data(scene, static_mobjects)


if os.environ.get("DLVIZ_SLIDES") == "1":  # building a deck: every beat is a slide break
    from manim_slides import Slide as _SceneBase
else:
    _SceneBase = Scene


class DLScene(_SceneBase):
    """Base class of every dlviz scene.

    A scene draws its lesson (:mod:`lessons`, same class name): in :meth:`setup` it reads
    its parameters (defaults, or the values the pipeline passes in ``$DLVIZ_PARAMS``,
    validated again here) into ``self.params`` and the lesson's computed data into
    ``self.data``. The scene never computes math of its own.

    The topic is the module's name (``scenes/convolution.py`` → ``convolution``).
    """

    expected_duration: float = 30.0
    """Seconds, for scenes without a lesson (the lesson declares it otherwise)."""
    skip_reversing: bool = True  # slides mode: no reversed copies (the deck plays forward)

    def __init__(self, **kwargs) -> None:
        if "renderer" not in kwargs and config.renderer == RendererType.CAIRO:
            kwargs["renderer"] = _Renderer(
                file_writer_class=_FastFileWriter,
                camera_class=kwargs.get("camera_class", ImageCamera),
                skip_animations=kwargs.get("skip_animations", False))
        super().__init__(**kwargs)

    @classmethod
    def topic(cls) -> str:
        return cls.__module__.rsplit(".", 1)[-1]

    @classmethod
    def lesson(cls) -> Lesson | None:
        """This scene's lesson (``None`` for helper scenes such as title cards)."""
        try:
            return lessons.find(cls.__name__)
        except KeyError:
            return None

    def load_lesson(self) -> None:
        """``self.params`` (validated) and ``self.data`` (the lesson's results)."""
        lesson = self.lesson()
        self.params: Params | None = None
        self.data = None
        if lesson is None:
            return
        values = {}
        raw = os.environ.get("DLVIZ_PARAMS")
        if raw:
            given = json.loads(raw)
            if given.get("scene") != type(self).__name__:
                raise ValueError(f"$DLVIZ_PARAMS is for scene {given.get('scene')!r}, "
                                 f"not {type(self).__name__!r}")
            values = given.get("values", {})
        self.params = lesson.build(values)
        self.data = lesson.compute(self.params)

    def setup(self) -> None:
        super().setup()
        self.load_lesson()
        self.theme = style.theme()
        self.lang = language()
        self.camera.background_color = ManimColor(self.theme.background)
        fg = self.theme.foreground
        font = style.font_for(self.lang)  # fails loudly when the font is missing (no tofu)
        Text.set_default(color=fg, font=font, line_spacing=style.LINE_SPACING)
        MarkupText.set_default(color=fg, font=font)
        for cls in (MathTex, Tex, SingleStringMathTex):
            cls.set_default(color=fg)
        DecimalNumber.set_default(color=fg)
        self.shown: list[str] = []
        self.beats: list[tuple[float, str, str]] = []  # (time s, key, caption)
        self.used_keys: set[str] = set()
        self.layout_problems: list[dict] = []
        self._start_at_beat = int(os.environ.get("DLVIZ_FROM_BEAT", "0") or 0)
        # A dry run (manim --dry_run writes no file but would still draw every frame) and the
        # beats before a previewed one are computed, not drawn: each play jumps to its end
        # state, so the beats, strings shown and layout at every beat stay the same.
        if config.dry_run or self._start_at_beat > 1:
            self.renderer._original_skipping_status = True
            self.renderer.skip_animations = True
        self._burn: list[str] | None = None
        burn_file = os.environ.get("DLVIZ_BURN_CAPTIONS")
        if burn_file:
            self._burn = [b["text"] for b in json.loads(Path(burn_file).read_text())["beats"]]
            self._caption = None
            self._show_burned_caption(0)

    def render(self, *args, **kwargs):
        """Render, then write the beats (time, key, caption) where ``$DLVIZ_BEATS_FILE`` says.

        The CLI turns that file into a WebVTT caption track with the real animation times;
        the tests read the strings shown and the keys used from it.
        """
        result = super().render(*args, **kwargs)
        beats_file = os.environ.get("DLVIZ_BEATS_FILE")
        if beats_file:
            data = {"scene": type(self).__name__, "lang": self.lang,
                    "duration_s": float(self.renderer.time),
                    "beats": [{"time": t, "key": k, "text": x} for t, k, x in self.beats],
                    # what tests check: every string put on screen, every catalogue key used
                    "shown": self.shown, "used_keys": sorted(self.used_keys),
                    "layout": self.layout_problems,
                    "hold_s": float(self.renderer.time) - getattr(self, "_last_play_end", 0.0)}
            Path(beats_file).write_text(json.dumps(data, ensure_ascii=False, indent=1))
        return result

    def _show_burned_caption(self, index: int) -> None:
        """Burned-in captions: show caption ``index`` (the step that is about to play)."""
        if self._caption is not None:
            self.remove(self._caption)
            self._caption = None
        if self._burn is None or index >= len(self._burn):
            return
        th = self.theme
        text = Text(self._burn[index], font_size=style.FONT_SIZE_SMALL, color=th.foreground)
        fit_width(text, 13.0)
        box = Rectangle(width=text.width + 0.3, height=text.height + 0.2, stroke_width=0,
                        fill_color=th.background, fill_opacity=0.8).move_to(text)
        self._caption = VGroup(box, text).to_edge(DOWN, buff=0.08)
        Scene.add_foreground_mobject(self, self._caption)

    def _layout_mobjects(self) -> list[Mobject]:
        """What the layout check looks at: the scene, without a burned-in caption."""
        caption = getattr(self, "_caption", None)
        return [m for m in self.mobjects if m is not caption]

    def _take_slide_break(self) -> None:
        """A beat's slide break, taken just before the next animation: what follows the last
        beat (the conclusion's hold) stays on the last slide instead of making another."""
        if getattr(self, "_slide_break_due", False):
            self._slide_break_due = False
            self.next_slide()

    def play(self, *args, **kwargs) -> None:
        self._take_slide_break()
        super().play(*args, **kwargs)
        if not all(isinstance(a, Wait) for a in args):  # Scene.wait() plays a Wait
            self._last_play_end = float(self.renderer.time)

    def wait(self, *args, **kwargs) -> None:
        self._take_slide_break()
        super().wait(*args, **kwargs)

    def tear_down(self) -> None:
        """Hold the conclusion still for :data:`style.CONCLUSION_HOLD` seconds; the last
        caption then covers the hold too."""
        self._slide_break_due = False  # the hold belongs to the last slide
        if style.PACE_FROM_READING and self.beats:
            hold = float(self.renderer.time) - getattr(self, "_last_play_end", 0.0)
            if hold < style.CONCLUSION_HOLD - 0.05:
                self.wait(style.CONCLUSION_HOLD - hold)
                t, key, text = self.beats[-1]
                self.beats[-1] = (float(self.renderer.time), key, text)
        super().tear_down()

    def add(self, *mobjects: Mobject) -> "DLScene":
        for mob in mobjects:
            self.shown.extend(_shown_strings(mob))
        return super().add(*mobjects)

    def replace(self, old_mobject: Mobject, new_mobject: Mobject) -> None:
        # ReplacementTransform puts its target on screen through replace(), not add()
        self.shown.extend(_shown_strings(new_mobject))
        super().replace(old_mobject, new_mobject)

    def t(self, key: str, **fields: object) -> str:
        """Prose for ``key`` from this topic's catalogue."""
        self.used_keys.add(key)
        return tr(self.topic(), key, **fields)

    def beat(self, key: str, **fields: object) -> None:
        """Mark the end of a step: the caption ``cap_<key>`` covers the time since the last beat.

        The caption text comes from the topic's catalogue (``cap_<key>``, formatted with
        ``fields``), so every beat has a caption in every language; beats are also the
        natural slide breaks.
        """
        text = self.t(f"cap_{key}", **fields)
        if style.PACE_FROM_READING:  # never a caption faster than it can be read
            since = float(self.renderer.time) - (self.beats[-1][0] if self.beats else 0.0)
            short = style.reading_time(text, self.lang) - since
            if short > 0.05:
                self.wait(short)
        now = float(self.renderer.time)
        self.beats.append((now, key, text))
        self.layout_problems.extend(
            {"beat": key, "time": round(now, 2), "problem": str(p)}
            for p in check_layout(self._layout_mobjects(), self.theme.background))
        self._slide_break_due = hasattr(self, "next_slide")  # taken at the next animation
        if len(self.beats) == self._start_at_beat - 1:  # the previewed beat starts now
            self.renderer._original_skipping_status = False
            self.renderer.skip_animations = False
        if self._burn is not None:
            self._show_burned_caption(len(self.beats))


# ---------------------------------------------------------------- builders


def title(text: str) -> Text:
    """A scene title at the top edge, shrunk to the frame's width when too long (Korean titles
    that keep the English terms run longer than the English ones)."""
    return fit_width(Text(text, font_size=style.FONT_SIZE_TITLE), TITLE_MAX_WIDTH).to_edge(UP, buff=0.35)


TITLE_MAX_WIDTH = 13.4
"""Widest a title may be (scene units; the frame is 14.2 wide)."""


def fit_width(mob: Mobject, max_width: float) -> Mobject:
    """Shrink ``mob`` to ``max_width`` if it is wider (prose lengths differ between languages)."""
    if mob.width > max_width:
        mob.scale_to_fit_width(max_width)
    return mob


def spread_apart(mobs: Sequence[Mobject], gap: float = 0.15) -> VGroup:
    """Push left-to-right labels apart until ``gap`` separates each pair, then centre the row
    where it was (labels placed under narrow terms overlap when the prose is longer, e.g.
    in Korean with the English term in parentheses)."""
    row = VGroup(*mobs)
    before = row.get_center()
    for prev, mob in zip(mobs, mobs[1:]):
        overlap = prev.get_right()[0] + gap - mob.get_left()[0]
        if overlap > 0:
            mob.shift(RIGHT * overlap)
    return row.shift((before - row.get_center()) * RIGHT)


def label(text: str, size: float = style.FONT_SIZE_LABEL, color: str | None = None) -> Text:
    """A plain-text label (prose from the catalogue)."""
    return Text(text, font_size=size, color=color or style.theme().foreground)


def math(tex: str, size: float = style.MATH_SIZE, color: str | None = None) -> MathTex:
    """A formula."""
    return MathTex(tex, font_size=size, color=color or style.theme().foreground)


def cell(value: float | str, color: str, size: float = style.CELL_SIZE,
         font_size: float = style.MATH_SIZE_SMALL) -> VGroup:
    """A square number cell: ``VGroup(box, number)``; numbers go through :func:`style.fmt_num`."""
    th = style.theme()
    box = Rectangle(width=size, height=size, stroke_color=color, stroke_width=3,
                    fill_color=th.panel, fill_opacity=1.0)
    text = value if isinstance(value, str) else style.fmt_num(value)
    num = MathTex(text, font_size=font_size, color=th.foreground).move_to(box)
    fit_width(num, 0.85 * size)
    return VGroup(box, num)


def cell_row(values: Sequence[float], color: str, xs: Sequence[float], y: float,
             size: float = style.CELL_SIZE) -> VGroup:
    """Cells for ``values`` centred at the given x positions on height ``y``."""
    return VGroup(*(cell(v, color, size).move_to([x, y, 0]) for v, x in zip(values, xs)))


def stems(axes, ns: Sequence[float], values: Sequence[float], color: str,
          dot_radius: float = 0.07) -> VGroup:
    """A stem plot on ``axes``: one ``VGroup(line, dot)`` per sample ``(n, value)``."""
    out = VGroup()
    for n, v in zip(ns, values):
        base, tip = axes.c2p(n, 0), axes.c2p(n, v)
        out.add(VGroup(Line(base, tip, color=color, stroke_width=4),
                       Dot(tip, radius=dot_radius, color=color)))
    return out


def point_cloud(points: np.ndarray, color: str, stroke_width: float = 4.0) -> PMobject:
    """One vectorized mobject for many 2-D/3-D points (no per-point ``Dot``s)."""
    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2 or pts.shape[1] not in (2, 3):
        raise ValueError(f"points must have shape (n, 2) or (n, 3), got {pts.shape}")
    if pts.shape[1] == 2:
        pts = np.column_stack([pts, np.zeros(len(pts))])
    cloud = PMobject(stroke_width=stroke_width)
    cloud.add_points(pts, color=color)
    return cloud



def curve(axes, xs: Sequence[float], ys: Sequence[float], color: str, width: float = 4,
          jump: float | None = None) -> VGroup:
    """A polyline through sampled ``(xs, ys)`` on ``axes``: one VMobject a piece.

    ``jump``: break the line where consecutive ``ys`` differ by more than this (a
    function with a jump, such as ReLU′ at 0); ``None`` draws one unbroken piece.
    """
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    breaks = (np.flatnonzero(np.abs(np.diff(ys)) > jump) + 1) if jump is not None else []
    pieces = VGroup()
    for seg_x, seg_y in zip(np.split(xs, breaks), np.split(ys, breaks)):
        if seg_x.size < 2:
            continue
        pts = np.asarray(axes.c2p(seg_x, seg_y)).T  # vectorised: 190 → 11 ms for 700 points
        pieces.add(VMobject(stroke_color=color, stroke_width=width).set_points_as_corners(pts))
    return pieces
