"""diffusion: lessons (parameters and what each scene shows)."""

from __future__ import annotations

from lessons import Lesson, NoParams


def _pending(params):
    return None


LESSONS = (
    Lesson('DiffusionInkDrop', NoParams, _pending,
           'An ink drop spreading in water: particles diffusing, the density widening like the heat kernel.',
           27.0),
    Lesson('DiffusionForward2D', NoParams, _pending,
           'The forward process on 2-D data: 2000 points of two moons dissolving into a Gaussian.',
           33.0),
    Lesson('DiffusionMarginals1D', NoParams, _pending,
           'The exact density p_t(x) of 1-D mixture data morphing into N(0, 1) as t grows.',
           34.0),
    Lesson('DiffusionSchedules', NoParams, _pending,
           'Linear vs cosine noise schedules: ᾱ_t, the noise per step β_t, and the same image under both.',
           26.0),
    Lesson('DiffusionImageNoising', NoParams, _pending,
           'A small image noised by the forward chain, shown at t = 0, 50, 100, 250, 500, 1000.',
           26.0),
    Lesson('DiffusionReverse', NoParams, _pending,
           'The reverse process with the exact denoiser: noise flows back onto 8 Gaussians (DDPM, then DDIM).',
           39.0),
    Lesson('DiffusionMemorisation', NoParams, _pending,
           'With a 5-point data set, the exact reverse process returns only training points (memorisation).',
           28.0),
)
