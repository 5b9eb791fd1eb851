"""chain_rule: lessons (parameters and what each scene shows)."""

from __future__ import annotations

from lessons import Lesson, NoParams


def _pending(params):
    return None


LESSONS = (
    Lesson('BackpropGraph', NoParams, _pending,
           'Forward then backward on L = (σ(wx + b) − y)²: upstream × local = downstream on each edge.',
           52.0),
    Lesson('VanishingGradients', NoParams, _pending,
           'The chain rule as a product: σ′ ≤ 1/4 per layer makes the gradient vanish; ReLU and skips keep it.',
           40.0),
    Lesson('ActivationDerivatives', NoParams, _pending,
           'σ′ peaks at 1/4, so stacked sigmoids multiply factors ≤ 1/4; tanh and ReLU compared.',
           33.0),
    Lesson('InitHistograms', NoParams, _pending,
           'Activations layer by layer under small, large, Xavier and He initialisation (tanh, ReLU).',
           37.0),
    Lesson('ZeroInitSymmetry', NoParams, _pending,
           'Zero initialisation: both hidden units get the same gradient at every step, so they never differ.',
           24.0),
    Lesson('DenseLayerBackward', NoParams, _pending,
           "Keras' Dense: relu(Wx + b) with its shapes, then the backward pass dL/dW = δ xᵀ.",
           28.0),
)
