"""Linear classifiers as maps of the plane, and what hidden layers do to it.

A linear classifier with weights ``W`` (K × d) and biases ``b`` (K) scores a point ``x``
with one dot product per class and predicts the best score:

.. math::  s = W x + b, \\qquad \\hat y = \\arg\\max_k s_k

This module computes everything the linear-classifier scenes draw, exactly:

* :func:`linear_map` — where a 2 × 2 matrix sends the basis vectors, a grid and the unit
  square; its determinant (signed area) and whether it collapses the plane.
* :func:`scores`, :func:`score_terms`, :func:`class_regions`, :func:`decision_boundaries`
  — class scores, argmax labels on a grid and the exact boundary segments
  ``s_i = s_j ≥ s_k``.
* :func:`softmax`, :func:`softmax_loss_grads`, :func:`train_softmax` — softmax
  regression (multinomial logistic regression) by full-batch gradient descent with exact
  gradients.
* :func:`make_dataset` — the TensorFlow Playground data sets (circle, xor, gauss, spiral,
  same definitions as ``playground/src/dataset.ts``) plus 3-class blobs, by seed.
* :func:`feature_map`, :func:`circle_boundary`, :func:`best_line_accuracy` — hand-made
  features, the lift ``(x1, x2, x1² + x2²)`` and its circular boundary, and the best
  accuracy any single straight line reaches on a data set.
* :func:`init_mlp`, :func:`mlp_forward`, :func:`mlp_loss_grads`, :func:`train_mlp`,
  :func:`mlp_regions`, :func:`deformation_stages` — a small multilayer perceptron
  (tanh / ReLU / sigmoid, L2 penalty, inverted dropout, mini-batches) trained by
  backpropagation, and the plane as each layer deforms it.
* :func:`column_sum`, :func:`pixel_blobs`, :func:`mse_loss_grad`, :func:`train_mse`,
  :func:`stacked_maps` — ``W x`` read by columns (the input scales W's columns, added tip
  to tail), squared distance to the one-hot corners and its gradient descent with the
  least-squares floor, and why two stacked linear maps are one (and a ReLU between them
  is not).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlmath import _validate as V
from dlmath.autodiff import _activation_slopes as _activation_grad_fn
from dlmath.autodiff import _activation_values as _activation_fn
from dlmath.autodiff import init_weights as _init_weights

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "FEATURES",
    "LinearMap",
    "ScoreTerms",
    "Boundary",
    "ClassRegions",
    "SoftmaxHistory",
    "Dataset",
    "BestLine",
    "MLPParams",
    "MLPForward",
    "MLPHistory",
    "Regions",
    "Deformation",
    "linear_map",
    "scores",
    "score_terms",
    "decision_boundaries",
    "class_regions",
    "softmax",
    "softmax_loss_grads",
    "train_softmax",
    "make_dataset",
    "train_test_split",
    "feature_map",
    "binary_boundary",
    "plane_height",
    "feature_regions",
    "circle_boundary",
    "best_line_accuracy",
    "line_in_box",
    "accuracy",
    "init_mlp",
    "mlp_forward",
    "mlp_loss_grads",
    "train_mlp",
    "mlp_regions",
    "deformation_stages",
    "L2Penalty",
    "DropoutScaling",
    "EnsembleResult",
    "mlp_param_count",
    "l2_penalty",
    "feature_mlp_regions",
    "dropout_scaling",
    "ensemble_eval",
    "ensemble_regions",
    "ColumnSum",
    "MSEHistory",
    "StackedMaps",
    "column_sum",
    "pixel_blobs",
    "mse_loss_grad",
    "train_mse",
    "stacked_maps",
]

ACTIVATIONS: tuple[str, ...] = ("tanh", "relu", "sigmoid")
"""Hidden-layer activations of :func:`mlp_forward`."""
DATASETS: tuple[str, ...] = ("circle", "xor", "gauss", "spiral", "blobs3")
"""Data sets of :func:`make_dataset` (the first four are TensorFlow Playground's)."""
FEATURES: tuple[str, ...] = ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2")
"""Input features of :func:`feature_map` (TensorFlow Playground's seven)."""


# ---------------------------------------------------------------- validation helpers


def _matrix(name: str, a: object, shape: tuple[int | None, ...], nonempty: bool = True) -> np.ndarray:
    """A finite, real float array of ``shape`` (``None``: any length), not empty by default."""
    return V.array(name, a, shape=shape, nonempty=nonempty)


def _features(features: object) -> tuple[str, ...]:
    """A non-empty list of feature names (each checked by :func:`feature_map`)."""
    if isinstance(features, str) or not isinstance(features, (list, tuple, np.ndarray)):
        raise V.ArgumentTypeError(f"features must be a list of feature names, got {V.show(features)}")
    if len(features) == 0:
        raise ValueError("features must not be empty")
    return tuple(features)


def _labels(name: str, y: object, n: int, n_classes: int | None = None,
            points: str = "X") -> np.ndarray:
    """Class indices 0, 1, … (finite, integral, below ``n_classes``), one per row of ``points``."""
    return V.labels(name, y, n, n_classes, points)


def _limits(name: str, lim: object) -> tuple[float, float]:
    try:
        arr = V.array(name, lim, shape=(2,))
    except ValueError:
        arr = None
    if arr is None or not arr[0] < arr[1] or not np.isfinite(arr[1] - arr[0]):
        raise ValueError(f"{name} must be (low, high) with finite low < high, got {V.show(lim)}")
    return float(arr[0]), float(arr[1])


def _positive(name: str, value: float) -> float:
    return V.positive(name, value)


def _count(name: str, value: int, minimum: int) -> int:
    return V.count(name, value, minimum)


def _l2(l2: object) -> float:
    return V.finite_float("l2", l2, low=0.0)


class _GridOverflow:
    """Re-raise an overflow on a grid of the box as an error naming ``names``."""

    def __init__(self, names: str) -> None:
        self.names = names

    def __enter__(self) -> "_GridOverflow":
        return self

    def __exit__(self, tp, exc, tb) -> bool:
        if tp is not None and issubclass(tp, ValueError) and "overflow" in str(exc):
            raise ValueError(f"the result overflows to inf/NaN on the grid: {self.names} too "
                             f"large") from None
        return False


def _grid(xlim: tuple[float, float], ylim: tuple[float, float],
          resolution: int | tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pixel centres of an ``ny × nx`` grid over the box, and the points row by row."""
    nx, ny = V.pair("resolution", resolution, 2, V.MAX_STEPS)
    V.check_elements("resolution", nx * ny * 10, "grid values")
    xs = xlim[0] + (np.arange(nx) + 0.5) * (xlim[1] - xlim[0]) / nx
    ys = ylim[0] + (np.arange(ny) + 0.5) * (ylim[1] - ylim[0]) / ny
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


# ---------------------------------------------------------------- linear maps


@dataclass(frozen=True)
class LinearMap:
    """What the 2 × 2 matrix ``W`` does to the plane (``x ↦ W x``).

    Attributes
    ----------
    W : numpy.ndarray
        The matrix, shape (2, 2).
    i_hat, j_hat : numpy.ndarray
        Images of the basis vectors: ``W e1`` and ``W e2`` (W's columns).
    lines, lines_image : numpy.ndarray
        Grid segments (L, 2, 2) as (start, end) and their images; a linear map sends a
        segment to the segment between the images of its ends.
    square, square_image : numpy.ndarray
        Corners (4, 2) of the unit square (0,0), (1,0), (1,1), (0,1) and their images.
    det : float
        ``w11 w22 − w12 w21``: the signed area of the image of the unit square.
    rank : int
        2 (the plane stays a plane), 1 (collapses onto a line) or 0 (onto the origin).
    image_direction : numpy.ndarray
        Rank 1: a vector spanning the line the plane collapses onto, scaled so that its
        largest-magnitude component is +1; otherwise zeros.
    null_direction : numpy.ndarray
        Rank 1: a vector sent to 0 (``W v = 0``), scaled the same way; otherwise zeros.
    """

    W: np.ndarray
    i_hat: np.ndarray
    j_hat: np.ndarray
    lines: np.ndarray
    lines_image: np.ndarray
    square: np.ndarray
    square_image: np.ndarray
    det: float
    rank: int
    image_direction: np.ndarray
    null_direction: np.ndarray

    @property
    def collapses(self) -> bool:
        """True when ``det = 0``: the map squashes the plane onto a line or a point."""
        return self.rank < 2


def _unit_max(v: np.ndarray) -> np.ndarray:
    """``v`` scaled so that its largest-magnitude component is +1 (readable on screen)."""
    return v / v[np.argmax(np.abs(v))]


def linear_map(W: object, extent: int = 4, tol: float = 1e-12) -> LinearMap:
    """The images of the basis vectors, a grid and the unit square under ``x ↦ W x``.

    Parameters
    ----------
    W : array_like, shape (2, 2)
        Finite matrix.
    extent : int
        The grid has the lines ``x = k`` and ``y = k`` for ``k = -extent .. extent``,
        each from ``-extent`` to ``extent``.
    tol : float
        ``|det| <= tol · max|w|²`` counts as 0 (collapse).

    Notes
    -----
    .. math::  W \\hat\\imath = (w_{11}, w_{21}), \\quad W \\hat\\jmath = (w_{12}, w_{22}),
               \\quad \\det W = w_{11} w_{22} - w_{12} w_{21}

    ``|det W|`` is the area of the image of the unit square, its sign the orientation.
    """
    W = _matrix("W", W, (2, 2))
    extent = V.count("extent", extent, 1, 10_000)
    tol = V.finite_float("tol", tol, low=0.0)
    ks = np.arange(-extent, extent + 1, dtype=float)
    e = float(extent)
    vertical = np.stack([np.column_stack([ks, -e + 0 * ks]), np.column_stack([ks, e + 0 * ks])], 1)
    horizontal = np.stack([np.column_stack([-e + 0 * ks, ks]), np.column_stack([e + 0 * ks, ks])], 1)
    lines = np.concatenate([vertical, horizontal])  # (L, 2 ends, 2 coords)
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    with np.errstate(over="ignore", invalid="ignore"):
        det = float(W[0, 0] * W[1, 1] - W[0, 1] * W[1, 0])
        scale = float(np.max(np.abs(W)))
        V.finite_result("W", det, scale * scale, lines @ W.T)
    image_dir, null_dir = np.zeros(2), np.zeros(2)
    if scale == 0.0:
        rank = 0
    elif abs(det) <= tol * scale**2:
        rank = 1
        col = W[:, 0] if np.linalg.norm(W[:, 0]) >= np.linalg.norm(W[:, 1]) else W[:, 1]
        image_dir = _unit_max(col)
        row = W[0] if np.linalg.norm(W[0]) >= np.linalg.norm(W[1]) else W[1]
        null_dir = _unit_max(np.array([-row[1], row[0]]))
    else:
        rank = 2
    return LinearMap(W=W, i_hat=W[:, 0].copy(), j_hat=W[:, 1].copy(), lines=lines,
                     lines_image=lines @ W.T, square=square, square_image=square @ W.T,
                     det=det, rank=rank, image_direction=image_dir, null_direction=null_dir)


# ---------------------------------------------------------------- scores and regions


def _Wb(W: object, b: object) -> tuple[np.ndarray, np.ndarray]:
    W = _matrix("W", W, (None, None))
    b = V.array("b", b, ndim=1)
    if b.shape != (W.shape[0],):
        raise ValueError(f"b must have shape ({W.shape[0]},), one bias per row of W {W.shape}, "
                         f"got {b.shape}")
    return W, b


def scores(W: object, b: object, X: object) -> np.ndarray:
    """Class scores ``S = X Wᵀ + b`` of points ``X`` (n, d) for ``W`` (K, d), ``b`` (K).

    Notes
    -----
    .. math::  S_{ik} = \\sum_{j=1}^{d} W_{kj} X_{ij} + b_k
    """
    W, b = _Wb(W, b)
    X = _matrix("X", X, (None, W.shape[1]))
    with np.errstate(over="ignore", invalid="ignore"):
        S = X @ W.T + b
    V.finite_result("W, b or X", S)
    return S


@dataclass(frozen=True)
class ScoreTerms:
    """One point's scores written out: ``s_k = Σ_j W_kj x_j + b_k``.

    ``products[k, j] = W_kj x_j``; ``totals[k] = s_k``; ``label`` the argmax.
    """

    x: np.ndarray
    products: np.ndarray
    bias: np.ndarray
    totals: np.ndarray
    label: int


def score_terms(W: object, b: object, x: object) -> ScoreTerms:
    """The dot products behind the scores of one point ``x`` (d,)."""
    W, b = _Wb(W, b)
    x = _matrix("x", x, (W.shape[1],))
    products = W * x
    totals = products.sum(axis=1) + b
    return ScoreTerms(x=x, products=products, bias=b.copy(), totals=totals,
                      label=int(np.argmax(totals)))


@dataclass(frozen=True)
class Boundary:
    """The part of the line ``s_i = s_j`` where classes i and j tie for the top score.

    ``start`` and ``end`` are the ends of that segment inside the box.
    """

    i: int
    j: int
    start: np.ndarray
    end: np.ndarray


def _clip(p0: np.ndarray, d: np.ndarray, lo: float, hi: float,
          halfplanes: list[tuple[np.ndarray, float]]) -> tuple[float, float] | None:
    """Interval of t with ``a·(p0 + t d) + c >= 0`` for every half-plane (a, c), t in [lo, hi]."""
    for a, c in halfplanes:
        slope, value = float(a @ d), float(a @ p0 + c)
        if slope > 0:
            lo = max(lo, -value / slope)
        elif slope < 0:
            hi = min(hi, -value / slope)
        elif value < 0:
            return None
    return (lo, hi) if hi > lo else None


def decision_boundaries(W: object, b: object, xlim: object, ylim: object) -> tuple[Boundary, ...]:
    """Exact boundary segments between the argmax regions of ``Wx + b`` in a box.

    For each pair ``i < j`` the line :math:`(w_i - w_j)\\cdot x + b_i - b_j = 0` is
    clipped to the box and to the half-planes :math:`s_i \\ge s_k` for every other k,
    so only the stretch where i and j share the top score is kept (2-D inputs only).

    Notes
    -----
    .. math::  \\{x : s_i(x) = s_j(x) \\ge s_k(x)\\ \\forall k\\},
               \\qquad s_k(x) = w_k \\cdot x + b_k
    """
    W, b = _Wb(W, b)
    if W.shape[1] != 2:
        raise ValueError(f"W must have 2 columns (2-D inputs) for boundaries, got {W.shape}")
    (x0, x1), (y0, y1) = _limits("xlim", xlim), _limits("ylim", ylim)
    box = [(np.array([1.0, 0.0]), -x0), (np.array([-1.0, 0.0]), x1),
           (np.array([0.0, 1.0]), -y0), (np.array([0.0, -1.0]), y1)]
    out = []
    K = W.shape[0]
    for i in range(K):
        for j in range(i + 1, K):
            n, c = W[i] - W[j], b[i] - b[j]
            nn = float(n @ n)
            if nn == 0.0:
                continue  # parallel identical scores: no line
            p0 = -c * n / nn                       # closest point of the line to the origin
            d = np.array([-n[1], n[0]]) / np.sqrt(nn)
            extra = [(W[i] - W[k], b[i] - b[k]) for k in range(K) if k not in (i, j)]
            big = 4.0 * (abs(x0) + abs(x1) + abs(y0) + abs(y1) + np.linalg.norm(p0))
            span = _clip(p0, d, -big, big, box + extra)
            if span is not None:
                out.append(Boundary(i=i, j=j, start=p0 + span[0] * d, end=p0 + span[1] * d))
    return tuple(out)


@dataclass(frozen=True)
class ClassRegions:
    """Argmax labels of ``Wx + b`` on a grid, and the exact boundaries.

    ``labels[r, c]`` is the class at ``(xs[c], ys[r])`` (pixel centres; ``ys`` increases
    with ``r``, so flip rows to draw an image with y up).
    """

    xs: np.ndarray
    ys: np.ndarray
    labels: np.ndarray
    boundaries: tuple[Boundary, ...]


def class_regions(W: object, b: object, xlim: object, ylim: object,
                  resolution: int | tuple[int, int] = 100) -> ClassRegions:
    """Label every grid cell of the box with ``argmax_k (W x + b)_k``; boundaries exactly."""
    W, b = _Wb(W, b)
    xl, yl = _limits("xlim", xlim), _limits("ylim", ylim)
    xs, ys, pts = _grid(xl, yl, resolution)
    with _GridOverflow("W, b, xlim or ylim"):
        labels = np.argmax(scores(W, b, pts), axis=1).reshape(ys.size, xs.size)
    return ClassRegions(xs=xs, ys=ys, labels=labels,
                        boundaries=decision_boundaries(W, b, xl, yl))


# ---------------------------------------------------------------- softmax regression


def softmax(Z: object) -> np.ndarray:
    """Row-wise softmax ``p_k = exp(z_k) / Σ_m exp(z_m)``, computed as exp(z − max z)."""
    Z = V.array("Z", Z)
    if Z.ndim == 0:
        raise ValueError(f"Z must hold scores along its last axis, got a scalar {V.show(Z)}")
    E = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)


def _cross_entropy(P: np.ndarray, y: np.ndarray) -> float:
    return float(-np.mean(np.log(np.clip(P[np.arange(y.size), y], 1e-300, None))))


def softmax_loss_grads(W: object, b: object, X: object, y: object,
                       l2: float = 0.0) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean cross-entropy of softmax(X Wᵀ + b) and its exact gradients.

    Returns ``(loss, dL/dW, dL/db)``.

    Notes
    -----
    .. math::  L = -\\frac{1}{n}\\sum_{i=1}^{n} \\log p_{i, y_i} + \\lambda \\lVert W\\rVert^2,
               \\quad \\frac{\\partial L}{\\partial W} = \\frac{1}{n}(P - Y)^\\top X + 2\\lambda W,
               \\quad \\frac{\\partial L}{\\partial b} = \\frac{1}{n}\\sum_i (P - Y)_i

    with ``Y`` the one-hot labels.
    """
    W, b = _Wb(W, b)
    X = _matrix("X", X, (None, W.shape[1]))
    y = _labels("y", y, X.shape[0], W.shape[0])
    l2 = _l2(l2)
    n = X.shape[0]
    if n == 0:
        raise ValueError("X must hold at least one point, got 0")
    P = softmax(scores(W, b, X))
    with np.errstate(over="ignore", invalid="ignore"):
        loss = _cross_entropy(P, y) + l2 * float(np.sum(W * W))
    V.finite_result("l2 or W", loss)
    G = P.copy()
    G[np.arange(n), y] -= 1.0
    G /= n
    return loss, G.T @ X + 2.0 * l2 * W, G.sum(axis=0)


def accuracy(S: object, y: object) -> float:
    """Fraction of rows whose argmax score equals the label."""
    S = V.array("S", S, ndim=2)
    y = _labels("y", y, S.shape[0], S.shape[1], "S")
    return float(np.mean(np.argmax(S, axis=1) == y))


@dataclass(frozen=True)
class SoftmaxHistory:
    """Full-batch gradient descent on softmax regression, one entry per step (0 = start).

    ``W`` (T+1, K, d), ``b`` (T+1, K), ``loss`` and ``accuracy`` (T+1,) on the training set.
    """

    W: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray


def train_softmax(X: object, y: object, n_classes: int, lr: float = 0.1, steps: int = 100,
                  seed: int = 0, init_scale: float = 0.5, l2: float = 0.0) -> SoftmaxHistory:
    """Train ``softmax(W x + b)`` by full-batch gradient descent ``θ ← θ − lr ∇L``.

    ``W`` starts at ``init_scale · N(0, 1)`` drawn from ``numpy.random.default_rng(seed)``,
    ``b`` at 0; gradients are :func:`softmax_loss_grads`.
    """
    X = _matrix("X", X, (None, None))
    n_classes = _count("n_classes", n_classes, 2)
    y = _labels("y", y, X.shape[0], n_classes)
    lr = _positive("lr", lr)
    steps = V.integer("steps", steps, 0, V.MAX_TRAIN_STEPS, "dlmath's MAX_TRAIN_STEPS")
    l2 = _l2(l2)
    init_scale = V.finite_float("init_scale", init_scale, low=0.0)
    if X.shape[0] == 0:
        raise ValueError("X must hold at least one point, got 0")
    rng = np.random.default_rng(V.seed("seed", seed))
    W = init_scale * rng.normal(size=(n_classes, X.shape[1]))
    with np.errstate(over="ignore", invalid="ignore"):
        V.finite_result("init_scale or X", X @ W.T)
    b = np.zeros(n_classes)
    Ws, bs, losses, accs = [], [], [], []
    for _ in range(steps + 1):
        loss, dW, db = softmax_loss_grads(W, b, X, y, l2)
        Ws.append(W.copy())
        bs.append(b.copy())
        losses.append(loss)
        accs.append(accuracy(X @ W.T + b, y))
        with np.errstate(over="ignore", invalid="ignore"):
            W, b = W - lr * dW, b - lr * db
            S = X @ W.T + b
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b)) and np.all(np.isfinite(S))):
            raise ValueError(f"training diverged at step {len(losses)}: the weights or scores "
                             f"overflowed to inf/NaN (lr = {lr:g} too large for these X, "
                             f"init_scale and l2)")
    return SoftmaxHistory(W=np.array(Ws), b=np.array(bs), loss=np.array(losses),
                          accuracy=np.array(accs))


# ---------------------------------------------------------------- data sets and features


@dataclass(frozen=True)
class Dataset:
    """Points ``X`` (n, 2) and class labels ``y`` (n,) in 0 .. K-1."""

    name: str
    X: np.ndarray
    y: np.ndarray


def make_dataset(name: str, n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """A 2-D classification data set by name, reproducible by ``seed``.

    The first four follow TensorFlow Playground (``src/dataset.ts``), class 1 being the
    Playground's positive label:

    * ``circle``: n/2 points at radius ~ U(0, 2.5) (class 1) and n/2 at U(3.5, 5)
      (class 0), angle ~ U(0, 2π); the label is that of the point moved by
      ``U(-5, 5) · noise`` per coordinate (inside radius 2.5 → 1).
    * ``xor``: x, y ~ U(-5, 5), each pushed 0.3 away from 0; class 1 where
      ``x · y >= 0`` (again after the noise shift).
    * ``gauss``: n/2 points ~ N((2, 2), v I) (class 1) and n/2 ~ N((-2, -2), v I), with
      variance v = 0.5 + 7 · noise (Playground's scale from noise ∈ [0, 0.5] to [0.5, 4]).
    * ``spiral``: for i < n/2, r = 5 i / (n/2), θ = 1.75 · 2π · i / (n/2) + δ,
      point (r sin θ, r cos θ) + U(-1, 1)² · noise; δ = 0 is class 1, δ = π class 0.
    * ``blobs3``: three classes of n/3 points ~ N(c_k, (0.75 + noise)² I), centres
      c_k = 3 (cos φ_k, sin φ_k) with φ_k = 90°, 210°, 330°.
    """
    V.choice("name", name, DATASETS)
    n = _count("n", n, 2)
    noise = V.finite_float("noise", noise, 0.0, 1.0)
    rng = np.random.default_rng(V.seed("seed", seed))
    if name == "circle":
        h = n // 2
        r = np.concatenate([rng.uniform(0, 2.5, h), rng.uniform(3.5, 5.0, n - h)])
        a = rng.uniform(0, 2 * np.pi, n)
        X = np.column_stack([r * np.sin(a), r * np.cos(a)])
        shift = rng.uniform(-5, 5, (n, 2)) * noise
        y = (np.linalg.norm(X + shift, axis=1) < 2.5).astype(int)
    elif name == "xor":
        X = rng.uniform(-5, 5, (n, 2))
        X += np.where(X > 0, 0.3, -0.3)
        shift = rng.uniform(-5, 5, (n, 2)) * noise
        Z = X + shift
        y = (Z[:, 0] * Z[:, 1] >= 0).astype(int)
    elif name == "gauss":
        h = n // 2
        sd = np.sqrt(0.5 + 7.0 * noise)
        X = np.concatenate([rng.normal(2, sd, (h, 2)), rng.normal(-2, sd, (n - h, 2))])
        y = np.concatenate([np.ones(h, int), np.zeros(n - h, int)])
    elif name == "spiral":
        h = n // 2
        parts, labels = [], []
        for delta, label, m in ((0.0, 1, h), (np.pi, 0, n - h)):
            i = np.arange(m)
            r = 5.0 * i / m
            t = 1.75 * 2 * np.pi * i / m + delta
            pts = np.column_stack([r * np.sin(t), r * np.cos(t)])
            parts.append(pts + rng.uniform(-1, 1, (m, 2)) * noise)
            labels.append(np.full(m, label))
        X, y = np.concatenate(parts), np.concatenate(labels)
    else:  # blobs3
        counts = [n // 3, n // 3, n - 2 * (n // 3)]
        phis = np.deg2rad([90.0, 210.0, 330.0])
        centres = 3.0 * np.column_stack([np.cos(phis), np.sin(phis)])
        X = np.concatenate([rng.normal(c, 0.75 + noise, (m, 2)) for c, m in zip(centres, counts)])
        y = np.repeat(np.arange(3), counts)
    return Dataset(name=name, X=X, y=y)


def train_test_split(X: object, y: object, test_fraction: float = 0.5,
                     seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle by ``seed`` and split: ``(X_train, y_train, X_test, y_test)``."""
    X = _matrix("X", X, (None, None))
    y = _labels("y", y, X.shape[0])
    test_fraction = V.finite_float("test_fraction", test_fraction, 0.0, 1.0, low_open=True, high_open=True)
    order = np.random.default_rng(V.seed("seed", seed)).permutation(X.shape[0])
    n_test = int(round(test_fraction * X.shape[0]))
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]


def feature_map(X: object, features: tuple[str, ...] | list[str] = FEATURES) -> np.ndarray:
    """Columns of hand-made features of 2-D points, in the order asked.

    ``x1``, ``x2``, ``x1^2``, ``x2^2``, ``x1x2`` (x1·x2), ``sin_x1``, ``sin_x2``, and
    ``r^2`` (x1² + x2², the lift that turns the circle data linearly separable).
    """
    X = _matrix("X", X, (None, 2))
    table = {"x1": X[:, 0], "x2": X[:, 1], "x1^2": X[:, 0] ** 2, "x2^2": X[:, 1] ** 2,
             "x1x2": X[:, 0] * X[:, 1], "sin_x1": np.sin(X[:, 0]), "sin_x2": np.sin(X[:, 1]),
             "r^2": X[:, 0] ** 2 + X[:, 1] ** 2}
    if isinstance(features, str) or not isinstance(features, (list, tuple, np.ndarray)):
        raise V.ArgumentTypeError(f"features must be a list of feature names from {tuple(table)}, "
                                  f"got {V.show(features)}")
    if len(features) == 0:
        raise ValueError("features must not be empty")
    for f in features:
        if not isinstance(f, str) or f not in table:
            raise ValueError(f"features must be chosen from {tuple(table)}, got {f!r}")
    out = np.column_stack([table[f] for f in features])
    V.finite_result("X", out)
    return out


def binary_boundary(W: object, b: object) -> tuple[np.ndarray, float]:
    """A two-class linear model as one hyperplane: class 1 wins exactly where ``w·x + c > 0``.

    Notes
    -----
    .. math::  s_1 - s_0 = (w_1 - w_0)\\cdot x + (b_1 - b_0), \\qquad
               w = w_1 - w_0,\\ c = b_1 - b_0
    """
    W, b = _Wb(W, b)
    if W.shape[0] != 2:
        raise ValueError(f"W must have 2 rows (two classes), got {W.shape[0]}")
    return W[1] - W[0], float(b[1] - b[0])


def plane_height(w: object, c: float, X: object) -> np.ndarray:
    """Height ``z`` of the plane ``w1 x1 + w2 x2 + w3 z + c = 0`` above points ``X`` (n, 2).

    .. math::  z = -\\frac{w_1 x_1 + w_2 x_2 + c}{w_3}
    """
    w = _matrix("w", w, (3,))
    X = _matrix("X", X, (None, 2))
    if w[2] == 0:
        raise ValueError("w must have w[2] != 0 (a vertical plane has no height)")
    c = V.finite_float("c", c)
    with np.errstate(over="ignore", invalid="ignore"):
        z = -(X @ w[:2] + c) / w[2]
    if not np.all(np.isfinite(z)):
        raise ValueError("w, c or X are too large: the height overflowed to inf/NaN")
    return z


def feature_regions(W: object, b: object, features: tuple[str, ...] | list[str], xlim: object,
                    ylim: object, resolution: int | tuple[int, int] = 100) -> "Regions":
    """Argmax regions in the plane of a linear model on features ``φ(x)``: ``argmax (W φ(x) + b)``.

    ``probs`` holds the softmax probability of class 1 (two classes) or of the winner.
    """
    W, b = _Wb(W, b)
    features = _features(features)
    if W.shape[1] != len(features):
        raise ValueError(f"W must have one column per feature ({len(features)}), got {W.shape}")
    xl, yl = _limits("xlim", xlim), _limits("ylim", ylim)
    xs, ys, pts = _grid(xl, yl, resolution)
    with _GridOverflow("W, b, xlim or ylim"):
        P = softmax(scores(W, b, feature_map(pts, features)))
    shape = (ys.size, xs.size)
    top = P[:, 1] if P.shape[1] == 2 else P.max(axis=1)
    return Regions(xs=xs, ys=ys, labels=np.argmax(P, 1).reshape(shape), probs=top.reshape(shape))


def circle_boundary(w: object, c: float) -> tuple[np.ndarray, float]:
    """Centre and radius of ``w1 x1 + w2 x2 + w3 (x1² + x2²) + c = 0`` (a plane in the lift).

    Notes
    -----
    .. math::  (x_1 - a)^2 + (x_2 - b)^2 = \\rho^2, \\quad a = -\\frac{w_1}{2 w_3},\\
               b = -\\frac{w_2}{2 w_3}, \\quad \\rho^2 = a^2 + b^2 - \\frac{c}{w_3}
    """
    w = _matrix("w", w, (3,))
    if w[2] == 0:
        raise ValueError("w must have w[2] != 0 (no x1² + x2² term: the boundary is a line)")
    c = V.finite_float("c", c)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        centre = np.array([-w[0], -w[1]]) / (2 * w[2])
        rho2 = float(centre @ centre - c / w[2])
    if not (np.all(np.isfinite(centre)) and np.isfinite(rho2)):
        raise ValueError(f"w or c are too extreme: the circle's centre or radius overflowed")
    if rho2 <= 0:
        raise ValueError(f"the boundary is empty for these w and c (radius² = {rho2} <= 0)")
    return centre, float(np.sqrt(rho2))


@dataclass(frozen=True)
class BestLine:
    """The best single straight line: predict class 1 where ``normal · x > offset``."""

    accuracy: float
    normal: np.ndarray
    offset: float


def best_line_accuracy(X: object, y: object, n_directions: int = 720) -> BestLine:
    """Best accuracy any line reaches on two-class points, by sweeping every offset.

    For each unit normal ``u`` at angles ``π m / n_directions`` (m < n_directions) and both
    orientations, the points are sorted by ``u · x`` and every threshold between two
    consecutive distinct projections is tried, which covers every offset exactly; the
    only approximation is the direction grid.
    """
    X = _matrix("X", X, (None, 2))
    y = _labels("y", y, X.shape[0], 2)
    n_directions = _count("n_directions", n_directions, 1)
    if X.shape[0] == 0:
        raise ValueError("X must hold at least one point, got 0")
    V.check_elements("n_directions", n_directions * (X.shape[0] + 1) * 8, "values")
    ang = np.pi * np.arange(n_directions) / n_directions
    U = np.column_stack([np.cos(ang), np.sin(ang)])          # (A, 2)
    P = U @ X.T                                              # (A, n)
    order = np.argsort(P, axis=1, kind="stable")
    Ps = np.take_along_axis(P, order, 1)
    ys = y[order]
    n = y.size
    zero = np.zeros((n_directions, 1))
    ones_below = np.concatenate([zero, np.cumsum(ys, 1)], 1)   # class-1 count among first k
    zeros_below = np.arange(n + 1) - ones_below
    ones_total = ones_below[:, -1:]
    zeros_total = n - ones_total
    # orientation +: class 1 above the threshold; orientation −: class 1 below
    plus = zeros_below + (ones_total - ones_below)
    minus = ones_below + (zeros_total - zeros_below)
    valid = np.ones((n_directions, n + 1), bool)                # cut after k points
    valid[:, 1:-1] = Ps[:, 1:] > Ps[:, :-1]
    plus, minus = np.where(valid, plus, -1), np.where(valid, minus, -1)
    best_plus, best_minus = plus.max(), minus.max()
    sign, table = (1.0, plus) if best_plus >= best_minus else (-1.0, minus)
    a, k = np.unravel_index(np.argmax(table), table.shape)
    lo = Ps[a, k - 1] if k > 0 else Ps[a, 0] - 1.0
    hi = Ps[a, k] if k < n else Ps[a, -1] + 1.0
    return BestLine(accuracy=float(table[a, k]) / n, normal=sign * U[a],
                    offset=float(sign * (lo + hi) / 2))


def line_in_box(normal: object, offset: float, xlim: object,
                ylim: object) -> tuple[np.ndarray, np.ndarray]:
    """The two ends of the segment of the line ``normal · x = offset`` inside the box.

    Raises ValueError when the line misses the box.
    """
    n = _matrix("normal", normal, (2,))
    if not np.any(n):
        raise ValueError("normal must not be the zero vector")
    (x0, x1), (y0, y1) = _limits("xlim", xlim), _limits("ylim", ylim)
    nn = float(n @ n)
    p0 = V.finite_float("offset", offset) * n / nn
    if not np.all(np.isfinite(p0)) or not np.isfinite(nn):
        raise ValueError(f"normal or offset are too extreme: the line overflowed")
    d = np.array([-n[1], n[0]]) / np.sqrt(nn)
    box = [(np.array([1.0, 0.0]), -x0), (np.array([-1.0, 0.0]), x1),
           (np.array([0.0, 1.0]), -y0), (np.array([0.0, -1.0]), y1)]
    big = 4.0 * (abs(x0) + abs(x1) + abs(y0) + abs(y1) + np.linalg.norm(p0))
    span = _clip(p0, d, -big, big, box)
    if span is None:
        raise ValueError(f"the line normal·x = offset ({offset}) misses the box xlim × ylim = "
                         f"{V.show(xlim)} × {V.show(ylim)}")
    return p0 + span[0] * d, p0 + span[1] * d


# ---------------------------------------------------------------- multilayer perceptron


def _activation(name: str) -> str:
    return V.choice("activation", name, ACTIVATIONS)


def _act(name: str, z: np.ndarray) -> np.ndarray:
    """The activation, from :func:`dlmath.autodiff.activation` (one implementation, with
    the overflow-safe sigmoid)."""
    if z.size == 0:
        return z.copy()
    return _activation_fn(name, z)


def _act_grad(name: str, z: np.ndarray, h: np.ndarray) -> np.ndarray:
    """``f'(z)`` from :func:`dlmath.autodiff.activation_grad` (``h = f(z)`` is not needed)."""
    if z.size == 0:
        return z.copy()
    return _activation_grad_fn(name, z)


@dataclass(frozen=True)
class MLPParams:
    """Weights ``W_l`` (out, in) and biases ``b_l`` (out,) of each layer; the last is the output."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.weights[0].shape[1],) + tuple(W.shape[0] for W in self.weights)


def init_mlp(sizes: tuple[int, ...] | list[int], seed: int = 0) -> MLPParams:
    """Xavier/Glorot-normal weights ``N(0, 2 / (fan_in + fan_out))``, zero biases.

    ``sizes`` = (inputs, hidden..., classes), e.g. ``(2, 8, 8, 2)``.
    """
    if not isinstance(sizes, (list, tuple, np.ndarray)):
        raise V.ArgumentTypeError(f"sizes must be a sequence of layer widths, got {V.show(sizes)}")
    if len(sizes) < 2:
        raise ValueError(f"sizes must list >= 2 positive layer widths, got {tuple(sizes)}")
    sizes = tuple(V.count(f"sizes[{i}]", s, 1) for i, s in enumerate(sizes))
    rng = np.random.default_rng(V.seed("seed", seed))
    # N(0, 2 / (fan_in + fan_out)): dlmath.autodiff's "xavier" initialisation
    Ws = tuple(_init_weights("xavier", i, o, rng) for i, o in zip(sizes, sizes[1:]))
    return MLPParams(weights=Ws, biases=tuple(np.zeros(o) for o in sizes[1:]))


def _check_params(params: MLPParams, d: int) -> None:
    V.instance("params", params, MLPParams, "an MLPParams (see init_mlp)")
    if len(params.weights) != len(params.biases) or not params.weights:
        raise ValueError("params must have as many biases as weights (and at least one layer)")
    prev = d
    for l, (W, b) in enumerate(zip(params.weights, params.biases)):
        if W.ndim != 2 or W.shape[1] != prev or b.shape != (W.shape[0],):
            raise ValueError(f"params layer {l}: W {W.shape}, b {b.shape} do not follow "
                             f"from an input of width {prev}")
        prev = W.shape[0]


@dataclass(frozen=True)
class MLPForward:
    """Every intermediate of a forward pass.

    ``pre[l]`` = ``a_{l-1} W_lᵀ + b_l`` and ``hidden[l]`` = its activation (after the
    dropout mask, when training) for each hidden layer; ``logits`` and ``probs``
    (softmax) of the output layer; ``masks`` the scaled dropout masks (None off).
    """

    pre: tuple[np.ndarray, ...]
    hidden: tuple[np.ndarray, ...]
    logits: np.ndarray
    probs: np.ndarray
    masks: tuple[np.ndarray, ...] | None


def _dropout(name: str, p: float) -> float:
    return V.finite_float(name, p, 0.0, 1.0, high_open=True)


def _masks(masks: object, n: int, widths: list[int]) -> tuple[np.ndarray, ...]:
    """Dropout masks: one finite ``(n, width)`` array (values >= 0) per hidden layer."""
    if not isinstance(masks, (list, tuple)):
        raise V.ArgumentTypeError(f"masks must be a tuple with one array per hidden layer, "
                                  f"got {V.show(masks)}")
    if len(masks) != len(widths):
        raise ValueError(f"masks must have one array per hidden layer ({len(widths)}), got {len(masks)}")
    out = tuple(V.array(f"masks[{l}]", m, shape=(n, w)) for l, (m, w) in enumerate(zip(masks, widths)))
    for l, m in enumerate(out):
        if np.any(m < 0):
            raise ValueError(f"masks[{l}] must hold scaled keep-masks (values >= 0)")
    return out


def mlp_forward(params: MLPParams, X: object, activation: str = "tanh",
                dropout: float = 0.0, training: bool = False,
                rng: np.random.Generator | None = None,
                masks: tuple[np.ndarray, ...] | None = None) -> MLPForward:
    """Forward pass ``a_l = f(a_{l-1} W_lᵀ + b_l)`` through the hidden layers, softmax out.

    Inverted dropout acts only when ``training``: each hidden unit is kept with
    probability ``1 − dropout`` and scaled by ``1/(1 − dropout)``, so that
    ``E[a_l]`` is unchanged and evaluation (``training=False``) needs no rescaling.
    ``masks`` (already scaled) may be given instead of drawing them from ``rng``.

    Notes
    -----
    .. math::  a_0 = x,\\quad a_l = m_l \\odot f(W_l a_{l-1} + b_l),\\quad
               m_{l,u} = \\frac{\\mathrm{Bernoulli}(1 - q)}{1 - q},\\quad
               p = \\mathrm{softmax}(W_L a_{L-1} + b_L)
    """
    activation = _activation(activation)
    dropout = _dropout("dropout", dropout)
    training = V.flag("training", training)
    X = _matrix("X", X, (None, None))
    _check_params(params, X.shape[1])
    n_hidden = len(params.weights) - 1
    use_masks = None
    if training and masks is not None:
        use_masks = _masks(masks, X.shape[0], [W.shape[0] for W in params.weights[:-1]])
    elif training and dropout > 0:
        if rng is None:
            raise ValueError("rng must be a numpy Generator when training with dropout > 0")
        rng = V.rng("rng", rng)
        use_masks = tuple((rng.random((X.shape[0], W.shape[0])) >= dropout) / (1.0 - dropout)
                          for W in params.weights[:-1])
    return _forward(params, X, activation, use_masks)


def _forward(params: MLPParams, X: np.ndarray, activation: str,
             use_masks: tuple[np.ndarray, ...] | None) -> MLPForward:
    """:func:`mlp_forward` on checked arguments (the training loop's path)."""
    a, pre, hidden = X, [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for l in range(len(params.weights) - 1):
            z = a @ params.weights[l].T + params.biases[l]
            a = _act(activation, z)
            if use_masks is not None:
                a = a * use_masks[l]
            pre.append(z)
            hidden.append(a)
        logits = a @ params.weights[-1].T + params.biases[-1]
    if not np.isfinite(logits).all():
        raise ValueError("params or X are too large: the forward pass overflowed to inf/NaN")
    E = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return MLPForward(pre=tuple(pre), hidden=tuple(hidden), logits=logits,
                      probs=E / E.sum(axis=-1, keepdims=True), masks=use_masks)


def mlp_loss_grads(params: MLPParams, X: object, y: object, activation: str = "tanh",
                   l2: float = 0.0, masks: tuple[np.ndarray, ...] | None = None
                   ) -> tuple[float, MLPParams]:
    """Loss ``mean CE + λ Σ_l ‖W_l‖²`` and its gradient by backpropagation.

    ``masks`` (scaled dropout masks, one per hidden layer) make the pass a training pass
    with that fixed dropout pattern; None means no dropout.

    Notes
    -----
    .. math::  \\delta_L = \\tfrac{1}{n}(P - Y),\\quad
               \\frac{\\partial L}{\\partial W_l} = \\delta_l^\\top a_{l-1} + 2\\lambda W_l,\\quad
               \\delta_{l-1} = (\\delta_l W_l) \\odot m_{l-1} \\odot f'(z_{l-1})
    """
    l2 = _l2(l2)
    fwd = mlp_forward(params, X, activation, training=masks is not None, masks=masks)
    X = _matrix("X", X, (None, None))
    if X.shape[0] == 0:
        raise ValueError("X must hold at least one point, got 0")
    n = X.shape[0]
    y = _labels("y", y, n, params.weights[-1].shape[0])
    return _loss_grads(params, X, y, activation, l2, fwd)


def _loss_grads(params: MLPParams, X: np.ndarray, y: np.ndarray, activation: str, l2: float,
                fwd: MLPForward) -> tuple[float, MLPParams]:
    """:func:`mlp_loss_grads` on checked arguments and their forward pass ``fwd``."""
    n = X.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        loss = _cross_entropy(fwd.probs, y) + l2 * sum(float(np.sum(W * W)) for W in params.weights)
    V.finite_result("l2 or params", loss)
    delta = fwd.probs.copy()
    delta[np.arange(n), y] -= 1.0
    delta /= n
    inputs = (X,) + fwd.hidden
    gW, gb = [], []
    for l in range(len(params.weights) - 1, -1, -1):
        gW.append(delta.T @ inputs[l] + 2.0 * l2 * params.weights[l])
        gb.append(delta.sum(axis=0))
        if l > 0:
            da = delta @ params.weights[l]
            h = fwd.hidden[l - 1]
            if fwd.masks is not None:
                m = fwd.masks[l - 1]
                unmasked = _act(activation, fwd.pre[l - 1])
                delta = da * m * _act_grad(activation, fwd.pre[l - 1], unmasked)
            else:
                delta = da * _act_grad(activation, fwd.pre[l - 1], h)
    return loss, MLPParams(weights=tuple(gW[::-1]), biases=tuple(gb[::-1]))


@dataclass(frozen=True)
class MLPHistory:
    """An MLP trained by mini-batch gradient descent.

    ``train_loss``, ``test_loss`` (E+1,): mean cross-entropy (without the L2 term, as
    TensorFlow Playground reports it) after each epoch, entry 0 before training, always
    evaluated without dropout; ``train_acc``, ``test_acc`` likewise. ``snapshots`` are the
    parameters after the epochs in ``snapshot_epochs``; ``params`` the final ones.
    """

    params: MLPParams
    train_loss: np.ndarray
    test_loss: np.ndarray
    train_acc: np.ndarray
    test_acc: np.ndarray
    snapshot_epochs: tuple[int, ...]
    snapshots: tuple[MLPParams, ...]


def train_mlp(X: object, y: object, hidden: tuple[int, ...] = (8, 8), activation: str = "tanh",
              lr: float = 0.03, epochs: int = 100, batch_size: int = 10, l2: float = 0.0,
              dropout: float = 0.0, seed: int = 0, X_test: object | None = None,
              y_test: object | None = None, n_classes: int = 2,
              snapshot_epochs: tuple[int, ...] = ()) -> MLPHistory:
    """Mini-batch gradient descent with backprop on ``mean CE + λ Σ ‖W‖²``.

    Initialisation :func:`init_mlp` and every shuffle and dropout mask come from
    ``numpy.random.default_rng(seed)``, so a run is reproducible. Each epoch visits the
    training set once in a fresh random order, in batches of ``batch_size``.

    Parameters
    ----------
    X, y : array_like
        Training points (n, d) and class indices (n,) in ``0 .. n_classes-1``.
    hidden : tuple of int
        Widths of 1 to 3 hidden layers.
    activation : {"tanh", "relu", "sigmoid"}
    lr : float
        Step size (> 0).
    epochs, batch_size : int
        Passes over the data (>= 0) and points per step (>= 1).
    l2 : float
        λ >= 0 of the penalty λ Σ_l ‖W_l‖² (weights only, not biases).
    dropout : float
        Drop probability in [0, 1) of every hidden unit during training (inverted
        dropout; evaluation never drops).
    X_test, y_test : array_like, optional
        Held-out points whose loss and accuracy are recorded after every epoch.
    snapshot_epochs : tuple of int
        Epochs after which the parameters are kept (0 = before training).

    Returns
    -------
    MLPHistory

    Notes
    -----
    .. math::  \\theta \\leftarrow \\theta - \\eta\\, \\nabla_\\theta \\Big(
               -\\frac{1}{|B|}\\sum_{i \\in B} \\log p_{i, y_i} + \\lambda \\sum_l \\lVert W_l \\rVert^2\\Big)
    """
    X = _matrix("X", X, (None, None))
    n_classes = _count("n_classes", n_classes, 2)
    y = _labels("y", y, X.shape[0], n_classes)
    activation = _activation(activation)
    dropout = _dropout("dropout", dropout)
    lr = _positive("lr", lr)
    epochs = V.steps("epochs", epochs)
    batch_size = _count("batch_size", batch_size, 1)
    l2 = _l2(l2)
    if X.shape[0] == 0:
        raise ValueError("X must hold at least one point, got 0")
    if epochs * -(-X.shape[0] // batch_size) > V.MAX_TRAIN_STEPS:
        raise ValueError(f"epochs = {epochs} with {-(-X.shape[0] // batch_size)} batches per epoch "
                         f"(batch_size = {batch_size}) exceeds dlmath's MAX_TRAIN_STEPS = "
                         f"{V.MAX_TRAIN_STEPS} updates")
    if not isinstance(hidden, (list, tuple, np.ndarray)) or not 1 <= len(hidden) <= 3:
        raise ValueError(f"hidden must list 1 to 3 positive layer widths, got {V.show(hidden)}")
    hidden = tuple(V.count(f"hidden[{i}]", h, 1, 10_000) for i, h in enumerate(hidden))
    seed = V.seed("seed", seed)
    if not isinstance(snapshot_epochs, (list, tuple, np.ndarray)):
        raise V.ArgumentTypeError(f"snapshot_epochs must be a tuple of epochs, got {V.show(snapshot_epochs)}")
    snapshot_epochs = tuple(V.integer(f"snapshot_epochs[{i}]", e, 0) for i, e in enumerate(snapshot_epochs))
    for i, e in enumerate(snapshot_epochs):
        if e > epochs:
            raise ValueError(f"snapshot_epochs[{i}] must be an epoch in 0..epochs = {epochs}, got {e}")
    if (X_test is None) != (y_test is None):
        raise ValueError("X_test and y_test must be given together")
    if X_test is None:
        X_test, y_test = X[:0], y[:0]
    X_test = _matrix("X_test", X_test, (None, X.shape[1]), nonempty=False)
    y_test = _labels("y_test", y_test, X_test.shape[0], n_classes, "X_test")
    for e in snapshot_epochs:
        if not (0 <= e <= epochs):
            raise ValueError(f"snapshot_epochs must lie in [0, {epochs}], got {e}")  # pragma: no cover
    rng = np.random.default_rng(seed)
    params = init_mlp((X.shape[1],) + hidden + (n_classes,), seed=int(rng.integers(2**31)))

    def evaluate(Xe: np.ndarray, ye: np.ndarray) -> tuple[float, float]:
        if ye.size == 0:
            return float("nan"), float("nan")
        try:
            P = _forward(params, Xe, activation, None).probs
        except ValueError:
            if epoch == 0:
                raise ValueError("X or X_test are too large: the forward pass overflowed to "
                                 "inf/NaN") from None
            raise ValueError(f"training diverged after epoch {epoch}: the forward pass "
                             f"overflowed to inf/NaN (lr = {lr:g} too large for these X and "
                             f"l2)") from None
        return _cross_entropy(P, ye), float(np.mean(np.argmax(P, 1) == ye))

    tl, ta, vl, va, snaps = [], [], [], [], {}
    for epoch in range(epochs + 1):
        if epoch > 0:
            order = rng.permutation(X.shape[0])
            for start in range(0, X.shape[0], batch_size):
                idx = order[start:start + batch_size]
                masks = None
                if dropout > 0:
                    masks = tuple((rng.random((idx.size, h)) >= dropout) / (1.0 - dropout)
                                  for h in hidden)
                try:
                    Xb = X[idx]
                    _, g = _loss_grads(params, Xb, y[idx], activation, l2,
                                       _forward(params, Xb, activation, masks))
                except ValueError:
                    raise ValueError(f"training diverged in epoch {epoch}: the forward pass "
                                     f"overflowed to inf/NaN (lr = {lr:g} too large for these "
                                     f"X and l2)") from None
                with np.errstate(over="ignore", invalid="ignore"):
                    # an overflow here is caught by the next forward pass (logits checked)
                    params = MLPParams(
                        weights=tuple(W - lr * dW for W, dW in zip(params.weights, g.weights)),
                        biases=tuple(b - lr * db for b, db in zip(params.biases, g.biases)))
        loss, acc = evaluate(X, y)
        tl.append(loss)
        ta.append(acc)
        loss, acc = evaluate(X_test, y_test)
        vl.append(loss)
        va.append(acc)
        if epoch in snapshot_epochs:
            snaps[epoch] = params
    keys = tuple(sorted(set(snapshot_epochs)))
    return MLPHistory(params=params, train_loss=np.array(tl), test_loss=np.array(vl),
                      train_acc=np.array(ta), test_acc=np.array(va), snapshot_epochs=keys,
                      snapshots=tuple(snaps[k] for k in keys))


@dataclass(frozen=True)
class Regions:
    """A model's predictions on a grid: ``labels[r, c]`` and ``probs[r, c]`` (class-1
    probability for two classes, the top probability otherwise) at ``(xs[c], ys[r])``."""

    xs: np.ndarray
    ys: np.ndarray
    labels: np.ndarray
    probs: np.ndarray


def mlp_regions(params: MLPParams, activation: str, xlim: object, ylim: object,
                resolution: int | tuple[int, int] = 100) -> Regions:
    """The decision regions of an MLP on a grid (evaluation mode, no dropout)."""
    xl, yl = _limits("xlim", xlim), _limits("ylim", ylim)
    xs, ys, pts = _grid(xl, yl, resolution)
    with _GridOverflow("params, xlim or ylim"):
        P = mlp_forward(params, pts, activation).probs
    shape = (ys.size, xs.size)
    top = P[:, 1] if P.shape[1] == 2 else P.max(axis=1)
    return Regions(xs=xs, ys=ys, labels=np.argmax(P, 1).reshape(shape), probs=top.reshape(shape))


@dataclass(frozen=True)
class Deformation:
    """Points pushed through a width-2 network one operation at a time.

    ``stages[s]`` (n, 2) are the points after stage ``names[s]``: ``input``, then for
    each hidden layer l ``W{l}`` (linear map), ``+b{l}`` (shift) and ``f{l}``
    (activation); ``output_W``/``output_b`` are the final linear scores' weights, under
    which the last stage's classes are separated by the line ``s_1 = s_0``.
    """

    names: tuple[str, ...]
    stages: np.ndarray
    output_W: np.ndarray
    output_b: np.ndarray


def deformation_stages(params: MLPParams, activation: str, points: object) -> Deformation:
    """The plane after each linear map, shift and activation of a width-2 network.

    Notes
    -----
    .. math::  x \\mapsto W_1 x \\mapsto W_1 x + b_1 \\mapsto f(W_1 x + b_1)
               \\mapsto W_2 a_1 \\mapsto \\dots
    """
    activation = _activation(activation)
    P = _matrix("points", points, (None, 2))
    _check_params(params, 2)
    if any(W.shape[0] != 2 for W in params.weights[:-1]):
        raise ValueError(f"params must have hidden layers of width 2, got sizes {params.sizes}")
    names, stages, a = ["input"], [P], P
    for l, (W, b) in enumerate(zip(params.weights[:-1], params.biases[:-1]), start=1):
        lin = a @ W.T
        shifted = lin + b
        a = _act(activation, shifted)
        names += [f"W{l}", f"+b{l}", f"f{l}"]
        stages += [lin, shifted, a]
    return Deformation(names=tuple(names), stages=np.array(stages),
                       output_W=params.weights[-1].copy(), output_b=params.biases[-1].copy())


# ---------------------------------------------------------------- the column view (issue 16)


@dataclass(frozen=True)
class ColumnSum:
    """``W x + b`` read by columns: the input's entries scale W's columns, added tip to tail.

    Attributes
    ----------
    columns : numpy.ndarray
        (d, K): ``columns[j] = w_j``, the j-th column of W.
    scaled : numpy.ndarray
        (d, K): ``scaled[j] = x_j w_j``.
    path : numpy.ndarray
        (d + 1, K): the tails and tips of the scaled columns drawn tip to tail,
        ``path[0] = 0``, ``path[j] = x_1 w_1 + … + x_j w_j``, ``path[d] = W x``.
    total : numpy.ndarray
        (K,): ``W x + b``.
    row_dots : numpy.ndarray
        (K,): the same scores read by rows, ``w^{(k)} · x + b_k`` (row k of W dotted with x).
    """

    W: np.ndarray
    x: np.ndarray
    b: np.ndarray
    columns: np.ndarray
    scaled: np.ndarray
    path: np.ndarray
    total: np.ndarray
    row_dots: np.ndarray


def column_sum(W: object, x: object, b: object | None = None) -> ColumnSum:
    """``W x + b`` as a sum of W's columns scaled by the entries of ``x``.

    Parameters
    ----------
    W : array_like, shape (K, d)
        Weight matrix: K class scores from d inputs (pixels).
    x : array_like, shape (d,)
        The input.
    b : array_like, shape (K,), optional
        Biases (zeros when omitted).

    Notes
    -----
    .. math::  W x + b = \\sum_{j=1}^{d} x_j\\, w_j + b, \\qquad
               (W x + b)_k = \\sum_{j=1}^{d} W_{kj} x_j + b_k = w^{(k)} \\cdot x + b_k

    with ``w_j`` the j-th column and ``w^{(k)}`` the k-th row of W: the column view and the
    row (template) view of the same product.
    """
    W = _matrix("W", W, (None, None))
    x = _matrix("x", x, (W.shape[1],))
    if b is None:
        b = np.zeros(W.shape[0])
    else:
        b = V.array("b", b, ndim=1)
        if b.shape != (W.shape[0],):
            raise ValueError(f"b must have shape ({W.shape[0]},), one bias per row of W "
                             f"{W.shape}, got {b.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = (W * x).T                                    # (d, K): x_j w_j
        path = np.concatenate([np.zeros((1, W.shape[0])), np.cumsum(scaled, axis=0)])
        total = path[-1] + b
        row_dots = np.array([float(np.dot(row, x)) for row in W]) + b
    V.finite_result("W, x or b", path, total, row_dots)
    return ColumnSum(W=W, x=x, b=b, columns=W.T.copy(), scaled=scaled, path=path,
                     total=total, row_dots=row_dots)


def pixel_blobs(centres: object, n_per_class: int = 18, spread: float = 0.1,
                seed: int = 0) -> Dataset:
    """Small "images" of d pixels with brightness in [0, 1], one blob of them per class.

    Class k has ``n_per_class`` points ``clip(c_k + spread · N(0, I), 0, 1)`` drawn from
    ``numpy.random.default_rng(seed)`` class after class; ``centres`` (K, d) are the c_k.
    """
    C = _matrix("centres", centres, (None, None))
    if np.any((C < 0) | (C > 1)):
        raise ValueError(f"centres must be pixel brightnesses in [0, 1], got {V.show(C)}")
    n = V.count("n_per_class", n_per_class, 1, V.MAX_POINTS)
    V.check_elements("n_per_class", n * C.size, "pixel values")
    spread = V.finite_float("spread", spread, 0.0, 1.0)
    rng = np.random.default_rng(V.seed("seed", seed))
    X = np.concatenate([np.clip(c + spread * rng.normal(size=(n, C.shape[1])), 0.0, 1.0)
                        for c in C])
    return Dataset(name="pixels", X=X, y=np.repeat(np.arange(C.shape[0]), n))


def mse_loss_grad(W: object, X: object, y: object) -> tuple[float, np.ndarray]:
    """Mean squared distance of the scores ``W x_i`` to the one-hot targets, and its gradient.

    Returns ``(loss, dL/dW)``.

    Notes
    -----
    .. math::  L(W) = \\frac{1}{n}\\sum_{i=1}^{n} \\lVert W x_i - e_{y_i}\\rVert^2, \\qquad
               \\frac{\\partial L}{\\partial W} = \\frac{2}{n}\\sum_{i=1}^{n}
               (W x_i - e_{y_i})\\, x_i^\\top

    with ``e_k`` the k-th corner (one-hot vector) of class-score space.
    """
    W = _matrix("W", W, (None, None))
    X = _matrix("X", X, (None, W.shape[1]))
    y = _class_labels(y, X.shape[0], "W", W.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        R = X @ W.T - np.eye(W.shape[0])[y]                  # residuals W x_i − e_{y_i}
        loss = float(np.mean(np.sum(R * R, axis=1)))
        grad = 2.0 * R.T @ X / X.shape[0]
    V.finite_result("W or X", loss, grad)
    return loss, grad


def _class_labels(y: object, n: int, w_name: str, k: int) -> np.ndarray:
    """Labels of the n rows of X, each below k = the number of rows (classes) of ``w_name``."""
    y = _labels("y", y, n)
    if y.size and y.max() >= k:
        raise ValueError(f"y must hold class indices below {k}, one row of {w_name} per class "
                         f"({w_name} has {k} rows), got {int(y.max())}")
    return y


@dataclass(frozen=True)
class MSEHistory:
    """Full-batch gradient descent on :func:`mse_loss_grad`, one entry per step (0 = start).

    ``W`` (T+1, K, d) and ``loss`` (T+1,); ``best_W`` and ``best_loss`` are the least-squares
    minimum the run approaches (the lowest loss any W reaches).
    """

    W: np.ndarray
    loss: np.ndarray
    best_W: np.ndarray
    best_loss: float


def train_mse(X: object, y: object, W0: object, lr: float = 0.5, steps: int = 50) -> MSEHistory:
    """Move W's columns by gradient descent ``W ← W − lr ∂L/∂W`` on the squared distance to
    the one-hot targets (:func:`mse_loss_grad`), from ``W0`` (K, d).

    Notes
    -----
    The minimum is the least-squares solution of ``X Wᵀ ≈ Y`` (Y the one-hot targets):

    .. math::  W^\\ast = \\arg\\min_W \\frac{1}{n}\\lVert X W^\\top - Y \\rVert_F^2
    """
    W = _matrix("W0", W0, (None, None)).copy()
    X = _matrix("X", X, (None, W.shape[1]))
    y = _class_labels(y, X.shape[0], "W0", W.shape[0])
    lr = _positive("lr", lr)
    steps = V.integer("steps", steps, 0, V.MAX_TRAIN_STEPS, "dlmath's MAX_TRAIN_STEPS")
    Ws, losses = [], []
    for t in range(steps + 1):
        try:
            loss, grad = mse_loss_grad(W, X, y)
        except ValueError:
            if t == 0:
                raise ValueError("the result overflows to inf/NaN: W0 or X too large") from None
            raise ValueError(f"training diverged at step {t}: the loss overflowed (lr = {lr:g} "
                             f"too large for these X)") from None
        Ws.append(W.copy())
        losses.append(loss)
        with np.errstate(over="ignore", invalid="ignore"):
            W = W - lr * grad
        if not np.all(np.isfinite(W)):
            raise ValueError(f"training diverged at step {t + 1}: the weights overflowed "
                             f"(lr = {lr:g} too large for these X)")
    Y = np.eye(W.shape[0])[y]
    best = np.linalg.lstsq(X, Y, rcond=None)[0].T
    best_loss = float(np.mean(np.sum((X @ best.T - Y) ** 2, axis=1)))
    return MSEHistory(W=np.array(Ws), loss=np.array(losses), best_W=best, best_loss=best_loss)


@dataclass(frozen=True)
class StackedMaps:
    """Points under two stacked layers, with and without a ReLU between them, and an affine map.

    Every array is (n, 2), the images of the given points:
    ``first = W₁x``, ``second = W₂(W₁x)``, ``direct = (W₂W₁)x``,
    ``relu_first = ReLU(W₁x)``, ``relu_second = W₂ ReLU(W₁x)``, ``shifted = W₁x + b``;
    ``product = W₂W₁``; ``max_gap = max |W₂(W₁x) − (W₂W₁)x|`` (rounding only).
    """

    W1: np.ndarray
    W2: np.ndarray
    b: np.ndarray
    product: np.ndarray
    first: np.ndarray
    second: np.ndarray
    direct: np.ndarray
    relu_first: np.ndarray
    relu_second: np.ndarray
    shifted: np.ndarray
    max_gap: float


def stacked_maps(W1: object, W2: object, b: object, points: object) -> StackedMaps:
    """Two linear layers are one matrix; a ReLU between them is not; ``+ b`` is a shift.

    Parameters
    ----------
    W1, W2 : array_like, shape (2, 2)
        The two layers' matrices (applied W1 first).
    b : array_like, shape (2,)
        The bias added after W1 (the Dense layer ``W₁x + b``).
    points : array_like, shape (n, 2)
        The points to map (a grid's polylines, data).

    Notes
    -----
    .. math::  W_2 (W_1 x) = (W_2 W_1)\\, x, \\qquad
               (W_2 W_1)_{ik} = \\sum_{j} (W_2)_{ij} (W_1)_{jk}, \\qquad
               \\mathrm{ReLU}(z)_i = \\max(z_i, 0)
    """
    W1 = _matrix("W1", W1, (2, 2))
    W2 = _matrix("W2", W2, (2, 2))
    b = _matrix("b", b, (2,))
    P = _matrix("points", points, (None, 2))
    with np.errstate(over="ignore", invalid="ignore"):
        product = W2 @ W1
        first = P @ W1.T
        second = first @ W2.T
        direct = P @ product.T
        relu_first = np.maximum(first, 0.0)
        relu_second = relu_first @ W2.T
        shifted = first + b
    V.finite_result("W1, W2, b or points", product, second, direct, relu_second, shifted)
    return StackedMaps(W1=W1, W2=W2, b=b, product=product, first=first, second=second,
                       direct=direct, relu_first=relu_first, relu_second=relu_second,
                       shifted=shifted, max_gap=float(np.max(np.abs(second - direct))))


# ---------------------------------------------------------------- regularisation (issue 16)


def mlp_param_count(sizes: tuple[int, ...] | list[int]) -> int:
    """Trainable parameters of a dense network with layer widths ``sizes`` (inputs first).

    Notes
    -----
    .. math::  N = \\sum_{l=1}^{L} (n_{l-1} n_l + n_l)

    (weights plus biases of each layer), e.g. ``(2, 8, 2)``: 2·8 + 8 + 8·2 + 2 = 42.
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (list, tuple, np.ndarray)):
        raise V.ArgumentTypeError(f"sizes must be a sequence of layer widths, got {V.show(sizes)}")
    if len(sizes) < 2:
        raise ValueError(f"sizes must list >= 2 positive layer widths, got {V.show(sizes)}")
    sizes = tuple(V.count(f"sizes[{i}]", s, 1) for i, s in enumerate(sizes))
    return int(sum(a * b + b for a, b in zip(sizes, sizes[1:])))


@dataclass(frozen=True)
class L2Penalty:
    """The L2 term of the cost ``J = L + λ Σ_l ‖W_l‖²`` (weights only, not biases).

    ``sum_squares`` = Σ_l Σ_ij (W_l)_ij², ``value`` = λ · sum_squares and ``grads[l]`` =
    ∂(λ Σ‖W‖²)/∂W_l = 2λ W_l.
    """

    l2: float
    sum_squares: float
    value: float
    grads: tuple[np.ndarray, ...]


def l2_penalty(params: MLPParams, l2: float) -> L2Penalty:
    """The L2 penalty ``λ Σ_l ‖W_l‖²`` of a network and its gradient (the term
    :func:`mlp_loss_grads` and :func:`train_mlp` add to the cross-entropy).

    Notes
    -----
    .. math::  J(W) = L(W) + \\lambda \\sum_{l} \\sum_{i,j} (W_l)_{ij}^2, \\qquad
               \\frac{\\partial}{\\partial W_l}\\Big(\\lambda \\sum W^2\\Big) = 2\\lambda W_l
    """
    V.instance("params", params, MLPParams, "an MLPParams (see init_mlp)")
    l2 = _l2(l2)
    for l, W in enumerate(params.weights):
        V.array(f"params.weights[{l}]", W, ndim=2)
    with np.errstate(over="ignore", invalid="ignore"):
        ss = float(sum(float(np.sum(W * W)) for W in params.weights))
        value = l2 * ss
        grads = tuple(2.0 * l2 * W for W in params.weights)
    V.finite_result("params or l2", ss, value, *grads)
    return L2Penalty(l2=l2, sum_squares=ss, value=float(value), grads=grads)


def feature_mlp_regions(params: MLPParams, activation: str, features: tuple[str, ...] | list[str],
                        xlim: object, ylim: object,
                        resolution: int | tuple[int, int] = 100) -> Regions:
    """Decision regions in the plane of an MLP fed the features ``φ(x)`` (:func:`feature_map`).

    Notes
    -----
    .. math::  \\hat y(x) = \\arg\\max_k \\mathrm{MLP}(\\varphi(x))_k, \\quad
               \\varphi(x) = (\\varphi_1(x), \\dots, \\varphi_m(x))
    """
    activation = _activation(activation)
    features = _features(features)
    _check_params(params, len(features))
    xl, yl = _limits("xlim", xlim), _limits("ylim", ylim)
    xs, ys, pts = _grid(xl, yl, resolution)
    with _GridOverflow("params, xlim or ylim"):
        P = mlp_forward(params, feature_map(pts, features), activation).probs
    shape = (ys.size, xs.size)
    top = P[:, 1] if P.shape[1] == 2 else P.max(axis=1)
    return Regions(xs=xs, ys=ys, labels=np.argmax(P, 1).reshape(shape), probs=top.reshape(shape))


@dataclass(frozen=True)
class DropoutScaling:
    """Inverted dropout on one unit of activation ``a``, in both conventions.

    ``keep_prob`` (TensorFlow 1's ``keep_prob``, the lecture notes' 0.7) and
    ``drop_prob = 1 − keep_prob`` (Keras' and PyTorch's rate ``p``); a kept unit is
    multiplied by ``scale = 1 / keep_prob`` during training, so ``kept_value = a / keep``
    and the training-time mean ``expected = keep · a / keep + (1 − keep) · 0`` equals
    ``a``, the evaluation value; without the scaling the mean would be
    ``expected_unscaled = keep · a``.
    """

    keep_prob: float
    drop_prob: float
    scale: float
    activation: float
    kept_value: float
    expected: float
    expected_unscaled: float


def dropout_scaling(keep_prob: float, activation: float = 1.0) -> DropoutScaling:
    """Why inverted dropout divides by the keep probability: the numbers for one unit.

    Notes
    -----
    .. math::  m \\sim \\mathrm{Bernoulli}(k), \\quad \\tilde a = \\frac{m}{k} a, \\quad
               \\mathbb{E}[\\tilde a] = k \\cdot \\frac{a}{k} + (1 - k) \\cdot 0 = a,
               \\quad p = 1 - k
    """
    keep = V.finite_float("keep_prob", keep_prob, 0.0, 1.0, low_open=True)
    a = V.finite_float("activation", activation)
    with np.errstate(over="ignore", invalid="ignore"):
        scale = 1.0 / keep
        kept = a * scale
        expected = keep * kept + (1.0 - keep) * 0.0
    V.finite_result("keep_prob or activation", scale, kept, expected)
    return DropoutScaling(keep_prob=keep, drop_prob=1.0 - keep, scale=scale, activation=a,
                          kept_value=kept, expected=expected, expected_unscaled=keep * a)


@dataclass(frozen=True)
class EnsembleResult:
    """M networks and their average on the same points.

    ``member_probs`` (M, n, K) softmax outputs; ``probs`` (n, K) their mean;
    ``member_loss``, ``member_acc`` (M,) each network's mean cross-entropy and accuracy,
    ``mean_member_loss``, ``mean_member_acc`` their averages over the members;
    ``loss``, ``acc`` the ensemble's.
    """

    member_probs: np.ndarray
    probs: np.ndarray
    member_loss: np.ndarray
    member_acc: np.ndarray
    mean_member_loss: float
    mean_member_acc: float
    loss: float
    acc: float


def _members(members: object) -> tuple[MLPParams, ...]:
    if not isinstance(members, (list, tuple)):
        raise V.ArgumentTypeError(f"members must be a tuple of MLPParams, got {V.show(members)}")
    if len(members) == 0:
        raise ValueError("members must hold at least one network")
    for i, m in enumerate(members):
        V.instance(f"members[{i}]", m, MLPParams, "an MLPParams (see init_mlp)")
    return tuple(members)


def _ensemble_probs(members: tuple[MLPParams, ...], X: np.ndarray, activation: str) -> np.ndarray:
    out = []
    for i, m in enumerate(members):
        try:
            _check_params(m, X.shape[1])
        except ValueError as e:
            raise ValueError(f"members[{i}]: {e}") from None
        out.append(mlp_forward(m, X, activation).probs)
    return np.array(out)


def ensemble_eval(members: tuple[MLPParams, ...] | list[MLPParams], X: object, y: object,
                  activation: str = "tanh") -> EnsembleResult:
    """Average the predicted probabilities of several networks (an ensemble) and score it.

    Notes
    -----
    .. math::  \\bar p(x) = \\frac{1}{M} \\sum_{m=1}^{M} p_m(x), \\qquad
               L = -\\frac{1}{n} \\sum_i \\log \\bar p_{y_i}(x_i)
               \\le \\frac{1}{M} \\sum_m L_m

    (the inequality is Jensen's, ``−log`` being convex: the ensemble's loss is never
    above its members' mean loss).
    """
    members = _members(members)
    activation = _activation(activation)
    X = _matrix("X", X, (None, None))
    K = members[0].weights[-1].shape[0]
    y = _labels("y", y, X.shape[0], K)
    Pm = _ensemble_probs(members, X, activation)
    if Pm.shape[2] != K:
        raise ValueError(f"members must all have {K} outputs, got shapes {[m.sizes for m in members]}")
    P = Pm.mean(axis=0)
    losses = np.array([_cross_entropy(p, y) for p in Pm])
    accs = np.array([float(np.mean(np.argmax(p, 1) == y)) for p in Pm])
    return EnsembleResult(
        member_probs=Pm, probs=P, member_loss=losses, member_acc=accs,
        mean_member_loss=float(losses.mean()), mean_member_acc=float(accs.mean()),
        loss=_cross_entropy(P, y), acc=float(np.mean(np.argmax(P, 1) == y)))


def ensemble_regions(members: tuple[MLPParams, ...] | list[MLPParams], activation: str,
                     xlim: object, ylim: object,
                     resolution: int | tuple[int, int] = 100) -> Regions:
    """The decision regions of an ensemble: ``argmax`` of the members' mean probabilities.

    Notes
    -----
    .. math::  \\hat y(x) = \\arg\\max_k \\frac{1}{M} \\sum_{m} p_{m,k}(x)
    """
    members = _members(members)
    activation = _activation(activation)
    xl, yl = _limits("xlim", xlim), _limits("ylim", ylim)
    xs, ys, pts = _grid(xl, yl, resolution)
    with _GridOverflow("members, xlim or ylim"):
        P = _ensemble_probs(members, pts, activation).mean(axis=0)
    shape = (ys.size, xs.size)
    top = P[:, 1] if P.shape[1] == 2 else P.max(axis=1)
    return Regions(xs=xs, ys=ys, labels=np.argmax(P, 1).reshape(shape), probs=top.reshape(shape))
