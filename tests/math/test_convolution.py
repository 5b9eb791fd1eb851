"""dlmath.convolution against independent references.

numpy.convolve/correlate, scipy.signal.correlate2d, scipy.integrate.quad, scipy.linalg.toeplitz,
hand sums, and published numbers (Dumoulin & Visin 2016; VGG-16's parameter count).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import integrate, signal
from scipy.linalg import toeplitz

from dlmath.convolution import MODES, conv1d, conv1d_steps
from dlmath.convolution import (
    T,
    TAU,
    correlate2d,
    correlate2d_steps,
    conv_layer_cost,
    conv_as_matrix,
    conv_matrix,
    conv_matrix_taps,
    conv_output_size,
    conv_transpose1d,
    conv_transpose2d,
    conv_vs_dense,
    conv_transpose2d_steps,
    continuous_conv,
    correlate1d,
    correlate1d_steps,
    dense_layer_cost,
    effective_kernel_size,
    exp_decay,
    overlap_counts,
    overlap_profile,
    piecewise_fn,
    rect,
    transposed_output_size,
    unit_step,
)


def test_seed_example_matches_numpy_and_hand_values():
    # Hand-computed: y = [1*0, 1*1 + 2*0, 1*.5 + 2*1 + 3*0, 2*.5 + 3*1, 3*.5]
    expected = np.array([0.0, 1.0, 2.5, 4.0, 1.5])
    np.testing.assert_allclose(conv1d([1, 2, 3], [0, 1, 0.5]), expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(np.convolve([1, 2, 3], [0, 1, 0.5]), expected)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("n_x, n_h", [(1, 1), (5, 3), (3, 5), (8, 8), (13, 4), (4, 13), (2, 7)])
def test_random_inputs_match_numpy_convolve(mode, n_x, n_h):
    rng = np.random.default_rng(1234 + 31 * n_x + n_h)
    x, h = rng.normal(size=n_x), rng.normal(size=n_h)
    np.testing.assert_allclose(conv1d(x, h, mode), np.convolve(x, h, mode), rtol=1e-12, atol=1e-12)


def test_steps_are_flip_shift_multiply_sum():
    x, h = [1.0, 2.0, 3.0], [0.0, 1.0, 0.5]
    res = conv1d_steps(x, h)
    np.testing.assert_array_equal(res.h_flipped, [0.5, 1.0, 0.0])
    assert [s.n for s in res.steps] == [0, 1, 2, 3, 4]
    # n = 2: the flipped kernel [0.5, 1, 0] sits over k = 0, 1, 2
    s2 = res.steps[2]
    np.testing.assert_array_equal(s2.k, [0, 1, 2])
    np.testing.assert_array_equal(s2.h_values, [0.5, 1.0, 0.0])
    np.testing.assert_array_equal(s2.products, [0.5, 2.0, 0.0])
    assert s2.total == 2.5
    np.testing.assert_array_equal(res.kernel_positions(2), [0, 1, 2])
    np.testing.assert_array_equal(res.kernel_positions(0), [-2, -1, 0])
    np.testing.assert_allclose(res.y, np.convolve(x, h))


def test_steps_random_against_numpy():
    rng = np.random.default_rng(7)
    x, h = rng.normal(size=9), rng.normal(size=4)
    res = conv1d_steps(x, h)
    np.testing.assert_allclose([s.total for s in res.steps], np.convolve(x, h), rtol=1e-12)
    for s in res.steps:  # every product pairs x[k] with h[n-k]
        np.testing.assert_array_equal(s.x_values, x[s.k])
        np.testing.assert_array_equal(s.h_values, h[s.n - s.k])


@pytest.mark.parametrize("x, h, match", [
    ([], [1.0], "x must not be empty"),
    ([1.0], [], "h must not be empty"),
    ([[1.0, 2.0]], [1.0], "x must be 1-D"),
    ([1.0, np.nan], [1.0], "x must contain only finite"),
    ([1.0], [np.inf], "h must contain only finite"),
])
def test_bad_input_names_the_argument(x, h, match):
    with pytest.raises(ValueError, match=match):
        conv1d(x, h)
    with pytest.raises(ValueError, match=match):
        conv1d_steps(x, h)


def test_unknown_mode_lists_the_choices():
    with pytest.raises(ValueError, match=r"mode must be one of \('full', 'same', 'valid'\)"):
        conv1d([1, 2], [1], mode="circular")


# ---------------------------------------------------------------- cross-correlation



def test_correlate_hand_example_differs_from_convolution():
    # c[m] = sum_k x[k+m] h[k] with x = [1, 2, 3], h = [0, 1, .5], lags m = -2 .. 2:
    # m=-2: 1*.5; m=-1: 1*1 + 2*.5; m=0: 1*0 + 2*1 + 3*.5; m=1: 2*0 + 3*1; m=2: 3*0
    np.testing.assert_allclose(correlate1d([1, 2, 3], [0, 1, 0.5]),
                               [0.5, 2.0, 3.5, 3.0, 0.0], rtol=0, atol=1e-15)
    assert not np.allclose(correlate1d([1, 2, 3], [0, 1, 0.5]), np.convolve([1, 2, 3], [0, 1, 0.5]))
    # a symmetric kernel makes them equal
    np.testing.assert_allclose(correlate1d([1, 2, 3], [1, 2, 1]), np.convolve([1, 2, 3], [1, 2, 1]))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("n_x, n_h", [(1, 1), (5, 3), (3, 5), (8, 8), (13, 4), (4, 13)])
def test_correlate_matches_numpy_correlate(mode, n_x, n_h):
    rng = np.random.default_rng(99 + 17 * n_x + n_h)
    x, h = rng.normal(size=n_x), rng.normal(size=n_h)
    np.testing.assert_allclose(correlate1d(x, h, mode), np.correlate(x, h, mode),
                               rtol=1e-12, atol=1e-12)


def test_correlate_steps_slide_the_unflipped_kernel():
    rng = np.random.default_rng(5)
    x, h = rng.normal(size=7), rng.normal(size=3)
    res = correlate1d_steps(x, h)
    assert [s.m for s in res.steps] == list(range(-2, 7))
    np.testing.assert_allclose(res.c, np.correlate(x, h, "full"), rtol=1e-12, atol=1e-14)
    for s in res.steps:
        np.testing.assert_array_equal(s.x_values, x[s.k + s.m])
        np.testing.assert_array_equal(s.h_values, h[s.k])
        np.testing.assert_array_equal(s.x_index, s.k + s.m)
    np.testing.assert_array_equal(res.kernel_positions(-2), [-2, -1, 0])


# ---------------------------------------------------------------- continuous convolution

def _quad_conv(f, g, t):
    """Independent reference: numerical ∫ f(τ) g(t−τ) dτ by adaptive quadrature."""
    lo, hi = f.support()
    lo, hi = max(lo, -50.0), min(hi, 50.0)
    pts = [b for fe, a, bb in f.pieces for b in (float(a), float(bb)) if np.isfinite(b)]
    pts += [t - float(b) for _, a, bb in g.pieces for b in (a, bb) if b.is_finite]
    pts = sorted({p for p in pts if lo < p < hi})
    val, _ = integrate.quad(lambda tau: float(f(tau) * g(t - tau)), lo, hi, points=pts or None,
                            limit=200, epsabs=1e-12, epsrel=1e-12)
    return val


def test_rect_star_rect_is_the_triangle():
    res = continuous_conv(rect(0, 1), rect(0, 1))
    triangle = sp.Piecewise((T, (T >= 0) & (T < 1)), (2 - T, (T >= 1) & (T < 2)), (0, True))
    for tv in [-1, 0, sp.Rational(1, 3), 1, sp.Rational(3, 2), 2, 3]:
        assert sp.simplify(res.expr.subs(T, tv) - triangle.subs(T, tv)) == 0
    assert [(str(e), lo, hi) for e, lo, hi in res.pieces] == [("t", 0, 1), ("2 - t", 1, 2)]


@pytest.mark.parametrize("f, g", [
    (rect(0, 1), rect(0, 1)),
    (rect(0, 1), exp_decay(1)),
    (exp_decay(1), unit_step()),
    (exp_decay(1), exp_decay(2)),
    (rect(0, 2, 0.5), rect(-1, 1)),
    (rect(-1, 1), piecewise_fn([(1 - TAU, 0, 1)])),
], ids=["rect*rect", "rect*exp", "exp*step", "exp*exp2", "rect*rect-wide", "rect*ramp"])
def test_closed_forms_match_numerical_integration(f, g):
    res = continuous_conv(f, g)
    ts = np.array([-1.5, -0.7, -0.2, 0.3, 0.5, 0.999, 1.2, 1.7, 2.5, 3.4])
    ref = np.array([_quad_conv(f, g, t) for t in ts])
    np.testing.assert_allclose(res(ts), ref, rtol=1e-9, atol=1e-10)


def test_rect_exp_closed_form_against_hand_integral():
    # t in [0,1): ∫_0^t e^{-(t-τ)} dτ = 1 - e^{-t};  t >= 1: ∫_0^1 e^{-(t-τ)} dτ = (e - 1) e^{-t}
    res = continuous_conv(rect(0, 1), exp_decay(1))
    assert sp.simplify(res.pieces[0][0] - (1 - sp.exp(-T))) == 0
    assert sp.simplify(res.pieces[1][0] - (sp.E - 1) * sp.exp(-T)) == 0
    assert (res.pieces[0][1], res.pieces[0][2], res.pieces[1][2]) == (0, 1, sp.oo)
    assert r"\begin{cases}" in res.latex()


def test_cases_latex_names_where_the_function_is_zero_in_math():
    """The zero row is math (t < a, t ∉ [a, b), a gap c ≤ t < d), never the word "otherwise"."""
    assert rect(0, 1).latex() == r"\begin{cases} 1 & 0 \le t < 1 \\ 0 & t \notin [0, 1) \end{cases}"
    assert exp_decay(1).latex() == r"\begin{cases} 0 & t < 0 \\ e^{- t} & t \ge 0 \end{cases}"
    assert piecewise_fn([(1, -sp.oo, 0)]).latex() == (
        r"\begin{cases} 1 & t < 0 \\ 0 & t \ge 0 \end{cases}")
    gap = piecewise_fn([(1, 0, 1), (TAU, 2, 3)]).latex()
    assert gap == (r"\begin{cases} 1 & 0 \le t < 1 \\ 0 & 1 \le t < 2 \\ t & 2 \le t < 3"
                   r" \\ 0 & t \notin [0, 3) \end{cases}")
    tri = continuous_conv(rect(0, 1), rect(0, 1)).latex()  # the triangle, zero outside [0, 2)
    assert tri.endswith(r"2 - t & 1 \le t < 2 \\ 0 & t \notin [0, 2) \end{cases}")
    box_exp = continuous_conv(rect(0, 1), exp_decay(1)).latex()  # zero before the box starts
    assert box_exp.startswith(r"\begin{cases} 0 & t < 0 \\ 1 - e^{- t} & 0 \le t < 1")
    for tex in (tri, box_exp, gap, rect(0, 1).latex()):
        assert "otherwise" not in tex and r"\text" not in tex


def test_overlap_region_and_integrand():
    res = continuous_conv(rect(0, 1), rect(0, 1))
    assert res.overlap(0.5) == (0.0, 0.5)
    assert res.overlap(1.5) == (0.5, 1.0)
    assert res.overlap(2.5) is None and res.overlap(-0.1) is None
    tau = np.linspace(-1, 2, 3001)
    vals = res.integrand(0.5, tau)
    assert np.all(vals[(tau > 0.5) | (tau < 0)] == 0) and np.all(vals[(tau >= 0) & (tau < 0.5)] == 1)
    # the shaded area is the convolution value (Riemann sum with 1e-3 steps)
    np.testing.assert_allclose(np.trapezoid(vals, tau), 0.5, atol=2e-3)


def test_continuous_conv_errors():
    with pytest.raises(ValueError, match="f must be a PiecewiseFn"):
        continuous_conv(lambda t: t, rect())
    with pytest.raises(ValueError, match="g must be a PiecewiseFn"):
        continuous_conv(rect(), 1.0)
    with pytest.raises(ValueError, match="no finite closed form"):
        continuous_conv(unit_step(), piecewise_fn([(1, -sp.oo, 0)]))
    with pytest.raises(ValueError, match="pieces must not be empty"):
        piecewise_fn([])
    with pytest.raises(ValueError, match="needs lo < hi"):
        rect(1, 0)
    with pytest.raises(ValueError, match="must not overlap"):
        piecewise_fn([(1, 0, 2), (TAU, 1, 3)])
    with pytest.raises(ValueError, match="may only use tau"):
        piecewise_fn([(T, 0, 1)])
    with pytest.raises(ValueError, match="rate must be a finite number > 0"):
        exp_decay(0)


# ---------------------------------------------------------------- output sizes

@pytest.mark.parametrize("kwargs, expected", [
    # Dumoulin & Visin, "A guide to convolution arithmetic for deep learning" (2016):
    (dict(i=5, k=3, s=2, p=1), 3),   # Fig. 2.5/relationship 6: padding 1, strides 2
    (dict(i=5, k=4, p=2), 6),        # relationship 2 (arbitrary padding): 5 + 2*2 - 4 + 1
    (dict(i=5, k=3, p=2), 7),        # Fig. 2.3 full padding: o = i + k - 1
    (dict(i=5, k=3, p=1), 5),        # Fig. 2.2 half (same) padding
    (dict(i=4, k=3), 2),             # Fig. 2.1 no padding, unit strides
    (dict(i=7, k=3, d=2), 3),        # Fig. 5.1 dilated convolution, relationship 15
    (dict(i=6, k=3, s=2, p=1), 3),   # Fig. 2.7: odd/even input sizes collapse to the same o
])
def test_output_size_published_examples(kwargs, expected):
    assert conv_output_size(**kwargs) == expected


@pytest.mark.parametrize("kwargs, expected", [
    # Dumoulin & Visin (2016), section 4: transposes of the examples above
    (dict(i=2, k=3), 4),             # Fig. 4.1: transpose of i=4, k=3, s=1, p=0
    (dict(i=3, k=3, s=2, p=1), 5),   # Fig. 4.5: transpose of i=5, k=3, s=2, p=1
    (dict(i=3, k=3, s=2, p=1, a=1), 6),  # Fig. 4.7: i=6 version, a = 1
    (dict(i=2, k=3, s=2), 5),        # Fig. 4.3: transpose of i=5, k=3, s=2, p=0
])
def test_transposed_size_published_examples(kwargs, expected):
    assert transposed_output_size(**kwargs) == expected


def test_effective_kernel_size_counts_taps_and_gaps():
    # Dumoulin & Visin (2016), Fig. 5.1: k=3, d=2 spans 5 input cells
    assert effective_kernel_size(3, 2) == 5
    assert [effective_kernel_size(k, d) for k, d in [(1, 4), (3, 1), (2, 3)]] == [1, 3, 4]
    for k in range(1, 6):  # independent: the last tap's index + 1 in a dilated index list
        for d in range(1, 4):
            assert effective_kernel_size(k, d) == np.arange(0, k * d, d)[-1] + 1
    with pytest.raises(ValueError, match="d must be an integer >= 1"):
        effective_kernel_size(3, 0)


def test_output_size_by_counting_window_positions():
    # independent: count the start positions whose dilated window fits in the padded input
    for i in range(1, 9):
        for k in range(1, 5):
            for s in range(1, 4):
                for p in range(0, 3):
                    for d in range(1, 3):
                        span = (k - 1) * d + 1
                        starts = [st for st in range(0, i + 2 * p, s) if st + span <= i + 2 * p]
                        if not starts:
                            with pytest.raises(ValueError, match="exceeds the padded input"):
                                conv_output_size(i, k, s, p, d)
                        else:
                            assert conv_output_size(i, k, s, p, d) == len(starts)


@pytest.mark.parametrize("args, match", [
    ((0, 1), "i must be an integer >= 1"),
    ((5, 0), "k must be an integer >= 1"),
    ((5, 3, 0), "s must be an integer >= 1"),
    ((5, 3, 1, -1), "p must be an integer >= 0"),
    ((5, 3, 1, 0, 0), "d must be an integer >= 1"),
    ((5.5, 3), "i must be an integer"),
    ((5, 2.5), "k must be an integer"),
    ((5, float("nan")), "k must be an integer"),
    ((5, True), "k must be an integer"),
    ((3, 4), "exceeds the padded input size 3"),
    ((5, 3, 1, 0, 3), r"dilated kernel size 7 \(k=3, d=3\)"),
])
def test_output_size_errors(args, match):
    with pytest.raises(ValueError, match=match):
        conv_output_size(*args)


def test_integral_floats_are_integers():
    """dlmath's convention (dlmath._validate.integer): 3.0 is the integer 3, 2.5 is refused."""
    assert conv_output_size(5, 3.0) == conv_output_size(5, 3) == 3


@pytest.mark.parametrize("args, match", [
    ((0, 3), "i must be an integer >= 1"),
    ((3, 3, 2, 0, 2), r"a \(output padding\) must be < s=2"),
    ((3, 3, 1, -1), "p must be an integer >= 0"),
    ((1, 1, 1, 1), "crops the whole output"),
])
def test_transposed_size_errors(args, match):
    with pytest.raises(ValueError, match=match):
        transposed_output_size(*args)


# ---------------------------------------------------------------- 2-D

def _dilate(k, d):
    """Kernel with d-1 zeros between taps (independent way to get dilation)."""
    out = np.zeros(((k.shape[0] - 1) * d + 1, (k.shape[1] - 1) * d + 1))
    out[::d, ::d] = k
    return out


def test_conv2d_hand_example():
    x = np.arange(16.0).reshape(4, 4)
    k = np.array([[1.0, 0.0], [0.0, -1.0]])
    # y[r, c] = x[r, c] - x[r+1, c+1] = -5 everywhere
    np.testing.assert_array_equal(correlate2d(x, k), np.full((3, 3), -5.0))
    # stride 2, padding 1 (xp = padded x, xp[i, j] = x[i-1, j-1]): y[r, c] = xp[2r, 2c] - xp[2r+1, 2c+1]
    # e.g. y[0,1] = 0 - x[0,2] = -2, y[1,1] = x[1,1] - x[2,2] = 5 - 10, y[1,2] = x[1,3] - 0 = 7
    np.testing.assert_array_equal(correlate2d(x, k, stride=2, padding=1),
                                  [[0.0, -2.0, 0.0], [-8.0, -5.0, 7.0], [0.0, 13.0, 15.0]])


@pytest.mark.parametrize("i, kk, s, p, d", [
    (i, kk, s, p, d) for i in (4, 5, 7) for kk in (1, 2, 3) for s in (1, 2, 3)
    for p in (0, 1, 2) for d in (1, 2) if (kk - 1) * d + 1 <= i + 2 * p
])
def test_conv2d_random_grid_against_scipy(i, kk, s, p, d):
    rng = np.random.default_rng(1000 * i + 100 * kk + 10 * s + p + d)
    x, k = rng.normal(size=(i, i + 1)), rng.normal(size=(kk, kk))
    y = correlate2d(x, k, stride=s, padding=p, dilation=d)
    ref = signal.correlate2d(np.pad(x, p), _dilate(k, d), mode="valid")[::s, ::s]
    assert y.shape == (conv_output_size(i, kk, s, p, d), conv_output_size(i + 1, kk, s, p, d))
    np.testing.assert_allclose(y, ref, rtol=1e-12, atol=1e-12)


def test_conv2d_per_axis_stride_and_padding():
    rng = np.random.default_rng(3)
    x, k = rng.normal(size=(6, 7)), rng.normal(size=(3, 2))
    y = correlate2d(x, k, stride=(2, 1), padding=(1, 0), dilation=(1, 2))
    ref = signal.correlate2d(np.pad(x, ((1, 1), (0, 0))), _dilate_axes(k, 1, 2), "valid")[::2, ::1]
    np.testing.assert_allclose(y, ref, rtol=1e-12, atol=1e-12)


def _dilate_axes(k, d0, d1):
    out = np.zeros(((k.shape[0] - 1) * d0 + 1, (k.shape[1] - 1) * d1 + 1))
    out[::d0, ::d1] = k
    return out


def test_conv2d_multichannel_against_channel_sums():
    rng = np.random.default_rng(11)
    x, k, b = rng.normal(size=(3, 6, 5)), rng.normal(size=(4, 3, 3, 3)), rng.normal(size=4)
    y = correlate2d(x, k, stride=2, padding=1, bias=b)
    ref = np.stack([sum(signal.correlate2d(np.pad(x[i], 1), k[o, i], "valid")[::2, ::2]
                        for i in range(3)) + b[o] for o in range(4)])
    assert y.shape == (4, 3, 3)
    np.testing.assert_allclose(y, ref, rtol=1e-12, atol=1e-12)


def test_conv2d_steps_receptive_fields():
    rng = np.random.default_rng(21)
    x, k = rng.integers(-3, 4, size=(5, 5)).astype(float), rng.integers(-2, 3, size=(3, 3)).astype(float)
    res = correlate2d_steps(x, k, stride=2, padding=1, dilation=1)
    ref = signal.correlate2d(np.pad(x, 1), k, "valid")[::2, ::2]
    np.testing.assert_allclose(res.y, ref, rtol=0, atol=1e-12)
    assert [(st.r, st.c) for st in res.steps] == [(r, c) for r in range(3) for c in range(3)]
    st = res.steps[4]  # centre cell (1, 1): rows 2..4, cols 2..4 of the padded input
    np.testing.assert_array_equal(st.rows, [2, 3, 4])
    np.testing.assert_array_equal(st.patch, np.pad(x, 1)[2:5, 2:5])
    np.testing.assert_array_equal(st.products, st.patch * k)
    dil = correlate2d_steps(x, k[:2, :2], dilation=2)
    np.testing.assert_array_equal(dil.steps[0].cols, [0, 2])
    np.testing.assert_allclose(dil.y, signal.correlate2d(x, _dilate(k[:2, :2], 2), "valid"))


@pytest.mark.parametrize("call, match", [
    (lambda: correlate2d(np.zeros((0, 3)), np.ones((1, 1))), "x must not be empty"),
    (lambda: correlate2d(np.ones(3), np.ones((1, 1))), "x must have 2 or 3 dimensions"),
    (lambda: correlate2d(np.ones((3, 3)), np.ones((4, 4))), "along the height: dilated kernel size 4"),
    (lambda: correlate2d(np.ones((3, 3)), np.ones((2, 2)), stride=0), "stride must be an integer >= 1"),
    (lambda: correlate2d(np.ones((3, 3)), np.ones((2, 2)), dilation=0), "dilation must be an integer >= 1"),
    (lambda: correlate2d(np.ones((3, 3)), np.ones((2, 2)), padding=-1), "padding must be an integer >= 0"),
    (lambda: correlate2d(np.ones((3, 3)), np.ones((2, 2)), stride=1.5), "stride must be an integer"),
    (lambda: correlate2d(np.ones((3, 3)), np.ones((2, 2)), stride=(1, 2, 3)), "pair of integers"),
    (lambda: correlate2d(np.ones((3, 3)), np.ones((1, 1, 2, 2))), "k must be 2-D"),
    (lambda: correlate2d(np.ones((2, 3, 3)), np.ones((2, 2))), "k must be 4-D"),
    (lambda: correlate2d(np.ones((2, 3, 3)), np.ones((1, 3, 2, 2))), "k has C_in=3 but x has 2"),
    (lambda: correlate2d(np.ones((2, 3, 3)), np.ones((1, 2, 2, 2)), bias=[1, 2]), "bias must have shape"),
    (lambda: correlate2d(np.ones((3, 3)), np.ones((2, 2)), bias=[1.0]), "bias is only for multi-channel"),
    (lambda: correlate2d(np.full((3, 3), np.nan), np.ones((2, 2))), "x must contain only finite"),
    (lambda: correlate2d_steps(np.ones((3, 3)), np.ones((2, 2)), dilation=3), "dilated kernel size 4"),
])
def test_conv2d_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ---------------------------------------------------------------- as a matrix

def test_conv_matrix_1d_is_toeplitz_and_correlates():
    h = np.array([1.0, -2.0, 3.0])
    C = conv_matrix(6, h)
    # scipy.linalg.toeplitz(first column, first row): row r holds h at columns r..r+2
    ref = toeplitz([1.0, 0, 0, 0], [1.0, -2.0, 3.0, 0, 0, 0])
    np.testing.assert_array_equal(C, ref)
    x = np.arange(6.0) ** 2
    np.testing.assert_allclose(C @ x, np.correlate(x, h, "valid"))


@pytest.mark.parametrize("shape, kk, s, p, d", [
    ((4, 4), 3, 1, 0, 1), ((5, 5), 3, 2, 1, 1), ((6, 5), 2, 2, 0, 1), ((7, 7), 3, 1, 0, 2),
    ((5, 6), 3, 3, 2, 1), ((3, 3), 3, 1, 1, 1),
])
def test_conv_matrix_times_x_equals_scipy(shape, kk, s, p, d):
    rng = np.random.default_rng(sum(shape) * 7 + kk + s + p + d)
    x, k = rng.normal(size=shape), rng.normal(size=(kk, kk))
    C = conv_matrix(shape, k, s, p, d)
    ref = signal.correlate2d(np.pad(x, p), _dilate(k, d), "valid")[::s, ::s]
    assert C.shape == (ref.size, x.size)
    np.testing.assert_allclose(C @ x.ravel(), ref.ravel(), rtol=1e-12, atol=1e-12)
    if p == 0:  # every row uses each weight once: kk*kk non-zeros per row
        assert np.count_nonzero(C) == ref.size * kk * kk


def test_conv_matrix_1d_with_stride_padding_dilation():
    rng = np.random.default_rng(8)
    x, h = rng.normal(size=9), rng.normal(size=3)
    C = conv_matrix((9,), h, stride=2, padding=1, dilation=2)
    hd = np.zeros(5)
    hd[::2] = h
    np.testing.assert_allclose(C @ x, np.correlate(np.pad(x, 1), hd, "valid")[::2], rtol=1e-12)


def test_conv_matrix_taps_hand_example():
    # 3x3 input, 2x2 kernel, stride 1: output (0,0) reads pixels 0,1,3,4 with taps 0,1,2,3;
    # output (1,1) reads pixels 4,5,7,8 with the same taps (weight sharing)
    T = conv_matrix_taps((3, 3), (2, 2))
    np.testing.assert_array_equal(T, [[0, 1, -1, 2, 3, -1, -1, -1, -1],
                                      [-1, 0, 1, -1, 2, 3, -1, -1, -1],
                                      [-1, -1, -1, 0, 1, -1, 2, 3, -1],
                                      [-1, -1, -1, -1, 0, 1, -1, 2, 3]])
    np.testing.assert_array_equal(conv_matrix_taps(4, 2, stride=2), [[0, 1, -1, -1], [-1, -1, 0, 1]])
    with pytest.raises(ValueError, match="kernel_shape must have 2 axis"):
        conv_matrix_taps((3, 3), 2)


def test_conv_as_matrix_equals_sliding_and_counts_nonzeros():
    x = np.array([[1.0, 2.0, 0.0], [3.0, 1.0, 2.0], [0.0, 1.0, 3.0]])
    k = np.array([[2.0, 1.0], [-1.0, 3.0]])
    res = conv_as_matrix(x, k)
    ref = signal.correlate2d(x, k, "valid")
    np.testing.assert_allclose(res.y_sliding, ref)
    np.testing.assert_allclose(res.y_flat, ref.ravel())
    # hand: y[0,0] = 1*2 + 2*1 + 3*(-1) + 1*3 = 4
    assert res.y_flat[0] == 4.0
    assert res.nonzeros == 4 * 4 and res.C.shape == (4, 9)
    rng = np.random.default_rng(12)
    x2, k2 = rng.normal(size=(6, 5)), rng.normal(size=(3, 2))
    res2 = conv_as_matrix(x2, k2, stride=2, padding=1)
    np.testing.assert_allclose(res2.y_flat, res2.y_sliding.ravel(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(res2.C, conv_matrix((6, 5), k2, 2, 1), rtol=0, atol=0)


def test_conv_matrix_errors():
    with pytest.raises(ValueError, match="input_shape must be N or"):
        conv_matrix((2, 2, 2), np.ones((1, 1)))
    with pytest.raises(ValueError, match="input_shape must be an integer >= 1"):
        conv_matrix((0, 3), np.ones((1, 1)))
    with pytest.raises(ValueError, match="k must have 2 dimensions"):
        conv_matrix((3, 3), np.ones(2))
    with pytest.raises(ValueError, match="along the width"):
        conv_matrix((5, 2), np.ones((3, 3)))


# ---------------------------------------------------------------- transposed

def test_conv_transpose1d_hand_example():
    # y = [1, 2], w = [1, 10, 100], stride 2: 1*w at 0..2, 2*w at 2..4 -> overlap at index 2
    np.testing.assert_array_equal(conv_transpose1d([1, 2], [1, 10, 100], stride=2),
                                  [1, 10, 102, 20, 200])
    np.testing.assert_array_equal(conv_transpose1d([1, 2], [1, 10, 100], stride=2, padding=1),
                                  [10, 102, 20])


@pytest.mark.parametrize("i, kk, s, p, a", [
    (3, 3, 1, 0, 0), (3, 3, 2, 0, 0), (3, 3, 2, 1, 0), (3, 3, 2, 1, 1), (4, 4, 2, 1, 0),
    (2, 5, 3, 2, 2), (5, 2, 2, 0, 1),
])
def test_conv_transpose_equals_c_transpose(i, kk, s, p, a):
    rng = np.random.default_rng(i * 100 + kk * 10 + s + p + a)
    n_in = transposed_output_size(i, kk, s, p, a)
    w, y = rng.normal(size=kk), rng.normal(size=i)
    z = conv_transpose1d(y, w, s, p, a)
    C = conv_matrix(n_in, w, s, p)
    assert C.shape == (i, n_in) and z.shape == (n_in,)
    np.testing.assert_allclose(z, C.T @ y, rtol=1e-12, atol=1e-12)
    k2, y2 = rng.normal(size=(kk, kk + 1)), rng.normal(size=(i, i + 1))
    z2 = conv_transpose2d(y2, k2, s, p, a)
    C2 = conv_matrix(z2.shape, k2, s, p)
    assert z2.shape == (n_in, transposed_output_size(i + 1, kk + 1, s, p, a))
    np.testing.assert_allclose(z2.ravel(), C2.T @ y2.ravel(), rtol=1e-12, atol=1e-12)
    # adjoint identity <C x, y> = <x, C^T y>, using correlate2d directly (no matrix)
    x2 = rng.normal(size=z2.shape)
    np.testing.assert_allclose(np.sum(correlate2d(x2, k2, s, p) * y2), np.sum(x2 * z2), rtol=1e-11)


def test_transpose_is_not_the_inverse():
    x = np.arange(1.0, 17.0).reshape(4, 4)
    k = np.array([[1.0, 2.0], [3.0, 4.0]])
    back = conv_transpose2d(correlate2d(x, k, stride=2), k, stride=2)
    assert back.shape == x.shape and not np.allclose(back, x)
    # stride 2, k 2: each cell is x's 2x2 block sum weighted by k, times k again (hand)
    blk = x[0:2, 0:2]
    np.testing.assert_allclose(back[0:2, 0:2], np.sum(blk * k) * k)


def test_scatter_steps_add_up_to_the_transposed_convolution():
    rng = np.random.default_rng(31)
    y, k = rng.integers(-3, 4, size=(2, 3)).astype(float), rng.integers(-2, 3, size=(3, 3)).astype(float)
    res = conv_transpose2d_steps(y, k, stride=2, padding=1)
    C = conv_matrix(res.z.shape, k, 2, 1)
    np.testing.assert_allclose(res.z, (C.T @ y.ravel()).reshape(res.z.shape), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(res.canvas[1:-1, 1:-1], res.z)
    assert [(st.r, st.c) for st in res.steps] == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
    st = res.steps[4]  # y[1,1] lands on rows 2..4, cols 2..4 of the canvas
    np.testing.assert_array_equal(st.rows, [2, 3, 4])
    np.testing.assert_array_equal(st.block, y[1, 1] * k)
    # each canvas is the previous one plus this block, and only there
    prev = np.zeros_like(res.canvas)
    for st in res.steps:
        diff = st.canvas - prev
        np.testing.assert_array_equal(diff[np.ix_(st.rows, st.cols)], st.block)
        mask = np.ones_like(diff, dtype=bool)
        mask[np.ix_(st.rows, st.cols)] = False
        assert np.all(diff[mask] == 0)
        prev = st.canvas
    np.testing.assert_array_equal(res.counts, overlap_counts((2, 3), 3, 2))


def test_overlap_profile_interior_values():
    # interior counts per axis are ceil(k/s) or floor(k/s) (Odena et al. 2016): k=3, s=2 -> {1, 2}
    p3 = overlap_profile(3, 3, 2)              # counts [1, 1, 2, 1, 2, 1, 1], interior idx 2..4
    np.testing.assert_array_equal(p3.interior, [False, False, True, True, True, False, False])
    assert p3.interior_values == (1, 2) and not p3.uniform
    p4 = overlap_profile(3, 4, 2)              # [1, 1, 2, 2, 2, 2, 1, 1], interior idx 3..4
    assert p4.interior_values == (2,) and p4.uniform
    q3, q4 = overlap_profile((4, 4), 3, 2), overlap_profile((4, 4), 4, 2)
    assert q3.interior_values == (1, 2, 4) and q4.interior_values == (4,)
    assert q3.interior.sum() == 5 * 5 and q4.interior.sum() == 4 * 4
    for k in range(1, 7):
        for s in range(1, 4):
            prof = overlap_profile(6, k, s)
            expected = {k // s, -(-k // s)}
            assert set(prof.interior_values) <= expected and prof.uniform == (k % s == 0)


def test_overlap_counts_checkerboard_and_flat():
    # 1-D, k=3, s=2 (Odena et al., Distill 2016, "Deconvolution and Checkerboard Artifacts")
    np.testing.assert_array_equal(overlap_counts(3, 3, 2), [1, 1, 2, 1, 2, 1, 1])
    np.testing.assert_array_equal(overlap_counts(3, 4, 2), [1, 1, 2, 2, 2, 2, 1, 1])
    c3, c4 = overlap_counts((4, 4), 3, 2), overlap_counts((4, 4), 4, 2)
    np.testing.assert_array_equal(c3, np.outer(overlap_counts(4, 3, 2), overlap_counts(4, 3, 2)))
    assert set(np.unique(c3[2:-2, 2:-2])) == {1, 2, 4}           # uneven: checkerboard
    assert set(np.unique(c4[2:-2, 2:-2])) == {4}                 # k multiple of s: flat
    with pytest.raises(ValueError, match="input_shape must be i or"):
        overlap_counts((2, 2, 2), 3)


@pytest.mark.parametrize("call, match", [
    (lambda: conv_transpose1d([], [1.0]), "y must not be empty"),
    (lambda: conv_transpose1d([1.0], [1.0], stride=0), "stride must be an integer >= 1"),
    (lambda: conv_transpose1d([1.0], [1.0], padding=-1), "padding must be an integer >= 0"),
    (lambda: conv_transpose1d([1.0], [1.0, 1.0], stride=2, output_padding=2), "output_padding must be < stride"),
    (lambda: conv_transpose2d(np.ones(3), np.ones((2, 2))), "y must have 2 dimensions"),
    (lambda: conv_transpose2d(np.ones((2, 2)), np.ones((2, 2)), padding=2), "crops the whole output"),
])
def test_conv_transpose_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ---------------------------------------------------------------- cost

def test_layer_cost_hand_and_matrix_counts():
    c = conv_layer_cost(3, 64, 3, 224, 224)
    assert (c.weights, c.biases, c.params) == (1728, 64, 1792)   # VGG conv1_1: 64*3*3*3 + 64
    assert c.multiply_adds == 64 * 224 * 224 * 27 and c.flops == 2 * c.multiply_adds
    # one channel, no padding: one multiply-add per non-zero of the matrix C
    C = conv_matrix((6, 5), np.ones((3, 3)) * 2.0)
    assert conv_layer_cost(1, 1, 3, 4, 3, bias=False).multiply_adds == np.count_nonzero(C)
    assert conv_layer_cost(2, 3, (3, 1), 5, 5, bias=False).params == 18
    d = dense_layer_cost(784, 10)
    assert (d.params, d.multiply_adds) == (7850, 7840)


def test_vgg16_parameter_count_published():
    # VGG-16 (Simonyan & Zisserman 2014, config D) has 138,357,544 parameters
    # (torchvision.models.vgg16 documentation: num_params 138357544).
    widths = [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512]
    sizes = [224, 224, 112, 112, 56, 56, 56, 28, 28, 28, 14, 14, 14]
    total, c_in = 0, 3
    for w, hw in zip(widths, sizes):
        total += conv_layer_cost(c_in, w, 3, hw, hw).params
        c_in = w
    total += dense_layer_cost(512 * 7 * 7, 4096).params + dense_layer_cost(4096, 4096).params
    total += dense_layer_cost(4096, 1000).params
    assert total == 138_357_544


@pytest.mark.parametrize("call, match", [
    (lambda: conv_layer_cost(0, 1, 3, 4, 4), "c_in must be an integer >= 1"),
    (lambda: conv_layer_cost(1, 0, 3, 4, 4), "c_out must be an integer >= 1"),
    (lambda: conv_layer_cost(1, 1, 0, 4, 4), "k must be an integer >= 1"),
    (lambda: conv_layer_cost(1, 1, 3, 0, 4), "out_h must be an integer >= 1"),
    (lambda: conv_layer_cost(1, 1, 3, 4, 2.5), "out_w must be an integer"),
    (lambda: dense_layer_cost(0, 3), "n_in must be an integer >= 1"),
    (lambda: dense_layer_cost(3, 0), "n_out must be an integer >= 1"),
])
def test_layer_cost_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_conv_vs_dense_hand_numbers_and_matrix_counts():
    # CIFAR-sized: 32x32x3 -> 16 channels, 3x3, padding 1 (same size out)
    r = conv_vs_dense(32, 32, 3, 16, 3, padding=1)
    assert r.out_shape == (16, 32, 32) and r.in_shape == (3, 32, 32)
    assert (r.dense_in, r.dense_out) == (32 * 32 * 3, 32 * 32 * 16)
    assert r.conv.params == 16 * 3 * 9 + 16 == 448
    assert r.conv.multiply_adds == 16 * 32 * 32 * 27 == 442_368
    assert r.dense.params == 3072 * 16384 + 16384 == 50_348_032
    assert r.dense.multiply_adds == 50_331_648
    assert r.param_ratio == pytest.approx(50_348_032 / 448, rel=1e-15)
    # ImageNet-sized: the conv layer's parameters do not change, the dense layer's explode
    big = conv_vs_dense(224, 224, 3, 16, 3, padding=1)
    assert big.conv.params == 448
    assert big.dense.params == 150_528 * 802_816 + 802_816 == 120_847_089_664
    # independent count from the one-channel matrix: a dense layer has one weight per entry
    # of C, while the conv layer has only the kernel's distinct taps
    small = conv_vs_dense(5, 4, 1, 1, 3, bias=False)
    C = conv_matrix((5, 4), np.arange(1.0, 10.0).reshape(3, 3))
    assert small.dense.params == C.size
    assert small.conv.params == len(np.unique(C[C != 0])) == 9
    assert small.conv.multiply_adds == np.count_nonzero(C)
    with pytest.raises(ValueError, match="h must be an integer >= 1"):
        conv_vs_dense(0, 4, 1, 1, 3)
    with pytest.raises(ValueError, match="exceeds the padded input"):
        conv_vs_dense(2, 2, 1, 1, 3)


def test_conv2d_flips_the_kernel_like_scipy_convolve2d():
    """conv2d (flipped kernel) vs scipy.signal.convolve2d; correlate2d vs correlate2d."""
    from scipy import signal

    from dlmath.convolution import conv2d, correlate2d

    rng = np.random.default_rng(7)
    x, k = rng.normal(size=(5, 6)), rng.normal(size=(3, 2))
    np.testing.assert_allclose(conv2d(x, k, padding=(2, 1)),
                               signal.convolve2d(x, k, mode="full"), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(correlate2d(x, k), signal.correlate2d(x, k, mode="valid"),
                               rtol=1e-12, atol=1e-12)


def test_flops_and_parameter_memory_as_the_notes_count_them():
    """FLOPs = 2 × multiply-adds (a multiply and an add); parameters as memory: 4 bytes each
    at float32 (hand counts of the CIFAR-sized layer above)."""
    r = conv_vs_dense(32, 32, 3, 16, 3, padding=1)
    assert r.conv.flops == 2 * 442_368 == 884_736
    assert r.dense.flops == 2 * 3072 * 16384
    assert r.conv.memory_bytes() == r.conv.memory_bytes("float32") == 448 * 4 == 1_792
    assert r.conv.memory_bytes("float16") == 896 and r.conv.memory_bytes("float64") == 3_584
    assert r.dense.memory_bytes() == 50_348_032 * 4
    # the bytes numpy actually stores for the conv layer's weights and biases at float32
    stored = np.zeros((16, 3, 3, 3), np.float32).nbytes + np.zeros(16, np.float32).nbytes
    assert r.conv.memory_bytes() == stored
    for bad in ("float8", 4, None):
        with pytest.raises(ValueError, match="dtype must be one of"):
            r.conv.memory_bytes(bad)


def test_closed_form_latex_in_the_order_a_person_writes():
    """Sums print positive terms first: (e − 1)e^{−t}, not sympy's (−1 + e)e^{−t}."""
    from dlmath.convolution import _human_latex

    res = continuous_conv(rect(0, 1), exp_decay(1))
    tex = res.latex()
    assert r"1 - e^{- t}" in tex and r"\left(e - 1\right) e^{- t}" in tex
    assert "-1 + e" not in tex and sp.latex(res.pieces[1][0]) == r"\left(-1 + e\right) e^{- t}"
    x, y = sp.symbols("x y")
    assert _human_latex(-1 + x) == "x - 1"
    assert _human_latex(1 - x) == "1 - x"
    assert _human_latex(-x - 1) == "- x - 1"  # all negative: sympy's order kept
    assert _human_latex(y - 2 * x + 3) == "y + 3 - 2 x"
    # the same expression, only printed differently
    assert sp.simplify(res.pieces[1][0] - (sp.E - 1) * sp.exp(-T)) == 0
