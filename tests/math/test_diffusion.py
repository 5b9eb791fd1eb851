"""dlmath.diffusion against independent references.

References: the published schedule definitions (Ho et al. 2020, "Denoising Diffusion
Probabilistic Models", §4: β linear from 1e-4 to 0.02, T = 1000; Nichol & Dhariwal 2021,
"Improved DDPM", eq. 17: ᾱ_t = f(t)/f(0), f(t) = cos²(((t/T + s)/(1 + s))·π/2), β ≤ 0.999),
scipy.stats densities, quadrature on a grid, Monte-Carlo estimates, sympy, and
Tweedie's formula with finite differences.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from scipy import stats

from dlmath.diffusion import (
    FiniteSetDenoiser,
    GaussianMixture,
    GaussianMixtureDenoiser,
    cosine_schedule,
    ddim_sample,
    ddim_timesteps,
    ddpm_sample,
    eight_gaussians,
    forward_chain,
    ink_drop,
    linear_schedule,
    marginal_density_1d,
    mixture_marginal,
    mean_radius,
    mode_shares,
    nearest_distance,
    posterior,
    q_sample,
    schedule_from_betas,
    small_point_set,
    swiss_roll,
    two_moons,
)

# ---------------------------------------------------------------- schedules


def test_linear_schedule_published_values():
    s = linear_schedule(1000, 1e-4, 0.02)
    assert s.T == 1000
    assert s.alpha_bars[0] == pytest.approx(0.9999, abs=1e-15)
    # independent: a plain Python product of 1 - beta_t with beta_t from the formula
    ref = math.prod(1 - (1e-4 + (t - 1) / 999 * (0.02 - 1e-4)) for t in range(1, 1001))
    assert s.alpha_bars[-1] == pytest.approx(ref, rel=1e-10)
    assert s.alpha_bars[-1] == pytest.approx(4.04e-5, abs=0.01e-5)  # the quoted ᾱ_T ≈ 4.04e-5
    assert s.betas[0] == 1e-4 and s.betas[-1] == pytest.approx(0.02, abs=1e-15)
    np.testing.assert_allclose(s.alphas, 1 - s.betas, rtol=0, atol=0)


def test_cosine_schedule_is_f_over_f0_until_clipping():
    T, s_ = 1000, 0.008
    s = cosine_schedule(T, s_)
    f = [math.cos(((t / T + s_) / (1 + s_)) * math.pi / 2) ** 2 for t in range(T + 1)]
    ref = np.array([f[t] / f[0] for t in range(1, T + 1)])
    clipped = s.betas >= 0.999
    assert clipped.sum() == 1 and clipped[-1]  # only β_T = 1 - 0/f(T-1) needs the clip
    np.testing.assert_allclose(s.alpha_bars[:-1], ref[:-1], rtol=1e-10)
    assert s.betas.max() == 0.999
    assert s.alpha_bars[-1] == pytest.approx(ref[-2] * (1 - 0.999), rel=1e-10)


def test_schedule_hand_case_and_snr():
    s = schedule_from_betas([0.1, 0.2])
    np.testing.assert_allclose(s.alphas, [0.9, 0.8], atol=1e-15)
    np.testing.assert_allclose(s.alpha_bars, [0.9, 0.72], atol=1e-15)
    np.testing.assert_allclose(s.snr, [0.9 / 0.1, 0.72 / 0.28], rtol=1e-14)
    assert s.alpha_bar(0) == 1.0 and s.alpha_bar(2) == pytest.approx(0.72)
    np.testing.assert_allclose(s.alpha_bar(np.array([0, 1, 2])), [1.0, 0.9, 0.72], atol=1e-15)
    assert s.noise_std(0) == 0.0 and s.noise_std(2) == pytest.approx(math.sqrt(0.28), rel=1e-14)
    lin = linear_schedule()
    assert np.all(np.diff(lin.snr) < 0) and np.all(np.diff(cosine_schedule().snr) < 0)


# ---------------------------------------------------------------- forward process


def test_q_sample_hand_case_with_given_noise():
    s = schedule_from_betas([0.1, 0.2])
    x0, eps = np.array([[1.0, -2.0]]), np.array([[0.5, 0.25]])
    expected = math.sqrt(0.72) * x0 + math.sqrt(0.28) * eps
    np.testing.assert_allclose(q_sample(x0, 2, s, noise=eps), expected, rtol=1e-15)
    np.testing.assert_array_equal(q_sample(x0, 0, s, noise=eps), x0)
    both = q_sample(np.vstack([x0, x0]), np.array([1, 2]), s, noise=np.vstack([eps, eps]))
    np.testing.assert_allclose(both[0], math.sqrt(0.9) * x0[0] + math.sqrt(0.1) * eps[0])


@pytest.mark.parametrize("sched", [linear_schedule(), cosine_schedule()], ids=["linear", "cosine"])
def test_chain_and_closed_form_agree_in_distribution(sched):
    n, x0 = 20000, np.array([1.5])
    pts = np.tile(x0, (n, 1))
    traj = forward_chain(pts, sched, np.random.default_rng(1))
    assert traj.shape == (sched.T + 1, n, 1)
    np.testing.assert_array_equal(traj[0], pts)
    for t in (1, 10, 100, 500, 1000):
        ab = sched.alpha_bars[t - 1]
        closed = q_sample(pts, t, sched, np.random.default_rng(t))
        for sample in (traj[t], closed):
            np.testing.assert_allclose(sample.mean(axis=0), np.sqrt(ab) * x0, atol=0.03)
            np.testing.assert_allclose(sample.var(axis=0), 1 - ab, rtol=0.05, atol=1e-6)
    # Markov structure: Cov(x_s, x_t) = sqrt(ᾱ_t/ᾱ_s)(1 - ᾱ_s) for s < t (x0 fixed)
    s_, t_ = 100, 300
    ab_s, ab_t = sched.alpha_bars[s_ - 1], sched.alpha_bars[t_ - 1]
    cov = np.mean((traj[s_, :, 0] - traj[s_, :, 0].mean()) * (traj[t_, :, 0] - traj[t_, :, 0].mean()))
    assert cov == pytest.approx(np.sqrt(ab_t / ab_s) * (1 - ab_s), abs=0.03)


def test_posterior_matches_bayes_by_quadrature():
    s = linear_schedule(100, 1e-3, 0.1)
    grid = np.linspace(-12, 12, 200001)
    rng = np.random.default_rng(5)
    for t in (2, 17, 60, 100):
        x0, xt = rng.normal(size=2)
        ab_prev = s.alpha_bars[t - 2]
        # q(x_{t-1} | x_t, x0) ∝ q(x_t | x_{t-1}) q(x_{t-1} | x0), integrated on a grid
        dens = (stats.norm.pdf(xt, np.sqrt(s.alphas[t - 1]) * grid, np.sqrt(s.betas[t - 1]))
                * stats.norm.pdf(grid, np.sqrt(ab_prev) * x0, np.sqrt(1 - ab_prev)))
        z = np.trapezoid(dens, grid)
        mean = np.trapezoid(grid * dens, grid) / z
        var = np.trapezoid((grid - mean) ** 2 * dens, grid) / z
        post = posterior([[x0]], [[xt]], t, s)
        assert post.mean[0, 0] == pytest.approx(mean, abs=1e-9)
        assert post.variance == pytest.approx(var, rel=1e-7)


def test_posterior_random_multid_against_product_of_gaussians():
    s = cosine_schedule(50)
    rng = np.random.default_rng(11)
    x0, xt = rng.normal(size=(7, 3)), rng.normal(size=(7, 3))
    for t in (1, 2, 25, 49):
        ab_prev = s.alpha_bars[t - 2] if t > 1 else 1.0
        a, b = s.alphas[t - 1], s.betas[t - 1]
        post = posterior(x0, xt, t, s)
        if t == 1:  # ᾱ_0 = 1: x_0 is known exactly
            np.testing.assert_allclose(post.mean, x0, atol=1e-15)
            assert post.variance == 0
            continue
        prec = 1 / (1 - ab_prev) + a / b
        mean = (np.sqrt(ab_prev) * x0 / (1 - ab_prev) + np.sqrt(a) * xt / b) / prec
        np.testing.assert_allclose(post.mean, mean, rtol=1e-12, atol=1e-14)
        assert post.variance == pytest.approx(1 / prec, rel=1e-12)


# ---------------------------------------------------------------- mixtures


def _mix1d() -> GaussianMixture:
    return GaussianMixture.create([0.3, 0.5, 0.2], [[-2.0], [0.5], [2.5]], [0.09, 0.25, 0.04])


def test_mixture_pdf_matches_scipy():
    mix = GaussianMixture.create([0.25, 0.75], [[0.0, 1.0], [2.0, -1.0]],
                                 [[[1.0, 0.3], [0.3, 0.5]], [[0.2, 0.0], [0.0, 0.7]]])
    x = np.random.default_rng(2).normal(size=(50, 2))
    ref = (0.25 * stats.multivariate_normal([0, 1], [[1, 0.3], [0.3, 0.5]]).pdf(x)
           + 0.75 * stats.multivariate_normal([2, -1], [[0.2, 0], [0, 0.7]]).pdf(x))
    np.testing.assert_allclose(mix.pdf(x), ref, rtol=1e-12)


@pytest.mark.parametrize("t", [0, 20, 150, 400, 1000])
def test_1d_marginal_integrates_to_one_and_matches_q_sample_histogram(t):
    s, mix = linear_schedule(), _mix1d()
    grid = np.linspace(-8, 8, 8001)
    dens = marginal_density_1d(mix, [t], grid, s)[0]
    assert np.trapezoid(dens, grid) == pytest.approx(1.0, abs=1e-9)
    x0 = mix.sample(200000, np.random.default_rng(3))
    xt = q_sample(x0, t, s, np.random.default_rng(4))[:, 0]
    hist, edges = np.histogram(xt, bins=80, range=(-4, 4), density=False)
    centers = (edges[:-1] + edges[1:]) / 2
    expected = mixture_marginal(mix, t, s).pdf(centers[:, None]) * xt.size * (edges[1] - edges[0])
    # bin counts are Poisson: within 5 standard deviations (+1 for empty tails)
    assert np.all(np.abs(hist - expected) < 5 * np.sqrt(expected) + 1)


def test_marginal_at_T_is_close_to_standard_normal():
    s, mix = linear_schedule(), _mix1d()
    grid = np.linspace(-5, 5, 101)
    dens = marginal_density_1d(mix, [0, 1000], grid, s)
    ab = s.alpha_bars[-1]
    ref = sum(w * stats.norm.pdf(grid, np.sqrt(ab) * m[0], np.sqrt(ab * c[0, 0] + 1 - ab))
              for w, m, c in zip(mix.weights, mix.means, mix.covs))
    np.testing.assert_allclose(dens[1], ref, rtol=1e-12)
    np.testing.assert_allclose(dens[1], stats.norm.pdf(grid), atol=5e-4)  # ≈ N(0, 1)
    np.testing.assert_allclose(dens[0], mix.pdf(grid[:, None]), rtol=1e-14)


# ---------------------------------------------------------------- denoisers


def _mc_posterior_mean(x0_samples, xt, ab):
    """Self-normalised importance estimate of E[x0 | xt] with the prior as proposal."""
    logw = -np.sum((xt[None] - np.sqrt(ab) * x0_samples) ** 2, axis=1) / (2 * (1 - ab))
    w = np.exp(logw - logw.max())
    return w @ x0_samples / w.sum()


@pytest.mark.parametrize("t", [150, 300, 600])
def test_gmm_denoiser_matches_monte_carlo(t):
    s = linear_schedule()
    ab = s.alpha_bars[t - 1]
    rng = np.random.default_rng(8)
    for mix in (eight_gaussians(2.0, 0.3),  # isotropic fast path
                GaussianMixture.create([0.6, 0.4], [[-1.0, 0.0], [1.5, 1.0]],
                                       [[[0.5, 0.2], [0.2, 0.3]], [[0.2, -0.1], [-0.1, 0.4]]])):
        den = GaussianMixtureDenoiser(mix)
        x0s = mix.sample(400000, rng)
        xt = q_sample(mix.sample(5, rng), t, s, rng)
        est = den.x0_hat(xt, t, s)
        for i in range(5):
            np.testing.assert_allclose(est[i], _mc_posterior_mean(x0s, xt[i], ab), atol=0.02)


def test_gmm_fast_and_general_paths_agree():
    den = GaussianMixtureDenoiser(eight_gaussians())
    assert den.isotropic_variances is not None
    x = np.random.default_rng(4).normal(size=(300, 2)) * 2
    for ab in (0.9999, 0.5, 1e-4):
        r, cond = den._parts(x, ab)
        np.testing.assert_allclose(den.x0_at(x, ab), np.einsum("nk,nkd->nd", r, cond),
                                   rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(r.sum(axis=1), 1.0, atol=1e-12)


def test_finite_set_denoiser_is_bayes_rule_and_tweedie():
    pts = np.array([[0.0, 0.0], [1.0, 2.0], [-1.5, 0.5]])
    den = FiniteSetDenoiser.create(pts)
    s = linear_schedule()
    xt = np.array([[0.3, 0.2], [0.8, 1.0], [-2.0, 3.0]])
    for t in (50, 300, 800):
        ab = s.alpha_bars[t - 1]
        lik = np.stack([stats.multivariate_normal(np.sqrt(ab) * p, (1 - ab) * np.eye(2)).pdf(xt)
                        for p in pts], axis=1)
        w_ref = lik / lik.sum(axis=1, keepdims=True)
        np.testing.assert_allclose(den.weights(xt, t, s), w_ref, rtol=1e-10)
        np.testing.assert_allclose(den.x0_hat(xt, t, s), w_ref @ pts, rtol=1e-10, atol=1e-12)
        # Tweedie: E[x0|xt] = (xt + (1 - ᾱ) ∇ log p_t(xt)) / √ᾱ, gradient by central differences
        logp = lambda x: np.log(sum(stats.multivariate_normal(np.sqrt(ab) * p, (1 - ab) * np.eye(2)).pdf(x)
                                    for p in pts))
        h = 1e-5
        grad = np.stack([(logp(xt + h * e) - logp(xt - h * e)) / (2 * h) for e in np.eye(2)], axis=1)
        np.testing.assert_allclose(den.x0_hat(xt, t, s), (xt + (1 - ab) * grad) / np.sqrt(ab),
                                   atol=1e-6)
        eps = den.eps_hat(xt, t, s)
        np.testing.assert_allclose(np.sqrt(ab) * den.x0_hat(xt, t, s) + np.sqrt(1 - ab) * eps, xt,
                                   atol=1e-12)


def test_finite_set_denoiser_is_stable_when_noise_is_tiny():
    den = FiniteSetDenoiser.create([[0.0, 0.0], [1.0, 0.0]])
    s = linear_schedule()  # ᾱ_1 = 0.9999: plain exp of -d²/2e-4 would underflow to 0/0
    out = den.x0_hat([[40.0, 3.0], [-30.0, 0.0]], 1, s)
    np.testing.assert_allclose(out, [[1.0, 0.0], [0.0, 0.0]], atol=1e-12)


def test_gmm_denoiser_tweedie_anisotropic():
    mix = GaussianMixture.create([0.6, 0.4], [[-1.0, 0.0], [1.5, 1.0]],
                                 [[[0.5, 0.2], [0.2, 0.3]], [[0.2, -0.1], [-0.1, 0.4]]])
    s, t = cosine_schedule(), 400
    ab = s.alpha_bars[t - 1]
    marg = mixture_marginal(mix, t, s)
    xt = np.random.default_rng(9).normal(size=(6, 2))
    h = 1e-5
    grad = np.stack([(marg.logpdf(xt + h * e) - marg.logpdf(xt - h * e)) / (2 * h)
                     for e in np.eye(2)], axis=1)
    np.testing.assert_allclose(GaussianMixtureDenoiser(mix).x0_hat(xt, t, s),
                               (xt + (1 - ab) * grad) / np.sqrt(ab), atol=1e-6)


# ---------------------------------------------------------------- samplers


def test_ddpm_on_eight_gaussians_recovers_ring_and_modes():
    mix = eight_gaussians(2.0, 0.05)
    res = ddpm_sample(GaussianMixtureDenoiser(mix), linear_schedule(), 4000, np.random.default_rng(0))
    radius = np.linalg.norm(res.samples, axis=1)
    assert abs(radius.mean() - 2.0) < 0.05
    assert mean_radius(res.samples) == pytest.approx(radius.mean(), rel=1e-14)
    assert mean_radius([[3.0, 4.0], [0.0, 1.0]]) == 3.0
    shares = mode_shares(res.samples, mix.means)
    assert np.all(np.abs(shares - 0.125) < 0.03), shares
    assert res.trajectory is None and res.ts[0] == 1000 and res.ts[-1] == 0


def test_ddim_on_eight_gaussians_and_determinism():
    mix = eight_gaussians(2.0, 0.05)
    den, s = GaussianMixtureDenoiser(mix), linear_schedule()
    res = ddim_sample(den, s, 4000, steps=100, rng=np.random.default_rng(1))
    assert abs(np.linalg.norm(res.samples, axis=1).mean() - 2.0) < 0.05
    assert np.all(np.abs(mode_shares(res.samples, mix.means) - 0.125) < 0.03)
    x_T = np.random.default_rng(2).normal(size=(50, 2))
    a = ddim_sample(den, s, 50, 50, eta=0.0, x_T=x_T, return_trajectory=True)
    b = ddim_sample(den, s, 50, 50, eta=0.0, rng=np.random.default_rng(99), x_T=x_T)
    np.testing.assert_array_equal(a.samples, b.samples)
    assert a.trajectory.shape == (51, 50, 2) and a.ts[-1] == 0
    np.testing.assert_array_equal(a.trajectory[0], x_T)
    c = ddim_sample(den, s, 50, 50, eta=1.0, rng=np.random.default_rng(3), x_T=x_T)
    assert not np.allclose(c.samples, a.samples)


def test_memorisation_every_sample_is_a_training_point():
    pts = small_point_set(5, seed=0)
    den, s = FiniteSetDenoiser.create(pts), linear_schedule()
    res = ddpm_sample(den, s, 1000, np.random.default_rng(4), return_trajectory=True)
    assert np.all(nearest_distance(res.samples, pts) < 1e-2)
    assert res.trajectory.shape == (1001, 1000, 2)
    np.testing.assert_array_equal(res.trajectory[-1], res.samples)
    ddim = ddim_sample(den, s, 1000, 50, rng=np.random.default_rng(5))
    assert np.all(nearest_distance(ddim.samples, pts) < 1e-2)


def test_ddim_timesteps():
    np.testing.assert_array_equal(ddim_timesteps(10, 4), [10, 7, 4, 1])
    np.testing.assert_array_equal(ddim_timesteps(5, 5), [5, 4, 3, 2, 1])


# ---------------------------------------------------------------- ink drop, data


def test_ink_drop_spreads_like_the_heat_kernel():
    drop = ink_drop(n=20000, steps=50, D=0.02, dt=0.1, sigma0=0.1, seed=0)
    assert drop.trajectory.shape == (51, 20000, 2)
    np.testing.assert_allclose(drop.std_measured, drop.std_theory, rtol=0.02)
    # sympy: N(0, σ0² + 2Dt) per axis solves the heat equation u_t = D (u_xx + u_yy)
    x, y, t, D, s0 = sp.symbols("x y t D sigma0", positive=True)
    var = s0 ** 2 + 2 * D * t
    u = sp.exp(-(x ** 2 + y ** 2) / (2 * var)) / (2 * sp.pi * var)
    assert sp.simplify(sp.diff(u, t) - D * (sp.diff(u, x, 2) + sp.diff(u, y, 2))) == 0
    assert drop.std_theory[10] == pytest.approx(math.sqrt(0.01 + 2 * 0.02 * 1.0), rel=1e-14)


def test_data_sets():
    m = two_moons(1000, noise=0.0, seed=1)
    assert m.shape == (1000, 2)
    outer = m[:500] + [0.5, 0.25]
    np.testing.assert_allclose(np.linalg.norm(outer, axis=1), 1.0, atol=1e-12)
    np.testing.assert_array_equal(two_moons(100, seed=3), two_moons(100, seed=3))
    r = swiss_roll(500, noise=0.0, seed=2)
    u = np.linalg.norm(r, axis=1) * 10
    assert np.all((u >= 1.5 * np.pi - 1e-9) & (u <= 4.5 * np.pi + 1e-9))
    g = eight_gaussians(2.0, 0.05)
    np.testing.assert_allclose(np.linalg.norm(g.means, axis=1), 2.0, atol=1e-15)
    np.testing.assert_allclose(g.covs[3], 0.0025 * np.eye(2))
    p = small_point_set(5, seed=0)
    assert p.shape == (5, 2) and np.all(np.abs(p) <= 1.5)
    np.testing.assert_allclose(mode_shares([[0, 0], [0, 0.1], [5, 5]], [[0, 0], [5, 5]]), [2 / 3, 1 / 3])
    np.testing.assert_allclose(nearest_distance([[3.0, 4.0]], [[0.0, 0.0], [10, 10]]), [5.0])
    # no cancellation for tiny distances far from the origin
    np.testing.assert_allclose(nearest_distance([[1.0 + 3e-8, 1.0]], [[1.0, 1.0]]), [3e-8], rtol=1e-7)


# ---------------------------------------------------------------- errors, one per argument


def test_errors():
    s = linear_schedule(10)
    with pytest.raises(ValueError, match="T must be an integer >= 1"):
        linear_schedule(0)
    with pytest.raises(ValueError, match="T must be an integer >= 1"):
        cosine_schedule(0)
    with pytest.raises(ValueError, match=r"beta_start must be a finite number in \(0, 1\)"):
        linear_schedule(10, beta_start=0.0)
    with pytest.raises(ValueError, match=r"beta_end must be a finite number in \(0, 1\)"):
        linear_schedule(10, beta_end=1.5)
    with pytest.raises(ValueError, match=r"betas must lie in \(0, 1\), got \[1.0\]"):
        schedule_from_betas([0.1, 1.0])
    with pytest.raises(ValueError, match="s must be a finite number >= 0"):
        cosine_schedule(10, s=-0.1)
    with pytest.raises(ValueError, match=r"t must be an integer in 0..10, got 11"):
        q_sample([[0.0]], 11, s, rng=0)
    with pytest.raises(ValueError, match=r"t must be an integer in 1..10, got 0"):
        posterior([[0.0]], [[0.0]], 0, s)
    with pytest.raises(ValueError, match="x0 and xt must have the same shape"):
        posterior([[0.0, 1.0]], [[0.0]], 3, s)
    with pytest.raises(ValueError, match="noise must have the shape of x0"):
        q_sample([[0.0, 1.0]], 3, s, noise=[[0.0]])
    with pytest.raises(ValueError, match="x0 must not be empty"):
        forward_chain(np.zeros((0, 2)), s, rng=0)
    with pytest.raises(ValueError, match="rng must be a numpy Generator or an int seed"):
        forward_chain([[0.0]], s, rng=None)
    with pytest.raises(ValueError, match="points must not be empty"):
        FiniteSetDenoiser.create(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="xt must have 2 columns"):
        FiniteSetDenoiser.create([[0.0, 1.0]]).x0_hat([[0.0]], 3, s)
    with pytest.raises(ValueError, match="weights must be positive and sum to 1"):
        GaussianMixture.create([0.5, 0.6], [[0.0], [1.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match="covs must be symmetric positive definite"):
        GaussianMixture.create([1.0], [[0.0, 0.0]], [[[1.0, 2.0], [2.0, 1.0]]])
    with pytest.raises(ValueError, match="mixture must be 1-D"):
        marginal_density_1d(eight_gaussians(), [0], [0.0], s)
    with pytest.raises(ValueError, match=r"eta must be a finite number in \[0, 1\]"):
        ddim_sample(GaussianMixtureDenoiser(eight_gaussians()), s, 5, 5, eta=2.0, rng=0)
    with pytest.raises(ValueError, match="steps must be <= T = 10"):
        ddim_timesteps(10, 11)
    with pytest.raises(ValueError, match="rng must be given"):
        ddim_sample(GaussianMixtureDenoiser(eight_gaussians()), s, 5, 5)
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        ddpm_sample(GaussianMixtureDenoiser(eight_gaussians()), s, 0, rng=0)
    with pytest.raises(ValueError, match="D must be a finite number > 0"):
        ink_drop(10, 5, D=0.0, dt=0.1, sigma0=0.1, seed=0)


def test_pixels_to_unit_maps_the_notes_0_255_to_ddpm_range():
    """x = 2p/255 − 1: 0 ↦ −1, 255 ↦ 1, hand values in between; bad pixels named."""
    from dlmath.diffusion import pixels_to_unit

    np.testing.assert_allclose(pixels_to_unit([0, 255, 51, 126]),
                               [-1.0, 1.0, 2 * 51 / 255 - 1, -3 / 255], rtol=0, atol=1e-15)
    img = np.random.default_rng(3).integers(0, 256, size=(4, 5))
    np.testing.assert_allclose(pixels_to_unit(img), img / 127.5 - 1.0, rtol=1e-15, atol=1e-15)
    assert pixels_to_unit(img).shape == (4, 5)
    for bad in ([-1, 3], [256], [float("nan")], "a"):
        with pytest.raises(ValueError, match=r"\bp\b"):
            pixels_to_unit(bad)
