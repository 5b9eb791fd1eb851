"""Convolution, computed exactly and step by step.

The discrete 1-D convolution of a signal ``x`` (length N) with a kernel ``h``
(length K) is

.. math::  y[n] = \\sum_k x[k]\\, h[n - k], \\qquad n = 0, \\dots, N + K - 2

read as *flip* ``h``, *shift* it by ``n``, *multiply* with ``x`` where they
overlap, and *sum*. :func:`conv1d_steps` returns exactly those intermediate
results so a scene can draw each of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np
import sympy as sp
from sympy.printing.latex import LatexPrinter

from dlmath import _validate as V

__all__ = [
    "MODES",
    "ConvStep",
    "ConvSteps",
    "conv1d",
    "conv1d_steps",
    "correlate1d",
    "CorrStep",
    "CorrSteps",
    "correlate1d_steps",
    "TAU",
    "T",
    "PiecewiseFn",
    "piecewise_fn",
    "rect",
    "exp_decay",
    "unit_step",
    "ContinuousConv",
    "continuous_conv",
    "effective_kernel_size",
    "conv_output_size",
    "transposed_output_size",
    "correlate2d",
    "conv2d",
    "Correlate2DStep",
    "Correlate2DSteps",
    "correlate2d_steps",
    "conv_matrix",
    "conv_matrix_taps",
    "ConvAsMatrix",
    "conv_as_matrix",
    "conv_transpose1d",
    "conv_transpose2d",
    "ScatterStep",
    "ScatterSteps",
    "conv_transpose2d_steps",
    "overlap_counts",
    "OverlapProfile",
    "overlap_profile",
    "DTYPE_BYTES",
    "LayerCost",
    "conv_layer_cost",
    "dense_layer_cost",
    "ConvVsDense",
    "conv_vs_dense",
]

MAX_STEP_CELLS: int = 10_000
"""Most steps (output or input cells) a ``*_steps`` function builds: each step is a Python
object a scene animates, so a few dozen are typical."""

MODES: tuple[str, ...] = ("full", "same", "valid")
"""Output modes, with numpy's meaning (see :func:`numpy.convolve`)."""


def _as_1d(name: str, a: object) -> np.ndarray:
    """``a`` as a finite, non-empty, real 1-D float array (:func:`dlmath._validate.array`)."""
    return V.array(name, a, ndim=1, max_size=V.MAX_STEPS)


def _mode_slice(n_x: int, n_h: int, mode: str) -> slice:
    """Indices of the full output kept by ``mode`` (numpy's convention)."""
    n_full = n_x + n_h - 1
    if mode == "full":
        return slice(0, n_full)
    if mode == "same":
        n_out = max(n_x, n_h)
        start = (n_full - n_out) // 2
        return slice(start, start + n_out)
    if mode == "valid":
        n_out = max(n_x, n_h) - min(n_x, n_h) + 1
        start = min(n_x, n_h) - 1
        return slice(start, start + n_out)
    raise ValueError(f"mode must be one of {MODES}, got {V.show(mode)}")


def conv1d(x: object, h: object, mode: str = "full") -> np.ndarray:
    """Discrete convolution ``y[n] = sum_k x[k] h[n-k]``.

    Parameters
    ----------
    x, h : array_like
        Finite, non-empty 1-D sequences (signal and kernel).
    mode : {"full", "same", "valid"}
        ``full``: every ``n`` with any overlap, length ``N + K - 1``;
        ``same``: the centred ``max(N, K)`` values; ``valid``: only ``n`` where
        one sequence lies entirely inside the other, length ``max(N, K) - min(N, K) + 1``.

    Returns
    -------
    numpy.ndarray
        The output values, float.

    Notes
    -----
    .. math::  y[n] = \\sum_{k=\\max(0, n-K+1)}^{\\min(n, N-1)} x[k]\\, h[n-k],
               \\qquad 0 \\le n \\le N + K - 2

    Computed as one product of the zero-padded signal's sliding windows with the
    flipped kernel, ``O(N K)`` and no Python loop.
    """
    xa, ha = _as_1d("x", x), _as_1d("h", h)
    keep = _mode_slice(xa.size, ha.size, mode)
    padded = np.pad(xa, ha.size - 1)
    windows = np.lib.stride_tricks.sliding_window_view(padded, ha.size)  # (N+K-1, K)
    with np.errstate(over="ignore", invalid="ignore"):
        y = (windows @ ha[::-1])[keep]
    V.finite_result("x or h", y)
    return y


@dataclass(frozen=True)
class ConvStep:
    """One output sample of ``y = x * h`` as flip, shift, multiply, sum.

    Attributes
    ----------
    n : int
        Output index; the flipped kernel is shifted so that ``h[0]`` sits at ``k = n``.
    k : numpy.ndarray
        Signal indices where the shifted, flipped kernel overlaps ``x``.
    x_values, h_values : numpy.ndarray
        ``x[k]`` and ``h[n - k]`` at those indices.
    products : numpy.ndarray
        ``x[k] * h[n - k]``.
    total : float
        ``y[n]``, the sum of the products.
    """

    n: int
    k: np.ndarray
    x_values: np.ndarray
    h_values: np.ndarray
    products: np.ndarray
    total: float


@dataclass(frozen=True)
class ConvSteps:
    """All steps of a full convolution, plus the flipped kernel the scene draws."""

    x: np.ndarray
    h: np.ndarray
    h_flipped: np.ndarray
    steps: tuple[ConvStep, ...]
    y: np.ndarray

    def kernel_positions(self, n: int) -> np.ndarray:
        """Positions on the signal axis of the flipped kernel's taps at shift ``n``.

        The flipped kernel ``h[K-1], ..., h[0]`` covers ``k = n-K+1, ..., n``.
        """
        return np.arange(n - self.h.size + 1, n + 1)


def conv1d_steps(x: object, h: object) -> ConvSteps:
    """Every output of the full convolution as flip → shift → multiply → sum.

    For each ``n = 0 .. N+K-2`` the step holds the overlapping indices
    ``k = max(0, n-K+1) .. min(n, N-1)``, the values ``x[k]`` and ``h[n-k]``,
    their products and ``y[n] = sum_k x[k] h[n-k]``.
    """
    xa, ha = _as_1d("x", x), _as_1d("h", h)
    conv1d(xa, ha)  # refuses an overflowing product before the steps are built
    steps = []
    for n in range(xa.size + ha.size - 1):  # N + K - 1 steps: tiny, one per animation beat
        k = np.arange(max(0, n - ha.size + 1), min(n, xa.size - 1) + 1)
        xv, hv = xa[k], ha[n - k]
        prods = xv * hv
        steps.append(ConvStep(n=n, k=k, x_values=xv, h_values=hv, products=prods,
                              total=float(prods.sum())))
    y = np.array([s.total for s in steps])
    return ConvSteps(x=xa, h=ha, h_flipped=ha[::-1].copy(), steps=tuple(steps), y=y)


# ---------------------------------------------------------------- cross-correlation


def correlate1d(x: object, h: object, mode: str = "full") -> np.ndarray:
    """Discrete cross-correlation ``c[m] = sum_k x[k + m] h[k]``: slide ``h`` without flipping it.

    This is what a CNN layer computes (PyTorch's ``Conv1d``, Keras' ``Conv1D``).

    Parameters
    ----------
    x, h : array_like
        Finite, non-empty 1-D sequences (signal and kernel).
    mode : {"full", "same", "valid"}
        As in :func:`conv1d`; ``same`` is centred as :func:`numpy.correlate` centres it.

    Returns
    -------
    numpy.ndarray
        The output values, float; in ``full`` mode entry ``j`` is the lag ``m = j - (K-1)``.

    Notes
    -----
    .. math::  c[m] = \\sum_{k=0}^{K-1} x[k + m]\\, h[k]
               = (x * \\tilde h)[m + K - 1], \\qquad \\tilde h[k] = h[K-1-k],
               \\qquad -(K-1) \\le m \\le N-1

    so cross-correlation is convolution with the flipped kernel, and the two agree only
    when the kernel is symmetric.
    """
    xa, ha = _as_1d("x", x), _as_1d("h", h)
    if mode == "same" and ha.size > xa.size:
        # numpy.correlate swaps the arguments when the kernel is longer, which moves the
        # centred window by one for an even N: keep its convention exactly.
        full = conv1d(xa, ha[::-1], "full")
        start = xa.size // 2
        return full[start:start + ha.size]
    return conv1d(xa, ha[::-1], mode)


@dataclass(frozen=True)
class CorrStep:
    """One output of the full cross-correlation: the unflipped kernel placed at lag ``m``.

    ``k`` are kernel tap indices that overlap ``x``; the tap ``h[k]`` sits over ``x[k + m]``.
    """

    m: int
    k: np.ndarray
    x_index: np.ndarray
    x_values: np.ndarray
    h_values: np.ndarray
    products: np.ndarray
    total: float


@dataclass(frozen=True)
class CorrSteps:
    """All steps of a full cross-correlation (lags ``-(K-1) .. N-1``) and its output."""

    x: np.ndarray
    h: np.ndarray
    steps: tuple[CorrStep, ...]
    c: np.ndarray

    def kernel_positions(self, m: int) -> np.ndarray:
        """Positions on the signal axis of the taps ``h[0] .. h[K-1]`` at lag ``m``."""
        return np.arange(m, m + self.h.size)


def correlate1d_steps(x: object, h: object) -> CorrSteps:
    """Every output of the full cross-correlation as shift → multiply → sum (no flip).

    For each lag ``m = -(K-1) .. N-1`` the step holds the taps ``k`` with
    ``0 <= k + m <= N-1``, the values ``x[k+m]`` and ``h[k]``, their products and
    ``c[m] = sum_k x[k+m] h[k]``.
    """
    xa, ha = _as_1d("x", x), _as_1d("h", h)
    conv1d(xa, ha)  # refuses an overflowing product before the steps are built
    steps = []
    for m in range(-(ha.size - 1), xa.size):  # N + K - 1 steps, one per animation beat
        k = np.arange(max(0, -m), min(ha.size, xa.size - m))
        xv, hv = xa[k + m], ha[k]
        prods = xv * hv
        steps.append(CorrStep(m=m, k=k, x_index=k + m, x_values=xv, h_values=hv,
                              products=prods, total=float(prods.sum())))
    return CorrSteps(x=xa, h=ha, steps=tuple(steps), c=np.array([s.total for s in steps]))


# ---------------------------------------------------------------- continuous convolution

TAU = sp.Symbol("tau", real=True)
"""The integration variable τ of the continuous convolution."""
T = sp.Symbol("t", real=True)
"""The shift t: (f * g)(t)."""


@lru_cache(maxsize=256)
def _numeric(expr: sp.Expr, var: sp.Symbol):
    """``expr`` as a numpy function of ``var`` (cached: scenes evaluate it every frame)."""
    return sp.lambdify(var, expr, "numpy")


def _eval_pieces(pieces, var: sp.Symbol, values: object) -> np.ndarray:
    """Evaluate ``expr`` on ``[lo, hi)`` for each piece, 0 elsewhere (vectorized)."""
    v = np.asarray(values, dtype=float)
    out = np.zeros_like(v)
    for expr, lo, hi in pieces:
        inside = (v >= float(lo)) & (v < float(hi))
        safe = np.where(inside, v, float(lo) if lo.is_finite else float(hi) if hi.is_finite else 0.0)
        out = np.where(inside, np.broadcast_to(_numeric(expr, var)(safe), v.shape), out)
    return out


@dataclass(frozen=True)
class PiecewiseFn:
    """A function that is ``expr_i(τ)`` on ``[lo_i, hi_i)`` and 0 elsewhere (disjoint pieces).

    ``pieces`` holds ``(expr, lo, hi)`` with sympy expressions in :data:`TAU` and sympy
    bounds (``-oo``/``oo`` allowed). Call it on an array for numeric values.
    """

    pieces: tuple[tuple[sp.Expr, sp.Expr, sp.Expr], ...]
    name: str = "f"

    def support(self) -> tuple[float, float]:
        """``(min lo, max hi)`` as floats (``±inf`` for unbounded)."""
        return (float(min(lo for _, lo, _ in self.pieces)),
                float(max(hi for _, _, hi in self.pieces)))

    def __call__(self, tau: object) -> np.ndarray:
        return _eval_pieces(self.pieces, TAU, tau)

    def latex(self) -> str:
        """The function as a LaTeX ``cases`` block (zero elsewhere)."""
        return _cases_latex([(e.subs(TAU, T), lo, hi) for e, lo, hi in self.pieces],
                            sp.Symbol("t"))


def _bound(name: str, v: object) -> sp.Expr:
    """A piece's end: a real number (sympy or not) or ``±oo``/``±inf``."""
    if not isinstance(v, sp.Basic):
        V.finite_float(name, v, allow_inf=True)
        v = float(v) if isinstance(v, np.floating) else v
        b = sp.oo if v == np.inf else -sp.oo if v == -np.inf else sp.nsimplify(v)
    else:
        b = v
    if not (b.is_real or b in (sp.oo, -sp.oo)):
        raise ValueError(f"{name} must be a real number or ±oo, got {V.show(v)}")
    return b


def _real_expr(name: str, v: object) -> sp.Expr:
    """A finite real number (sympy or not) as an exact sympy number."""
    if isinstance(v, sp.Basic):
        if not (v.is_real and v.is_finite):
            raise ValueError(f"{name} must be a finite real number, got {V.show(v)}")
        return v
    V.finite_float(name, v)
    return sp.nsimplify(float(v) if isinstance(v, np.floating) else v)


def _name(v: object) -> str:
    return V.instance("name", v, str, "a string")


def piecewise_fn(pieces: Sequence[tuple[object, object, object]], name: str = "f") -> PiecewiseFn:
    """A :class:`PiecewiseFn` from ``(expr in tau, lo, hi)`` triples (validated, sorted)."""
    if not isinstance(pieces, (list, tuple)):
        raise V.ArgumentTypeError(f"pieces must be a list of (expr, lo, hi) triples, got {V.show(pieces)}")
    if len(pieces) == 0:
        raise ValueError("pieces must not be empty")
    name = _name(name)
    out = []
    for i, piece in enumerate(pieces):
        if not isinstance(piece, (list, tuple)) or len(piece) != 3:
            raise ValueError(f"pieces[{i}] must be an (expr, lo, hi) triple, got {V.show(piece)}")
        expr, lo, hi = piece
        try:
            e = sp.sympify(expr, strict=isinstance(expr, str) is False)
        except (sp.SympifyError, TypeError, ValueError):
            raise ValueError(f"pieces[{i}] expression must be a sympy expression in tau, "
                             f"got {V.show(expr)}") from None
        if not isinstance(e, sp.Expr) or e.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not e.is_extended_real in (True, None):
            raise ValueError(f"pieces[{i}] expression must be a finite real expression in tau, "
                             f"got {V.show(expr)}")
        if e.free_symbols - {TAU}:
            raise ValueError(f"pieces[{i}] expression may only use tau, got {e}")
        lo_b, hi_b = _bound(f"pieces[{i}] lo", lo), _bound(f"pieces[{i}] hi", hi)
        if not bool(lo_b < hi_b):
            raise ValueError(f"pieces[{i}] needs lo < hi, got lo={lo_b}, hi={hi_b}")
        out.append((e, lo_b, hi_b))
    out.sort(key=lambda p: float(p[1]))
    for (_, _, hi0), (_, lo1, _) in zip(out, out[1:]):
        if bool(lo1 < hi0):
            raise ValueError(f"pieces must not overlap: one ends at {hi0}, the next starts at {lo1}")
    return PiecewiseFn(pieces=tuple(out), name=name)


def rect(a: object = 0, b: object = 1, height: object = 1, name: str = "rect") -> PiecewiseFn:
    """``height`` on ``[a, b)``, 0 elsewhere."""
    lo, hi = _bound("a", a), _bound("b", b)
    if not bool(lo < hi):
        raise ValueError(f"a must be < b (rect needs lo < hi), got a={lo}, b={hi}")
    return piecewise_fn([(_real_expr("height", height), lo, hi)], name)


def exp_decay(rate: object = 1, name: str = "exp") -> PiecewiseFn:
    """``e^{-rate·τ}`` for ``τ >= 0``, 0 before (a causal exponential); ``rate > 0``."""
    r = _real_expr("rate", rate)
    if not bool(r > 0):
        raise ValueError(f"rate must be a finite number > 0, got {V.show(rate)}")
    return piecewise_fn([(sp.exp(-r * TAU), 0, sp.oo)], name)


def unit_step(name: str = "step") -> PiecewiseFn:
    """The Heaviside step: 1 for ``τ >= 0``, 0 before."""
    _name(name)
    return piecewise_fn([(sp.Integer(1), 0, sp.oo)], name)


@dataclass(frozen=True)
class ContinuousConv:
    """The closed form of ``(f * g)(t)`` on consecutive intervals of ``t``.

    ``pieces`` holds ``(expr in t, lo, hi)``: the convolution equals ``expr`` for
    ``lo <= t < hi`` and 0 outside all pieces; ``expr`` is the sympy Piecewise.
    """

    f: PiecewiseFn
    g: PiecewiseFn
    pieces: tuple[tuple[sp.Expr, sp.Expr, sp.Expr], ...]
    expr: sp.Expr

    def __call__(self, t: object) -> np.ndarray:
        """Numeric values of ``(f * g)(t)`` (vectorized)."""
        return _eval_pieces(self.pieces, T, t)

    def integrand(self, t: float, tau: object) -> np.ndarray:
        """``f(τ) g(t − τ)`` at the given ``τ`` (the curve whose area the scene shades)."""
        tau_a = np.asarray(tau, dtype=float)
        return self.f(tau_a) * self.g(float(t) - tau_a)

    def overlap(self, t: float) -> tuple[float, float] | None:
        """The sliding-window overlap ``[max(a_f, t − b_g), min(b_f, t − a_g)]`` or None.

        ``[a_f, b_f]`` and ``[a_g, b_g]`` are the supports of f and g; ``g(t − τ)`` is
        non-zero for ``τ`` in ``[t − b_g, t − a_g]``.
        """
        (af, bf), (ag, bg) = self.f.support(), self.g.support()
        lo, hi = max(af, float(t) - bg), min(bf, float(t) - ag)
        return (lo, hi) if lo < hi else None

    def latex(self) -> str:
        """``(f*g)(t)`` as a LaTeX ``cases`` block."""
        return _cases_latex(self.pieces, sp.Symbol("t"))


class _HumanLatexPrinter(LatexPrinter):
    """sympy's LaTeX printer with the terms of a sum in the order a person writes them:
    the positive terms first (in sympy's order among themselves), then the negative ones,
    so ``-1 + e`` prints as ``e - 1`` while ``1 - e^{-t}`` stays as it is."""

    def _as_ordered_terms(self, expr, order=None):
        terms = list(super()._as_ordered_terms(expr, order=order))
        if isinstance(expr, sp.Add):
            negative = [bool(t.could_extract_minus_sign()) for t in terms]
            if not all(negative):
                terms = ([t for t, neg in zip(terms, negative) if not neg]
                         + [t for t, neg in zip(terms, negative) if neg])
        return terms


def _human_latex(expr: object) -> str:
    """LaTeX of a sympy expression with sums written as a person writes them.

    Parameters
    ----------
    expr : sympy expression (or anything :func:`sympy.sympify` accepts)

    Returns
    -------
    str
        As :func:`sympy.latex`, except that in every sum the terms without a leading minus
        sign come first: ``(e - 1) e^{-t}``, not sympy's ``(-1 + e) e^{-t}``. The
        expression itself is unchanged (the same value, only the order of printing).

    Notes
    -----
    .. math::  a_1 + \\dots + a_p - b_1 - \\dots - b_q, \\qquad a_i, b_j \\text{ without a minus sign}
    """
    try:
        e = sp.sympify(expr)
    except (sp.SympifyError, TypeError) as err:
        raise V.ArgumentTypeError(f"expr must be a sympy expression, got {expr!r}") from err
    return _HumanLatexPrinter().doprint(e)


def _cases_latex(pieces, var) -> str:
    """A LaTeX ``cases`` block of ``pieces`` (``(expr, lo, hi)``, sorted, not overlapping) in ``var``.

    Where no piece holds the function is 0, and the zero rows say where in math, never in
    words (the same picture in every language): ``0 & t < a`` first when the pieces start
    at ``a`` and run on to ``+∞``, ``0 & t \\ge b`` last when they come from ``−∞``, one row
    ``0 & t \\notin [a, b)`` last when they cover ``[a, b)``, and ``0 & c \\le t < d`` in
    place for a gap ``[c, d)`` between two pieces.
    """
    v = _human_latex(var)
    rows = []
    for k, (expr, lo, hi) in enumerate(pieces):
        if k and pieces[k - 1][2] != lo:  # a gap between two pieces
            rows.append(rf"0 & {_human_latex(pieces[k - 1][2])} \le {v} < {_human_latex(lo)}")
        e = _human_latex(expr.subs(T, var))
        if lo == -sp.oo and hi == sp.oo:
            cond = rf"{v} \in \mathbb{{R}}"
        elif lo == -sp.oo:
            cond = rf"{v} < {_human_latex(hi)}"
        elif hi == sp.oo:
            cond = rf"{v} \ge {_human_latex(lo)}"
        else:
            cond = rf"{_human_latex(lo)} \le {v} < {_human_latex(hi)}"
        rows.append(rf"{e} & {cond}")
    lo_all, hi_all = pieces[0][1], pieces[-1][2]
    if lo_all != -sp.oo and hi_all != sp.oo:
        rows.append(rf"0 & {v} \notin [{_human_latex(lo_all)}, {_human_latex(hi_all)})")
    elif lo_all != -sp.oo:
        rows.insert(0, rf"0 & {v} < {_human_latex(lo_all)}")
    elif hi_all != sp.oo:
        rows.append(rf"0 & {v} \ge {_human_latex(hi_all)}")
    return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"


def _pick(cond: bool, a, b):
    return a if cond else b


def continuous_conv(f: PiecewiseFn, g: PiecewiseFn) -> ContinuousConv:
    """The continuous convolution ``(f * g)(t) = ∫ f(τ) g(t − τ) dτ`` in closed form.

    Parameters
    ----------
    f, g : PiecewiseFn
        Piecewise functions (see :func:`piecewise_fn`, :func:`rect`, :func:`exp_decay`,
        :func:`unit_step`).

    Returns
    -------
    ContinuousConv
        Closed-form pieces in ``t`` (sympy), the Piecewise expression, numeric
        evaluation and the overlap region for any ``t``.

    Notes
    -----
    For pieces ``f_i`` on ``[a_1, b_1)`` and ``g_j`` on ``[a_2, b_2)``

    .. math::  (f_i * g_j)(t) = \\int_{\\max(a_1,\\, t-b_2)}^{\\min(b_1,\\, t-a_2)}
               f_i(\\tau)\\, g_j(t-\\tau)\\, d\\tau, \\qquad a_1 + a_2 \\le t \\le b_1 + b_2,

    and the limits switch only at the breakpoints ``a_1+a_2, a_1+b_2, b_1+a_2, b_1+b_2``;
    between consecutive breakpoints each integral is done exactly by sympy.

    Raises
    ------
    ValueError
        When an integral diverges or has no closed form.
    """
    for name, fn in (("f", f), ("g", g)):
        if not isinstance(fn, PiecewiseFn):
            raise V.ArgumentTypeError(f"{name} must be a PiecewiseFn (see piecewise_fn), "
                                      f"got {type(fn).__name__}")
    pairs = [(fe, a1, b1, ge, a2, b2) for fe, a1, b1 in f.pieces for ge, a2, b2 in g.pieces]
    cuts = sorted({c for _, a1, b1, _, a2, b2 in pairs
                   for c in (a1 + a2, a1 + b2, b1 + a2, b1 + b2) if c.is_finite},
                  key=float)
    bounds = [-sp.oo, *cuts, sp.oo]
    pieces = []
    for lo, hi in zip(bounds, bounds[1:]):
        if lo.is_finite and hi.is_finite:
            mid = (lo + hi) / 2
        else:
            mid = (hi - 1) if not lo.is_finite else (lo + 1)
            if not lo.is_finite and not hi.is_finite:
                mid = sp.Integer(0)
        total = sp.Integer(0)
        for fe, a1, b1, ge, a2, b2 in pairs:
            if not (bool(mid > a1 + a2) and bool(mid < b1 + b2)):
                continue
            low = _pick(bool(mid - b2 < a1), a1, T - b2)
            up = _pick(bool(mid - a2 > b1), b1, T - a2)
            total += sp.integrate(fe * ge.subs(TAU, T - TAU), (TAU, low, up))
        total = sp.factor_terms(sp.expand(sp.simplify(total)))
        if total.has(sp.oo, -sp.oo, sp.zoo, sp.nan, sp.Integral):
            raise ValueError(f"f * g has no finite closed form for {lo} < t < {hi}: got {total}")
        if total == 0:
            continue
        if pieces and pieces[-1][2] == lo and sp.simplify(pieces[-1][0] - total) == 0:
            pieces[-1] = (pieces[-1][0], pieces[-1][1], hi)
        else:
            pieces.append((total, lo, hi))
    expr = sp.Piecewise(*((e, (T >= lo) & (T < hi)) for e, lo, hi in pieces), (0, True))
    return ContinuousConv(f=f, g=g, pieces=tuple(pieces), expr=expr)


# ---------------------------------------------------------------- sizes


def _int(name: str, v: object, minimum: int, high: int | None = V.MAX_STEPS) -> int:
    """A size, stride, padding or dilation: an integer in ``minimum .. high`` (``high=None``
    for pure arithmetic such as output sizes and layer costs, which allocate nothing)."""
    return V.integer(name, v, minimum, high)


def _pair(name: str, v: object, minimum: int, high: int | None = V.MAX_STEPS) -> tuple[int, int]:
    """An int or a pair of ints, each in ``minimum .. high``, as a pair."""
    return V.pair(name, v, minimum, high)


def effective_kernel_size(k: int, d: int = 1) -> int:
    """Span of a dilated kernel: ``k̂ = k + (k − 1)(d − 1)`` (``d − 1`` gaps between taps)."""
    k, d = _int("k", k, 1, None), _int("d", d, 1, None)
    return k + (k - 1) * (d - 1)


def conv_output_size(i: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Output length of a convolution along one axis.

    Parameters
    ----------
    i : int
        Input size (>= 1).
    k : int
        Kernel size (>= 1).
    s : int
        Stride (>= 1).
    p : int
        Zero padding on each side (>= 0).
    d : int
        Dilation (>= 1): taps ``d`` apart.

    Returns
    -------
    int
        ``o``.

    Notes
    -----
    Dumoulin & Visin, "A guide to convolution arithmetic for deep learning" (2016),
    relationship 15:

    .. math::  o = \\left\\lfloor \\frac{i + 2p - \\hat k}{s} \\right\\rfloor + 1,
               \\qquad \\hat k = k + (k - 1)(d - 1)

    Raises ValueError when the dilated kernel ``k̂`` exceeds the padded input ``i + 2p``.
    """
    i, k, s = _int("i", i, 1, None), _int("k", k, 1, None), _int("s", s, 1, None)
    p, d = _int("p", p, 0, None), _int("d", d, 1, None)
    k_eff = effective_kernel_size(k, d)
    if k_eff > i + 2 * p:
        raise ValueError(f"dilated kernel size {k_eff} (k={k}, d={d}) exceeds the padded "
                         f"input size {i + 2 * p} (i={i}, p={p})")
    return (i + 2 * p - k_eff) // s + 1


def transposed_output_size(i: int, k: int, s: int = 1, p: int = 0, a: int = 0) -> int:
    """Output length of a transposed convolution along one axis.

    Notes
    -----
    Dumoulin & Visin (2016), relationship 14:

    .. math::  o' = s\\,(i' - 1) + a + k - 2p, \\qquad 0 \\le a < s

    ``a`` (output padding) picks one of the ``s`` input sizes that a stride-``s``
    convolution maps to the same ``i'``.
    """
    i, k, s = _int("i", i, 1, None), _int("k", k, 1, None), _int("s", s, 1, None)
    p, a = _int("p", p, 0, None), _int("a", a, 0, None)
    if a >= s:
        raise ValueError(f"a (output padding) must be < s={s}, got {a}")
    o = s * (i - 1) + a + k - 2 * p
    if o < 1:
        raise ValueError(f"padding p={p} crops the whole output (s(i-1)+a+k-2p = {o} < 1)")
    return o


# ---------------------------------------------------------------- 2-D convolution


def _as_array(name: str, a: object, ndims: tuple[int, ...]) -> np.ndarray:
    """A finite, non-empty, real float array with one of the dimension counts ``ndims``."""
    return V.array(name, a, ndim=ndims)


def _shape(name: str, v: object, what: str) -> tuple[int, ...]:
    """``N`` or ``(H, W)`` (``what`` names the forms in the message)."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer, float, tuple, list, np.ndarray)):
        raise V.ArgumentTypeError(f"{name} must be {what}, got {V.show(v)}")
    shape = (v,) if not isinstance(v, (tuple, list, np.ndarray)) else tuple(v)
    if len(shape) not in (1, 2):
        raise ValueError(f"{name} must be {what}, got {V.show(v)}")
    return tuple(_int(name, n, 1) for n in shape)


def _windows(xp: np.ndarray, kshape: tuple[int, int], s: tuple[int, int],
             d: tuple[int, int], oshape: tuple[int, int]) -> np.ndarray:
    """``(..., oh, ow, kh, kw)`` dilated, strided windows of the padded input ``xp``."""
    keff = tuple(k + (k - 1) * (dd - 1) for k, dd in zip(kshape, d))
    win = np.lib.stride_tricks.sliding_window_view(xp, keff, axis=(-2, -1))
    win = win[..., ::s[0], ::s[1], :, :][..., :oshape[0], :oshape[1], ::d[0], ::d[1]]
    return win


def correlate2d(x: object, k: object, stride: object = 1, padding: object = 0,
           dilation: object = 1, bias: object = None) -> np.ndarray:
    """2-D cross-correlation as in a CNN layer, with stride, zero padding and dilation.

    Parameters
    ----------
    x : array_like
        Image, shape ``(H, W)``, or ``(C_in, H, W)`` for several channels.
    k : array_like
        Kernel, shape ``(kh, kw)`` with a 2-D ``x``, or ``(C_out, C_in, kh, kw)`` with
        a 3-D ``x``.
    stride, padding, dilation : int or (int, int)
        ``s >= 1``, ``p >= 0`` zeros on each side, ``d >= 1``; per axis when a pair.
    bias : array_like, optional
        ``(C_out,)``, multi-channel only.

    Returns
    -------
    numpy.ndarray
        ``(oh, ow)`` or ``(C_out, oh, ow)``; each size is :func:`conv_output_size`.

    Notes
    -----
    With ``x̄`` the zero-padded input,

    .. math::  y[o, r, c] = b[o] + \\sum_{i=0}^{C_{in}-1} \\sum_{u=0}^{k_h-1}
               \\sum_{v=0}^{k_w-1} \\bar x[i,\\, s r + d u,\\, s c + d v]\\; k[o, i, u, v]

    for ``0 <= r < oh``, ``0 <= c < ow``. No kernel flip: this is cross-correlation,
    what deep-learning libraries call convolution.
    """
    xa = _as_array("x", x, (2, 3))
    ka = _as_array("k", k, (2, 4))
    if xa.ndim == 2 and ka.ndim != 2:
        raise ValueError(f"k must be 2-D (kh, kw) for a 2-D x, got shape {ka.shape}")
    if xa.ndim == 3 and ka.ndim != 4:
        raise ValueError(f"k must be 4-D (C_out, C_in, kh, kw) for a 3-D x, got shape {ka.shape}")
    if xa.ndim == 3 and ka.shape[1] != xa.shape[0]:
        raise ValueError(f"k has C_in={ka.shape[1]} but x has {xa.shape[0]} channels")
    s, p, d = _pair("stride", stride, 1), _pair("padding", padding, 0), _pair("dilation", dilation, 1)
    oshape = _out_shape(xa.shape[-2:], ka.shape[-2:], s, p, d)
    V.check_elements("padding", int(np.prod(xa.shape[:-2], dtype=object)) * (xa.shape[-2] + 2 * p[0])
                     * (xa.shape[-1] + 2 * p[1]), "padded input values")
    if bias is not None and xa.ndim == 3:
        bias = V.array("bias", bias, shape=(ka.shape[0],))
    xp = np.pad(xa, [(0, 0)] * (xa.ndim - 2) + [(p[0], p[0]), (p[1], p[1])])
    win = _windows(xp, ka.shape[-2:], s, d, oshape)
    if xa.ndim == 2:
        if bias is not None:
            raise ValueError("bias is only for multi-channel input (C_in, H, W)")
        with np.errstate(over="ignore", invalid="ignore"):
            y = np.einsum("rcuv,uv->rc", win, ka, optimize=True)
        V.finite_result("x or k", y)
        return y
    with np.errstate(over="ignore", invalid="ignore"):
        y = np.einsum("ircuv,oiuv->orc", win, ka, optimize=True)
        if bias is not None:
            y = y + bias[:, None, None]
    V.finite_result("x, k or bias", y)
    return y


def conv2d(x: object, k: object, stride: object = 1, padding: object = 0,
           dilation: object = 1, bias: object = None) -> np.ndarray:
    """2-D convolution in the signal-processing sense: the kernel is flipped.

    Same arguments and output shape as :func:`correlate2d`; the kernel's two spatial
    axes are reversed first, so with ``padding = k − 1`` and stride 1 the result equals
    ``scipy.signal.convolve2d(x, k, mode="full")``.

    Notes
    -----
    .. math::  y[r, c] = \\sum_{u=0}^{k_h-1} \\sum_{v=0}^{k_w-1}
               \\bar x[s r + d u,\\, s c + d v]\\; k[k_h-1-u,\\, k_w-1-v]
    """
    ka = _as_array("k", k, (2, 4))
    return correlate2d(x, ka[..., ::-1, ::-1], stride, padding, dilation, bias)


def _out_shape(ishape, kshape, s, p, d) -> tuple[int, int]:
    names = ("height", "width")
    out = []
    for ax in range(2):
        i, k = int(ishape[ax]), int(kshape[ax])
        k_eff = k + (k - 1) * (d[ax] - 1)
        if k_eff > i + 2 * p[ax]:
            raise ValueError(f"along the {names[ax]}: dilated kernel size {k_eff} (k={k}, "
                             f"dilation={d[ax]}) exceeds the padded input size {i + 2 * p[ax]} "
                             f"(x has {i}, padding={p[ax]})")
        out.append((i + 2 * p[ax] - k_eff) // s[ax] + 1)
    return (out[0], out[1])


@dataclass(frozen=True)
class Correlate2DStep:
    """One output cell ``(r, c)``: its receptive field in the padded input, products, sum.

    ``rows``/``cols`` index the padded input (``x_padded``) for each kernel tap
    ``(u, v)``: row ``s r + d u``, column ``s c + d v``.
    """

    r: int
    c: int
    rows: np.ndarray
    cols: np.ndarray
    patch: np.ndarray
    products: np.ndarray
    total: float


@dataclass(frozen=True)
class Correlate2DSteps:
    """A single-channel 2-D cross-correlation, cell by cell (what the scene animates)."""

    x: np.ndarray
    x_padded: np.ndarray
    k: np.ndarray
    stride: tuple[int, int]
    padding: tuple[int, int]
    dilation: tuple[int, int]
    steps: tuple[Correlate2DStep, ...]
    y: np.ndarray


def correlate2d_steps(x: object, k: object, stride: object = 1, padding: object = 0,
                 dilation: object = 1) -> Correlate2DSteps:
    """:func:`correlate2d` for a 2-D ``x`` and kernel, with every output cell's receptive field.

    Steps are in row-major order of the output; ``y[r, c] = sum(patch * k)``.
    """
    xa, ka = _as_array("x", x, (2,)), _as_array("k", k, (2,))
    s, p, d = _pair("stride", stride, 1), _pair("padding", padding, 0), _pair("dilation", dilation, 1)
    oh, ow = _out_shape(xa.shape, ka.shape, s, p, d)
    V.check_elements("padding", (xa.shape[0] + 2 * p[0]) * (xa.shape[1] + 2 * p[1]), "padded input values")
    correlate2d(xa, ka, s, p, d)  # refuses an overflowing product before the steps are built
    if oh * ow > MAX_STEP_CELLS:
        raise ValueError(f"x, k, stride, padding and dilation give {oh} × {ow} output cells, more "
                         f"than the {MAX_STEP_CELLS} steps correlate2d_steps builds (one per cell; "
                         f"use correlate2d for the values)")
    V.check_elements("x", oh * ow * ka.size, "products (one step per output cell)")
    xp = np.pad(xa, [(p[0], p[0]), (p[1], p[1])])
    rows_u = np.arange(ka.shape[0]) * d[0]
    cols_v = np.arange(ka.shape[1]) * d[1]
    steps = []
    for r in range(oh):  # oh * ow steps: tiny, one per animated cell
        for c in range(ow):
            rows, cols = s[0] * r + rows_u, s[1] * c + cols_v
            patch = xp[np.ix_(rows, cols)]
            prods = patch * ka
            steps.append(Correlate2DStep(r=r, c=c, rows=rows, cols=cols, patch=patch,
                                    products=prods, total=float(prods.sum())))
    y = np.array([st.total for st in steps]).reshape(oh, ow)
    return Correlate2DSteps(x=xa, x_padded=xp, k=ka, stride=s, padding=p, dilation=d,
                       steps=tuple(steps), y=y)


# ---------------------------------------------------------------- convolution as a matrix


def conv_matrix_taps(input_shape: object, kernel_shape: object, stride: object = 1,
                     padding: object = 0, dilation: object = 1) -> np.ndarray:
    r"""Which kernel tap each entry of the convolution matrix ``C`` holds (``-1``: a zero).

    Parameters
    ----------
    input_shape : int or (int,) or (int, int)
        ``N`` or ``(H, W)``.
    kernel_shape : int or (int,) or (int, int)
        ``K`` or ``(kh, kw)`` (same number of axes as ``input_shape``).
    stride, padding, dilation
        As in :func:`correlate2d`.

    Returns
    -------
    numpy.ndarray of int
        ``T`` of shape ``(o, N)`` or ``(oh * ow, H * W)``: ``T[row, col] = u * kw + v`` when
        output ``row`` multiplies input ``col`` by ``k[u, v]``, else ``-1``. Then
        ``C = where(T >= 0, k.ravel()[T], 0)`` (see :func:`conv_matrix`): every row holds the
        same few weights, shifted; everything else is zero (weight sharing and sparsity).

    Notes
    -----
    .. math::  T[(r, c),\, (s r + d u - p,\; s c + d v - p)] = u\, k_w + v
    """
    shape = _shape("input_shape", input_shape, "N or (H, W)")
    kshape = _shape("kernel_shape", kernel_shape, "K or (kh, kw)")
    if len(kshape) != len(shape):
        raise ValueError(f"kernel_shape must have {len(shape)} axis/axes like input_shape, "
                         f"got {kernel_shape!r}")
    if len(shape) == 1:
        s, p, d = (_int("stride", stride, 1), 1), (_int("padding", padding, 0), 0), (_int("dilation", dilation, 1), 1)
        shape2, kshape2 = (shape[0], 1), (kshape[0], 1)
    else:
        s, p, d = _pair("stride", stride, 1), _pair("padding", padding, 0), _pair("dilation", dilation, 1)
        shape2, kshape2 = shape, kshape
    oh, ow = _out_shape(shape2, kshape2, s, p, d)
    V.check_elements("input_shape, kernel_shape, stride, padding and dilation",
                     oh * ow * max(shape2[0] * shape2[1], kshape2[0] * kshape2[1]), "matrix entries")
    r, c, u, v = np.meshgrid(np.arange(oh), np.arange(ow), np.arange(kshape2[0]),
                             np.arange(kshape2[1]), indexing="ij")
    rows_in = s[0] * r + d[0] * u - p[0]
    cols_in = s[1] * c + d[1] * v - p[1]
    inside = (rows_in >= 0) & (rows_in < shape2[0]) & (cols_in >= 0) & (cols_in < shape2[1])
    taps = np.full((oh * ow, shape2[0] * shape2[1]), -1, dtype=int)
    taps[(r * ow + c)[inside], (rows_in * shape2[1] + cols_in)[inside]] = (u * kshape2[1] + v)[inside]
    return taps


@dataclass(frozen=True)
class ConvAsMatrix:
    """A small convolution written as ``y = C x``, next to the sliding result."""

    x: np.ndarray
    k: np.ndarray
    C: np.ndarray
    taps: np.ndarray
    x_flat: np.ndarray
    y_flat: np.ndarray
    """``C @ x.ravel()``."""
    y_sliding: np.ndarray
    """:func:`correlate2d` of ``x`` and ``k`` (2-D): equal to ``y_flat`` reshaped."""
    nonzeros: int
    """Entries of ``C`` that hold a weight (structural non-zeros)."""


def conv_as_matrix(x: object, k: object, stride: object = 1, padding: object = 0,
                   dilation: object = 1) -> ConvAsMatrix:
    r""":func:`conv_matrix` applied to an image, with the tap map and the sliding result.

    .. math::  \operatorname{vec}(y) = C\, \operatorname{vec}(x)
    """
    xa, ka = _as_array("x", x, (2,)), _as_array("k", k, (2,))
    taps = conv_matrix_taps(xa.shape, ka.shape, stride, padding, dilation)
    C = np.where(taps >= 0, ka.ravel()[np.maximum(taps, 0)], 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        y_flat = C @ xa.ravel()
    V.finite_result("x or k", y_flat)
    return ConvAsMatrix(x=xa, k=ka, C=C, taps=taps, x_flat=xa.ravel(), y_flat=y_flat,
                        y_sliding=correlate2d(xa, ka, stride, padding, dilation),
                        nonzeros=int(np.count_nonzero(taps >= 0)))


def conv_matrix(input_shape: object, k: object, stride: object = 1, padding: object = 0,
                dilation: object = 1) -> np.ndarray:
    """The matrix ``C`` of the (CNN-style, unflipped) convolution: ``C @ x.ravel() == y.ravel()``.

    Parameters
    ----------
    input_shape : int or (int,) or (int, int)
        ``N`` for a 1-D signal (then ``k`` is 1-D), ``(H, W)`` for an image.
    k : array_like
        Kernel, 1-D ``(K,)`` or 2-D ``(kh, kw)``.
    stride, padding, dilation
        As in :func:`correlate2d` (ints in 1-D).

    Returns
    -------
    numpy.ndarray
        ``C``, shape ``(o, N)`` or ``(oh * ow, H * W)``; row ``r * ow + c`` holds the
        kernel weights at the input pixels output cell ``(r, c)`` reads (padding taps,
        which multiply zeros, are dropped).

    Notes
    -----
    .. math::  C[(r, c),\\, (s r + d u - p,\\; s c + d v - p)] = k[u, v]

    In 1-D with ``s = 1, p = 0, d = 1`` every row is the previous one shifted right by
    one: ``C`` is a Toeplitz matrix, and ``C x`` equals ``correlate1d(x, k, "valid")``.
    """
    shape = _shape("input_shape", input_shape, "N or (H, W)")
    ka = _as_array("k", k, (1, 2))
    if ka.ndim != len(shape):
        raise ValueError(f"k must have {len(shape)} dimension{'s' if len(shape) > 1 else ''} like input_shape {shape}, "
                         f"got shape {ka.shape}")
    taps = conv_matrix_taps(shape, ka.shape, stride, padding, dilation)
    return np.where(taps >= 0, ka.ravel()[np.maximum(taps, 0)], 0.0)


# ---------------------------------------------------------------- transposed convolution


def _transposed_size(i: int, k: int, s: int, p: int, a: int, x_name: str, k_name: str) -> int:
    """:func:`transposed_output_size` with errors naming the public arguments."""
    if a >= s:
        raise ValueError(f"output_padding must be < stride (per axis), got output_padding={a}, "
                         f"stride={s}")
    o = s * (i - 1) + a + k - 2 * p
    if o < 1:
        raise ValueError(f"padding={p} crops the whole output (stride·({x_name} size − 1) + "
                         f"output_padding + {k_name} size − 2·padding = {o} < 1)")
    return o


def conv_transpose1d(y: object, w: object, stride: int = 1, padding: int = 0,
                     output_padding: int = 0) -> np.ndarray:
    """1-D transposed convolution as scatter-add: each ``y[j]`` adds ``y[j]·w`` at ``s·j − p``.

    Notes
    -----
    .. math::  z[n] = \\sum_{j} \\sum_{u:\\ s j + u - p = n} y[j]\\, w[u],
               \\qquad 0 \\le n < s(i-1) + a + K - 2p

    This equals ``Cᵀ y`` for the matrix ``C`` of the stride-``s``, padding-``p``
    convolution of a signal of that length (:func:`conv_matrix`): the transpose of
    the convolution, not its inverse.
    """
    ya, wa = _as_1d("y", y), _as_1d("w", w)
    s, p, a = _int("stride", stride, 1), _int("padding", padding, 0), _int("output_padding", output_padding, 0)
    n_out = _transposed_size(ya.size, wa.size, s, p, a, "y", "w")
    V.check_elements("stride", s * ya.size + wa.size + p, "output values")
    full = np.zeros(max(s * (ya.size - 1) + wa.size, p + n_out))
    idx = s * np.arange(ya.size)[:, None] + np.arange(wa.size)[None, :]
    with np.errstate(over="ignore", invalid="ignore"):
        np.add.at(full, idx, ya[:, None] * wa[None, :])
    V.finite_result("y or w", full)
    return full[p:p + n_out]


def conv_transpose2d(y: object, k: object, stride: object = 1, padding: object = 0,
                     output_padding: object = 0) -> np.ndarray:
    """2-D transposed convolution: each input cell scatters a scaled copy of ``k``; overlaps add.

    Parameters
    ----------
    y : array_like
        Input, shape ``(H', W')``.
    k : array_like
        Kernel, shape ``(kh, kw)``.
    stride, padding, output_padding : int or (int, int)
        ``s >= 1``, ``p >= 0`` (cropped from each side), ``0 <= a < s``.

    Returns
    -------
    numpy.ndarray
        Shape given by :func:`transposed_output_size` per axis.

    Notes
    -----
    .. math::  z[m, n] = \\sum_{r, c} \\sum_{u, v} y[r, c]\\, k[u, v]\\,
               [\\, s r + u - p = m,\\; s c + v - p = n \\,]

    equal to ``Cᵀ y.ravel()`` with ``C = conv_matrix(z.shape, k, stride, padding)``.
    """
    ya, ka = _as_array("y", y, (2,)), _as_array("k", k, (2,))
    s, p = _pair("stride", stride, 1), _pair("padding", padding, 0)
    a = _pair("output_padding", output_padding, 0)
    out = tuple(_transposed_size(ya.shape[ax], ka.shape[ax], s[ax], p[ax], a[ax], "y", "k")
                for ax in range(2))
    V.check_elements("stride", (s[0] * ya.shape[0] + ka.shape[0] + p[0])
                     * (s[1] * ya.shape[1] + ka.shape[1] + p[1]), "output values")
    V.check_elements("y and k", 4 * ya.size * ka.size, "scatter products")
    full = np.zeros(tuple(max(s[ax] * (ya.shape[ax] - 1) + ka.shape[ax], p[ax] + out[ax])
                          for ax in range(2)))
    r, c, u, v = np.meshgrid(*(np.arange(n) for n in (*ya.shape, *ka.shape)), indexing="ij")
    with np.errstate(over="ignore", invalid="ignore"):
        np.add.at(full, (s[0] * r + u, s[1] * c + v), ya[r, c] * ka[u, v])
    V.finite_result("y or k", full)
    return full[p[0]:p[0] + out[0], p[1]:p[1] + out[1]]


@dataclass(frozen=True)
class ScatterStep:
    """One input cell of a transposed convolution: where its scaled kernel lands.

    ``rows``/``cols`` index the uncropped output canvas (``s·r + u``, ``s·c + v``);
    ``block = y[r, c] · k``; ``canvas`` is the running sum after adding it.
    """

    r: int
    c: int
    value: float
    rows: np.ndarray
    cols: np.ndarray
    block: np.ndarray
    canvas: np.ndarray


@dataclass(frozen=True)
class ScatterSteps:
    """A 2-D transposed convolution, input cell by input cell (what the scene animates)."""

    y: np.ndarray
    k: np.ndarray
    stride: tuple[int, int]
    padding: tuple[int, int]
    steps: tuple[ScatterStep, ...]
    canvas: np.ndarray
    """The uncropped sum, shape ``s(i − 1) + k`` per axis."""
    z: np.ndarray
    """The output: ``canvas`` with ``padding`` cropped from each side (:func:`conv_transpose2d`)."""
    counts: np.ndarray
    """How many kernel copies cover each canvas cell."""


def conv_transpose2d_steps(y: object, k: object, stride: object = 1,
                           padding: object = 0) -> ScatterSteps:
    r""":func:`conv_transpose2d` as scatter-add steps in row-major order of ``y``.

    .. math::  \text{canvas} \mathrel{+}= y[r, c]\, k \ \text{ on rows } s r .. s r + k_h - 1,
               \text{ columns } s c .. s c + k_w - 1
    """
    ya, ka = _as_array("y", y, (2,)), _as_array("k", k, (2,))
    s, p = _pair("stride", stride, 1), _pair("padding", padding, 0)
    if ya.size > MAX_STEP_CELLS:
        raise ValueError(f"y has {ya.size} cells, more than the {MAX_STEP_CELLS} steps "
                         f"conv_transpose2d_steps builds (one per cell)")
    V.check_elements("y, k and stride", ya.size * (s[0] * ya.shape[0] + ka.shape[0])
                     * (s[1] * ya.shape[1] + ka.shape[1]), "canvas values (one canvas per step)")
    z = conv_transpose2d(ya, ka, s, p)
    shape = tuple(s[ax] * (ya.shape[ax] - 1) + ka.shape[ax] for ax in range(2))
    canvas = np.zeros(shape)
    counts = np.zeros(shape, dtype=int)
    steps = []
    for r in range(ya.shape[0]):  # one step per input cell: tiny, one per animation beat
        for c in range(ya.shape[1]):
            rows = s[0] * r + np.arange(ka.shape[0])
            cols = s[1] * c + np.arange(ka.shape[1])
            block = ya[r, c] * ka
            canvas = canvas.copy()
            canvas[np.ix_(rows, cols)] += block
            counts[np.ix_(rows, cols)] += 1
            steps.append(ScatterStep(r=r, c=c, value=float(ya[r, c]), rows=rows, cols=cols,
                                     block=block, canvas=canvas))
    return ScatterSteps(y=ya, k=ka, stride=s, padding=p, steps=tuple(steps), canvas=canvas,
                        z=z, counts=counts)


def overlap_counts(input_shape: object, k: object, stride: object = 1,
                   padding: object = 0) -> np.ndarray:
    """How many kernel copies of a transposed convolution cover each output cell.

    ``input_shape`` is ``i`` (1-D) or ``(H', W')``; ``k`` the kernel size (int or pair).
    It is the transposed convolution of all-ones with an all-ones kernel: when ``k`` is
    not a multiple of ``s`` the counts alternate (the checkerboard artefact, Odena et
    al., "Deconvolution and Checkerboard Artifacts", Distill 2016); when it is, they are
    flat away from the border.
    """
    shape = _shape("input_shape", input_shape, "i or (H', W')")
    kk = _int("k", k, 1) if len(shape) == 1 else _pair("k", k, 1)
    V.check_elements("input_shape and k", 4 * int(np.prod(shape)) * int(np.prod(kk)), "scatter products")
    if len(shape) == 1:
        return np.rint(conv_transpose1d(np.ones(shape), np.ones(kk), stride, padding)).astype(int)
    kk = _pair("k", k, 1)
    return np.rint(conv_transpose2d(np.ones(shape), np.ones(kk), stride, padding)).astype(int)


@dataclass(frozen=True)
class OverlapProfile:
    """Overlap counts of a transposed convolution, split into border and interior.

    ``interior`` marks cells at least ``k − 1`` away from every edge, which an unbounded
    input would cover just as often; ``interior_values`` are the distinct counts there.
    ``uniform`` is True when they are all equal (no checkerboard).
    """

    counts: np.ndarray
    interior: np.ndarray
    interior_values: tuple[int, ...]
    uniform: bool


def overlap_profile(input_shape: object, k: object, stride: object = 1) -> OverlapProfile:
    """:func:`overlap_counts` with the interior's distinct values (checkerboard or flat).

    For stride ``s`` and kernel ``k`` the interior counts are ``⌈k/s⌉`` or ``⌊k/s⌋``
    per axis (their product in 2-D): all equal exactly when ``s`` divides ``k``.
    """
    counts = overlap_counts(input_shape, k, stride)
    shape = counts.shape
    kk = _pair("k", k, 1) if len(shape) == 2 else (_int("k", k, 1),)
    mask = np.ones(shape, dtype=bool)
    for ax, n in enumerate(shape):
        idx = np.arange(n)
        inside = (idx >= kk[ax] - 1) & (idx <= n - kk[ax])
        mask &= inside.reshape([-1 if a == ax else 1 for a in range(len(shape))])
    values = tuple(int(v) for v in np.unique(counts[mask]))
    return OverlapProfile(counts=counts, interior=mask, interior_values=values,
                          uniform=len(values) == 1)


# ---------------------------------------------------------------- cost of a layer


DTYPE_BYTES: dict[str, int] = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8}
"""Bytes one stored parameter takes, per number format."""


@dataclass(frozen=True)
class LayerCost:
    """Parameters and multiply-adds of one layer (``flops = 2 · multiply_adds``)."""

    params: int
    weights: int
    biases: int
    multiply_adds: int

    @property
    def flops(self) -> int:
        """Floating-point operations, counting a multiply-add as two (a multiply and an add):
        :math:`\\text{FLOPs} = 2 \\cdot \\text{MACs}`."""
        return 2 * self.multiply_adds

    def memory_bytes(self, dtype: str = "float32") -> int:
        """Memory the parameters take: :math:`P \\cdot b`, with ``b`` bytes per parameter
        (:data:`DTYPE_BYTES`: 4 for float32)."""
        if not isinstance(dtype, str) or dtype not in DTYPE_BYTES:
            raise ValueError(f"dtype must be one of {sorted(DTYPE_BYTES)}, got {dtype!r}")
        return self.params * DTYPE_BYTES[dtype]


def conv_layer_cost(c_in: int, c_out: int, k: object, out_h: int, out_w: int,
                    bias: bool = True) -> LayerCost:
    """Parameters and multiply-adds of a 2-D convolution layer.

    Notes
    -----
    .. math::  P = C_{out} C_{in} k_h k_w + C_{out}\\,[\\text{bias}], \\qquad
               \\text{MACs} = C_{out}\\, o_h\\, o_w\\, C_{in} k_h k_w

    The weights are shared by every output position, so ``P`` does not depend on the
    image size while the multiply-adds grow with it.
    """
    c_in, c_out = _int("c_in", c_in, 1, None), _int("c_out", c_out, 1, None)
    kh, kw = _pair("k", k, 1, None)
    out_h, out_w = _int("out_h", out_h, 1, None), _int("out_w", out_w, 1, None)
    weights = c_out * c_in * kh * kw
    biases = c_out if V.flag("bias", bias) else 0
    return LayerCost(params=weights + biases, weights=weights, biases=biases,
                     multiply_adds=c_out * out_h * out_w * c_in * kh * kw)


def dense_layer_cost(n_in: int, n_out: int, bias: bool = True) -> LayerCost:
    """Parameters and multiply-adds of a fully connected layer ``y = W x + b``.

    .. math::  P = n_{in} n_{out} + n_{out}\\,[\\text{bias}], \\qquad \\text{MACs} = n_{in} n_{out}
    """
    n_in, n_out = _int("n_in", n_in, 1, None), _int("n_out", n_out, 1, None)
    biases = n_out if V.flag("bias", bias) else 0
    return LayerCost(params=n_in * n_out + biases, weights=n_in * n_out, biases=biases,
                     multiply_adds=n_in * n_out)


@dataclass(frozen=True)
class ConvVsDense:
    """One conv layer and the dense layer with the same input and output sizes."""

    in_shape: tuple[int, int, int]
    """``(C_in, H, W)``."""
    out_shape: tuple[int, int, int]
    """``(C_out, H', W')`` from :func:`conv_output_size`."""
    conv: LayerCost
    dense: LayerCost
    dense_in: int
    """``C_in H W``: inputs of the dense layer."""
    dense_out: int
    """``C_out H' W'``: outputs of the dense layer."""
    param_ratio: float
    """``dense.params / conv.params``."""
    mac_ratio: float
    """``dense.multiply_adds / conv.multiply_adds``."""


def conv_vs_dense(h: int, w: int, c_in: int, c_out: int, k: int, stride: int = 1,
                  padding: int = 0, bias: bool = True) -> ConvVsDense:
    """Cost of a ``k × k`` conv layer vs a dense layer mapping the same input to the same output.

    .. math::  P_{conv} = C_{out} C_{in} k^2 + C_{out}, \\qquad
               P_{dense} = (C_{in} H W)(C_{out} H' W') + C_{out} H' W'

    The conv layer's parameters do not depend on ``H, W`` (weight sharing); the dense
    layer's grow with the product of input and output sizes.
    """
    h, w = _int("h", h, 1, None), _int("w", w, 1, None)
    c_in, c_out, k = _int("c_in", c_in, 1, None), _int("c_out", c_out, 1, None), _int("k", k, 1, None)
    stride, padding, bias = _int("stride", stride, 1, None), _int("padding", padding, 0, None), V.flag("bias", bias)
    oh = conv_output_size(h, k, stride, padding)
    ow = conv_output_size(w, k, stride, padding)
    conv = conv_layer_cost(c_in, c_out, k, oh, ow, bias)
    dense = dense_layer_cost(c_in * h * w, c_out * oh * ow, bias)
    return ConvVsDense(in_shape=(c_in, h, w), out_shape=(c_out, oh, ow), conv=conv, dense=dense,
                       dense_in=c_in * h * w, dense_out=c_out * oh * ow,
                       param_ratio=dense.params / conv.params,
                       mac_ratio=dense.multiply_adds / conv.multiply_adds)
