"""Linear-classifier lessons: each scene's parameters and everything it shows, from dlmath.

Matrices as transforms, a 3-class linear classifier and its training, data that no
straight line separates (and the lift that fixes it), a 2-2-2 tanh network bending the
plane, and a Playground-style MLP with L2 and dropout. Every run, region grid, boundary
and best line is computed here (from :mod:`dlmath.linear`); the scenes only draw it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import numpy as np

from dlmath import linear as lm
from dlmath.linear import (BestLine, ClassRegions, Dataset, Deformation, LinearMap, MLPHistory,
                           Regions, ScoreTerms, SoftmaxHistory)
from dlmath.linear import ColumnSum, StackedMaps
from lessons import Lesson, Params, param

__all__ = [
    "LESSONS",
    "MatrixAsTransformParams", "MatrixAsTransformData", "matrix_as_transform",
    "LinearClassifierScoresParams", "LinearClassifierScoresData", "linear_classifier_scores",
    "LinesNotEnoughParams", "LinesNotEnoughData", "LinearFit", "lines_not_enough",
    "UncrumplingParams", "UncrumplingData", "uncrumpling",
    "PlaygroundSpiralParams", "PlaygroundSpiralData", "playground_spiral",
    "RegularisationParams", "RegularisationData", "regularisation",
    "ColumnViewParams", "ColumnViewData", "column_view",
    "WhyNonLinearityParams", "WhyNonLinearityData", "why_nonlinearity",
    "FourPixelColumnsParams", "FourPixelColumnsData", "four_pixel_columns",
]

SEED_MAX = 99_999
"""Largest seed a lecturer may type (any seed works; this keeps the field readable)."""


def _shown(marks: tuple[int, ...], last: int) -> tuple[int, ...]:
    """The marks below ``last``, then ``last`` itself (the end of training is always shown)."""
    return tuple(m for m in marks if m < last) + (last,)


def _refuse_marks(p: Params, name: str, marks: tuple[int, ...]) -> None:
    if marks[0] != 0 or any(b <= a for a, b in zip(marks, marks[1:])):
        p.refuse(name, marks, "strictly increasing values starting at 0 (the untrained model "
                              "is shown first)")


# ---------------------------------------------------------------- MatrixAsTransform

MATRIX_ENTRY_MAX = 3.0
"""Largest |w_ij|: two decimals of each entry, and the det line a·(d) − (b)·(c), stay
inside the 5.9-unit text panel."""
MATRIX_MIN_COLUMN = 0.25
"""Shortest column W î, W ĵ (data units): a shorter arrow is all tip and its label covers it."""
MATRIX_EXTENT = (2, 4)
"""Grid lines x, y = −e … e: at 0.75 scene units each, e = 4 is the widest box that stays
between the frame's left edge and the text panel and below the title."""
SINGULAR_TOL = 1e-12
"""|det W| ≤ tol · max|w|² counts as 0 (dlmath's rank test)."""


@dataclass(frozen=True)
class MatrixAsTransformParams(Params):
    """MatrixAsTransform's inputs (defaults: the lecture notes' example)."""

    W: tuple[tuple[float, ...], ...] = param(
        ((1.0, -1.0), (0.5, 1.0)), "the 2×2 matrix W applied to the plane (rows; W î, W ĵ are "
        "its columns)", low=-MATRIX_ENTRY_MAX, high=MATRIX_ENTRY_MAX, length=(2, 2), width=(2, 2))
    W_singular: tuple[tuple[float, ...], ...] = param(
        ((1.0, 2.0), (0.5, 1.0)), "a 2×2 matrix with det W = 0 (rank 1) that flattens the plane",
        low=-MATRIX_ENTRY_MAX, high=MATRIX_ENTRY_MAX, length=(2, 2), width=(2, 2))
    extent: int = param(3, "grid lines x = k and y = k for k = −extent … extent",
                        low=MATRIX_EXTENT[0], high=MATRIX_EXTENT[1])

    def check(self) -> None:
        e = self.extent
        for name in ("W", "W_singular"):
            res = lm.linear_map(getattr(self, name), e, tol=SINGULAR_TOL)
            if min(np.hypot(*res.i_hat), np.hypot(*res.j_hat)) < MATRIX_MIN_COLUMN:
                self.refuse(name, getattr(self, name), f"columns W î, W ĵ of length ≥ "
                            f"{MATRIX_MIN_COLUMN:g} (a shorter arrow cannot be read)")
            if np.abs(res.square_image).max() > e:
                self.refuse(name, getattr(self, name), f"a unit square whose image (corners 0, "
                            f"W î, W ĵ, W î + W ĵ) stays in the grid's window |x|, |y| ≤ "
                            f"extent = {e}")
            if name == "W_singular" and res.rank != 1:
                self.refuse(name, self.W_singular, "a matrix of rank 1: det W = w11·w22 − "
                            "w12·w21 = 0 with a non-zero entry")


@dataclass(frozen=True)
class MatrixAsTransformData:
    """What MatrixAsTransform draws."""

    identity: LinearMap
    """The identity: the grid before any matrix, î, ĵ and the unit square."""
    transform: LinearMap
    """What W does (columns, det, the image of the grid and the square)."""
    singular: LinearMap
    """What the singular matrix does (det 0, image and null directions)."""
    grid_transform: np.ndarray
    """W's grid image (L, 2, 2) clipped to the window |x|, |y| ≤ extent (the plane is
    infinite; the window shows the part under the original grid)."""
    grid_singular: np.ndarray
    """The singular matrix's grid image, clipped the same way."""
    extent: int


def _clip_segments(segments: np.ndarray, e: float) -> np.ndarray:
    """Segments (L, 2, 2) clipped to the box [−e, e]² (Liang–Barsky); a segment that misses
    the box shrinks to the box point nearest its midpoint (it fades into the border)."""
    out = np.empty_like(segments)
    for i, (a, b) in enumerate(segments):
        d = b - a
        lo, hi = 0.0, 1.0
        for k in range(2):
            for sign, bound in ((1.0, e), (-1.0, e)):   # sign·(a + t d)_k ≤ bound
                slope, room = sign * d[k], bound - sign * a[k]
                if slope == 0.0:
                    if room < 0:
                        lo, hi = 1.0, 0.0
                elif slope > 0:
                    hi = min(hi, room / slope)
                else:
                    lo = max(lo, room / slope)
        if lo <= hi:
            out[i] = (a + lo * d, a + hi * d)
        else:
            p = np.clip((a + b) / 2, -e, e)
            out[i] = (p, p)
    return out


def matrix_as_transform(params: MatrixAsTransformParams) -> MatrixAsTransformData:
    """The identity, W and the singular matrix as maps of the grid (:func:`dlmath.linear.linear_map`)."""
    e = params.extent
    res = lm.linear_map(params.W, e, tol=SINGULAR_TOL)
    sing = lm.linear_map(params.W_singular, e, tol=SINGULAR_TOL)
    return MatrixAsTransformData(
        identity=lm.linear_map(np.eye(2), e), transform=res, singular=sing,
        grid_transform=_clip_segments(res.lines_image, e),
        grid_singular=_clip_segments(sing.lines_image, e), extent=e)


# ---------------------------------------------------------------- LinearClassifierScores

SCORES_REACH = (5, 8)
"""The data box is |x1|, |x2| ≤ L with L the data's reach rounded up, at least 5 (the
default) and at most 8: the box is always 6 scene units wide (0.6 per unit at L = 5), and
beyond L = 8 the blobs shrink below legibility."""
SCORES_RESOLUTION = 160
"""Region grid cells per side (drawing only)."""
SCORES_LOSS_MAX = 8.0
"""Highest loss the training plot holds: its y axis has a numbered tick per unit, and more
than 8 of them crowd its 3 units of height."""
SCORES_MAX_MARKS = 12
"""Most training steps drawn one by one (each is an animation of ~1.5 s)."""


@dataclass(frozen=True)
class LinearClassifierScoresParams(Params):
    """LinearClassifierScores' inputs (defaults: the lecture notes' example)."""

    n_points: int = param(90, "points of the three-blob data set (n/3 per class)", low=30,
                          high=300)
    noise: float = param(0.0, "extra spread of each blob: standard deviation 0.75 + noise",
                         low=0.0, high=0.5)
    data_seed: int = param(0, "seed of the data set", low=0, high=SEED_MAX)
    lr: float = param(0.05, "learning rate α of full-batch gradient descent", low=0.001,
                      high=5.0)
    steps: int = param(150, "gradient-descent steps t = 1 … steps", low=20, high=300)
    init_seed: int = param(0, "seed of the initial weights W₀ ~ init_scale · N(0, 1)", low=0,
                           high=SEED_MAX)
    init_scale: float = param(1.5, "standard deviation of the initial weights (b₀ = 0)",
                              low=0.1, high=3.0)
    shown_steps: tuple[int, ...] = param(
        (0, 3, 6, 9, 12, 15, 20, 30, 50, 80, 150), "steps t drawn one by one (those below "
        "steps; the last step is always drawn)", low=0, high=300, length=(2, SCORES_MAX_MARKS))
    point_index: int = param(0, "index of the point whose scores s = Wx + b are written out",
                             low=0, high=299)

    def check(self) -> None:
        _refuse_marks(self, "shown_steps", self.shown_steps)
        if len(_shown(self.shown_steps, self.steps)) > SCORES_MAX_MARKS:
            self.refuse("shown_steps", self.shown_steps, f"at most {SCORES_MAX_MARKS} steps "
                        "drawn, counting the last")
        if self.point_index >= self.n_points:
            self.refuse("point_index", self.point_index, f"an index below n_points = "
                        f"{self.n_points}")
        data, hist = _scores_run(self)
        reach = float(np.abs(data.X).max())
        if reach > SCORES_REACH[1]:
            self.refuse("noise", self.noise, f"data inside the box |x1|, |x2| ≤ "
                        f"{SCORES_REACH[1]} (here {reach:.2f}): lower the noise or change "
                        "data_seed")
        lim = _scores_lim(data)[1]
        if hist.loss[0] > SCORES_LOSS_MAX or np.abs(hist.W[0]).max() > lim:
            self.refuse("init_scale", self.init_scale, f"initial weights whose loss is at most "
                        f"{SCORES_LOSS_MAX:g} (the plot's y axis) and whose rows fit the box "
                        f"|w| ≤ {lim:g}: lower init_scale or change init_seed")
        if np.abs(hist.W[list(_shown(self.shown_steps, self.steps))]).max() > lim:
            self.refuse("lr", self.lr, f"weights whose rows (drawn as arrows) stay inside the "
                        f"box |w| ≤ {lim:g}: lower lr or steps")


def _scores_lim(data: Dataset) -> tuple[float, float]:
    """The data box: the data's reach rounded up, at least SCORES_REACH[0]."""
    reach = max(float(SCORES_REACH[0]), math.ceil(float(np.abs(data.X).max())))
    return (-reach, reach)


@lru_cache(maxsize=8)
def _scores_run(p: LinearClassifierScoresParams) -> tuple[Dataset, SoftmaxHistory]:
    data = lm.make_dataset("blobs3", p.n_points, noise=p.noise, seed=p.data_seed)
    hist = lm.train_softmax(data.X, data.y, 3, lr=p.lr, steps=p.steps, seed=p.init_seed,
                            init_scale=p.init_scale)
    return data, hist


@dataclass(frozen=True)
class LinearClassifierScoresData:
    """What LinearClassifierScores draws."""

    data: Dataset
    """The three blobs: X (n, 2), y in {0, 1, 2}."""
    history: SoftmaxHistory
    """W, b, loss and accuracy after every step t = 0 … steps."""
    point: ScoreTerms
    """The highlighted point's scores s_k = w_k · x + b_k under W₀, b₀, and its argmax."""
    shown_steps: tuple[int, ...]
    """The steps drawn (0 first, steps last)."""
    regions: tuple[ClassRegions, ...]
    """Argmax regions and exact boundaries at each shown step."""
    lim: tuple[float, float]
    """The data box (both axes): (−L, L), L = the data's reach rounded up, at least 5."""


def linear_classifier_scores(params: LinearClassifierScoresParams) -> LinearClassifierScoresData:
    """Blobs, softmax regression by gradient descent, one point's scores, regions per step."""
    data, hist = _scores_run(params)
    shown = _shown(params.shown_steps, params.steps)
    lim = _scores_lim(data)
    regions = tuple(lm.class_regions(hist.W[t], hist.b[t], lim, lim, SCORES_RESOLUTION)
                    for t in shown)
    point = lm.score_terms(hist.W[0], hist.b[0], data.X[params.point_index])
    return LinearClassifierScoresData(data=data, history=hist, point=point, shown_steps=shown,
                                      regions=regions, lim=lim)


# ---------------------------------------------------------------- LinesNotEnough

LINES_LIM = (-6.0, 6.0)
"""The data box of both panels (the data sets reach 5.3)."""
LINES_RESOLUTION = 120
"""Region grid cells per side (drawing only)."""
LINES_LIFT_FEATURES = ("x1", "x2", "r^2")
LINES_XOR_FEATURES = ("x1", "x2", "x1x2")
LINES_Z_MAX = 30.0
"""Highest |z| of the separating plane over the box corners: at 0.1 scene units per unit
of z in the tilted view, a sheet with |z| = 35 at a corner touches the frame's bottom
edge (rendered and looked at); 30 keeps a margin."""


@dataclass(frozen=True)
class LinesNotEnoughParams(Params):
    """LinesNotEnough's inputs (defaults: the lecture notes' example)."""

    n_points: int = param(2000, "points of each data set (circle and XOR)", low=100, high=3000)
    noise: float = param(0.0, "label noise of both data sets (Playground's noise)", low=0.0,
                         high=0.5)
    data_seed: int = param(0, "seed of the data sets and of the initial weights", low=0,
                           high=SEED_MAX)
    lr: float = param(0.05, "learning rate of every linear classifier's gradient descent",
                      low=0.001, high=0.5)
    steps: int = param(300, "gradient-descent steps of the linear classifier on (x1, x2)",
                       low=10, high=1000)
    lift_steps: int = param(500, "gradient-descent steps on the lifted features "
                            "(x1, x2, x1² + x2²) and (x1, x2, x1·x2)", low=10, high=2000)
    n_directions: int = param(360, "directions tried by the best-line search (π/n apart)",
                              low=36, high=720)

    def check(self) -> None:
        lift = _lines_lift(self)
        w, c = lm.binary_boundary(lift.W[-1], lift.b[-1])
        (x0, x1) = LINES_LIM
        corners = np.array([[x0, x0], [x1, x0], [x1, x1], [x0, x1]])
        if w[2] == 0 or np.abs(lm.plane_height(w, c, corners)).max() > LINES_Z_MAX:
            self.refuse("lift_steps", self.lift_steps, f"a separating plane that stays within "
                        f"|z| ≤ {LINES_Z_MAX:g} over the box (train the lift longer or with a "
                        "larger lr)")
        try:
            centre, radius = lm.circle_boundary(w, c)
        except ValueError:
            centre, radius = np.zeros(2), math.inf
        if np.abs(centre).max() + radius > x1:
            self.refuse("lift_steps", self.lift_steps, "a lifted plane whose cut is a circle "
                        f"inside the box |x1|, |x2| ≤ {x1:g} (train the lift longer)")


def _lines_data(p: LinesNotEnoughParams, name: str) -> Dataset:
    return lm.make_dataset(name, p.n_points, noise=p.noise, seed=p.data_seed)


@lru_cache(maxsize=8)
def _lines_lift(p: LinesNotEnoughParams) -> SoftmaxHistory:
    circ = _lines_data(p, "circle")
    return lm.train_softmax(lm.feature_map(circ.X, LINES_LIFT_FEATURES), circ.y, 2, lr=p.lr,
                            steps=p.lift_steps, seed=p.data_seed)


@dataclass(frozen=True)
class LinearFit:
    """A trained linear classifier on one data set, and the best any line can do."""

    data: Dataset
    history: SoftmaxHistory
    regions: ClassRegions
    """Argmax regions and the boundary of the trained classifier in the box."""
    best: BestLine
    """The best single line (accuracy, normal · x = offset)."""
    best_segment: tuple[np.ndarray, np.ndarray]
    """The best line's ends inside the box."""


@dataclass(frozen=True)
class LinesNotEnoughData:
    """What LinesNotEnough draws."""

    circle: LinearFit
    xor: LinearFit
    lift: SoftmaxHistory
    """Softmax regression on the circle's (x1, x2, z = x1² + x2²)."""
    z: np.ndarray
    """Height z = x1² + x2² of every circle point (the lift)."""
    plane_w: np.ndarray
    """The separating plane w1 x1 + w2 x2 + w3 z + c = 0: (w1, w2, w3)."""
    plane_c: float
    corner_heights: np.ndarray
    """z of the plane above the box corners (x0, x0), (x1, x0), (x1, x1), (x0, x1)."""
    centre: np.ndarray
    """Centre of the circle where the plane cuts the lift."""
    radius: float
    ring: np.ndarray
    """181 points of that circle (x1, x2), and below: the plane's height above them."""
    ring_heights: np.ndarray
    lift_regions: Regions
    """The lifted classifier's regions back in the plane."""
    xor_lift: SoftmaxHistory
    """Softmax regression on XOR's (x1, x2, x1·x2)."""
    xor_regions: Regions
    lim: tuple[float, float]


def _linear_fit(p: LinesNotEnoughParams, name: str) -> LinearFit:
    data = _lines_data(p, name)
    hist = lm.train_softmax(data.X, data.y, 2, lr=p.lr, steps=p.steps, seed=p.data_seed)
    best = lm.best_line_accuracy(data.X, data.y, p.n_directions)
    return LinearFit(data=data, history=hist,
                     regions=lm.class_regions(hist.W[-1], hist.b[-1], LINES_LIM, LINES_LIM,
                                              LINES_RESOLUTION),
                     best=best, best_segment=lm.line_in_box(best.normal, best.offset,
                                                            LINES_LIM, LINES_LIM))


def lines_not_enough(params: LinesNotEnoughParams) -> LinesNotEnoughData:
    """Linear fits and best lines on circle and XOR; the lifts (x1² + x2², x1·x2)."""
    circle, xor = _linear_fit(params, "circle"), _linear_fit(params, "xor")
    lift = _lines_lift(params)
    w, c = lm.binary_boundary(lift.W[-1], lift.b[-1])
    centre, radius = lm.circle_boundary(w, c)
    (x0, x1) = LINES_LIM
    corners = np.array([[x0, x0], [x1, x0], [x1, x1], [x0, x1]])
    theta = np.linspace(0, 2 * np.pi, 181)
    ring = centre + radius * np.column_stack([np.cos(theta), np.sin(theta)])
    xor_lift = lm.train_softmax(lm.feature_map(xor.data.X, LINES_XOR_FEATURES), xor.data.y, 2,
                                lr=params.lr, steps=params.lift_steps, seed=params.data_seed)
    return LinesNotEnoughData(
        circle=circle, xor=xor, lift=lift,
        z=lm.feature_map(circle.data.X, ("r^2",))[:, 0], plane_w=w, plane_c=c,
        corner_heights=lm.plane_height(w, c, corners), centre=centre, radius=radius, ring=ring,
        ring_heights=lm.plane_height(w, c, ring),
        lift_regions=lm.feature_regions(lift.W[-1], lift.b[-1], LINES_LIFT_FEATURES, LINES_LIM,
                                        LINES_LIM, LINES_RESOLUTION),
        xor_lift=xor_lift,
        xor_regions=lm.feature_regions(xor_lift.W[-1], xor_lift.b[-1], LINES_XOR_FEATURES,
                                       LINES_LIM, LINES_LIM, LINES_RESOLUTION),
        lim=LINES_LIM)


# ---------------------------------------------------------------- Uncrumpling

UNCRUMPLE_HIDDEN = (2, 2)
"""Two hidden layers of width 2: every stage is a plane the scene can draw."""
UNCRUMPLE_GRID_EXTENT = 6
"""Grid lines x, y = −6 … 6 (just beyond the XOR data's ±5.3)."""
UNCRUMPLE_GRID_SAMPLES = 80
"""Points per grid line (the lines bend under tanh)."""
UNCRUMPLE_GRID_RATIO_MAX = 1.3
"""Each stage is zoomed so that the data fill a 2.6-unit radius; the grid may reach 1.3×
as far (3.4 units) before it leaves the frame's bottom or runs under the text panel.
Few points (n = 50) may leave a corner of the grid empty, and W₁ can stretch that corner
to 1.5× the data's reach."""
UNCRUMPLE_RESOLUTION = 120
"""Region grid cells per side of the last stage (drawing only)."""
UNCRUMPLE_REGION_PAD = 1.1
"""The output regions' box reaches 1.1× the last stage's data (tanh presses the points onto
the data's edge: without the margin they sit on the box border)."""


@dataclass(frozen=True)
class UncrumplingParams(Params):
    """Uncrumpling's inputs (defaults: the lecture notes' example)."""

    n_points: int = param(200, "XOR points", low=50, high=400)
    noise: float = param(0.0, "label noise of the XOR data (Playground's noise)", low=0.0,
                         high=0.5)
    data_seed: int = param(0, "seed of the data set", low=0, high=SEED_MAX)
    lr: float = param(0.1, "learning rate of mini-batch gradient descent (batches of 10)",
                      low=0.01, high=1.0)
    epochs: int = param(100, "passes over the data", low=10, high=300)
    l2: float = param(0.01, "L2 penalty λ Σ‖W‖²", low=0.0, high=0.1)
    train_seed: int = param(0, "seed of the initial weights and the batch order", low=0,
                            high=SEED_MAX)
    n_directions: int = param(360, "directions tried by the best-line search (π/n apart)",
                              low=36, high=720)

    def check(self) -> None:
        run = _uncrumple_run(self)
        for name, g, d in zip(run.points.names, run.grid.stages, run.points.stages):
            ratio = float(np.abs(g).max()) / max(float(np.abs(d).max()), 1e-300)
            if ratio > UNCRUMPLE_GRID_RATIO_MAX:
                self.refuse("n_points", self.n_points, f"data that reach at least "
                            f"1/{UNCRUMPLE_GRID_RATIO_MAX:g} as far as the grid at every stage "
                            f"(at stage {name} the grid reaches "
                            f"{ratio:.2f}× as far and would leave the "
                            "frame): more points, or another data_seed or train_seed")


@dataclass(frozen=True)
class _UncrumpleRun:
    data: Dataset
    history: MLPHistory
    grid: Deformation
    points: Deformation


@lru_cache(maxsize=8)
def _uncrumple_run(p: UncrumplingParams) -> _UncrumpleRun:
    data = lm.make_dataset("xor", p.n_points, noise=p.noise, seed=p.data_seed)
    hist = lm.train_mlp(data.X, data.y, hidden=UNCRUMPLE_HIDDEN, activation="tanh", lr=p.lr,
                        epochs=p.epochs, l2=p.l2, seed=p.train_seed)
    e = UNCRUMPLE_GRID_EXTENT
    ks = np.arange(-e, e + 1, dtype=float)
    ts = np.linspace(-e, e, UNCRUMPLE_GRID_SAMPLES)
    grid = np.concatenate([np.column_stack([np.full_like(ts, k), ts]) for k in ks]
                          + [np.column_stack([ts, np.full_like(ts, k)]) for k in ks])
    return _UncrumpleRun(data=data, history=hist,
                         grid=lm.deformation_stages(hist.params, "tanh", grid),
                         points=lm.deformation_stages(hist.params, "tanh", data.X))


@dataclass(frozen=True)
class UncrumplingData:
    """What Uncrumpling draws."""

    data: Dataset
    history: MLPHistory
    """The trained 2-2-2 tanh network (params) and its accuracy per epoch."""
    grid: Deformation
    """The grid lines (``n_grid_lines`` polylines of equally many points) at every stage."""
    n_grid_lines: int
    points: Deformation
    """The data at every stage: input, W1, +b1, f1, W2, +b2, f2."""
    reach: tuple[float, ...]
    """max |coordinate| of the data at each stage (each stage is zoomed to fill the view)."""
    best_input: BestLine
    """The best line on the input plane."""
    best_hidden: tuple[BestLine, ...]
    """The best line in each hidden layer's plane (after its tanh)."""
    output_regions: ClassRegions
    """The output layer's regions in the last hidden plane, box ±output_box."""
    output_box: float
    """Half-width of the output regions' box: ``UNCRUMPLE_REGION_PAD · reach[-1]``."""


def uncrumpling(params: UncrumplingParams) -> UncrumplingData:
    """XOR, a 2-2-2 tanh network, the plane after every operation, best lines per layer."""
    run = _uncrumple_run(params)
    st = run.points
    reach = tuple(float(np.abs(s).max()) for s in st.stages)
    hidden = tuple(lm.best_line_accuracy(st.stages[i], run.data.y, params.n_directions)
                   for i, n in enumerate(st.names) if n.startswith("f"))
    half = UNCRUMPLE_REGION_PAD * reach[-1]
    box = (-half, half)
    return UncrumplingData(
        data=run.data, history=run.history, grid=run.grid,
        n_grid_lines=2 * (2 * UNCRUMPLE_GRID_EXTENT + 1), points=st, reach=reach,
        best_input=lm.best_line_accuracy(st.stages[0], run.data.y, params.n_directions),
        best_hidden=hidden,
        output_regions=lm.class_regions(st.output_W, st.output_b, box, box,
                                        UNCRUMPLE_RESOLUTION),
        output_box=half)


# ---------------------------------------------------------------- PlaygroundSpiral

SPIRAL_LIM = (-6.0, 6.0)
"""The data box: the spiral reaches radius 5, plus at most 1 of noise per coordinate."""
SPIRAL_RESOLUTION = 90
"""Heat-map cells per side (drawing only)."""
SPIRAL_MAX_SGD_STEPS = 8_000
"""Most mini-batch steps per run (epochs × ⌈n_train / batch_size⌉): the default makes
3 200, about 0.6 s of CPU a run for either network; the lesson trains two, and it runs at
every render and test."""
SPIRAL_LOSS_MAX = 1.6
"""Highest loss the training plot holds: a numbered tick every 0.2 on 2.6 units of height
(more ticks would crowd the 24-pt tick numbers)."""
SPIRAL_MAX_MARKS = 12
"""Most epochs drawn one by one (each is an animation of ~2 s)."""
SPIRAL_MIN_GAP = 0.1
"""Smallest final test − train loss of the raw-input run: the scene's story (and its panel
line "test loss stays well above train loss: overfitting") is that gap."""
SPIRAL_MAX_WIDTH = 32
"""Widest hidden layer (a wider one does not change the lesson and costs time)."""
SPIRAL_FEATURES = ("x1", "x2", "sin_x1", "sin_x2")
"""The notes-style network's default inputs: x₁, x₂ and the derived sin x₁, sin x₂. With
all seven Playground features the squares (up to 36 on this box, unscaled as in the
Playground) dominate and the 8-8-8 net's test loss stays at 0.4–0.65 (measured)."""


@dataclass(frozen=True)
class PlaygroundSpiralParams(Params):
    """PlaygroundSpiral's inputs (defaults: the lecture notes' example)."""

    n_points: int = param(240, "points of the spiral (both arms)", low=60, high=400)
    noise: float = param(0.5, "noise: each point moves by U(−1, 1) · noise per coordinate",
                         low=0.0, high=1.0)
    data_seed: int = param(4, "seed of the data set and of the train/test split", low=0,
                           high=SEED_MAX)
    test_fraction: float = param(0.5, "share of the points held out as test points", low=0.2,
                                 high=0.8)
    hidden: tuple[int, ...] = param((24, 24, 24), "widths of the hidden layers of the big "
                                    "network on the raw inputs x1, x2", low=1,
                                    high=SPIRAL_MAX_WIDTH, length=(1, 3))
    activation: str = param("relu", "activation of the big network's hidden layers",
                            choices=("relu", "tanh", "sigmoid"))
    features: tuple[str, ...] = param(
        SPIRAL_FEATURES, "inputs of the notes-style network, from x1, x2, x1^2, x2^2, x1x2, "
        "sin_x1, sin_x2 (TensorFlow Playground's features)", length=(1, 7))
    feature_hidden: tuple[int, ...] = param((8, 8, 8), "widths of the notes-style network's "
                                            "hidden layers (the notes: 2–3 layers of 8–12)",
                                            low=1, high=SPIRAL_MAX_WIDTH, length=(1, 3))
    feature_activation: str = param("tanh", "activation of the notes-style network's hidden "
                                    "layers", choices=("relu", "tanh", "sigmoid"))
    lr: float = param(0.05, "learning rate of mini-batch gradient descent (both networks)",
                      low=0.001, high=0.3)
    epochs: int = param(400, "passes over the training points (both networks)", low=20,
                        high=1000)
    batch_size: int = param(16, "points per gradient step", low=1, high=64)
    train_seed: int = param(0, "seed of the initial weights and the batch order", low=0,
                            high=SEED_MAX)
    shown_epochs: tuple[int, ...] = param(
        (0, 10, 25, 50, 100, 200, 300, 400), "epochs drawn one by one (those below "
        "epochs; the last epoch is always drawn)", low=0, high=1000,
        length=(2, SPIRAL_MAX_MARKS))

    def n_train(self) -> int:
        """Training points after the split (dlmath rounds the test share)."""
        return self.n_points - int(round(self.test_fraction * self.n_points))

    def check(self) -> None:
        _refuse_marks(self, "shown_epochs", self.shown_epochs)
        if len(_shown(self.shown_epochs, self.epochs)) > SPIRAL_MAX_MARKS:
            self.refuse("shown_epochs", self.shown_epochs, f"at most {SPIRAL_MAX_MARKS} epochs "
                        "drawn, counting the last")
        if any(f not in lm.FEATURES for f in self.features) \
                or len(set(self.features)) != len(self.features):
            self.refuse("features", self.features, f"distinct names from {', '.join(lm.FEATURES)}")
        sgd_steps = self.epochs * math.ceil(self.n_train() / self.batch_size)
        if sgd_steps > SPIRAL_MAX_SGD_STEPS:
            self.refuse("epochs", self.epochs, f"epochs × ⌈n_train / batch_size⌉ ≤ "
                        f"{SPIRAL_MAX_SGD_STEPS} gradient steps per run (here {sgd_steps}): "
                        "fewer epochs or a larger batch_size")
        plain = _spiral_run(self, "raw")
        top = max(plain.train_loss.max(), plain.test_loss.max())
        if top > SPIRAL_LOSS_MAX:
            self.refuse("epochs", self.epochs, f"a run whose train and test losses stay at most "
                        f"{SPIRAL_LOSS_MAX:g} (the plot's y axis); this one reaches {top:.2f} "
                        "(the test loss grows as the net overfits): fewer epochs, a smaller lr "
                        "or more points")
        gap = plain.test_loss[-1] - plain.train_loss[-1]
        if gap < SPIRAL_MIN_GAP:
            self.refuse("epochs", self.epochs, f"a raw-input run that overfits: final test loss "
                        f"at least {SPIRAL_MIN_GAP:g} above the train loss (here {gap:.3f}): more "
                        "epochs, a wider network or fewer training points")
        feat = _spiral_run(self, "features")
        if not feat.test_loss[-1] < plain.test_loss[-1]:
            self.refuse("features", self.features, f"a notes-style network whose test loss "
                        f"({feat.test_loss[-1]:.3f}) is below the big raw-input network's "
                        f"({plain.test_loss[-1]:.3f}), the scene's conclusion: other features, "
                        "widths or activation")


def _spiral_split(p: PlaygroundSpiralParams) -> tuple[np.ndarray, ...]:
    """(X_train, y_train, X_test, y_test) of the noisy spiral."""
    data = lm.make_dataset("spiral", p.n_points, noise=p.noise, seed=p.data_seed)
    return lm.train_test_split(data.X, data.y, p.test_fraction, seed=p.data_seed)


@lru_cache(maxsize=8)
def _spiral_run(p: PlaygroundSpiralParams, kind: str) -> MLPHistory:
    """One training run: ``raw`` (the big network on x1, x2) or ``features`` (the
    notes-style network on the derived features)."""
    Xtr, ytr, Xte, yte = _spiral_split(p)
    if kind == "raw":
        return lm.train_mlp(Xtr, ytr, hidden=p.hidden, activation=p.activation, lr=p.lr,
                            epochs=p.epochs, batch_size=p.batch_size, seed=p.train_seed,
                            X_test=Xte, y_test=yte,
                            snapshot_epochs=_shown(p.shown_epochs, p.epochs))
    return lm.train_mlp(lm.feature_map(Xtr, p.features), ytr, hidden=p.feature_hidden,
                        activation=p.feature_activation, lr=p.lr, epochs=p.epochs,
                        batch_size=p.batch_size, seed=p.train_seed,
                        X_test=lm.feature_map(Xte, p.features), y_test=yte)


@dataclass(frozen=True)
class PlaygroundSpiralData:
    """What PlaygroundSpiral draws."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    plain: MLPHistory
    """The big raw-input network's run (losses per epoch, parameters at every shown epoch)."""
    with_features: MLPHistory
    """The notes-style network on the derived features (same lr, epochs, batches, seed)."""
    shown_epochs: tuple[int, ...]
    """The epochs drawn (0 first, epochs last)."""
    heat: tuple[Regions, ...]
    """The raw-input run's regions at each shown epoch."""
    final_regions: tuple[Regions, Regions]
    """Regions of the trained raw-input and feature networks."""
    param_counts: tuple[int, int]
    """Weights + biases of the raw-input and of the feature network."""
    loss_top: float
    """Highest train or test loss of the raw-input run (the plot's y range)."""
    lim: tuple[float, float]


def playground_spiral(params: PlaygroundSpiralParams) -> PlaygroundSpiralData:
    """The spiral split in two; a big MLP on (x1, x2) and the notes' small one on derived features."""
    p = params
    Xtr, ytr, Xte, yte = _spiral_split(p)
    plain, feat = _spiral_run(p, "raw"), _spiral_run(p, "features")

    def regions(mlp) -> Regions:
        return lm.mlp_regions(mlp, p.activation, SPIRAL_LIM, SPIRAL_LIM, SPIRAL_RESOLUTION)

    return PlaygroundSpiralData(
        X_train=Xtr, y_train=ytr, X_test=Xte, y_test=yte, plain=plain, with_features=feat,
        shown_epochs=plain.snapshot_epochs,
        heat=tuple(regions(s) for s in plain.snapshots),
        final_regions=(regions(plain.params),
                       lm.feature_mlp_regions(feat.params, p.feature_activation, p.features,
                                              SPIRAL_LIM, SPIRAL_LIM, SPIRAL_RESOLUTION)),
        param_counts=(lm.mlp_param_count((2,) + p.hidden + (2,)),
                      lm.mlp_param_count((len(p.features),) + p.feature_hidden + (2,))),
        loss_top=float(max(plain.train_loss.max(), plain.test_loss.max())), lim=SPIRAL_LIM)

# ---------------------------------------------------------------- Regularisation (issue 16)

REG_LIM = (-6.0, 6.0)
"""The data box (XOR and circle reach 5.3, gauss stays inside with noise ≤ 0.3)."""
REG_RESOLUTION = 80
"""Heat-map cells per side (drawing only)."""
REG_MAX_STEPS = 6_000
"""Most gradient steps of all runs together (λ sweep + dropout + extra ensemble members):
the default makes 4 500 steps of a 2-16-16-2 net on 60 points, about 1.6 s of CPU; every
render and test computes the lesson."""
REG_LOSS_MAX = 1.6
"""Highest final loss the λ plot holds (ticks every 0.2 on its height)."""
REG_MAX_LAMBDAS = 7
"""Most λ values on the sweep's x axis (each a labelled tick ~0.8 units apart)."""


@dataclass(frozen=True)
class RegularisationParams(Params):
    """Regularisation's inputs (defaults: noisy XOR, the notes' keep probability 0.7)."""

    dataset: str = param("xor", "Playground data set", choices=("xor", "circle", "gauss"))
    n_points: int = param(120, "points of the data set (train + test)", low=40, high=300)
    noise: float = param(0.2, "label noise of the data set (Playground's noise)", low=0.0,
                         high=0.3)
    data_seed: int = param(0, "seed of the data set and of the train/test split", low=0,
                           high=SEED_MAX)
    test_fraction: float = param(0.5, "share of the points held out as test points", low=0.2,
                                 high=0.8)
    hidden: tuple[int, ...] = param((16, 16), "widths of the hidden layers", low=1, high=32,
                                    length=(1, 3))
    activation: str = param("tanh", "activation of the hidden layers",
                            choices=("relu", "tanh", "sigmoid"))
    lr: float = param(0.3, "learning rate of gradient descent", low=0.001, high=1.0)
    epochs: int = param(500, "passes over the training points (every run)", low=20, high=1000)
    batch_size: int = param(60, "points per gradient step (60 = all training points)", low=1,
                            high=300)
    train_seed: int = param(0, "seed of the initial weights, batch order and dropout masks "
                            "(ensemble member m uses train_seed + m)", low=0, high=SEED_MAX)
    lambdas: tuple[float, ...] = param(
        (0.0, 0.001, 0.003, 0.01, 0.03, 0.05), "λ values of the sweep (increasing, the first 0)",
        low=0.0, high=1.0, length=(3, REG_MAX_LAMBDAS))
    keep_prob: float = param(0.7, "dropout's keep probability while training (the notes' "
                             "0.7; 1 at evaluation)", low=0.3, high=0.95)
    n_members: int = param(3, "networks in the ensemble (unregularised, seeds train_seed + m)",
                           low=2, high=6)

    def check(self) -> None:
        lam = self.lambdas
        if lam[0] != 0.0 or any(b <= a for a, b in zip(lam, lam[1:])):
            self.refuse("lambdas", lam, "strictly increasing values starting at 0 (the "
                        "unregularised net comes first)")
        n_test = int(round(self.test_fraction * self.n_points))
        if n_test < 2 or self.n_points - n_test < 2:
            self.refuse("test_fraction", self.test_fraction, "at least 2 training and 2 test "
                        "points")
        per_run = self.epochs * math.ceil((self.n_points - n_test) / self.batch_size)
        runs = len(lam) + 1 + self.n_members - 1
        if per_run * runs > REG_MAX_STEPS:
            self.refuse("epochs", self.epochs, f"at most {REG_MAX_STEPS} gradient steps over "
                        f"all {runs} runs (here {per_run * runs}): fewer epochs, a larger "
                        "batch_size or fewer lambdas / members")
        sweep = _reg_sweep(self)
        test = np.array([h.test_loss[-1] for h in sweep])
        top = max(float(test.max()), max(h.train_loss[-1] for h in sweep))
        if top > REG_LOSS_MAX:
            self.refuse("lambdas", lam, f"final losses at most {REG_LOSS_MAX:g} (the plot's "
                        f"y axis), here {top:.2f}: a smaller largest λ")
        best = int(np.argmin(test))
        if best in (0, len(lam) - 1):
            self.refuse("lambdas", lam, "a sweep whose lowest test loss lies strictly "
                        "between λ = 0 (over-fit) and the largest λ (under-fit); here it is "
                        f"at λ = {lam[best]:g}: widen the range, or more epochs / less data "
                        "for λ = 0 to over-fit")


def _reg_split(p: RegularisationParams) -> tuple[np.ndarray, ...]:
    data = lm.make_dataset(p.dataset, p.n_points, noise=p.noise, seed=p.data_seed)
    return lm.train_test_split(data.X, data.y, p.test_fraction, seed=p.data_seed)


@lru_cache(maxsize=64)
def _reg_run(p: RegularisationParams, l2: float, dropout: float, seed: int) -> MLPHistory:
    Xtr, ytr, Xte, yte = _reg_split(p)
    return lm.train_mlp(Xtr, ytr, hidden=p.hidden, activation=p.activation, lr=p.lr,
                        epochs=p.epochs, batch_size=p.batch_size, l2=l2, dropout=dropout,
                        seed=seed, X_test=Xte, y_test=yte)


def _reg_sweep(p: RegularisationParams) -> tuple[MLPHistory, ...]:
    return tuple(_reg_run(p, lam, 0.0, p.train_seed) for lam in p.lambdas)


@dataclass(frozen=True)
class RegularisationData:
    """What Regularisation draws."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    lambdas: tuple[float, ...]
    sweep: tuple[MLPHistory, ...]
    """One run per λ (same data, same seed): final train/test losses, parameters."""
    train_loss: np.ndarray
    """Final train cross-entropy per λ (without the penalty)."""
    test_loss: np.ndarray
    """Final test cross-entropy per λ."""
    penalties: tuple[lm.L2Penalty, ...]
    """λ Σ‖W‖² of each trained net (its Σ W² and the penalty value)."""
    cost: np.ndarray
    """The regularised cost J = L_CE + λ Σ W² of each trained net on the training points."""
    cost_decimals: int
    """Decimals that show J = L_CE + λΣW² so that the rounded terms add up to the rounded J
    at every picked λ (the fewest from 3 on; see :func:`sum_decimals`)."""
    picks: tuple[int, int, int]
    """Indices into lambdas of the three nets drawn: λ = 0, the lowest test loss, the largest λ."""
    pick_regions: tuple[Regions, Regions, Regions]
    plain: MLPHistory
    """The unregularised run (λ = 0), the reference for dropout and the ensemble."""
    dropout: MLPHistory
    """The same net trained with inverted dropout, keep probability keep_prob."""
    dropout_regions: Regions
    scaling: lm.DropoutScaling
    """keep/drop probabilities and ÷ keep for one real activation: the dropout net's first
    hidden layer on the first training point, its largest unit."""
    members: tuple[MLPHistory, ...]
    """The ensemble's networks (λ = 0, seeds train_seed + m); members[0] is ``plain``."""
    ensemble: lm.EnsembleResult
    """The members and their average on the test points."""
    ensemble_regions: Regions
    lim: tuple[float, float]


def sum_decimals(terms: list[tuple[float, float]], low: int = 3, high: int = 8) -> int:
    """The fewest decimals ≥ ``low`` at which every ``a + b`` reads right once rounded: the
    rounded ``a`` and ``b`` add up exactly to the rounded ``a + b`` (``high`` if none does)."""
    def rounded(v: float, d: int) -> Decimal:
        return Decimal(f"{v:.{d}f}")

    for d in range(low, high + 1):
        if all(rounded(a, d) + rounded(b, d) == rounded(a + b, d) for a, b in terms):
            return d
    return high


def regularisation(params: RegularisationParams) -> RegularisationData:
    """A λ sweep of the L2 cost, dropout as keep 0.7 / rate 0.3, and an ensemble, on one data set."""
    p = params
    Xtr, ytr, Xte, yte = _reg_split(p)
    sweep = _reg_sweep(p)
    test = np.array([h.test_loss[-1] for h in sweep])
    picks = (0, int(np.argmin(test)), len(sweep) - 1)
    scaling0 = lm.dropout_scaling(p.keep_prob)
    drop = _reg_run(p, 0.0, scaling0.drop_prob, p.train_seed)
    members = (sweep[0],) + tuple(_reg_run(p, 0.0, 0.0, p.train_seed + m)
                                  for m in range(1, p.n_members))
    h1 = lm.mlp_forward(drop.params, Xtr[:1], p.activation).hidden[0][0]

    def regions(mlp) -> Regions:
        return lm.mlp_regions(mlp, p.activation, REG_LIM, REG_LIM, REG_RESOLUTION)

    penalties = tuple(lm.l2_penalty(h.params, lam) for h, lam in zip(sweep, p.lambdas))
    train = np.array([h.train_loss[-1] for h in sweep])
    return RegularisationData(
        X_train=Xtr, y_train=ytr, X_test=Xte, y_test=yte, lambdas=p.lambdas, sweep=sweep,
        train_loss=train, test_loss=test, penalties=penalties,
        cost=train + np.array([pen.value for pen in penalties]),
        cost_decimals=sum_decimals([(float(train[i]), float(penalties[i].value)) for i in picks]),
        picks=picks, pick_regions=tuple(regions(sweep[i].params) for i in picks),
        plain=sweep[0], dropout=drop, dropout_regions=regions(drop.params),
        scaling=lm.dropout_scaling(p.keep_prob, float(h1[np.argmax(np.abs(h1))])),
        members=members,
        ensemble=lm.ensemble_eval(tuple(m.params for m in members), Xte, yte, p.activation),
        ensemble_regions=lm.ensemble_regions(tuple(m.params for m in members), p.activation,
                                             REG_LIM, REG_LIM, REG_RESOLUTION),
        lim=REG_LIM)


# ---------------------------------------------------------------- ColumnView (issue 16)

COLUMN_REACH = 1.6
"""Largest |coordinate| a run may reach in class-score space (columns, mapped points, the
image of the pixel square) at a shown step: the scene draws a run reaching beyond 1.1 (the
default reaches 1.08) proportionally smaller, and beyond 1.6 the corners e_k and the point
clouds would crowd into a third of the left half of the frame."""
COLUMN_MAX_MARKS = 9
"""Most training steps drawn one by one (each an animation of ~1 s)."""
COLUMN_SQUARE = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))
"""Corners of the square of all two-pixel images (brightness 0 … 1 each)."""
COLUMN_GRID = 5
"""Lines x₁ = k/4 and x₂ = k/4, k = 0 … 4, across the pixel square (drawn mapped by W)."""


@dataclass(frozen=True)
class ColumnViewParams(Params):
    """ColumnView's inputs (defaults: the lecture notes' 3 × 2 example, 18 points a class)."""

    centres: tuple[tuple[float, ...], ...] = param(
        ((0.9, 0.2), (0.2, 0.9), (0.85, 0.85)), "the three classes' typical two-pixel images "
        "(x₁, x₂), brightness 0 … 1", low=0.0, high=1.0, length=(3, 3), width=(2, 2))
    n_per_class: int = param(18, "points a class (the notes draw 18)", low=3, high=30)
    spread: float = param(0.08, "standard deviation of each class around its centre", low=0.0,
                          high=0.3)
    data_seed: int = param(0, "seed of the data", low=0, high=SEED_MAX)
    init_seed: int = param(1, "seed of the initial columns W₀ ~ init_scale · N(0, 1)", low=0,
                           high=SEED_MAX)
    init_scale: float = param(0.8, "standard deviation of the initial weights", low=0.1,
                              high=1.5)
    lr: float = param(0.5, "learning rate α of full-batch gradient descent on the MSE",
                      low=0.01, high=2.0)
    steps: int = param(40, "gradient-descent steps t = 1 … steps", low=5, high=500)
    shown_steps: tuple[int, ...] = param(
        (0, 1, 2, 4, 8, 15, 25, 40), "steps t drawn one by one (those below steps; the last "
        "step is always drawn)", low=0, high=500, length=(2, COLUMN_MAX_MARKS))
    point_index: int = param(36, "index of the point whose W x = x₁w₁ + x₂w₂ is drawn tip to "
                             "tail (default: the first of class 3, both pixels bright, so both "
                             "scaled columns are long enough to see)", low=0, high=89)

    def check(self) -> None:
        _refuse_marks(self, "shown_steps", self.shown_steps)
        if len(_shown(self.shown_steps, self.steps)) > COLUMN_MAX_MARKS:
            self.refuse("shown_steps", self.shown_steps, f"at most {COLUMN_MAX_MARKS} steps "
                        "drawn, counting the last")
        if self.point_index >= 3 * self.n_per_class:
            self.refuse("point_index", self.point_index, f"an index below 3 · n_per_class = "
                        f"{3 * self.n_per_class}")
        try:
            run = _column_run(self)
        except ValueError as err:
            self.refuse("lr", self.lr, f"a run that does not diverge ({err})")
        reach = _column_reach(self, run)
        if reach > COLUMN_REACH:
            name, value = (("init_scale", self.init_scale) if _column_reach(self, run, (0,))
                           > COLUMN_REACH else ("lr", self.lr))
            self.refuse(name, value, f"columns, mapped points and the image of the pixel "
                        f"square inside the drawn box |s| ≤ {COLUMN_REACH:g} at every shown step "
                        f"(here {reach:.2f}): lower init_scale, lr, or change init_seed")


@lru_cache(maxsize=8)
def _column_run(p: ColumnViewParams) -> tuple[Dataset, "lm.MSEHistory"]:
    data = lm.pixel_blobs(p.centres, p.n_per_class, p.spread, p.data_seed)
    W0 = p.init_scale * np.random.default_rng(p.init_seed).normal(size=(3, 2))
    return data, lm.train_mse(data.X, data.y, W0, p.lr, p.steps)


def _column_reach(p: ColumnViewParams, run, steps: tuple[int, ...] | None = None) -> float:
    data, hist = run
    square = np.array(COLUMN_SQUARE)
    top = 0.0
    for t in (steps if steps is not None else _shown(p.shown_steps, p.steps)):
        W = hist.W[t]
        pts = np.concatenate([data.X @ W.T, square @ W.T, W.T])
        top = max(top, float(np.abs(pts).max()))
    return top


@dataclass(frozen=True)
class ColumnViewData:
    """What ColumnView draws."""

    data: Dataset
    """The two-pixel images X (n, 2) and their classes y."""
    history: "lm.MSEHistory"
    """W and the MSE after every step; the least-squares minimum."""
    shown_steps: tuple[int, ...]
    mapped: np.ndarray
    """(shown, n, 3): the scores W x_i at each shown step."""
    square: np.ndarray
    """(shown, 4, 3): the image of the pixel square at each shown step."""
    grid: np.ndarray
    """(shown, 2·COLUMN_GRID, 2, 3): the mapped grid segments across the pixel square."""
    accuracy: np.ndarray
    """(shown,): share of points whose largest score is their class."""
    targets: np.ndarray
    """(3, 3): the one-hot corners e_k, one per class."""
    first: ColumnSum
    """The chosen point's W₀x as x₁w₁ + x₂w₂ (before training)."""
    last: ColumnSum
    """The same point under the trained W (read by rows and by columns)."""
    point_loss: tuple[float, float]
    """The chosen point's squared distance ‖W x − e_y‖² before and after training."""
    reach: float
    """Largest |coordinate| drawn (columns, mapped points, pixel square) over the shown steps."""


def column_view(params: ColumnViewParams) -> ColumnViewData:
    """Pixel data, W's columns in class-score space, gradient descent on the MSE."""
    data, hist = _column_run(params)
    shown = _shown(params.shown_steps, params.steps)
    square = np.array(COLUMN_SQUARE)
    ks = np.linspace(0.0, 1.0, COLUMN_GRID)
    segs = np.array([[[k, 0.0], [k, 1.0]] for k in ks] + [[[0.0, k], [1.0, k]] for k in ks])
    zero = np.zeros(3)
    x = data.X[params.point_index]
    target = np.eye(3)[data.y[params.point_index]]
    first, last = (lm.column_sum(hist.W[t], x) for t in (0, shown[-1]))
    return ColumnViewData(
        data=data, history=hist, shown_steps=shown,
        mapped=np.array([lm.scores(hist.W[t], zero, data.X) for t in shown]),
        square=np.array([lm.scores(hist.W[t], zero, square) for t in shown]),
        grid=np.array([lm.scores(hist.W[t], zero, segs.reshape(-1, 2)).reshape(-1, 2, 3)
                       for t in shown]),
        accuracy=np.array([lm.accuracy(lm.scores(hist.W[t], zero, data.X), data.y)
                           for t in shown]),
        targets=np.eye(3), first=first, last=last,
        point_loss=tuple(float(np.sum((c.total - target) ** 2)) for c in (first, last)),
        reach=_column_reach(params, (data, hist)))


# ---------------------------------------------------------------- WhyNonLinearity (issue 16)

STACK_ENTRY_MAX = 2.0
"""Largest |entry| of W₁, W₂ and b (two decimals each fit the panel's matrices)."""
STACK_EXTENT = 2
"""Grid lines x, y = −2 … 2 (the plane drawn before any map)."""
STACK_SAMPLES = 41
"""Points per grid line (ReLU bends a line where it crosses an axis)."""
STACK_VIEW = 5.0
"""Largest |coordinate| a mapped grid may reach: the drawn window is ±5 (0.62 scene units
a unit keeps it below the title and beside the text panel)."""


@dataclass(frozen=True)
class WhyNonLinearityParams(Params):
    """WhyNonLinearity's inputs (defaults: W₁ of MatrixAsTransform, a second layer W₂, a bias)."""

    W1: tuple[tuple[float, ...], ...] = param(
        ((1.0, -1.0), (0.5, 1.0)), "the first layer's 2×2 matrix", low=-STACK_ENTRY_MAX,
        high=STACK_ENTRY_MAX, length=(2, 2), width=(2, 2))
    W2: tuple[tuple[float, ...], ...] = param(
        ((0.5, 1.0), (-1.0, 0.5)), "the second layer's 2×2 matrix", low=-STACK_ENTRY_MAX,
        high=STACK_ENTRY_MAX, length=(2, 2), width=(2, 2))
    b: tuple[float, ...] = param((1.0, -0.5), "the bias of the Dense layer W₁x + b",
                                 low=-STACK_ENTRY_MAX, high=STACK_ENTRY_MAX, length=(2, 2))
    point: tuple[float, ...] = param((-1.0, 1.0), "the point x whose images are written out",
                                     low=-STACK_EXTENT, high=STACK_EXTENT, length=(2, 2))

    def check(self) -> None:
        st = _stack(self)
        for name, arr in (("W2", st.second), ("W2", st.relu_second), ("W1", st.first),
                          ("b", st.shifted)):
            reach = float(np.abs(arr).max())
            if reach > STACK_VIEW:
                self.refuse(name, getattr(self, name), f"matrices whose image of the grid "
                            f"|x|, |y| ≤ {STACK_EXTENT} stays in the drawn window ±{STACK_VIEW:g} "
                            f"(here {reach:.2f})")
        pt = lm.stacked_maps(self.W1, self.W2, self.b, [self.point])
        if np.allclose(pt.relu_second, pt.direct, atol=0.005):
            self.refuse("point", self.point, "a point that ReLU changes: W₁x must have a "
                        "negative entry (and W₂ must not hide it), so that W₂ ReLU(W₁x) ≠ "
                        "(W₂W₁)x on screen")


def _stack_grid() -> np.ndarray:
    e = STACK_EXTENT
    ks = np.arange(-e, e + 1, dtype=float)
    ts = np.linspace(-e, e, STACK_SAMPLES)
    return np.concatenate([np.column_stack([np.full_like(ts, k), ts]) for k in ks]
                          + [np.column_stack([ts, np.full_like(ts, k)]) for k in ks])


@lru_cache(maxsize=8)
def _stack(p: WhyNonLinearityParams) -> StackedMaps:
    return lm.stacked_maps(p.W1, p.W2, p.b, _stack_grid())


@dataclass(frozen=True)
class WhyNonLinearityData:
    """What WhyNonLinearity draws."""

    grid: np.ndarray
    """(L·m, 2): the grid's L lines of m points each, before any map."""
    n_lines: int
    maps: StackedMaps
    """The grid under W₁, W₂(W₁x), (W₂W₁)x, ReLU(W₁x), W₂ReLU(W₁x) and W₁x + b."""
    point: StackedMaps
    """The same maps of the one written-out point."""
    extent: int
    view: float


def why_nonlinearity(params: WhyNonLinearityParams) -> WhyNonLinearityData:
    """The grid under two stacked linear maps, their product, a ReLU between them, and + b."""
    e = STACK_EXTENT
    return WhyNonLinearityData(
        grid=_stack_grid(), n_lines=2 * (2 * e + 1), maps=_stack(params),
        point=lm.stacked_maps(params.W1, params.W2, params.b, [params.point]), extent=e,
        view=STACK_VIEW)


# ---------------------------------------------------------------- FourPixelColumns (issue 16)

PIXEL_W_MAX = 5.0
"""Largest |w_kj| of the 3×4 example (two decimals of each entry fit the panel's matrix)."""
PIXEL_B_MAX = 10.0
"""Largest |b_k|."""
PIXEL_MIN_COLUMN = 0.1
"""Shortest column ‖w_j‖ drawn before scaling (a shorter arrow is all tip)."""


@dataclass(frozen=True)
class FourPixelColumnsParams(Params):
    """FourPixelColumns' inputs (defaults: the notes' 3×4 figure, CS231n's cat image)."""

    W: tuple[tuple[float, ...], ...] = param(
        ((0.2, -0.5, 0.1, 2.0), (1.5, 1.3, 2.1, 0.0), (0.0, 0.25, 0.2, -0.3)),
        "the 3×4 weight matrix (rows: cat, dog, ship; columns: pixels 1 … 4)",
        low=-PIXEL_W_MAX, high=PIXEL_W_MAX, length=(3, 3), width=(4, 4))
    x: tuple[float, ...] = param((56.0, 231.0, 24.0, 2.0), "the image's four pixel values "
                                 "0 … 255 (row by row)", low=0.0, high=255.0, length=(4, 4))
    b: tuple[float, ...] = param((1.1, 3.2, -1.2), "the biases of the three classes",
                                 low=-PIXEL_B_MAX, high=PIXEL_B_MAX, length=(3, 3))

    def check(self) -> None:
        lengths = np.linalg.norm(np.array(self.W), axis=0)
        if lengths.min() < PIXEL_MIN_COLUMN:
            self.refuse("W", self.W, f"columns of length ≥ {PIXEL_MIN_COLUMN:g} (a shorter arrow "
                        f"cannot be drawn; here column {int(lengths.argmin()) + 1} is "
                        f"{lengths.min():.3g} long)")
        if max(self.x) == 0:
            self.refuse("x", self.x, "an image with at least one pixel above 0 (a black image "
                        "scales every column to nothing)")


@dataclass(frozen=True)
class FourPixelColumnsData:
    """What FourPixelColumns draws."""

    sum: ColumnSum
    """W x + b as x₁w₁ + … + x₄w₄ + b: columns, scaled columns, the tip-to-tail path."""
    pixels: np.ndarray
    """(2, 2): the image, row by row (x is its flattening)."""
    label: int
    """The class with the highest score."""


def four_pixel_columns(params: FourPixelColumnsParams) -> FourPixelColumnsData:
    """The 4-pixel image's scores as four scaled columns added tip to tail, plus b."""
    s = lm.column_sum(params.W, params.x, params.b)
    return FourPixelColumnsData(sum=s, pixels=np.array(params.x).reshape(2, 2),
                                label=int(np.argmax(s.total)))


# ---------------------------------------------------------------- the topic

LESSONS = (
    Lesson('MatrixAsTransform', MatrixAsTransformParams, matrix_as_transform,
           'A 2×2 matrix moves î and ĵ to its columns; det is the area scale; det 0 flattens.',
           40.2),
    Lesson('LinearClassifierScores', LinearClassifierScoresParams, linear_classifier_scores,
           'A 3×2 linear classifier: rows as templates, scores as dot products, argmax regions, training.',
           50.8),
    Lesson('ColumnView', ColumnViewParams, column_view,
           'The 3×2 classifier read by columns: x scales w₁, w₂ in 3-D score space; MSE to the corners; training.',
           70.2),
    Lesson('FourPixelColumns', FourPixelColumnsParams, four_pixel_columns,
           'The notes\' 3×4 example: four pixel values scale four columns into 3 class scores.',
           34.8),
    Lesson('WhyNonLinearity', WhyNonLinearityParams, why_nonlinearity,
           'Two linear layers are one matrix W₂W₁; ReLU folds the plane; + b shifts it.',
           57.2),
    Lesson('LinesNotEnough', LinesNotEnoughParams, lines_not_enough,
           'Circle and XOR data defeat every straight line; the lift x1² + x2² makes a plane enough.',
           49.2),
    Lesson('Uncrumpling', UncrumplingParams, uncrumpling,
           'A 2-2-2 tanh network on XOR, layer by layer: each layer bends the plane until a line separates.',
           30.2),
    Lesson('PlaygroundSpiral', PlaygroundSpiralParams, playground_spiral,
           'Playground: a big MLP overfits the spiral; the notes\' 3 × 8 net on sin features does better.',
           53.6),
    Lesson('Regularisation', RegularisationParams, regularisation,
           'The L2 cost J + λΣW² swept from over- to under-fit; dropout as keep 0.7 / rate 0.3; an ensemble.',
           85.6),
)
