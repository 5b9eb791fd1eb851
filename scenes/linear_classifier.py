"""Linear-classifier scenes: matrices as transforms, Wx + b class regions, training,
lifted features, a tanh network uncrumpling the plane, and a Playground-style MLP.

Every number, point, region and boundary on screen comes from :mod:`dlmath.linear`;
class regions are one image built from dlmath's label grid, data sets one point cloud
per class. Render one with the plain Manim CLI:
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
    ORIGIN,
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
    ImageMobject,
    Indicate,
    Line,
    ManimColor,
    MathTex,
    Polygon,
    Rectangle,
    ReplacementTransform,
    SurroundingRectangle,
    Transform,
    VGroup,
    VMobject,
    Wait,
    Write,
)

from dlmath import linear as lm
from scenes import style
from scenes.common import DLScene, fit_width, label, math, point_cloud, title
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


def _boundary_lines(plane: _Plane, boundaries: tuple[lm.Boundary, ...], color: str) -> VGroup:
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
    strip = Rectangle(width=14.4, height=heading.height + 0.45, stroke_width=0,
                      fill_color=scene.theme.background, fill_opacity=1.0).move_to(heading)
    return VGroup(strip, heading)


# ---------------------------------------------------------------- 1. matrices as transforms


class MatrixAsTransform(DLScene):
    """A 2×2 matrix moves î and ĵ to its columns; det is the area scale; det 0 flattens."""

    expected_duration = 29.0
    W = ((1.0, -1.0), (0.5, 1.0))
    W_singular = ((1.0, 2.0), (0.5, 1.0))
    extent = 3
    unit = 0.75
    center = (-3.3, -0.5)

    def _basis(self, plane: _Plane, lm_res: lm.LinearMap) -> tuple[Arrow, Arrow]:
        th = self.theme
        o = plane.p([0, 0])
        return (Arrow(o, plane.p(lm_res.i_hat), buff=0, color=th.output, stroke_width=7),
                Arrow(o, plane.p(lm_res.j_hat), buff=0, color=th.kernel, stroke_width=7))

    def _grid(self, plane: _Plane, segments: np.ndarray, color: str, width: float) -> VGroup:
        return VGroup(*(Line(plane.p(a), plane.p(b), color=color, stroke_width=width)
                        for a, b in segments))

    def _square(self, plane: _Plane, corners: np.ndarray) -> Polygon:
        th = self.theme
        return Polygon(*plane.p(corners), color=th.highlight, fill_color=th.highlight,
                       fill_opacity=0.35, stroke_width=3)

    def _apply(self, plane, res, grid, arrows, square, run_time) -> tuple:
        th = self.theme
        new_grid = self._grid(plane, res.lines_image, th.signal, 2.5)
        new_arrows = self._basis(plane, res)
        new_square = self._square(plane, res.square_image)
        self.play(Transform(grid, new_grid), Transform(arrows[0], new_arrows[0]),
                  Transform(arrows[1], new_arrows[1]), Transform(square, new_square),
                  run_time=run_time)
        return grid, arrows, square

    def construct(self) -> None:
        th = self.theme
        ident = lm.linear_map(np.eye(2), self.extent)
        res = lm.linear_map(self.W, self.extent)
        sing = lm.linear_map(self.W_singular, self.extent)
        lim = (-self.extent, self.extent)
        plane = _Plane(self.center, self.unit, lim, lim)

        head = _title_card(self, self.t("transform_title"))
        background = self._grid(plane, ident.lines, th.muted, 1.2)
        grid = self._grid(plane, ident.lines, th.signal, 2.5)
        axes = plane.axes(th.foreground)
        # the text panel hides the (unbounded-looking) transformed grid behind it
        backdrop = Rectangle(width=PANEL_WIDTH + 0.5, height=8.0, stroke_width=0,
                             fill_color=th.background, fill_opacity=0.92).move_to([PANEL_X, 0, 0])
        self.play(Create(background), Create(grid), Create(axes), run_time=style.RUN_SLOW)
        self.add(backdrop)
        self.add_foreground_mobject(head)
        self.play(FadeIn(head), run_time=style.RUN)

        arrows = self._basis(plane, ident)
        square = self._square(plane, ident.square_image)
        i_lab = math(r"\hat\imath", style.MATH_SIZE_SMALL, th.output)
        j_lab = math(r"\hat\jmath", style.MATH_SIZE_SMALL, th.kernel)
        i_lab.add_updater(lambda m: m.next_to(arrows[0].get_end(), DOWN + RIGHT, buff=0.08))
        j_lab.add_updater(lambda m: m.next_to(arrows[1].get_end(), UP + LEFT, buff=0.08))
        self.play(FadeIn(square), Create(arrows[0]), Create(arrows[1]), run_time=style.RUN)
        self.play(Write(i_lab), Write(j_lab), run_time=style.RUN_FAST)
        basis_text = label(self.t("basis"), style.FONT_SIZE_BODY).move_to([PANEL_X, 2.4, 0])
        self.play(FadeIn(basis_text), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("basis")

        # the matrix, its columns coloured like the vectors they become
        W = res.W
        mat = math(r"W = \begin{bmatrix} " + fmt_num(W[0, 0]) + " & " + fmt_num(W[0, 1])
                   + r" \\ " + fmt_num(W[1, 0]) + " & " + fmt_num(W[1, 1]) + r" \end{bmatrix}")
        mat.move_to([PANEL_X, 1.2, 0])
        cols = VGroup(
            math(r"W\hat\imath = (" + fmt_num(res.i_hat[0]) + ", " + fmt_num(res.i_hat[1]) + ")",
                 style.MATH_SIZE, th.output),
            math(r"W\hat\jmath = (" + fmt_num(res.j_hat[0]) + ", " + fmt_num(res.j_hat[1]) + ")",
                 style.MATH_SIZE, th.kernel),
        ).arrange(DOWN, buff=0.2, aligned_edge=LEFT).next_to(mat, DOWN, buff=0.35)
        cols_text = _fit(label(self.t("columns"), style.FONT_SIZE_LABEL)).next_to(cols, DOWN, buff=0.3)
        self.play(Write(mat), run_time=style.RUN)
        self.play(FadeIn(cols), FadeIn(cols_text), run_time=style.RUN)
        self._apply(plane, res, grid, arrows, square, style.RUN_SLOW * 1.5)
        self.wait(style.PAUSE)
        self.beat("transform", a=fmt_num(res.i_hat[0]), b=fmt_num(res.i_hat[1]),
                  c=fmt_num(res.j_hat[0]), d=fmt_num(res.j_hat[1]))

        det = math(r"\det W = " + fmt_num(W[0, 0]) + r"\cdot" + _num(W[1, 1]) + " - "
                   + _num(W[0, 1]) + r"\cdot" + _num(W[1, 0]) + " = " + fmt_num(res.det),
                   style.MATH_SIZE_SMALL, th.highlight).next_to(cols_text, DOWN, buff=0.45)
        area = _fit(label(self.t("area", det=fmt_num(res.det)), style.FONT_SIZE_LABEL))
        area.next_to(det, DOWN, buff=0.25)
        self.play(Indicate(square, color=th.highlight), Write(det), run_time=style.RUN_SLOW)
        self.play(FadeIn(area), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("det", det=fmt_num(res.det))

        # back to the identity, then a matrix with det 0
        self.play(FadeOut(VGroup(mat, cols, cols_text, det, area, basis_text)), run_time=style.RUN_FAST)
        self._apply(plane, ident, grid, arrows, square, style.RUN)
        Ws = sing.W
        mat2 = math(r"W = \begin{bmatrix} " + fmt_num(Ws[0, 0]) + " & " + fmt_num(Ws[0, 1])
                    + r" \\ " + fmt_num(Ws[1, 0]) + " & " + fmt_num(Ws[1, 1]) + r" \end{bmatrix}")
        mat2.move_to([PANEL_X, 2.2, 0])
        det2 = math(r"\det W = " + fmt_num(Ws[0, 0]) + r"\cdot" + _num(Ws[1, 1]) + " - "
                    + _num(Ws[0, 1]) + r"\cdot" + _num(Ws[1, 0]) + " = " + fmt_num(sing.det),
                    style.MATH_SIZE_SMALL, th.highlight).next_to(mat2, DOWN, buff=0.35)
        self.play(Write(mat2), run_time=style.RUN)
        self.play(Write(det2), run_time=style.RUN)
        self.wait(style.PAUSE)
        self._apply(plane, sing, grid, arrows, square, style.RUN_SLOW * 1.5)
        d = sing.image_direction
        onto = math(r"\text{span}\{(" + fmt_num(d[0]) + ", " + fmt_num(d[1]) + r")\}",
                    style.MATH_SIZE_SMALL, th.signal)
        collapse = _fit(label(self.t("collapse", rank=sing.rank), style.FONT_SIZE_LABEL))
        collapse.next_to(det2, DOWN, buff=0.4)
        onto.next_to(collapse, DOWN, buff=0.2)
        null = math(r"W\,(" + fmt_num(sing.null_direction[0]) + ", "
                    + fmt_num(sing.null_direction[1]) + r") = (0, 0)",
                    style.MATH_SIZE_SMALL, th.negative).next_to(onto, DOWN, buff=0.35)
        null_text = _fit(label(self.t("null"), style.FONT_SIZE_LABEL)).next_to(null, DOWN, buff=0.2)
        self.play(FadeIn(collapse), Write(onto), run_time=style.RUN)
        self.play(Write(null), FadeIn(null_text), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("collapse", rank=sing.rank)


# ---------------------------------------------------------------- 2. the 3×2 classifier


class LinearClassifierScores(DLScene):
    """A 3×2 linear classifier: rows as templates, scores as dot products, argmax regions, training."""

    expected_duration = 46.0
    n_points = 90
    data_seed = 0
    lr = 0.05
    steps = 150
    init_seed = 0
    init_scale = 1.5
    shown_steps = (0, 3, 6, 9, 12, 15, 20, 30, 50, 80, 150)
    point_index = 0
    lim = (-5.0, 5.0)
    resolution = 160
    unit = 0.6
    center = (-3.35, -0.5)

    def _arrows(self, plane: _Plane, W: np.ndarray) -> VGroup:
        o = plane.p([0, 0])
        return VGroup(*(Arrow(o, plane.p(w), buff=0, color=self.theme.classes[k], stroke_width=6,
                              max_tip_length_to_length_ratio=0.35)
                        for k, w in enumerate(W)))

    def _regions(self, plane: _Plane, W: np.ndarray, b: np.ndarray) -> tuple:
        reg = lm.class_regions(W, b, self.lim, self.lim, self.resolution)
        img = _region_image(plane, reg.labels, self.theme.classes, self.theme.background, 0.35)
        return img, _boundary_lines(plane, reg.boundaries, self.theme.foreground)

    def _status(self, t: int, hist: lm.SoftmaxHistory) -> VGroup:
        return VGroup(math(rf"t = {t},\quad L = {fmt_num(hist.loss[t])}", style.MATH_SIZE_SMALL),
                      label(self.t("accuracy", acc=_pct(hist.accuracy[t])), style.FONT_SIZE_LABEL)
                      ).arrange(RIGHT, buff=0.4)

    def construct(self) -> None:
        th = self.theme
        data = lm.make_dataset("blobs3", self.n_points, seed=self.data_seed)
        hist = lm.train_softmax(data.X, data.y, 3, lr=self.lr, steps=self.steps,
                                seed=self.init_seed, init_scale=self.init_scale)
        plane = _Plane(self.center, self.unit, self.lim, self.lim)
        W0, b0 = hist.W[0], hist.b[0]

        head = _title_card(self, self.t("scores_title"))
        self.add_foreground_mobject(head)
        frame, axes = plane.frame(th.muted), plane.axes(th.muted)
        clouds = _clouds(plane, data.X, data.y, th.classes)
        self.play(FadeIn(head), Create(frame), Create(axes), run_time=style.RUN)
        self.play(FadeIn(clouds), run_time=style.RUN)
        data_text = _fit(label(self.t("three_classes", n=self.n_points), style.FONT_SIZE_LABEL))
        data_text.move_to([PANEL_X, 2.55, 0])
        self.play(FadeIn(data_text), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat("data", n=self.n_points)

        # W's rows are templates: one arrow per class
        Wtex = _row_coloured_tex(W0, b0, th.classes)
        Wtex.move_to([PANEL_X, 1.45, 0])
        arrows = self._arrows(plane, W0)
        rows_text = _fit(label(self.t("rows"), style.FONT_SIZE_LABEL)).next_to(Wtex, DOWN, buff=0.3)
        self.play(Write(Wtex), run_time=style.RUN)
        self.play(*(Create(a) for a in arrows), FadeIn(rows_text), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("rows")

        # one point's three scores as dot products
        st = lm.score_terms(W0, b0, data.X[self.point_index])
        x1, x2 = st.x
        dot = Dot(plane.p(st.x), radius=0.09, color=th.highlight)
        ring = SurroundingRectangle(dot, color=th.highlight, buff=0.06)
        x_tex = math(rf"x = ({fmt_num(x1)}, {fmt_num(x2)})", style.MATH_SIZE_SMALL, th.highlight)
        lines = VGroup(*(math(
            rf"s_{k + 1} = {_num(W0[k, 0])}\cdot{_num(x1)} + {_num(W0[k, 1])}\cdot{_num(x2)}"
            rf" + {_num(st.bias[k])} = {fmt_num(st.totals[k])}",
            style.MATH_SIZE_SMALL, th.classes[k]) for k in range(3)))
        lines.arrange(DOWN, buff=0.22, aligned_edge=LEFT)
        block = VGroup(x_tex, lines).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        block.next_to(rows_text, DOWN, buff=0.35)
        _fit(block)
        block.set_x(PANEL_X)
        self.play(FadeIn(dot), Create(ring), Write(x_tex), run_time=style.RUN)
        for line in lines:
            self.play(Write(line), run_time=style.RUN)
        best = SurroundingRectangle(lines[st.label], color=th.highlight, buff=0.06)
        verdict = label(self.t("argmax", k=st.label + 1), style.FONT_SIZE_LABEL, th.highlight)
        verdict.next_to(block, DOWN, buff=0.3).set_x(PANEL_X)
        self.play(Create(best), FadeIn(verdict), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("scores", k=st.label + 1)

        # every point of the plane gets the class of its best score
        img, bounds = self._regions(plane, W0, b0)
        self.play(FadeOut(VGroup(lines, best, verdict, x_tex, ring)), run_time=style.RUN_FAST)
        self.bring_to_back(img)
        self.play(FadeIn(img), _still(clouds), _still(arrows), run_time=style.RUN_SLOW)
        self.play(Create(bounds), run_time=style.RUN)
        regions_text = _fit(label(self.t("regions"), style.FONT_SIZE_LABEL)).next_to(rows_text, DOWN, buff=0.35)
        bound_tex = math(r"s_i = s_j", style.MATH_SIZE_SMALL).next_to(regions_text, DOWN, buff=0.2)
        acc0 = label(self.t("accuracy", acc=_pct(hist.accuracy[0])), style.FONT_SIZE_LABEL)
        acc0.next_to(bound_tex, DOWN, buff=0.3)
        self.play(FadeIn(regions_text), Write(bound_tex), run_time=style.RUN)
        self.play(Write(acc0), FadeOut(dot), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("regions", acc=_pct(hist.accuracy[0]))

        # training: boundaries move while the loss falls
        self.play(FadeOut(VGroup(Wtex, rows_text, regions_text, bound_tex, acc0, data_text)),
                  run_time=style.RUN_FAST)
        loss_max = float(hist.loss.max())
        ax = Axes(x_range=[0, self.steps, 50], y_range=[0, loss_max * 1.05, 1],
                  x_length=5.2, y_length=3.0, tips=False,
                  axis_config={"color": th.muted, "include_numbers": True, "font_size": 18})
        ax.move_to([PANEL_X, 0.9, 0])
        x_lab = label(self.t("step"), style.FONT_SIZE_SMALL, th.muted).next_to(ax.x_axis, DOWN, buff=0.35)
        y_lab = math(r"L", style.MATH_SIZE_SMALL, th.output).next_to(ax.y_axis, UP, buff=0.1)
        train_text = _fit(label(self.t("training", lr=fmt_num(self.lr)), style.FONT_SIZE_LABEL))
        train_text.move_to([PANEL_X, 2.85, 0])
        formula = math(r"L = -\frac{1}{n}\sum_i \log \mathrm{softmax}(Wx_i + b)_{y_i}",
                       style.MATH_SIZE_SMALL).next_to(ax, DOWN, buff=0.7)
        self.play(Create(ax), FadeIn(x_lab), Write(y_lab), FadeIn(train_text), run_time=style.RUN)
        self.play(Write(formula), run_time=style.RUN)
        status = self._status(0, hist).next_to(formula, DOWN, buff=0.35)
        marker = Dot(ax.c2p(0, hist.loss[0]), radius=0.07, color=th.output)
        self.play(FadeIn(status), FadeIn(marker), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        prev = 0
        curve = VGroup()
        for t in self.shown_steps[1:]:
            seg = ax.plot_line_graph(np.arange(prev, t + 1), hist.loss[prev:t + 1],
                                     line_color=th.output, add_vertex_dots=False, stroke_width=4)
            new_img, new_bounds = self._regions(plane, hist.W[t], hist.b[t])
            new_arrows = self._arrows(plane, hist.W[t])
            new_status = self._status(t, hist).move_to(status)
            self.remove(img)
            self.add(new_img)
            self.bring_to_back(new_img)
            img = new_img
            self.play(Create(seg), marker.animate.move_to(ax.c2p(t, hist.loss[t])),
                      ReplacementTransform(bounds, new_bounds), Transform(arrows, new_arrows),
                      ReplacementTransform(status, new_status), run_time=style.RUN)
            curve.add(seg)
            bounds, status, prev = new_bounds, new_status, t
            self.wait(style.PAUSE * 0.5)
        self.wait(style.PAUSE)
        self.beat("training", steps=self.steps, loss=fmt_num(hist.loss[-1]),
                  acc=_pct(hist.accuracy[-1]))
        self.play(Indicate(status, color=th.highlight), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("trained")


# ---------------------------------------------------------------- 3. when lines are not enough


def _tilt(mob, about: np.ndarray):
    """Turn a flat panel into an oblique 3-D view (drawing only: the 2-D camera projects
    orthographically, so rotating the mobject is the camera move)."""
    mob.rotate(-30 * DEGREES, axis=OUT, about_point=about)
    mob.rotate(-62 * DEGREES, axis=RIGHT, about_point=about)
    return mob


class LinesNotEnough(DLScene):
    """Circle and XOR data defeat every straight line; the lift x1² + x2² makes a plane enough."""

    expected_duration = 40.0
    n_points = 2000
    data_seed = 0
    lr = 0.05
    steps = 300
    lift_steps = 500
    n_directions = 360
    lim = (-6.0, 6.0)
    unit = 0.42
    resolution = 120
    centers = ((-3.4, -0.3), (3.4, -0.3))
    z_unit = 0.1
    """Scene units per unit of x1² + x2² in the 3-D view."""

    def _panel(self, plane: _Plane, data: lm.Dataset, name: str) -> tuple:
        th = self.theme
        frame, axes = plane.frame(th.muted), plane.axes(th.muted)
        clouds = _clouds(plane, data.X, data.y, th.classes, stroke_width=3.0)
        name_lab = label(name, style.FONT_SIZE_LABEL).next_to(frame, UP, buff=0.12)
        return frame, axes, clouds, name_lab

    def _line_result(self, plane, data):
        hist = lm.train_softmax(data.X, data.y, 2, lr=self.lr, steps=self.steps, seed=self.data_seed)
        reg = lm.class_regions(hist.W[-1], hist.b[-1], self.lim, self.lim, self.resolution)
        best = lm.best_line_accuracy(data.X, data.y, self.n_directions)
        return hist, reg, best

    def construct(self) -> None:
        th = self.theme
        datas = [lm.make_dataset(name, self.n_points, seed=self.data_seed) for name in ("circle", "xor")]
        planes = [_Plane(c, self.unit, self.lim, self.lim) for c in self.centers]
        head = _title_card(self, self.t("lines_title"))
        self.add_foreground_mobject(head)
        self.play(FadeIn(head), run_time=style.RUN)
        panels = [self._panel(p, d, self.t(f"name_{d.name}")) for p, d in zip(planes, datas)]
        for frame, axes, clouds, name_lab in panels:
            self.play(Create(frame), Create(axes), FadeIn(name_lab), run_time=style.RUN_FAST)
            self.play(FadeIn(clouds), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("nl_data", n=self.n_points)

        # the trained linear classifier, and the best any single line can do
        results, texts = [], []
        for plane, data, (frame, *_rest) in zip(planes, datas, panels):
            hist, reg, best = self._line_result(plane, data)
            regions = _region_image(plane, reg.labels, th.classes, th.background)
            line = _boundary_lines(plane, reg.boundaries, th.foreground)
            acc = label(self.t("linear_acc", acc=_pct(hist.accuracy[-1])), style.FONT_SIZE_SMALL)
            acc.next_to(frame, DOWN, buff=0.15)
            self.bring_to_back(regions)
            self.play(FadeIn(regions), _still(_rest[2]), Create(line), FadeIn(acc),
                      run_time=style.RUN_SLOW)
            results.append((hist, regions, line, acc, best))
        self.wait(style.PAUSE)
        self.beat("nl_linear", a=_pct(results[0][0].accuracy[-1]), b=_pct(results[1][0].accuracy[-1]))
        ceilings = []
        for plane, data, (hist, regions, line, acc, best) in zip(planes, datas, results):
            # the best line: normal·x = offset, drawn across the box
            start, end = lm.line_in_box(best.normal, best.offset, self.lim, self.lim)
            best_line = DashedLine(plane.p(start), plane.p(end), color=th.highlight, stroke_width=4)
            ceil = label(self.t("best_line", acc=_pct(best.accuracy)), style.FONT_SIZE_SMALL,
                         th.highlight).next_to(acc, DOWN, buff=0.1)
            self.play(Create(best_line), FadeIn(ceil), run_time=style.RUN)
            ceilings.append((best_line, ceil))
        self.wait(style.READ)
        self.beat("nl_ceiling", a=_pct(results[0][4].accuracy), b=_pct(results[1][4].accuracy))

        # lift the circle data: z = x1² + x2², where a plane separates the classes
        circ, plane0 = datas[0], planes[0]
        frame, axes, clouds, name_lab = panels[0]
        self.remove(results[0][1], results[0][2], ceilings[0][0])
        right = Group(*results[1][1:4], *ceilings[1], ceilings[0][1], results[0][3], *panels[1])
        self.play(FadeOut(right), run_time=style.RUN)
        feats = ("x1", "x2", "r^2")
        Phi = lm.feature_map(circ.X, feats)
        lift = lm.train_softmax(Phi, circ.y, 2, lr=self.lr, steps=self.lift_steps, seed=self.data_seed)
        w, c = lm.binary_boundary(lift.W[-1], lift.b[-1])
        centre, radius = lm.circle_boundary(w, c)
        about = plane0.center
        flat = Group(frame.copy(), axes.copy(), clouds.copy())
        _tilt(flat, about)
        self.play(Transform(frame, flat[0]), Transform(axes, flat[1]), Transform(clouds, flat[2]),
                  run_time=style.RUN_SLOW)
        lifted = Group(*(point_cloud(plane0.p(circ.X[circ.y == k])
                                     + np.outer(Phi[circ.y == k, 2] * self.z_unit, OUT),
                                     th.classes[k], 3.0) for k in (0, 1)))
        _tilt(lifted, about)
        z_axis = _tilt(Arrow(about, about + OUT * self.z_unit * 30, buff=0, color=th.muted,
                             stroke_width=3), about)
        feature = math(r"z = x_1^2 + x_2^2", style.MATH_SIZE, th.product).move_to([PANEL_X, 2.2, 0])
        lift_text = _fit(label(self.t("lift"), style.FONT_SIZE_LABEL)).next_to(feature, DOWN, buff=0.25)
        self.play(Write(feature), FadeIn(lift_text), Create(z_axis), run_time=style.RUN)
        self.play(Transform(clouds, lifted), run_time=style.RUN_SLOW * 1.5)
        self.wait(style.PAUSE)
        self.beat("nl_lift")

        (x0, x1), (y0, y1) = self.lim, self.lim
        corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        heights = lm.plane_height(w, c, corners)
        sheet = Polygon(*(plane0.p(corners) + np.outer(heights * self.z_unit, OUT)),
                        stroke_color=th.highlight, stroke_width=2, fill_color=th.highlight,
                        fill_opacity=0.25)
        _tilt(sheet, about)
        plane_eq = math(rf"{fmt_num(w[0], 3)}\,x_1 {'+' if w[1] >= 0 else '-'} {fmt_num(abs(w[1]), 3)}\,x_2 "
                        rf"{'+' if w[2] >= 0 else '-'} {fmt_num(abs(w[2]), 3)}\,z "
                        rf"{'+' if c >= 0 else '-'} {fmt_num(abs(c), 3)} = 0",
                        style.MATH_SIZE_SMALL, th.highlight)
        plane_eq.next_to(lift_text, DOWN, buff=0.45)
        _fit(plane_eq)
        lift_acc = label(self.t("lift_acc", acc=_pct(lift.accuracy[-1])), style.FONT_SIZE_LABEL,
                         th.highlight).next_to(plane_eq, DOWN, buff=0.25)
        self.play(FadeIn(sheet), Write(plane_eq), run_time=style.RUN_SLOW)
        self.play(FadeIn(lift_acc), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("nl_plane", acc=_pct(lift.accuracy[-1]))

        # back to the plane: the cut is a circle
        theta = np.linspace(0, 2 * np.pi, 181)
        ring_xy = centre + radius * np.column_stack([np.cos(theta), np.sin(theta)])
        ring3 = VMobject(stroke_color=th.foreground, stroke_width=5)
        ring3.set_points_as_corners(plane0.p(ring_xy)
                                    + np.outer(lm.plane_height(w, c, ring_xy) * self.z_unit, OUT))
        _tilt(ring3, about)
        self.play(Create(ring3), run_time=style.RUN)
        flat_clouds = _clouds(plane0, circ.X, circ.y, th.classes, stroke_width=3.0)
        ring2 = VMobject(stroke_color=th.foreground, stroke_width=5)
        ring2.set_points_as_corners(plane0.p(ring_xy))
        flat_frame, flat_axes = plane0.frame(th.muted), plane0.axes(th.muted)
        self.play(FadeOut(sheet), FadeOut(z_axis), Transform(clouds, flat_clouds),
                  Transform(frame, flat_frame), Transform(axes, flat_axes),
                  Transform(ring3, ring2), run_time=style.RUN_SLOW)
        reg = lm.feature_regions(lift.W[-1], lift.b[-1], feats, self.lim, self.lim, self.resolution)
        regions = _region_image(plane0, reg.labels, th.classes, th.background)
        self.bring_to_back(regions)
        circle_eq = math(rf"({_shift('x_1', centre[0], 3)})^2 + ({_shift('x_2', centre[1], 3)})^2 = "
                         rf"{fmt_num(radius, 3)}^2", style.MATH_SIZE_SMALL, th.foreground)
        circle_eq.next_to(lift_acc, DOWN, buff=0.45)
        _fit(circle_eq)
        back_text = _fit(label(self.t("back"), style.FONT_SIZE_LABEL)).next_to(circle_eq, DOWN, buff=0.25)
        self.play(FadeIn(regions), _still(clouds), _still(ring3), Write(circle_eq),
                  FadeIn(back_text), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("nl_back", r=fmt_num(radius))

        # the same idea for XOR: the product feature x1·x2
        self.play(FadeOut(VGroup(feature, lift_text, plane_eq, lift_acc, circle_eq, back_text)),
                  run_time=style.RUN_FAST)
        xor, plane1 = datas[1], planes[1]
        feats_x = ("x1", "x2", "x1x2")
        lift_x = lm.train_softmax(lm.feature_map(xor.X, feats_x), xor.y, 2, lr=self.lr,
                                  steps=self.lift_steps, seed=self.data_seed)
        reg_x = lm.feature_regions(lift_x.W[-1], lift_x.b[-1], feats_x, self.lim, self.lim,
                                   self.resolution)
        frame1, axes1, clouds1, name1 = self._panel(plane1, xor, self.t("name_xor"))
        regions1 = _region_image(plane1, reg_x.labels, th.classes, th.background)
        xor_feat = math(r"x_1 x_2", style.MATH_SIZE_SMALL, th.product)
        xor_acc = label(self.t("xor_acc", acc=_pct(lift_x.accuracy[-1])), style.FONT_SIZE_SMALL,
                        th.highlight)
        VGroup(xor_feat, xor_acc).arrange(RIGHT, buff=0.25).next_to(frame1, DOWN, buff=0.15)
        circ_acc = label(self.t("circle_acc", acc=_pct(lift.accuracy[-1])), style.FONT_SIZE_SMALL,
                         th.highlight).next_to(frame, DOWN, buff=0.15)
        self.play(Create(frame1), Create(axes1), FadeIn(name1), FadeIn(clouds1), run_time=style.RUN)
        self.bring_to_back(regions1)
        self.play(FadeIn(regions1), _still(clouds1), Write(xor_feat), FadeIn(xor_acc), FadeIn(circ_acc),
                  run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("nl_features", acc=_pct(lift_x.accuracy[-1]))


# ---------------------------------------------------------------- 4. uncrumpling the plane


def _polylines(points: np.ndarray, n_lines: int, color: str, width: float) -> VMobject:
    """``n_lines`` polylines of equally many points (rows of ``points``, scene coords) as
    one VMobject with one subpath each."""
    vm = VMobject(stroke_color=color, stroke_width=width)
    for line in np.split(points, n_lines):
        vm.start_new_path(line[0])
        vm.add_points_as_corners(line[1:])
    return vm


class Uncrumpling(DLScene):
    """A 2-2-2 tanh network on XOR, layer by layer: each layer bends the plane until a line separates."""

    expected_duration = 28.0
    n_points = 200
    data_seed = 0
    hidden = (2, 2)
    lr = 0.1
    epochs = 100
    l2 = 0.01
    train_seed = 0
    grid_extent = 6
    grid_samples = 80
    view_radius = 2.6
    """Half-size (scene units) of the view every stage is scaled to."""
    center = (-3.1, -0.45)
    n_directions = 360

    def _stage_points(self, pts: np.ndarray, scale: float) -> np.ndarray:
        c = np.array([self.center[0], self.center[1], 0.0])
        return c + np.column_stack([pts * scale, np.zeros(len(pts))])

    def construct(self) -> None:
        th = self.theme
        data = lm.make_dataset("xor", self.n_points, seed=self.data_seed)
        hist = lm.train_mlp(data.X, data.y, hidden=self.hidden, activation="tanh", lr=self.lr,
                            epochs=self.epochs, l2=self.l2, seed=self.train_seed)
        params = hist.params
        # drawing samples along the grid lines x = k and y = k (k = -extent .. extent)
        e = self.grid_extent
        ks = np.arange(-e, e + 1, dtype=float)
        ts = np.linspace(-e, e, self.grid_samples)
        grid_pts = np.concatenate([np.column_stack([np.full_like(ts, k), ts]) for k in ks]
                                  + [np.column_stack([ts, np.full_like(ts, k)]) for k in ks])
        n_lines = 2 * ks.size
        dg = lm.deformation_stages(params, "tanh", grid_pts)
        dd = lm.deformation_stages(params, "tanh", data.X)
        # each stage is drawn at its own zoom so that the data fill the view (layout only)
        scales = [self.view_radius / float(np.abs(s).max()) for s in dd.stages]

        head = _title_card(self, self.t("uncrumple_title"))
        backdrop = Rectangle(width=PANEL_WIDTH + 0.5, height=8.0, stroke_width=0,
                             fill_color=th.background, fill_opacity=0.92).move_to([PANEL_X, 0, 0])

        def draw(stage: int):
            grid = _polylines(self._stage_points(dg.stages[stage], scales[stage]), n_lines,
                              th.muted, 1.5)
            clouds = Group(*(point_cloud(self._stage_points(dd.stages[stage][data.y == k], scales[stage]),
                                         th.classes[k], 6.0) for k in (0, 1)))
            return grid, clouds

        grid, clouds = draw(0)
        self.play(Create(grid), run_time=style.RUN_SLOW)
        self.add(backdrop)
        self.add_foreground_mobject(head)
        self.play(FadeIn(head), FadeIn(clouds), run_time=style.RUN)
        net = VGroup(math(r"h_1 = \tanh(W_1 x + b_1)", style.MATH_SIZE_SMALL),
                     math(r"h_2 = \tanh(W_2 h_1 + b_2)", style.MATH_SIZE_SMALL),
                     math(r"p = \mathrm{softmax}(W_3 h_2 + b_3)", style.MATH_SIZE_SMALL)
                     ).arrange(DOWN, buff=0.12).move_to([PANEL_X, 2.3, 0])
        acc_all = _fit(label(self.t("net_acc", epochs=self.epochs, l2=fmt_num(self.l2),
                                    acc=_pct(hist.train_acc[-1])),
                             style.FONT_SIZE_LABEL)).next_to(net, DOWN, buff=0.2)
        best0 = lm.best_line_accuracy(dd.stages[0], data.y, self.n_directions)
        stage_tex = math("x", style.MATH_SIZE, th.signal).move_to([PANEL_X, 0.55, 0])
        best_lab = label(self.t("best_line", acc=_pct(best0.accuracy)), style.FONT_SIZE_LABEL,
                         th.highlight).move_to([PANEL_X, -2.6, 0])
        self.play(Write(net), FadeIn(acc_all), run_time=style.RUN)
        self.play(Write(stage_tex), FadeIn(best_lab), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("uc_input", acc=_pct(best0.accuracy))

        texs = {"W1": r"W_1 x", "+b1": r"W_1 x + b_1", "f1": r"h_1 = \tanh(W_1 x + b_1)",
                "W2": r"W_2 h_1", "+b2": r"W_2 h_1 + b_2", "f2": r"h_2 = \tanh(W_2 h_1 + b_2)"}
        numbers = None
        for s, name in enumerate(dd.names[1:], start=1):
            layer = int(name[-1])
            new_grid, new_clouds = draw(s)
            new_tex = math(texs[name], style.MATH_SIZE, th.signal).move_to(stage_tex)
            anims = [Transform(grid, new_grid), Transform(clouds, new_clouds),
                     ReplacementTransform(stage_tex, new_tex)]
            if name.startswith("W"):
                Wl, bl = params.weights[layer - 1], params.biases[layer - 1]
                new_numbers = VGroup(math(_matrix_tex(f"W_{layer}", Wl), style.MATH_SIZE_SMALL),
                                     math(_matrix_tex(f"b_{layer}", bl[:, None]), style.MATH_SIZE_SMALL)
                                     ).arrange(RIGHT, buff=0.5).move_to([PANEL_X, -0.85, 0])
                self.play(FadeOut(numbers) if numbers is not None else Wait(0.01),
                          FadeIn(new_numbers), run_time=style.RUN_FAST)
                numbers = new_numbers
            self.play(*anims, run_time=style.RUN_SLOW)
            stage_tex = new_tex
            if name.startswith("f"):
                best = lm.best_line_accuracy(dd.stages[s], data.y, self.n_directions)
                new_best = label(self.t("best_line", acc=_pct(best.accuracy)), style.FONT_SIZE_LABEL,
                                 th.highlight).move_to(best_lab)
                self.play(ReplacementTransform(best_lab, new_best), run_time=style.RUN_FAST)
                best_lab = new_best
                self.wait(style.PAUSE)
                self.beat(f"uc_layer{layer}", acc=_pct(best.accuracy))
            else:
                self.wait(style.PAUSE * 0.5)

        # in the last layer's plane, the output layer is one straight line
        last = len(dd.stages) - 1
        r = self.view_radius / scales[last]
        box = (-r, r)
        reg = lm.class_regions(dd.output_W, dd.output_b, box, box, 120)
        plane = _Plane(self.center, scales[last], box, box)
        regions = _region_image(plane, reg.labels, th.classes, th.background)
        line = _boundary_lines(plane, reg.boundaries, th.foreground)
        self.bring_to_back(regions)
        out_tex = math(r"W_3 h_2 + b_3", style.MATH_SIZE, th.output).move_to(stage_tex)
        self.play(FadeIn(regions), _still(grid), _still(clouds), Create(line),
                  ReplacementTransform(stage_tex, out_tex), run_time=style.RUN_SLOW)
        sep = _fit(label(self.t("separated", acc=_pct(hist.train_acc[-1])), style.FONT_SIZE_LABEL))
        sep.next_to(best_lab, UP, buff=0.3)
        self.play(FadeIn(sep), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("uc_separated", acc=_pct(hist.train_acc[-1]))


# ---------------------------------------------------------------- 5. playground


def _heat_levels(regions: lm.Regions, n_bins: int) -> np.ndarray:
    """Colour level of each cell: predicted class × confidence bin of |2p − 1| (display only)."""
    conf = np.abs(2 * regions.probs - 1)
    bins = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    return regions.labels * n_bins + bins


def _heat_map(scene: DLScene, plane: _Plane, regions: lm.Regions, n_bins: int = 4) -> VGroup:
    """Playground-style decision heat map: class colour, stronger where the net is surer."""
    th = scene.theme
    colors = []
    for k in (0, 1):
        for i in range(n_bins):
            colors += _tints((th.classes[k],), th.background, 0.12 + 0.5 * (i + 0.5) / n_bins)
    return _region_mobject(plane, _heat_levels(regions, n_bins), colors)


class PlaygroundSpiral(DLScene):
    """Playground: an MLP learns the spiral; train vs test loss; then L2 and dropout narrow the gap."""

    expected_duration = 39.0
    n_points = 240
    noise = 0.5
    data_seed = 4
    test_fraction = 0.5
    hidden = (24, 24, 24)
    activation = "relu"
    lr = 0.03
    epochs = 600
    batch_size = 10
    train_seed = 0
    l2 = 0.001
    dropout = 0.1
    shown_epochs = (0, 10, 25, 50, 100, 200, 300, 400, 500, 600)
    lim = (-6.0, 6.0)
    resolution = 90
    unit = 0.45
    center = (-3.5, -0.45)

    def _train(self, Xtr, ytr, Xte, yte, **reg) -> lm.MLPHistory:
        return lm.train_mlp(Xtr, ytr, hidden=self.hidden, activation=self.activation, lr=self.lr,
                            epochs=self.epochs, batch_size=self.batch_size, seed=self.train_seed,
                            X_test=Xte, y_test=yte, snapshot_epochs=self.shown_epochs, **reg)

    def _losses(self, h: lm.MLPHistory) -> VGroup:
        return VGroup(
            math(rf"L_\text{{train}} = {fmt_num(h.train_loss[-1])},\ "
                 rf"L_\text{{test}} = {fmt_num(h.test_loss[-1])}", style.MATH_SIZE_SMALL),
            label(self.t("test_acc", acc=_pct(h.test_acc[-1])), style.FONT_SIZE_SMALL),
        ).arrange(DOWN, buff=0.12)

    def construct(self) -> None:
        th = self.theme
        data = lm.make_dataset("spiral", self.n_points, noise=self.noise, seed=self.data_seed)
        Xtr, ytr, Xte, yte = lm.train_test_split(data.X, data.y, self.test_fraction, seed=self.data_seed)
        plain = self._train(Xtr, ytr, Xte, yte)
        with_l2 = self._train(Xtr, ytr, Xte, yte, l2=self.l2)
        with_drop = self._train(Xtr, ytr, Xte, yte, dropout=self.dropout)
        self.histories = {"plain": plain, "l2": with_l2, "dropout": with_drop}  # for the tests
        plane = _Plane(self.center, self.unit, self.lim, self.lim)

        head = _title_card(self, self.t("playground_title"))
        self.add_foreground_mobject(head)
        frame = plane.frame(th.muted)
        train_pts = _clouds(plane, Xtr, ytr, th.classes, stroke_width=6.0)
        setup = VGroup(_fit(label(self.t("setup_data", n=len(ytr), m=len(yte)), style.FONT_SIZE_LABEL)),
                       _fit(label(self.t("setup_net", layers=" × ".join(str(h) for h in self.hidden),
                                         act=self.activation, lr=fmt_num(self.lr),
                                         batch=self.batch_size), style.FONT_SIZE_LABEL))
                       ).arrange(DOWN, buff=0.12).move_to([PANEL_X, 2.55, 0])
        self.play(FadeIn(head), Create(frame), run_time=style.RUN)
        self.play(FadeIn(train_pts), FadeIn(setup), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("pg_data", n=len(ytr), m=len(yte))

        # training: heat map and both loss curves
        top = float(max(plain.train_loss.max(), plain.test_loss.max()))
        ax = Axes(x_range=[0, self.epochs, 100], y_range=[0, top * 1.05, 0.2], x_length=5.4,
                  y_length=3.2, tips=False,
                  axis_config={"color": th.muted, "include_numbers": True, "font_size": 18})
        ax.move_to([PANEL_X, 0.05, 0])
        x_lab = label(self.t("epoch"), style.FONT_SIZE_SMALL, th.muted).next_to(ax.x_axis, DOWN, buff=0.35)
        legend = VGroup(label(self.t("train_loss"), style.FONT_SIZE_SMALL, th.output),
                        label(self.t("test_loss"), style.FONT_SIZE_SMALL, th.negative)
                        ).arrange(RIGHT, buff=0.5).next_to(ax, UP, buff=0.15)
        self.play(Create(ax), FadeIn(x_lab), FadeIn(legend), run_time=style.RUN)
        heat = _heat_map(self, plane, lm.mlp_regions(plain.snapshots[0], self.activation,
                                                      self.lim, self.lim, self.resolution))
        self.bring_to_back(heat)
        self.play(FadeIn(heat), _still(train_pts), run_time=style.RUN)
        status = self._status(plain, 0).next_to(ax, DOWN, buff=0.7)
        self.play(FadeIn(status), run_time=style.RUN_FAST)
        prev = 0
        curves = VGroup()
        for idx, e in enumerate(self.shown_epochs[1:], start=1):
            xs = np.arange(prev, e + 1)
            tr = ax.plot_line_graph(xs, plain.train_loss[prev:e + 1], line_color=th.output,
                                    add_vertex_dots=False, stroke_width=3)
            te = ax.plot_line_graph(xs, plain.test_loss[prev:e + 1], line_color=th.negative,
                                    add_vertex_dots=False, stroke_width=3)
            new_heat = _heat_map(self, plane, lm.mlp_regions(plain.snapshots[idx], self.activation,
                                                              self.lim, self.lim, self.resolution))
            new_status = self._status(plain, e).move_to(status)
            self.remove(heat)
            self.add(new_heat)
            self.bring_to_back(new_heat)
            heat = new_heat
            self.play(Create(tr), Create(te), ReplacementTransform(status, new_status),
                      run_time=style.RUN_SLOW)
            curves.add(tr, te)
            status, prev = new_status, e
        self.wait(style.PAUSE)
        self.beat("pg_training", epochs=self.epochs, train=fmt_num(plain.train_loss[-1]),
                  test=fmt_num(plain.test_loss[-1]))
        gap = _fit(label(self.t("gap"), style.FONT_SIZE_LABEL, th.negative)).next_to(status, DOWN, buff=0.25)
        self.play(FadeIn(gap), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("pg_gap")

        # three trained nets side by side: plain, L2, dropout
        self.play(FadeOut(VGroup(ax, curves, x_lab, legend, status, gap, setup)), FadeOut(train_pts),
                  FadeOut(frame), FadeOut(heat), run_time=style.RUN)
        small = 0.29
        names = (self.t("plain"), self.t("with_l2", l2=fmt_num(self.l2, 4)),
                 self.t("with_dropout", rate=fmt_num(self.dropout)))
        for i, (h, name) in enumerate(zip((plain, with_l2, with_drop), names)):
            p = _Plane((-4.6 + 4.6 * i, 0.1), small, self.lim, self.lim)
            hm = _heat_map(self, p, lm.mlp_regions(h.params, self.activation, self.lim, self.lim,
                                                   self.resolution))
            pts = _clouds(p, Xtr, ytr, th.classes, stroke_width=4.0)
            title_i = label(name, style.FONT_SIZE_LABEL).next_to(hm, UP, buff=0.15)
            nums = self._losses(h).next_to(hm, DOWN, buff=0.2)
            self.play(FadeIn(hm), FadeIn(pts), FadeIn(title_i), run_time=style.RUN)
            self.play(FadeIn(nums), run_time=style.RUN)
            self.wait(style.PAUSE)
            if i == 0:
                self.beat("pg_plain", train=fmt_num(h.train_loss[-1]), test=fmt_num(h.test_loss[-1]))
            elif i == 1:
                self.beat("pg_l2", test=fmt_num(h.test_loss[-1]))
        self.wait(style.READ)
        self.beat("pg_dropout", test=fmt_num(with_drop.test_loss[-1]))

    def _status(self, h: lm.MLPHistory, e: int) -> VGroup:
        return VGroup(
            label(self.t("epoch_n", e=e), style.FONT_SIZE_SMALL),
            math(rf"L_\text{{train}} = {fmt_num(h.train_loss[e])},\ "
                 rf"L_\text{{test}} = {fmt_num(h.test_loss[e])}", style.MATH_SIZE_SMALL),
        ).arrange(RIGHT, buff=0.3)
