"""The numbers the diffusion scenes put on screen are dlmath's, checked against numpy."""

from __future__ import annotations

import numpy as np

from dlmath import diffusion as dm
from scenes import diffusion as sd
from scenes.style import fmt_num
from tests.conftest import beat_keys as _beat_keys, dry_run


def _abar_ref(t: int, T: int = 1000) -> float:
    """ᾱ_t of the linear schedule (Ho et al. 2020), straight from its definition."""
    return float(np.prod(1 - np.linspace(1e-4, 0.02, T)[:t]))


def test_fmt_small():
    assert sd.fmt_small(0.36789) == "0.368"
    assert sd.fmt_small(4.0358e-5) == r"4.04 \times 10^{-5}"
    assert sd.fmt_small(0.0) == "0"


def test_ink_drop_shows_theory_and_measured_spread():
    S = sd.DiffusionInkDrop
    scene = dry_run(S)
    drop = dm.ink_drop(S.n_particles, S.steps, S.D, S.dt, S.sigma0, S.seed)
    for k in S.stops:
        t = k * S.dt
        theory = np.sqrt(S.sigma0 ** 2 + 2 * S.D * t)  # heat kernel spread
        assert rf"\sigma_{{\text{{theory}}}} = {fmt_num(theory, 3)}" in scene.shown
        measured = drop.trajectory[k].std(axis=0, ddof=1).mean()
        assert rf"\sigma_{{\text{{measured}}}} = {fmt_num(measured, 3)}" in scene.shown
        assert abs(measured - theory) < 0.02
        assert f"t = {fmt_num(t)}" in scene.shown
    assert _beat_keys(scene) == ["ink_drop", "ink_law"] + ["ink_stop"] * len(S.stops) + ["ink_bridge"]


def test_forward_2d_shows_the_schedule_values():
    S = sd.DiffusionForward2D
    scene = dry_run(S)
    for t in S.stops:
        ab = _abar_ref(t)
        assert rf"\bar\alpha_t = {sd.fmt_small(ab)}" in scene.shown
        assert rf"\sqrt{{1-\bar\alpha_t}} = {fmt_num(np.sqrt(1 - ab), 3)}" in scene.shown
    assert r"\bar\alpha_t = 4.04 \times 10^{-5}" in scene.shown  # t = T, the published value
    assert f"{S.n_points} points of data (two moons)" in scene.shown
    assert _beat_keys(scene) == ["fwd_data", "fwd_formula"] + ["fwd_stop"] * len(S.stops) + ["fwd_end"]


def test_marginals_1d_shows_mixture_and_schedule():
    S = sd.DiffusionMarginals1D
    scene = dry_run(S)
    for w, m, v in zip(S.weights, S.means, S.variances):
        assert rf"\pi = {fmt_num(w)},\ \mu = {fmt_num(m)},\ \sigma^2 = {fmt_num(v)}" in scene.shown
    for t in S.stops[1:]:
        assert rf"\bar\alpha_t = {sd.fmt_small(_abar_ref(t))}" in scene.shown
    assert _beat_keys(scene)[-1] == "marg_end"


def _cosine_abar_ref(t: int, T: int = 1000, s: float = 0.008) -> float:
    """ᾱ_t of the cosine schedule (Nichol & Dhariwal 2021, eq. 17), for t < T (no clipping)."""
    f = lambda u: np.cos(((u / T + s) / (1 + s)) * np.pi / 2) ** 2
    return float(f(t) / f(0))


def test_schedules_show_both_schedules_values():
    S = sd.DiffusionSchedules
    scene = dry_run(S)
    t = S.compare_t
    assert (rf"t = {t}:\ \ \bar\alpha_t^{{\text{{lin}}}} = {sd.fmt_small(_abar_ref(t))},"
            rf"\ \ \bar\alpha_t^{{\text{{cos}}}} = {sd.fmt_small(_cosine_abar_ref(t))}") in scene.shown
    assert r"\beta_T^{\text{cos}} = 0.999\ \ \beta_T^{\text{lin}} = 0.02" in scene.shown
    for u in S.image_ts:
        assert rf"\bar\alpha_t = {sd.fmt_small(_abar_ref(u), 2)}" in scene.shown
        assert rf"\bar\alpha_t = {sd.fmt_small(_cosine_abar_ref(u), 2)}" in scene.shown
    assert _beat_keys(scene) == ["sched_lin", "sched_cos", "sched_compare", "sched_images"]


def test_image_noising_shows_every_step():
    S = sd.DiffusionImageNoising
    scene = dry_run(S)
    for t in S.image_ts:
        assert f"t = {t}" in scene.shown
        assert rf"\bar\alpha_t = {sd.fmt_small(_abar_ref(t), 2)}" in scene.shown
    assert r"\bar\alpha_t = 4.04 \times 10^{-5}" in scene.shown
    assert "a 32×32 image is one point with d = 1024 pixel values in [-1, 1]" in scene.shown
    assert _beat_keys(scene) == ["img_step"] * len(S.image_ts) + ["img_end"]


def test_pixels_draw_every_pixel_once_at_its_grey_level():
    img = dm.glyph_image("7", 16)
    grid = sd._pixels(img, 1.6)
    n_squares = sum(len(m.points) // 16 for m in grid)  # 4 cubic edges x 4 points per square
    assert n_squares == img.size
    assert len(grid) == np.unique(np.round((img + 1) / 2 * 255)).size


def _shares_tex(shares) -> str:
    return r",\ ".join(f"{v:.1%}".replace("%", r"\%") for v in shares)


def test_reverse_shows_ring_radius_and_mode_shares_of_real_samples():
    S = sd.DiffusionReverse
    scene = dry_run(S)
    mix = dm.eight_gaussians(S.radius, S.sigma)
    den, sched = dm.GaussianMixtureDenoiser(mix), dm.linear_schedule(S.T)
    ddpm = dm.ddpm_sample(den, sched, S.n_points, S.seed, return_trajectory=True)
    ddim = dm.ddim_sample(den, sched, S.n_points, S.ddim_steps, x_T=ddpm.trajectory[0])
    angles = 2 * np.pi * np.arange(8) / 8
    means = S.radius * np.column_stack([np.cos(angles), np.sin(angles)])
    for samples in (ddpm.samples, ddim.samples):
        r = np.linalg.norm(samples, axis=1).mean()          # numpy, independently of dlmath
        assert abs(r - S.radius) < 0.05
        assert rf"\bar r = {fmt_num(r, 3)}\ \ (r = {fmt_num(S.radius)})" in scene.shown
        nearest = np.argmin(((samples[:, None] - means[None]) ** 2).sum(axis=2), axis=1)
        shares = np.bincount(nearest, minlength=8) / len(samples)
        assert np.all(np.abs(shares - 0.125) < 0.03)
        assert _shares_tex(shares[:4]) in scene.shown and _shares_tex(shares[4:]) in scene.shown
    for i in S.stops:
        assert f"t = {S.T - i}" in scene.shown
    assert _beat_keys(scene) == (["rev_denoiser", "rev_start"] + ["rev_stop"] * len(S.stops)
                                 + ["rev_ddpm_result", "rev_ddim_start", "rev_ddim_result"])


def test_memorisation_every_sample_is_a_training_point():
    S = sd.DiffusionMemorisation
    scene = dry_run(S)
    data = dm.small_point_set(S.m, S.data_seed)
    res = dm.ddpm_sample(dm.FiniteSetDenoiser.create(data), dm.linear_schedule(S.T), S.n_points,
                         S.seed)
    d = np.sqrt(((res.samples[:, None] - data[None]) ** 2).sum(axis=2))
    assert d.min(axis=1).max() < 1e-2
    mant, exp = f"{d.min(axis=1).max():.1e}".split("e")
    assert any(s.endswith(rf"= {mant} \times 10^{{{int(exp)}}}") for s in scene.shown)
    shares = np.bincount(d.argmin(axis=1), minlength=S.m) / S.n_points
    assert _shares_tex(shares) in scene.shown
    assert _beat_keys(scene)[-2:] == ["mem_result", "mem_lesson"]
