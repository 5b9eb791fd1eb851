"""dlmath.convolution against independent references (numpy.convolve, hand sums)."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.convolution import MODES, conv1d, conv1d_steps


def test_seed_example_matches_numpy_and_hand_values():
    # Hand-computed: y = [1*0, 1*1 + 2*0, 1*.5 + 2*1 + 3*0, 2*.5 + 3*1, 3*.5]
    expected = np.array([0.0, 1.0, 2.5, 4.0, 1.5])
    np.testing.assert_allclose(conv1d([1, 2, 3], [0, 1, 0.5]), expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(np.convolve([1, 2, 3], [0, 1, 0.5]), expected)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("n_x, n_h", [(1, 1), (5, 3), (3, 5), (8, 8), (13, 4), (4, 13), (2, 7)])
def test_random_inputs_match_numpy_convolve(mode, n_x, n_h):
    rng = np.random.default_rng(1234 + 31 * n_x + n_h)
    x, h = rng.normal(size=n_x), rng.normal(size=n_h)
    np.testing.assert_allclose(conv1d(x, h, mode), np.convolve(x, h, mode), rtol=1e-12, atol=1e-12)


def test_steps_are_flip_shift_multiply_sum():
    x, h = [1.0, 2.0, 3.0], [0.0, 1.0, 0.5]
    res = conv1d_steps(x, h)
    np.testing.assert_array_equal(res.h_flipped, [0.5, 1.0, 0.0])
    assert [s.n for s in res.steps] == [0, 1, 2, 3, 4]
    # n = 2: the flipped kernel [0.5, 1, 0] sits over k = 0, 1, 2
    s2 = res.steps[2]
    np.testing.assert_array_equal(s2.k, [0, 1, 2])
    np.testing.assert_array_equal(s2.h_values, [0.5, 1.0, 0.0])
    np.testing.assert_array_equal(s2.products, [0.5, 2.0, 0.0])
    assert s2.total == 2.5
    np.testing.assert_array_equal(res.kernel_positions(2), [0, 1, 2])
    np.testing.assert_array_equal(res.kernel_positions(0), [-2, -1, 0])
    np.testing.assert_allclose(res.y, np.convolve(x, h))


def test_steps_random_against_numpy():
    rng = np.random.default_rng(7)
    x, h = rng.normal(size=9), rng.normal(size=4)
    res = conv1d_steps(x, h)
    np.testing.assert_allclose([s.total for s in res.steps], np.convolve(x, h), rtol=1e-12)
    for s in res.steps:  # every product pairs x[k] with h[n-k]
        np.testing.assert_array_equal(s.x_values, x[s.k])
        np.testing.assert_array_equal(s.h_values, h[s.n - s.k])


@pytest.mark.parametrize("x, h, match", [
    ([], [1.0], "x must not be empty"),
    ([1.0], [], "h must not be empty"),
    ([[1.0, 2.0]], [1.0], "x must be 1-D"),
    ([1.0, np.nan], [1.0], "x must contain only finite"),
    ([1.0], [np.inf], "h must contain only finite"),
])
def test_bad_input_names_the_argument(x, h, match):
    with pytest.raises(ValueError, match=match):
        conv1d(x, h)
    with pytest.raises(ValueError, match=match):
        conv1d_steps(x, h)


def test_unknown_mode_lists_the_choices():
    with pytest.raises(ValueError, match=r"mode must be one of \('full', 'same', 'valid'\)"):
        conv1d([1, 2], [1], mode="circular")
