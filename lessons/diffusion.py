"""Diffusion lessons: each scene's parameters and everything it shows, from dlmath.

Every point cloud, density, schedule value, noisy image and sampled run a diffusion scene
draws is computed here by :mod:`dlmath.diffusion` (seeded by the lesson's ``seed``
parameters); the scenes only place it on screen.

Point clouds get axes chosen from the data: the plane's half-width is the smallest
multiple of :data:`AXIS_STEP` that holds every point of every frame the scene shows (at
least the scene's usual size), so no user value can push a point off its axes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dlmath import diffusion as dm
from lessons import Lesson, Params, param


def glyph_pixels(char: str = "7", size: int = 32) -> np.ndarray:
    """A small grey-scale image of ``char`` rasterised with matplotlib: 8-bit pixel values
    0 … 255 (0 the background, 255 the glyph), as the lecture notes describe images (a data
    source, not math, so it lives here and dlmath stays numpy + sympy).

    Shape (size, size), integers; deterministic (matplotlib's bundled DejaVu Sans, Agg backend).
    """
    if not isinstance(char, str) or len(char) != 1 or char.isspace():
        raise ValueError(f"char must be one visible character, got {char!r}")
    if isinstance(size, bool) or not isinstance(size, int) or not 8 <= size <= 512:
        raise ValueError(f"size must be an integer in [8, 512], got {size!r}")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1), dpi=size)
    canvas = FigureCanvasAgg(fig)
    fig.patch.set_facecolor("black")
    fig.text(0.5, 0.5, char, color="white", fontsize=0.8 * 72, ha="center", va="center",
             family="DejaVu Sans", weight="bold")
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba(), dtype=float)[:size, :size]
    return np.rint(rgba[..., :3].mean(axis=2)).astype(int)  # white on black: R = G = B


def glyph_image(char: str = "7", size: int = 32) -> np.ndarray:
    """:func:`glyph_pixels` scaled to DDPM's :math:`[-1, 1]` by
    :func:`dlmath.diffusion.pixels_to_unit` (x = 2p/255 − 1): -1 is the background, 1 the
    glyph (the picture DiffusionImageNoising and DiffusionSchedules noise)."""
    return dm.pixels_to_unit(glyph_pixels(char, size))

__all__ = [
    "LESSONS",
    "DiffusionInkDropParams", "InkDropData", "ink_drop",
    "DiffusionForward2DParams", "Forward2DData", "forward_2d",
    "DiffusionMarginals1DParams", "Marginals1DData", "marginals_1d",
    "DiffusionSchedulesParams", "SchedulesData", "schedules",
    "DiffusionImageNoisingParams", "ImageNoisingData", "image_noising",
    "DiffusionReverseParams", "ReverseData", "reverse",
    "DiffusionMemorisationParams", "MemorisationData", "memorisation",
]


# ---------------------------------------------------------------- shared pieces

T_MAX = 2000
"""Most forward steps: a scene keeps the whole trajectory of every point, (T + 1) × n × 2
numbers, and its screen copy; T = 2000 with 3000 points is about 250 MB."""
POINTS_MAX = 3000
"""Most points of a sampled cloud (forward chain, DDPM, DDIM): beyond that the cloud is a
solid blot at this size and the trajectories grow past a few hundred MB."""
ENDS_IN_NOISE = 0.01
"""Largest ᾱ_T allowed: the scenes say that x_T is pure noise N(0, I), which is true only
when (almost) nothing of the signal is left at t = T."""
AXIS_STEP = 0.25
"""Point-cloud axes grow in steps of this many data units."""
GLYPH_SIZE = (8, 40)
"""Smallest and largest image side in pixels: below 8 the glyph is unreadable; above 40
the pixel squares get thinner than a screen pixel at 1080p and the grid takes seconds to
build."""
SEED_MAX = 999_999


def _half_width(points: np.ndarray, at_least: float) -> float:
    """Half-width of square axes holding every point of ``points`` (any shape (..., 2))."""
    extent = float(np.max(np.abs(points)))
    return max(at_least, math.ceil(extent / AXIS_STEP - 1e-9) * AXIS_STEP)


def _check_steps(p: Params, name: str, values: tuple[int, ...], low: int, high: int,
                 descending: bool = False) -> None:
    """``values`` strictly increasing (decreasing) inside ``[low, high]``."""
    if any(v < low or v > high for v in values):
        p.refuse(name, values, f"every step must lie in {low}..{high}")
    pairs = zip(values, values[1:])
    if any((a <= b) if descending else (a >= b) for a, b in pairs):
        order = "decreasing" if descending else "increasing"
        p.refuse(name, values, f"steps must be strictly {order}")


@dataclass(frozen=True)
class ScheduleParams(Params):
    """The forward process's steps and noise schedule (shared by most diffusion lessons)."""

    T: int = param(1000, "number of forward steps T", low=10, high=T_MAX)
    schedule: str = param("linear", "β_t schedule: linear (Ho et al. 2020) or cosine "
                          "(Nichol & Dhariwal 2021)", choices=("linear", "cosine"))
    beta_start: float = param(1e-4, "β_1 of the linear schedule", low=1e-5, high=0.2)
    beta_end: float = param(0.02, "β_T of the linear schedule", low=1e-4, high=0.5)

    def check(self) -> None:
        if self.schedule == "cosine":
            for name in ("beta_start", "beta_end"):
                if getattr(self, name) != type(self).spec(name).default:
                    self.refuse(name, getattr(self, name),
                                "only the linear schedule has β_1 and β_T; leave it at its "
                                "default with schedule = cosine")
        ab_T = float(noise_schedule(self).alpha_bar(self.T))
        if ab_T > ENDS_IN_NOISE:
            self.refuse("beta_end", self.beta_end,
                        f"the chain must end in noise: ᾱ_T = {ab_T:.3g} here, at most "
                        f"{ENDS_IN_NOISE:g} allowed (raise β_T or T)")


def noise_schedule(p: ScheduleParams) -> dm.Schedule:
    """The schedule ``p`` names (dlmath's linear or cosine schedule)."""
    if p.schedule == "cosine":
        return dm.cosine_schedule(p.T)
    return dm.linear_schedule(p.T, p.beta_start, p.beta_end)


def _stop_indices(p: Params, name: str, ts: tuple[int, ...], T: int) -> None:
    """Reverse-process pauses: t values descending in 0..T−1, the last one 0."""
    _check_steps(p, name, ts, 0, T - 1, descending=True)
    if ts[-1] != 0:
        p.refuse(name, ts, "the last pause must be t = 0 (the samples the result describes)")


# ---------------------------------------------------------------- DiffusionInkDrop

INK_HALF = 2.0
"""Half-width of the glass in data units (grows with the drop when it spreads further)."""
INK_MAX_SPREAD = 1.0
"""Largest final spread σ(t) = √(σ₀² + 2Dt): beyond it the glass (sized to the drop) has
so many units that the drop at t = 0 is a dot."""


@dataclass(frozen=True)
class DiffusionInkDropParams(Params):
    """DiffusionInkDrop's inputs (defaults: the lecture's drop)."""

    n_particles: int = param(3000, "number of ink particles", low=100, high=5000)
    steps: int = param(150, "number of time steps of length Δt", low=10, high=300)
    D: float = param(0.013, "diffusion coefficient D", low=0.001, high=0.1)
    dt: float = param(0.05, "time step Δt", low=0.001, high=1.0)
    sigma0: float = param(0.08, "initial spread σ₀ of the drop", low=0.01, high=0.5)
    seed: int = param(0, "random seed of the start and the kicks", low=0, high=SEED_MAX)
    stops: tuple[int, ...] = param((50, 100, 150), "steps where the clock stops to compare "
                                   "σ_measured with σ_theory", length=(1, 5), low=1, high=300)

    def check(self) -> None:
        _check_steps(self, "stops", self.stops, 1, self.steps)
        spread = math.sqrt(self.sigma0 ** 2 + 2 * self.D * self.steps * self.dt)
        if spread > INK_MAX_SPREAD:
            self.refuse("D", self.D, f"the drop may spread to σ = {INK_MAX_SPREAD:g} at most; "
                        f"σ₀² + 2·D·steps·Δt gives σ = {spread:.3g}")


@dataclass(frozen=True)
class InkStop:
    """One stop of the clock: step, time, the heat kernel's spread and the particles'."""

    step: int
    t: float
    std_theory: float
    std_measured: float


@dataclass(frozen=True)
class InkDropData:
    """What DiffusionInkDrop draws."""

    drop: dm.InkDrop
    """Times, the particles' trajectory (steps + 1, n, 2) and both spreads per step."""
    stops: tuple[InkStop, ...]
    half: float
    """Half-width of the glass (data units): holds every particle at every step."""


def ink_drop(params: DiffusionInkDropParams) -> InkDropData:
    """The drop's particles (:func:`dlmath.diffusion.ink_drop`) and the chosen stops."""
    p = params
    drop = dm.ink_drop(p.n_particles, p.steps, p.D, p.dt, p.sigma0, p.seed)
    stops = tuple(InkStop(k, float(drop.times[k]), float(drop.std_theory[k]),
                          float(drop.std_measured[k])) for k in p.stops)
    return InkDropData(drop=drop, stops=stops, half=_half_width(drop.trajectory, INK_HALF))


# ---------------------------------------------------------------- DiffusionForward2D

PLANE_HALF = 3.5
"""Usual half-width of the 2-D planes (grows when a cloud reaches further)."""
FORWARD_STOPS_MAX = 6
"""Most clock stops: each one holds the picture for a few seconds."""
DATASETS = ("two_moons", "swiss_roll")


@dataclass(frozen=True)
class DiffusionForward2DParams(ScheduleParams):
    """DiffusionForward2D's inputs."""

    dataset: str = param("two_moons", "the data x₀", choices=DATASETS)
    n_points: int = param(2000, "number of data points", low=100, high=POINTS_MAX)
    noise: float = param(0.05, "std of the noise added to the data set's shape", low=0.0,
                         high=0.3)
    seed: int = param(0, "seed of the data; the chain's noise uses seed + 1", low=0,
                      high=SEED_MAX - 1)
    stops: tuple[int, ...] = param((50, 100, 250, 500, 1000), "steps t where the clock stops",
                                   length=(1, FORWARD_STOPS_MAX), low=1, high=T_MAX)

    def check(self) -> None:
        super().check()
        _check_steps(self, "stops", self.stops, 1, self.T)


@dataclass(frozen=True)
class ForwardStop:
    t: int
    alpha_bar: float
    noise_std: float
    """√(1 − ᾱ_t)."""


@dataclass(frozen=True)
class Forward2DData:
    """What DiffusionForward2D draws."""

    x0: np.ndarray
    trajectory: np.ndarray
    """x_0 … x_T of every point, shape (T + 1, n, 2): the real chain, step by step."""
    ts: np.ndarray
    """0 … T."""
    alpha_bars: np.ndarray
    """ᾱ_0 = 1, ᾱ_1, …, ᾱ_T."""
    stops: tuple[ForwardStop, ...]
    half: float
    """Half-width of the plane: holds every point of every step."""


def _data_set(name: str, n: int, noise: float, seed: int) -> np.ndarray:
    return (dm.two_moons if name == "two_moons" else dm.swiss_roll)(n, noise, seed)


def forward_2d(params: DiffusionForward2DParams) -> Forward2DData:
    """The data set and its forward chain (:func:`dlmath.diffusion.forward_chain`)."""
    p = params
    sched = noise_schedule(p)
    x0 = _data_set(p.dataset, p.n_points, p.noise, p.seed)
    traj = dm.forward_chain(x0, sched, p.seed + 1)
    ts = np.arange(p.T + 1)
    stops = tuple(ForwardStop(t, float(sched.alpha_bar(t)), float(sched.noise_std(t)))
                  for t in p.stops)
    return Forward2DData(x0=x0, trajectory=traj, ts=ts, alpha_bars=sched.alpha_bar(ts),
                         stops=stops, half=_half_width(traj, PLANE_HALF))


# ---------------------------------------------------------------- DiffusionMarginals1D

MARG_X_RANGE = (-4.0, 4.0)
"""The x axis of the density plot (numbers at −4, −2, 0, 2, 4)."""
MARG_GRID = 401
"""Grid points of each density curve."""
MARG_COMPONENTS_MAX = 4
"""Most mixture components: one line π, μ, σ² each beside the plot; a fifth runs into
the p_t formula below."""
MARG_STOPS_MAX = 8


@dataclass(frozen=True)
class DiffusionMarginals1DParams(ScheduleParams):
    """DiffusionMarginals1D's inputs: the 1-D Gaussian mixture p₀ and the steps shown."""

    weights: tuple[float, ...] = param((0.3, 0.5, 0.2), "mixture weights π_k (sum to 1)",
                                       length=(2, MARG_COMPONENTS_MAX), low=0.01, high=1.0)
    means: tuple[float, ...] = param((-2.0, 0.5, 2.5), "component means μ_k",
                                     length=(2, MARG_COMPONENTS_MAX), low=-3.7, high=3.7)
    variances: tuple[float, ...] = param((0.09, 0.25, 0.04), "component variances σ_k²",
                                         length=(2, MARG_COMPONENTS_MAX), low=0.01, high=1.0)
    stops: tuple[int, ...] = param((20, 50, 100, 200, 400, 1000),
                                   "steps t where the clock stops (after t = 0)",
                                   length=(1, MARG_STOPS_MAX), low=1, high=T_MAX)

    def check(self) -> None:
        super().check()
        k = len(self.weights)
        for name in ("means", "variances"):
            if len(getattr(self, name)) != k:
                self.refuse(name, getattr(self, name), f"one value per weight ({k})")
        if abs(sum(self.weights) - 1.0) > 1e-9:
            self.refuse("weights", self.weights, "the weights must sum to 1")
        lo, hi = MARG_X_RANGE
        for m, v in zip(self.means, self.variances):
            if m - 3 * math.sqrt(v) < lo or m + 3 * math.sqrt(v) > hi:
                self.refuse("means", self.means,
                            f"every μ_k ± 3σ_k must lie on the plotted x axis [{lo:g}, {hi:g}]")
        _check_steps(self, "stops", self.stops, 1, self.T)


@dataclass(frozen=True)
class MarginalStop:
    t: int
    alpha_bar: float


@dataclass(frozen=True)
class Marginals1DData:
    """What DiffusionMarginals1D draws."""

    xs: np.ndarray
    densities: np.ndarray
    """Exact p_t(x) on ``xs`` for t = 0 … T, shape (T + 1, len(xs))."""
    std_normal: np.ndarray
    """N(0, 1) on ``xs``: where p_t ends."""
    y_top: float
    """Top of the y axis: the highest density, rounded up to 0.1."""
    stops: tuple[MarginalStop, ...]
    ref_label_at: tuple[float, float]
    """Point (x, N(x; 0, 1)) the N(0, 1) label sits next to."""


def marginals_1d(params: DiffusionMarginals1DParams) -> Marginals1DData:
    """Exact marginals of the mixture (:func:`dlmath.diffusion.marginal_density_1d`)."""
    p = params
    sched = noise_schedule(p)
    w = np.asarray(p.weights) / np.sum(p.weights)  # sums to 1 within 1e-9: exactly now
    mix = dm.GaussianMixture.create(w, [[m] for m in p.means], p.variances)
    xs = np.linspace(*MARG_X_RANGE, MARG_GRID)
    dens = dm.marginal_density_1d(mix, np.arange(p.T + 1), xs, sched)
    normal = dm.GaussianMixture.create([1.0], [[0.0]], [1.0]).pdf(xs[:, None])
    i = int(np.searchsorted(xs, 1.2))
    stops = tuple(MarginalStop(t, float(sched.alpha_bar(t))) for t in p.stops)
    return Marginals1DData(xs=xs, densities=dens, std_normal=normal,
                           y_top=math.ceil(dens.max() * 10) / 10, stops=stops,
                           ref_label_at=(1.2, float(normal[i])))


# ---------------------------------------------------------------- DiffusionSchedules

SCHED_IMAGES_MAX = 5
"""Most images in a row: 5 cells of 1.45 units with 0.55 gaps beside the row names fill
the frame's width."""


def _check_glyph(p: Params, glyph: str) -> None:
    if len(glyph) != 1 or not glyph.isascii() or not glyph.isalnum():
        p.refuse("glyph", glyph, "one letter or digit (A–Z, a–z, 0–9)")


@dataclass(frozen=True)
class DiffusionSchedulesParams(Params):
    """DiffusionSchedules' inputs: both schedules, the compared step and the image row."""

    T: int = param(1000, "number of steps T of both schedules", low=10, high=T_MAX)
    beta_start: float = param(1e-4, "β_1 of the linear schedule", low=1e-5, high=0.2)
    beta_end: float = param(0.02, "β_T of the linear schedule", low=1e-4, high=0.5)
    cosine_s: float = param(0.008, "offset s of the cosine schedule", low=0.0, high=0.2)
    compare_t: int = param(500, "step t where both ᾱ_t are read off", low=1, high=T_MAX)
    image_ts: tuple[int, ...] = param((100, 250, 500, 750, 900), "steps t of the image row",
                                      length=(1, SCHED_IMAGES_MAX), low=0, high=T_MAX)
    glyph: str = param("7", "the character drawn as the image x₀")
    glyph_size: int = param(32, "image side in pixels", low=GLYPH_SIZE[0], high=GLYPH_SIZE[1])
    noise_seed: int = param(3, "seed of the noise ε shared by both rows", low=0, high=SEED_MAX)
    beta_top: float = param(0.04, "top of the β_t chart (a multiple of 0.02); the cosine β_t "
                            "above it is cut off", low=0.02, high=0.5)

    def check(self) -> None:
        if self.compare_t > self.T:
            self.refuse("compare_t", self.compare_t, f"a step in 1..T = {self.T}")
        _check_steps(self, "image_ts", self.image_ts, 0, self.T)
        _check_glyph(self, self.glyph)
        if abs(self.beta_top / 0.02 - round(self.beta_top / 0.02)) > 1e-9:
            self.refuse("beta_top", self.beta_top, "a multiple of 0.02 (the chart's numbers "
                        "show it and its half with two decimals)")
        if max(self.beta_start, self.beta_end) > self.beta_top:
            self.refuse("beta_top", self.beta_top, "at least β_1 and β_T, so that the linear "
                        "schedule's β_t stays on the chart")


@dataclass(frozen=True)
class SchedulePanel:
    """One schedule as the scene draws it."""

    schedule: dm.Schedule
    alpha_bars: np.ndarray
    """ᾱ_0 = 1 … ᾱ_T."""
    beta_ts: np.ndarray
    """Steps t whose β_t is on the chart (β_t ≤ beta_top)."""
    betas_shown: np.ndarray
    alpha_bar_compare: float
    """ᾱ at compare_t."""
    beta_T: float
    images: tuple[np.ndarray, ...]
    """x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε at each of image_ts (same x₀, same ε)."""
    image_alpha_bars: tuple[float, ...]


@dataclass(frozen=True)
class SchedulesData:
    """What DiffusionSchedules draws."""

    ts: np.ndarray
    linear: SchedulePanel
    cosine: SchedulePanel
    x0: np.ndarray
    """The glyph image in [−1, 1]."""
    eps: np.ndarray
    """The noise ε, one value per pixel (seeded by noise_seed)."""


def _panel(sched: dm.Schedule, p: DiffusionSchedulesParams, x0: np.ndarray,
           eps: np.ndarray) -> SchedulePanel:
    ts = np.arange(p.T + 1)
    visible = sched.betas <= p.beta_top  # the chart stops at beta_top
    flat = x0.reshape(1, -1)
    images = tuple(dm.q_sample(flat, t, sched, noise=eps).reshape(x0.shape) for t in p.image_ts)
    return SchedulePanel(schedule=sched, alpha_bars=sched.alpha_bar(ts),
                         beta_ts=ts[1:][visible], betas_shown=sched.betas[visible],
                         alpha_bar_compare=float(sched.alpha_bar(p.compare_t)),
                         beta_T=float(sched.betas[-1]), images=images,
                         image_alpha_bars=tuple(float(sched.alpha_bar(t)) for t in p.image_ts))


def schedules(params: DiffusionSchedulesParams) -> SchedulesData:
    """Linear and cosine schedules, and one image noised under both with the same ε."""
    p = params
    x0 = glyph_image(p.glyph, p.glyph_size)
    eps = np.random.default_rng(p.noise_seed).standard_normal((1, x0.size))
    return SchedulesData(ts=np.arange(p.T + 1),
                         linear=_panel(dm.linear_schedule(p.T, p.beta_start, p.beta_end), p,
                                       x0, eps),
                         cosine=_panel(dm.cosine_schedule(p.T, p.cosine_s), p, x0, eps),
                         x0=x0, eps=eps)


# ---------------------------------------------------------------- DiffusionImageNoising

NOISING_IMAGES_MAX = 6
"""Most images in the row: 6 cells of 1.85 units with 0.4 gaps fill the frame's width."""


@dataclass(frozen=True)
class DiffusionImageNoisingParams(ScheduleParams):
    """DiffusionImageNoising's inputs."""

    image_ts: tuple[int, ...] = param((0, 100, 200, 300, 400, 1000), "steps t of the image row "
                                      "(the default samples t < 500, where the linear schedule "
                                      "visibly erases the glyph, then shows t = T)",
                                      length=(1, NOISING_IMAGES_MAX), low=0, high=T_MAX)
    glyph: str = param("7", "the character drawn as the image x₀")
    glyph_size: int = param(32, "image side in pixels", low=GLYPH_SIZE[0], high=GLYPH_SIZE[1])
    seed: int = param(5, "seed of the chain's noise", low=0, high=SEED_MAX)

    def check(self) -> None:
        super().check()
        _check_steps(self, "image_ts", self.image_ts, 0, self.T)
        _check_glyph(self, self.glyph)


@dataclass(frozen=True)
class ImageNoisingData:
    """What DiffusionImageNoising draws."""

    x0: np.ndarray
    images: tuple[np.ndarray, ...]
    """x_t of the forward chain (step by step) at each of image_ts."""
    alpha_bars: tuple[float, ...]
    pixels: np.ndarray
    """x0 as the notes store an image: 8-bit values p = 0 … 255 (x0 = 2p/255 − 1)."""
    example: tuple[int, int]
    """(row, column) of the pixel whose scaling the scene spells out: on the glyph's edge,
    the grey value nearest the middle of 0 … 255 (first in row order)."""
    example_p: int
    example_x: float
    """x = 2p/255 − 1 of the example pixel (:func:`dlmath.diffusion.pixels_to_unit`)."""


def image_noising(params: DiffusionImageNoisingParams) -> ImageNoisingData:
    """The glyph through the forward chain (:func:`dlmath.diffusion.forward_chain`)."""
    p = params
    sched = noise_schedule(p)
    pixels = glyph_pixels(p.glyph, p.glyph_size)
    x0 = dm.pixels_to_unit(pixels)
    traj = dm.forward_chain(x0.reshape(1, -1), sched, p.seed)
    flat = int(np.argmin(np.abs(pixels - dm.PIXEL_MAX / 2)))  # first of the nearest greys
    r, c = divmod(flat, pixels.shape[1])
    return ImageNoisingData(x0=x0, images=tuple(traj[t, 0].reshape(x0.shape) for t in p.image_ts),
                            alpha_bars=tuple(float(sched.alpha_bar(t)) for t in p.image_ts),
                            pixels=pixels, example=(r, c), example_p=int(pixels[r, c]),
                            example_x=float(dm.pixels_to_unit(pixels[r, c])))


# ---------------------------------------------------------------- DiffusionReverse

TRACED_MAX = 3
"""Most traced paths: each is a thin fading line; more of them make a scribble over the cloud."""
REVERSE_STOPS_MAX = 5
DDIM_STEPS_MAX = 200
"""Most DDIM steps: it is the fast sampler; 200 of them already look continuous."""


@dataclass(frozen=True)
class DiffusionReverseParams(ScheduleParams):
    """DiffusionReverse's inputs: the 8-Gaussian ring, the samplers and the pauses."""

    n_points: int = param(2000, "number of samples", low=100, high=POINTS_MAX)
    radius: float = param(2.0, "radius r of the ring of 8 modes", low=1.0, high=3.0)
    sigma: float = param(0.05, "std σ of each mode", low=0.01, high=0.3)
    seed: int = param(0, "seed of x_T and of DDPM's noise", low=0, high=SEED_MAX)
    ddim_steps: int = param(50, "number of DDIM steps (η = 0)", low=1, high=DDIM_STEPS_MAX)
    traced: tuple[int, ...] = param((0,), "indices of the samples whose paths are drawn",
                                    length=(0, TRACED_MAX), low=0, high=POINTS_MAX - 1)
    stop_ts: tuple[int, ...] = param((500, 200, 50, 0), "t at each pause of DDPM (descending, "
                                     "last 0)", length=(1, REVERSE_STOPS_MAX), low=0, high=T_MAX)

    def check(self) -> None:
        super().check()
        if self.ddim_steps > self.T:
            self.refuse("ddim_steps", self.ddim_steps, f"at most T = {self.T}")
        if any(i >= self.n_points for i in self.traced):
            self.refuse("traced", self.traced, f"indices below n_points = {self.n_points}")
        _stop_indices(self, "stop_ts", self.stop_ts, self.T)


@dataclass(frozen=True)
class SamplerResult:
    """A sampler's run and what the scene reads off its samples."""

    run: dm.SampleResult
    mean_radius: float
    shares: np.ndarray
    """Share of the samples nearest to each of the 8 modes."""


@dataclass(frozen=True)
class ReverseData:
    """What DiffusionReverse draws."""

    mixture: dm.GaussianMixture
    ddpm: SamplerResult
    ddim: SamplerResult
    """From the same x_T as DDPM."""
    stop_frames: tuple[int, ...]
    """Index into ddpm.run.trajectory of each pause."""
    half: float


def reverse(params: DiffusionReverseParams) -> ReverseData:
    """DDPM (T steps) and DDIM (from the same x_T) with the mixture's exact denoiser."""
    p = params
    sched = noise_schedule(p)
    mix = dm.eight_gaussians(p.radius, p.sigma)
    den = dm.GaussianMixtureDenoiser(mix)
    ddpm = dm.ddpm_sample(den, sched, p.n_points, p.seed, return_trajectory=True)
    ddim = dm.ddim_sample(den, sched, p.n_points, p.ddim_steps, eta=0.0,
                          x_T=ddpm.trajectory[0], return_trajectory=True)
    runs = [SamplerResult(r, dm.mean_radius(r.samples), dm.mode_shares(r.samples, mix.means))
            for r in (ddpm, ddim)]
    half = _half_width(np.concatenate([ddpm.trajectory, ddim.trajectory]), PLANE_HALF)
    return ReverseData(mixture=mix, ddpm=runs[0], ddim=runs[1],
                       stop_frames=tuple(p.T - t for t in p.stop_ts), half=half)


# ---------------------------------------------------------------- DiffusionMemorisation

MEMO_POINTS_MAX = 8
"""Most training points: their shares fill two lines of four percentages."""
MEMO_MIN_GAP = 0.3
"""Closest two training points may be (data units): their circles (0.13 screen units in
radius, about 0.2 data units on a plane of half-width 4.5) must not sit on top of each
other, or two points read as one."""


@dataclass(frozen=True)
class DiffusionMemorisationParams(ScheduleParams):
    """DiffusionMemorisation's inputs."""

    m: int = param(5, "number of training points y_i", low=2, high=MEMO_POINTS_MAX)
    data_seed: int = param(0, "seed of the training points (uniform in [−1.5, 1.5]²)", low=0,
                           high=SEED_MAX)
    n_points: int = param(1000, "number of samples", low=100, high=POINTS_MAX)
    seed: int = param(1, "seed of x_T and of DDPM's noise", low=0, high=SEED_MAX)
    stop_ts: tuple[int, ...] = param((300, 100, 0), "t at each pause (descending, last 0)",
                                     length=(1, REVERSE_STOPS_MAX), low=0, high=T_MAX)

    def check(self) -> None:
        super().check()
        _stop_indices(self, "stop_ts", self.stop_ts, self.T)
        y = dm.small_point_set(self.m, self.data_seed)
        gap = min(float(np.linalg.norm(a - b)) for i, a in enumerate(y) for b in y[i + 1:])
        if gap < MEMO_MIN_GAP:
            self.refuse("data_seed", self.data_seed,
                        f"a seed whose {self.m} training points are at least {MEMO_MIN_GAP:g} "
                        f"apart (this one puts two {gap:.2f} apart: their circles overlap)")


@dataclass(frozen=True)
class MemorisationData:
    """What DiffusionMemorisation draws."""

    data: np.ndarray
    """The m training points, shape (m, 2)."""
    run: dm.SampleResult
    """DDPM with the finite set's exact denoiser."""
    max_distance: float
    """max_n min_i ‖x₀⁽ⁿ⁾ − y_i‖: how far the worst sample is from a training point."""
    shares: np.ndarray
    """Share of the samples nearest to each training point."""
    stop_frames: tuple[int, ...]
    half: float


def memorisation(params: DiffusionMemorisationParams) -> MemorisationData:
    """DDPM with the exact denoiser of a finite data set (:class:`FiniteSetDenoiser`)."""
    p = params
    data = dm.small_point_set(p.m, p.data_seed)
    den = dm.FiniteSetDenoiser.create(data)
    run = dm.ddpm_sample(den, noise_schedule(p), p.n_points, p.seed, return_trajectory=True)
    return MemorisationData(data=data, run=run,
                            max_distance=float(dm.nearest_distance(run.samples, data).max()),
                            shares=dm.mode_shares(run.samples, data),
                            stop_frames=tuple(p.T - t for t in p.stop_ts),
                            half=_half_width(run.trajectory, PLANE_HALF))


LESSONS = (
    Lesson('DiffusionInkDrop', DiffusionInkDropParams, ink_drop,
           'An ink drop spreading in water: particles diffusing, the density widening like the heat kernel.',
           38.9),
    Lesson('DiffusionForward2D', DiffusionForward2DParams, forward_2d,
           'The forward process on 2-D data: 2000 points of two moons dissolving into a Gaussian.',
           40.0),
    Lesson('DiffusionMarginals1D', DiffusionMarginals1DParams, marginals_1d,
           'The exact density p_t(x) of 1-D mixture data morphing into N(0, 1) as t grows.',
           46.4),
    Lesson('DiffusionSchedules', DiffusionSchedulesParams, schedules,
           'Linear vs cosine noise schedules: ᾱ_t, the noise per step β_t, and the same image under both.',
           32.6),
    Lesson('DiffusionImageNoising', DiffusionImageNoisingParams, image_noising,
           'A small image noised by the forward chain, shown at t = 0, 100, 200, 300, 400 and T = 1000.',
           43.0),
    Lesson('DiffusionReverse', DiffusionReverseParams, reverse,
           'The reverse process with the exact denoiser: noise flows back onto 8 Gaussians (DDPM, then DDIM).',
           57.2),
    Lesson('DiffusionMemorisation', DiffusionMemorisationParams, memorisation,
           'With a 5-point data set, the exact reverse process returns only training points (memorisation).',
           32.8),
)
