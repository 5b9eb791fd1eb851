"""The numbers the diffusion scenes put on screen, checked against independent references.

References never call dlmath's functions whose results the scenes show: the schedules
come from their published definitions, spreads from the heat kernel and brute-force
particle loops, densities from scipy, shares and distances from numpy on the samples.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

import lessons
from lessons import ParamError
from scenes import diffusion as sd
from scenes.style import fmt_num
from tests.conftest import beat_keys as _beat_keys, dry_run, dry_run_with


# ---------------------------------------------------------------- references


def _linear_abar(T: int = 1000, b1: float = 1e-4, bT: float = 0.02) -> np.ndarray:
    """ᾱ_0 … ᾱ_T of the linear schedule (Ho et al. 2020), from its definition."""
    return np.concatenate([[1.0], np.cumprod(1 - np.linspace(b1, bT, T))])


def _cosine_abar(T: int = 1000, s: float = 0.008) -> np.ndarray:
    """ᾱ_0 … ᾱ_T of the cosine schedule (Nichol & Dhariwal 2021, eq. 17), unclipped."""
    f = np.cos(((np.arange(T + 1) / T + s) / (1 + s)) * np.pi / 2) ** 2
    return f / f[0]


def _tex_small(v: float, digits: int = 3) -> str:
    """How a small number reads on screen: decimals, or m × 10^e below 10^-digits."""
    if v == 0 or abs(v) >= 10 ** -digits:
        return fmt_num(v, digits)
    m, e = f"{v:.2e}".split("e")
    return rf"{fmt_num(float(m), 2)} \times 10^{{{int(e)}}}"


def _share_tex(share: float) -> str:
    """A share as the scene writes it beside its point: ``12.3\\%``."""
    return f"{100 * share:.1f}" + r"\%"


def _refuses(scene: str, values: dict, name: str) -> None:
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find(scene).build(values)


def _inside(points: np.ndarray, axes) -> bool:
    """Every screen point lies within the axes' box."""
    lo, hi = axes.c2p(*(axes.x_range[0], axes.y_range[0])), axes.c2p(axes.x_range[1],
                                                                     axes.y_range[1])
    return bool(np.all(points[..., :2] >= lo[:2] - 1e-9) and np.all(points[..., :2] <= hi[:2] + 1e-9))


def test_formats():
    assert sd.fmt_small(0.36789) == "0.368"
    assert sd.fmt_small(4.0358e-5) == r"4.04 \times 10^{-5}"
    assert sd.fmt_small(0.0) == "0"
    assert sd.fmt_sci(2.2e-13) == r"2.2 \times 10^{-13}"
    assert sd.fmt_plain(4.0358e-5) == "4.04×10⁻⁵" and sd.fmt_plain(0.5244) == "0.524"
    assert sd.fmt_plain(2.2e-13) == "2.2×10⁻¹³"


# ---------------------------------------------------------------- DiffusionInkDrop


def _ink_reference(n, steps, D, dt, sigma0, seed, stops):
    """Brute force: particles kicked one step at a time, spread measured with numpy."""
    g = np.random.default_rng(seed)
    x = sigma0 * g.standard_normal((n, 2))
    kicks = np.sqrt(2 * D * dt) * g.standard_normal((steps, n, 2))
    out = {}
    for k in range(1, steps + 1):
        x = x + kicks[k - 1]
        if k in stops:
            out[k] = (k * dt, np.sqrt(sigma0 ** 2 + 2 * D * k * dt), x.std(axis=0, ddof=1).mean())
    return out


def _check_ink(scene, n, steps, D, dt, sigma0, seed, stops):
    assert rf"D = {fmt_num(D, 4)},\ \ \sigma_0 = {fmt_num(sigma0, 3)}" in scene.shown
    for t, theory, measured in _ink_reference(n, steps, D, dt, sigma0, seed, stops).values():
        assert f"t = {fmt_num(t, 3)}" in scene.shown
        assert rf"\sigma_{{\text{{theory}}}} = {fmt_num(theory, 3)}" in scene.shown
        assert rf"\sigma_{{\text{{measured}}}} = {fmt_num(measured, 3)}" in scene.shown
        assert abs(measured - theory) < 0.03
    assert _beat_keys(scene) == (["ink_drop", "ink_law"] + ["ink_stop"] * len(stops)
                                 + ["ink_bridge"])


def test_ink_drop_shows_theory_and_measured_spread():
    _check_ink(dry_run(sd.DiffusionInkDrop), 3000, 150, 0.013, 0.05, 0.08, 0, (50, 100, 150))


def test_ink_drop_shows_a_lecturers_own_drop_inside_its_glass():
    values = dict(n_particles=500, steps=80, D=0.05, dt=0.1, sigma0=0.2, seed=7, stops=(10, 80))
    scene = dry_run_with(sd.DiffusionInkDrop, **values)
    _check_ink(scene, 500, 80, 0.05, 0.1, 0.2, 7, (10, 80))
    assert scene.data.half > 2                       # the glass grew with the drop
    assert np.abs(scene.data.drop.trajectory).max() <= scene.data.half


@pytest.mark.parametrize("values, name", [
    ({"n_particles": 6000}, "n_particles"),
    ({"steps": 5}, "steps"),
    ({"D": 0.5}, "D"),
    ({"dt": 0}, "dt"),
    ({"sigma0": 1.0}, "sigma0"),
    ({"seed": -1}, "seed"),
    ({"stops": (10, 20, 30, 40, 50, 60)}, "stops"),
    ({"stops": (50, 200)}, "stops"),            # beyond the last step
    ({"stops": (100, 50)}, "stops"),            # not increasing
    ({"D": 0.1, "dt": 1.0, "steps": 300}, "D"),  # spreads past σ = 1
])
def test_ink_drop_refuses(values, name):
    _refuses("DiffusionInkDrop", values, name)


# ---------------------------------------------------------------- DiffusionForward2D


def _check_forward(scene, abar, stops, n, name):
    for t in stops:
        assert f"t = {t}" in scene.shown
        assert rf"\bar\alpha_t = {_tex_small(abar[t])}" in scene.shown
        assert rf"\sqrt{{1-\bar\alpha_t}} = {fmt_num(np.sqrt(1 - abar[t]), 3)}" in scene.shown
    assert f"{n} points of data ({name})" in scene.shown
    assert _beat_keys(scene) == ["fwd_data", "fwd_formula"] + ["fwd_stop"] * len(stops) + ["fwd_end"]


def test_forward_2d_shows_the_schedule_values():
    scene = dry_run(sd.DiffusionForward2D)
    _check_forward(scene, _linear_abar(), (50, 100, 250, 500, 1000), 2000, "two moons")
    assert r"\bar\alpha_t = 4.04 \times 10^{-5}" in scene.shown  # t = T, the published value
    assert {"0", "500", "1000", "0.5", "1"} <= set(scene.shown)  # the ᾱ chart's numbers


def test_forward_2d_keeps_every_point_of_every_step_on_its_axes():
    data = sd.DiffusionForward2D.lesson().run()
    assert np.abs(data.trajectory).max() <= data.half
    assert data.half >= 3.5 and data.half % 0.25 == 0
    scene = dry_run(sd.DiffusionForward2D)
    assert _inside(scene.frames, scene.plane)


def test_forward_2d_shows_a_lecturers_own_chain():
    values = dict(dataset="swiss_roll", n_points=300, T=200, beta_end=0.1, stops=(20, 200),
                  seed=3)
    scene = dry_run_with(sd.DiffusionForward2D, **values)
    _check_forward(scene, _linear_abar(200, 1e-4, 0.1), (20, 200), 300, "swiss roll")
    assert _inside(scene.frames, scene.plane)


@pytest.mark.parametrize("values, name", [
    ({"T": 5}, "T"),
    ({"T": 5000}, "T"),
    ({"schedule": "sigmoid"}, "schedule"),
    ({"schedule": "cosine", "beta_start": 0.001}, "beta_start"),
    ({"schedule": "cosine", "beta_end": 0.03}, "beta_end"),
    ({"beta_end": 0.005}, "beta_end"),          # ᾱ_T = 0.08: not pure noise at the end
    ({"dataset": "circles"}, "dataset"),
    ({"n_points": 5000}, "n_points"),
    ({"noise": 0.5}, "noise"),
    ({"stops": (50, 2000)}, "stops"),           # beyond T
    ({"stops": (1, 2, 3, 4, 5, 6, 7)}, "stops"),
])
def test_forward_2d_refuses(values, name):
    _refuses("DiffusionForward2D", values, name)


# ---------------------------------------------------------------- DiffusionMarginals1D


def _check_marginals(scene, weights, means, variances, abar, stops):
    for w, m, v in zip(weights, means, variances):
        assert rf"\pi = {fmt_num(w, 3)},\ \mu = {fmt_num(m, 3)},\ \sigma^2 = {fmt_num(v, 3)}" in scene.shown
    for t in stops:
        assert f"t = {t}" in scene.shown
        assert rf"\bar\alpha_t = {_tex_small(abar[t])}" in scene.shown
        ref = sum(w * norm.pdf(scene.data.xs, np.sqrt(abar[t]) * m,
                               np.sqrt(abar[t] * v + 1 - abar[t]))
                  for w, m, v in zip(weights, means, variances))
        np.testing.assert_allclose(scene.data.densities[t], ref, rtol=1e-9, atol=1e-12)
    assert _beat_keys(scene) == (["marg_data", "marg_formula"] + ["marg_stop"] * len(stops)
                                 + ["marg_end"])


def test_marginals_1d_shows_mixture_and_schedule():
    _check_marginals(dry_run(sd.DiffusionMarginals1D), (0.3, 0.5, 0.2), (-2.0, 0.5, 2.5),
                     (0.09, 0.25, 0.04), _linear_abar(), (20, 50, 100, 200, 400, 1000))


def test_marginals_1d_shows_a_lecturers_own_mixture():
    values = dict(weights=(0.25, 0.25, 0.25, 0.25), means=(-3.0, -1.0, 1.0, 3.0),
                  variances=(0.01, 0.04, 0.09, 0.01), schedule="cosine", T=400,
                  stops=(50, 200, 399))
    scene = dry_run_with(sd.DiffusionMarginals1D, **values)
    _check_marginals(scene, values["weights"], values["means"], values["variances"],
                     _cosine_abar(400), values["stops"])


@pytest.mark.parametrize("values, name", [
    ({"weights": (0.5, 0.5)}, "means"),                         # 2 weights, 3 means
    ({"variances": (0.1, 0.1)}, "variances"),
    ({"weights": (0.3, 0.3, 0.3)}, "weights"),                  # sum 0.9
    ({"weights": (1.0,), "means": (0.0,), "variances": (1.0,)}, "weights"),
    ({"means": (-3.5, 0.5, 2.5)}, "means"),                     # μ − 3σ = −4.4 off the axis
    ({"variances": (0.09, 0.25, 0.001)}, "variances"),
    ({"stops": (20, 1500)}, "stops"),
    ({"weights": (0.2,) * 5, "means": (0.0,) * 5, "variances": (0.1,) * 5}, "weights"),
])
def test_marginals_1d_refuses(values, name):
    _refuses("DiffusionMarginals1D", values, name)


# ---------------------------------------------------------------- DiffusionSchedules


def _check_schedules(scene, T, b1, bT, s, t, image_ts):
    lin, cos = _linear_abar(T, b1, bT), _cosine_abar(T, s)
    assert (rf"t = {t}:\ \ \bar\alpha_t^{{\text{{lin}}}} = {_tex_small(lin[t])},"
            rf"\ \ \bar\alpha_t^{{\text{{cos}}}} = {_tex_small(cos[t])}") in scene.shown
    assert rf"\beta_T^{{\text{{cos}}}} = 0.999,\ \ \beta_T^{{\text{{lin}}}} = {fmt_num(bT, 3)}" \
        in scene.shown
    assert r"\beta_T = 0.999" in scene.shown  # where the cosine β_t leaves its chart
    for u in image_ts:
        assert f"t = {u}" in scene.shown
        assert rf"\bar\alpha_t = {_tex_small(lin[u])}" in scene.shown
        if u < T:  # the cosine ᾱ_T is clipped (β_T = 0.999)
            assert rf"\bar\alpha_t = {_tex_small(cos[u])}" in scene.shown
    x0, eps = scene.data.x0.ravel(), scene.data.eps.ravel()
    for img, u in zip(scene.data.cosine.images, image_ts):
        if u < T:
            np.testing.assert_allclose(img.ravel(), np.sqrt(cos[u]) * x0 + np.sqrt(1 - cos[u]) * eps,
                                       atol=1e-9)
    assert _beat_keys(scene) == ["sched_lin", "sched_cos", "sched_compare", "sched_images"]


def test_schedules_show_both_schedules_values():
    _check_schedules(dry_run(sd.DiffusionSchedules), 1000, 1e-4, 0.02, 0.008, 500,
                     (100, 250, 500, 750, 900))


def test_schedules_show_a_lecturers_own_schedules():
    values = dict(T=200, beta_start=0.001, beta_end=0.05, cosine_s=0.02, compare_t=60,
                  image_ts=(0, 100, 200), glyph="A", glyph_size=16, beta_top=0.1)
    scene = dry_run_with(sd.DiffusionSchedules, **values)
    _check_schedules(scene, 200, 0.001, 0.05, 0.02, 60, (0, 100, 200))
    assert scene.data.x0.shape == (16, 16)


@pytest.mark.parametrize("values, name", [
    ({"compare_t": 1500}, "compare_t"),
    ({"image_ts": (100, 1200)}, "image_ts"),
    ({"image_ts": (1, 2, 3, 4, 5, 6)}, "image_ts"),
    ({"image_ts": (500, 100)}, "image_ts"),
    ({"glyph": "77"}, "glyph"),
    ({"glyph": "é"}, "glyph"),
    ({"glyph_size": 64}, "glyph_size"),
    ({"beta_top": 0.05}, "beta_top"),            # not a multiple of 0.02
    ({"beta_end": 0.06}, "beta_top"),            # the linear β_t would leave the chart
    ({"cosine_s": 0.5}, "cosine_s"),
])
def test_schedules_refuse(values, name):
    _refuses("DiffusionSchedules", values, name)


# ---------------------------------------------------------------- DiffusionImageNoising


def _check_image_noising(scene, abar, image_ts, size, T):
    for t in image_ts:
        assert f"t = {t}" in scene.shown
        assert rf"\bar\alpha_t = {_tex_small(abar[t])}" in scene.shown
    assert f"a {size}×{size} image is one point with d = {size * size} pixel values, 0 … 255 " \
        "scaled to [-1, 1]" in scene.shown
    assert f"By t = {T} the image is indistinguishable from pure noise." in scene.shown
    x0 = scene.data.x0
    for img, t in zip(scene.data.images, image_ts):
        if t == 0:
            np.testing.assert_array_equal(img, x0)
        elif abar[t] < 0.9:  # x_t − √ᾱ x₀ must look like N(0, 1 − ᾱ) noise
            eps = (img - np.sqrt(abar[t]) * x0) / np.sqrt(1 - abar[t])
            assert abs(eps.mean()) < 0.3 and abs(eps.std() - 1) < 0.3, t
    scale = ["img_scale"] if image_ts[0] == 0 else []
    assert _beat_keys(scene) == (["img_step"] + scale + ["img_step"] * (len(image_ts) - 1)
                                 + ["img_end"])
    if scale:  # the notes' 0 … 255 pixels: p recovered from x0 by inverting the scaling here
        p = np.rint((x0 + 1) * 255 / 2)
        np.testing.assert_allclose(2 * p / 255 - 1, x0, atol=1e-12)
        flat = np.argmin(np.abs(p - 127.5))
        r, c = flat // p.shape[1], flat % p.shape[1]
        assert scene.data.example == (r, c) and scene.data.example_p == p[r, c]
        x = 2 * p[r, c] / 255 - 1
        shown = " ".join(scene.shown)
        assert rf"p = {int(p[r, c])} \mapsto x = {fmt_num(x, 3)}" in shown
        assert r"x = \frac{2p}{255} - 1:" in shown
        caps = {key: cap for _, key, cap in scene.beats}
        assert f"p = {int(p[r, c])} gives x = {fmt_num(x, 3)}" in caps["img_scale"]


def test_image_noising_shows_every_step():
    scene = dry_run(sd.DiffusionImageNoising)
    _check_image_noising(scene, _linear_abar(), (0, 100, 200, 300, 400, 1000), 32, 1000)
    assert r"\bar\alpha_t = 4.04 \times 10^{-5}" in scene.shown


def test_image_noising_shows_a_lecturers_own_image():
    values = dict(schedule="cosine", T=500, image_ts=(0, 100, 250, 499), glyph="A",
                  glyph_size=16, seed=2)
    scene = dry_run_with(sd.DiffusionImageNoising, **values)
    _check_image_noising(scene, _cosine_abar(500), (0, 100, 250, 499), 16, 500)


@pytest.mark.parametrize("values, name", [
    ({"image_ts": (0, 10, 20, 30, 40, 50, 60)}, "image_ts"),
    ({"image_ts": (0, 1200)}, "image_ts"),
    ({"glyph": " "}, "glyph"),
    ({"glyph_size": 4}, "glyph_size"),
])
def test_image_noising_refuses(values, name):
    _refuses("DiffusionImageNoising", values, name)


def test_pixels_draw_every_pixel_once_at_its_grey_level():
    from manim import Camera

    from scenes.common import ImageCamera

    img = np.linspace(-1, 1, 16 * 16).reshape(16, 16)
    levels = np.round((img + 1) / 2 * 255)  # [-1, 1] -> 0 ... 255, by hand
    pic = sd._pixels(img, 8.0)
    assert pic.width == pytest.approx(8.0) and pic.height == pytest.approx(8.0)
    # 16 x 9 units on 160 x 90 pixels: the image covers x 40..120, y 5..85, 5 pixels a pixel
    frames = {}
    for cls in (Camera, ImageCamera):
        camera = cls(pixel_width=160, pixel_height=90, frame_width=16, frame_height=9)
        camera.capture_mobjects([pic, sd._pixels(img, 4.0).set_opacity(0.5).move_to([7.5, 0, 0])])
        frames[cls] = camera.pixel_array.copy()
    frame = frames[ImageCamera]
    centres = frame[7 + 5 * np.arange(16)][:, 42 + 5 * np.arange(16), :3]
    assert np.all(centres == levels[:, :, None])
    # the image camera composites on the image's box only: the same pixels as manim's camera
    # (a half-transparent copy half off the right edge included)
    np.testing.assert_array_equal(frame, frames[Camera])


# ---------------------------------------------------------------- DiffusionReverse


def _ring(radius: float) -> np.ndarray:
    angles = 2 * np.pi * np.arange(8) / 8
    return radius * np.column_stack([np.cos(angles), np.sin(angles)])


def _check_reverse(scene, radius, T, stop_ts, ddim_steps):
    means = _ring(radius)
    np.testing.assert_allclose(scene.data.mixture.means, means, atol=1e-12)
    for sampler in (scene.data.ddpm, scene.data.ddim):
        samples = sampler.run.samples
        r = np.linalg.norm(samples, axis=1).mean()          # numpy, independently of dlmath
        assert abs(r - radius) < 0.05
        assert rf"\bar r = {fmt_num(r, 3)}\ \ (r = {fmt_num(radius, 3)})" in scene.shown
        nearest = np.argmin(((samples[:, None] - means[None]) ** 2).sum(axis=2), axis=1)
        shares = np.bincount(nearest, minlength=8) / len(samples)
        assert np.all(np.abs(shares - 0.125) < 0.05)
        assert all(_share_tex(v) in scene.shown for v in shares)  # beside the modes
    for t in stop_ts:
        assert f"t = {t}" in scene.shown
    assert f"DDPM (ancestral sampling), {T} steps:" in scene.shown
    assert f"DDIM (η = 0), {ddim_steps} steps,\nfrom the same starting noise:" in scene.shown
    assert _beat_keys(scene) == (["rev_denoiser", "rev_start"] + ["rev_stop"] * len(stop_ts)
                                 + ["rev_ddpm_result", "rev_ddim_start", "rev_ddim_result"])
    assert _inside(scene.frames, scene.plane) and _inside(scene.dframes, scene.plane)


def _beside(labels, points, plane=None) -> bool:
    """Each share label sits beside its own point (within one scene unit of it); ``points``
    in data coordinates of ``plane``, or on screen when no plane is given."""
    screen = sd._to_screen(plane, np.asarray(points)) if plane is not None else points
    return all(np.linalg.norm(m.get_center()[:2] - p[:2]) < 1.0 for m, p in zip(labels, screen))


def test_reverse_shows_ring_radius_and_mode_shares_of_real_samples():
    scene = dry_run(sd.DiffusionReverse)
    _check_reverse(scene, 2.0, 1000, (500, 200, 50, 0), 50)
    assert _beside(scene.shares, scene.data.mixture.means, scene.plane)
    assert len(scene.trail) == 1  # one path, not a scribble
    # each share straight outside its own mode: nearer to it than to any other, farther out
    modes = sd._to_screen(scene.plane, scene.data.mixture.means)[:, :2]
    centre = np.asarray(scene.plane.c2p(0, 0))[:2]
    for k, m in enumerate(scene.shares):
        c = m.get_center()[:2]
        assert np.argmin(np.linalg.norm(modes - c, axis=1)) == k
        assert np.linalg.norm(c - centre) > np.linalg.norm(modes[k] - centre) + 0.1


def test_reverse_shows_a_lecturers_own_ring():
    values = dict(n_points=400, radius=3.0, sigma=0.1, T=300, beta_end=0.05, seed=4,
                  ddim_steps=20, traced=(5,), stop_ts=(150, 0))
    scene = dry_run_with(sd.DiffusionReverse, **values)
    _check_reverse(scene, 3.0, 300, (150, 0), 20)


@pytest.mark.parametrize("values, name", [
    ({"radius": 4.0}, "radius"),
    ({"sigma": 0.5}, "sigma"),
    ({"ddim_steps": 300}, "ddim_steps"),
    ({"T": 100, "beta_end": 0.1, "ddim_steps": 150, "stop_ts": (50, 0)}, "ddim_steps"),
    ({"traced": (0, 1, 2, 3, 4, 5)}, "traced"),
    ({"n_points": 100, "traced": (150,)}, "traced"),
    ({"stop_ts": (500, 200)}, "stop_ts"),        # must end at t = 0
    ({"stop_ts": (200, 500, 0)}, "stop_ts"),     # must descend
    ({"stop_ts": (1000, 0)}, "stop_ts"),         # t = T is the start, not a pause
])
def test_reverse_refuses(values, name):
    _refuses("DiffusionReverse", values, name)


# ---------------------------------------------------------------- DiffusionMemorisation


def _check_memorisation(scene, m, n, data_seed, stop_ts):
    data = np.random.default_rng(data_seed).uniform(-1.5, 1.5, size=(m, 2))
    np.testing.assert_array_equal(scene.data.data, data)
    samples = scene.data.run.samples
    d = np.sqrt(((samples[:, None] - data[None]) ** 2).sum(axis=2))
    worst = d.min(axis=1).max()
    assert worst < 1e-2
    mant, exp = f"{worst:.1e}".split("e")
    assert any(s.endswith(rf"= {fmt_num(float(mant), 1)} \times 10^{{{int(exp)}}}")
               for s in scene.shown)
    shares = np.bincount(d.argmin(axis=1), minlength=m) / n
    assert all(_share_tex(v) in scene.shown for v in shares)  # beside the training points
    for t in stop_ts:
        assert f"t = {t}" in scene.shown
    assert f"Memorisation: the exact denoiser of {m} points" in scene.shown
    assert _beat_keys(scene) == (["mem_denoiser"] + ["mem_stop"] * len(stop_ts)
                                 + ["mem_result", "mem_lesson"])


def test_memorisation_every_sample_is_a_training_point():
    scene = dry_run(sd.DiffusionMemorisation)
    _check_memorisation(scene, 5, 1000, 0, (300, 100, 0))
    assert _beside(scene.shares, scene.screen)   # the training points, zoomed in
    # the landed samples: a filled disc on each training point, drawn above its ring
    assert all(np.allclose(disc.get_center(), p) for disc, p in zip(scene.landed, scene.screen))
    fg = scene.foreground_mobjects
    assert fg.index(scene.landed) > fg.index(scene.dots)


def test_memorisation_with_a_lecturers_own_data_set():
    values = dict(m=8, data_seed=6, n_points=300, seed=2, stop_ts=(400, 0))
    _check_memorisation(dry_run_with(sd.DiffusionMemorisation, **values), 8, 300, 6, (400, 0))


@pytest.mark.parametrize("values, name", [
    ({"m": 9}, "m"),
    ({"m": 1}, "m"),
    ({"m": 8, "data_seed": 0}, "data_seed"),    # two training points 0.155 apart
    ({"n_points": 50}, "n_points"),
    ({"stop_ts": (300, 100)}, "stop_ts"),
    ({"stop_ts": (1200, 0)}, "stop_ts"),
])
def test_memorisation_refuses(values, name):
    _refuses("DiffusionMemorisation", values, name)


def test_glyph_image_is_a_deterministic_glyph():
    from lessons.diffusion import glyph_image

    img = glyph_image("7", 32)
    assert img.shape == (32, 32)
    assert img.min() == -1.0 and img.max() == 1.0
    assert 0.05 < (img > 0).mean() < 0.4  # a glyph, not a blank or a filled square
    np.testing.assert_array_equal(img, glyph_image("7", 32))
    assert not np.array_equal(img, glyph_image("3", 32))
    with pytest.raises(ValueError, match="char must be one visible character"):
        glyph_image("ab")
