"""linear_classifier: lessons (parameters and what each scene shows)."""

from __future__ import annotations

from lessons import Lesson, NoParams


def _pending(params):
    return None


LESSONS = (
    Lesson('MatrixAsTransform', NoParams, _pending,
           'A 2×2 matrix moves î and ĵ to its columns; det is the area scale; det 0 flattens.',
           29.0),
    Lesson('LinearClassifierScores', NoParams, _pending,
           'A 3×2 linear classifier: rows as templates, scores as dot products, argmax regions, training.',
           46.0),
    Lesson('LinesNotEnough', NoParams, _pending,
           'Circle and XOR data defeat every straight line; the lift x1² + x2² makes a plane enough.',
           40.0),
    Lesson('Uncrumpling', NoParams, _pending,
           'A 2-2-2 tanh network on XOR, layer by layer: each layer bends the plane until a line separates.',
           28.0),
    Lesson('PlaygroundSpiral', NoParams, _pending,
           'Playground: an MLP learns the spiral; train vs test loss; then L2 and dropout narrow the gap.',
           39.0),
)
