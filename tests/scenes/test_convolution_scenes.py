"""The numbers the convolution scenes put on screen are dlmath's, and match numpy/scipy."""

from __future__ import annotations

import numpy as np
import pytest

import lessons
from lessons import ParamError

from scenes.convolution import (Conv1DFlipShift, Conv2DGrid, ContinuousConvolution,
                                ConvAsMatrix, ConvLayerCost, ConvVsCorrelation,
                                TransposedCheckerboard, TransposedConvScatter)
from scenes.style import fmt_num
from tests.conftest import beat_keys as _beat_keys, dry_run, dry_run_with


def _list(values) -> str:
    return "[" + r",\ ".join(fmt_num(v) for v in values) + "]"


def _flip_shift_reference(x, h):
    """Every step of y[n] = Σ_k x[k] h[n−k] by brute-force loops, then np.convolve for y."""
    steps = []
    for n in range(len(x) + len(h) - 1):
        pairs = [(x[k], h[n - k]) for k in range(len(x)) if 0 <= n - k < len(h)]
        steps.append((n, [a * b for a, b in pairs], sum(a * b for a, b in pairs)))
    return steps, np.convolve(x, h)


def _check_flip_shift(scene, x, h):
    shown = scene.shown
    steps, ref = _flip_shift_reference(x, h)
    for n, products, total in steps:
        assert any(s.startswith(f"y[{n}] =") and s.endswith(f"= {fmt_num(total)}")
                   for s in shown), f"step n={n} not on screen"
        for p in products:
            assert fmt_num(p) in shown
    np.testing.assert_allclose([t for _, _, t in steps], ref, atol=1e-12)
    assert "y = x * h = " + _list(ref) in shown
    keys = _beat_keys(scene)
    assert keys[:2] == ["inputs", "flip"] and keys[-1] == "result"
    assert keys.count("step") == len(ref)


def test_flip_shift_shows_every_step_and_the_numpy_result():
    _check_flip_shift(dry_run(Conv1DFlipShift), (1.0, 2.0, 3.0), (0.0, 1.0, 0.5))


def test_flip_shift_shows_a_lecturers_own_numbers():
    """Non-default parameters (negative values, longest x that fits): same checks."""
    x, h = (2.0, -1.0, 0.5, 3.0, -2.5, 1.0), (1.0, -0.5)
    _check_flip_shift(dry_run_with(Conv1DFlipShift, x=x, h=h), x, h)


@pytest.mark.parametrize("values, name", [
    ({"x": (1.0,) * 7}, "x"),                      # more values than the strip holds
    ({"h": (1.0, 2.0, 3.0, 4.0)}, "h"),            # kernel longer than 3
    ({"h": ()}, "h"),
    ({"x": "1,2,nan"}, "x"),
    ({"x": (1.0, 99.0)}, "x"),                     # value too wide for a cell
    ({"x": ()}, "x"),
])
def test_flip_shift_refuses_what_does_not_fit(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("Conv1DFlipShift").build(values)


def _defaults(scene: str):
    return lessons.find(scene).params()


def _refused(scene: str, values: dict, name: str) -> None:
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find(scene).build(values)


# ---------------------------------------------------------------- ConvVsCorrelation


def _check_vs(scene, x, h):
    """Both operations' steps by brute-force loops, results by np.convolve / np.correlate."""
    shown = scene.shown
    n_x, n_h = len(x), len(h)
    for n in range(n_x + n_h - 1):
        y_n = sum(x[k] * h[n - k] for k in range(n_x) if 0 <= n - k < n_h)
        assert any(s.startswith(f"y[{n}] =") and s.endswith(f"= {fmt_num(y_n)}") for s in shown)
    for m in range(-(n_h - 1), n_x):
        c_m = sum(x[k + m] * h[k] for k in range(n_h) if 0 <= k + m < n_x)
        assert any(s.startswith(f"c[{m}] =") and s.endswith(f"= {fmt_num(c_m)}") for s in shown)
    assert "y = x * h = " + _list(np.convolve(x, h)) in shown
    assert r"c = x \star h = " + _list(np.correlate(x, h, "full")) in shown
    keys = _beat_keys(scene)
    assert keys[:2] == ["vs_inputs", "vs_flip"] and keys[-2:] == ["vs_result", "vs_cnn"]
    assert keys.count("vs_step") == n_x + n_h - 1


def test_conv_vs_correlation_shows_both_numpy_results():
    S = _defaults("ConvVsCorrelation")
    scene = dry_run(ConvVsCorrelation)
    _check_vs(scene, S.x, S.h)
    # the centre lag: c[0] = 1*0 + 2*1 + 3*0.5 (hand)
    assert r"c[0] = 1\cdot0 + 2\cdot1 + 3\cdot0.5 = 3.5" in scene.shown


def test_conv_vs_correlation_shows_a_lecturers_own_numbers():
    x, h = (2.0, -1.0, 0.5, 3.0), (1.0, -2.0)
    _check_vs(dry_run_with(ConvVsCorrelation, x=x, h=h), x, h)


@pytest.mark.parametrize("values, name", [
    ({"x": (1.0,) * 5}, "x"),                           # 5 + 2·3 − 2 = 9 columns > 8
    ({"x": (1.0,) * 7, "h": (1.0, 2.0)}, "x"),          # longer than the length spec
    ({"x": (1.0, 12.0)}, "x"),                          # a value too wide for a cell
    ({"x": (9.5, 9.5, 9.5), "h": (9.5, 9.0, 9.25)}, "x"),  # outputs of 6 characters
    ({"h": (1.0, 2.0, 1.0)}, "h"),                      # symmetric: nothing to compare
    ({"h": (1.0,)}, "h"),
    ({"h": (1.0, 2.0, 3.0, 4.0)}, "h"),
])
def test_conv_vs_correlation_refuses(values, name):
    _refused("ConvVsCorrelation", values, name)


# ---------------------------------------------------------------- ContinuousConvolution


def _box_exp_reference(a, w, height, rate, t):
    """(f*g)(t) for f = height on [a, a+w), g = e^{-rate t} u(t), by scipy quadrature."""
    from scipy import integrate

    lo, hi = a, min(a + w, t)
    if hi <= lo:
        return 0.0
    val, _ = integrate.quad(lambda tau: height * np.exp(-rate * (t - tau)), lo, hi, epsabs=1e-12)
    return val


def _check_continuous(scene, a, w, height, rate, stops):
    caps = [text for _, key, text in scene.beats if key == "cc_stop"]
    assert len(caps) == len(stops) - 1
    for text, t in zip(caps, stops[1:]):
        assert f"At t = {fmt_num(t)} " in text
        assert f"(f*g)(t) = {fmt_num(_box_exp_reference(a, w, height, rate, t))}." in text, text
        if t > a:  # the overlap [a, min(a + w, t)] (g(t - τ) is non-zero for τ ≤ t)
            assert f"from τ = {fmt_num(a)} to {fmt_num(min(a + w, t))}" in text
    assert any(s.startswith(r"(f*g)(t) = \begin{cases}") for s in scene.shown)
    keys = _beat_keys(scene)
    assert keys[:3] == ["cc_inputs", "cc_flip", "cc_start"] and keys[-1] == "cc_closed"


def test_continuous_convolution_shows_the_closed_form_and_quad_values():
    S = _defaults("ContinuousConvolution")
    scene = dry_run(ContinuousConvolution)
    _check_continuous(scene, S.f_start, S.f_width, S.f_height, S.g_rate, S.stops)
    # rect(0,1) * e^{-t}u(t) by hand: 1 - e^{-t} on [0, 1), (e - 1) e^{-t} after
    closed, = {s for s in scene.shown if s.startswith(r"(f*g)(t) = \begin{cases}")}
    assert r"1 - e^{- t} & 0 \le t < 1" in closed
    assert r"\left(e - 1\right) e^{- t} & t \ge 1" in closed  # as a person writes it, not sympy's (-1 + e)
    # the zero row comes first and says where it holds in math (no English "otherwise")
    assert closed.startswith(r"(f*g)(t) = \begin{cases} 0 & t < 0 \\ ")
    assert "otherwise" not in closed


def test_continuous_convolution_shows_a_lecturers_own_numbers():
    values = dict(f_start=0.5, f_width=1.5, f_height=0.5, g_rate=2.0, stops=(0.0, 1.0, 2.0, 3.5))
    scene = dry_run_with(ContinuousConvolution, **values)
    _check_continuous(scene, 0.5, 1.5, 0.5, 2.0, values["stops"])
    assert r"\begin{cases} 0 & t < \frac{1}{2} \\ " in scene.data.closed_tex  # zero before a = 0.5
    assert scene.data.bottom_high >= max(_box_exp_reference(0.5, 1.5, 0.5, 2.0, t)
                                         for t in np.linspace(-2, 5, 141))


@pytest.mark.parametrize("values, name", [
    ({"f_start": 0.25}, "f_start"),                     # not a multiple of 0.5
    ({"f_start": 3.5}, "f_start"),
    ({"f_height": 1.2}, "f_height"),                    # its label would meet the closed form
    ({"f_height": 0.55}, "f_height"),
    ({"g_rate": 0.75}, "g_rate"),
    ({"f_start": -1.5, "f_width": 3.0, "f_height": 0.3, "g_rate": 3.5,
      "stops": (-1.5, 1.5)}, "g_rate"),                 # a closed form of 267 characters
    ({"f_start": 2.5, "f_width": 2.5}, "f_width"),      # the box would end past τ = 4.5
    ({"stops": (-1.0, 1.0, 0.5)}, "stops"),             # not increasing
    ({"stops": (0.5, 1.0)}, "stops"),                   # starts inside the overlap
    ({"f_start": 3.0, "stops": (-1.0, 2.0)}, "stops"),  # the second pause before the overlap
    ({"stops": (-1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 4.5)}, "stops"),
    ({"stops": (-1.0, 6.0)}, "stops"),
])
def test_continuous_convolution_refuses(values, name):
    _refused("ContinuousConvolution", values, name)


# ---------------------------------------------------------------- Conv2DGrid


def _correlate_reference(x, k, s, p, d):
    """CNN cross-correlation with stride, padding, dilation: scipy on a dilated kernel."""
    from scipy import signal

    k = np.asarray(k, float)
    kd = np.zeros(((k.shape[0] - 1) * d + 1, (k.shape[1] - 1) * d + 1))
    kd[::d, ::d] = k
    return signal.correlate2d(np.pad(np.asarray(x, float), p), kd, "valid")[::s, ::s]


def _check_grid(scene, x, k, stride, padding, dilation):
    shown = scene.shown
    i, kk = len(x), len(k)
    for s, p, d in ((stride, padding, 1), (1, 0, dilation)):
        ref = _correlate_reference(x, k, s, p, d)
        for r in range(ref.shape[0]):
            for c in range(ref.shape[1]):
                assert f"y[{r},{c}] = {fmt_num(ref[r, c])}" in shown
        khat = kk + (kk - 1) * (d - 1)        # by hand
        o = (i + 2 * p - khat) // s + 1
        assert o == ref.shape[0]
        assert any(t.startswith(r"o = \left\lfloor") and f"{{{i} + 2\\cdot {p} - {khat}}}" in t
                   and t.endswith(f"= {o}") for t in shown), (p, khat, o)
        assert rf"\hat k = k + (k-1)(d-1) = {khat}" in shown
    assert _beat_keys(scene) == ["grid_setup", "grid_corr", "grid_first", "grid_done",
                                 "grid_size", "grid_dilation_setup", "grid_first", "grid_done",
                                 "grid_size"]
    # what it computes is cross-correlation, and it says so; the 180°-turned kernel that the
    # notes' convolution would slide is shown beside k
    np.testing.assert_array_equal(scene.data.k_flipped, np.rot90(np.asarray(k, float), 2))
    assert any("cross-correlation" in t for t in shown)


def test_conv2d_grid_fills_the_scipy_output_and_evaluates_the_size_formula():
    S = _defaults("Conv2DGrid")
    assert (S.stride, S.padding, S.dilation) == (2, 1, 2)
    _check_grid(dry_run(Conv2DGrid), S.x, S.k, S.stride, S.padding, S.dilation)


def test_conv2d_grid_shows_a_lecturers_own_numbers():
    x = ((1, -2, 0, 3, 1), (0, 1, 2, -1, 2), (3, 0, 1, 1, 0), (-1, 2, 0, 2, 1), (2, 1, -3, 0, 1))
    k = ((1, -1), (2, 0))
    _check_grid(dry_run_with(Conv2DGrid, x=x, k=k, stride=2, padding=1, dilation=3),
                x, k, 2, 1, 3)


_X8 = tuple((1.0,) * 8 for _ in range(8))


@pytest.mark.parametrize("values, name", [
    ({"x": ((1.0, 2.0, 3.0), (1.0, 2.0, 3.0), (1.0, 2.0, 3.0), (1.0, 2.0, 3.0))}, "x"),  # 4×3
    ({"x": tuple((1.0,) * 9 for _ in range(9))}, "x"),     # more rows than fit
    ({"x": ((10.0,) * 6,) * 6}, "x"),
    ({"x": ((8.5,) * 6,) * 6, "k": ((-8.5,) * 3,) * 3}, "x"),  # products of 6 characters
    ({"k": ((1.0, 2.0), (3.0, 4.0), (5.0, 6.0))}, "k"),  # 3×2
    ({"k": ((1.0,) * 4,) * 4}, "k"),
    ({"x": _X8, "padding": 2}, "padding"),                # 8 + 2·2 = 12 > 10 cells
    ({"stride": 1}, "stride"),                            # o = 6 > 5
    ({"dilation": 3}, "dilation"),                        # k̂ = 7 > i = 6
    ({"x": _X8, "k": ((1.0, 0.0), (0.0, 1.0)), "padding": 0}, "dilation"),  # o = 6 > 5
    ({"dilation": 1}, "dilation"),
])
def test_conv2d_grid_refuses(values, name):
    _refused("Conv2DGrid", values, name)


# ---------------------------------------------------------------- ConvAsMatrix


def _matrix_reference(x, k):
    """C by loops (row (r, c) holds k[u, v] at pixel (r+u, c+v)) and scipy's sliding result."""
    from scipy import signal

    x, k = np.asarray(x, float), np.asarray(k, float)
    (h, w), (kh, kw) = x.shape, k.shape
    oh, ow = h - kh + 1, w - kw + 1
    C = np.zeros((oh * ow, h * w))
    for r in range(oh):
        for c in range(ow):
            for u in range(kh):
                for v in range(kw):
                    C[r * ow + c, (r + u) * w + (c + v)] = k[u, v]
    ref = signal.correlate2d(x, k, "valid").ravel()
    np.testing.assert_allclose(C @ x.ravel(), ref)
    return C, ref


def _check_matrix(scene, x, k):
    C, ref = _matrix_reference(x, k)
    (_, _, product), = [b for b in scene.beats if b[1] == "mx_product"]
    assert ", ".join(fmt_num(v) for v in ref) in product
    shown = scene.shown
    for v in np.concatenate([C.ravel(), ref]):
        assert fmt_num(v) in shown
    k0 = fmt_num(np.asarray(k, float)[0, 0])
    assert shown.count(k0) >= 1 + C.shape[0]  # the kernel cell + one per row of C
    (_, _, sparse), = [b for b in scene.beats if b[1] == "mx_sparse"]
    assert f"only {np.count_nonzero(C)} of its {C.size} entries" in sparse
    assert _beat_keys(scene) == ["mx_inputs", "mx_unroll"] + ["mx_row"] * C.shape[0] + [
        "mx_sparse", "mx_product_row", "mx_product", "mx_linear"]


def test_conv_as_matrix_shows_c_times_x_equal_to_the_sliding_result():
    S = _defaults("ConvAsMatrix")
    _check_matrix(dry_run(ConvAsMatrix), S.x, S.k)


def test_conv_as_matrix_shows_a_lecturers_own_numbers():
    x, k = ((1.0, -2.0, 3.0), (0.0, 4.0, -1.0)), ((2.0, -1.0),)
    _check_matrix(dry_run_with(ConvAsMatrix, x=x, k=k), x, k)


@pytest.mark.parametrize("values, name", [
    ({"x": ((1.0,) * 4,) * 3}, "x"),                     # 12 pixels: C too wide
    ({"x": ((1.0,) * 3,) * 4}, "x"),
    ({"x": ((-8.25,) * 3,) * 3, "k": ((1.5,),)}, "x"),   # outputs of 6 characters
    ({"x": ((1.0, 2.0), (3.0, 4.0)), "k": ((1.0, 2.0, 3.0),)}, "k"),  # wider than x
    ({"k": ((1.0, 2.0, 3.0), (4.0, 5.0, 6.0))}, "k"),    # 6 taps > 4 colours
    ({"x": ((1.0, 2.0), (3.0, 4.0))}, "k"),              # k = x's shape: C is one full row
    ({"k": ((10.0, 1.0), (1.0, 1.0))}, "k"),
])
def test_conv_as_matrix_refuses(values, name):
    _refused("ConvAsMatrix", values, name)


# ---------------------------------------------------------------- TransposedConvScatter


def _scatter_reference(x, k, s):
    """y = x ⋆ k (stride s) by scipy, C by loops, x' = Cᵀy."""
    from scipy import signal

    x, k = np.asarray(x, float), np.asarray(k, float)
    n, kk = x.shape[0], k.shape[0]
    y = signal.correlate2d(x, k, "valid")[::s, ::s]
    m = y.shape[0]
    C = np.zeros((m * m, n * n))
    for r in range(m):
        for c in range(m):
            for u in range(kk):
                for v in range(kk):
                    C[r * m + c, (s * r + u) * n + (s * c + v)] = k[u, v]
    np.testing.assert_allclose(C @ x.ravel(), y.ravel())
    return y, (C.T @ y.ravel()).reshape(x.shape)


def _check_scatter(scene, x, k, s):
    y, back = _scatter_reference(x, k, s)
    assert not np.allclose(back, x)
    shown = scene.shown
    for v in np.concatenate([y.ravel(), back.ravel()]):
        assert fmt_num(v) in shown
    scatters = [b for b in scene.beats if b[1] == "tr_scatter"]
    assert len(scatters) == y.size
    for (_, _, text), v in zip(scatters, y.ravel()):
        assert f"= {fmt_num(v)} scatters {fmt_num(v)}·k" in text
        assert rf"{fmt_num(v)}\cdot k" in shown
    (_, _, last), = [b for b in scene.beats if b[1] == "tr_not_inverse"]
    assert f"{back.shape[0]}×{back.shape[1]}" in last
    assert _beat_keys(scene)[-2:] == ["tr_overlaps", "tr_not_inverse"]


def test_transposed_scatter_shows_c_transpose_y_and_that_it_is_not_x():
    S = _defaults("TransposedConvScatter")
    _check_scatter(dry_run(TransposedConvScatter), S.x, S.k, S.stride)


def test_transposed_scatter_shows_a_lecturers_own_numbers():
    x = ((1.0, -1.0, 2.0), (0.0, 2.0, 1.0), (2.0, 0.0, -1.0))
    k = ((1.0, -1.0), (0.5, 1.0))
    _check_scatter(dry_run_with(TransposedConvScatter, x=x, k=k, stride=1), x, k, 1)


_E = ((1.0, 0.0, 0.0), (0.0, 0.0, 0.0), (0.0, 0.0, 0.0))


@pytest.mark.parametrize("values, name", [
    ({"x": ((1.0,) * 5,) * 4}, "x"),                     # not square
    ({"x": ((1.0,) * 6,) * 6}, "x"),                     # too wide for the row of grids
    ({"x": ((9.0,) * 5,) * 5, "k": ((9.0,) * 3,) * 3}, "x"),  # sums of 5 characters
    ({"k": ((1.0, 0.0), (0.0, 1.0), (1.0, 1.0))}, "k"),  # not square
    ({"x": _E, "k": _E, "stride": 1}, "k"),              # Cᵀy = x: nothing to show
    ({"x": ((1.0,) * 4,) * 4}, "stride"),                # (4 − 3) % 2: Cᵀy is not x's shape
    ({"k": ((1.0, 2.0), (3.0, 4.0)), "stride": 1}, "stride"),  # y 4×4 > 3×3
    ({"stride": 4}, "stride"),
    ({"x": ((1.0,) * 4,) * 4, "k": ((1.0, 2.0), (3.0, 4.0))}, "stride"),  # s = k: no overlaps
])
def test_transposed_scatter_refuses(values, name):
    _refused("TransposedConvScatter", values, name)


# ---------------------------------------------------------------- TransposedCheckerboard


def _independent_counts(n: int, k: int, s: int) -> np.ndarray:
    """Kernel copies covering each cell, by stamping footprints with loops (no dlmath)."""
    size = s * (n - 1) + k
    counts = np.zeros((size, size), dtype=int)
    for r in range(n):
        for c in range(n):
            counts[s * r:s * r + k, s * c:s * c + k] += 1
    return counts


def _check_checkerboard(scene, n, s, kernels):
    shown = scene.shown
    counts = [_independent_counts(n, kk, s) for kk in kernels]
    # every count is drawn once per cell (numbers are single MathTex strings "1", "2", "4")
    drawn = [t for t in shown if t.isdigit()]
    assert sorted(drawn) == sorted(fmt_num(v) for c in counts for v in c.ravel())
    interiors = [sorted(set(c[kk - 1:c.shape[0] - kk + 1, kk - 1:c.shape[0] - kk + 1].ravel()))
                 for c, kk in zip(counts, kernels)]
    assert len(interiors[0]) > 1 and len(interiors[1]) == 1
    (_, _, cap), = [b for b in scene.beats if b[1] == "cb_counts"]
    assert f"covers cells {', '.join(map(str, interiors[0]))} times" in cap
    assert f"covered {interiors[1][0]} times" in cap
    assert rf"k = {kernels[0]},\ s = {s}" in shown and rf"k = {kernels[1]},\ s = {s}" in shown
    assert _beat_keys(scene) == ["cb_setup", "cb_stack", "cb_counts", "cb_rule"]


def test_checkerboard_shows_the_overlap_counts():
    S = _defaults("TransposedCheckerboard")
    scene = dry_run(TransposedCheckerboard)
    _check_checkerboard(scene, S.input_size, S.stride, S.kernels)
    (_, _, cap), = [b for b in scene.beats if b[1] == "cb_counts"]
    assert "covers cells 1, 2, 4 times" in cap and "covered 4 times" in cap


def test_checkerboard_shows_a_lecturers_own_numbers():
    scene = dry_run_with(TransposedCheckerboard, input_size=3, stride=3, kernels=(4, 3))
    _check_checkerboard(scene, 3, 3, (4, 3))


@pytest.mark.parametrize("values, name", [
    ({"kernels": (4, 4)}, "kernels"),                    # k₁ a multiple of s
    ({"kernels": (3, 3)}, "kernels"),                    # k₂ not a multiple of s
    ({"kernels": (3, 6)}, "kernels"),                    # canvas 2·3 + 6 = 12 > 10
    ({"kernels": (3, 4, 6)}, "kernels"),
    ({"input_size": 2, "kernels": (5, 4)}, "input_size"),  # no interior for k = 5
    ({"input_size": 2, "kernels": (3, 2)}, "input_size"),  # k = 3's interior is one cell
    ({"input_size": 6}, "input_size"),
    ({"stride": 1}, "stride"),
])
def test_checkerboard_refuses(values, name):
    _refused("TransposedCheckerboard", values, name)


# ---------------------------------------------------------------- ConvLayerCost


def _bytes_text(n: int) -> str:
    """Bytes as the scene writes them: exact below 10 kB, else 3 significant digits with a
    decimal unit (1 kB = 1000 B)."""
    if n < 10_000:
        return f"{n:,} B"
    for scale, unit in ((1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")):
        if n >= scale:
            return f"{float(f'{n / scale:.3g}'):g} {unit}"
    raise AssertionError(n)


def _check_cost(scene, sizes, c_in, c_out, k, p):
    shown = " ".join(scene.shown)
    caps = {key: cap for _, key, cap in scene.beats}
    for i, n in enumerate(sizes):  # stride 1: o = n + 2p − k + 1, counted without dlmath
        o = n + 2 * p - k + 1
        conv_params = c_out * c_in * k * k + c_out
        conv_macs = c_out * o * o * c_in * k * k
        dense_params = (c_in * n * n) * (c_out * o * o) + c_out * o * o
        dense_macs = (c_in * n * n) * (c_out * o * o)
        # the notes' counts: FLOPs = 2 multiply-adds, parameters as float32 memory (4 B each)
        conv_flops, dense_flops = 2 * conv_macs, 2 * dense_macs
        for v in (conv_params, conv_macs, dense_params, dense_macs, conv_flops, dense_flops):
            assert f"{v:,}".replace(",", "{,}") in shown, v
        conv_bytes, dense_bytes = _bytes_text(4 * conv_params), _bytes_text(4 * dense_params)
        assert conv_bytes.replace(",", "{,}").replace(" ", r"\ \text{") + "}" in shown
        assert dense_bytes.replace(",", "{,}").replace(" ", r"\ \text{") + "}" in shown
        if i == 0:
            assert f"{dense_params:,}" in caps["cost_dense"]
            assert f"{conv_params:,}" in caps["cost_conv"]
            assert conv_bytes in caps["cost_memory"] and dense_bytes in caps["cost_memory"]
            assert f"{conv_flops:,}" in caps["cost_flops"] and f"{dense_flops:,}" in caps["cost_flops"]
        else:
            assert f"{dense_params:,}" in caps["cost_bigger"] or i < len(sizes) - 1
    assert _beat_keys(scene) == (["cost_conv", "cost_dense", "cost_memory", "cost_macs",
                                  "cost_flops", "cost_bars"]
                                 + ["cost_bigger"] * (len(sizes) - 1) + ["cost_sharing"])


def test_layer_cost_shows_hand_counted_parameters_and_multiply_adds():
    S = _defaults("ConvLayerCost")
    scene = dry_run(ConvLayerCost)
    _check_cost(scene, S.sizes, S.c_in, S.c_out, S.k, S.padding)
    assert "448" in " ".join(scene.shown)  # 16*3*9 + 16, the CIFAR-sized layer
    caps = {key: cap for _, key, cap in scene.beats}
    assert "50,348,032" in caps["cost_dense"]   # 3072 * 16384 + 16384
    assert "1,792 B" in caps["cost_memory"] and "201 MB" in caps["cost_memory"]  # 448·4, 50,348,032·4
    assert "884,736" in caps["cost_flops"]      # 2 · 442,368


def test_layer_cost_shows_a_lecturers_own_numbers():
    values = dict(sizes=(8, 16, 64), c_in=1, c_out=8, k=5, padding=0)
    _check_cost(dry_run_with(ConvLayerCost, **values), (8, 16, 64), 1, 8, 5, 0)


@pytest.mark.parametrize("values, name", [
    ({"sizes": (224, 32)}, "sizes"),                     # the image must grow
    ({"sizes": (500,), "c_in": 4, "c_out": 4}, "sizes"),  # a dense layer past 10¹² / dlmath's bound
    ({"sizes": (8, 16, 32, 64)}, "sizes"),
    ({"sizes": (4,), "k": 7}, "k"),                      # larger than the padded image
    ({"k": 8}, "k"),
    ({"c_in": 65}, "c_in"),
    ({"c_out": 0}, "c_out"),
    ({"padding": 4}, "padding"),
])
def test_layer_cost_refuses(values, name):
    _refused("ConvLayerCost", values, name)
