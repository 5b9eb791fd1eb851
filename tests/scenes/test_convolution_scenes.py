"""The numbers the convolution scenes put on screen are dlmath's, and match numpy."""

from __future__ import annotations

import numpy as np

from dlmath.convolution import conv1d_steps
from scenes.convolution import Conv1DFlipShift
from scenes.style import fmt_num
from tests.conftest import dry_run


def test_flip_shift_shows_every_step_and_the_numpy_result():
    scene = dry_run(Conv1DFlipShift)
    shown = scene.shown
    steps = conv1d_steps(Conv1DFlipShift.x, Conv1DFlipShift.h)
    for step in steps.steps:
        assert any(s.startswith(f"y[{step.n}] =") and s.endswith(f"= {fmt_num(step.total)}")
                   for s in shown), f"step n={step.n} not on screen"
        for p in step.products:
            assert fmt_num(p) in shown
    # the final line against an independent reference
    ref = np.convolve(Conv1DFlipShift.x, Conv1DFlipShift.h)
    assert "y = x * h = [" + r",\ ".join(fmt_num(v) for v in ref) + "]" in shown
    assert [k for _, k, _ in scene.beats][-1] == "result"
    times = [t for t, _, _ in scene.beats]
    assert times == sorted(times)
