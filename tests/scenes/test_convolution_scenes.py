"""The numbers the convolution scenes put on screen are dlmath's, and match numpy/scipy."""

from __future__ import annotations

import numpy as np
import pytest

import lessons
from lessons import ParamError

from dlmath.convolution import conv1d_steps, correlate1d_steps
from scenes.convolution import Conv1DFlipShift, ConvVsCorrelation
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


def test_conv_vs_correlation_shows_both_numpy_results():
    scene = dry_run(ConvVsCorrelation)
    shown = scene.shown
    x, h = ConvVsCorrelation.x, ConvVsCorrelation.h
    assert "y = x * h = " + _list(np.convolve(x, h)) in shown
    assert r"c = x \star h = " + _list(np.correlate(x, h, "full")) in shown
    conv, corr = conv1d_steps(x, h), correlate1d_steps(x, h)
    for cs, rs in zip(conv.steps, corr.steps):
        assert any(s.startswith(f"y[{cs.n}] =") and s.endswith(f"= {fmt_num(cs.total)}") for s in shown)
        assert any(s.startswith(f"c[{rs.m}] =") and s.endswith(f"= {fmt_num(rs.total)}") for s in shown)
    # the centre lag: c[0] = 1*0 + 2*1 + 3*0.5 (hand)
    assert r"c[0] = 1\cdot0 + 2\cdot1 + 3\cdot0.5 = 3.5" in shown
    keys = _beat_keys(scene)
    assert keys[:2] == ["vs_inputs", "vs_flip"] and keys[-2:] == ["vs_result", "vs_cnn"]
    assert keys.count("vs_step") == len(x) + len(h) - 1


def test_continuous_convolution_shows_the_closed_form_and_quad_values():
    from scipy import integrate

    from dlmath.convolution import continuous_conv
    from scenes.convolution import ContinuousConvolution as S

    scene = dry_run(S)
    res = continuous_conv(S.f, S.g)
    assert "(f*g)(t) = " + res.latex() in scene.shown
    # rect(0,1) * e^{-t}u(t): the closed form on screen is 1 - e^{-t}, then (e - 1) e^{-t}
    assert r"1 - e^{- t}" in res.latex() and r"\left(-1 + e\right) e^{- t}" in res.latex()
    stops = [b for b in scene.beats if b[1] == "cc_stop"]
    assert len(stops) == len(S.stops) - 1
    for (_, _, text), t in zip(stops, S.stops[1:]):
        ref, _ = integrate.quad(lambda tau: float(S.f(tau)) * float(S.g(t - tau)), 0.0, 1.0,
                                epsabs=1e-12)
        assert f"(f*g)(t) = {fmt_num(ref)}." in text, (text, ref)
    assert res.overlap(S.stops[0]) is None  # the start caption says "no overlap yet"
    keys = _beat_keys(scene)
    assert keys[:3] == ["cc_inputs", "cc_flip", "cc_start"] and keys[-1] == "cc_closed"


def test_conv2d_grid_fills_the_scipy_output_and_evaluates_the_size_formula():
    from scipy import signal

    from scenes.convolution import Conv2DGrid as S

    scene = dry_run(S)
    shown = scene.shown
    x, k = np.array(S.x, dtype=float), np.array(S.k, dtype=float)
    for part in S.parts:
        s, p, d = part["stride"], part["padding"], part["dilation"]
        kd = np.zeros(((k.shape[0] - 1) * d + 1,) * 2)
        kd[::d, ::d] = k
        ref = signal.correlate2d(np.pad(x, p), kd, "valid")[::s, ::s]  # independent reference
        for r in range(ref.shape[0]):
            for c in range(ref.shape[1]):
                assert f"y[{r},{c}] = {fmt_num(ref[r, c])}" in shown
        # o = floor((i + 2p - khat)/s) + 1, khat = k + (k-1)(d-1), evaluated by hand here
        khat = 3 + 2 * (d - 1)
        o = (6 + 2 * p - khat) // s + 1
        assert o == ref.shape[0]
        assert any(t.startswith(r"o = \left\lfloor") and f"{{6 + 2\\cdot {p} - {khat}}}" in t
                   and t.endswith(f"= {o}") for t in shown), (p, khat, o)
        assert rf"\hat k = k + (k-1)(d-1) = {khat}" in shown
    assert S.parts[0] == {"stride": 2, "padding": 1, "dilation": 1}
    keys = _beat_keys(scene)
    assert keys == ["grid_setup", "grid_first", "grid_done", "grid_size",
                    "grid_dilation_setup", "grid_first", "grid_done", "grid_size"]


def test_conv_as_matrix_shows_c_times_x_equal_to_the_sliding_result():
    from scipy import signal

    from scenes.convolution import ConvAsMatrix as S

    scene = dry_run(S)
    x, k = np.array(S.x, dtype=float), np.array(S.k, dtype=float)
    ref = signal.correlate2d(x, k, "valid").ravel()      # independent: scipy
    # independent C: row (r, c) holds k[u, v] at pixel (r+u, c+v), built with loops
    C = np.zeros((4, 9))
    for r in range(2):
        for c in range(2):
            for u in range(2):
                for v in range(2):
                    C[r * 2 + c, (r + u) * 3 + (c + v)] = k[u, v]
    np.testing.assert_allclose(C @ x.ravel(), ref)
    (_, _, product), = [b for b in scene.beats if b[1] == "mx_product"]
    assert ", ".join(fmt_num(v) for v in ref) in product
    # every entry of C appears on screen (weights and zeros), and every output value
    shown = scene.shown
    for v in np.concatenate([C.ravel(), ref]):
        assert fmt_num(v) in shown
    assert shown.count(fmt_num(k[0, 0])) >= 1 + 4  # the kernel cell + one per row of C
    (_, _, sparse), = [b for b in scene.beats if b[1] == "mx_sparse"]
    assert f"only {np.count_nonzero(C)} of its {C.size} entries" in sparse
    assert _beat_keys(scene) == ["mx_inputs", "mx_unroll"] + ["mx_row"] * 4 + [
        "mx_sparse", "mx_product", "mx_linear"]


def test_transposed_scatter_shows_c_transpose_y_and_that_it_is_not_x():
    from scipy import signal

    from dlmath.convolution import conv_matrix
    from scenes.convolution import TransposedConvScatter as S

    scene = dry_run(S)
    x, k = np.array(S.x, dtype=float), np.array(S.k, dtype=float)
    y = signal.correlate2d(x, k, "valid")[::S.stride, ::S.stride]     # independent forward pass
    C = conv_matrix(x.shape, k, S.stride)
    np.testing.assert_allclose(C @ x.ravel(), y.ravel())
    back = (C.T @ y.ravel()).reshape(x.shape)                          # x' = C^T y
    assert not np.allclose(back, x)
    shown = scene.shown
    for v in np.concatenate([y.ravel(), back.ravel()]):
        assert fmt_num(v) in shown
    # the running sums after each scatter, and each block label v·k
    scatters = [b for b in scene.beats if b[1] == "tr_scatter"]
    assert len(scatters) == y.size
    for (_, _, text), v in zip(scatters, y.ravel()):
        assert f"= {fmt_num(v)} scatters {fmt_num(v)}·k" in text
        assert rf"{fmt_num(v)}\cdot k" in shown
    assert _beat_keys(scene)[-2:] == ["tr_overlaps", "tr_not_inverse"]


def _independent_counts(n: int, k: int, s: int) -> np.ndarray:
    """Kernel copies covering each cell, by stamping footprints with loops (no dlmath)."""
    size = s * (n - 1) + k
    counts = np.zeros((size, size), dtype=int)
    for r in range(n):
        for c in range(n):
            counts[s * r:s * r + k, s * c:s * c + k] += 1
    return counts


def test_checkerboard_shows_the_overlap_counts():
    from scenes.convolution import TransposedCheckerboard as S

    scene = dry_run(S)
    shown = scene.shown
    c3 = _independent_counts(S.input_size, S.kernels[0], S.stride)
    c4 = _independent_counts(S.input_size, S.kernels[1], S.stride)
    # every count is drawn once per cell (numbers are single MathTex strings "1", "2", "4")
    n_cells = c3.size + c4.size
    drawn = [t for t in shown if t in {"0", "1", "2", "3", "4"}]
    assert len(drawn) == n_cells
    assert sorted(drawn) == sorted(str(v) for v in np.concatenate([c3.ravel(), c4.ravel()]))
    (_, _, counts_caption), = [b for b in scene.beats if b[1] == "cb_counts"]
    assert set(np.unique(c3[2:7, 2:7])) == {1, 2, 4} and set(np.unique(c4[3:7, 3:7])) == {4}
    assert "covers cells 1, 2, 4 times" in counts_caption and "covered 4 times" in counts_caption
    assert _beat_keys(scene) == ["cb_setup", "cb_stack", "cb_counts", "cb_rule"]


def test_layer_cost_shows_hand_counted_parameters_and_multiply_adds():
    from scenes.convolution import ConvLayerCost as S

    scene = dry_run(S)
    shown = " ".join(scene.shown)
    c_in, c_out, k = S.c_in, S.c_out, S.k
    for n in S.sizes:  # padding 1, stride 1, 3x3: output n x n (hand), counted without dlmath
        conv_params = c_out * c_in * k * k + c_out
        conv_macs = c_out * n * n * c_in * k * k
        dense_params = (c_in * n * n) * (c_out * n * n) + c_out * n * n
        dense_macs = (c_in * n * n) * (c_out * n * n)
        for v in (conv_params, conv_macs, dense_params, dense_macs):
            assert f"{v:,}".replace(",", "{,}") in shown, v
    assert "448" in shown  # 16*3*9 + 16, the CIFAR-sized layer
    caps = {key: cap for _, key, cap in scene.beats}
    assert "50,348,032" in caps["cost_dense"]   # 3072 * 16384 + 16384
    assert f"{(224 * 224 * 3) * (224 * 224 * 16) + 224 * 224 * 16:,}" in caps["cost_bigger"]
    assert _beat_keys(scene) == ["cost_conv", "cost_dense", "cost_macs", "cost_bars",
                                 "cost_bigger", "cost_sharing"]
