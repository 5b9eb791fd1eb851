"""Math-core benchmarks for `make bench`: name -> zero-argument callable.

Each topic adds its hot paths here (vectorized code should stay fast as it grows).
"""

from __future__ import annotations

import numpy as np

from dlmath.autodiff import activation_stats
from dlmath.convolution import conv1d, correlate2d
from dlmath.diffusion import GaussianMixtureDenoiser, ddpm_sample, eight_gaussians, linear_schedule
from dlmath.linear import make_dataset, train_mlp
from dlmath.optim import adam, rosenbrock

_rng = np.random.default_rng(0)
_x, _h = _rng.normal(size=4000), _rng.normal(size=31)
_spiral = make_dataset("spiral", 240, noise=0.5, seed=4)
_img, _k4 = _rng.normal(size=(16, 64, 64)), _rng.normal(size=(32, 16, 3, 3))
_rosen = rosenbrock()

BENCHMARKS = {
    "convolution.conv1d (4000 x 31, full)": lambda: conv1d(_x, _h),
    "diffusion.ddpm_sample (2000 points x 1000 steps, exact 8-Gaussian denoiser)": lambda: ddpm_sample(
        GaussianMixtureDenoiser(eight_gaussians()), linear_schedule(), 2000, 0),
    "autodiff.activation_stats (20 layers, 128 wide, 128 samples, relu/he)":
        lambda: activation_stats(20, 128, "relu", "he", seed=0, batch=128),
    "convolution.correlate2d (16x64x64 -> 32, 3x3, s=1, p=1)": lambda: correlate2d(_img, _k4, padding=1),
    "optim.adam on rosenbrock (2000 steps)": lambda: adam(_rosen.grad, [-1.2, 1.0], 0.02, 2000),
    "linear.train_mlp (spiral 240 pts, 2-24-24-24-2 relu, 20 epochs)": lambda: train_mlp(
        _spiral.X, _spiral.y, hidden=(24, 24, 24), activation="relu", lr=0.03, epochs=20),
}
