"""Convolution lessons: each scene's parameters and everything it shows, from dlmath."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlmath.convolution import ConvSteps, conv1d_steps
from lessons import Lesson, NoParams, Params, param

__all__ = ["LESSONS", "Conv1DFlipShiftParams", "Conv1DFlipShiftData", "conv1d_flip_shift"]


# ---------------------------------------------------------------- Conv1DFlipShift

FLIP_SHIFT_MAX_X, FLIP_SHIFT_MAX_H = 6, 3
"""Longest x and h: the strip has N + 2K − 2 index columns (one per position the kernel
visits) at 1 unit each beside the row names; 6 + 2·3 − 2 = 10 is what the frame holds,
and a y[n] line holds at most 3 products."""


@dataclass(frozen=True)
class Conv1DFlipShiftParams(Params):
    """Conv1DFlipShift's inputs (defaults: the lecture notes' example)."""

    x: tuple[float, ...] = param((1.0, 2.0, 3.0), "the signal x[k], k = 0, 1, …",
                                 length=(1, FLIP_SHIFT_MAX_X), low=-9.5, high=9.5)
    h: tuple[float, ...] = param((0.0, 1.0, 0.5), "the kernel h[k], k = 0, 1, …",
                                 length=(1, FLIP_SHIFT_MAX_H), low=-9.5, high=9.5)



@dataclass(frozen=True)
class Conv1DFlipShiftData:
    """What Conv1DFlipShift draws."""

    conv: ConvSteps
    """x, h, the flipped kernel and every step n: overlap k, x[k], h[n−k], products, y[n]."""
    columns: np.ndarray
    """Every index the kernel visits: −(K−1) … N+K−2 (one column each on screen)."""
    y_low: float
    """Lowest point of the stem plot (0, or the most negative y[n])."""
    y_high: float
    """Highest point of the stem plot (at least 1, so small outputs keep a visible scale)."""


def conv1d_flip_shift(params: Conv1DFlipShiftParams) -> Conv1DFlipShiftData:
    """y = x * h as flip, shift, multiply, sum (:func:`dlmath.convolution.conv1d_steps`)."""
    conv = conv1d_steps(params.x, params.h)
    columns = np.arange(-(conv.h.size - 1), conv.x.size + conv.h.size - 1)
    return Conv1DFlipShiftData(conv=conv, columns=columns,
                               y_low=float(min(0.0, conv.y.min())),
                               y_high=float(max(1.0, conv.y.max())))


# ---------------------------------------------------------------- not yet converted


def _pending(params):
    return None


LESSONS = (
    Lesson('Conv1DFlipShift', Conv1DFlipShiftParams, conv1d_flip_shift,
           'Discrete 1-D convolution read as flip the kernel, shift it, multiply, sum.',
           37.0),
    Lesson('ConvVsCorrelation', NoParams, _pending,
           'Convolution flips the kernel; cross-correlation, what CNN layers compute, does not.',
           35.0),
    Lesson('ContinuousConvolution', NoParams, _pending,
           'Continuous convolution: g(t−τ) slides over f(τ); the shaded overlap area is (f*g)(t).',
           35.0),
    Lesson('Conv2DGrid', NoParams, _pending,
           '2-D convolution on a number grid: zero padding, stride, dilation and the output-size formula.',
           52.0),
    Lesson('ConvAsMatrix', NoParams, _pending,
           'Convolution is a matrix product y = Cx: a sparse C whose rows repeat the same few weights.',
           30.0),
    Lesson('TransposedConvScatter', NoParams, _pending,
           'Transposed convolution: every input cell scatters a scaled kernel, overlaps add; not an inverse.',
           31.0),
    Lesson('TransposedCheckerboard', NoParams, _pending,
           'Why transposed convolutions make checkerboards: uneven kernel overlap when k is not a multiple of s.',
           23.0),
    Lesson('ConvLayerCost', NoParams, _pending,
           'Parameters and multiply-adds of a conv layer vs a dense layer on the same image: weight sharing.',
           25.0),
)
