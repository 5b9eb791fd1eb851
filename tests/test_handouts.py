"""Print handouts: every file is written, and every plotted array matches an independent reference.

The references never call dlmath: numpy/scipy convolutions, brute-force loops and the
published closed forms. Parameters are the lessons' defaults, as the handouts use.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from scipy.signal import correlate2d

import lessons
from pipeline import handouts as H

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[Path], dict[str, dict[str, np.ndarray]]]:
    """All handouts built once; each figure's data recorded on the way (no second computation)."""
    out = tmp_path_factory.mktemp("handouts")
    recorded: dict[str, dict[str, np.ndarray]] = {}

    def recording(fn):
        def run():
            fig, data = fn()
            recorded[fn.__name__] = data
            return fig, data
        return run

    figures = {topic: tuple((name, recording(fn)) for name, fn in figs)
               for topic, figs in H.FIGURES.items()}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(H, "FIGURES", figures)
        paths = H.build_handouts(out)
    return out, paths, recorded


@pytest.fixture(scope="module")
def figure_data(built):
    """``figure_data(name)``: the data dict the build's figure function ``name`` returned."""
    return built[2].__getitem__


# ---------------------------------------------------------------- files


def test_every_expected_file_is_written(built):
    out, paths, _ = built
    expected = {out / topic / f"{name}.{ext}" for topic, figs in H.FIGURES.items()
                for name, _ in figs for ext in ("pdf", "png")}
    assert set(paths) == expected
    assert set(H.FIGURES) == set(H.TOPICS)
    assert all(len(figs) >= 2 for figs in H.FIGURES.values())


def test_pdfs_are_pdfs(built):
    for p in built[1]:
        if p.suffix == ".pdf":
            assert p.read_bytes()[:4] == b"%PDF", p


def test_pngs_open_with_a_sane_a4_friendly_size(built):
    for p in built[1]:
        if p.suffix != ".png":
            continue
        with Image.open(p) as img:
            w, h = img.size
            assert img.format == "PNG"
            # 7.5 in at 150 dpi; tight layout may trim a little
            assert 1000 <= w <= 1200, (p, img.size)
            assert 250 <= h <= 1.45 * w, (p, img.size)
            corner = img.convert("RGB").getpixel((2, 2))
            assert corner == (255, 255, 255), (p, corner)  # white background


def test_build_selected_topic_only(tmp_path, monkeypatch):
    def tiny():
        from pipeline.handouts.figure import figure
        fig = figure(1.0, "tiny")
        fig.subplots().plot([0, 1])
        return fig, {}
    monkeypatch.setattr(H, "FIGURES", {"a": (("one", tiny),), "b": (("two", tiny),)})
    paths = H.build_handouts(tmp_path, ["b"])
    assert paths == [tmp_path / "b" / "two.pdf", tmp_path / "b" / "two.png"]
    assert all(p.stat().st_size > 0 for p in paths)


def test_build_rejects_unknown_topic(tmp_path):
    with pytest.raises(ValueError, match="convolution"):
        H.build_handouts(tmp_path, ["convolution", "nope"])
    assert not any(tmp_path.iterdir())  # nothing written before the check


def test_cli_rejects_unknown_topic_with_exit_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pipeline.handouts", "--out", str(tmp_path),
                           "not_a_topic"], cwd=REPO, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert proc.returncode == 2
    assert "not_a_topic" in proc.stderr
    for topic in H.TOPICS:
        assert topic in proc.stderr
    assert not any(tmp_path.iterdir())


# ---------------------------------------------------------------- convolution


def test_conv1d_matches_numpy_convolve(figure_data):
    S = lessons.find("Conv1DFlipShift").params()  # the defaults the figure shows
    d = figure_data("conv1d_flip_shift")
    np.testing.assert_array_equal(d["x"], S.x)
    np.testing.assert_array_equal(d["h"], S.h)
    np.testing.assert_allclose(d["y"], np.convolve(S.x, S.h), atol=1e-12)


def _dilate(k: np.ndarray, d: int) -> np.ndarray:
    out = np.zeros(((k.shape[0] - 1) * d + 1, (k.shape[1] - 1) * d + 1))
    out[::d, ::d] = k
    return out


def test_conv2d_grid_matches_scipy_correlate2d(figure_data):
    S = lessons.find("Conv2DGrid").params()  # the defaults the figure shows
    d = figure_data("conv2d_grid")
    x, k = np.array(S.x, float), np.array(S.k, float)
    for i, (s, p, dil) in enumerate(((S.stride, S.padding, 1), (1, 0, S.dilation))):
        xp = np.pad(x, p)
        np.testing.assert_array_equal(d[f"x_padded_{i}"], xp)
        ref = correlate2d(xp, _dilate(k, dil), mode="valid")[::s, ::s]
        np.testing.assert_allclose(d[f"y_{i}"], ref, atol=1e-12)


def test_transposed_overlap_counts_match_brute_force(figure_data):
    S = lessons.find("TransposedCheckerboard").params()
    d = figure_data("transposed_checkerboard")
    n, s = S.input_size, S.stride
    for kk in S.kernels:
        size = (n - 1) * s + kk
        ref = np.zeros((size, size), int)
        for i in range(n):
            for j in range(n):
                for u in range(kk):
                    for v in range(kk):
                        ref[i * s + u, j * s + v] += 1
        np.testing.assert_array_equal(d[f"counts_k{kk}"], ref)
    # the point of the figure: k = 3 is uneven inside, k = 4 even
    inner3 = d["counts_k3"][2:-2, 2:-2]
    inner4 = d["counts_k4"][3:-3, 3:-3]
    assert len(np.unique(inner3)) > 1 and len(np.unique(inner4)) == 1


def test_conv_layer_cost_by_hand(figure_data):
    S = lessons.find("ConvLayerCost").params()
    d = figure_data("conv_layer_cost")
    for i, n in enumerate(S.sizes):
        o = (n + 2 * S.padding - S.k) // 1 + 1
        n_in, n_out = S.c_in * n * n, S.c_out * o * o
        assert d["conv_params"][i] == S.c_out * S.c_in * S.k ** 2 + S.c_out
        assert d["dense_params"][i] == n_in * n_out + n_out
        assert d["conv_macs"][i] == S.c_out * o * o * S.c_in * S.k ** 2
        assert d["dense_macs"][i] == n_in * n_out


# ---------------------------------------------------------------- chain rule


def _chain_reference(w, b, x, act, residual):
    """dy/dh_k of the scalar chain by an explicit loop (plain numpy)."""
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    f = {"sigmoid": sig, "relu": lambda z: max(z, 0.0), "tanh": np.tanh}[act]
    df = {"sigmoid": lambda z: sig(z) * (1 - sig(z)), "relu": lambda z: float(z > 0),
          "tanh": lambda z: 1 - np.tanh(z) ** 2}[act]
    h, gains = x, []
    for wk, bk in zip(w, b):
        z = wk * h + bk
        gains.append(wk * df(z) + (1.0 if residual else 0.0))
        h = f(z) + (h if residual else 0.0)
    return np.array([np.prod(gains[k:]) for k in range(len(gains) + 1)])


def test_vanishing_gradients_match_explicit_chain_rule(figure_data):
    S = lessons.find("VanishingGradients").params()  # the defaults the figure shows
    d = figure_data("vanishing_gradients")
    for kind in S.chains:
        act, residual = kind.split("+")[0], kind.endswith("+skip")
        key = f"dh_{act}" + ("_residual" if residual else "")
        ref = _chain_reference((S.weight,) * S.depth, (S.bias,) * S.depth, S.x, act, residual)
        np.testing.assert_allclose(d[key], ref, rtol=1e-12)
    assert d["dh_sigmoid"][0] < 0.25 ** S.depth  # every sigmoid factor is below 1/4


def test_init_std_follows_the_variance_argument(figure_data):
    S = lessons.find("InitHistograms").params()  # the defaults the figure shows
    d = figure_data("init_activation_std")
    assert set(d) == {"std_" + c.replace("/", "_") for c in S.configs}
    assert np.all(d["std_tanh_zero"] == 0)                       # all units identical, all zero
    assert np.all(d["std_tanh_large"] > 0.9)                     # saturated at ±1
    assert d["std_tanh_small"][-1] < 1e-3 * d["std_tanh_small"][0]  # shrinks geometrically
    ratios = d["std_relu_xavier"][1:] / d["std_relu_xavier"][:-1]
    assert np.all((ratios > 0.6) & (ratios < 0.8))                # Var halves: std × 1/√2
    he = d["std_relu_he"]
    assert np.all(np.abs(he / he[0] - 1) < 0.2)                  # He keeps the scale


# ---------------------------------------------------------------- linear classifier


def _softmax_ce(S: np.ndarray, y: np.ndarray) -> float:
    S = S - S.max(axis=1, keepdims=True)
    logp = S - np.log(np.exp(S).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(y.size), y].mean())


def test_linear_regions_are_the_argmax_of_the_scores(figure_data):
    S = lessons.find("LinearClassifierScores").params()  # the defaults the figure shows
    d = figure_data("linear_classifier_regions")
    gx, gy = np.meshgrid(d["grid_x"], d["grid_y"])
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    for t in (0, S.steps):
        W, b = d[f"W_{t}"], d[f"b_{t}"]
        ref = np.argmax(pts @ W.T + b, axis=1).reshape(gx.shape)
        np.testing.assert_array_equal(d[f"labels_{t}"], ref)
        scores = d["X"] @ W.T + b
        assert d["accuracy"][t] == pytest.approx(np.mean(scores.argmax(1) == d["y"]))
        assert d["loss"][t] == pytest.approx(_softmax_ce(scores, d["y"]), rel=1e-9)
    assert d["accuracy"][-1] == 1.0 and d["loss"][-1] < d["loss"][0]
    assert d["X"].shape == (S.n_points, 2)


def test_spiral_losses_and_regions_match_an_independent_forward_pass(figure_data):
    d = figure_data("playground_spiral")
    n_layers = sum(1 for k in d if k.startswith("W"))
    Ws = [d[f"W{l}"] for l in range(n_layers)]
    bs = [d[f"b{l}"] for l in range(n_layers)]

    def logits(X):
        a = X
        for W, b in zip(Ws[:-1], bs[:-1]):
            a = np.maximum(a @ W.T + b, 0.0)
        return a @ Ws[-1].T + bs[-1]

    assert d["test_loss"][-1] == pytest.approx(_softmax_ce(logits(d["X_test"]), d["y_test"]),
                                               rel=1e-9)
    assert d["train_loss"][-1] == pytest.approx(_softmax_ce(logits(d["X_train"]), d["y_train"]),
                                                rel=1e-9)
    gx, gy = np.meshgrid(d["grid_x"], d["grid_y"])
    Z = logits(np.column_stack([gx.ravel(), gy.ravel()]))
    p1 = 1 / (1 + np.exp(Z[:, 0] - Z[:, 1]))
    np.testing.assert_allclose(d["probs"], p1.reshape(gx.shape), atol=1e-12)


# ---------------------------------------------------------------- gradient descent


def test_gd_path_is_the_closed_form_per_eigendirection(figure_data):
    S = lessons.find("OptimizerPaths2D").params()   # the defaults the handout uses
    d = figure_data("optimizer_paths")
    Hm = np.array(S.quad_hessian, float)
    lam, V = np.linalg.eigh(Hm)
    alpha = 2 / (lam[0] + lam[-1])             # the optimal fixed step the scene uses
    path = d["quadratic_gd"]
    ks = np.arange(path.shape[0])
    c0 = V.T @ np.array(S.quad_start, float)   # start in the eigenbasis
    ref = (((1 - alpha * lam)[None, :] ** ks[:, None]) * c0) @ V.T
    np.testing.assert_allclose(path, ref, atol=1e-10)
    assert path.shape[0] == S.quad_steps + 1
    for m in ("gd", "momentum", "adam"):  # plotted costs are ½ wᵀHw of the plotted path
        p = d[f"quadratic_{m}"]
        np.testing.assert_allclose(d[f"quadratic_{m}_loss"],
                                   0.5 * np.einsum("ki,ij,kj->k", p, Hm, p), rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(d["quadratic_minimum"], [0, 0], atol=1e-12)
    np.testing.assert_allclose(d["rosenbrock_minimum"], [1, 1], atol=1e-12)
    r = d["rosenbrock_adam"]
    rosen = (1 - r[:, 0]) ** 2 + 100 * (r[:, 1] - r[:, 0] ** 2) ** 2
    np.testing.assert_allclose(d["rosenbrock_adam_loss"], rosen, rtol=1e-9, atol=1e-15)


def test_loss_curves_and_gd_bound(figure_data):
    S = lessons.find("OptimizerLossCurves").params()
    d = figure_data("optimizer_loss_curves")
    lam = np.linalg.eigvalsh(np.array(S.quad_hessian, float))
    kappa = lam[-1] / lam[0]
    gd = d["quadratic_gd"]
    ks = np.arange(gd.size)
    np.testing.assert_allclose(d["quadratic_gd_bound"],
                               gd[0] * ((kappa - 1) / (kappa + 1)) ** (2 * ks), rtol=1e-9)
    assert np.all(gd <= d["quadratic_gd_bound"] * (1 + 1e-9))
    for key in ("quadratic", "rosenbrock"):  # every plotted loss lies inside the log axis
        lo, hi = d[f"{key}_log_range"]
        assert hi - lo <= 16 and lo % 2 == 0 and hi % 2 == 0   # whole, even decades
        for m in ("gd", "momentum", "adam"):
            v = d[f"{key}_{m}"]
            assert np.all((v >= 10.0 ** lo) & (v <= 10.0 ** hi)), (key, m)


def test_learning_rate_regimes_follow_the_closed_form(figure_data):
    S = lessons.find("LearningRateRegimes").params()
    d = figure_data("learning_rate_regimes")
    x, y = np.array(S.x), np.array(S.y)
    lam = 2 * np.mean(x ** 2)                  # cost'' of (1/m) Σ (W x − y)²
    w_star = np.sum(x * y) / np.sum(x ** 2)
    (w_lo, w_hi), c_hi = S.w_view, S.cost_max
    for lr in S.lrs:
        w = d[f"w_lr{lr}"]
        ks = np.arange(w.size)
        np.testing.assert_allclose(w, w_star + (1 - lr * lam) ** ks * (S.w0 - w_star),
                                   rtol=1e-9, atol=1e-12)
        c = np.mean((w[:, None] * x - y) ** 2, 1)
        inside = (w >= w_lo) & (w <= w_hi) & (c <= c_hi)
        path = d[f"path_lr{lr}"]                # what is drawn never leaves the plot
        assert np.all((path[:, 0] >= w_lo - 1e-12) & (path[:, 0] <= w_hi + 1e-12)
                      & (path[:, 1] >= 0) & (path[:, 1] <= c_hi + 1e-9))
        if abs(1 - lr * lam) > 1:              # the diverging run stops at its first step off the plot
            assert not inside[-1] and np.all(inside[:-1])
        else:
            assert w.size == S.steps + 1 and np.all(inside)
    np.testing.assert_allclose(d["cost_curve"], np.mean((d["w_curve"][:, None] * x - y) ** 2, 1),
                               rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------- diffusion


def _linear_alpha_bar(T: int) -> np.ndarray:
    return np.concatenate([[1.0], np.cumprod(1 - np.linspace(1e-4, 0.02, T))])


def _cosine_alpha_bar(T: int, s: float = 0.008) -> np.ndarray:
    f = np.cos(((np.arange(T + 1) / T + s) / (1 + s)) * np.pi / 2) ** 2
    return f / f[0]


def test_schedules_match_the_published_closed_forms(figure_data):
    S = lessons.find("DiffusionSchedules").params()
    d = figure_data("diffusion_schedules")
    np.testing.assert_array_equal(d["t"], np.arange(S.T + 1))
    np.testing.assert_allclose(d["alpha_bar_linear"], _linear_alpha_bar(S.T), rtol=1e-10)
    np.testing.assert_allclose(d["beta_linear"], np.linspace(1e-4, 0.02, S.T), rtol=1e-12)
    cos_ref = _cosine_alpha_bar(S.T)
    unclipped = np.concatenate([[True], np.cumprod(d["beta_cosine"] < 0.999).astype(bool)])
    assert unclipped.sum() >= S.T - 1          # clipping only touches the very last step(s)
    np.testing.assert_allclose(d["alpha_bar_cosine"][unclipped], cos_ref[unclipped], rtol=1e-9,
                               atol=1e-15)


def test_reverse_samples_land_on_the_eight_modes(figure_data):
    S = lessons.find("DiffusionReverse").params()
    d = figure_data("diffusion_reverse")
    angles = np.arange(8) * np.pi / 4
    modes = S.radius * np.column_stack([np.cos(angles), np.sin(angles)])
    np.testing.assert_allclose(d["means"], modes, atol=1e-12)
    assert d["x_T"].shape == (S.n_points, 2)
    assert abs(np.linalg.norm(d["x_T"], axis=1).mean() - np.sqrt(np.pi / 2)) < 0.1  # N(0, I)
    for key in ("ddpm", "ddim"):
        pts = d[key]
        r = np.linalg.norm(pts, axis=1)
        assert abs(r.mean() - S.radius) < 0.02, key
        assert np.mean(np.abs(r - S.radius) < 0.1) > 0.9, key     # on the ring
        dist = np.linalg.norm(pts[:, None, :] - modes[None], axis=2)
        assert np.mean(dist.min(axis=1) < 0.25) > 0.99, key      # near one of the 8 modes
        shares = np.bincount(dist.argmin(axis=1), minlength=8) / len(pts)
        assert np.all((shares > 0.08) & (shares < 0.17)), (key, shares)  # all modes, evenly


def test_image_noising_matches_q_of_xt_given_x0(figure_data):
    S = lessons.find("DiffusionImageNoising").params()
    d = figure_data("diffusion_image_noising")
    ab = _linear_alpha_bar(S.T)[list(S.image_ts)]
    np.testing.assert_allclose(d["alpha_bar"], ab, rtol=1e-10)
    x0 = d["x0"]
    assert x0.shape == (S.glyph_size, S.glyph_size) and x0.min() == -1 and x0.max() == 1
    assert S.image_ts[0] == 0
    np.testing.assert_array_equal(d["images"][0], x0)  # t = 0 is the clean image
    for img, a, t in zip(d["images"], ab, S.image_ts):
        if t == 0:
            continue
        eps = (img - np.sqrt(a) * x0) / np.sqrt(1 - a)   # must look like N(0, 1) noise
        assert abs(eps.mean()) < 0.15 and abs(eps.std() - 1) < 0.1, t


def test_schedule_images_are_the_closed_form_with_shared_noise(figure_data):
    S = lessons.find("DiffusionSchedules").params()
    d = figure_data("diffusion_schedule_images")
    x0 = d["x0"].ravel()
    eps = d["eps"].ravel()
    for key, ab in (("linear", _linear_alpha_bar(S.T)), ("cosine", _cosine_alpha_bar(S.T))):
        for img, t in zip(d[f"images_{key}"], S.image_ts):
            ref = np.sqrt(ab[t]) * x0 + np.sqrt(1 - ab[t]) * eps
            np.testing.assert_allclose(img.ravel(), ref, atol=1e-9)


# ---------------------------------------------------------------- networks


def test_perceptron_gates_follow_the_rule_by_hand(figure_data):
    S = lessons.find("Perceptron").params()  # the defaults the figure shows
    d = figure_data("perceptron_gates")
    corners = [(0, 0), (0, 1), (1, 0), (1, 1)]
    for gate, targets, epochs in (("AND", (0, 0, 0, 1), 200), ("OR", (0, 1, 1, 1), 200),
                                  ("XOR", (0, 1, 1, 0), S.xor_epochs)):
        w, b, states, errors = list(S.w0), S.b0, [list(S.w0) + [S.b0]], []
        for _ in range(epochs):
            wrong = 0
            for (x1, x2), y in zip(corners, targets):
                err = y - (1 if w[0] * x1 + w[1] * x2 + b > 0 else 0)
                if err:
                    wrong += 1
                    w, b = [w[0] + S.lr * err * x1, w[1] + S.lr * err * x2], b + S.lr * err
                    states.append(w + [b])
            errors.append(wrong)
            if not wrong:
                break
        np.testing.assert_array_equal(d[f"{gate}_errors"], errors)
        np.testing.assert_allclose(d[f"{gate}_weights"], np.array(states)[:, :2], atol=1e-12)


def test_digits_network_is_accurate_and_its_target_one_hot(figure_data):
    d = figure_data("digits_network")
    assert float(d["test_accuracy"]) >= 0.95
    assert d["pixels"].shape == (8, 8) and d["filters"].shape[1:] == (8, 8)
    np.testing.assert_allclose(d["probs"].sum(), 1.0, atol=1e-12)
    assert d["target"].sum() == 1 and set(np.unique(d["target"])) == {0.0, 1.0}


def test_tensor_shapes_follow_numpy(figure_data):
    S = lessons.find("Tensors").params()  # the defaults the figure shows
    d = figure_data("tensor_shapes")
    np.testing.assert_array_equal(d["ranks"], [0, 1, 2, 3, 4])
    out = np.tensordot(np.zeros((S.batch, S.side, S.side, S.channels)),
                       np.zeros((S.channels, S.units)), axes=1).shape
    assert tuple(d["dot_out"]) == out
    assert tuple(d["broadcast"]) == np.broadcast_shapes(S.x_shape, S.y_shape)
    x = np.arange(S.matrix[0] * S.matrix[1]).reshape(S.matrix)
    np.testing.assert_array_equal(d["reshaped"], x.reshape(S.matrix[::-1]))
    np.testing.assert_array_equal(d["transposed"], x.T)


def test_keras_recipe_counts_by_hand(figure_data):
    d = figure_data("keras_recipe")
    np.testing.assert_array_equal(d["params"], [784 * 512 + 512, 512 * 10 + 10])
    assert int(d["steps_per_epoch"]) == len(range(0, 60_000, 128)) == 469
    np.testing.assert_array_equal(d["cumulative_steps"], 469 * np.arange(1, 6))
