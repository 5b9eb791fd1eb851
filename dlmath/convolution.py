"""Convolution, computed exactly and step by step.

The discrete 1-D convolution of a signal ``x`` (length N) with a kernel ``h``
(length K) is

.. math::  y[n] = \\sum_k x[k]\\, h[n - k], \\qquad n = 0, \\dots, N + K - 2

read as *flip* ``h``, *shift* it by ``n``, *multiply* with ``x`` where they
overlap, and *sum*. :func:`conv1d_steps` returns exactly those intermediate
results so a scene can draw each of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "MODES",
    "ConvStep",
    "ConvSteps",
    "conv1d",
    "conv1d_steps",
]

MODES: tuple[str, ...] = ("full", "same", "valid")
"""Output modes, with numpy's meaning (see :func:`numpy.convolve`)."""


def _as_1d(name: str, a: object) -> np.ndarray:
    """Convert ``a`` to a finite, non-empty 1-D float array or raise ValueError naming it."""
    arr = np.asarray(a, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers, got {arr.tolist()}")
    return arr


def _mode_slice(n_x: int, n_h: int, mode: str) -> slice:
    """Indices of the full output kept by ``mode`` (numpy's convention)."""
    n_full = n_x + n_h - 1
    if mode == "full":
        return slice(0, n_full)
    if mode == "same":
        n_out = max(n_x, n_h)
        start = (n_full - n_out) // 2
        return slice(start, start + n_out)
    if mode == "valid":
        n_out = max(n_x, n_h) - min(n_x, n_h) + 1
        start = min(n_x, n_h) - 1
        return slice(start, start + n_out)
    raise ValueError(f"mode must be one of {MODES}, got {mode!r}")


def conv1d(x: object, h: object, mode: str = "full") -> np.ndarray:
    """Discrete convolution ``y[n] = sum_k x[k] h[n-k]``.

    Parameters
    ----------
    x, h : array_like
        Finite, non-empty 1-D sequences (signal and kernel).
    mode : {"full", "same", "valid"}
        ``full``: every ``n`` with any overlap, length ``N + K - 1``;
        ``same``: the centred ``max(N, K)`` values; ``valid``: only ``n`` where
        one sequence lies entirely inside the other, length ``max(N, K) - min(N, K) + 1``.

    Returns
    -------
    numpy.ndarray
        The output values, float.

    Notes
    -----
    .. math::  y[n] = \\sum_{k=\\max(0, n-K+1)}^{\\min(n, N-1)} x[k]\\, h[n-k],
               \\qquad 0 \\le n \\le N + K - 2

    Computed as one product of the zero-padded signal's sliding windows with the
    flipped kernel, ``O(N K)`` and no Python loop.
    """
    xa, ha = _as_1d("x", x), _as_1d("h", h)
    keep = _mode_slice(xa.size, ha.size, mode)
    padded = np.pad(xa, ha.size - 1)
    windows = np.lib.stride_tricks.sliding_window_view(padded, ha.size)  # (N+K-1, K)
    return (windows @ ha[::-1])[keep]


@dataclass(frozen=True)
class ConvStep:
    """One output sample of ``y = x * h`` as flip, shift, multiply, sum.

    Attributes
    ----------
    n : int
        Output index; the flipped kernel is shifted so that ``h[0]`` sits at ``k = n``.
    k : numpy.ndarray
        Signal indices where the shifted, flipped kernel overlaps ``x``.
    x_values, h_values : numpy.ndarray
        ``x[k]`` and ``h[n - k]`` at those indices.
    products : numpy.ndarray
        ``x[k] * h[n - k]``.
    total : float
        ``y[n]``, the sum of the products.
    """

    n: int
    k: np.ndarray
    x_values: np.ndarray
    h_values: np.ndarray
    products: np.ndarray
    total: float


@dataclass(frozen=True)
class ConvSteps:
    """All steps of a full convolution, plus the flipped kernel the scene draws."""

    x: np.ndarray
    h: np.ndarray
    h_flipped: np.ndarray
    steps: tuple[ConvStep, ...]
    y: np.ndarray

    def kernel_positions(self, n: int) -> np.ndarray:
        """Positions on the signal axis of the flipped kernel's taps at shift ``n``.

        The flipped kernel ``h[K-1], ..., h[0]`` covers ``k = n-K+1, ..., n``.
        """
        return np.arange(n - self.h.size + 1, n + 1)


def conv1d_steps(x: object, h: object) -> ConvSteps:
    """Every output of the full convolution as flip → shift → multiply → sum.

    For each ``n = 0 .. N+K-2`` the step holds the overlapping indices
    ``k = max(0, n-K+1) .. min(n, N-1)``, the values ``x[k]`` and ``h[n-k]``,
    their products and ``y[n] = sum_k x[k] h[n-k]``.
    """
    xa, ha = _as_1d("x", x), _as_1d("h", h)
    steps = []
    for n in range(xa.size + ha.size - 1):  # N + K - 1 steps: tiny, one per animation beat
        k = np.arange(max(0, n - ha.size + 1), min(n, xa.size - 1) + 1)
        xv, hv = xa[k], ha[n - k]
        prods = xv * hv
        steps.append(ConvStep(n=n, k=k, x_values=xv, h_values=hv, products=prods,
                              total=float(prods.sum())))
    y = np.array([s.total for s in steps])
    return ConvSteps(x=xa, h=ha, h_flipped=ha[::-1].copy(), steps=tuple(steps), y=y)
