"""gradient_descent: lessons (parameters and what each scene shows)."""

from __future__ import annotations

from lessons import Lesson, NoParams


def _pending(params):
    return None


LESSONS = (
    Lesson('GradientDescentSteps', NoParams, _pending,
           "Gradient descent on the seed's cost(W): a ball steps down along the tangent slope.",
           44.0),
    Lesson('LearningRateRegimes', NoParams, _pending,
           'Learning rate too small, good, oscillating, diverging: one cost, four runs, exact thresholds.',
           30.0),
    Lesson('OptimizerPaths2D', NoParams, _pending,
           'GD, momentum and Adam drawn step by step on an ill-conditioned bowl and on Rosenbrock.',
           37.0),
    Lesson('MiniBatchSGD', NoParams, _pending,
           'Full-batch vs mini-batch gradient descent on linear regression: epochs, batches, steps.',
           51.0),
    Lesson('OptimizerLossCurves', NoParams, _pending,
           "Cost per step on a log scale for the runs of OptimizerPaths2D, with GD's worst-case bound.",
           27.0),
)
