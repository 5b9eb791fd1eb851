"""Gradient descent and its relatives, computed exactly.

Cost functions are sympy expressions; their gradients and Hessians come from
``sympy.diff`` and are lambdified to numpy, vectorized over points. The optimizers
iterate a gradient callable and return every iterate:

.. math::  w_{k+1} = w_k - \\alpha\\, \\nabla \\mathrm{cost}(w_k), \\qquad k = 0, \\dots, K-1

For a quadratic cost with Hessian :math:`H` the behaviour of gradient descent is
decided by the eigenvalues :math:`\\lambda` of :math:`H`: along each eigen-direction the
error is multiplied by :math:`1 - \\alpha\\lambda` per step, so it converges iff
:math:`0 < \\alpha\\lambda < 2` for every :math:`\\lambda` (:func:`lr_regime`,
:func:`max_stable_lr`, :func:`optimal_lr`, :func:`momentum_optimal`).

Stochastic (mini-batch) gradient descent on linear regression (:func:`sgd`) takes
:math:`\\lceil n / B \\rceil` steps per epoch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import sympy as sp

from dlmath import _validate as V

__all__ = [
    "REGIMES",
    "CostFunction",
    "Trajectory",
    "SGDRun",
    "make_cost",
    "regression_cost_1d",
    "linear_regression_cost",
    "linear_regression_quadratic",
    "quadratic_cost",
    "rosenbrock",
    "himmelblau",
    "HIMMELBLAU_MINIMA",
    "quadratic_level_curve",
    "rosenbrock_level_curve",
    "tangent_segment",
    "gradient_descent",
    "momentum",
    "nesterov",
    "rmsprop",
    "adam",
    "linear_data",
    "steps_per_epoch",
    "total_steps",
    "sgd",
    "contraction_factors",
    "LRAnalysis",
    "analyze_lr",
    "lr_regime",
    "max_stable_lr",
    "optimal_lr",
    "optimal_rate",
    "momentum_optimal",
    "condition_number",
    "gd_cost_bound",
]

REGIMES: tuple[str, ...] = ("monotone", "oscillating", "marginal", "diverging")
"""Regimes of gradient descent on a quadratic, see :func:`lr_regime`."""


# ----------------------------------------------------------------- validation


def _positive(name: str, value: object) -> float:
    return V.positive(name, value)


def _unit_interval(name: str, value: object) -> float:
    return V.finite_float(name, value, 0.0, 1.0, high_open=True)


def _count(name: str, value: object, minimum: int) -> int:
    return V.count(name, value, minimum)


def _start(x0: object, name: str = "x0") -> np.ndarray:
    x = np.atleast_1d(V.array(name, x0, ndim=(0, 1)))
    return x


def _hessian(hessian: object) -> np.ndarray:
    h = np.atleast_2d(V.array("hessian", hessian, ndim=(0, 1, 2)))
    if h.ndim != 2 or h.shape[0] != h.shape[1]:
        raise ValueError(f"hessian must be a square matrix, got shape {h.shape}")
    if not np.allclose(h, h.T, rtol=1e-12, atol=1e-12):
        raise ValueError(f"hessian must be symmetric, got {h.tolist()}")
    return h


def _eigenvalues(hessian: object) -> np.ndarray:
    return np.linalg.eigvalsh(_hessian(hessian))


def _positive_definite(hessian: object) -> np.ndarray:
    lam = _eigenvalues(hessian)
    if lam[0] <= 0:
        raise ValueError(f"hessian must be positive definite, got eigenvalues {lam.tolist()}")
    return lam


# ----------------------------------------------------------------- cost functions


@dataclass(frozen=True)
class CostFunction:
    """A differentiable cost: sympy expression, gradient, Hessian, and fast numpy versions.

    Attributes
    ----------
    name : str
    symbols : tuple of sympy.Symbol
        The parameters, in order (the last axis of every point).
    expr : sympy.Expr
        ``cost(w)``.
    gradient : tuple of sympy.Expr
        ``∂cost/∂w_i`` from ``sympy.diff``.
    hessian_expr : sympy.Matrix
        ``∂²cost/∂w_i∂w_j``.
    """

    name: str
    symbols: tuple
    expr: sp.Expr
    gradient: tuple
    hessian_expr: sp.Matrix
    _f: Callable = field(repr=False, compare=False)
    _g: tuple = field(repr=False, compare=False)
    _h: tuple = field(repr=False, compare=False)

    @property
    def dim(self) -> int:
        return len(self.symbols)

    def _points(self, w: object) -> np.ndarray:
        arr = V.array("w", w, nonempty=False)
        if self.dim == 1 and (arr.ndim == 0 or arr.shape[-1] != 1):
            arr = arr[..., None]
        if arr.ndim == 0 or arr.shape[-1] != self.dim:
            raise ValueError(f"w must have last axis {self.dim} for {self.name}, got shape {arr.shape}")
        return arr

    def _eval(self, fn: Callable, pts: np.ndarray) -> np.ndarray:
        out = fn(*(pts[..., i] for i in range(self.dim)))
        return np.broadcast_to(np.asarray(out, dtype=float), pts.shape[:-1]).copy()

    def value(self, w: object) -> np.ndarray:
        """``cost(w)`` for points ``w`` of shape ``(..., dim)`` → shape ``(...)``."""
        pts = self._points(w)
        with np.errstate(over="ignore", invalid="ignore"):
            out = self._eval(self._f, pts)
        V.finite_result("w", out)
        return out

    def grad(self, w: object) -> np.ndarray:
        """``∇cost(w)``, shape ``(..., dim)`` (a 1-D cost also takes scalars)."""
        pts = self._points(w)
        return np.stack([self._eval(g, pts) for g in self._g], axis=-1)

    def hessian(self, w: object) -> np.ndarray:
        """``∇²cost(w)``, shape ``(..., dim, dim)``."""
        pts = self._points(w)
        rows = [np.stack([self._eval(h, pts) for h in row], axis=-1) for row in self._h]
        return np.stack(rows, axis=-2)

    def stationary_points(self) -> np.ndarray:
        """Real solutions of ``∇cost = 0`` by ``sympy.solve``, shape ``(n, dim)``.

        Exact for the polynomial costs here with finitely many stationary points
        (the seed's cost, linear regression, quadratics, Rosenbrock).
        """
        sols = sp.solve(list(self.gradient), list(self.symbols), dict=True)
        pts = [[complex(sp.N(sol[s])) for s in self.symbols] for sol in sols
               if all(s in sol for s in self.symbols)]
        real = [[z.real for z in p] for p in pts if all(abs(z.imag) < 1e-12 for z in p)]
        return np.array(real, dtype=float).reshape(len(real), self.dim)

    def latex(self) -> str:
        """The cost in LaTeX, factored (``\\frac{14 (W - 1)^2}{3}``)."""
        return sp.latex(sp.factor(self.expr))

    def gradient_latex(self) -> tuple[str, ...]:
        """Each gradient component in LaTeX, factored (``\\frac{28 (W - 1)}{3}``)."""
        return tuple(sp.latex(sp.factor(g)) for g in self.gradient)


def make_cost(name: str, symbols: tuple, expr: sp.Expr) -> CostFunction:
    """Build a :class:`CostFunction` from a sympy expression in ``symbols``.

    Gradient and Hessian are ``sympy.diff`` of ``expr``; all three are lambdified.
    """
    V.instance("name", name, str, "a string")
    if not isinstance(symbols, (list, tuple)) or not symbols \
            or not all(isinstance(s, sp.Symbol) for s in symbols):
        raise V.ArgumentTypeError(f"symbols must be a non-empty tuple of sympy Symbols, got {V.show(symbols)}")
    symbols = tuple(symbols)
    if not isinstance(expr, sp.Expr) or expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        raise V.ArgumentTypeError(f"expr must be a finite sympy expression, got {V.show(expr)}")
    if expr.free_symbols - set(symbols):
        raise ValueError(f"expr uses {sorted(map(str, expr.free_symbols - set(symbols)))} which are "
                         f"not in symbols {symbols}")
    grad = tuple(sp.expand(sp.diff(expr, s)) for s in symbols)
    hess = sp.Matrix([[sp.expand(sp.diff(g, s)) for s in symbols] for g in grad])
    lam = lambda e: sp.lambdify(symbols, e, "numpy")  # noqa: E731
    return CostFunction(name=name, symbols=symbols, expr=expr, gradient=grad, hessian_expr=hess,
                        _f=lam(expr), _g=tuple(lam(g) for g in grad),
                        _h=tuple(tuple(lam(h) for h in hess.row(i)) for i in range(len(symbols))))


def _data(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    xa = V.array("x", x, ndim=1, max_size=V.MAX_STEPS)
    ya = V.array("y", y, nonempty=False)
    if ya.shape != xa.shape:
        raise ValueError(f"y must have the shape of x {xa.shape}, got {ya.shape}")
    with np.errstate(over="ignore"):
        if not (np.isfinite(np.sum(xa * xa)) and np.isfinite(np.sum(ya * ya))):
            raise ValueError("x and y are too large: their squares overflow (the cost is not finite)")
    return xa, ya


def _exact(v: float) -> sp.Expr:
    return sp.nsimplify(float(v), rational=True)


def regression_cost_1d(x: object = (1.0, 2.0, 3.0), y: object = (1.0, 2.0, 3.0)) -> CostFunction:
    """The seed's cost of the line ``H(x) = W x`` (no bias), one parameter ``W``.

    Notes
    -----
    .. math::  \\mathrm{cost}(W) = \\frac{1}{m} \\sum_{i=1}^{m} (W x_i - y_i)^2,
               \\qquad \\frac{d\\,\\mathrm{cost}}{dW} = \\frac{2}{m} \\sum_{i=1}^{m} (W x_i - y_i)\\, x_i

    With ``x = y = [1, 2, 3]``: ``cost(W) = 14 (W − 1)² / 3``, minimum at ``W = 1``.
    """
    xa, ya = _data(x, y)
    W = sp.Symbol("W")
    m = xa.size
    expr = sp.Rational(1, m) * sum((W * _exact(a) - _exact(b)) ** 2 for a, b in zip(xa, ya))
    return make_cost("regression_1d", (W,), sp.expand(expr))


def linear_regression_cost(x: object, y: object) -> CostFunction:
    """Mean squared error of the line ``H(x) = W x + b``, parameters ``(W, b)``.

    Notes
    -----
    .. math::  \\mathrm{cost}(W, b) = \\frac{1}{m} \\sum_{i=1}^{m} (W x_i + b - y_i)^2
    """
    xa, ya = _data(x, y)
    W, b = sp.symbols("W b")
    m = xa.size
    expr = sp.Rational(1, m) * sum((W * _exact(a) + b - _exact(c)) ** 2 for a, c in zip(xa, ya))
    return make_cost("linear_regression", (W, b), sp.expand(expr))


def linear_regression_quadratic(x: object, y: object) -> tuple[np.ndarray, np.ndarray, float]:
    """The MSE of ``W x + b`` written as ``½ (w − w*)ᵀ H (w − w*) + cost*``.

    Returns
    -------
    hessian : (2, 2) ndarray
        :math:`H = \\frac{2}{m} \\begin{pmatrix} \\sum x_i^2 & \\sum x_i \\\\ \\sum x_i & m \\end{pmatrix}`.
    minimizer : (2,) ndarray
        The least-squares ``(W*, b*)`` (solves the normal equations).
    min_cost : float
        ``cost(W*, b*)``.
    """
    xa, ya = _data(x, y)
    m = xa.size
    a = np.column_stack([xa, np.ones(m)])
    hess = 2.0 / m * (a.T @ a)
    if np.linalg.matrix_rank(a) < 2:
        raise ValueError(f"x must have at least two distinct values, got {xa.tolist()}")
    w_star = np.linalg.solve(a.T @ a, a.T @ ya)
    r = a @ w_star - ya
    return hess, w_star, float(r @ r / m)


def quadratic_cost(hessian: object, center: object | None = None, offset: float = 0.0,
                   name: str = "quadratic") -> CostFunction:
    """The quadratic bowl ``½ (w − c)ᵀ H (w − c) + offset`` in ``(w1, w2, …)``.

    Notes
    -----
    .. math::  \\mathrm{cost}(w) = \\tfrac12 (w - c)^\\top H (w - c) + f_0,
               \\qquad \\nabla \\mathrm{cost} = H (w - c), \\qquad \\nabla^2 \\mathrm{cost} = H
    """
    h = _hessian(hessian)
    n = h.shape[0]
    c = np.zeros(n) if center is None else V.array("center", center)
    if c.shape != (n,):
        raise ValueError(f"center must have shape ({n},) like hessian {h.shape}, got {c.shape}")
    offset = V.finite_float("offset", offset)
    V.instance("name", name, str, "a string")
    ws = sp.symbols(f"w1:{n + 1}")
    d = sp.Matrix([w - _exact(ci) for w, ci in zip(ws, c)])
    hm = sp.Matrix(n, n, [_exact(v) for v in h.ravel()])
    expr = sp.expand(sp.Rational(1, 2) * (d.T * hm * d)[0, 0] + _exact(offset))
    return make_cost(name, ws, expr)


def rosenbrock(a: float = 1.0, b: float = 100.0) -> CostFunction:
    """Rosenbrock's banana valley ``(a − x)² + b (y − x²)²``, minimum 0 at ``(a, a²)``."""
    x, y = sp.symbols("x y")
    a = V.finite_float("a", a)
    expr = (_exact(a) - x) ** 2 + _exact(_positive("b", b)) * (y - x ** 2) ** 2
    return make_cost("rosenbrock", (x, y), expr)


HIMMELBLAU_MINIMA: np.ndarray = np.array([
    [3.0, 2.0],
    [-2.805118, 3.131312],
    [-3.779310, -3.283186],
    [3.584428, -1.848126],
])
"""Himmelblau's four minima (cost 0), as published (Himmelblau 1972; Wikipedia's table)."""


def himmelblau() -> CostFunction:
    """Himmelblau's function ``(x² + y − 11)² + (x + y² − 7)²``: four minima, all with cost 0."""
    x, y = sp.symbols("x y")
    return make_cost("himmelblau", (x, y), (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2)


def quadratic_level_curve(hessian: object, level: float, center: object | None = None,
                          offset: float = 0.0, n: int = 200) -> np.ndarray:
    """Closed curve ``{w : ½ (w − c)ᵀ H (w − c) + offset = level}``, ``n`` points (closed).

    With ``H = Q diag(λ) Qᵀ``: ``w(θ) = c + Q [√(2ℓ/λ₁) cos θ, √(2ℓ/λ₂) sin θ]``,
    ``ℓ = level − offset``. 2-D, positive definite ``H`` only.
    """
    h = _hessian(hessian)
    if h.shape != (2, 2):
        raise ValueError(f"hessian must be 2x2 for a level curve, got shape {h.shape}")
    lam, q = np.linalg.eigh(h)
    if lam[0] <= 0:
        raise ValueError(f"hessian must be positive definite, got eigenvalues {lam.tolist()}")
    level, offset = V.finite_float("level", level), V.finite_float("offset", offset)
    ell = level - offset
    if not ell > 0:
        raise ValueError(f"level must exceed the minimum offset = {offset}, got {level}")
    if not math.isfinite(ell):
        raise ValueError(f"level - offset must be finite, got level={level}, offset={offset}")
    n = _count("n", n, 3)
    c = np.zeros(2) if center is None else V.array("center", center, shape=(2,))
    theta = np.linspace(0.0, 2 * np.pi, n)
    with np.errstate(over="ignore", invalid="ignore"):
        radii = np.sqrt(2 * ell / lam)
        out = c + (np.column_stack([radii[0] * np.cos(theta), radii[1] * np.sin(theta)]) @ q.T)
    V.finite_result("level, offset or center", out)
    return out


def rosenbrock_level_curve(level: float, a: float = 1.0, b: float = 100.0, n: int = 400) -> np.ndarray:
    """Closed curve ``{(x, y) : (a − x)² + b (y − x²)² = level}``, ``n`` points.

    Exact parametrization: ``x = a − √L cos θ``, ``y = x² + √(L/b) sin θ``, θ ∈ [0, 2π].
    """
    L = _positive("level", level)
    b = _positive("b", b)
    a = V.finite_float("a", a)
    n = _count("n", n, 3)
    theta = np.linspace(0.0, 2 * np.pi, n)
    x = a - np.sqrt(L) * np.cos(theta)
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.column_stack([x, x ** 2 + np.sqrt(L / b) * np.sin(theta)])
    V.finite_result("a or level", out)
    return out


def tangent_segment(cost: CostFunction, w: float, half_width: float) -> np.ndarray:
    """The tangent of a 1-D cost at ``w``, from ``w − half_width`` to ``w + half_width``.

    Returns ``[[w0, c0], [w1, c1]]`` on the line ``cost(w) + cost'(w) (v − w)``.
    """
    V.instance("cost", cost, CostFunction, "a CostFunction")
    if cost.dim != 1:
        raise ValueError(f"cost must be 1-D for a tangent, got dim {cost.dim}")
    w = V.finite_float("w", w)
    half_width = V.positive("half_width", half_width)
    with np.errstate(over="ignore", invalid="ignore"):
        c, g = float(cost.value(w)), float(cost.grad(w)[0])
        v = np.array([w - half_width, w + half_width])
        out = np.column_stack([v, c + g * (v - w)])
    if not np.all(np.isfinite(out)):
        raise ValueError(f"w = {w:g} or half_width = {half_width:g} are too large: the tangent "
                         f"overflows")
    return out


# ----------------------------------------------------------------- optimizers


@dataclass(frozen=True)
class Trajectory:
    """Iterates of an optimizer.

    Attributes
    ----------
    method : str
    points : ndarray, shape (K + 1, dim)
        ``w_0 … w_K``; ``K = steps`` unless the run diverged.
    grads : ndarray, shape (K, dim)
        The gradient each step used (Nesterov: at its look-ahead point).
    lr : float
    diverged : bool
        True when an iterate left ``‖w‖∞ ≤ bound`` or stopped being finite.
    diverged_at : int or None
        The first step ``k`` with ``‖w_k‖∞ > bound``; the run stops there. ``points``
        ends with that iterate when it is finite (never with NaN or inf).
    """

    method: str
    points: np.ndarray
    grads: np.ndarray
    lr: float
    diverged: bool
    diverged_at: int | None

    @property
    def steps(self) -> int:
        return len(self.points) - 1


def _iterate(method: str, grad: Callable, x0: object, lr: float, steps: int, bound: float,
             update: Callable[[int, np.ndarray, Callable[[np.ndarray], np.ndarray]],
                              tuple[np.ndarray, np.ndarray]]) -> Trajectory:
    if not callable(grad):
        raise V.ArgumentTypeError(f"grad must be a callable w -> gradient, got {V.show(grad)}")
    x = _start(x0)
    lr = _positive("lr", lr)
    steps = V.steps("steps", steps)
    bound = _positive("bound", bound)

    def g_at(p: np.ndarray) -> np.ndarray:
        try:
            out = np.asarray(grad(p))
        except Exception as err:  # noqa: BLE001 - the caller's function: say where it failed
            raise ValueError(f"grad failed at a point of shape {x.shape} (x0 = {V.show(x0)}): "
                             f"{type(err).__name__}: {err}") from err
        if out.dtype.kind not in "biuf" or out.size != x.size:
            raise ValueError(f"grad must return a real gradient of shape {x.shape}, got {V.show(out)}")
        return out.astype(float).reshape(x.shape)

    points, grads = [x], []
    diverged_at = None
    for k in range(steps):
        with np.errstate(over="ignore", invalid="ignore"):  # reported below, never kept
            new, g = update(k, points[-1], g_at)
        grads.append(g)
        if not np.all(np.isfinite(new)):
            diverged_at = k + 1
            grads.pop()
            break
        points.append(new)
        if np.max(np.abs(new)) > bound:
            diverged_at = k + 1
            break
    dim = x.size
    return Trajectory(method=method, points=np.array(points),
                      grads=np.array(grads).reshape(len(grads), dim), lr=lr,
                      diverged=diverged_at is not None, diverged_at=diverged_at)


def gradient_descent(grad: Callable, x0: object, lr: float, steps: int,
                     bound: float = 1e6) -> Trajectory:
    """Plain gradient descent.

    Parameters
    ----------
    grad : callable
        ``grad(w) -> ∇cost(w)`` for a point ``w`` of shape ``(dim,)``
        (e.g. :meth:`CostFunction.grad`).
    x0 : array_like
        Finite start point.
    lr : float
        Learning rate α > 0.
    steps : int
        Number of steps K ≥ 0.
    bound : float
        A run whose iterate leaves ``‖w‖∞ ≤ bound`` is stopped and reported diverged.

    Notes
    -----
    .. math::  w_{k+1} = w_k - \\alpha\\, \\nabla \\mathrm{cost}(w_k)
    """
    def update(k, x, g_at):
        g = g_at(x)
        return x - lr * g, g
    return _iterate("gd", grad, x0, lr, steps, bound, update)


def momentum(grad: Callable, x0: object, lr: float, steps: int, beta: float = 0.9,
             bound: float = 1e6) -> Trajectory:
    """Gradient descent with (heavy-ball) momentum, in Goh's (Distill 2017) form.

    Notes
    -----
    .. math::  z_{k+1} = \\beta z_k + \\nabla \\mathrm{cost}(w_k), \\qquad
               w_{k+1} = w_k - \\alpha z_{k+1}, \\qquad z_0 = 0
    """
    beta = _unit_interval("beta", beta)
    z = [None]

    def update(k, x, g_at):
        g = g_at(x)
        z[0] = g if z[0] is None else beta * z[0] + g
        return x - lr * z[0], g
    return _iterate("momentum", grad, x0, lr, steps, bound, update)


def nesterov(grad: Callable, x0: object, lr: float, steps: int, beta: float = 0.9,
             bound: float = 1e6) -> Trajectory:
    """Nesterov's accelerated gradient (Sutskever et al. 2013, eq. 3-4).

    Notes
    -----
    .. math::  v_{k+1} = \\beta v_k - \\alpha \\nabla \\mathrm{cost}(w_k + \\beta v_k), \\qquad
               w_{k+1} = w_k + v_{k+1}, \\qquad v_0 = 0
    """
    beta = _unit_interval("beta", beta)
    v = [None]

    def update(k, x, g_at):
        if v[0] is None:
            v[0] = np.zeros_like(x)
        g = g_at(x + beta * v[0])
        v[0] = beta * v[0] - lr * g
        return x + v[0], g
    return _iterate("nesterov", grad, x0, lr, steps, bound, update)


def rmsprop(grad: Callable, x0: object, lr: float, steps: int, rho: float = 0.9,
            eps: float = 1e-8, bound: float = 1e6) -> Trajectory:
    """RMSProp (Hinton, Coursera lecture 6e, 2012), ε outside the root as in PyTorch.

    Notes
    -----
    .. math::  s_{k+1} = \\rho s_k + (1 - \\rho) g_k^2, \\qquad
               w_{k+1} = w_k - \\alpha \\frac{g_k}{\\sqrt{s_{k+1}} + \\varepsilon}, \\qquad s_0 = 0
    """
    rho = _unit_interval("rho", rho)
    eps = _positive("eps", eps)
    s = [None]

    def update(k, x, g_at):
        g = g_at(x)
        s[0] = (1 - rho) * g * g if s[0] is None else rho * s[0] + (1 - rho) * g * g
        return x - lr * g / (np.sqrt(s[0]) + eps), g
    return _iterate("rmsprop", grad, x0, lr, steps, bound, update)


def adam(grad: Callable, x0: object, lr: float, steps: int, beta1: float = 0.9,
         beta2: float = 0.999, eps: float = 1e-8, bound: float = 1e6) -> Trajectory:
    """Adam with bias correction (Kingma & Ba 2015, Algorithm 1).

    Notes
    -----
    .. math::  m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t, \\quad
               v_t = \\beta_2 v_{t-1} + (1-\\beta_2) g_t^2, \\quad
               \\hat m_t = \\frac{m_t}{1-\\beta_1^t}, \\quad \\hat v_t = \\frac{v_t}{1-\\beta_2^t}, \\quad
               w_t = w_{t-1} - \\alpha \\frac{\\hat m_t}{\\sqrt{\\hat v_t} + \\varepsilon}

    with ``m_0 = v_0 = 0`` and ``t = 1, 2, …``.
    """
    beta1 = _unit_interval("beta1", beta1)
    beta2 = _unit_interval("beta2", beta2)
    eps = _positive("eps", eps)
    state: dict[str, np.ndarray] = {}

    def update(k, x, g_at):
        t = k + 1
        g = g_at(x)
        m = (1 - beta1) * g + beta1 * state.get("m", 0.0)
        v = (1 - beta2) * g * g + beta2 * state.get("v", 0.0)
        state["m"], state["v"] = m, v
        m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
        return x - lr * m_hat / (np.sqrt(v_hat) + eps), g
    return _iterate("adam", grad, x0, lr, steps, bound, update)


# ----------------------------------------------------------------- SGD on linear regression


def linear_data(n: int, w: float, b: float, noise: float, seed: int,
                x_range: tuple[float, float] = (-1.0, 1.0)) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points ``y = w x + b + noise·ε``, ``x`` uniform on ``x_range``, ``ε ~ N(0, 1)``."""
    n = _count("n", n, 2)
    noise = V.finite_float("noise", noise, low=0.0)
    w, b = V.finite_float("w", w), V.finite_float("b", b)
    xr = V.array("x_range", x_range, shape=(2,))
    if not xr[0] < xr[1]:
        raise ValueError(f"x_range must be (low, high) with low < high, got {V.show(x_range)}")
    rng = np.random.default_rng(V.seed("seed", seed))
    x = rng.uniform(*xr, size=n)
    with np.errstate(over="ignore", invalid="ignore"):
        y = w * x + b + noise * rng.standard_normal(n)
    if not np.all(np.isfinite(y)):
        raise ValueError("w, b, noise or x_range are too large: y overflows")
    return x, y


def steps_per_epoch(n: int, batch_size: int) -> int:
    """``⌈n / B⌉``: one step per mini-batch, the last one possibly smaller."""
    n = _count("n", n, 1)
    batch_size = _count("batch_size", batch_size, 1)
    if batch_size > n:
        raise ValueError(f"batch_size must be between 1 and n = {n}, got {batch_size}")
    return -(-n // batch_size)


def total_steps(n: int, batch_size: int, epochs: int) -> int:
    """``⌈n / B⌉ · epochs`` parameter updates."""
    return steps_per_epoch(n, batch_size) * V.steps("epochs", epochs, 1)


@dataclass(frozen=True)
class SGDRun:
    """Mini-batch SGD on ``cost(W, b) = mean (W x + b − y)²``.

    Attributes
    ----------
    params : ndarray, shape (steps + 1, 2)
        ``(W, b)`` before the first and after every step.
    loss : ndarray, shape (steps + 1,)
        The full-data cost at each ``params`` row.
    batch_loss : ndarray, shape (steps,)
        The cost on the mini-batch each step used, before the step.
    epoch, batch : ndarray of int, shape (steps,)
        Which epoch (0-based) and which batch within it each step was.
    batches : tuple of ndarray
        The (sorted) data indices of every step's mini-batch.
    batch_size, epochs, steps_per_epoch : int
    diverged : bool
        True when an iterate left ``‖(W, b)‖∞ ≤ bound`` or stopped being finite (as
        :class:`Trajectory` reports it for the other optimizers).
    diverged_at : int or None
        The step at which that happened; the run stops there and ``params`` ends with
        that iterate when it is finite (never with NaN or inf).
    """

    params: np.ndarray
    loss: np.ndarray
    batch_loss: np.ndarray
    epoch: np.ndarray
    batch: np.ndarray
    batches: tuple
    batch_size: int
    epochs: int
    steps_per_epoch: int
    diverged: bool = False
    diverged_at: int | None = None

    @property
    def steps(self) -> int:
        return len(self.params) - 1


def _mse(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mean squared error for parameter rows ``(..., 2)``, vectorized over rows."""
    p = np.asarray(params, dtype=float)
    r = p[..., :1] * x + p[..., 1:] - y
    return np.mean(r * r, axis=-1)


def sgd(x: object, y: object, batch_size: int, epochs: int, lr: float, seed: int,
        w0: object = (0.0, 0.0), bound: float = 1e6) -> SGDRun:
    """Mini-batch stochastic gradient descent on linear regression ``H(x) = W x + b``.

    Each epoch shuffles the data with ``numpy.random.default_rng(seed)`` and cuts it into
    ``⌈n/B⌉`` consecutive batches (the last one holds the remainder); each batch is one step.

    Notes
    -----
    .. math::  \\begin{pmatrix} W \\\\ b \\end{pmatrix} \\leftarrow
               \\begin{pmatrix} W \\\\ b \\end{pmatrix} - \\alpha \\frac{2}{|B|}
               \\sum_{i \\in B} (W x_i + b - y_i) \\begin{pmatrix} x_i \\\\ 1 \\end{pmatrix}

    With ``batch_size = n`` every batch is the whole data set: full-batch gradient descent.
    A run whose iterate leaves ``‖(W, b)‖∞ ≤ bound`` (or stops being finite) is stopped and
    reported ``diverged``, like :func:`gradient_descent`.
    """
    xa, ya = _data(x, y)
    n = xa.size
    per_epoch = steps_per_epoch(n, batch_size)
    batch_size = int(batch_size)
    epochs = V.steps("epochs", epochs, 1)
    if per_epoch * epochs > V.MAX_STEPS:
        raise ValueError(f"epochs = {epochs} with {per_epoch} batches per epoch exceeds dlmath's "
                         f"MAX_STEPS = {V.MAX_STEPS} steps")
    lr = _positive("lr", lr)
    bound = _positive("bound", bound)
    p = _start(w0, "w0")
    if p.shape != (2,):
        raise ValueError(f"w0 must be (W, b), got {p.tolist()}")
    rng = np.random.default_rng(V.seed("seed", seed))
    params, batch_loss, ep, bt, batches = [p], [], [], [], []
    diverged_at = None
    for e in range(epochs):
        order = rng.permutation(n)
        for j in range(per_epoch):
            idx = np.sort(order[j * batch_size:(j + 1) * batch_size])
            xb, yb = xa[idx], ya[idx]
            with np.errstate(over="ignore", invalid="ignore"):  # reported below, never kept
                r = params[-1][0] * xb + params[-1][1] - yb
                g = 2.0 / idx.size * np.array([r @ xb, r.sum()])
                new = params[-1] - lr * g
                bl = float(r @ r / idx.size)
            if not (np.all(np.isfinite(new)) and np.isfinite(bl)):
                diverged_at = len(params)
                break
            params.append(new)
            batch_loss.append(bl)
            ep.append(e)
            bt.append(j)
            batches.append(idx)
            if np.max(np.abs(new)) > bound:
                diverged_at = len(params) - 1
                break
        if diverged_at is not None:
            break
    pa = np.array(params)
    with np.errstate(over="ignore", invalid="ignore"):
        loss = _mse(pa, xa, ya)
    if not np.all(np.isfinite(loss)):  # the full-data cost overflows before the batch's did
        keep = int(np.argmax(~np.isfinite(loss)))
        diverged_at = keep if diverged_at is None else min(diverged_at, keep)
        pa, loss = pa[:keep], loss[:keep]
        del batch_loss[keep - 1:], ep[keep - 1:], bt[keep - 1:], batches[keep - 1:]
    return SGDRun(params=pa, loss=loss, batch_loss=np.array(batch_loss),
                  epoch=np.array(ep, dtype=int), batch=np.array(bt, dtype=int),
                  batches=tuple(batches), batch_size=batch_size, epochs=epochs,
                  steps_per_epoch=per_epoch, diverged=diverged_at is not None,
                  diverged_at=diverged_at)


# ----------------------------------------------------------------- quadratic theory


def contraction_factors(lr: float, hessian: object) -> np.ndarray:
    """``1 − α λ`` for each eigenvalue λ of ``H`` (ascending λ).

    On ``½ (w − c)ᵀ H (w − c)`` gradient descent multiplies the error's component along
    each eigenvector by its factor every step: ``w_k − c = Q diag((1 − αλ)^k) Qᵀ (w_0 − c)``.
    """
    lr, lam = _positive("lr", lr), _eigenvalues(hessian)
    with np.errstate(over="ignore", invalid="ignore"):
        out = 1.0 - lr * lam
    V.finite_result("lr or hessian", out)
    return out


@dataclass(frozen=True)
class LRAnalysis:
    """Gradient descent with step ``lr`` on a quadratic with Hessian ``H``, in numbers.

    Attributes
    ----------
    lr : float
    eigenvalues : ndarray
        λ of ``H``, ascending.
    alpha_lambda : ndarray
        ``α λ`` per eigenvalue.
    factors : ndarray
        ``1 − α λ``: the error is multiplied by this every step.
    regime : str
        :func:`lr_regime`.
    max_monotone_lr : float
        ``1/λ_max``: up to here no component changes sign.
    max_stable_lr : float
        ``2/λ_max``: below it GD converges, above it diverges.
    """

    lr: float
    eigenvalues: np.ndarray
    alpha_lambda: np.ndarray
    factors: np.ndarray
    regime: str
    max_monotone_lr: float
    max_stable_lr: float


def analyze_lr(lr: float, hessian: object) -> LRAnalysis:
    """Everything :func:`lr_regime` decides from, for a positive definite ``H``."""
    lam = _positive_definite(hessian)
    lr = _positive("lr", lr)
    contraction_factors(lr, hessian)  # refuses an overflowing lr·λ
    return LRAnalysis(lr=lr, eigenvalues=lam, alpha_lambda=lr * lam, factors=1.0 - lr * lam,
                      regime=lr_regime(lr, hessian), max_monotone_lr=float(1.0 / lam[-1]),
                      max_stable_lr=max_stable_lr(hessian))


def lr_regime(lr: float, hessian: object) -> str:
    """How gradient descent with step ``α`` behaves on a quadratic with Hessian ``H``.

    Returns
    -------
    {"monotone", "oscillating", "marginal", "diverging"}
        ``monotone``: ``0 ≤ αλ ≤ 1`` for every λ (each component shrinks without changing
        sign); ``oscillating``: some ``1 < αλ < 2`` and none beyond (it converges while
        flipping sides); ``marginal``: ``αλ = 2`` is the largest (it bounces between two
        points forever); ``diverging``: some ``αλ > 2`` (or a λ < 0).

    Notes
    -----
    .. math::  |1 - \\alpha\\lambda| < 1 \\iff 0 < \\alpha\\lambda < 2
    """
    r = contraction_factors(lr, hessian)
    if np.any(np.abs(r) > 1):
        return "diverging"
    if np.any(r == -1):
        return "marginal"
    if np.any(r < 0):
        return "oscillating"
    return "monotone"


def max_stable_lr(hessian: object) -> float:
    """``2 / λ_max``: gradient descent on the quadratic converges iff ``0 < α < 2/λ_max``."""
    return float(2.0 / _positive_definite(hessian)[-1])


def optimal_lr(hessian: object) -> float:
    """``2 / (λ_min + λ_max)``: the fixed step with the fastest worst-case convergence."""
    lam = _positive_definite(hessian)
    return float(2.0 / (lam[0] + lam[-1]))


def optimal_rate(hessian: object) -> float:
    """``(κ − 1)/(κ + 1)`` with ``κ = λ_max/λ_min``: error factor per step at :func:`optimal_lr`."""
    lam = _positive_definite(hessian)
    kappa = lam[-1] / lam[0]
    return float((kappa - 1) / (kappa + 1))


def momentum_optimal(hessian: object) -> tuple[float, float, float]:
    """Optimal heavy-ball parameters on a quadratic (Goh, "Why Momentum Really Works", 2017).

    Returns
    -------
    lr, beta, rate : float
        :math:`\\alpha = \\left(\\frac{2}{\\sqrt{\\lambda_1} + \\sqrt{\\lambda_n}}\\right)^2`,
        :math:`\\beta = \\left(\\frac{\\sqrt\\kappa - 1}{\\sqrt\\kappa + 1}\\right)^2`,
        rate :math:`\\frac{\\sqrt\\kappa - 1}{\\sqrt\\kappa + 1}` (for :func:`momentum`).
    """
    lam = _positive_definite(hessian)
    sk = math.sqrt(lam[-1] / lam[0])
    rate = (sk - 1) / (sk + 1)
    return (float((2 / (math.sqrt(lam[0]) + math.sqrt(lam[-1]))) ** 2), float(rate ** 2), float(rate))


def condition_number(hessian: object) -> float:
    """``κ = λ_max / λ_min`` of a positive definite Hessian."""
    lam = _positive_definite(hessian)
    return float(lam[-1] / lam[0])


def gd_cost_bound(hessian: object, cost0: float, steps: int) -> np.ndarray:
    """Worst-case cost of GD at :func:`optimal_lr` on ``½ (w − c)ᵀ H (w − c)``, k = 0 … steps.

    Each eigen-component of the error shrinks by ``|1 − αλ| ≤ (κ − 1)/(κ + 1)`` per step and
    the cost is ``½ Σ λ_i e_i²``, so

    .. math::  \\mathrm{cost}(w_k) \\le \\left(\\frac{\\kappa - 1}{\\kappa + 1}\\right)^{2k} \\mathrm{cost}(w_0),

    with equality when ``w_0 − c`` lies in the eigenspaces of λ_min and λ_max (at this step both
    have ``|1 − αλ|`` equal to the rate), so always for a 2-D quadratic.
    """
    steps = V.steps("steps", steps)
    c0 = V.finite_float("cost0", cost0, low=0.0)
    return c0 * optimal_rate(hessian) ** (2 * np.arange(steps + 1))
