"""Linear-classifier scenes: matrices as transforms, Wx + b class regions, training,
lifted features, a tanh network uncrumpling the plane, and a Playground-style MLP.

Every number, point, region and boundary on screen comes from :mod:`dlmath.linear`;
class regions are one image built from dlmath's label grid, data sets one point cloud
per class. Render one with the plain Manim CLI:
``manim -ql scenes/linear_classifier.py MatrixAsTransform``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
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
    Write,
)

from dlmath import linear as lm
from scenes import style
from scenes.common import DLScene, label, math, point_cloud, title
from scenes.style import fmt_num

__all__ = [
    "MatrixAsTransform",
    "LinearClassifierScores",
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


def _fit(mob, width: float = PANEL_WIDTH):
    """Shrink ``mob`` to ``width`` if it is wider (long translations stay on screen)."""
    if mob.width > width:
        mob.scale_to_fit_width(width)
    return mob


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

    expected_duration = 45.0
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
        self.play(Create(background), Create(grid), Create(axes), run_time=style.RUN_SLOW)
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

    expected_duration = 75.0
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
        self.play(FadeIn(img), run_time=style.RUN_SLOW)
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
