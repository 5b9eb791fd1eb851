"""Linear-classifier scenes: matrices as transforms, Wx + b class regions, training,
lifted features, a tanh network uncrumpling the plane, and a Playground-style MLP.

Every number, point, region and boundary on screen comes from the topic's lessons
(:mod:`lessons.linear_classifier`, computed with :mod:`dlmath.linear`); class regions
are one filled shape per colour built from dlmath's label grid, data sets one point
cloud per class. Render one with the plain Manim CLI:
``manim -ql scenes/linear_classifier.py MatrixAsTransform``.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from manim import (
    Animation,
    DEGREES,
    DOWN,
    LEFT,
    OUT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    Line,
    ManimColor,
    MathTex,
    Polygon,
    Rectangle,
    ReplacementTransform,
    Rotate,
    SurroundingRectangle,
    Transform,
    VGroup,
    VMobject,
    Wait,
    Write,
)

from dlmath.linear import Boundary, MLPHistory, Regions
from dlmath.linear import plane_height as lm_plane_height
from scenes import style
from scenes.common import DLScene, curve, fit_width, label, math, point_cloud, title
from manim.utils.space_ops import rotation_matrix

from scenes.style import fmt_num

__all__ = [
    "MatrixAsTransform",
    "LinearClassifierScores",
    "LinesNotEnough",
    "Uncrumpling",
    "PlaygroundSpiral",
]


# ---------------------------------------------------------------- drawing helpers


class _Plane:
    """Drawing coordinates of a data box: data (x, y) → scene point, affine (no topic math)."""

    def __init__(self, center: tuple[float, float], unit: float,
                 xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
        self.center = np.array([center[0], center[1], 0.0])
        self.unit = unit
        self.xlim, self.ylim = xlim, ylim
        self.mid = np.array([(xlim[0] + xlim[1]) / 2, (ylim[0] + ylim[1]) / 2])

    def p(self, pts: object) -> np.ndarray:
        """Scene coordinates of data points ``(..., 2)`` → ``(..., 3)``."""
        a = np.asarray(pts, dtype=float)
        xy = (a - self.mid) * self.unit
        return self.center + np.concatenate([xy, np.zeros(xy.shape[:-1] + (1,))], axis=-1)

    @property
    def width(self) -> float:
        return (self.xlim[1] - self.xlim[0]) * self.unit

    @property
    def height(self) -> float:
        return (self.ylim[1] - self.ylim[0]) * self.unit

    def frame(self, color: str) -> Rectangle:
        return Rectangle(width=self.width, height=self.height, stroke_color=color,
                         stroke_width=2).move_to(self.center)

    def axes(self, color: str) -> VGroup:
        """The x1 and x2 axes through the data origin, clipped to the box."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        return VGroup(Line(self.p([x0, 0]), self.p([x1, 0]), color=color, stroke_width=2),
                      Line(self.p([0, y0]), self.p([0, y1]), color=color, stroke_width=2))


PANEL_X: float = 3.85
"""Centre x of the text panel right of the plane."""
PANEL_WIDTH: float = 5.9
"""Widest a panel line may be (the frame is 14.2 wide)."""


_fit = partial(fit_width, max_width=PANEL_WIDTH)
"""Shrink a panel line to the panel's width if wider (long translations stay on screen)."""


def _still(mob) -> Animation:
    """A no-op animation: playing it with a fade keeps ``mob`` drawn in scene order, so a
    region fading in behind the data does not cover the points while it fades."""
    return Animation(mob)


def _shift(var: str, c: float, digits: int = 2) -> str:
    """``x_1 - c`` written with one sign: ``x_1 - 0.5`` or ``x_1 + 0.5``."""
    s = fmt_num(c, digits)
    if s == "0":
        return var
    return f"{var} + {s[1:]}" if s.startswith("-") else f"{var} - {s}"


def _rgb(color: str) -> np.ndarray:
    return np.array(ManimColor(color).to_rgb(), dtype=float)


def _rect_paths(x0: np.ndarray, x1: np.ndarray, y0: np.ndarray, y1: np.ndarray) -> np.ndarray:
    """Closed rectangles as straight cubic Bézier segments: (4 sides × 4 points × m, 3)."""
    corners = np.stack([np.stack([x0, y0], -1), np.stack([x1, y0], -1),
                        np.stack([x1, y1], -1), np.stack([x0, y1], -1)], 1)   # (m, 4, 2)
    a, b = corners, np.roll(corners, -1, axis=1)
    t = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, None, :, None]
    seg = a[:, :, None, :] + t * (b - a)[:, :, None, :]                       # (m, 4, 4, 2)
    pts = seg.reshape(-1, 2)
    return np.column_stack([pts, np.zeros(len(pts))])


def _region_mobject(plane: _Plane, levels: np.ndarray, colors: list[str]) -> VGroup:
    """A grid of colour levels (rows = dlmath's ys, increasing) as one filled VMobject per
    level, each made of the row runs of equal level (no per-cell squares, no raster image).

    ``levels[r, c]`` indexes ``colors``; cells are dlmath's pixel centres, so the runs tile
    the plane's box exactly.
    """
    ny, nx = levels.shape
    x_edges = plane.center[0] - plane.width / 2 + plane.width * np.arange(nx + 1) / nx
    y_edges = plane.center[1] - plane.height / 2 + plane.height * np.arange(ny + 1) / ny
    change = np.ones((ny, nx + 1), bool)
    change[:, 1:-1] = levels[:, 1:] != levels[:, :-1]
    rows, starts, ends, values = [], [], [], []
    for r in range(ny):  # ny rows of run-length encoding: small, drawing-only loop
        cuts = np.flatnonzero(change[r])
        rows.append(np.full(cuts.size - 1, r))
        starts.append(cuts[:-1])
        ends.append(cuts[1:])
        values.append(levels[r, cuts[:-1]])
    rows, starts, ends, values = (np.concatenate(a) for a in (rows, starts, ends, values))
    group = VGroup()
    for v in np.unique(values):
        m = values == v
        vm = VMobject(stroke_width=0, fill_color=colors[v], fill_opacity=1.0)
        vm.set_points(_rect_paths(x_edges[starts[m]], x_edges[ends[m]],
                                  y_edges[rows[m]], y_edges[rows[m] + 1]))
        group.add(vm)
    return group


def _tints(colors: tuple[str, ...], background: str, alpha: float) -> list[str]:
    """Class colours blended over the background (regions stay quiet behind the data)."""
    bg = _rgb(background)
    return [ManimColor.from_rgb((1 - alpha) * bg + alpha * _rgb(c)).to_hex() for c in colors]


def _region_image(plane: _Plane, labels: np.ndarray, colors: tuple[str, ...], background: str,
                  alpha: float = 0.35) -> VGroup:
    """Argmax class regions from dlmath's label grid, tinted by class colour."""
    return _region_mobject(plane, labels, _tints(colors, background, alpha))


def _boundary_lines(plane: _Plane, boundaries: tuple[Boundary, ...], color: str) -> VGroup:
    return VGroup(*(Line(plane.p(bd.start), plane.p(bd.end), color=color, stroke_width=4)
                    for bd in boundaries))


def _clouds(plane: _Plane, X: np.ndarray, y: np.ndarray, colors: tuple[str, ...],
            stroke_width: float = 6.0) -> Group:
    """One point cloud per class (never one Dot per point)."""
    return Group(*(point_cloud(plane.p(X[y == k]), colors[k], stroke_width)
                    for k in np.unique(y)))


def _num(v: float, digits: int = 2) -> str:
    """A number for a product term: negatives in parentheses."""
    s = fmt_num(v, digits)
    return f"({s})" if s.startswith("-") else s


def _pct(fraction: float) -> str:
    """An accuracy for prose and captions (the catalogue adds the % sign)."""
    return fmt_num(100 * fraction, 1)


def _matrix_tex(name: str, M: np.ndarray) -> str:
    rows = r" \\ ".join(" & ".join(fmt_num(v) for v in row) for row in np.atleast_2d(M))
    return rf"{name} = \begin{{bmatrix}} {rows} \end{{bmatrix}}"


def _row_coloured_tex(W: np.ndarray, b: np.ndarray, colors: tuple[str, ...]) -> MathTex:
    """``W = [rows], b = [...]`` with row k (and b_k) in class colour k."""
    parts = [r"W = \begin{bmatrix}"]
    for k, row in enumerate(W):
        parts += [" & ".join(fmt_num(v) for v in row)] + ([r"\\"] if k < len(W) - 1 else [])
    parts += [r"\end{bmatrix},\quad b = \begin{bmatrix}"]
    for k, v in enumerate(b):
        parts += [fmt_num(v)] + ([r"\\"] if k < len(b) - 1 else [])
    parts += [r"\end{bmatrix}"]
    tex = MathTex(*parts, font_size=style.MATH_SIZE_SMALL)
    rows = [i for i, p in enumerate(parts) if "&" in p]
    bs = [i for i in range(rows[-1] + 3, len(parts) - 1) if parts[i] != r"\\"]
    for k, (i, j) in enumerate(zip(rows, bs)):
        tex[i].set_color(colors[k])
        tex[j].set_color(colors[k])
    return tex


def _title_card(scene: DLScene, text: str) -> VGroup:
    """The title with a background strip, kept in front of everything drawn later."""
    heading = title(text)
    strip = Rectangle(width=2 * style.FRAME_HALF_WIDTH, height=heading.height + 0.45, stroke_width=0,
                      fill_color=scene.theme.background, fill_opacity=1.0).move_to(heading)
    return VGroup(strip, heading)


AXIS_NUMBER_SIZE = 24
"""Font size of a training plot's tick numbers (the smallest that reads at 1080p)."""


def _training_axes(scene: DLScene, x_max: int, x_step: int, y_max: float, y_step: float,
                   size: tuple[float, float], y: float, x_name: str) -> tuple[Axes, VGroup]:
    """A numbered training plot in the text panel (loss over steps or epochs) and its x label."""
    th = scene.theme
    ax = Axes(x_range=[0, x_max, x_step], y_range=[0, y_max, y_step], x_length=size[0],
              y_length=size[1], tips=False,
              axis_config={"color": th.muted, "include_numbers": True,
                           "font_size": AXIS_NUMBER_SIZE})
    ax.move_to([PANEL_X, y, 0])
    x_lab = label(x_name, style.FONT_SIZE_SMALL, th.muted).next_to(ax.x_axis, DOWN, buff=0.35)
    return ax, x_lab


TICK_STEPS = (10, 20, 50, 100, 200)
"""Spacings of the numbered x ticks of a training plot: the smallest that gives ≤ 6 ticks."""


def _tick_step(span: int) -> int:
    return next((t for t in TICK_STEPS if span / t <= 6), TICK_STEPS[-1])


def _det_tex(W: np.ndarray, det: float) -> str:
    """``det W = a·d − b·c = det`` with W's entries."""
    return (r"\det W = " + fmt_num(W[0, 0]) + r"\cdot" + _num(W[1, 1]) + " - " + _num(W[0, 1])
            + r"\cdot" + _num(W[1, 0]) + " = " + fmt_num(det))


def _vec(v: np.ndarray) -> str:
    """``(a, b)`` for a 2-vector."""
    return "(" + fmt_num(v[0]) + ", " + fmt_num(v[1]) + ")"


# ---------------------------------------------------------------- 1. matrices as transforms


class MatrixAsTransform(DLScene):
    """A 2×2 matrix moves î and ĵ to its columns; det is the area scale; det 0 flattens."""

    unit = 0.75
    """Scene units per data unit."""
    center = (-3.3, -0.5)
    """Where the data origin sits (left of the text panel)."""

    def construct(self) -> None:
        self.show_plane()
        self.show_basis()
        self.apply_matrix()
        self.show_determinant()
        self.collapse()

    # drawing pieces
    def _basis(self, lmap) -> tuple[Arrow, Arrow]:
        th, plane = self.theme, self.plane
        o = plane.p([0, 0])
        return (Arrow(o, plane.p(lmap.i_hat), buff=0, color=th.output, stroke_width=7),
                Arrow(o, plane.p(lmap.j_hat), buff=0, color=th.kernel, stroke_width=7))

    def _grid(self, segments: np.ndarray, color: str, width: float) -> VGroup:
        return VGroup(*(Line(self.plane.p(a), self.plane.p(b), color=color, stroke_width=width)
                        for a, b in segments))

    def _square(self, corners: np.ndarray) -> Polygon:
        th = self.theme
        return Polygon(*self.plane.p(corners), color=th.highlight, fill_color=th.highlight,
                       fill_opacity=0.35, stroke_width=3)

    def _label_spots(self, lmap, segments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where the î and ĵ labels go: the free spot nearest each arrow's tip that no grid
        line (the faint identity grid and the mapped one), arrow or square edge crosses
        (layout only: a search over candidate positions around the tip)."""
        plane = self.plane
        tips = (lmap.i_hat, lmap.j_hat)
        corners = lmap.square_image
        obstacles = [self.data.identity.lines, segments,
                     np.array([[[0.0, 0.0], tips[0]], [[0.0, 0.0], tips[1]]]),
                     np.stack([corners, np.roll(corners, -1, axis=0)], axis=1)]
        seg = plane.p(np.concatenate(obstacles))[:, :, :2]                  # (L, 2, 2) scene
        r = np.linspace(0.3, 1.6, 27)
        a = np.linspace(0, 2 * np.pi, 48, endpoint=False)
        ring = np.stack([np.outer(r, np.cos(a)).ravel(), np.outer(r, np.sin(a)).ravel()], 1)
        spots = []
        for tip, lab, others in zip(tips, self.labels, (tips[1], tips[0])):
            half = np.array([lab.width, lab.height]) / 2 + 0.08
            cands = plane.p(tip)[:2] + ring
            ok = np.ones(len(cands), bool)
            lo, hi = cands - half, cands + half
            for k in range(len(seg)):   # a few dozen segments: slab test against all candidates
                p0, d = seg[k, 0], seg[k, 1] - seg[k, 0]
                t0, t1 = np.zeros(len(cands)), np.ones(len(cands))
                for ax in (0, 1):
                    if abs(d[ax]) < 1e-12:
                        inside = (p0[ax] > lo[:, ax]) & (p0[ax] < hi[:, ax])
                        t0 = np.where(inside, t0, 2.0)
                    else:
                        u, v = (lo[:, ax] - p0[ax]) / d[ax], (hi[:, ax] - p0[ax]) / d[ax]
                        t0, t1 = np.maximum(t0, np.minimum(u, v)), np.minimum(t1, np.maximum(u, v))
                ok &= ~(t1 > t0)
            far = np.linalg.norm(cands - plane.p(others)[:2], axis=1) > 0.5
            inside = ((cands[:, 0] > -style.FRAME_HALF_WIDTH + 0.5) & (cands[:, 0] < 0.5)
                      & (cands[:, 1] > -style.FRAME_HALF_HEIGHT + 0.5) & (cands[:, 1] < 2.8))
            good = ok & far & inside
            idx = int(np.argmax(good)) if good.any() else 0
            spots.append(np.append(cands[idx], 0.0))
        return spots[0], spots[1]

    def _apply(self, lmap, segments: np.ndarray, run_time: float) -> None:
        """Move grid, basis arrows, square and the î, ĵ labels to their images under ``lmap``."""
        new_grid = self._grid(segments, self.theme.signal, 2.5)
        new_arrows = self._basis(lmap)
        spot_i, spot_j = self._label_spots(lmap, segments)
        self.play(Transform(self.grid_lines, new_grid), Transform(self.arrows[0], new_arrows[0]),
                  Transform(self.arrows[1], new_arrows[1]),
                  Transform(self.square, self._square(lmap.square_image)),
                  self.labels[0].animate.move_to(spot_i), self.labels[1].animate.move_to(spot_j),
                  run_time=run_time)

    # beats
    def show_plane(self) -> None:
        th, d = self.theme, self.data
        lim = (-d.extent, d.extent)
        self.plane = _Plane(self.center, self.unit, lim, lim)
        head = _title_card(self, self.t("transform_title"))
        background = self._grid(d.identity.lines, th.muted, 1.2)
        self.grid_lines = self._grid(d.identity.lines, th.signal, 2.5)
        self.play(Create(background), Create(self.grid_lines), Create(self.plane.axes(th.foreground)),
                  run_time=style.RUN_SLOW)
        self.add_foreground_mobject(head)
        self.play(FadeIn(head), run_time=style.RUN)

    def show_basis(self) -> None:
        th = self.theme
        self.arrows = self._basis(self.data.identity)
        self.square = self._square(self.data.identity.square_image)
        i_lab = math(r"\hat\imath", style.MATH_SIZE_SMALL, th.output)
        j_lab = math(r"\hat\jmath", style.MATH_SIZE_SMALL, th.kernel)
        self.labels = (i_lab, j_lab)
        spot_i, spot_j = self._label_spots(self.data.identity, self.data.identity.lines)
        i_lab.move_to(spot_i)
        j_lab.move_to(spot_j)
        self.play(FadeIn(self.square), Create(self.arrows[0]), Create(self.arrows[1]),
                  run_time=style.RUN)
        self.play(Write(i_lab), Write(j_lab), run_time=style.RUN_FAST)
        self.basis_text = label(self.t("basis"), style.FONT_SIZE_BODY).move_to([PANEL_X, 2.4, 0])
        self.play(FadeIn(self.basis_text), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("basis")

    def apply_matrix(self) -> None:
        """The matrix, its columns coloured like the vectors they become; then the map."""
        th, res = self.theme, self.data.transform
        self.mat = _fit(math(_matrix_tex("W", res.W))).move_to([PANEL_X, 1.2, 0])
        self.cols = VGroup(math(r"W\hat\imath = " + _vec(res.i_hat), style.MATH_SIZE, th.output),
                           math(r"W\hat\jmath = " + _vec(res.j_hat), style.MATH_SIZE, th.kernel),
                           ).arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        self.cols.next_to(self.mat, DOWN, buff=0.35)
        self.cols_text = _fit(label(self.t("columns"), style.FONT_SIZE_LABEL))
        self.cols_text.next_to(self.cols, DOWN, buff=0.3)
        self.play(Write(self.mat), run_time=style.RUN)
        self.play(FadeIn(self.cols), FadeIn(self.cols_text), run_time=style.RUN)
        self._apply(res, self.data.grid_transform, style.RUN_SLOW * 1.5)
        self.wait(style.PAUSE)
        self.beat("transform", a=fmt_num(res.i_hat[0]), b=fmt_num(res.i_hat[1]),
                  c=fmt_num(res.j_hat[0]), d=fmt_num(res.j_hat[1]))

    def show_determinant(self) -> None:
        th, res = self.theme, self.data.transform
        self.det = _fit(math(_det_tex(res.W, res.det), style.MATH_SIZE_SMALL, th.highlight))
        self.det.next_to(self.cols_text, DOWN, buff=0.45)
        self.area = _fit(label(self.t("area", det=fmt_num(res.det)), style.FONT_SIZE_LABEL))
        self.area.next_to(self.det, DOWN, buff=0.25)
        self.play(Indicate(self.square, color=th.highlight), Write(self.det), run_time=style.RUN_SLOW)
        self.play(FadeIn(self.area), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("det", det=fmt_num(res.det))

    def collapse(self) -> None:
        """Back to the identity, then a matrix with det 0 flattens the plane onto a line."""
        th, d = self.theme, self.data
        sing = d.singular
        self.play(FadeOut(VGroup(self.mat, self.cols, self.cols_text, self.det, self.area,
                                 self.basis_text)), run_time=style.RUN_FAST)
        self._apply(d.identity, d.identity.lines, style.RUN)
        mat2 = _fit(math(_matrix_tex("W", sing.W))).move_to([PANEL_X, 2.2, 0])
        det2 = _fit(math(_det_tex(sing.W, sing.det), style.MATH_SIZE_SMALL, th.highlight))
        det2.next_to(mat2, DOWN, buff=0.35)
        self.play(Write(mat2), run_time=style.RUN)
        self.play(Write(det2), run_time=style.RUN)
        self.wait(style.PAUSE)
        self._apply(sing, d.grid_singular, style.RUN_SLOW * 1.5)
        onto = math(r"\text{span}\{" + _vec(sing.image_direction) + r"\}", style.MATH_SIZE_SMALL,
                    th.signal)
        collapse = _fit(label(self.t("collapse", rank=fmt_num(sing.rank)), style.FONT_SIZE_LABEL))
        collapse.next_to(det2, DOWN, buff=0.4)
        onto.next_to(collapse, DOWN, buff=0.2)
        null = math(r"W\," + _vec(sing.null_direction) + " = (0, 0)", style.MATH_SIZE_SMALL,
                    th.negative).next_to(onto, DOWN, buff=0.35)
        null_text = _fit(label(self.t("null"), style.FONT_SIZE_LABEL)).next_to(null, DOWN, buff=0.2)
        self.play(FadeIn(collapse), Write(onto), run_time=style.RUN)
        self.play(Write(null), FadeIn(null_text), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("collapse", rank=fmt_num(sing.rank))


# ---------------------------------------------------------------- 2. the 3×2 classifier


class LinearClassifierScores(DLScene):
    """A 3×2 linear classifier: rows as templates, scores as dot products, argmax regions, training."""

    box_half = 3.0
    """Half-width of the data box in scene units (whatever the data's reach)."""
    center = (-3.35, -0.5)

    def construct(self) -> None:
        self.show_data()
        self.show_templates()
        self.show_scores()
        self.show_regions()
        self.show_training_plot()
        for i, t in enumerate(self.data.shown_steps[1:], start=1):
            self.training_step(i, t)
        self.conclude()

    # drawing pieces
    def _arrows(self, W: np.ndarray) -> VGroup:
        o = self.plane.p([0, 0])
        return VGroup(*(Arrow(o, self.plane.p(w), buff=0, color=self.theme.classes[k],
                              stroke_width=6, max_tip_length_to_length_ratio=0.35)
                        for k, w in enumerate(W)))

    def _regions(self, i: int) -> tuple[VGroup, VGroup]:
        """Regions image and boundary lines at shown step number ``i``."""
        reg, th = self.data.regions[i], self.theme
        return (_region_image(self.plane, reg.labels, th.classes, th.background, 0.35),
                _boundary_lines(self.plane, reg.boundaries, th.foreground))

    def _status(self, t: int) -> VGroup:
        hist = self.data.history
        return VGroup(math(rf"t = {fmt_num(t)},\quad L = {fmt_num(hist.loss[t])}",
                           style.MATH_SIZE_SMALL),
                      label(self.t("accuracy", acc=_pct(hist.accuracy[t])), style.FONT_SIZE_LABEL)
                      ).arrange(RIGHT, buff=0.4)

    # beats
    def show_data(self) -> None:
        th, d = self.theme, self.data
        self.plane = _Plane(self.center, self.box_half / d.lim[1], d.lim, d.lim)
        head = _title_card(self, self.t("scores_title"))
        self.add_foreground_mobject(head)
        self.clouds = _clouds(self.plane, d.data.X, d.data.y, th.classes)
        self.play(FadeIn(head), Create(self.plane.frame(th.muted)),
                  Create(self.plane.axes(th.muted)), run_time=style.RUN)
        self.play(FadeIn(self.clouds), run_time=style.RUN)
        n = fmt_num(d.data.y.size)
        self.data_text = _fit(label(self.t("three_classes", n=n), style.FONT_SIZE_LABEL))
        self.data_text.move_to([PANEL_X, 2.55, 0])
        self.play(FadeIn(self.data_text), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat("data", n=n)

    def show_templates(self) -> None:
        """W's rows are templates: one arrow per class."""
        hist = self.data.history
        self.Wtex = _row_coloured_tex(hist.W[0], hist.b[0], self.theme.classes)
        _fit(self.Wtex).move_to([PANEL_X, 1.45, 0])
        self.arrows = self._arrows(hist.W[0])
        self.rows_text = _fit(label(self.t("rows"), style.FONT_SIZE_LABEL))
        self.rows_text.next_to(self.Wtex, DOWN, buff=0.3)
        self.play(Write(self.Wtex), run_time=style.RUN)
        self.play(*(Create(a) for a in self.arrows), FadeIn(self.rows_text), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("rows")

    def show_scores(self) -> None:
        """One point's three scores as dot products; the largest wins."""
        th, st = self.theme, self.data.point
        W0 = self.data.history.W[0]
        x1, x2 = st.x
        self.dot = Dot(self.plane.p(st.x), radius=0.09, color=th.highlight)
        ring = SurroundingRectangle(self.dot, color=th.highlight, buff=0.06)
        x_tex = math(rf"x = ({fmt_num(x1)}, {fmt_num(x2)})", style.MATH_SIZE_SMALL, th.highlight)
        lines = VGroup(*(math(
            rf"s_{k + 1} = {_num(W0[k, 0])}\cdot{_num(x1)} + {_num(W0[k, 1])}\cdot{_num(x2)}"
            rf" + {_num(st.bias[k])} = {fmt_num(st.totals[k])}",
            style.MATH_SIZE_SMALL, th.classes[k]) for k in range(len(W0))))
        lines.arrange(DOWN, buff=0.22, aligned_edge=LEFT)
        block = VGroup(x_tex, lines).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        block.next_to(self.rows_text, DOWN, buff=0.35)
        _fit(block).set_x(PANEL_X)
        self.play(FadeIn(self.dot), Create(ring), Write(x_tex), run_time=style.RUN)
        for line in lines:
            self.play(Write(line), run_time=style.RUN)
        best = SurroundingRectangle(lines[st.label], color=th.highlight, buff=0.06)
        k = fmt_num(st.label + 1)
        verdict = label(self.t("argmax", k=k), style.FONT_SIZE_LABEL, th.highlight)
        verdict.next_to(block, DOWN, buff=0.3).set_x(PANEL_X)
        self.play(Create(best), FadeIn(verdict), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("scores", k=k)
        self.scores_block = VGroup(lines, best, verdict, x_tex, ring)

    def show_regions(self) -> None:
        """Every point of the plane gets the class of its best score."""
        acc = _pct(self.data.history.accuracy[0])
        self.img, self.bounds = self._regions(0)
        self.play(FadeOut(self.scores_block), run_time=style.RUN_FAST)
        self.bring_to_back(self.img)
        self.play(FadeIn(self.img), _still(self.clouds), _still(self.arrows), run_time=style.RUN_SLOW)
        self.play(Create(self.bounds), run_time=style.RUN)
        regions_text = _fit(label(self.t("regions"), style.FONT_SIZE_LABEL))
        regions_text.next_to(self.rows_text, DOWN, buff=0.35)
        bound_tex = math(r"s_i = s_j", style.MATH_SIZE_SMALL).next_to(regions_text, DOWN, buff=0.2)
        acc0 = label(self.t("accuracy", acc=acc), style.FONT_SIZE_LABEL)
        acc0.next_to(bound_tex, DOWN, buff=0.3)
        self.play(FadeIn(regions_text), Write(bound_tex), run_time=style.RUN)
        self.play(Write(acc0), FadeOut(self.dot), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("regions", acc=acc)
        self.panel_text = VGroup(self.Wtex, self.rows_text, regions_text, bound_tex, acc0,
                                 self.data_text)

    def show_training_plot(self) -> None:
        """The loss axes, the formula and the status line of step 0."""
        th, hist = self.theme, self.data.history
        self.play(FadeOut(self.panel_text), run_time=style.RUN_FAST)
        steps = int(hist.loss.size - 1)
        self.ax, x_lab = _training_axes(self, steps, _tick_step(steps),
                                        float(hist.loss.max()) * 1.05, 1, (5.2, 2.8), 0.7,
                                        self.t("step"))
        y_lab = math(r"L", style.MATH_SIZE_SMALL, th.output).next_to(self.ax.y_axis, UP, buff=0.1)
        lr = fmt_num(self.params.lr, 3)
        train_text = _fit(label(self.t("training", lr=lr), style.FONT_SIZE_LABEL))
        train_text.move_to([PANEL_X, 2.85, 0])
        formula = math(r"L = -\frac{1}{n}\sum_i \log \mathrm{softmax}(Wx_i + b)_{y_i}",
                       style.MATH_SIZE_SMALL).next_to(self.ax, DOWN, buff=0.7)
        self.play(Create(self.ax), FadeIn(x_lab), Write(y_lab), FadeIn(train_text), run_time=style.RUN)
        self.play(Write(formula), run_time=style.RUN)
        self.status = self._status(0).next_to(formula, DOWN, buff=0.35)
        self.marker = Dot(self.ax.c2p(0, hist.loss[0]), radius=0.07, color=th.output)
        self.play(FadeIn(self.status), FadeIn(self.marker), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.prev = 0

    def training_step(self, i: int, t: int) -> None:
        """Boundaries and templates move while the loss curve grows to step ``t``."""
        hist = self.data.history
        seg = curve(self.ax, np.arange(self.prev, t + 1), hist.loss[self.prev:t + 1],
                    self.theme.output, 4)
        new_img, new_bounds = self._regions(i)
        new_status = self._status(t).move_to(self.status)
        self.remove(self.img)
        self.add(new_img)
        self.bring_to_back(new_img)
        self.img = new_img
        self.play(Create(seg), self.marker.animate.move_to(self.ax.c2p(t, hist.loss[t])),
                  ReplacementTransform(self.bounds, new_bounds),
                  Transform(self.arrows, self._arrows(hist.W[t])),
                  ReplacementTransform(self.status, new_status), run_time=style.RUN)
        self.bounds, self.status, self.prev = new_bounds, new_status, t
        self.wait(style.PAUSE * 0.5)

    def conclude(self) -> None:
        hist = self.data.history
        self.wait(style.PAUSE)
        self.beat("training", steps=fmt_num(hist.loss.size - 1), loss=fmt_num(hist.loss[-1]),
                  acc=_pct(hist.accuracy[-1]))
        self.play(Indicate(self.status, color=self.theme.highlight), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("trained")


# ---------------------------------------------------------------- 3. when lines are not enough


def _tilt(mob, about: np.ndarray):
    """Turn a flat panel into an oblique 3-D view (drawing only: the 2-D camera projects
    orthographically, so rotating the mobject is the camera move)."""
    mob.rotate(-30 * DEGREES, axis=OUT, about_point=about)
    mob.rotate(-62 * DEGREES, axis=RIGHT, about_point=about)
    return mob


def _signed(v: float, digits: int = 3) -> str:
    """``+ 0.5`` or ``- 0.5``: a term after the first of a sum."""
    return ("+ " if v >= 0 else "- ") + fmt_num(abs(v), digits)


class LinesNotEnough(DLScene):
    """Circle and XOR data defeat every straight line; the lift x1² + x2² makes a plane enough."""

    unit = 0.42
    centers = ((-3.4, -0.3), (3.4, -0.3))
    z_unit = 0.1
    """Scene units per unit of x1² + x2² in the 3-D view."""

    def construct(self) -> None:
        self.show_data()
        self.fit_lines()
        self.best_lines()
        self.lift()
        self.separating_plane()
        self.back_to_the_plane()
        self.xor_feature()

    def _panel(self, plane: _Plane, fit, name: str) -> tuple:
        th = self.theme
        frame, axes = plane.frame(th.muted), plane.axes(th.muted)
        clouds = _clouds(plane, fit.data.X, fit.data.y, th.classes, stroke_width=3.0)
        name_lab = label(name, style.FONT_SIZE_LABEL).next_to(frame, UP, buff=0.12)
        return frame, axes, clouds, name_lab

    def _lifted(self, pts: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Scene points of the circle panel raised by ``z`` (before the tilt)."""
        return self.planes[0].p(pts) + np.outer(z * self.z_unit, OUT)

    # beats
    def show_data(self) -> None:
        d = self.data
        self.fits = (d.circle, d.xor)
        self.planes = [_Plane(c, self.unit, d.lim, d.lim) for c in self.centers]
        head = _title_card(self, self.t("lines_title"))
        self.add_foreground_mobject(head)
        self.play(FadeIn(head), run_time=style.RUN)
        self.panels = [self._panel(p, f, self.t(f"name_{f.data.name}"))
                       for p, f in zip(self.planes, self.fits)]
        for frame, axes, clouds, name_lab in self.panels:
            self.play(Create(frame), Create(axes), FadeIn(name_lab), run_time=style.RUN_FAST)
            self.play(FadeIn(clouds), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("nl_data", n=fmt_num(d.circle.data.y.size))

    def fit_lines(self) -> None:
        """The trained linear classifier on each data set: regions, boundary, accuracy."""
        th = self.theme
        self.line_parts = []
        for plane, fit, (frame, _axes, clouds, _name) in zip(self.planes, self.fits, self.panels):
            regions = _region_image(plane, fit.regions.labels, th.classes, th.background)
            line = _boundary_lines(plane, fit.regions.boundaries, th.foreground)
            acc = label(self.t("linear_acc", acc=_pct(fit.history.accuracy[-1])),
                        style.FONT_SIZE_SMALL).next_to(frame, DOWN, buff=0.15)
            self.bring_to_back(regions)
            self.play(FadeIn(regions), _still(clouds), Create(line), FadeIn(acc),
                      run_time=style.RUN_SLOW)
            self.line_parts.append(Group(regions, line, acc))
        self.wait(style.PAUSE)
        self.beat("nl_linear", a=_pct(self.fits[0].history.accuracy[-1]),
                  b=_pct(self.fits[1].history.accuracy[-1]))

    def best_lines(self) -> None:
        """The best any single line can do: dashed, with its accuracy."""
        th = self.theme
        self.ceilings = []
        for plane, fit, parts in zip(self.planes, self.fits, self.line_parts):
            start, end = fit.best_segment
            best_line = DashedLine(plane.p(start), plane.p(end), color=th.highlight, stroke_width=4)
            ceil = label(self.t("best_line", acc=_pct(fit.best.accuracy)), style.FONT_SIZE_SMALL,
                         th.highlight).next_to(parts[2], DOWN, buff=0.1)
            self.play(Create(best_line), FadeIn(ceil), run_time=style.RUN)
            self.ceilings.append(Group(best_line, ceil))
        self.wait(style.READ)
        self.beat("nl_ceiling", a=_pct(self.fits[0].best.accuracy),
                  b=_pct(self.fits[1].best.accuracy))

    def lift(self) -> None:
        """Lift the circle data to z = x1² + x2², seen in an oblique view."""
        th, d = self.theme, self.data
        frame, axes, clouds, _name = self.panels[0]
        self.remove(*self.line_parts[0][:2], self.ceilings[0][0])
        right = Group(*self.line_parts[1], *self.ceilings[1], self.ceilings[0][1],
                      self.line_parts[0][2], *self.panels[1], self.panels[0][3])
        self.play(FadeOut(right), run_time=style.RUN)
        self.about = self.planes[0].center
        flat = _tilt(Group(frame.copy(), axes.copy(), clouds.copy()), self.about)
        self.play(Transform(frame, flat[0]), Transform(axes, flat[1]), Transform(clouds, flat[2]),
                  run_time=style.RUN_SLOW)
        X, y = d.circle.data.X, d.circle.data.y
        lifted = _tilt(Group(*(point_cloud(self._lifted(X[y == k], d.z[y == k]), th.classes[k], 3.0)
                               for k in (0, 1))), self.about)
        self.z_axis = _tilt(Arrow(self.about, self.about + OUT * self.z_unit * 30, buff=0,
                                  color=th.muted, stroke_width=3), self.about)
        self.feature = math(r"z = x_1^2 + x_2^2", style.MATH_SIZE, th.product).move_to([PANEL_X, 2.2, 0])
        self.lift_text = _fit(label(self.t("lift"), style.FONT_SIZE_LABEL))
        self.lift_text.next_to(self.feature, DOWN, buff=0.25)
        self.play(Write(self.feature), FadeIn(self.lift_text), Create(self.z_axis), run_time=style.RUN)
        self.play(Transform(clouds, lifted), run_time=style.RUN_SLOW * 1.5)
        self.wait(style.PAUSE)
        self.beat("nl_lift")

    def separating_plane(self) -> None:
        """The plane the lifted classifier learned, and its accuracy."""
        th, d = self.theme, self.data
        (x0, x1) = d.lim
        corners = np.array([[x0, x0], [x1, x0], [x1, x1], [x0, x1]])
        self.sheet = _tilt(Polygon(*self._lifted(corners, d.corner_heights),
                                   stroke_color=th.highlight, stroke_width=2,
                                   fill_color=th.highlight, fill_opacity=0.25), self.about)
        w, c = d.plane_w, d.plane_c
        self.plane_eq = math(rf"{fmt_num(w[0], 3)}\,x_1 {_signed(w[1])}\,x_2 {_signed(w[2])}\,z "
                             rf"{_signed(c)} = 0", style.MATH_SIZE_SMALL, th.highlight)
        _fit(self.plane_eq.next_to(self.lift_text, DOWN, buff=0.45))
        acc = _pct(d.lift.accuracy[-1])
        self.lift_acc = _fit(label(self.t("lift_acc", acc=acc), style.FONT_SIZE_LABEL,
                                   th.highlight)).next_to(self.plane_eq, DOWN, buff=0.25)
        # Depth order for the orthographic camera: the class above the plane in front of the
        # translucent sheet, the class below behind it (the view is from above).
        X, y = d.circle.data.X, d.circle.data.y
        above = d.z - lm_plane_height(w, c, X) > 0
        up = int(np.argmax([above[y == k].mean() for k in (0, 1)]))
        clouds = self.panels[0][2]
        self.sheet.set_z_index(1)
        clouds[up].set_z_index(2)
        self.play(FadeIn(self.sheet), Write(self.plane_eq), run_time=style.RUN_SLOW)
        # Orbit the camera once around the lift's z axis (rotating the tilted scene about its
        # tilted z axis is the same picture): the sheet is seen to pass between the classes.
        axis = rotation_matrix(-62 * DEGREES, RIGHT) @ OUT
        lifted = Group(self.panels[0][0], self.panels[0][1], clouds, self.z_axis, self.sheet)
        self.play(Rotate(lifted, angle=2 * np.pi, axis=axis, about_point=self.about),
                  FadeIn(self.lift_acc, run_time=style.RUN), run_time=style.RUN_SLOW * 4)
        self.beat("nl_plane", acc=acc)
        self.up_cloud = clouds[up]

    def back_to_the_plane(self) -> None:
        """Seen from above, the cut of the plane is a circle."""
        th, d = self.theme, self.data
        plane0 = self.planes[0]
        frame, axes, clouds, _name = self.panels[0]
        ring3 = VMobject(stroke_color=th.foreground, stroke_width=5)
        ring3.set_points_as_corners(self._lifted(d.ring, d.ring_heights))
        _tilt(ring3, self.about)
        self.play(Create(ring3), run_time=style.RUN)
        ring2 = VMobject(stroke_color=th.foreground, stroke_width=5)
        ring2.set_points_as_corners(plane0.p(d.ring))
        flat_clouds = _clouds(plane0, d.circle.data.X, d.circle.data.y, th.classes, 3.0)
        self.up_cloud.set_z_index(0)
        self.play(FadeOut(self.sheet), FadeOut(self.z_axis), Transform(clouds, flat_clouds),
                  FadeIn(self.panels[0][3]),
                  Transform(frame, plane0.frame(th.muted)), Transform(axes, plane0.axes(th.muted)),
                  Transform(ring3, ring2), run_time=style.RUN_SLOW)
        regions = _region_image(plane0, d.lift_regions.labels, th.classes, th.background)
        self.bring_to_back(regions)
        circle_eq = math(rf"({_shift('x_1', d.centre[0], 3)})^2 + ({_shift('x_2', d.centre[1], 3)})^2 = "
                         rf"{fmt_num(d.radius, 3)}^2", style.MATH_SIZE_SMALL, th.foreground)
        _fit(circle_eq.next_to(self.lift_acc, DOWN, buff=0.45))
        back_text = _fit(label(self.t("back"), style.FONT_SIZE_LABEL)).next_to(circle_eq, DOWN, buff=0.25)
        self.play(FadeIn(regions), _still(clouds), _still(ring3), Write(circle_eq),
                  FadeIn(back_text), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("nl_back", r=fmt_num(d.radius))
        self.lift_panel = VGroup(self.feature, self.lift_text, self.plane_eq, self.lift_acc,
                                 circle_eq, back_text)

    def xor_feature(self) -> None:
        """The same idea for XOR: the product feature x1·x2."""
        th, d = self.theme, self.data
        self.play(FadeOut(self.lift_panel), run_time=style.RUN_FAST)
        frame1, axes1, clouds1, name1 = self._panel(self.planes[1], d.xor, self.t("name_xor"))
        regions1 = _region_image(self.planes[1], d.xor_regions.labels, th.classes, th.background)
        acc = _pct(d.xor_lift.accuracy[-1])
        xor_feat = math(r"x_1 x_2", style.MATH_SIZE_SMALL, th.product)
        xor_acc = label(self.t("xor_acc", acc=acc), style.FONT_SIZE_SMALL, th.highlight)
        VGroup(xor_feat, xor_acc).arrange(RIGHT, buff=0.25).next_to(frame1, DOWN, buff=0.15)
        circ_acc = VGroup(math(r"x_1^2 + x_2^2", style.MATH_SIZE_SMALL, th.product),
                          label(self.t("xor_acc", acc=_pct(d.lift.accuracy[-1])),
                                style.FONT_SIZE_SMALL, th.highlight)).arrange(RIGHT, buff=0.25)
        circ_acc.next_to(self.panels[0][0], DOWN, buff=0.15)
        self.play(Create(frame1), Create(axes1), FadeIn(name1), FadeIn(clouds1), run_time=style.RUN)
        self.bring_to_back(regions1)
        self.play(FadeIn(regions1), _still(clouds1), Write(xor_feat), FadeIn(xor_acc),
                  FadeIn(circ_acc), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("nl_features", acc=acc)


# ---------------------------------------------------------------- 4. uncrumpling the plane


def _polylines(points: np.ndarray, n_lines: int, color: str, width: float) -> VMobject:
    """``n_lines`` polylines of equally many points (rows of ``points``, scene coords) as
    one VMobject with one subpath each."""
    vm = VMobject(stroke_color=color, stroke_width=width)
    for line in np.split(points, n_lines):
        vm.start_new_path(line[0])
        vm.add_points_as_corners(line[1:])
    return vm


_STAGE_TEX = {"input": "x", "W1": r"W_1 x", "+b1": r"W_1 x + b_1",
              "f1": r"h_1 = \tanh(W_1 x + b_1)", "W2": r"W_2 h_1", "+b2": r"W_2 h_1 + b_2",
              "f2": r"h_2 = \tanh(W_2 h_1 + b_2)"}
"""What each stage of the 2-2-2 network is, in the scene's notation."""


class Uncrumpling(DLScene):
    """A 2-2-2 tanh network on XOR, layer by layer: each layer bends the plane until a line separates."""

    view_radius = 2.6
    """Half-size (scene units) of the view every stage is scaled to."""
    center = (-3.1, -0.45)

    def construct(self) -> None:
        self.show_input()
        for s, name in enumerate(self.data.points.names[1:], start=1):
            self.stage(s, name)
        self.separate()

    def _scale(self, stage: int) -> float:
        """Zoom of a stage: its data fill the view (layout only)."""
        return self.view_radius / self.data.reach[stage]

    def _stage_points(self, pts: np.ndarray, stage: int) -> np.ndarray:
        c = np.array([self.center[0], self.center[1], 0.0])
        return c + np.column_stack([pts * self._scale(stage), np.zeros(len(pts))])

    def _draw(self, stage: int) -> tuple[VMobject, Group]:
        th, d = self.theme, self.data
        grid = _polylines(self._stage_points(d.grid.stages[stage], stage), d.n_grid_lines,
                          th.muted, 1.5)
        pts, y = d.points.stages[stage], d.data.y
        clouds = Group(*(point_cloud(self._stage_points(pts[y == k], stage), th.classes[k], 6.0)
                         for k in (0, 1)))
        return grid, clouds

    def _best_label(self, best):
        return label(self.t("best_line", acc=_pct(best.accuracy)), style.FONT_SIZE_LABEL,
                     self.theme.highlight)

    # beats
    def show_input(self) -> None:
        th, d, p = self.theme, self.data, self.params
        head = _title_card(self, self.t("uncrumple_title"))
        self.grid, self.clouds = self._draw(0)
        self.play(Create(self.grid), run_time=style.RUN_SLOW)
        self.add_foreground_mobject(head)
        self.play(FadeIn(head), FadeIn(self.clouds), run_time=style.RUN)
        net = VGroup(math(_STAGE_TEX["f1"], style.MATH_SIZE_SMALL),
                     math(_STAGE_TEX["f2"], style.MATH_SIZE_SMALL),
                     math(r"p = \mathrm{softmax}(W_3 h_2 + b_3)", style.MATH_SIZE_SMALL)
                     ).arrange(DOWN, buff=0.12).move_to([PANEL_X, 2.3, 0])
        acc_all = VGroup(
            _fit(label(self.t("net_setup", epochs=fmt_num(p.epochs), l2=fmt_num(p.l2, 4)),
                       style.FONT_SIZE_LABEL)),
            _fit(label(self.t("net_acc", acc=_pct(d.history.train_acc[-1])),
                       style.FONT_SIZE_LABEL))).arrange(DOWN, buff=0.1)
        acc_all.next_to(net, DOWN, buff=0.2)
        self.stage_tex = math("x", style.MATH_SIZE, th.signal).move_to([PANEL_X, 0.3, 0])
        self.best_lab = self._best_label(d.best_input).move_to([PANEL_X, -2.6, 0])
        self.play(Write(net), FadeIn(acc_all), run_time=style.RUN)
        self.play(Write(self.stage_tex), FadeIn(self.best_lab), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("uc_input", acc=_pct(d.best_input.accuracy))
        self.numbers = None

    def _show_layer_numbers(self, layer: int) -> None:
        """W_l and b_l of the layer about to act."""
        mlp = self.data.history.params
        W, b = mlp.weights[layer - 1], mlp.biases[layer - 1]
        new = VGroup(math(_matrix_tex(f"W_{layer}", W), style.MATH_SIZE_SMALL),
                     math(_matrix_tex(f"b_{layer}", b[:, None]), style.MATH_SIZE_SMALL)
                     ).arrange(RIGHT, buff=0.5)
        _fit(new).move_to([PANEL_X, -1.05, 0])
        self.play(FadeOut(self.numbers) if self.numbers is not None else Wait(0.01),
                  FadeIn(new), run_time=style.RUN_FAST)
        self.numbers = new

    def stage(self, s: int, name: str) -> None:
        """One operation (W_l, +b_l or tanh) applied to the grid and the data."""
        layer = int(name[-1])
        if name.startswith("W"):
            self._show_layer_numbers(layer)
        new_grid, new_clouds = self._draw(s)
        new_tex = math(_STAGE_TEX[name], style.MATH_SIZE, self.theme.signal).move_to(self.stage_tex)
        self.play(Transform(self.grid, new_grid), Transform(self.clouds, new_clouds),
                  ReplacementTransform(self.stage_tex, new_tex), run_time=style.RUN_SLOW)
        self.stage_tex = new_tex
        if not name.startswith("f"):
            self.wait(style.PAUSE * 0.5)
            return
        best = self.data.best_hidden[layer - 1]
        new_best = self._best_label(best).move_to(self.best_lab)
        self.play(ReplacementTransform(self.best_lab, new_best), run_time=style.RUN_FAST)
        self.best_lab = new_best
        self.wait(style.PAUSE)
        self.beat(f"uc_layer{layer}", acc=_pct(best.accuracy))

    def separate(self) -> None:
        """In the last layer's plane, the output layer is one straight line."""
        th, d = self.theme, self.data
        last = len(d.reach) - 1
        r = d.reach[last]
        plane = _Plane(self.center, self._scale(last), (-r, r), (-r, r))
        regions = _region_image(plane, d.output_regions.labels, th.classes, th.background)
        line = _boundary_lines(plane, d.output_regions.boundaries, th.foreground)
        self.bring_to_back(regions)
        out_tex = math(r"W_3 h_2 + b_3", style.MATH_SIZE, th.output).move_to(self.stage_tex)
        self.play(FadeIn(regions), _still(self.grid), _still(self.clouds), Create(line),
                  ReplacementTransform(self.stage_tex, out_tex), run_time=style.RUN_SLOW)
        acc = _pct(d.history.train_acc[-1])
        sep = _fit(label(self.t("separated", acc=acc), style.FONT_SIZE_LABEL))
        sep.next_to(self.best_lab, UP, buff=0.3)
        self.play(FadeIn(sep), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("uc_separated", acc=acc)


# ---------------------------------------------------------------- 5. playground


def _heat_levels(regions: Regions, n_bins: int) -> np.ndarray:
    """Colour level of each cell: predicted class × confidence bin of |2p − 1| (display only)."""
    conf = np.abs(2 * regions.probs - 1)
    bins = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    return regions.labels * n_bins + bins


def _heat_map(scene: DLScene, plane: _Plane, regions: Regions, n_bins: int = 4) -> VGroup:
    """Playground-style decision heat map: class colour, stronger where the net is surer."""
    th = scene.theme
    colors = []
    for k in (0, 1):
        for i in range(n_bins):
            colors += _tints((th.classes[k],), th.background, 0.12 + 0.5 * (i + 0.5) / n_bins)
    return _region_mobject(plane, _heat_levels(regions, n_bins), colors)


class PlaygroundSpiral(DLScene):
    """Playground: an MLP learns the spiral; train vs test loss; then L2 and dropout narrow the gap."""

    unit = 0.45
    center = (-3.5, -0.45)
    small = 0.29
    """Scene units per data unit of the three side-by-side nets."""

    def construct(self) -> None:
        self.show_data()
        self.show_training_plot()
        for i, e in enumerate(self.data.shown_epochs[1:], start=1):
            self.training_epoch(i, e)
        self.show_gap()
        for i in range(3):
            self.compare(i)
        self.conclude()

    def _status(self, e: int) -> VGroup:
        h = self.data.plain
        return VGroup(
            label(self.t("epoch_n", e=fmt_num(e)), style.FONT_SIZE_SMALL),
            math(rf"L_\text{{train}} = {fmt_num(h.train_loss[e])},\ "
                 rf"L_\text{{test}} = {fmt_num(h.test_loss[e])}", style.MATH_SIZE_SMALL),
        ).arrange(RIGHT, buff=0.3)

    def _losses(self, h: MLPHistory) -> VGroup:
        return VGroup(
            math(rf"L_\text{{train}} = {fmt_num(h.train_loss[-1])},\ "
                 rf"L_\text{{test}} = {fmt_num(h.test_loss[-1])}", style.MATH_SIZE_SMALL),
            label(self.t("test_acc", acc=_pct(h.test_acc[-1])), style.FONT_SIZE_SMALL),
        ).arrange(DOWN, buff=0.12)

    def _swap_heat(self, regions: Regions) -> None:
        new_heat = _heat_map(self, self.plane, regions)
        self.remove(self.heat)
        self.add(new_heat)
        self.bring_to_back(new_heat)
        self.heat = new_heat

    # beats
    def show_data(self) -> None:
        th, d, p = self.theme, self.data, self.params
        self.plane = _Plane(self.center, self.unit, d.lim, d.lim)
        head = _title_card(self, self.t("playground_title"))
        self.add_foreground_mobject(head)
        self.frame = self.plane.frame(th.muted)
        self.train_pts = _clouds(self.plane, d.X_train, d.y_train, th.classes, stroke_width=6.0)
        n, m = fmt_num(d.y_train.size), fmt_num(d.y_test.size)
        layers = " × ".join(fmt_num(w) for w in p.hidden)
        self.setup_text = VGroup(
            _fit(label(self.t("setup_data", n=n, m=m), style.FONT_SIZE_LABEL)),
            _fit(label(self.t("setup_layers", layers=layers, act=p.activation),
                       style.FONT_SIZE_LABEL)),
            _fit(label(self.t("setup_opt", lr=fmt_num(p.lr, 3), batch=fmt_num(p.batch_size)),
                       style.FONT_SIZE_LABEL)),
        ).arrange(DOWN, buff=0.1)
        self.setup_text.move_to([PANEL_X, 2.9 - self.setup_text.height / 2, 0])
        self.play(FadeIn(head), Create(self.frame), run_time=style.RUN)
        self.play(FadeIn(self.train_pts), FadeIn(self.setup_text), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("pg_data", n=n, m=m)

    def show_training_plot(self) -> None:
        """Loss axes and legend; the untrained net's heat map and status."""
        th, d = self.theme, self.data
        epochs = d.shown_epochs[-1]
        self.ax, self.x_lab = _training_axes(self, epochs, _tick_step(epochs),
                                             d.loss_top * 1.05, 0.2, (5.0, 2.6), -0.4,
                                             self.t("epoch"))
        self.legend = VGroup(label(self.t("train_loss"), style.FONT_SIZE_SMALL, th.output),
                             label(self.t("test_loss"), style.FONT_SIZE_SMALL, th.negative)
                             ).arrange(RIGHT, buff=0.5).next_to(self.ax, UP, buff=0.15)
        self.play(Create(self.ax), FadeIn(self.x_lab), FadeIn(self.legend), run_time=style.RUN)
        self.heat = _heat_map(self, self.plane, d.heat[0])
        self.bring_to_back(self.heat)
        self.play(FadeIn(self.heat), _still(self.train_pts), run_time=style.RUN)
        self.status = self._status(0).next_to(self.ax, DOWN, buff=0.7)
        self.play(FadeIn(self.status), run_time=style.RUN_FAST)
        self.prev, self.curves = 0, VGroup()

    def training_epoch(self, i: int, e: int) -> None:
        """Heat map of epoch ``e``; both loss curves grow to it."""
        th, h = self.theme, self.data.plain
        xs = np.arange(self.prev, e + 1)
        tr = curve(self.ax, xs, h.train_loss[self.prev:e + 1], th.output, 3)
        te = curve(self.ax, xs, h.test_loss[self.prev:e + 1], th.negative, 3)
        new_status = self._status(e).move_to(self.status)
        self._swap_heat(self.data.heat[i])
        self.play(Create(tr), Create(te), ReplacementTransform(self.status, new_status),
                  run_time=style.RUN_SLOW)
        self.curves.add(tr, te)
        self.status, self.prev = new_status, e

    def show_gap(self) -> None:
        h = self.data.plain
        self.wait(style.PAUSE)
        self.beat("pg_training", epochs=fmt_num(self.prev), train=fmt_num(h.train_loss[-1]),
                  test=fmt_num(h.test_loss[-1]))
        gap = _fit(label(self.t("gap"), style.FONT_SIZE_LABEL, self.theme.negative))
        gap.next_to(self.status, DOWN, buff=0.25)
        self.play(FadeIn(gap), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("pg_gap")
        self.play(FadeOut(VGroup(self.ax, self.curves, self.x_lab, self.legend, self.status, gap,
                                 self.setup_text)),
                  FadeOut(self.train_pts), FadeOut(self.frame), FadeOut(self.heat), run_time=style.RUN)

    def compare(self, i: int) -> None:
        """Net ``i`` of plain, L2, dropout: its regions and final losses, side by side."""
        th, d, p = self.theme, self.data, self.params
        h = (d.plain, d.with_l2, d.with_dropout)[i]
        name = (self.t("plain"), self.t("with_l2", l2=fmt_num(p.l2, 4)),
                self.t("with_dropout", rate=fmt_num(p.dropout)))[i]
        plane = _Plane((-4.6 + 4.6 * i, 0.1), self.small, d.lim, d.lim)
        hm = _heat_map(self, plane, d.final_regions[i])
        pts = _clouds(plane, d.X_train, d.y_train, th.classes, stroke_width=4.0)
        title_i = fit_width(label(name, style.FONT_SIZE_LABEL), 4.4).next_to(hm, UP, buff=0.15)
        nums = self._losses(h).next_to(hm, DOWN, buff=0.2)
        self.play(FadeIn(hm), FadeIn(pts), FadeIn(title_i), run_time=style.RUN)
        self.play(FadeIn(nums), run_time=style.RUN)
        self.wait(style.PAUSE)
        if i == 0:
            self.beat("pg_plain", train=fmt_num(h.train_loss[-1]), test=fmt_num(h.test_loss[-1]))
        elif i == 1:
            plain = d.plain
            self.beat("pg_l2", l2=fmt_num(p.l2, 4), plain=fmt_num(plain.test_loss[-1]),
                      test=fmt_num(h.test_loss[-1]), pacc=_pct(plain.test_acc[-1]),
                      acc=_pct(h.test_acc[-1]))

    def conclude(self) -> None:
        d = self.data
        h, plain = d.with_dropout, d.plain
        self.wait(style.READ)
        self.beat("pg_dropout", test=fmt_num(h.test_loss[-1]), acc=_pct(h.test_acc[-1]),
                  gap=fmt_num(h.test_loss[-1] - h.train_loss[-1]),
                  pgap=fmt_num(plain.test_loss[-1] - plain.train_loss[-1]))
