"""Convolution lessons: each scene's parameters and everything it shows, from dlmath."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlmath.convolution import (
    ContinuousConv,
    ConvAsMatrix,
    ConvSteps,
    ConvVsDense,
    CorrSteps,
    Correlate2DSteps,
    OverlapProfile,
    PiecewiseFn,
    ScatterSteps,
    continuous_conv,
    conv1d_steps,
    conv_as_matrix,
    conv_output_size,
    conv_transpose2d_steps,
    conv_vs_dense,
    correlate1d_steps,
    correlate2d,
    correlate2d_steps,
    effective_kernel_size,
    exp_decay,
    overlap_profile,
    rect,
)
from lessons import Lesson, Params, param
from scenes.style import fmt_num

__all__ = ["LESSONS",
           "Conv1DFlipShiftParams", "Conv1DFlipShiftData", "conv1d_flip_shift",
           "ConvVsCorrelationParams", "ConvVsCorrelationData", "conv_vs_correlation",
           "ContinuousConvolutionParams", "ContinuousConvolutionData", "CcStop",
           "continuous_convolution",
           "Conv2DGridParams", "Conv2DGridData", "GridRun", "conv2d_grid",
           "ConvAsMatrixParams", "conv_as_matrix_lesson",
           "TransposedConvScatterParams", "TransposedConvScatterData", "transposed_conv_scatter",
           "TransposedCheckerboardParams", "TransposedCheckerboardData", "CheckerboardPanel",
           "transposed_checkerboard",
           "ConvLayerCostParams", "ConvLayerCostData", "conv_layer_cost_lesson"]


# ---------------------------------------------------------------- Conv1DFlipShift

FLIP_SHIFT_MAX_X, FLIP_SHIFT_MAX_H = 6, 3
"""Longest x and h: the strip has N + 2K − 2 index columns (one per position the kernel
visits) at 1 unit each beside the row names; 6 + 2·3 − 2 = 10 is what the frame holds,
and a y[n] line holds at most 3 products."""


@dataclass(frozen=True)
class Conv1DFlipShiftParams(Params):
    """Conv1DFlipShift's inputs (defaults: the lecture notes' example)."""

    x: tuple[float, ...] = param((1.0, 2.0, 3.0), "the signal x[k], k = 0, 1, …",
                                 length=(1, FLIP_SHIFT_MAX_X), low=-9.5, high=9.5)
    h: tuple[float, ...] = param((0.0, 1.0, 0.5), "the kernel h[k], k = 0, 1, …",
                                 length=(1, FLIP_SHIFT_MAX_H), low=-9.5, high=9.5)



@dataclass(frozen=True)
class Conv1DFlipShiftData:
    """What Conv1DFlipShift draws."""

    conv: ConvSteps
    """x, h, the flipped kernel and every step n: overlap k, x[k], h[n−k], products, y[n]."""
    columns: np.ndarray
    """Every index the kernel visits: −(K−1) … N+K−2 (one column each on screen)."""
    y_low: float
    """Lowest point of the stem plot (0, or the most negative y[n])."""
    y_high: float
    """Highest point of the stem plot (at least 1, so small outputs keep a visible scale)."""


def conv1d_flip_shift(params: Conv1DFlipShiftParams) -> Conv1DFlipShiftData:
    """y = x * h as flip, shift, multiply, sum (:func:`dlmath.convolution.conv1d_steps`)."""
    conv = conv1d_steps(params.x, params.h)
    columns = np.arange(-(conv.h.size - 1), conv.x.size + conv.h.size - 1)
    return Conv1DFlipShiftData(conv=conv, columns=columns,
                               y_low=float(min(0.0, conv.y.min())),
                               y_high=float(max(1.0, conv.y.max())))


# ---------------------------------------------------------------- shared limits

CELL_MAX_CHARS = 4
"""Most characters a number may take inside a grid cell (``-12``, ``2.5``, ``-0.5``): a cell
shrinks longer numbers to fit its box, and five characters at the small cell sizes of
the 2-D scenes fall under the ~24 px readable size at 1080p."""


def _matrix(values: tuple[tuple[float, ...], ...]) -> np.ndarray:
    return np.array(values, dtype=float)


def _too_wide(values) -> bool:
    """Whether a number of ``values`` is longer than :data:`CELL_MAX_CHARS` on screen."""
    return any(len(fmt_num(v)) > CELL_MAX_CHARS for v in np.ravel(values))


def _refuse_non_square(p: Params, name: str) -> None:
    value = getattr(p, name)
    if len(value) != len(value[0]):
        p.refuse(name, value, "a square grid (as many rows as columns): the scene shows one "
                              "size i (or k) for both axes")


# ---------------------------------------------------------------- ConvVsCorrelation

VS_MAX_COLUMNS = 8
"""Most index columns a panel holds: each half of the frame is 7.1 units wide, a column
0.66; the N + 2K − 2 columns (every position the kernel visits) plus the row names must
stay inside the half (9 columns put the x label past the safe margin)."""
VS_MAX_H = 3
"""Longest kernel: a step's equation line holds at most 3 products at half-frame width."""
VS_MAX_CHARS = 5
"""Most characters of an output y[n] or c[m] (``90.25``): the output cells are 0.54 wide
and shrink longer numbers below the readable size."""


@dataclass(frozen=True)
class ConvVsCorrelationParams(Params):
    """ConvVsCorrelation's inputs (the same x and h go into both operations)."""

    x: tuple[float, ...] = param((1.0, 2.0, 3.0), "the signal x[k], k = 0, 1, …",
                                 length=(1, VS_MAX_COLUMNS - 2), low=-9.5, high=9.5)
    h: tuple[float, ...] = param((0.0, 1.0, 0.5), "the kernel h[k]; asymmetric, so that the "
                                 "flip shows", length=(2, VS_MAX_H), low=-9.5, high=9.5)

    def check(self) -> None:
        if len(self.x) + 2 * len(self.h) - 2 > VS_MAX_COLUMNS:
            self.refuse("x", self.x, f"x and h together may span at most {VS_MAX_COLUMNS} "
                        f"columns: len(x) + 2·len(h) − 2 ≤ {VS_MAX_COLUMNS}")
        if self.h == self.h[::-1]:
            self.refuse("h", self.h, "an asymmetric kernel (h reversed ≠ h): with a symmetric "
                        "one convolution and cross-correlation agree, nothing to compare")
        data = conv_vs_correlation(self)
        if any(len(fmt_num(v)) > VS_MAX_CHARS for v in np.r_[data.conv.y, data.corr.c]):
            self.refuse("x", self.x, f"values whose outputs y[n], c[m] print in at most "
                                     f"{VS_MAX_CHARS} characters (they fill 0.54-wide cells)")


@dataclass(frozen=True)
class ConvVsCorrelationData:
    """What ConvVsCorrelation draws: both operations step by step, over the same columns."""

    conv: ConvSteps
    """y = x * h: every shift n with its overlap, products and y[n]."""
    corr: CorrSteps
    """c = x ⋆ h: every lag m with its overlap, products and c[m]."""
    columns: np.ndarray
    """Every index the kernel visits: −(K−1) … N+K−2 (one column each in both panels)."""


def conv_vs_correlation(params: ConvVsCorrelationParams) -> ConvVsCorrelationData:
    """:func:`conv1d_steps` and :func:`correlate1d_steps` of the same x and h."""
    conv, corr = conv1d_steps(params.x, params.h), correlate1d_steps(params.x, params.h)
    columns = np.arange(-(conv.h.size - 1), conv.x.size + conv.h.size - 1)
    return ConvVsCorrelationData(conv=conv, corr=corr, columns=columns)


# ---------------------------------------------------------------- ContinuousConvolution

CC_T_RANGE = (-2.0, 5.0)
"""The τ and t axes: 7 units drawn 11 wide, one tick a unit."""
CC_TOP_HIGH = 1.2
"""Top of the τ axes (f and g are drawn there; g peaks at 1)."""
CC_F_MAX_HEIGHT = 1.0
"""Tallest box f: its label f(τ) sits above it, and at 1.2 runs into the closed form that
ends the scene (three rows of cases at the top right)."""
CC_BOTTOM_HIGH = 0.8
"""Top of the t axis for the default example (peak 0.63); the axis top is the peak of
f * g plus a quarter, rounded up to 0.1, so the curve fills its axes at any size."""
CC_SAMPLES = 701
"""Samples of τ per curve (a 0.01 step over the 7-unit axis)."""
CC_STEPS = {"f_start": 0.5, "f_width": 0.5, "g_rate": 0.5, "f_height": 0.1}
"""f's start and width and g's rate are multiples of 0.5, A a multiple of 0.1: they appear
in the closed forms on screen, where products like λa become exponents (a = 1.5, λ = 3.7
prints e^{111/20} in a three-storey fraction)."""
CC_MAX_LATEX = 200
"""Longest closed form (LaTeX characters) the top-right corner shows legibly: the default
prints in 116, a = 2, λ = 1.5 in 190; a = −1.5, λ = 3.5 in 267 (nested exponent fractions
shrunk below the readable size)."""
CC_CLOSED_MAX_HEIGHT = 1.5
"""The closed form is shrunk to this height so it fits between the title and the axes."""
CC_MAX_STOPS = 6
"""Most pauses of the slide (each adds ~4 s)."""


@dataclass(frozen=True)
class ContinuousConvolutionParams(Params):
    """ContinuousConvolution's inputs: a box f and a causal exponential g."""

    f_start: float = param(0.0, "a: f(t) = A on [a, a + w), 0 elsewhere", low=-1.5, high=3.0)
    f_width: float = param(1.0, "w: the width of the box f", low=0.5, high=3.0)
    f_height: float = param(1.0, "A: the height of the box f (its label stays under the "
                            "closed form)", low=0.3, high=CC_F_MAX_HEIGHT)
    g_rate: float = param(1.0, "λ: g(t) = e^{−λt} for t ≥ 0, 0 before", low=0.5, high=4.0)
    stops: tuple[float, ...] = param((-1.0, 0.5, 1.0, 2.5, 4.5),
                                     "values of t where the slide pauses: the first before "
                                     "the overlap (t ≤ a), the others inside it (t > a)",
                                     length=(2, CC_MAX_STOPS), low=CC_T_RANGE[0] + 0.5,
                                     high=CC_T_RANGE[1])

    def check(self) -> None:
        for name, step in CC_STEPS.items():
            v = getattr(self, name)
            if abs(v / step - round(v / step)) > 1e-9:
                self.refuse(name, v, f"a multiple of {step:g} (it is printed in the closed "
                                     "form)")
        if self.f_start + self.f_width > CC_T_RANGE[1] - 0.5:
            self.refuse("f_width", self.f_width, f"a + w ≤ {CC_T_RANGE[1] - 0.5:g}: the box "
                                                 "must end inside the τ axis")
        if any(b <= a for a, b in zip(self.stops, self.stops[1:])):
            self.refuse("stops", self.stops, "increasing values of t")
        if self.stops[0] > self.f_start:
            self.refuse("stops", self.stops, f"a first stop t ≤ a = {self.f_start:g}, where "
                                             "g(t − τ) does not overlap f yet")
        closed = continuous_convolution(self).conv.latex()
        if len(closed) > CC_MAX_LATEX:
            self.refuse("g_rate", self.g_rate, f"a rate whose closed form with a = "
                        f"{self.f_start:g}, w = {self.f_width:g} prints in at most "
                        f"{CC_MAX_LATEX} LaTeX characters (it has {len(closed)}); a = 0 or a "
                        "whole-number λ keeps it short")
        if self.stops[1] <= self.f_start:
            self.refuse("stops", self.stops, f"stops after the first past a = {self.f_start:g}, "
                                             "where g(t − τ) overlaps f (each pause's caption "
                                             "names the overlap)")


@dataclass(frozen=True)
class CcStop:
    """One pause of the slide."""

    t: float
    value: float
    """(f*g)(t), from the closed form."""
    overlap: tuple[float, float] | None
    """[τ_lo, τ_hi] where f(τ) g(t − τ) ≠ 0; None at the first stop only (checked)."""


@dataclass(frozen=True)
class ContinuousConvolutionData:
    """What ContinuousConvolution draws."""

    f: PiecewiseFn
    g: PiecewiseFn
    conv: ContinuousConv
    """(f*g)(t) in closed form: callable, its overlap(t), integrand(t, τ) and latex()."""
    taus: np.ndarray
    """The τ (and t) samples the curves are drawn through."""
    f_values: np.ndarray
    g_values: np.ndarray
    g_flipped: np.ndarray
    """g(−τ)."""
    stops: tuple[CcStop, ...]
    t_range: tuple[float, float]
    bottom_high: float
    """Top of the t axis: the peak of f * g plus a quarter, rounded up to 0.1."""
    f_label_at: tuple[float, float]
    """(τ, value) above which f(τ) is named: the box's top centre."""
    g_label_tau: float
    """τ beside which g(τ) is named (g(−τ) at −τ)."""
    g_label_value: float
    closed_tex: str
    """``conv.latex()``: its zero row says where it holds in math (``t < a``), so the closed
    form reads the same in every language."""


def continuous_convolution(params: ContinuousConvolutionParams) -> ContinuousConvolutionData:
    """f = A·rect(a, a + w), g = e^{−λt}u(t) and their closed-form convolution."""
    a, w = params.f_start, params.f_width
    f = rect(a, round(a + w, 6), params.f_height, name="f")
    g = exp_decay(params.g_rate, name="g")
    conv = continuous_conv(f, g)
    taus = np.linspace(*CC_T_RANGE, CC_SAMPLES)
    peak = float(np.max(conv(taus)))
    stops = tuple(CcStop(t=t, value=float(conv(t)), overlap=conv.overlap(t))
                  for t in params.stops)
    g_tau = 1.6
    return ContinuousConvolutionData(
        f=f, g=g, conv=conv, taus=taus, f_values=f(taus), g_values=g(taus), g_flipped=g(-taus),
        stops=stops, t_range=CC_T_RANGE,
        bottom_high=float(np.ceil(round(peak * 1.25 * 10, 6)) / 10),
        f_label_at=(a + w / 2, params.f_height), g_label_tau=g_tau,
        g_label_value=float(g(g_tau)), closed_tex=conv.latex())


# ---------------------------------------------------------------- Conv2DGrid

GRID_MAX_PADDED = 10
"""Widest padded input i + 2p: its cells shrink to 4.2/(i + 2p) units (0.42 at 10, the
smallest whose numbers stay readable) in the left third of the frame."""
GRID_MAX_OUT = 5
"""Largest output side o: 0.7-unit cells in the right third; o² window steps (25 at 5)."""
GRID_MAX_K = 3
"""Largest kernel: the kernel and the products grid (0.55-unit cells) are stacked in the
middle column between the settings line and the size formula; 4 rows would overlap."""
DILATION_RUN_STRIDE, DILATION_RUN_PADDING = 1, 0
"""The second run shows dilation alone: stride 1, no padding."""


@dataclass(frozen=True)
class Conv2DGridParams(Params):
    """Conv2DGrid's inputs: one image and kernel, two runs (stride + padding, then dilation).

    The kernel (2–3) is never larger than the image (3–8), so the first run's output is
    never empty; the dilated kernel k̂ can be, and is checked.
    """

    x: tuple[tuple[float, ...], ...] = param(
        ((0.0, 0.0, 1.0, 2.0, 2.0, 1.0),
         (0.0, 1.0, 3.0, 3.0, 2.0, 0.0),
         (1.0, 3.0, 3.0, 2.0, 1.0, 0.0),
         (2.0, 3.0, 2.0, 1.0, 0.0, 0.0),
         (2.0, 2.0, 1.0, 0.0, 0.0, 1.0),
         (1.0, 0.0, 0.0, 0.0, 1.0, 2.0)),
        "the input image x (i × i)", length=(3, 8), width=(3, 8), low=-9, high=9)
    k: tuple[tuple[float, ...], ...] = param(
        ((1.0, 0.0, -1.0), (2.0, 0.0, -2.0), (1.0, 0.0, -1.0)),
        "the kernel k (k × k)", length=(2, GRID_MAX_K), width=(2, GRID_MAX_K), low=-9, high=9)
    stride: int = param(2, "s: the stride of the first run", low=1, high=3)
    padding: int = param(1, "p: zero padding of the first run (rings of zeros)", low=0, high=2)
    dilation: int = param(2, "d: the dilation of the second run (stride 1, no padding)",
                          low=2, high=3)

    def check(self) -> None:
        _refuse_non_square(self, "x")
        _refuse_non_square(self, "k")
        i, k = len(self.x), len(self.k)
        if i + 2 * self.padding > GRID_MAX_PADDED:
            self.refuse("padding", self.padding, f"i + 2p ≤ {GRID_MAX_PADDED} (the padded "
                                                 f"grid's cells get too small); i = {i}")
        if (i + 2 * self.padding - k) // self.stride + 1 > GRID_MAX_OUT:
            self.refuse("stride", self.stride, f"an output of at most {GRID_MAX_OUT}×"
                        f"{GRID_MAX_OUT}: ⌊(i + 2p − k)/s⌋ + 1 ≤ {GRID_MAX_OUT}")
        khat = k + (k - 1) * (self.dilation - 1)
        if khat > i:
            self.refuse("dilation", self.dilation, f"a dilated kernel k̂ = k + (k−1)(d−1) "
                                                   f"no larger than i = {i} (o ≥ 1)")
        if i - khat + 1 > GRID_MAX_OUT:
            self.refuse("dilation", self.dilation, f"an output of at most {GRID_MAX_OUT}×"
                        f"{GRID_MAX_OUT} in the dilation run: i − k̂ + 1 ≤ {GRID_MAX_OUT}")
        for run in conv2d_grid(self).runs:
            if _too_wide(run.steps.y) or any(_too_wide(st.products) for st in run.steps.steps):
                self.refuse("x", self.x, f"values whose products and sums print in at most "
                                         f"{CELL_MAX_CHARS} characters (they fill cells)")


@dataclass(frozen=True)
class GridRun:
    """One run over the image."""

    steps: Correlate2DSteps
    """The padded input, kernel and every output cell's window, products and sum."""
    stride: int
    padding: int
    dilation: int
    pad_mask: np.ndarray
    """True on the zero-padding ring of ``steps.x_padded`` (drawn quietly)."""
    khat: int
    """k̂ = k + (k−1)(d−1)."""
    out_size: int
    """o = ⌊(i + 2p − k̂)/s⌋ + 1 (dlmath's formula; equals the side of ``steps.y``)."""


@dataclass(frozen=True)
class Conv2DGridData:
    """What Conv2DGrid draws: the stride + padding run, then the dilation run."""

    runs: tuple[GridRun, ...]
    k_flipped: np.ndarray
    """The kernel turned by 180°, ``k[K−1−u, K−1−v]``: what convolution (the notes' definition,
    with the flip) would slide; CNN layers slide ``k`` itself (cross-correlation)."""


def conv2d_grid(params: Conv2DGridParams) -> Conv2DGridData:
    """:func:`correlate2d_steps` twice, with the output-size formula's terms."""
    settings = ((params.stride, params.padding, 1),
                (DILATION_RUN_STRIDE, DILATION_RUN_PADDING, params.dilation))
    runs = []
    i, k = len(params.x), len(params.k)
    for s, p, d in settings:
        steps = correlate2d_steps(params.x, params.k, stride=s, padding=p, dilation=d)
        mask = np.ones(steps.x_padded.shape, dtype=bool)
        mask[p:p + steps.x.shape[0], p:p + steps.x.shape[1]] = False
        runs.append(GridRun(steps=steps, stride=s, padding=p, dilation=d, pad_mask=mask,
                            khat=effective_kernel_size(k, d),
                            out_size=conv_output_size(i, k, s, p, d)))
    kernel = np.asarray(params.k, dtype=float)
    return Conv2DGridData(runs=tuple(runs), k_flipped=kernel[::-1, ::-1].copy())


# ---------------------------------------------------------------- ConvAsMatrix

MX_MAX_SIDE = 3
"""Largest image side: the unrolled x (H·W cells of 0.48, numbers at the readable 24) and
the H·W columns of C must fit between the title and the row-times-vector line at the
bottom (9 cells = 4.3 units); the x grid sits at the left edge."""
MX_MAX_TAPS = 4
"""Most kernel taps: each tap has its own colour in C (four categorical colours that are
neither the signal's blue nor the highlight)."""


@dataclass(frozen=True)
class ConvAsMatrixParams(Params):
    """ConvAsMatrix's inputs: a small image and kernel (stride 1, no padding)."""

    x: tuple[tuple[float, ...], ...] = param(
        ((1.0, 2.0, 0.0), (3.0, 1.0, 2.0), (0.0, 1.0, 3.0)), "the image x (H × W)",
        length=(2, MX_MAX_SIDE), width=(2, MX_MAX_SIDE), low=-9, high=9)
    k: tuple[tuple[float, ...], ...] = param(
        ((2.0, 1.0), (-1.0, 3.0)), "the kernel k (k_h × k_w)", length=(1, MX_MAX_SIDE),
        width=(1, MX_MAX_SIDE), low=-9, high=9)

    def check(self) -> None:
        (h, w), (kh, kw) = _matrix(self.x).shape, _matrix(self.k).shape
        if kh > h or kw > w:
            self.refuse("k", self.k, f"a kernel no larger than the image ({h}×{w})")
        if kh * kw > MX_MAX_TAPS:
            self.refuse("k", self.k, f"at most {MX_MAX_TAPS} taps (one colour each)")
        if (kh, kw) == (h, w):
            self.refuse("k", self.k, "a kernel smaller than the image in some direction "
                                     "(else C has a single full row: nothing sparse to show)")
        if _too_wide(conv_as_matrix(self.x, self.k).y_flat):
            self.refuse("x", self.x, f"values whose outputs print in at most "
                                     f"{CELL_MAX_CHARS} characters (they fill cells)")


def conv_as_matrix_lesson(params: ConvAsMatrixParams) -> ConvAsMatrix:
    """:func:`conv_as_matrix`: C, its tap map, C·vec(x) and the sliding result."""
    return conv_as_matrix(params.x, params.k)


# ---------------------------------------------------------------- TransposedConvScatter

TR_MAX_SIDE = 5
"""Largest image side: x (0.48-unit cells, numbers at the readable 24) at the left edge, y,
and the canvas (0.6-unit cells) in a row with arrows between them; a 6×6 x pushes its
arrow label into y."""
TR_MAX_Y = 3
"""Largest side of y: its m² cells each scatter a kernel (~4 s a step)."""


@dataclass(frozen=True)
class TransposedConvScatterParams(Params):
    """TransposedConvScatter's inputs: x → y = x ⋆ k (stride s) → x' = Cᵀy (k ≤ 3 ≤ n)."""

    x: tuple[tuple[float, ...], ...] = param(
        ((1.0, 0.0, 2.0, 1.0, 0.0),
         (0.0, 2.0, 1.0, 0.0, 2.0),
         (2.0, 0.0, 1.0, 1.0, 3.0),
         (1.0, 1.0, 0.0, 1.0, 1.0),
         (0.0, 2.0, 1.0, 0.0, 0.0)),
        "the image x (n × n)", length=(3, TR_MAX_SIDE), width=(3, TR_MAX_SIDE), low=-9, high=9)
    k: tuple[tuple[float, ...], ...] = param(
        ((1.0, 0.0, 1.0), (0.0, 1.0, 0.0), (1.0, 1.0, 0.0)), "the kernel k (k × k)",
        length=(2, 3), width=(2, 3), low=-9, high=9)
    stride: int = param(2, "s: the stride of the forward convolution and of its transpose",
                        low=1, high=3)

    def check(self) -> None:
        _refuse_non_square(self, "x")
        _refuse_non_square(self, "k")
        n, k, s = len(self.x), len(self.k), self.stride
        if s >= k:
            self.refuse("stride", s, f"a stride smaller than k = {k}, so that the kernel "
                                     "copies overlap (the scene highlights where they add)")
        if (n - k) % s:
            self.refuse("stride", s, f"a stride dividing n − k = {n - k}, so that Cᵀy has "
                                     "x's shape (the scene compares them cell by cell)")
        if (n - k) // s + 1 > TR_MAX_Y:
            self.refuse("stride", s, f"a y of at most {TR_MAX_Y}×{TR_MAX_Y}: "
                                     f"(n − k)/s + 1 ≤ {TR_MAX_Y}")
        data = transposed_conv_scatter(self)
        if _too_wide(data.y) or _too_wide(data.scatter.canvas) or any(
                _too_wide(st.canvas) for st in data.scatter.steps):
            self.refuse("x", self.x, f"values whose y and running sums print in at most "
                                     f"{CELL_MAX_CHARS} characters (they fill cells)")
        if np.allclose(data.scatter.canvas, data.x):
            self.refuse("k", self.k, "a kernel for which Cᵀy differs from x (the scene's "
                                     "point: the transpose is not the inverse)")


@dataclass(frozen=True)
class TransposedConvScatterData:
    """What TransposedConvScatter draws."""

    x: np.ndarray
    y: np.ndarray
    """The forward pass y = x ⋆ k with stride s (:func:`correlate2d`)."""
    scatter: ScatterSteps
    """Cᵀy as scatter-add steps: each y cell's block y[r,c]·k and the running canvas."""
    shared: np.ndarray
    """True where more than one kernel copy landed (highlighted)."""


def transposed_conv_scatter(params: TransposedConvScatterParams) -> TransposedConvScatterData:
    """y = x ⋆ k (stride s), then :func:`conv_transpose2d_steps` of y with the same k, s."""
    y = correlate2d(params.x, params.k, stride=params.stride)
    scatter = conv_transpose2d_steps(y, params.k, stride=params.stride)
    return TransposedConvScatterData(x=_matrix(params.x), y=y, scatter=scatter,
                                     shared=scatter.counts > 1)


# ---------------------------------------------------------------- TransposedCheckerboard

CB_MAX_CANVAS = 10
"""Largest canvas side s(n − 1) + k: two panels of 0.42-unit cells side by side; 10 rows
(4.2 units) fit between the lead line and the verdicts."""


@dataclass(frozen=True)
class TransposedCheckerboardParams(Params):
    """TransposedCheckerboard's inputs: an n × n input of ones, two kernel sizes, one stride."""

    input_size: int = param(4, "n: the input is n × n ones", low=2, high=5)
    stride: int = param(2, "s: the stride of both transposed convolutions", low=2, high=3)
    kernels: tuple[int, ...] = param((3, 4), "k₁, k₂: kernel sizes compared, k₁ not a multiple "
                                     "of s (uneven), k₂ a multiple (even)", length=(2, 2),
                                     low=1, high=9)

    def check(self) -> None:
        n, s = self.input_size, self.stride
        k1, k2 = self.kernels
        if k1 % s == 0:
            self.refuse("kernels", self.kernels, f"k₁ not a multiple of s = {s} (the uneven panel)")
        if k2 % s:
            self.refuse("kernels", self.kernels, f"k₂ a multiple of s = {s} (the even panel)")
        for kk in self.kernels:
            if s * (n - 1) + kk > CB_MAX_CANVAS:
                self.refuse("kernels", self.kernels, f"canvases of at most {CB_MAX_CANVAS} "
                            f"cells: s(n − 1) + k ≤ {CB_MAX_CANVAS}")
            if s * (n - 1) < kk - 1:
                self.refuse("input_size", n, f"an input large enough to have an interior for "
                            f"k = {kk}: s(n − 1) ≥ k − 1")
        if overlap_profile((n, n), k1, s).uniform:
            self.refuse("input_size", n, f"an input large enough that k = {k1}'s interior "
                                         "shows both counts")


@dataclass(frozen=True)
class CheckerboardPanel:
    """One kernel size: the all-ones transposed convolution and its overlap counts."""

    k: int
    scatter: ScatterSteps
    """Each input cell's footprint (rows, cols) on the canvas."""
    profile: OverlapProfile
    """Counts per canvas cell, the interior mask and its distinct values."""


@dataclass(frozen=True)
class TransposedCheckerboardData:
    panels: tuple[CheckerboardPanel, ...]


def transposed_checkerboard(params: TransposedCheckerboardParams) -> TransposedCheckerboardData:
    """:func:`conv_transpose2d_steps` of ones with a k×k kernel of ones, and
    :func:`overlap_profile`, for each kernel size."""
    n, s = params.input_size, params.stride
    return TransposedCheckerboardData(panels=tuple(
        CheckerboardPanel(k=kk, scatter=conv_transpose2d_steps(np.ones((n, n)), np.ones((kk, kk)),
                                                               stride=s),
                          profile=overlap_profile((n, n), kk, s))
        for kk in params.kernels))


# ---------------------------------------------------------------- ConvLayerCost

COST_LOG_TOP = 12
"""The bar chart's log axis runs 10⁰ … 10¹²: a dense layer with more parameters would
leave the axes (and its count, 16 digits, the table column)."""


@dataclass(frozen=True)
class ConvLayerCostParams(Params):
    """ConvLayerCost's inputs: one conv layer applied to images of growing size."""

    sizes: tuple[int, ...] = param((32, 224), "image sides H = W compared (CIFAR-10, ImageNet)",
                                   length=(1, 3), low=4, high=512)
    c_in: int = param(3, "C_in: input channels", low=1, high=64)
    c_out: int = param(16, "C_out: output channels (filters)", low=1, high=256)
    k: int = param(3, "k: the kernel is k × k", low=1, high=7)
    padding: int = param(1, "p: zero padding (stride 1)", low=0, high=3)

    def check(self) -> None:
        if any(b <= a for a, b in zip(self.sizes, self.sizes[1:])):
            self.refuse("sizes", self.sizes, "increasing image sides (the scene grows the image)")
        if self.k > min(self.sizes) + 2 * self.padding:
            self.refuse("k", self.k, "a kernel no larger than the padded image")
        try:
            results = conv_layer_cost_lesson(self).results
        except ValueError as err:  # dlmath's own bounds on layer sizes
            self.refuse("sizes", self.sizes, f"layers dlmath can count: {err}")
        for res in results:
            if res.dense.params > 10 ** COST_LOG_TOP:
                self.refuse("sizes", self.sizes, f"a dense layer of at most 10^{COST_LOG_TOP} "
                            f"parameters at every size (the top of the log axis); "
                            f"{res.in_shape[1]}×{res.in_shape[2]} needs {res.dense.params:,}")


@dataclass(frozen=True)
class ConvLayerCostData:
    results: tuple[ConvVsDense, ...]
    """One conv-vs-dense comparison per image size, in the order shown."""
    log_top: int
    """Exponent of the top of the log axis."""


def conv_layer_cost_lesson(params: ConvLayerCostParams) -> ConvLayerCostData:
    """:func:`conv_vs_dense` for every image size (stride 1)."""
    return ConvLayerCostData(
        results=tuple(conv_vs_dense(n, n, params.c_in, params.c_out, params.k,
                                    padding=params.padding) for n in params.sizes),
        log_top=COST_LOG_TOP)


LESSONS = (
    Lesson('Conv1DFlipShift', Conv1DFlipShiftParams, conv1d_flip_shift,
           'Discrete 1-D convolution read as flip the kernel, shift it, multiply, sum.',
           46.4),
    Lesson('ConvVsCorrelation', ConvVsCorrelationParams, conv_vs_correlation,
           'Convolution flips the kernel; cross-correlation, what CNN layers compute, does not.',
           48.0),
    Lesson('ContinuousConvolution', ContinuousConvolutionParams, continuous_convolution,
           'Continuous convolution: g(t−τ) slides over f(τ); the shaded overlap area is (f*g)(t).',
           48.2),
    Lesson('Conv2DGrid', Conv2DGridParams, conv2d_grid,
           '2-D cross-correlation (a CNN\'s convolution) on a number grid: zero padding, stride, '
           'dilation and the output-size formula; the flipped kernel convolution would use beside k.',
           62.4),
    Lesson('ConvAsMatrix', ConvAsMatrixParams, conv_as_matrix_lesson,
           'Cross-correlation (a CNN\'s convolution) is a matrix product y = Cx: a sparse C whose '
           'rows repeat the same few weights.',
           68.4),
    Lesson('TransposedConvScatter', TransposedConvScatterParams, transposed_conv_scatter,
           'Transposed convolution: every input cell scatters a scaled kernel, overlaps add; not an inverse.',
           43.2),
    Lesson('TransposedCheckerboard', TransposedCheckerboardParams, transposed_checkerboard,
           'Why transposed convolutions make checkerboards: uneven kernel overlap when k is not a multiple of s.',
           27.8),
    Lesson('ConvLayerCost', ConvLayerCostParams, conv_layer_cost_lesson,
           'Parameters, float32 memory, multiply-adds and FLOPs of a conv layer vs a dense layer on '
           'the same image: weight sharing.',
           43.8),
)
