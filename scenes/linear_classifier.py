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
    Matrix,
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
from manim import ORIGIN, GrowArrow, Mobject, Square, ValueTracker  # ColumnView, WhyNonLinearity
from manim import MoveToTarget  # ColumnView
from scenes.common import spread_apart  # Regularisation

__all__ = [
    "MatrixAsTransform",
    "LinearClassifierScores",
    "LinesNotEnough",
    "Uncrumpling",
    "PlaygroundSpiral",
    "Regularisation",
    "ColumnView",
    "WhyNonLinearity",
    "FourPixelColumns",
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


def _row_coloured_tex(W: np.ndarray, b: np.ndarray | None, colors: tuple[str, ...]) -> VGroup:
    """``W = [rows], b = [...]`` (or ``W = [rows]`` alone) with row k (and b_k) in class colour
    k (Manim matrices: their rows are separate mobjects, so a colour never slips onto the
    neighbouring row)."""
    size = style.MATH_SIZE_SMALL
    cfg = {"element_to_mobject_config": {"font_size": size}, "h_buff": 0.95, "v_buff": 0.46,
           "bracket_h_buff": 0.12}
    W_mat = Matrix([[fmt_num(v) for v in row] for row in W], **cfg)
    for row, color in zip(W_mat.get_rows(), colors):
        row.set_color(color)
    if b is None:
        return VGroup(math("W =", size), W_mat).arrange(RIGHT, buff=0.2)
    b_mat = Matrix([[fmt_num(v)] for v in b], **cfg)
    for entry, color in zip(b_mat.get_rows(), colors):
        entry.set_color(color)
    return VGroup(math("W =", size), W_mat, math(r",\quad b =", size), b_mat).arrange(RIGHT, buff=0.2)


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
        self.wait(2 * style.READ)  # the takeaway det W stays ≥ 5 s
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
        # the square's image has area 0: it is dropped, so the line is drawn in one colour
        self.play(FadeIn(collapse), Write(onto), FadeOut(self.square), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("collapse", rank=fmt_num(sing.rank))
        # the null direction, dashed through the origin across the window (layout: ±extent)
        ends = np.array([-1.0, 1.0])[:, None] * d.extent * sing.null_direction
        null_line = DashedLine(*self.plane.p(ends), color=th.negative, stroke_width=5,
                               dash_length=0.18)
        null_label = math(_vec(sing.null_direction), style.MATH_SIZE_SMALL, th.negative)
        span = self.plane.p(np.array([-1.0, 1.0])[:, None] * d.extent * sing.image_direction)
        grid = [tuple(self.plane.p(seg)) for seg in d.identity.lines]
        _place_near(null_label, self.plane.p(ends[1]),
                    [tuple(span), tuple(self.plane.p(ends)), *grid], [*self.labels],
                    (-style.FRAME_HALF_WIDTH + 0.45, 0.5, -style.FRAME_HALF_HEIGHT + 0.45, 2.6))
        self.play(Write(null), FadeIn(null_text), Create(null_line), FadeIn(null_label),
                  run_time=style.RUN)
        self.wait(style.CONCLUSION_HOLD + style.PAUSE)  # the last picture, held ≥ 5.5 s
        self.beat("null", v=_vec(sing.null_direction))


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
        _fit(self.Wtex).next_to(self.data_text, DOWN, buff=0.3).set_x(PANEL_X)
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
                                        float(hist.loss.max()) * 1.05, 1, (5.2, 2.6), 0.45,
                                        self.t("step"))
        y_lab = math(r"L", style.MATH_SIZE_SMALL, th.output).next_to(self.ax.y_axis, UP, buff=0.1)
        lr = fmt_num(self.params.lr, 3)
        train_text = _fit(label(self.t("training", lr=lr), style.FONT_SIZE_LABEL))
        # below the title card's strip (it reaches y ≈ 2.87 and stays in front)
        train_text.move_to([PANEL_X, SETUP_TOP - 0.25, 0])
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
        r = d.output_box
        plane = _Plane(self.center, self._scale(last), (-r, r), (-r, r))
        self._show_layer_numbers(len(d.history.params.weights))  # W_3, b_3: the output layer
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


SETUP_TOP: float = 2.75
"""Top of the setup lines under the title card: the Korean title (Noto CJK) makes the card's
strip reach down to y ≈ 2.87, which hid the first line at 2.9."""
_FEATURE_TEX = {"x1": "x_1", "x2": "x_2", "x1^2": "x_1^2", "x2^2": "x_2^2", "x1x2": "x_1 x_2",
                "sin_x1": r"\sin x_1", "sin_x2": r"\sin x_2"}
"""How each Playground feature name of the lesson is written on screen."""
_FEATURE_PROSE = {"x1": "x1", "x2": "x2", "x1^2": "x1²", "x2^2": "x2²", "x1x2": "x1·x2",
                  "sin_x1": "sin x1", "sin_x2": "sin x2"}
"""The same names in captions (plain text, never beside LaTeX)."""


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
    """Playground: a big MLP overfits the spiral; the notes' small net on derived features does better."""

    unit = 0.45
    center = (-3.5, -0.45)
    pair_unit = 0.33
    """Scene units per data unit of the two side-by-side nets."""

    def construct(self) -> None:
        self.show_data()
        self.show_training_plot()
        for i, e in enumerate(self.data.shown_epochs[1:], start=1):
            self.training_epoch(i, e)
        self.show_gap()
        for i in range(2):
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
        self.head = head = _title_card(self, self.t("playground_title"))
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
        self.setup_text.move_to([PANEL_X, SETUP_TOP - self.setup_text.height / 2, 0])
        self.play(FadeIn(head), Create(self.frame), run_time=style.RUN)
        self.play(FadeIn(self.train_pts), FadeIn(self.setup_text), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("pg_data", n=n, m=m)

    def show_training_plot(self) -> None:
        """Loss axes and legend; the untrained net's heat map and status."""
        th, d = self.theme, self.data
        epochs = d.shown_epochs[-1]
        self.ax, self.x_lab = _training_axes(self, epochs, _tick_step(epochs),
                                             d.loss_top * 1.05, 0.2, (5.0, 2.0), -0.4,
                                             self.t("epoch"))
        self.x_lab.next_to(self.ax.x_axis, DOWN, buff=0.15)  # room for the status and the gap
        self.legend = VGroup(label(self.t("train_loss"), style.FONT_SIZE_SMALL, th.output),
                             label(self.t("test_loss"), style.FONT_SIZE_SMALL, th.negative)
                             ).arrange(RIGHT, buff=0.5).next_to(self.ax, UP, buff=0.15)
        self.play(Create(self.ax), FadeIn(self.x_lab), FadeIn(self.legend), run_time=style.RUN)
        self.heat = _heat_map(self, self.plane, d.heat[0])
        self.bring_to_back(self.heat)
        self.play(FadeIn(self.heat), _still(self.train_pts), run_time=style.RUN)
        self.status = self._status(0).next_to(self.x_lab, DOWN, buff=0.2).set_x(
            self.ax.get_center()[0])
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
        gap.next_to(self.status, DOWN, buff=0.2)
        self.play(FadeIn(gap), run_time=style.RUN)
        self.wait(2 * style.READ)  # the overfitting takeaway stays ≥ 5 s
        self.beat("pg_gap")
        self.play(FadeOut(VGroup(self.ax, self.curves, self.x_lab, self.legend, self.status, gap,
                                 self.setup_text)),
                  FadeOut(self.train_pts), FadeOut(self.frame), FadeOut(self.heat), run_time=style.RUN)

    def compare(self, i: int) -> None:
        """Net ``i`` of (big raw-input, notes-style on derived features): its regions, inputs,
        final losses and parameter count, side by side."""
        th, d, p = self.theme, self.data, self.params
        h = (d.plain, d.with_features)[i]
        if i == 0:
            name = self.t("raw_net", layers=" × ".join(fmt_num(w) for w in p.hidden),
                          act=p.activation)
            inputs = r"x_1,\ x_2"
        else:
            name = self.t("feature_net", layers=" × ".join(fmt_num(w) for w in p.feature_hidden),
                          act=p.feature_activation)
            inputs = r",\ ".join(_FEATURE_TEX[f] for f in p.features)
        plane = _Plane((-3.45 + 6.9 * i, -0.3), self.pair_unit, d.lim, d.lim)
        hm = _heat_map(self, plane, d.final_regions[i])
        pts = _clouds(plane, d.X_train, d.y_train, th.classes, stroke_width=4.0)
        head = VGroup(fit_width(label(name, style.FONT_SIZE_LABEL), 6.4),
                      fit_width(math(inputs, style.MATH_SIZE_SMALL, th.signal), 6.4)
                      ).arrange(DOWN, buff=0.12).next_to(hm, UP, buff=0.15)
        nums = VGroup(self._losses(h), label(self.t("n_params", n=fmt_num(d.param_counts[i])),
                                             style.FONT_SIZE_SMALL, th.kernel)
                      ).arrange(DOWN, buff=0.12).next_to(hm, DOWN, buff=0.2)
        self.play(FadeIn(hm), FadeIn(pts), FadeIn(head), run_time=style.RUN)
        self.play(FadeIn(nums), run_time=style.RUN)
        self.wait(style.PAUSE)
        if i == 0:
            self.beat("pg_raw", layers=str(len(p.hidden)), n=fmt_num(d.param_counts[0]),
                      test=fmt_num(h.test_loss[-1]), acc=_pct(h.test_acc[-1]))
        else:
            raw = d.plain
            self.beat("pg_features", layers=str(len(p.feature_hidden)),
                      width=" × ".join(fmt_num(w) for w in p.feature_hidden),
                      inputs=", ".join(_FEATURE_PROSE[f] for f in p.features),
                      n=fmt_num(d.param_counts[1]), test=fmt_num(h.test_loss[-1]),
                      rtest=fmt_num(raw.test_loss[-1]), acc=_pct(h.test_acc[-1]),
                      racc=_pct(raw.test_acc[-1]))

    def conclude(self) -> None:
        """The takeaway on screen, under both nets."""
        # in the title's place: both nets fill the frame below it
        lesson = title(self.t("pg_lesson_text")).set_color(self.theme.highlight)
        self.play(FadeOut(self.head[1]), FadeIn(lesson), run_time=style.RUN)
        self.add_foreground_mobject(lesson)
        self.wait(style.CONCLUSION_HOLD + style.PAUSE)  # the takeaway: fully shown well over 5 s
        self.beat("pg_lesson")


# ---------------------------------------------------------------- 6. the column view (issue 16)


class _View3D:
    """An orthographic view of 3-D class-score space (drawing only): azimuth ``az`` about the
    vertical s₃ axis, fixed elevation; text is never rotated, only placed at projected points."""

    def __init__(self, center: tuple[float, float], unit: float, az: float, el: float) -> None:
        self.center = np.array([center[0], center[1], 0.0])
        self.unit, self.az, self.el = unit, az, el

    def p(self, pts: object) -> np.ndarray:
        """Scene coordinates of points ``(..., 3)`` seen from the current azimuth."""
        a = np.asarray(pts, dtype=float)
        ca, sa, se, ce = np.cos(self.az), np.sin(self.az), np.sin(self.el), np.cos(self.el)
        x = -sa * a[..., 0] + ca * a[..., 1]
        y = -ca * se * a[..., 0] - sa * se * a[..., 1] + ce * a[..., 2]
        flat = np.stack([x, y, np.zeros_like(x)], axis=-1)
        return self.center + self.unit * flat


def _segments_points(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Straight segments (scene coords) as one VMobject's Bézier points, a subpath each."""
    t = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, :, None]
    return (starts[:, None, :] + t * (ends - starts)[:, None, :]).reshape(-1, 3)


class _ScoreSpace:
    """Everything ColumnView draws in 3-D, redrawn in place from a state (W's columns, the
    mapped points, the image of the pixel square) and the view's azimuth."""

    def __init__(self, scene: DLScene, view: _View3D) -> None:
        self.scene, self.view = scene, view
        th = scene.theme
        self.axes = VGroup(*(Line(ORIGIN, RIGHT, color=th.muted, stroke_width=3)
                             for _ in range(3)))
        self.axis_labels = VGroup(*(math(f"s_{k + 1}", style.MATH_SIZE_SMALL, th.muted)
                                    for k in range(3)))
        self.targets = VGroup(*(Dot(radius=0.1, color=th.classes[k]) for k in range(3)))
        self.sheet = Polygon(ORIGIN, RIGHT, UP, stroke_width=2, stroke_color=th.signal,
                             fill_color=th.signal, fill_opacity=0.12)
        self.grid = VMobject(stroke_color=th.signal, stroke_width=1.2, stroke_opacity=0.6)
        self.cols = VGroup(*(Arrow(ORIGIN, RIGHT, buff=0) for _ in range(2)))
        self.col_labels = VGroup(*(math(f"w_{j + 1}", style.MATH_SIZE_SMALL) for j in range(2)))
        y = scene.data.data.y
        self.clouds = Group(*(point_cloud(np.zeros((int((y == k).sum()), 3)), th.classes[k], 7.0)
                              for k in range(3)))
        self.dist = VGroup(*(VMobject(stroke_color=th.classes[k], stroke_width=1.6,
                                      stroke_opacity=0.8) for k in range(3)))
        self.state: dict[str, np.ndarray] = {}

    def set_state(self, cols: np.ndarray, mapped: np.ndarray, square: np.ndarray,
                  grid: np.ndarray) -> None:
        self.state = {"cols": cols, "mapped": mapped, "square": square, "grid": grid}

    def blend(self, a: dict, b: dict, u: float) -> None:
        """A drawing tween between two computed states (a linear map tweens linearly)."""
        self.state = {k: (1 - u) * a[k] + u * b[k] for k in a}

    def refresh(self, y: np.ndarray) -> None:
        v, th, s = self.view, self.scene.theme, self.state
        o = v.p([0, 0, 0])
        for k, (line, lab) in enumerate(zip(self.axes, self.axis_labels)):
            e = np.eye(3)[k]
            line.put_start_and_end_on(v.p(-0.25 * e), v.p(1.4 * e))
            lab.move_to(v.p(1.58 * e))
            self.targets[k].move_to(v.p(e))
        if not s:
            return
        self.sheet.set_points_as_corners([*v.p(s["square"]), v.p(s["square"][0])])
        g = s["grid"]
        self.grid.set_points(_segments_points(v.p(g[:, 0]), v.p(g[:, 1])))
        for j, (arrow, lab) in enumerate(zip(self.cols, self.col_labels)):
            tip = v.p(s["cols"][j])
            arrow.become(Arrow(o, tip, buff=0, color=th.foreground, stroke_width=6,
                               max_tip_length_to_length_ratio=0.2))
            direction = tip - o
            lab.move_to(tip + 0.32 * direction / max(np.linalg.norm(direction), 1e-6))
        pts = v.p(s["mapped"])
        for k in range(3):
            self.clouds[k].points = pts[y == k]
            ends = np.repeat(v.p(np.eye(3)[k])[None], int((y == k).sum()), axis=0)
            self.dist[k].set_points(_segments_points(pts[y == k], ends))


class ColumnView(DLScene):
    """The 3×2 classifier read by columns: x scales w₁, w₂ in 3-D score space; MSE to the corners."""

    center = (-3.05, -1.0)
    unit = 2.15
    """Scene units per unit of score when the drawing reaches at most :attr:`reach` (the
    default run reaches 1.08); a run that reaches further is drawn smaller."""
    reach = 1.1
    azimuth = 25 * DEGREES
    elevation = 22 * DEGREES
    final_azimuth = 200 * DEGREES
    """The last view nearly faces the trained columns' plane, so w₁, w₂ and the sum stand
    apart (layout, chosen for the default run; another run's plane may be seen more obliquely)."""

    def construct(self) -> None:
        self.show_space()
        self.show_columns()
        self.tip_to_tail()
        self.input_plane()
        self.show_targets()
        self.show_loss()
        for i in range(1, len(self.data.shown_steps)):
            self.training_step(i)
        self.floor()
        self.rows_and_columns()

    def _state(self, i: int) -> dict:
        d = self.data
        return {"cols": d.history.W[d.shown_steps[i]].T, "mapped": d.mapped[i],
                "square": d.square[i], "grid": d.grid[i]}

    def _orbit(self, angle: float, run_time: float, *anims) -> None:
        """Turn the view about the vertical axis (the camera orbits; text stays upright)."""
        az = ValueTracker(self.view.az)
        start = self.view.az

        def turn(_mob) -> None:
            self.view.az = az.get_value()
            self.space.refresh(self.data.data.y)

        self.world.add_updater(turn)
        self.play(az.animate.set_value(start + angle), *anims, run_time=run_time)
        self.world.remove_updater(turn)

    def _arrows(self, c, part_width: float = 6) -> tuple[VGroup, Arrow]:
        """x₁w₁ and x₂w₂ tip to tail (product colour) and their sum W x (highlight)."""
        th, path = self.theme, self.view.p(c.path)
        parts = VGroup(*(Arrow(a, b, buff=0, color=th.product, stroke_width=part_width,
                               max_tip_length_to_length_ratio=0.2)
                         for a, b in zip(path[:-1], path[1:])))
        total = Arrow(path[0], path[-1], buff=0, color=th.highlight, stroke_width=7,
                      max_tip_length_to_length_ratio=0.2)
        return parts, total

    def _status(self, i: int) -> VGroup:
        d = self.data
        t = d.shown_steps[i]
        return VGroup(math(rf"t = {fmt_num(t)},\quad L = {fmt_num(d.history.loss[t], 3)}",
                           style.MATH_SIZE_SMALL),
                      label(self.t("accuracy", acc=_pct(d.accuracy[i])), style.FONT_SIZE_LABEL)
                      ).arrange(RIGHT, buff=0.4)

    # beats
    def show_space(self) -> None:
        head = _title_card(self, self.t("cv_title"))
        self.add_foreground_mobject(head)
        zoom = min(1.0, self.reach / self.data.reach)   # layout only: farther runs drawn smaller
        self.view = _View3D(self.center, self.unit * zoom, self.azimuth, self.elevation)
        self.space = _ScoreSpace(self, self.view)
        self.space.refresh(self.data.data.y)
        self.world = Mobject()   # holds the redraw updaters; draws nothing
        self.add(self.world, self.space.axes)
        W0 = self.data.history.W[0]
        self.Wtex = _fit(math(r"W = \begin{bmatrix} | & | \\ w_1 & w_2 \\ | & | \end{bmatrix} = "
                              + _matrix_tex("", W0)[3:], style.MATH_SIZE_SMALL))
        self.Wtex.move_to([PANEL_X, 2.35, 0])
        self.shape_text = _fit(label(self.t("cv_shape"), style.FONT_SIZE_LABEL))
        self.shape_text.next_to(self.Wtex, DOWN, buff=0.25)
        self.play(FadeIn(head), Create(self.space.axes), FadeIn(self.space.axis_labels),
                  run_time=style.RUN)
        self.play(Write(self.Wtex), FadeIn(self.shape_text), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("cv_space")

    def show_columns(self) -> None:
        sp = self.space
        sp.set_state(**self._state(0))
        sp.refresh(self.data.data.y)
        self.play(*(GrowArrow(a) for a in sp.cols), FadeIn(sp.col_labels), run_time=style.RUN_SLOW)
        w1, w2 = self.data.history.W[0].T
        self.wait(style.PAUSE)
        self.beat("cv_columns", w1=_vecn(w1), w2=_vecn(w2))

    def tip_to_tail(self) -> None:
        """W x = x₁w₁ + x₂w₂ for one point, drawn tip to tail."""
        th, c = self.theme, self.data.first
        x1, x2 = (fmt_num(c.x[0]), fmt_num(c.x[1]))
        parts, total = self._arrows(c)
        x_tex = math(rf"x = ({x1}, {x2})", style.MATH_SIZE_SMALL, th.highlight)
        eq = math(rf"Wx = {x1}\,w_1 + {x2}\,w_2 = {_vecn(c.total)}", style.MATH_SIZE_SMALL)
        block = VGroup(x_tex, eq).arrange(DOWN, buff=0.2).next_to(self.shape_text, DOWN, buff=0.4)
        _fit(block).set_x(PANEL_X)
        self.play(Write(x_tex), run_time=style.RUN_FAST)
        for arrow in parts:
            self.play(GrowArrow(arrow), run_time=style.RUN)
        self.play(GrowArrow(total), Write(eq), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("cv_combo", x1=x1, x2=x2, s=_vecn(c.total))
        self.combo = VGroup(parts, total)
        self.combo_text = block

    def input_plane(self) -> None:
        """Every two-pixel image lands on the plane the columns span; the camera orbits."""
        sp = self.space
        self.bring_to_back(sp.sheet, sp.grid)
        self.play(FadeOut(self.combo), FadeIn(sp.sheet), Create(sp.grid), run_time=style.RUN)
        self.plane_text = _fit(label(self.t("cv_plane"), style.FONT_SIZE_LABEL))
        self.plane_text.move_to(self.combo_text)
        self.play(FadeOut(self.combo_text), FadeIn(self.plane_text), run_time=style.RUN_FAST)
        self._orbit(60 * DEGREES, style.RUN_SLOW * 2.5)
        self._orbit(-60 * DEGREES, style.RUN_SLOW * 1.5)
        self.beat("cv_plane")

    def show_targets(self) -> None:
        """The classes' points, mapped, and their targets: the corners e₁, e₂, e₃."""
        th, d, sp = self.theme, self.data, self.space
        n = fmt_num(d.data.y.size)
        legend = VGroup(*(math(rf"e_{k + 1} = {_vecn(d.targets[k])}", style.MATH_SIZE_SMALL,
                               th.classes[k]) for k in range(3))).arrange(DOWN, buff=0.15)
        legend.next_to(self.shape_text, DOWN, buff=0.35).set_x(PANEL_X)
        self.play(FadeIn(sp.clouds), FadeIn(sp.targets), FadeOut(self.plane_text), FadeIn(legend),
                  run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("cv_targets", n=n)
        self.legend = legend

    def show_loss(self) -> None:
        """Each point's distance to its class's corner; the mean squared distance is L."""
        d, sp = self.data, self.space
        self.play(Create(sp.dist), run_time=style.RUN_SLOW)
        L0 = fmt_num(d.history.loss[0], 3)
        self.loss_tex = math(r"L = \frac{1}{n}\sum_{i=1}^{n} \lVert W x_i - e_{y_i} \rVert^2",
                             style.MATH_SIZE_SMALL)
        self.loss_tex.next_to(self.legend, DOWN, buff=0.35).set_x(PANEL_X)
        self.status = self._status(0).next_to(self.loss_tex, DOWN, buff=0.3)
        _fit(self.status).set_x(PANEL_X)
        self.play(Write(self.loss_tex), FadeIn(self.status), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("cv_loss", loss=L0, acc=_pct(d.accuracy[0]))

    def training_step(self, i: int) -> None:
        """Gradient descent moves the columns; the mapped points and distances follow."""
        sp, d = self.space, self.data
        a, b = self._state(i - 1), self._state(i)
        u = ValueTracker(0.0)

        def step(_mob) -> None:
            sp.blend(a, b, u.get_value())
            sp.refresh(d.data.y)

        self.world.add_updater(step)
        new_status = self._status(i).move_to(self.status)
        new_W = _fit(math(r"W = \begin{bmatrix} | & | \\ w_1 & w_2 \\ | & | \end{bmatrix} = "
                          + _matrix_tex("", d.history.W[d.shown_steps[i]])[3:],
                          style.MATH_SIZE_SMALL)).move_to(self.Wtex)
        self.play(u.animate.set_value(1.0), ReplacementTransform(self.status, new_status),
                  ReplacementTransform(self.Wtex, new_W), run_time=style.RUN)
        self.world.remove_updater(step)
        self.status, self.Wtex = new_status, new_W
        if i == len(d.shown_steps) - 1:
            self._orbit(50 * DEGREES, style.RUN_SLOW * 2)
            t = d.shown_steps[-1]
            self.beat("cv_training", steps=fmt_num(t), loss=fmt_num(d.history.loss[t], 3),
                      acc=_pct(d.accuracy[-1]))

    def floor(self) -> None:
        """The loss stops above 0: the least-squares floor."""
        d = self.data
        best = fmt_num(d.history.best_loss, 3)
        text = _fit(label(self.t("cv_floor", best=best), style.FONT_SIZE_LABEL, self.theme.highlight))
        text.next_to(self.status, DOWN, buff=0.3)
        self.play(FadeIn(text), Indicate(self.space.sheet, color=self.theme.highlight),
                  run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("cv_floor", best=best)
        self.floor_text = text

    def rows_and_columns(self) -> None:
        """The same trained W read by rows (templates) and by columns: the same scores. The
        last view is cleared to the two columns and one product: the point clouds and their
        distances go, W is shown once (its rows in class colours); the columns stay on top of
        the (wider) scaled columns, each labelled, and the sum W x."""
        c = self.data.last
        self._face_columns_plane()
        self._read_by_rows(c)
        self._read_by_columns(c)
        self.wait(style.READ)
        self.beat("cv_same", s=_vecn(c.total))

    def _face_columns_plane(self) -> None:
        """The camera turns to face the plane of the trained columns; all but the columns,
        the sheet and the axes fade."""
        sp = self.space
        self._orbit(self.final_azimuth - self.view.az, style.RUN_SLOW * 1.5,
                    FadeOut(VGroup(self.legend, self.loss_tex, self.status, self.floor_text,
                                   sp.dist, sp.targets, sp.grid)), FadeOut(sp.clouds))
        self.view.az = self.final_azimuth   # the turn's end state, also where it is skipped
        sp.refresh(self.data.data.y)

    def _column_segments(self, c) -> list:
        """The columns, the scaled columns tip to tail and their sum, as scene segments
        (label placement)."""
        o, path = self.view.p(np.zeros(3)), self.view.p(c.path)
        return [(o, self.view.p(col)) for col in self.space.state["cols"]] + [
            (a, b) for a, b in zip(path[:-1], path[1:])] + [(o, path[-1])]

    def _read_by_rows(self, c) -> None:
        """W shown once, the row reading (one dot product per class), the axis labels moved
        clear of what the turn put over them."""
        th, sp, size = self.theme, self.space, style.MATH_SIZE_SMALL
        W_once = _fit(VGroup(math(r"W = \begin{bmatrix} | & | \\ w_1 & w_2 \\ | & | "
                                  r"\end{bmatrix} =", size),
                             _rows_tex(c.W, th.classes)[1]).arrange(RIGHT, buff=0.2))
        W_once.move_to(self.Wtex).align_to(self.Wtex, UP)
        self.shape_text.generate_target().next_to(W_once, DOWN, buff=0.25)
        rows_text = _fit(label(self.t("cv_rows"), style.FONT_SIZE_LABEL))
        by_rows = math(r"(w^{(1)}\cdot x,\ w^{(2)}\cdot x,\ w^{(3)}\cdot x) = " + _vecn(c.row_dots),
                       size)
        by_cols = math(rf"{fmt_num(c.x[0])}\,w_1 + {fmt_num(c.x[1])}\,w_2 = " + _vecn(c.total),
                       size, th.highlight)
        cols_text = _fit(label(self.t("cv_cols"), style.FONT_SIZE_LABEL))
        block = VGroup(rows_text, _fit(by_rows), cols_text, _fit(by_cols)).arrange(DOWN, buff=0.25)
        block.next_to(self.shape_text.target, DOWN, buff=0.45).set_x(PANEL_X)
        self.by_columns = VGroup(cols_text, by_cols)   # shown in the next step
        # an axis label the turn put under a column goes as near its axis end as the arrows
        # and the sheet's edges allow (the sheet's grid has faded: the label may sit on the
        # translucent sheet; further out, between two arrows' labels, it read as a third
        # vector's label)
        sheet = self.view.p(sp.state["square"])
        segments = self._column_segments(c) + [
            (a, b) for a, b in zip(sheet, np.roll(sheet, -1, axis=0))] + [
            (a.get_start(), a.get_end()) for a in sp.axes]
        moves = []
        for k, lab in enumerate(sp.axis_labels):
            spot = lab.copy()
            _place_near(spot, self.view.p(1.4 * np.eye(3)[k]), segments,
                        [*sp.col_labels, *(m for m in sp.axis_labels if m is not lab)],
                        (-style.FRAME_HALF_WIDTH + 0.45, PANEL_X - PANEL_WIDTH / 2 - 0.1,
                         -style.FRAME_HALF_HEIGHT + 0.45, 2.6))
            moves.append(lab.animate.move_to(spot))
        self.play(ReplacementTransform(self.Wtex, W_once), MoveToTarget(self.shape_text),
                  FadeIn(rows_text), Write(by_rows), *moves, run_time=style.RUN)
        self.Wtex = W_once

    def _read_by_columns(self, c) -> None:
        """x₁w₁ + x₂w₂ tip to tail, each piece labelled, and their sum W x."""
        th, sp, size = self.theme, self.space, style.MATH_SIZE_SMALL
        parts, total = self._arrows(c, part_width=11)
        path = self.view.p(c.path)
        part_labels = VGroup(math(rf"{fmt_num(c.x[0])}\,w_1", size, th.product),
                             math(rf"{fmt_num(c.x[1])}\,w_2", size, th.product))
        wx = math("Wx", size, th.highlight)
        segments = self._column_segments(c) + [(line.get_start(), line.get_end())
                                               for line in sp.axes]
        placed = [*sp.axis_labels, *sp.col_labels]
        for lab, (a, b) in zip(part_labels, zip(path[:-1], path[1:])):
            _place_beside(lab, a, b, segments, placed)
            placed.append(lab)
        _place_clear(wx, path[-1], path[0], segments, placed)
        VGroup(sp.cols, sp.col_labels).set_z_index(2)   # the columns stay on top of the sum
        cols_text, by_cols = self.by_columns
        self.play(FadeIn(cols_text), Write(by_cols), GrowArrow(parts[0]),
                  FadeIn(part_labels[0]), run_time=style.RUN)
        self.play(GrowArrow(parts[1]), FadeIn(part_labels[1]), run_time=style.RUN)
        self.play(GrowArrow(total), FadeIn(wx), run_time=style.RUN_FAST)


def _rows_tex(W: np.ndarray, colors: tuple[str, ...]) -> VGroup:
    """``W = [rows]`` with row k in class colour k (the templates of LinearClassifierScores)."""
    return _row_coloured_tex(W, None, colors)


# ---------------------------------------------------------------- 7. why non-linearity (issue 16)


class WhyNonLinearity(DLScene):
    """Two linear layers are one matrix W₂W₁; ReLU folds the plane; + b shifts it."""

    center = (-3.35, -0.6)
    unit = 0.6
    """Scene units per data unit (the window ±5 is 6 units tall)."""

    def construct(self) -> None:
        self.show_plane()
        self.first_layer()
        self.second_layer()
        self.one_matrix()
        self.relu_fold()
        self.shift()
        self.takeaway()

    def _grid(self, pts: np.ndarray, color: str | None = None, width: float = 2.0) -> VMobject:
        return _polylines(self.plane.p(pts), self.data.n_lines, color or self.theme.signal, width)

    def _panel_line(self, mob, below, buff: float = 0.3):
        return _fit(mob).next_to(below, DOWN, buff=buff).set_x(PANEL_X)

    def _move(self, pts: np.ndarray, point: np.ndarray, *anims, run_time: float = style.RUN_SLOW):
        """The grid and the written-out point to their images ``pts`` and ``point``."""
        self.play(Transform(self.grid, self._grid(pts)),
                  self.dot.animate.move_to(self.plane.p(point)), *anims, run_time=run_time)

    def _reset(self) -> None:
        d = self.data
        self.play(*(FadeOut(m) for m in self.panel), run_time=style.RUN_FAST)
        self._move(d.grid, np.array(self.params.point), run_time=style.RUN)
        self.panel = VGroup()

    # beats
    def show_plane(self) -> None:
        th, d = self.theme, self.data
        lim = (-d.view, d.view)
        self.plane = _Plane(self.center, self.unit, lim, lim)
        head = _title_card(self, self.t("wn_title"))
        self.add_foreground_mobject(head)
        self.ghost = self._grid(d.grid, th.muted, 1.2)
        self.grid = self._grid(d.grid)
        self.dot = Dot(self.plane.p(self.params.point), radius=0.1, color=th.highlight)
        self.play(FadeIn(head), Create(self.plane.frame(th.muted)),
                  Create(self.plane.axes(th.muted)), Create(self.ghost), run_time=style.RUN)
        self.play(Create(self.grid), FadeIn(self.dot), run_time=style.RUN)
        self.add_foreground_mobject(self.dot)
        x = _vec(np.array(self.params.point))
        self.panel = VGroup(math(rf"x = {x}", style.MATH_SIZE_SMALL, th.highlight))
        self.panel.move_to([PANEL_X, 2.5, 0])
        self.play(FadeIn(self.panel[0]), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat("wn_plane", x=x)

    def first_layer(self) -> None:
        th, d = self.theme, self.data
        W1 = math(_matrix_tex("W_1", d.maps.W1), style.MATH_SIZE_SMALL, th.kernel)
        self._panel_line(W1, self.panel[0])
        img = math(rf"W_1 x = {_vec(d.point.first[0])}", style.MATH_SIZE_SMALL)
        self._panel_line(img, W1, 0.2)
        self.play(Write(W1), run_time=style.RUN)
        self._move(d.maps.first, d.point.first[0], Write(img))
        self.panel.add(W1, img)
        self.wait(style.PAUSE)
        self.beat("wn_first")

    def second_layer(self) -> None:
        th, d = self.theme, self.data
        W2 = math(_matrix_tex("W_2", d.maps.W2), style.MATH_SIZE_SMALL, th.kernel)
        self._panel_line(W2, self.panel[-1])
        img = math(rf"W_2 (W_1 x) = {_vec(d.point.second[0])}", style.MATH_SIZE_SMALL)
        self._panel_line(img, W2, 0.2)
        self.play(Write(W2), run_time=style.RUN)
        self._move(d.maps.second, d.point.second[0], Write(img))
        self.two_step = self._grid(d.maps.second, th.highlight, 8.0)
        self.panel.add(W2, img)
        self.wait(style.PAUSE)
        self.beat("wn_second", p=_vec(d.point.second[0]))

    def one_matrix(self) -> None:
        """Back to the plain grid; the product W₂W₁ in one move lands on the same grid."""
        th, d = self.theme, self.data
        bare = [_matrix_tex("", M)[3:] for M in (d.maps.W2, d.maps.W1, d.maps.product)]
        prod = _fit(math(rf"W_2 W_1 = {bare[0]}{bare[1]} = {bare[2]}", style.MATH_SIZE_SMALL,
                         th.product)).move_to([PANEL_X, 2.3, 0])
        # the product replaces the two layers' lines at once: the panel is never empty
        self.play(*(FadeOut(m) for m in self.panel), Write(prod), run_time=style.RUN)
        self._move(d.grid, np.array(self.params.point), run_time=style.RUN)
        self.add(self.two_step.set_stroke(opacity=0.0))
        self.bring_to_front(self.grid)   # the one-matrix grid is drawn over the two-step one
        img = self._panel_line(math(rf"(W_2 W_1) x = {_vec(d.point.direct[0])}",
                                    style.MATH_SIZE_SMALL), prod, 0.2)
        self.play(self.two_step.animate.set_stroke(opacity=0.45), run_time=style.RUN_FAST)
        self._move(d.maps.direct, d.point.direct[0], Write(img))
        same = self._panel_line(label(self.t("wn_same", gap=fmt_num(d.maps.max_gap, 6)),
                                      style.FONT_SIZE_LABEL), img)
        self.play(FadeIn(same), run_time=style.RUN)
        self.panel = VGroup(prod, img, same)
        self.wait(style.READ)
        self.beat("wn_product", p=_vec(d.point.direct[0]))

    def relu_fold(self) -> None:
        """W₁, then ReLU folds every negative coordinate onto the axes, then W₂."""
        th, d = self.theme, self.data
        self._reset()
        relu = math(r"\mathrm{ReLU}(z) = \max(z, 0)", style.MATH_SIZE_SMALL, th.negative)
        relu.move_to([PANEL_X, 2.5, 0])
        self.play(Write(relu), run_time=style.RUN_FAST)
        self._move(d.maps.first, d.point.first[0], run_time=style.RUN)
        fold = self._panel_line(math(rf"\mathrm{{ReLU}}(W_1 x) = {_vec(d.point.relu_first[0])}",
                                     style.MATH_SIZE_SMALL), relu)
        self._move(d.maps.relu_first, d.point.relu_first[0], Write(fold))
        self.wait(style.PAUSE)
        self.beat("wn_fold", p=_vec(d.point.relu_first[0]))
        out = self._panel_line(math(rf"W_2\,\mathrm{{ReLU}}(W_1 x) = {_vec(d.point.relu_second[0])}",
                                    style.MATH_SIZE_SMALL), fold, 0.2)
        differs = self._panel_line(label(self.t("wn_differs", p=_vec(d.point.direct[0])),
                                         style.FONT_SIZE_LABEL, th.highlight), out)
        self._move(d.maps.relu_second, d.point.relu_second[0], Write(out))
        # where the linear layers alone send x: an empty ring, linked to where x is now
        target = self.plane.p(d.point.direct[0])
        ring = Dot(target, radius=0.15, color=th.highlight, fill_opacity=0.0, stroke_width=4)
        link = DashedLine(self.dot.get_center(), target, color=th.highlight, stroke_width=3,
                          buff=0.18)
        # (in the colour of the panel's "not (…)": the ring is that point)
        self.play(FadeIn(differs), Create(ring), Create(link), run_time=style.RUN)
        self.panel = VGroup(relu, fold, out, differs, ring, link)
        self.wait(style.READ)
        self.beat("wn_relu", p=_vec(d.point.relu_second[0]), q=_vec(d.point.direct[0]))

    def shift(self) -> None:
        """A Dense layer W₁x + b: the linear map, then a translation by b."""
        th, d = self.theme, self.data
        self.play(FadeOut(self.two_step), run_time=style.RUN_FAST)
        self._reset()
        dense = math(r"W_1 x + b", style.MATH_SIZE, th.output).move_to([PANEL_X, 2.4, 0])
        b = self._panel_line(math(_matrix_tex("b", d.maps.b[:, None]), style.MATH_SIZE_SMALL,
                                  th.output), dense, 0.25)
        self.play(Write(dense), Write(b), run_time=style.RUN)
        self._move(d.maps.first, d.point.first[0], run_time=style.RUN)
        before = self._grid(d.maps.first, th.muted, 2.0)
        self.add(before)
        self.bring_to_front(self.grid)
        shift = Arrow(self.plane.p([0, 0]), self.plane.p(d.maps.b), buff=0, color=th.output,
                      stroke_width=9)
        self.add_foreground_mobject(shift)
        img = self._panel_line(math(rf"W_1 x + b = {_vec(d.point.shifted[0])}",
                                    style.MATH_SIZE_SMALL), b, 0.25)
        self.play(GrowArrow(shift), run_time=style.RUN_FAST)
        self._move(d.maps.shifted, d.point.shifted[0], Write(img))
        text = self._panel_line(label(self.t("wn_dense"), style.FONT_SIZE_LABEL), img)
        self.play(FadeIn(text), run_time=style.RUN)
        self.panel = VGroup(dense, b, img, text)
        self.wait(style.READ)
        self.beat("wn_bias", b=_vec(d.maps.b))

    def takeaway(self) -> None:
        """The scene's idea in one statement, in place of the bias panel, held to the end."""
        th = self.theme
        line = _fit(label(self.t("wn_takeaway"), style.FONT_SIZE_LABEL, th.highlight))
        line.move_to([PANEL_X, 1.2, 0])
        self.play(*(FadeOut(m) for m in self.panel), run_time=style.RUN_FAST)
        self.play(FadeIn(line), run_time=style.RUN)
        self.panel = VGroup(line)
        self.wait(style.CONCLUSION_HOLD)
        self.beat("wn_takeaway")


# ---------------------------------------------------------------- regularisation (issue 16)

_DATA_NAMES = {"xor": "XOR", "circle": "circle", "gauss": "gauss"}
"""Playground's names of the data sets, as its DATA panel writes them."""


class Regularisation(DLScene):
    """The L2 cost swept from over- to under-fit; dropout as keep 0.7 / rate 0.3; an ensemble."""

    unit = 0.45
    center = (-3.5, -0.45)
    small = 0.29
    """Scene units per data unit of the three side-by-side nets."""

    def construct(self) -> None:
        self.show_data()
        self.show_cost()
        self.sweep()
        self.three_lambdas()
        self.dropout_conventions()
        self.dropout_scaling()
        self.dropout_result()
        self.ensemble()

    def _losses(self, h: MLPHistory) -> MathTex:
        return math(rf"L_\text{{train}} = {fmt_num(h.train_loss[-1])},\ "
                    rf"L_\text{{test}} = {fmt_num(h.test_loss[-1])}", style.MATH_SIZE_SMALL)

    def _panel(self, x: float, regions: Regions, name: str, color: str | None = None
               ) -> tuple[_Plane, VGroup, Group, Mobject]:
        """A small heat map of ``regions`` centred at ``x`` with the training points and a name."""
        th, d = self.theme, self.data
        plane = _Plane((x, 0.1), self.small, d.lim, d.lim)
        hm = _heat_map(self, plane, regions)
        pts = _clouds(plane, d.X_train, d.y_train, th.classes, stroke_width=4.0)
        head = fit_width(label(name, style.FONT_SIZE_LABEL, color), 4.3).next_to(hm, UP, buff=0.15)
        return plane, hm, pts, head

    def _clear(self) -> None:
        keep = set(self.keep)
        self.play(*(FadeOut(m) for m in self.mobjects if m not in keep), run_time=style.RUN)

    # beats
    def show_data(self) -> None:
        th, d, p = self.theme, self.data, self.params
        self.plane = _Plane(self.center, self.unit, d.lim, d.lim)
        head = _title_card(self, self.t("reg_title"))
        self.add_foreground_mobject(head)
        self.keep = [head]
        self.frame = self.plane.frame(th.muted)
        # ~8 px dots at 1080p (stroke 6 drew them ~4 px)
        self.pts = _clouds(self.plane, d.X_train, d.y_train, th.classes, stroke_width=12.0)
        n, m = fmt_num(d.y_train.size), fmt_num(d.y_test.size)
        data = _DATA_NAMES[p.dataset]
        self.setup_text = VGroup(
            _fit(label(self.t("reg_setup_data", data=data, n=n, m=m), style.FONT_SIZE_LABEL)),
            _fit(label(self.t("reg_setup_net", layers=" × ".join(fmt_num(w) for w in p.hidden),
                              act=p.activation, epochs=fmt_num(p.epochs)), style.FONT_SIZE_LABEL)),
        ).arrange(DOWN, buff=0.1)
        self.setup_text.move_to([PANEL_X, SETUP_TOP - self.setup_text.height / 2, 0])
        self.play(FadeIn(head), Create(self.frame), run_time=style.RUN)
        self.play(FadeIn(self.pts), FadeIn(self.setup_text), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("reg_data", data=data, n=n, m=m)
        h = d.plain
        self.heat = _heat_map(self, self.plane, d.pick_regions[0])
        self.bring_to_back(self.heat)
        lam0 = math(r"\lambda = 0", style.MATH_SIZE_SMALL)
        self.status = VGroup(lam0, self._losses(h)).arrange(DOWN, buff=0.15)
        self.status.move_to([PANEL_X, 1.2, 0])
        self.play(FadeIn(self.heat), _still(self.pts), FadeIn(self.status), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("reg_overfit", train=fmt_num(h.train_loss[-1]), test=fmt_num(h.test_loss[-1]))

    def show_cost(self) -> None:
        th = self.theme
        name = _fit(label(self.t("reg_l2"), style.FONT_SIZE_LABEL, th.kernel))
        cost = math(r"J(W) = L_\text{CE}(W) + \lambda \sum W^2", style.MATH_SIZE)
        grad = math(r"\frac{\partial}{\partial W}\,\lambda \sum W^2 = 2\lambda W",
                    style.MATH_SIZE_SMALL, th.muted)
        self.cost = VGroup(name, cost, grad).arrange(DOWN, buff=0.25).move_to([PANEL_X, -1.3, 0])
        self.play(FadeIn(name), Write(cost), run_time=style.RUN_SLOW)
        self.play(FadeIn(grad), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("reg_cost")

    def sweep(self) -> None:
        """Final train and test loss per λ, the lowest test loss marked."""
        th, d = self.theme, self.data
        self.play(FadeOut(VGroup(self.setup_text, self.status, self.cost[0], self.cost[2])),
                  self.cost[1].animate.move_to([PANEL_X, 2.35, 0]), run_time=style.RUN)
        n = len(d.lambdas)
        top = float(max(d.train_loss.max(), d.test_loss.max()))
        ax = Axes(x_range=[-0.5, n - 0.5, 1], y_range=[0, top * 1.1, 0.2], x_length=5.0,
                  y_length=2.6, tips=False,
                  axis_config={"color": th.muted, "font_size": AXIS_NUMBER_SIZE},
                  y_axis_config={"include_numbers": True}, x_axis_config={"include_ticks": True})
        ax.move_to([PANEL_X, -0.35, 0])
        ticks = VGroup(*(math(fmt_num(v, 3), AXIS_NUMBER_SIZE, th.muted)
                         .next_to(ax.c2p(i, 0), DOWN, buff=0.15) for i, v in enumerate(d.lambdas)))
        x_lab = label(self.t("reg_lambda"), style.FONT_SIZE_SMALL, th.muted).next_to(ticks, DOWN, buff=0.2)
        legend = VGroup(label(self.t("train_loss"), style.FONT_SIZE_SMALL, th.output),
                        label(self.t("test_loss"), style.FONT_SIZE_SMALL, th.negative)
                        ).arrange(RIGHT, buff=0.5).next_to(ax, UP, buff=0.15)
        xs = np.arange(n)
        tr = VGroup(curve(ax, xs, d.train_loss, th.output, 3),
                    *(Dot(ax.c2p(i, v), radius=0.06, color=th.output) for i, v in enumerate(d.train_loss)))
        te = VGroup(curve(ax, xs, d.test_loss, th.negative, 3),
                    *(Dot(ax.c2p(i, v), radius=0.06, color=th.negative) for i, v in enumerate(d.test_loss)))
        b = d.picks[1]
        mark = Dot(ax.c2p(b, d.test_loss[b]), radius=0.13, color=th.highlight, fill_opacity=0.0,
                   stroke_width=3)
        mark_lab = math(fmt_num(d.test_loss[b]), AXIS_NUMBER_SIZE, th.highlight)
        mark_lab.next_to(mark, DOWN, buff=0.12)
        self.play(FadeOut(self.heat), _still(self.pts), Create(ax), FadeIn(ticks), FadeIn(x_lab),
                  FadeIn(legend), run_time=style.RUN)
        self.play(Create(tr), Create(te), run_time=style.RUN_SLOW)
        self.play(FadeIn(mark), FadeIn(mark_lab), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("reg_sweep", lmax=fmt_num(d.lambdas[-1], 3), tr0=fmt_num(d.train_loss[0]),
                  trmax=fmt_num(d.train_loss[-1]), best=fmt_num(d.test_loss[b]),
                  lbest=fmt_num(d.lambdas[b], 3), temax=fmt_num(d.test_loss[-1]))

    def three_lambdas(self) -> None:
        """Regions of λ = 0, the best λ and the largest λ; the cost J with its two terms."""
        th, d = self.theme, self.data
        self._clear()
        names = (self.t("reg_over"), self.t("reg_good"), self.t("reg_under"))
        dj = d.cost_decimals  # the shown terms add up to the shown J
        for k, i in enumerate(d.picks):
            h, pen = d.sweep[i], d.penalties[i]
            _, hm, pts, head = self._panel(-4.6 + 4.6 * k, d.pick_regions[k], names[k])
            lam = math(rf"\lambda = {fmt_num(d.lambdas[i], 3)}", style.MATH_SIZE_SMALL)
            lam.next_to(head, UP, buff=0.12)
            nums = VGroup(
                self._losses(h),
                math(rf"\textstyle\sum W^2 = {fmt_num(pen.sum_squares, 1)}", style.MATH_SIZE_SMALL,
                     th.kernel),
                math(rf"J = {fmt_num(h.train_loss[-1], dj)} + {fmt_num(pen.value, dj)} = "
                     rf"{fmt_num(d.cost[i], dj)}", style.MATH_SIZE_SMALL),
            ).arrange(DOWN, buff=0.12).next_to(hm, DOWN, buff=0.2)
            for m in nums:
                fit_width(m, 4.3)
            self.play(FadeIn(hm), FadeIn(pts), FadeIn(head), FadeIn(lam), run_time=style.RUN)
            self.play(FadeIn(nums), run_time=style.RUN_FAST)
        self.wait(style.READ)
        s = [fmt_num(d.penalties[i].sum_squares, 1) for i in d.picks]
        self.beat("reg_three", s0=s[0], s1=s[1], s2=s[2], lbest=fmt_num(d.lambdas[d.picks[1]], 3),
                  lmax=fmt_num(d.lambdas[-1], 3))

    def dropout_conventions(self) -> None:
        """keep probability (the notes) beside drop rate (Keras, PyTorch): the same network."""
        th, sc = self.theme, self.data.scaling
        self._clear()
        keep, drop = fmt_num(sc.keep_prob), fmt_num(sc.drop_prob)

        def column(x: float, head: str, name: str, sym: str, train: str, evaluate: str) -> VGroup:
            col = VGroup(
                label(head, style.FONT_SIZE_LABEL, th.kernel),
                label(name, style.FONT_SIZE_SMALL, th.muted),
                VGroup(label(self.t("reg_train"), style.FONT_SIZE_SMALL),
                       math(rf"{sym} = {train}", style.MATH_SIZE_SMALL)).arrange(RIGHT, buff=0.25),
                VGroup(label(self.t("reg_eval"), style.FONT_SIZE_SMALL),
                       math(rf"{sym} = {evaluate}", style.MATH_SIZE_SMALL)).arrange(RIGHT, buff=0.25),
            ).arrange(DOWN, buff=0.3)
            return fit_width(col, 5.6).move_to([x, 1.6, 0])

        left = column(-3.4, self.t("reg_notes"), self.t("reg_keep"), r"k", keep, "1")
        right = column(3.4, self.t("reg_keras"), self.t("reg_rate"), r"p", drop, "0")
        link = math(rf"p = 1 - k = 1 - {keep} = {drop}", style.MATH_SIZE, th.highlight)
        link.move_to([0, -0.4, 0])
        self.play(FadeIn(left), run_time=style.RUN)
        self.play(FadeIn(right), run_time=style.RUN)
        self.play(Write(link), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("reg_keep", keep=keep, drop=drop)
        self.link = link

    def dropout_scaling(self) -> None:
        """One real hidden unit: kept and divided by k, or dropped; the mean equals evaluation."""
        th, sc = self.theme, self.data.scaling
        keep, a = fmt_num(sc.keep_prob, 3), fmt_num(sc.activation, 3)
        kept = fmt_num(sc.kept_value, 3)
        rows = VGroup(
            VGroup(label(self.t("reg_kept", pct=_pct(sc.keep_prob)), style.FONT_SIZE_SMALL),
                   math(rf"a / k = {a} / {keep} = {kept}", style.MATH_SIZE_SMALL, th.output)
                   ).arrange(RIGHT, buff=0.3),
            VGroup(label(self.t("reg_dropped", pct=_pct(sc.drop_prob)), style.FONT_SIZE_SMALL),
                   math("0", style.MATH_SIZE_SMALL, th.negative)).arrange(RIGHT, buff=0.3),
            VGroup(label(self.t("reg_mean"), style.FONT_SIZE_SMALL),
                   math(rf"{keep} \cdot {kept} + {fmt_num(sc.drop_prob, 3)} \cdot 0 = {fmt_num(sc.expected, 3)} = a",
                        style.MATH_SIZE_SMALL, th.highlight)).arrange(RIGHT, buff=0.3),
            VGroup(label(self.t("reg_unscaled", keep=keep), style.FONT_SIZE_SMALL, th.muted),
                   math(rf"{keep} \cdot {a} = {fmt_num(sc.expected_unscaled, 3)}", style.MATH_SIZE_SMALL,
                        th.muted)).arrange(RIGHT, buff=0.3),
        ).arrange(DOWN, buff=0.25, aligned_edge=LEFT)
        unit = math(rf"a = {a}", style.MATH_SIZE)
        block = VGroup(unit, rows).arrange(DOWN, buff=0.3).move_to([0, -2.35, 0])
        self.play(self.link.animate.shift(UP * 0.35), FadeIn(unit), run_time=style.RUN)
        for r in rows:
            self.play(FadeIn(r), run_time=style.RUN_FAST)
        self.wait(style.READ)
        self.beat("reg_scale", keep=keep, a=a, kept=kept,
                  unscaled=fmt_num(sc.expected_unscaled, 3))
        self.scaling_block = block

    def dropout_result(self) -> None:
        th, d = self.theme, self.data
        self._clear()
        keep = fmt_num(d.scaling.keep_prob)
        for k, (h, reg, name) in enumerate(((d.plain, d.pick_regions[0], self.t("reg_plain")),
                                           (d.dropout, d.dropout_regions,
                                            self.t("reg_dropout", keep=keep)))):
            _, hm, pts, head = self._panel(-2.4 + 4.8 * k, reg, name)
            nums = VGroup(self._losses(h),
                          label(self.t("test_acc", acc=_pct(h.test_acc[-1])), style.FONT_SIZE_SMALL)
                          ).arrange(DOWN, buff=0.12).next_to(hm, DOWN, buff=0.2)
            self.play(FadeIn(hm), FadeIn(pts), FadeIn(head), FadeIn(nums), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("reg_dropout", keep=keep, test=fmt_num(d.dropout.test_loss[-1]),
                  plain=fmt_num(d.plain.test_loss[-1]))

    def ensemble(self) -> None:
        """Each member's test loss as a bar, the average's bar, the members' mean as a line."""
        th, d, p = self.theme, self.data, self.params
        e = d.ensemble
        self._clear()
        _, hm, pts, head = self._panel(-4.3, d.ensemble_regions, self.t("reg_average"), th.output)
        hm_nums = VGroup(math(rf"L_\text{{test}} = {fmt_num(e.loss)}", style.MATH_SIZE_SMALL),
                         label(self.t("test_acc", acc=_pct(e.acc)), style.FONT_SIZE_SMALL)
                         ).arrange(DOWN, buff=0.12).next_to(hm, DOWN, buff=0.2)
        m = len(e.member_loss)
        values = list(e.member_loss) + [e.loss]
        top = float(max(values)) * 1.25
        ax = Axes(x_range=[0, m + 1.6, 1], y_range=[0, top, 0.2], x_length=6.4, y_length=3.4,
                  tips=False, axis_config={"color": th.muted, "font_size": AXIS_NUMBER_SIZE},
                  y_axis_config={"include_numbers": True}, x_axis_config={"include_ticks": False})
        ax.move_to([2.9, 0.3, 0])
        y_lab = label(self.t("reg_ens_axis"), style.FONT_SIZE_SMALL, th.muted).next_to(ax, UP, buff=0.15)
        bars, tags, vals = VGroup(), VGroup(), VGroup()
        for i, v in enumerate(values):
            color = th.output if i == m else th.kernel
            lo, hi = ax.c2p(i + 0.7, 0), ax.c2p(i + 1.3, v)
            bar = Rectangle(width=hi[0] - lo[0], height=hi[1] - lo[1], stroke_width=0,
                            fill_color=color, fill_opacity=0.85).move_to((lo + hi) / 2)
            bars.add(bar)
            name = self.t("reg_average") if i == m else self.t("reg_seed", s=fmt_num(p.train_seed + i))
            tags.add(label(name, style.FONT_SIZE_SMALL, color).next_to(ax.c2p(i + 1, 0), DOWN,
                                                                        buff=0.2))
        spread_apart(list(tags))
        for i, v in enumerate(values):
            vals.add(math(fmt_num(v), style.MATH_SIZE_SMALL, th.output if i == m else th.kernel)
                     .next_to(tags[i], DOWN, buff=0.12))
        mean = e.mean_member_loss
        line = DashedLine(ax.c2p(0.4, mean), ax.c2p(m + 1.5, mean), color=th.foreground,
                          stroke_width=2)
        mean_lab = VGroup(label(self.t("reg_members_mean"), style.FONT_SIZE_SMALL),
                          math(rf"\bar L = {fmt_num(mean)}", style.MATH_SIZE_SMALL)
                          ).arrange(RIGHT, buff=0.2).next_to(vals, DOWN, buff=0.25)
        self.play(Create(ax), FadeIn(y_lab), run_time=style.RUN)
        self.play(*(FadeIn(b) for b in bars[:m]), FadeIn(vals[:m]), FadeIn(tags[:m]),
                  run_time=style.RUN)
        self.play(Create(line), FadeIn(mean_lab), run_time=style.RUN)
        self.play(FadeIn(bars[m]), FadeIn(vals[m]), FadeIn(tags[m]), FadeIn(hm), FadeIn(pts),
                  FadeIn(head), FadeIn(hm_nums), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("reg_ensemble", m=fmt_num(m), loss=fmt_num(e.loss), mean=fmt_num(mean),
                  acc=_pct(e.acc), macc=_pct(e.mean_member_acc))
        self.summary(m)

    def summary(self, m: int) -> None:
        """The three remedies side by side with their test losses and accuracies, held ≥ 5 s."""
        th, d = self.theme, self.data
        self._clear()
        b = d.picks[1]
        rows = [(self.t("reg_sum_plain"), d.plain.test_loss[-1], d.plain.test_acc[-1], th.muted),
                (self.t("reg_sum_l2", lam=fmt_num(d.lambdas[b], 3)), d.test_loss[b],
                 d.sweep[b].test_acc[-1], th.foreground),
                (self.t("reg_sum_dropout", keep=fmt_num(d.scaling.keep_prob)),
                 d.dropout.test_loss[-1], d.dropout.test_acc[-1], th.foreground),
                (self.t("reg_sum_ensemble", m=fmt_num(m)), d.ensemble.loss, d.ensemble.acc,
                 th.foreground)]
        head = label(self.t("reg_sum_head"), style.FONT_SIZE_BODY, th.highlight)
        # the ensemble's row also shows its members' mean test loss: the comparison it wins
        extra = ["", "", "", rf"\ \ (\bar L = {fmt_num(d.ensemble.mean_member_loss)})"]
        table = VGroup(*(VGroup(label(name, style.FONT_SIZE_LABEL, color),
                                math(rf"L_\text{{test}} = {fmt_num(v)}{x}", style.MATH_SIZE_SMALL,
                                     color),
                                label(self.t("test_acc", acc=_pct(acc)), style.FONT_SIZE_LABEL,
                                      color))
                         for (name, v, acc, color), x in zip(rows, extra)))
        for row in table:
            row.arrange(RIGHT, buff=0.5)
        table.arrange(DOWN, buff=0.35, aligned_edge=LEFT)
        loss_x = max(row[0].get_right()[0] for row in table) + 0.5
        acc_x = loss_x + max(row[1].width for row in table) + 0.5
        for row in table:  # the losses in one column, the accuracies in the next
            row[1].align_to([loss_x, 0, 0], LEFT)
            row[2].align_to([acc_x, 0, 0], LEFT)
        VGroup(head, table).arrange(DOWN, buff=0.5).move_to([0, -0.5, 0])
        self.play(FadeIn(head), run_time=style.RUN)
        self.play(*(FadeIn(r) for r in table), run_time=style.RUN)
        self.wait(2 * style.READ)
        self.beat("reg_end")


# ---------------------------------------------------------------- 8. the notes' 3×4 example (issue 16)


class FourPixelColumns(DLScene):
    """The notes' 3×4 example: four pixel values scale four columns into 3 class scores."""

    origin = (-4.5, -1.6)
    """Where the score 0 sits (the path runs right and up from here)."""
    azimuth = 25 * DEGREES
    elevation = 22 * DEGREES
    start_unit = 0.95
    """Scene units per unit of score while the unscaled columns are shown."""
    room = (-1.6, 5.2, -1.8, 4.2)
    """How far (scene units) the drawing may reach left, right, down and up of the origin."""
    axis_length = 3.4
    """Scene length of the drawn score axes, whatever the zoom."""
    label_nudge = ((0.0, 0.0), (0.0, 0.35), (0.0, 0.0))
    """Shift of each axis label from its axis's end (the dog label sits above its axis: the
    first scaled column runs just under it)."""

    def construct(self) -> None:
        self.show_image()
        self.show_columns()
        for j in range(len(self.data.sum.x)):
            self.scale_column(j)
        self.add_bias()

    def _fit_unit(self, pts: np.ndarray) -> float:
        """The largest unit (≤ start_unit) that keeps ``pts`` inside :attr:`room` (layout)."""
        q = _View3D((0.0, 0.0), 1.0, self.azimuth, self.elevation).p(pts)[:, :2]
        left, right, down, up = self.room
        limits = [self.start_unit]
        for v, lo, hi in ((q[:, 0], left, right), (q[:, 1], down, up)):
            limits += [hi / m for m in v[v > 0]] + [lo / m for m in v[v < 0]]
        return min(limits)

    def _refresh(self) -> None:
        v, s = self.view, self.data.sum
        self._refresh_axes_only()
        for j, arrow in enumerate(self.scaled):
            u = self.growth[j].get_value()
            if u <= 0:
                continue
            tip = s.path[j] + (1 - u) * s.columns[j] + u * s.scaled[j]   # tween of two results
            arrow.become(self._arrow(s.path[j], tip, self._segment_color(j), 6))
        for j, joint in enumerate(self.joints):
            joint.move_to(v.p(s.path[j + 1]))
        z = self.zoom_z
        arrival = getattr(self, "arrival", None)
        for i, (lab, leader, (anchor, old, new)) in enumerate(
                zip(self.piece_labels, self.leaders, self.spots)):
            at = v.p(anchor)
            if arrival is not None and i == arrival[0]:
                lab.move_to(arrival[1])
            else:
                lab.move_to(at + (1 - z) * old + z * new)
            _leader(leader, at, lab)

    def _segment_color(self, j: int) -> str:
        """Scaled columns alternate two colours, so the chain reads as four arrows even where
        they run nearly parallel (a large pixel value makes one of them dominate)."""
        th = self.theme
        return (th.product, th.foreground)[j % 2]

    def _arrow(self, a, b, color: str, width: float) -> Arrow:
        return Arrow(self.view.p(a), self.view.p(b), buff=0, color=color, stroke_width=width,
                     max_tip_length_to_length_ratio=0.2)

    # beats
    def show_image(self) -> None:
        th, d = self.theme, self.data
        head = _title_card(self, self.t("fp_title"))
        self.add_foreground_mobject(head)
        cells = VGroup(*(Square(0.62, stroke_color=th.muted, stroke_width=2, fill_opacity=1.0,
                                fill_color=ManimColor.from_rgb([v / 255] * 3))
                         for v in d.pixels.ravel())).arrange_in_grid(2, 2, buff=0)
        x = math(r"x = " + _vecn(d.sum.x), style.MATH_SIZE_SMALL, th.signal)
        row = VGroup(cells, math(r"\rightarrow", style.MATH_SIZE_SMALL), x).arrange(RIGHT, buff=0.3)
        _fit(row).move_to([PANEL_X, 2.3, 0])
        flat = _fit(label(self.t("fp_flatten"), style.FONT_SIZE_LABEL)).next_to(row, DOWN, buff=0.2)
        self.play(FadeIn(head), FadeIn(cells), run_time=style.RUN)
        self.play(FadeIn(row[1]), Write(x), FadeIn(flat), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("fp_image", x=_vecn(d.sum.x))
        self.top = VGroup(row, flat)

    def show_columns(self) -> None:
        th, s = self.theme, self.data.sum
        self.view = _View3D(self.origin, self.start_unit, self.azimuth, self.elevation)
        self.axes = VGroup(*(Line(ORIGIN, RIGHT, color=th.muted, stroke_width=3) for _ in range(3)))
        self.axis_labels = VGroup(*(label(self.t(f"fp_class_{k}"), style.FONT_SIZE_SMALL,
                                          th.classes[k]) for k in range(3)))
        self.growth = [ValueTracker(0.0) for _ in s.x]
        self.scaled = VGroup(*(Arrow(ORIGIN, RIGHT, buff=0) for _ in s.x))  # placeholders
        self.joints = []  # a dot where each scaled column ends and the next begins
        self.piece_labels: list[Mobject] = []   # "x_j w_j" beside each scaled column
        self.leaders: list[Line] = []           # a thin line to a label set off a short piece
        self.spots: list[list[np.ndarray]] = []  # per label: anchor (scores), offset from, to
        self.zoom_z = 1.0
        self._refresh()
        self.cols = VGroup(*(self._arrow(np.zeros(3), c, th.foreground, 5) for c in s.columns))
        self.col_labels = VGroup(*(math(f"w_{j + 1}", style.MATH_SIZE_SMALL)
                                   for j in range(len(s.x))))
        o = self.view.p(np.zeros(3))
        segments = [(o, self.view.p(c)) for c in s.columns] + [
            (line.get_start(), line.get_end()) for line in self.axes]
        placed = list(self.axis_labels)
        for lab, c in zip(self.col_labels, s.columns):
            _place_clear(lab, self.view.p(c), o, segments, placed)
            placed.append(lab)
        W = _fit(math(_matrix_tex("W", s.W), style.MATH_SIZE_SMALL))
        W.next_to(self.top, DOWN, buff=0.35).set_x(PANEL_X)
        self.play(Create(self.axes), FadeIn(self.axis_labels), Write(W), run_time=style.RUN)
        self.play(*(GrowArrow(a) for a in self.cols), FadeIn(self.col_labels), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("fp_columns")
        self.W = W
        self.eq = VGroup()

    def scale_column(self, j: int) -> None:
        """Column j grows to x_j w_j at the tip of the previous ones; the view zooms out."""
        th, s = self.theme, self.data.sum
        unit0 = self.view.unit
        unit1 = self._fit_unit(s.path[:j + 2])
        zoom = ValueTracker(0.0)

        def update(_mob) -> None:
            z = zoom.get_value()
            self.view.unit = unit0 * (unit1 / unit0) ** z   # layout: a smooth zoom
            self.zoom_z = z
            self._refresh()

        self.scaled[j].become(self._arrow(s.path[j], s.path[j] + s.columns[j],
                                          self._segment_color(j), 6))
        self.add(self.scaled[j])
        if j > 0:  # the previous column's tip: where this one starts
            joint = Dot(self.view.p(s.path[j]), radius=0.06, color=th.foreground).set_z_index(2)
            self.joints.append(joint)
            self.add(joint)
        piece = math(rf"{fmt_num(s.x[j])}\,w_{{{j + 1}}}", style.MATH_SIZE_SMALL,
                     self._segment_color(j))
        self.piece_labels.append(piece)
        self.leaders.append(Line(ORIGIN, RIGHT, color=th.muted, stroke_width=1.5))
        self.spots.append([(s.path[j] + s.path[j + 1]) / 2, np.zeros(3), np.zeros(3)])
        self._plan_labels(unit1, j)
        self.zoom_z = 0.0
        self._refresh()
        self.axes.add_updater(update)
        terms = " + ".join(rf"{fmt_num(x)}\,w_{{{i + 1}}}" for i, x in enumerate(s.x[:j + 1]))
        eq = _fit(math(rf"Wx = {terms}" + (r" + \dots" if j < len(s.x) - 1 else ""),
                       style.MATH_SIZE_SMALL)).next_to(self.W, DOWN, buff=0.35).set_x(PANEL_X)
        fades = [FadeOut(self.cols), FadeOut(self.col_labels)] if j == 0 else []
        self.play(zoom.animate.set_value(1.0), self.growth[j].animate.set_value(1.0),
                  ReplacementTransform(self.eq, eq) if len(self.eq) else Write(eq), *fades,
                  FadeIn(self.piece_labels[j]), FadeIn(self.leaders[j]),
                  run_time=style.RUN_SLOW)
        self.axes.remove_updater(update)
        update(self.axes)   # the zoom's end state, also where animations are skipped
        self.arrival = None
        self.eq = eq
        if j == 0:
            self.wait(style.PAUSE)
            self.beat("fp_scale", x=fmt_num(s.x[0]))
        elif j == len(s.x) - 1:
            wx = _vecn(s.path[-1])
            value = _fit(math(rf"Wx = {wx}", style.MATH_SIZE_SMALL)).next_to(eq, DOWN, buff=0.25)
            value.set_x(PANEL_X)
            tip = math("Wx", style.MATH_SIZE_SMALL)
            _place_near(tip, self.view.p(s.path[-1]), self._drawn_segments(j),
                        [*self.axis_labels, *self.piece_labels], self._bounds())
            lead = Line(ORIGIN, RIGHT, color=th.muted, stroke_width=1.5)
            _leader(lead, self.view.p(s.path[-1]), tip)
            self.play(Write(value), FadeIn(tip), FadeIn(lead), run_time=style.RUN)
            self.wait(style.PAUSE)
            self.beat("fp_sum", wx=wx)
            self.eq, self.tip_label = VGroup(eq, value), VGroup(tip, lead)

    def _bounds(self) -> tuple[float, float, float, float]:
        """Where labels in the drawing may go (scene x and y limits: left of the text panel,
        inside the frame's margins, below the title)."""
        m = 0.45
        return (-style.FRAME_HALF_WIDTH + m, PANEL_X - PANEL_WIDTH / 2 - 0.1,
                -style.FRAME_HALF_HEIGHT + m, 2.6)

    def _drawn_segments(self, j: int) -> list:
        """The axes and the scaled columns 0 … j as scene segments (label placement)."""
        v, s = self.view, self.data.sum
        return [(line.get_start(), line.get_end()) for line in self.axes] + [
            (v.p(s.path[i]), v.p(s.path[i + 1])) for i in range(j + 1)]

    def _plan_labels(self, unit: float, j: int) -> None:
        """Offsets of the piece labels 0 … j for the view at ``unit`` (after this step's zoom):
        each beside its piece, clear of the drawing and of the labels placed before it."""
        keep = self.view.unit
        self.view.unit = unit
        self._refresh_axes_only()
        segments = self._drawn_segments(j)
        placed = list(self.axis_labels)
        for i, (lab, spot) in enumerate(zip(self.piece_labels, self.spots)):
            at = self.view.p(spot[0])
            _place_near(lab, at, segments, placed, self._bounds())
            offset = lab.get_center() - at
            spot[1], spot[2] = (spot[2] if i < j else offset), offset   # from where it was
            placed.append(lab)
        # the new label fades in where it ends, not riding in from its column's zoomed-in spot
        self.arrival = (j, self.piece_labels[j].get_center().copy())
        self.view.unit = keep
        self._refresh_axes_only()

    def _refresh_axes_only(self) -> None:
        """The axes and their labels at the current zoom (they keep one drawn length)."""
        v = self.view
        for k, (line, lab) in enumerate(zip(self.axes, self.axis_labels)):
            e = np.eye(3)[k] * self.axis_length / v.unit
            line.put_start_and_end_on(v.p(-0.12 * e), v.p(e))
            lab.move_to(v.p(1.12 * e) + np.array([*self.label_nudge[k], 0.0]))

    def add_bias(self) -> None:
        """+ b, and the score vector W x + b from the origin: the largest score wins."""
        th, d = self.theme, self.data
        s = d.sum
        total = self._arrow(np.zeros(3), s.total, th.highlight, 8)
        scores = _fit(math(r"s = Wx + b = " + _vecn(s.total), style.MATH_SIZE_SMALL, th.highlight))
        scores.next_to(self.eq, DOWN, buff=0.35).set_x(PANEL_X)
        b = _fit(math(r"b = " + _vecn(s.b), style.MATH_SIZE_SMALL))
        b.next_to(self.eq, DOWN, buff=0.3).set_x(PANEL_X)
        scores.next_to(b, DOWN, buff=0.25).set_x(PANEL_X)
        names = [self.t(f"fp_class_{k}") for k in range(3)]
        verdict = _fit(label(self.t("argmax_name", name=names[d.label]), style.FONT_SIZE_LABEL,
                             th.classes[d.label])).next_to(scores, DOWN, buff=0.35)
        self.play(Write(b), run_time=style.RUN_FAST)
        s_tip = math("s", style.MATH_SIZE, th.highlight)
        _place_near(s_tip, self.view.p(s.total), self._drawn_segments(len(s.x) - 1),
                    [*self.axis_labels, *self.piece_labels], self._bounds())
        lead = Line(ORIGIN, RIGHT, color=th.muted, stroke_width=1.5)
        _leader(lead, self.view.p(s.total), s_tip)
        self.play(GrowArrow(total), Write(scores),
                  ReplacementTransform(self.tip_label, VGroup(s_tip, lead)),
                  run_time=style.RUN_SLOW)
        self.play(FadeIn(verdict), Indicate(self.axis_labels[d.label]), run_time=style.RUN)
        self.wait(style.CONCLUSION_HOLD + style.PAUSE)  # the last picture, held ≥ 5.5 s
        self.beat("fp_scores", s=_vecn(s.total), name=names[d.label])


def _segment_distance(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """Distance (scene units) from point ``p`` to the segment ``a``–``b`` (layout only)."""
    ab, ap = (b - a)[:2], (p - a)[:2]
    t = float(np.clip(ap @ ab / max(float(ab @ ab), 1e-12), 0.0, 1.0))
    return float(np.linalg.norm(ap - t * ab))


def _boxes_touch(m1: Mobject, m2: Mobject, gap: float = 0.05) -> bool:
    return not (m1.get_right()[0] + gap < m2.get_left()[0] or m2.get_right()[0] + gap < m1.get_left()[0]
                or m1.get_top()[1] + gap < m2.get_bottom()[1] or m2.get_top()[1] + gap < m1.get_bottom()[1])


def _place_clear(lab: Mobject, tip: np.ndarray, origin: np.ndarray, segments, others,
                 radius: float = 0.42) -> None:
    """Put an arrow's label beyond its tip, turned away from its arrow's direction as little
    as it takes to clear every segment (arrows, axes) and every label placed so far."""
    d = (tip - origin)[:2] / max(float(np.linalg.norm((tip - origin)[:2])), 1e-6)
    for deg in (0, 45, -45, 90, -90, 135, -135, 180):
        a = np.radians(deg)
        turned = np.array([d[0] * np.cos(a) - d[1] * np.sin(a), d[0] * np.sin(a) + d[1] * np.cos(a), 0])
        lab.move_to(tip + radius * turned)
        clear = min(_segment_distance(lab.get_center(), a_, b_) for a_, b_ in segments)
        if clear > 0.5 * max(lab.width, lab.height) + 0.05 and not any(
                _boxes_touch(lab, o) for o in others):
            return
    lab.move_to(tip + radius * np.array([d[0], d[1], 0]))


def _segment_samples(segments, n: int) -> np.ndarray:
    """``n`` evenly spaced points (x, y) along each segment ``(a, b)`` (layout only)."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    return np.concatenate([a + t * (b - a) for a, b in segments])[:, :2]


def _box_hits(mob: Mobject, points: np.ndarray, pad: float) -> bool:
    """Whether any point (x, y) lies inside ``mob``'s box grown by ``pad`` (layout only)."""
    lo = mob.get_corner(DOWN + LEFT)[:2] - pad
    hi = mob.get_corner(UP + RIGHT)[:2] + pad
    return bool(np.any(np.all((points > lo) & (points < hi), axis=1)))


def _place_beside(lab: Mobject, a: np.ndarray, b: np.ndarray, segments, others) -> None:
    """Put a segment's label beside its middle, on the side and at the nearest distance where
    its box clears every segment (sampled) and every label placed so far (layout only)."""
    d = (b - a)[:2] / max(float(np.linalg.norm((b - a)[:2])), 1e-6)
    normal = np.array([-d[1], d[0], 0.0])
    mid = (a + b) / 2
    samples = _segment_samples(segments, 41)
    for r in (0.3, 0.4, 0.55, 0.7, 0.9, 1.1):
        for side in (1.0, -1.0):
            lab.move_to(mid + side * r * normal)
            if not _box_hits(lab, samples, 0.08) and not any(_boxes_touch(lab, o) for o in others):
                return
    lab.move_to(mid + 0.4 * normal)


def _place_near(lab: Mobject, at: np.ndarray, segments, others,
                bounds: tuple[float, float, float, float]) -> None:
    """Put a label as near ``at`` as it can go with its box clear of every segment (sampled),
    every label in ``others`` and inside ``bounds`` (x0, x1, y0, y1) (layout only)."""
    samples = _segment_samples(segments, 61)
    t = np.linspace(0.0, 1.0, 61)[:50, None]   # the leader line's first 50 of 61 samples
    x0, x1, y0, y1 = bounds
    for r in (0.3, 0.4, 0.5, 0.65, 0.8, 1.0, 1.2, 1.45, 1.7, 2.0, 2.4):
        for deg in (90, -90, 60, -60, 120, -120, 30, -30, 150, -150, 0, 180,
                    105, -105, 75, -75, 135, -135, 45, -45, 165, -165, 15, -15):
            a = np.radians(deg)
            lab.move_to(at + r * np.array([np.cos(a), np.sin(a), 0.0]))
            lo = lab.get_corner(DOWN + LEFT)[:2]
            hi = lab.get_corner(UP + RIGHT)[:2]
            if lo[0] < x0 or hi[0] > x1 or lo[1] < y0 or hi[1] > y1:
                continue
            if _box_hits(lab, samples, 0.08) or any(_boxes_touch(lab, o, 0.08) for o in others):
                continue
            lead = at[:2] + t * (lab.get_center() - at)[:2]   # the leader line, if drawn
            if r >= 0.75 and any(_box_hits(o, lead, 0.05) for o in others):
                continue
            return
    lab.move_to(at + 0.4 * UP)


def _leader(line: Line, at: np.ndarray, lab: Mobject) -> None:
    """A thin line from ``at`` to the edge of a label set off from it (hidden when near)."""
    c = lab.get_center()
    d = c - at
    if np.linalg.norm(d[:2]) < 0.75:
        line.set_stroke(opacity=0.0)
        line.put_start_and_end_on(at, at + 0.01 * RIGHT)
        return
    half = np.array([lab.width / 2 + 0.06, lab.height / 2 + 0.06])
    k = min(half[0] / max(abs(d[0]), 1e-6), half[1] / max(abs(d[1]), 1e-6))
    line.set_stroke(opacity=1.0)
    line.put_start_and_end_on(at, c - min(k, 1.0) * d)


def _vecn(v: np.ndarray) -> str:
    """``(a, b, …)`` for any vector."""
    return "(" + ", ".join(fmt_num(x) for x in v) + ")"
