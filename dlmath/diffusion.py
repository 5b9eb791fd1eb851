"""Diffusion models, computed exactly: schedules, the forward process and an exact reverse.

The forward (noising) process of DDPM (Ho et al. 2020) is the Markov chain

.. math::  x_t = \\sqrt{\\alpha_t}\\, x_{t-1} + \\sqrt{\\beta_t}\\, \\varepsilon_t,
           \\qquad \\alpha_t = 1 - \\beta_t, \\quad t = 1, \\dots, T,

whose marginal is the closed form
:math:`q(x_t \\mid x_0) = \\mathcal N(\\sqrt{\\bar\\alpha_t} x_0, (1 - \\bar\\alpha_t) I)` with
:math:`\\bar\\alpha_t = \\prod_{s \\le t} \\alpha_s`.

The reverse process needs the denoiser :math:`\\mathbb E[x_0 \\mid x_t]`. A network learns
it from data; for a *finite* data set or a *Gaussian mixture* it has a closed form, so the
samplers here (DDPM ancestral sampling, DDIM) run the real reverse process with the ideal
denoiser and no training at all.

Conventions: arrays of a :class:`Schedule` have length ``T`` and index ``0`` is step
``t = 1`` (so ``alpha_bars[t - 1]`` is :math:`\\bar\\alpha_t`); :math:`\\bar\\alpha_0 = 1`.
Points are rows: ``x`` has shape ``(n, d)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from dlmath import _validate as V

__all__ = [
    "Schedule",
    "schedule_from_betas",
    "linear_schedule",
    "cosine_schedule",
    "q_sample",
    "forward_chain",
    "Posterior",
    "posterior",
    "GaussianMixture",
    "mixture_marginal",
    "marginal_density_1d",
    "Denoiser",
    "FiniteSetDenoiser",
    "GaussianMixtureDenoiser",
    "SampleResult",
    "ddpm_sample",
    "ddim_timesteps",
    "ddim_sample",
    "InkDrop",
    "ink_drop",
    "two_moons",
    "swiss_roll",
    "eight_gaussians",
    "small_point_set",
    "nearest_distance",
    "mode_shares",
    "mean_radius",
    "PIXEL_MAX",
    "pixels_to_unit",
]


# ---------------------------------------------------------------- helpers


def _rng(rng: object, name: str = "rng") -> np.random.Generator:
    """An explicit Generator from ``rng`` (a Generator or an int seed)."""
    return V.rng(name, rng)


def _points(name: str, x: object) -> np.ndarray:
    """``x`` as a finite, real float array of shape ``(n, d)`` with ``n, d >= 1``."""
    arr = V.array(name, x, shape=(None, None))
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    return arr


def _positive_int(name: str, value: object, minimum: int = 1, high: int = V.MAX_STEPS) -> int:
    """A count: an integer in ``minimum .. high`` (steps: MAX_STEPS; points: MAX_ELEMENTS,
    and the arrays they fill are checked against MAX_ELEMENTS too)."""
    return V.integer(name, value, minimum, high)


def _step(schedule: "Schedule", t: object, allow_zero: bool = False) -> int:
    """One step ``t`` in ``1..T`` (``0..T``) as an int; errors name ``t``."""
    arr = schedule.check_t(t, allow_zero=allow_zero)
    if arr.ndim != 0:
        raise ValueError(f"t must be one integer step, got {V.show(t)}")
    return int(arr)


def _schedule(schedule: object) -> "Schedule":
    return V.instance("schedule", schedule, Schedule, "a Schedule (see linear_schedule)")


def _mixture(mixture: object) -> "GaussianMixture":
    return V.instance("mixture", mixture, GaussianMixture, "a GaussianMixture")


def _denoiser(denoiser: object) -> "Denoiser":
    if not (hasattr(denoiser, "x0_at") and isinstance(getattr(denoiser, "dim", None), int)):
        raise V.ArgumentTypeError(f"denoiser must be a Denoiser (FiniteSetDenoiser or "
                                  f"GaussianMixtureDenoiser), got {V.show(denoiser)}")
    return denoiser


# ---------------------------------------------------------------- schedules


@dataclass(frozen=True)
class Schedule:
    """A variance schedule: ``betas[t-1]`` is :math:`\\beta_t`, for ``t = 1..T``.

    Attributes
    ----------
    betas : numpy.ndarray
        :math:`\\beta_t \\in (0, 1)`, the noise variance added at step ``t``.
    alphas : numpy.ndarray
        :math:`\\alpha_t = 1 - \\beta_t`.
    alpha_bars : numpy.ndarray
        :math:`\\bar\\alpha_t = \\prod_{s=1}^{t} \\alpha_s`.
    """

    betas: np.ndarray
    alphas: np.ndarray
    alpha_bars: np.ndarray

    @property
    def T(self) -> int:
        """Number of steps."""
        return int(self.betas.size)

    @property
    def snr(self) -> np.ndarray:
        """Signal-to-noise ratio per step, :math:`\\bar\\alpha_t / (1 - \\bar\\alpha_t)`."""
        return self.alpha_bars / (1.0 - self.alpha_bars)

    def alpha_bar(self, t: object) -> np.ndarray | float:
        """:math:`\\bar\\alpha_t` for ``t`` in ``0..T`` (``t = 0`` gives 1)."""
        tt = self.check_t(t, allow_zero=True)
        ab = np.concatenate([[1.0], self.alpha_bars])[tt]
        return float(ab) if np.ndim(ab) == 0 else ab

    def noise_std(self, t: object) -> np.ndarray | float:
        """:math:`\\sqrt{1 - \\bar\\alpha_t}`, the noise level of :math:`x_t`, for ``t`` in ``0..T``."""
        s = np.sqrt(1.0 - np.asarray(self.alpha_bar(t)))
        return float(s) if np.ndim(s) == 0 else s

    def check_t(self, t: object, allow_zero: bool = False) -> np.ndarray:
        """``t`` as an int array, or ValueError when it is outside ``1..T`` (``0..T``)."""
        arr = np.asarray(t) if not isinstance(t, (str, bytes)) else np.asarray([])
        low = 0 if allow_zero else 1
        if arr.size == 0 or not np.issubdtype(arr.dtype, np.integer) \
                or np.any(arr < low) or np.any(arr > self.T):
            raise ValueError(f"t must be an integer in {low}..{self.T}, got {t!r}")
        return arr.astype(int)


def schedule_from_betas(betas: object) -> Schedule:
    """The :class:`Schedule` of given :math:`\\beta_1, \\dots, \\beta_T`, each in ``(0, 1)``.

    Notes
    -----
    .. math::  \\alpha_t = 1 - \\beta_t, \\qquad \\bar\\alpha_t = \\prod_{s=1}^{t} \\alpha_s
    """
    b = V.array("betas", betas, ndim=1, max_size=V.MAX_STEPS)
    if not np.all((b > 0) & (b < 1)):
        bad = b[~((b > 0) & (b < 1))]
        raise ValueError(f"betas must lie in (0, 1), got {bad[:5].tolist()}")
    alphas = 1.0 - b
    return Schedule(betas=b, alphas=alphas, alpha_bars=np.cumprod(alphas))


def linear_schedule(T: int = 1000, beta_start: float = 1e-4, beta_end: float = 0.02) -> Schedule:
    """The linear schedule of Ho et al. (2020): :math:`\\beta_t` evenly from start to end.

    Notes
    -----
    .. math::  \\beta_t = \\beta_{start} + \\frac{t - 1}{T - 1} (\\beta_{end} - \\beta_{start}),
               \\qquad t = 1, \\dots, T

    With the defaults, :math:`\\bar\\alpha_1 = 0.9999` and :math:`\\bar\\alpha_{1000} \\approx
    4.04 \\cdot 10^{-5}`.
    """
    T = _positive_int("T", T)
    beta_start = V.finite_float("beta_start", beta_start, 0.0, 1.0, True, True)
    beta_end = V.finite_float("beta_end", beta_end, 0.0, 1.0, True, True)
    return schedule_from_betas(np.linspace(beta_start, beta_end, T))


def cosine_schedule(T: int = 1000, s: float = 0.008, max_beta: float = 0.999) -> Schedule:
    """The cosine schedule of Nichol & Dhariwal (2021), β clipped at ``max_beta``.

    Notes
    -----
    .. math::  \\bar\\alpha_t = \\frac{f(t)}{f(0)}, \\qquad
               f(t) = \\cos^2\\!\\Big(\\frac{t/T + s}{1 + s} \\cdot \\frac{\\pi}{2}\\Big),
               \\qquad \\beta_t = \\min\\Big(1 - \\frac{\\bar\\alpha_t}{\\bar\\alpha_{t-1}},
               \\beta_{max}\\Big)

    ``alpha_bars`` is recomputed from the clipped betas (as the authors' code does), so it
    equals :math:`f(t)/f(0)` wherever no clipping happened (all but the last steps).
    """
    T = _positive_int("T", T)
    s = V.finite_float("s", s, low=0.0)
    max_beta = V.finite_float("max_beta", max_beta, 0.0, 1.0, True, True)
    t = np.arange(T + 1) / T
    f = np.cos((t + s) / (1 + s) * np.pi / 2) ** 2
    ab = f / f[0]
    betas = np.minimum(1.0 - ab[1:] / ab[:-1], max_beta)
    if not np.all((betas > 0) & (betas < 1)):
        raise ValueError(f"s = {s:g} is too large for T = {T}: some β_t round to 0 "
                         f"(the schedule adds no noise)")
    return schedule_from_betas(betas)


# ---------------------------------------------------------------- forward process


def q_sample(x0: object, t: object, schedule: Schedule, rng: object = None,
             noise: object = None) -> np.ndarray:
    """A draw from :math:`q(x_t \\mid x_0)` in closed form.

    Parameters
    ----------
    x0 : array_like, shape (n, d)
        Clean points (an image is one point with ``d`` pixels).
    t : int or array_like of int, shape (n,)
        Step(s) in ``0..T`` (``0`` returns ``x0``); one per point or one for all.
    schedule : Schedule
    rng : numpy.random.Generator or int, optional
        Source of :math:`\\varepsilon`; needed unless ``noise`` is given.
    noise : array_like, shape (n, d), optional
        A given :math:`\\varepsilon` (the same noise for two schedules, say).

    Notes
    -----
    .. math::  x_t = \\sqrt{\\bar\\alpha_t}\\, x_0 + \\sqrt{1 - \\bar\\alpha_t}\\, \\varepsilon,
               \\qquad \\varepsilon \\sim \\mathcal N(0, I)
    """
    x = _points("x0", x0)
    schedule = _schedule(schedule)
    tt = schedule.check_t(t, allow_zero=True)
    if tt.ndim > 1 or (tt.ndim == 1 and tt.size != x.shape[0]):
        raise ValueError(f"t must be a scalar or have one entry per point ({x.shape[0]}), "
                         f"got shape {tt.shape}")
    if noise is None:
        eps = _rng(rng).standard_normal(x.shape)
    else:
        eps = V.array("noise", noise, nonempty=False)
        if eps.shape != x.shape:
            raise ValueError(f"noise must have the shape of x0 {x.shape}, got {eps.shape}")
    ab = np.asarray(schedule.alpha_bar(tt), dtype=float)
    ab = ab[:, None] if ab.ndim == 1 else ab
    return np.sqrt(ab) * x + np.sqrt(1.0 - ab) * eps


def forward_chain(x0: object, schedule: Schedule, rng: object) -> np.ndarray:
    """The forward chain step by step: the whole trajectory :math:`x_0, x_1, \\dots, x_T`.

    Returns
    -------
    numpy.ndarray, shape (T + 1, n, d)
        ``traj[t]`` is :math:`x_t`; ``traj[0]`` is ``x0``.

    Notes
    -----
    .. math::  x_t = \\sqrt{\\alpha_t}\\, x_{t-1} + \\sqrt{\\beta_t}\\, \\varepsilon_t,
               \\qquad \\varepsilon_t \\sim \\mathcal N(0, I) \\text{ independent}

    All the noise is drawn in one call; the recursion is one vectorized update per step.
    """
    x = _points("x0", x0)
    schedule = _schedule(schedule)
    V.check_elements("x0", (schedule.T + 1) * x.size, "trajectory values (T + 1 copies of x0)")
    eps = _rng(rng).standard_normal((schedule.T, *x.shape))
    traj = np.empty((schedule.T + 1, *x.shape))
    traj[0] = x
    sa, sb = np.sqrt(schedule.alphas), np.sqrt(schedule.betas)
    for i in range(schedule.T):  # a Markov chain: step t needs step t - 1
        traj[i + 1] = sa[i] * traj[i] + sb[i] * eps[i]
    return traj


@dataclass(frozen=True)
class Posterior:
    """:math:`q(x_{t-1} \\mid x_t, x_0) = \\mathcal N(\\tilde\\mu, \\tilde\\beta_t I)`."""

    mean: np.ndarray
    variance: float


def posterior(x0: object, xt: object, t: int, schedule: Schedule) -> Posterior:
    """Mean and variance of the forward posterior :math:`q(x_{t-1} \\mid x_t, x_0)`.

    Notes
    -----
    .. math::  \\tilde\\mu_t = \\frac{\\sqrt{\\bar\\alpha_{t-1}}\\,\\beta_t}{1 - \\bar\\alpha_t} x_0
               + \\frac{\\sqrt{\\alpha_t}\\,(1 - \\bar\\alpha_{t-1})}{1 - \\bar\\alpha_t} x_t,
               \\qquad \\tilde\\beta_t = \\frac{1 - \\bar\\alpha_{t-1}}{1 - \\bar\\alpha_t}\\,\\beta_t

    for ``t`` in ``1..T``, with :math:`\\bar\\alpha_0 = 1` (so at ``t = 1`` the mean is
    :math:`x_0` and the variance 0).
    """
    a0, at = _points("x0", x0), _points("xt", xt)
    schedule = _schedule(schedule)
    if a0.shape != at.shape:
        raise ValueError(f"x0 and xt must have the same shape, got {a0.shape} and {at.shape}")
    tt = _step(schedule, t)
    c0, ct, var = _posterior_coefs(schedule, tt)
    return Posterior(mean=c0 * a0 + ct * at, variance=var)


def _posterior_coefs(schedule: Schedule, t: int) -> tuple[float, float, float]:
    ab_t = schedule.alpha_bars[t - 1]
    ab_prev = schedule.alpha_bars[t - 2] if t > 1 else 1.0
    beta = schedule.betas[t - 1]
    c0 = np.sqrt(ab_prev) * beta / (1.0 - ab_t)
    ct = np.sqrt(schedule.alphas[t - 1]) * (1.0 - ab_prev) / (1.0 - ab_t)
    return float(c0), float(ct), float((1.0 - ab_prev) / (1.0 - ab_t) * beta)


# ---------------------------------------------------------------- Gaussian mixtures


@dataclass(frozen=True)
class GaussianMixture:
    """:math:`p(x) = \\sum_k \\pi_k\\, \\mathcal N(x; \\mu_k, \\Sigma_k)` in ``d`` dimensions.

    Attributes
    ----------
    weights : numpy.ndarray, shape (K,)
        :math:`\\pi_k > 0`, summing to 1.
    means : numpy.ndarray, shape (K, d)
    covs : numpy.ndarray, shape (K, d, d)
        Symmetric positive definite.
    """

    weights: np.ndarray
    means: np.ndarray
    covs: np.ndarray

    @classmethod
    def create(cls, weights: object, means: object, covs: object) -> "GaussianMixture":
        """Validated mixture; ``covs`` may also be one variance per component, shape (K,)."""
        mu = _points("means", means)
        K, d = mu.shape
        w = V.array("weights", weights, nonempty=False)
        c = V.array("covs", covs, nonempty=False)
        if w.shape != (K,):
            raise ValueError(f"weights must have shape ({K},) like means, got {w.shape}")
        if np.any(w <= 0) or not np.isclose(w.sum(), 1.0, rtol=0, atol=1e-12):
            raise ValueError(f"weights must be positive and sum to 1, got {w.tolist()}")
        if c.shape == (K,):
            c = c[:, None, None] * np.eye(d)
        if c.shape != (K, d, d):
            raise ValueError(f"covs must have shape ({K}, {d}, {d}) or ({K},), got {c.shape}")
        if not np.allclose(c, np.swapaxes(c, 1, 2)) or np.any(np.linalg.eigvalsh(c) <= 0):
            raise ValueError("covs must be symmetric positive definite")
        return cls(weights=w, means=mu, covs=c)

    @property
    def dim(self) -> int:
        return int(self.means.shape[1])

    def logpdf(self, x: object) -> np.ndarray:
        """:math:`\\log p(x)` for points ``x`` of shape (n, d), by log-sum-exp."""
        pts = _points("x", x)
        with np.errstate(over="ignore", invalid="ignore"):
            out = _logsumexp(self._log_joint(pts), axis=1)
        V.finite_result("x", out)
        return out

    def pdf(self, x: object) -> np.ndarray:
        """:math:`p(x)` for points ``x`` of shape (n, d)."""
        return np.exp(self.logpdf(x))

    def sample(self, n: int, rng: object) -> np.ndarray:
        """``n`` draws, shape (n, d): a component by weight, then its Gaussian."""
        n = _positive_int("n", n, 1, V.MAX_POINTS)
        V.check_elements("n", n * self.dim, "sample values")
        g = _rng(rng)
        k = g.choice(self.weights.size, size=n, p=self.weights)
        chol = np.linalg.cholesky(self.covs)
        z = g.standard_normal((n, self.dim))
        return self.means[k] + np.einsum("nij,nj->ni", chol[k], z)

    def _log_joint(self, pts: np.ndarray) -> np.ndarray:
        """:math:`\\log \\pi_k + \\log \\mathcal N(x_n; \\mu_k, \\Sigma_k)`, shape (n, K)."""
        diff = pts[:, None, :] - self.means[None]
        prec = np.linalg.inv(self.covs)
        maha = np.einsum("nki,kij,nkj->nk", diff, prec, diff)
        _, logdet = np.linalg.slogdet(self.covs)
        return (np.log(self.weights) - 0.5 * (maha + logdet + self.dim * np.log(2 * np.pi)))


def _logsumexp(a: np.ndarray, axis: int) -> np.ndarray:
    m = np.max(a, axis=axis, keepdims=True)
    return np.squeeze(m, axis) + np.log(np.sum(np.exp(a - m), axis=axis))


def _softmax(a: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def mixture_marginal(mixture: GaussianMixture, t: int, schedule: Schedule) -> GaussianMixture:
    """The exact marginal :math:`p_t` of a Gaussian-mixture data distribution at step ``t``.

    Notes
    -----
    .. math::  p_t(x) = \\sum_k \\pi_k\\, \\mathcal N\\big(x;\\ \\sqrt{\\bar\\alpha_t}\\,\\mu_k,\\
               \\bar\\alpha_t \\Sigma_k + (1 - \\bar\\alpha_t) I\\big), \\qquad t = 0, \\dots, T
    """
    mixture, schedule = _mixture(mixture), _schedule(schedule)
    ab = float(schedule.alpha_bar(_step(schedule, t, True)))
    eye = np.eye(mixture.dim)
    return GaussianMixture(weights=mixture.weights, means=np.sqrt(ab) * mixture.means,
                           covs=ab * mixture.covs + (1.0 - ab) * eye)


def marginal_density_1d(mixture: GaussianMixture, ts: object, xs: object,
                        schedule: Schedule) -> np.ndarray:
    """:math:`p_t(x)` of a 1-D mixture on a grid: shape ``(len(ts), len(xs))``.

    Row ``i`` is the exact density at step ``ts[i]`` (see :func:`mixture_marginal`).
    """
    mixture, schedule = _mixture(mixture), _schedule(schedule)
    if mixture.dim != 1:
        raise ValueError(f"mixture must be 1-D, got dimension {mixture.dim}")
    grid = V.array("xs", xs, ndim=1)
    try:
        steps = schedule.check_t(np.atleast_1d(np.asarray(ts, dtype=object if isinstance(ts, (str, bytes)) else None)), allow_zero=True)
    except ValueError:
        raise ValueError(f"ts must be integers in 0..{schedule.T}, got {V.show(ts)}") from None
    if steps.ndim != 1:
        raise ValueError(f"ts must be a 1-D list of steps, got shape {steps.shape}")
    V.check_elements("xs", steps.size * grid.size, "density values")
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            out = np.stack([mixture_marginal(mixture, int(t), schedule).pdf(grid[:, None])
                            for t in steps])
    except ValueError:
        out = np.array([np.nan])
    if not np.all(np.isfinite(out)):
        raise ValueError("xs are too large: the density overflows to inf/NaN")
    return out


# ---------------------------------------------------------------- exact denoisers


class Denoiser(Protocol):
    """Anything that gives :math:`\\hat x_0 = \\mathbb E[x_0 \\mid x_t]` at :math:`\\bar\\alpha_t`."""

    dim: int

    def x0_hat(self, xt: object, t: int, schedule: Schedule) -> np.ndarray: ...

    def eps_hat(self, xt: object, t: int, schedule: Schedule) -> np.ndarray: ...


class _DenoiserBase:
    def x0_hat(self, xt: object, t: int, schedule: Schedule) -> np.ndarray:
        """:math:`\\hat x_0(x_t) = \\mathbb E[x_0 \\mid x_t]` for a batch ``xt`` (n, d)."""
        x = self._check(xt)
        schedule = _schedule(schedule)
        with np.errstate(over="ignore", invalid="ignore"):
            out = self.x0_at(x, float(schedule.alpha_bar(_step(schedule, t))))
        V.finite_result("xt", out)
        return out

    def eps_hat(self, xt: object, t: int, schedule: Schedule) -> np.ndarray:
        """:math:`\\hat\\varepsilon = (x_t - \\sqrt{\\bar\\alpha_t}\\,\\hat x_0)/\\sqrt{1-\\bar\\alpha_t}`."""
        x = self._check(xt)
        schedule = _schedule(schedule)
        ab = float(schedule.alpha_bar(_step(schedule, t)))
        return (x - np.sqrt(ab) * self.x0_at(x, ab)) / np.sqrt(1.0 - ab)

    def _check(self, xt: object) -> np.ndarray:
        x = _points("xt", xt)
        if x.shape[1] != self.dim:
            raise ValueError(f"xt must have {self.dim} columns like the data, got {x.shape[1]}")
        return x

    dim: int

    def x0_at(self, x: np.ndarray, ab: float) -> np.ndarray:  # pragma: no cover - abstract
        """:math:`\\mathbb E[x_0 \\mid x_t]` at :math:`\\bar\\alpha_t` = ``ab``, unchecked (samplers' fast path)."""
        raise NotImplementedError


@dataclass(frozen=True)
class FiniteSetDenoiser(_DenoiserBase):
    """The exact denoiser when the data are a finite set :math:`\\{y_1, \\dots, y_m\\}` (uniform).

    Notes
    -----
    .. math::  \\mathbb E[x_0 \\mid x_t] = \\sum_i w_i(x_t)\\, y_i, \\qquad
               w_i = \\operatorname{softmax}_i\\Big(-\\frac{\\lVert x_t - \\sqrt{\\bar\\alpha_t}\\,
               y_i\\rVert^2}{2 (1 - \\bar\\alpha_t)}\\Big)

    (Bayes' rule with the Gaussian likelihood :math:`q(x_t \\mid y_i)`), computed with the
    max subtracted (log-sum-exp), so it stays finite when :math:`1 - \\bar\\alpha_t` is tiny.
    """

    points: np.ndarray

    @classmethod
    def create(cls, points: object) -> "FiniteSetDenoiser":
        return cls(points=_points("points", points))

    @property
    def dim(self) -> int:  # type: ignore[override]
        return int(self.points.shape[1])

    def weights(self, xt: object, t: int, schedule: Schedule) -> np.ndarray:
        """Posterior :math:`w_i(x_t) = P(x_0 = y_i \\mid x_t)`, shape (n, m)."""
        x = self._check(xt)
        schedule = _schedule(schedule)
        return self._weights(x, float(schedule.alpha_bar(_step(schedule, t))))

    def _weights(self, x: np.ndarray, ab: float) -> np.ndarray:
        y = np.sqrt(ab) * self.points
        d2 = (np.sum(x * x, axis=1)[:, None] - 2.0 * x @ y.T + np.sum(y * y, axis=1)[None])
        return _softmax(-d2 / (2.0 * (1.0 - ab)), axis=1)

    def x0_at(self, x: np.ndarray, ab: float) -> np.ndarray:
        return self._weights(x, ab) @ self.points


@dataclass(frozen=True)
class GaussianMixtureDenoiser(_DenoiserBase):
    """The exact denoiser when the data follow a :class:`GaussianMixture`.

    Notes
    -----
    With :math:`a = \\sqrt{\\bar\\alpha_t}` and :math:`C_k = a^2 \\Sigma_k + (1 - a^2) I`,

    .. math::  \\mathbb E[x_0 \\mid x_t] = \\sum_k r_k(x_t)\\,\\big(\\mu_k + a\\, \\Sigma_k
               C_k^{-1} (x_t - a \\mu_k)\\big), \\qquad
               r_k \\propto \\pi_k\\, \\mathcal N(x_t;\\ a\\mu_k,\\ C_k)

    (the Gaussian conditional inside each component, weighted by the responsibilities,
    normalised with log-sum-exp).
    """

    mixture: GaussianMixture

    @property
    def dim(self) -> int:  # type: ignore[override]
        return self.mixture.dim

    def responsibilities(self, xt: object, t: int, schedule: Schedule) -> np.ndarray:
        """:math:`r_k(x_t) = P(\\text{component } k \\mid x_t)`, shape (n, K)."""
        x = self._check(xt)
        schedule = _schedule(schedule)
        return self._parts(x, float(schedule.alpha_bar(_step(schedule, t))))[0]

    @property
    def isotropic_variances(self) -> np.ndarray | None:
        """:math:`\\sigma_k^2` when every :math:`\\Sigma_k = \\sigma_k^2 I` (the fast path), else None."""
        m = self.mixture
        diag = np.diagonal(m.covs, axis1=1, axis2=2)
        iso = diag[:, :1][:, :, None] * np.eye(m.dim)
        return diag[:, 0].copy() if np.array_equal(m.covs, iso) else None

    def _parts(self, x: np.ndarray, ab: float) -> tuple[np.ndarray, np.ndarray]:
        """Responsibilities (n, K) and per-component conditional means (n, K, d)."""
        m = self.mixture
        a = np.sqrt(ab)
        C = ab * m.covs + (1.0 - ab) * np.eye(m.dim)
        Cinv = np.linalg.inv(C)
        _, logdet = np.linalg.slogdet(C)
        diff = x[None, :, :] - a * m.means[:, None, :]                 # (K, n, d)
        sol = diff @ Cinv                                              # C^-1 (x - a mu), C symmetric
        maha = np.sum(sol * diff, axis=2).T                            # (n, K)
        r = _softmax(np.log(m.weights) - 0.5 * (maha + logdet), axis=1)
        cond = m.means[:, None, :] + a * (sol @ m.covs)                # mu + a Sigma C^-1 diff
        return r, np.swapaxes(cond, 0, 1)

    def x0_at(self, x: np.ndarray, ab: float) -> np.ndarray:
        """:math:`\\mathbb E[x_0 \\mid x_t]` at :math:`\\bar\\alpha_t` = ``ab``, unchecked (samplers' fast path).

        With isotropic components the sum over components needs only (n, K) matrix
        products: :math:`C_k = c_k I`, :math:`c_k = a^2\\sigma_k^2 + 1 - a^2`.
        """
        s2 = self._iso
        if s2 is None:
            r, cond = self._parts(x, ab)
            return np.einsum("nk,nkd->nd", r, cond)
        m = self.mixture
        a = np.sqrt(ab)
        c = ab * s2 + (1.0 - ab)                                       # (K,)
        # components along axis 0: reductions over K then run along contiguous rows
        xT = np.ascontiguousarray(x.T)                                 # (d, n)
        d2 = (np.sum(xT * xT, axis=0)[None] - 2.0 * a * (m.means @ xT)
              + (ab * np.sum(m.means ** 2, axis=1))[:, None])          # ||x - a mu_k||^2
        logits = (np.log(m.weights) - 0.5 * m.dim * np.log(c))[:, None] - d2 * (0.5 / c)[:, None]
        e = np.exp(logits - logits.max(axis=0))
        r = e / e.sum(axis=0)                                          # (K, n)
        rg = r * (a * s2 / c)[:, None]                                 # r_k a sigma_k^2 / c_k
        return (m.means.T @ (r - a * rg) + rg.sum(axis=0) * xT).T

    def __post_init__(self) -> None:
        _mixture(self.mixture)
        object.__setattr__(self, "_iso", self.isotropic_variances)


# ---------------------------------------------------------------- samplers


@dataclass(frozen=True)
class SampleResult:
    """Samples of a reverse process and, on request, the path that led there.

    Attributes
    ----------
    samples : numpy.ndarray, shape (n, d)
        :math:`x_0`.
    ts : numpy.ndarray
        The steps visited, from ``T`` down to ``0``; ``trajectory[i]`` is :math:`x_{ts[i]}`.
    trajectory : numpy.ndarray or None, shape (len(ts), n, d)
    """

    samples: np.ndarray
    ts: np.ndarray
    trajectory: np.ndarray | None


def _start(denoiser: Denoiser, n: int, rng: object, x_T: object) -> np.ndarray:
    if x_T is not None:
        x = _points("x_T", x_T)
        if x.shape[1] != denoiser.dim:
            raise ValueError(f"x_T must have {denoiser.dim} columns, got {x.shape[1]}")
        return x.copy()
    n = _positive_int("n", n, 1, V.MAX_POINTS)
    V.check_elements("n", n * denoiser.dim, "sample values")
    return _rng(rng).standard_normal((n, denoiser.dim))


def ddpm_sample(denoiser: Denoiser, schedule: Schedule, n: int, rng: object,
                return_trajectory: bool = False, x_T: object = None) -> SampleResult:
    """DDPM ancestral sampling (Ho et al. 2020) with an exact denoiser.

    Starts from :math:`x_T \\sim \\mathcal N(0, I)` (or the given ``x_T``) and for
    ``t = T, ..., 1`` draws

    Notes
    -----
    .. math::  x_{t-1} = \\tilde\\mu_t(\\hat x_0(x_t), x_t) + \\sqrt{\\tilde\\beta_t}\\, z,
               \\qquad z \\sim \\mathcal N(0, I)

    with :math:`\\tilde\\mu_t, \\tilde\\beta_t` of :func:`posterior`. Because
    :math:`\\tilde\\mu_t` is linear in :math:`x_0`, plugging in the exact
    :math:`\\mathbb E[x_0 \\mid x_t]` gives the exact mean :math:`\\mathbb E[x_{t-1} \\mid x_t]`
    of the true reverse step; the Gaussian step with variance :math:`\\tilde\\beta_t` is
    DDPM's own approximation, accurate for many small steps.
    """
    denoiser, schedule = _denoiser(denoiser), _schedule(schedule)
    return_trajectory = V.flag("return_trajectory", return_trajectory)
    g = _rng(rng)
    x = _start(denoiser, n, g, x_T)
    T = schedule.T
    V.check_elements("n", (T + 1 if return_trajectory else T) * x.size,
                     "noise and trajectory values (T per sample value)")
    traj = np.empty((T + 1, *x.shape)) if return_trajectory else None
    if traj is not None:
        traj[0] = x
    z_all = g.standard_normal((T, *x.shape))
    for i, t in enumerate(range(T, 0, -1)):
        ab = float(schedule.alpha_bars[t - 1])
        x0 = denoiser.x0_at(x, ab)
        c0, ct, var = _posterior_coefs(schedule, t)
        x = c0 * x0 + ct * x + (np.sqrt(var) * z_all[i] if t > 1 else 0.0)
        if traj is not None:
            traj[i + 1] = x
    return SampleResult(samples=x, ts=np.arange(T, -1, -1), trajectory=traj)


def ddim_timesteps(T: int, steps: int) -> np.ndarray:
    """The ``steps`` DDIM steps, evenly spaced in ``1..T``, descending, ending at 1."""
    T = _positive_int("T", T)
    steps = _positive_int("steps", steps)
    if steps > T:
        raise ValueError(f"steps must be <= T = {T}, got {steps}")
    return np.unique(np.round(np.linspace(1, T, steps)).astype(int))[::-1]


def ddim_sample(denoiser: Denoiser, schedule: Schedule, n: int, steps: int, eta: float = 0.0,
                rng: object = None, return_trajectory: bool = False,
                x_T: object = None) -> SampleResult:
    """DDIM sampling (Song et al. 2021) on ``steps`` steps; deterministic when ``eta = 0``.

    Notes
    -----
    From step :math:`t` to the previous visited step :math:`s` (:math:`\\bar\\alpha_0 = 1`):

    .. math::  x_s = \\sqrt{\\bar\\alpha_s}\\, \\hat x_0 + \\sqrt{1 - \\bar\\alpha_s -
               \\sigma^2}\\, \\hat\\varepsilon + \\sigma z, \\qquad
               \\sigma = \\eta \\sqrt{\\frac{1 - \\bar\\alpha_s}{1 - \\bar\\alpha_t}}
               \\sqrt{1 - \\frac{\\bar\\alpha_t}{\\bar\\alpha_s}}

    ``rng`` is needed to draw ``x_T`` (unless given) and when ``eta > 0``.
    """
    eta = V.finite_float("eta", eta, 0.0, 1.0)
    denoiser, schedule = _denoiser(denoiser), _schedule(schedule)
    return_trajectory = V.flag("return_trajectory", return_trajectory)
    ts = ddim_timesteps(schedule.T, steps)
    needs_rng = x_T is None or eta > 0
    if needs_rng and rng is None:
        raise ValueError("rng must be given to draw x_T or when eta > 0")
    g = _rng(rng) if needs_rng else None
    x = _start(denoiser, n, g, x_T)
    visited = np.append(ts, 0)
    if return_trajectory:
        V.check_elements("n", visited.size * x.size, "trajectory values")
    traj = np.empty((visited.size, *x.shape)) if return_trajectory else None
    if traj is not None:
        traj[0] = x
    for i, t in enumerate(ts):
        ab = float(schedule.alpha_bars[t - 1])
        ab_s = float(schedule.alpha_bar(int(visited[i + 1])))
        x0 = denoiser.x0_at(x, ab)
        eps = (x - np.sqrt(ab) * x0) / np.sqrt(1.0 - ab)
        sigma = float(eta) * np.sqrt((1 - ab_s) / (1 - ab) * (1 - ab / ab_s))
        x = np.sqrt(ab_s) * x0 + np.sqrt(max(1 - ab_s - sigma ** 2, 0.0)) * eps
        if sigma > 0:
            x = x + sigma * g.standard_normal(x.shape)
        if traj is not None:
            traj[i + 1] = x
    return SampleResult(samples=x, ts=visited, trajectory=traj)


# ---------------------------------------------------------------- ink drop (plain diffusion)


@dataclass(frozen=True)
class InkDrop:
    """Particles of ink doing Brownian motion (the heat equation's particle picture).

    Attributes
    ----------
    times : numpy.ndarray, shape (S + 1,)
        :math:`0, \\Delta t, \\dots, S \\Delta t`.
    trajectory : numpy.ndarray, shape (S + 1, n, 2)
    std_theory : numpy.ndarray, shape (S + 1,)
        :math:`\\sqrt{\\sigma_0^2 + 2 D t}` per axis (the heat kernel's spread).
    std_measured : numpy.ndarray, shape (S + 1,)
        The particles' standard deviation per axis (mean over the two axes).
    """

    times: np.ndarray
    trajectory: np.ndarray
    std_theory: np.ndarray
    std_measured: np.ndarray


def ink_drop(n: int, steps: int, D: float, dt: float, sigma0: float, seed: int) -> InkDrop:
    """A drop of ``n`` ink particles spreading by diffusion with coefficient ``D``.

    Notes
    -----
    The drop starts as :math:`\\mathcal N(0, \\sigma_0^2 I)`; each step adds independent
    :math:`\\mathcal N(0, 2 D \\Delta t\\, I)`, so the density solves the heat equation
    :math:`\\partial_t u = D \\nabla^2 u` and stays Gaussian with

    .. math::  \\sigma(t)^2 = \\sigma_0^2 + 2 D t.

    Unlike the DDPM forward process there is no shrinking factor: the drop spreads for ever.
    """
    n, steps = _positive_int("n", n, 2, V.MAX_POINTS), V.steps("steps", steps, 1)
    D, dt, sigma0 = V.positive("D", D), V.positive("dt", dt), V.positive("sigma0", sigma0)
    V.check_elements("steps", (steps + 1) * n * 2, "trajectory values ((steps + 1) × n × 2)")
    g = np.random.default_rng(V.seed("seed", seed))
    with np.errstate(over="ignore", invalid="ignore"):
        start = float(sigma0) * g.standard_normal((1, n, 2))
        kicks = np.sqrt(2.0 * D * dt) * g.standard_normal((steps, n, 2))
        traj = np.concatenate([start, start + np.cumsum(kicks, axis=0)])
        times = np.arange(steps + 1) * float(dt)
        std_theory = np.sqrt(np.float64(sigma0) ** 2 + 2.0 * D * times)
        std_measured = traj.std(axis=1, ddof=1).mean(axis=1)
    V.finite_result("D, dt or sigma0", times, std_theory, std_measured)
    return InkDrop(times=times, trajectory=traj, std_theory=std_theory, std_measured=std_measured)


# ---------------------------------------------------------------- data sets


def two_moons(n: int, noise: float = 0.05, seed: int = 0) -> np.ndarray:
    """Two interleaving half circles (scikit-learn's ``make_moons`` shape), centred.

    Notes
    -----
    Outer moon :math:`(\\cos\\theta, \\sin\\theta)`, inner moon
    :math:`(1 - \\cos\\theta, \\tfrac12 - \\sin\\theta)`, :math:`\\theta \\in [0, \\pi]`,
    then shifted by :math:`(-\\tfrac12, -\\tfrac14)` and Gaussian noise of std ``noise``
    added. Shape (n, 2), ``n // 2`` points on the outer moon.
    """
    n = _positive_int("n", n, 2, V.MAX_POINTS)
    V.check_elements("n", 4 * n, "point coordinates")
    noise = V.finite_float("noise", noise, low=0.0)
    g = np.random.default_rng(V.seed("seed", seed))
    n_out = n // 2
    th_out = np.linspace(0, np.pi, n_out)
    th_in = np.linspace(0, np.pi, n - n_out)
    pts = np.concatenate([np.column_stack([np.cos(th_out), np.sin(th_out)]),
                          np.column_stack([1 - np.cos(th_in), 0.5 - np.sin(th_in)])])
    with np.errstate(over="ignore", invalid="ignore"):
        out = pts - np.array([0.5, 0.25]) + float(noise) * g.standard_normal(pts.shape)
    V.finite_result("noise", out)
    return out


def swiss_roll(n: int, noise: float = 0.05, seed: int = 0) -> np.ndarray:
    """A 2-D swiss roll (spiral), scaled to about unit size: shape (n, 2).

    Notes
    -----
    :math:`u = \\tfrac{3\\pi}{2}(1 + 2 v)`, :math:`v \\sim U(0, 1)`; the point is
    :math:`(u \\cos u, u \\sin u) / 10` plus Gaussian noise of std ``noise``.
    """
    n = _positive_int("n", n, 1, V.MAX_POINTS)
    V.check_elements("n", 4 * n, "point coordinates")
    noise = V.finite_float("noise", noise, low=0.0)
    g = np.random.default_rng(V.seed("seed", seed))
    u = 1.5 * np.pi * (1 + 2 * g.uniform(size=n))
    pts = np.column_stack([u * np.cos(u), u * np.sin(u)]) / 10.0
    with np.errstate(over="ignore", invalid="ignore"):
        out = pts + float(noise) * g.standard_normal(pts.shape)
    V.finite_result("noise", out)
    return out


def eight_gaussians(radius: float = 2.0, sigma: float = 0.05) -> GaussianMixture:
    """Eight equal Gaussians on a ring: means :math:`r(\\cos\\tfrac{2\\pi k}{8}, \\sin\\tfrac{2\\pi k}{8})`.

    Covariances :math:`\\sigma^2 I`, weights 1/8; sample it with ``.sample(n, rng)``.
    """
    radius, sigma = V.positive("radius", radius), V.positive("sigma", sigma)
    r2, s2 = np.float64(radius) ** 2, np.float64(sigma) ** 2
    if not (np.isfinite(r2) and s2 > 0 and np.isfinite(s2)):
        raise ValueError(f"radius or sigma are too extreme: their squares are not finite and "
                         f"> 0 (radius={radius:g}, sigma={sigma:g})")
    ang = 2 * np.pi * np.arange(8) / 8
    means = float(radius) * np.column_stack([np.cos(ang), np.sin(ang)])
    return GaussianMixture.create(np.full(8, 1 / 8), means, np.full(8, float(sigma) ** 2))


def small_point_set(m: int = 5, seed: int = 0, spread: float = 1.5) -> np.ndarray:
    """``m`` training points, uniform in :math:`[-s, s]^2` (the memorisation demo's data)."""
    m = _positive_int("m", m, 1, V.MAX_POINTS)
    V.check_elements("m", 2 * m, "point coordinates")
    spread = V.positive("spread", spread)
    if not np.isfinite(2.0 * np.float64(spread)):
        raise ValueError(f"spread must be a finite number > 0 with 2·spread finite, got {spread!r}")
    return np.random.default_rng(V.seed("seed", seed)).uniform(-spread, spread, size=(m, 2))


def nearest_distance(x: object, points: object) -> np.ndarray:
    """Distance from each row of ``x`` to its nearest row of ``points``, shape (n,)."""
    a, b = _points("x", x), _points("points", points)
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"x and points need the same number of columns, got {a.shape[1]} "
                         f"and {b.shape[1]}")
    V.check_elements("points", a.size * b.shape[0], "differences (x rows × points rows × d)")
    # direct differences, not |a|² - 2ab + |b|²: that expansion cancels catastrophically
    # exactly where this matters (samples within 1e-8 of a training point)
    with np.errstate(over="ignore", invalid="ignore"):
        d2 = np.sum((a[:, None, :] - b[None]) ** 2, axis=2)
    V.finite_result("x or points", d2)
    return np.sqrt(d2.min(axis=1))


def mode_shares(x: object, means: object) -> np.ndarray:
    """Fraction of the rows of ``x`` nearest to each mean, shape (K,) (sums to 1)."""
    a, mu = _points("x", x), _points("means", means)
    if a.shape[1] != mu.shape[1]:
        raise ValueError(f"x and means need the same number of columns, got {a.shape[1]} "
                         f"and {mu.shape[1]}")
    V.check_elements("means", a.size * mu.shape[0], "differences (x rows × means rows × d)")
    d2 = np.sum((a[:, None, :] - mu[None]) ** 2, axis=2)
    return np.bincount(d2.argmin(axis=1), minlength=mu.shape[0]) / a.shape[0]


def mean_radius(x: object) -> float:
    """Mean distance of the rows of ``x`` from the origin, :math:`\\frac1n \\sum_i \\lVert x_i \\rVert`."""
    with np.errstate(over="ignore", invalid="ignore"):
        r = float(np.mean(np.linalg.norm(_points("x", x), axis=1)))
    V.finite_result("x", r)
    return r


PIXEL_MAX: int = 255
"""Largest value of an 8-bit pixel."""


def pixels_to_unit(p: object) -> np.ndarray:
    """8-bit pixel values ``0 … 255`` scaled to DDPM's range ``[-1, 1]``.

    Parameters
    ----------
    p : array_like
        Pixel values, each in ``[0, 255]`` (any shape).

    Returns
    -------
    numpy.ndarray
        ``x`` of the same shape: 0 (black) ↦ −1, 255 (white) ↦ 1.

    Notes
    -----
    .. math::  x = \\frac{2p}{255} - 1, \\qquad 0 \\le p \\le 255
    """
    arr = V.array("p", p)
    if arr.min() < 0 or arr.max() > PIXEL_MAX:
        raise ValueError(f"p must hold pixel values in [0, {PIXEL_MAX}], got values from "
                         f"{arr.min():g} to {arr.max():g}")
    return 2.0 * arr / PIXEL_MAX - 1.0
