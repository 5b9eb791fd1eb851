"""Property-based bad-input tests: random bad values at every argument of every public
dlmath function (issue 19, item 9).

For every case of :data:`tests.math.badinput.CASES` (each public function of each dlmath
module's ``__all__``, plus public methods and constructors) and each of its arguments,
Hypothesis draws bad values — NaN, ±inf, huge and tiny floats, negative, zero and
non-integral sizes, bools, strings, None, complex numbers, empty, wrong-shaped and
ragged arrays, arrays with one poisoned entry — and the call must either

* raise ``ValueError``/``TypeError`` whose message names that argument, or
* return a finite result (no NaN/inf that the valid call does not have), and only for a
  value that may be valid (a finite result for NaN, a string or a non-integral size is a
  wrong result).

Each call has a time limit (a hang fails instead of hanging) and the process an
address-space limit while the suite runs (a huge allocation fails instead of swapping).
The fixed sweep with counts is ``python -m tests.math.bad_input_sweep``.
"""

from __future__ import annotations

import resource
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlmath import _validate as V
from tests.math import badinput as B

CALL_LIMIT = 20.0
"""Seconds one call may take before it counts as a hang."""

SLOW_CASES = {"convolution.continuous_conv", "autodiff.symbolic_gradient",
              "autodiff.symbolic_gradient_at", "autodiff.to_sympy", "optim.make_cost",
              "optim.regression_cost_1d", "optim.linear_regression_cost",
              "optim.quadratic_cost", "optim.rosenbrock", "optim.tangent_segment",
              "optim.gradient_descent", "optim.momentum", "optim.nesterov", "optim.rmsprop",
              "optim.adam", "optim.CostFunction.value", "linear.train_mlp"}
"""Cases whose valid call takes tens of milliseconds (sympy, training): fewer examples."""

ALLOWED = B.ALLOWED

PAIRS = [(case, arg) for case in B.CASES for arg, _, _ in B.arguments(case)]


@pytest.fixture(scope="module", autouse=True)
def _memory_limit():
    """At most ~3 GB more address space while the suite runs (restored afterwards)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as fh:
        used = int(fh.read().split()[0]) * resource.getpagesize()
    limit = used + 3 * 2**30
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# ---------------------------------------------------------------- strategies

_SCALARS = st.one_of(
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 1e-308,
                     5e-324, 0, -1, 2.7, -0.5, 10**8, 10**18, True, False, None, "a", "",
                     1 + 1j, [], [1, 2], (), {}]),
    st.floats(allow_nan=True, allow_infinity=True),
    # sizes and step counts: small ones, and ones beyond every dlmath limit (the values in
    # between are valid and may legitimately take seconds)
    st.integers(min_value=-(10**12), max_value=3000),
    st.integers(min_value=max(V.MAX_STEPS, V.MAX_POINTS) + 1, max_value=10**12),
    st.complex_numbers(allow_nan=True, allow_infinity=True),
    st.text(max_size=4),
)


def _poisoned(valid):
    """The valid array with one entry (at a random place) replaced by a bad scalar."""
    arr = np.array(valid, dtype=object)
    if arr.size == 0:
        return st.just([])
    bad = st.sampled_from([float("nan"), float("inf"), -float("inf"), 1 + 1j, "a", None, 2.5])

    def put(i, v):
        out = arr.copy()
        out.flat[i % out.size] = v
        return out.tolist()
    return st.builds(put, st.integers(0, arr.size - 1), bad)


def strategy(valid, optional: bool, arg: str = ""):
    """Bad values for an argument whose valid value is ``valid``."""
    fixed = [v for _, v, _ in B.bad_values(valid, optional, arg)]
    parts = [st.sampled_from(fixed)] if fixed else []
    kind = B._kind(valid)
    if kind in ("array", "intarray"):
        parts += [_poisoned(valid),
                  st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=4),
                  st.just(np.zeros((0, 2))), st.just([[1.0, 2.0], [3.0]])]
    else:
        parts.append(_SCALARS.filter(lambda v: v is not None or not optional))
    return st.one_of(*parts)


def validity(case: str, arg: str, valid, value) -> str:
    """INVALID when every finite result for ``value`` would be wrong, else MAYBE."""
    for _, v, how in B.bad_values(valid, False, arg):
        if v is value or (type(v) is type(value) and _same(v, value)):
            return how
    kind = B._kind(valid)
    if value is None or isinstance(value, (str, complex)):
        return B.INVALID if kind != "str" or not isinstance(value, str) else B.MAYBE
    if isinstance(value, float) and not np.isfinite(value):
        return B.INVALID
    if kind == "int" and isinstance(value, float) and not float(value).is_integer():
        return B.INVALID
    if kind in ("int", "float") and isinstance(value, (bool, list, tuple, dict)):
        return B.INVALID
    if isinstance(value, list) and _has_bad_entry(value):
        return B.INVALID
    return B.MAYBE


def _same(a, b) -> bool:
    try:
        return bool(a == b) if not isinstance(a, float) or not np.isnan(a) else (
            isinstance(b, float) and np.isnan(b))
    except Exception:  # noqa: BLE001 - arrays, unequal types
        return False


def _has_bad_entry(value) -> bool:
    flat = np.array(value, dtype=object).ravel() if value else []
    for v in flat:
        if v is None or isinstance(v, (str, complex)):
            return True
        if isinstance(v, float) and not np.isfinite(v):
            return True
    return False


# ---------------------------------------------------------------- the property


def check(case: str, arg: str, valid, value) -> None:
    """The call with ``arg = value`` raises a clear error or returns a correct finite result."""
    label = next((lab for lab, v, _ in B.bad_values(valid, False, arg)
                  if v is value or (type(v) is type(value) and _same(v, value))), V.show(value))
    how = validity(case, arg, valid, value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = B.probe(case, arg, label, value, how, seconds=CALL_LIMIT)
    if p.outcome in ("clear", "ok"):
        return
    if (case, arg, p.label) in ALLOWED and p.outcome in ("accepted", "nonfinite"):
        return
    raise AssertionError(f"{case}({arg}={V.show(value)}): {p.outcome} — {p.detail}")


@pytest.mark.parametrize("case, arg", PAIRS, ids=[f"{c}-{a}" for c, a in PAIRS])
def test_bad_value_is_refused_by_name_or_harmless(case, arg):
    _, factory = B.CASES[case]
    valid = factory()[arg]
    optional = dict((a, o) for a, _, o in B.arguments(case))[arg]

    @settings(max_examples=3 if case in SLOW_CASES else 8, deadline=None, database=None,
              derandomize=True, suppress_health_check=list(HealthCheck))
    @given(value=strategy(valid, optional, arg))
    def run(value):
        check(case, arg, valid, value)

    run()


def test_every_public_function_has_a_case():
    """A new public dlmath function must get a case in tests/math/badinput.py."""
    assert sorted(set(B.public_functions()) - set(B.CASES)) == []


def test_valid_calls_are_finite_and_quick():
    """The baseline of every case runs (so a refusal above is about the bad value)."""
    for case, (fn, factory) in B.CASES.items():
        kind, res, dt = B.call_with_limit(fn, factory(), CALL_LIMIT)
        assert kind == "return", f"{case}: {kind} {res!r}"


# ---------------------------------------------------------------- the issue's findings


def test_labels_refuse_inf():
    from dlmath.linear import accuracy, train_test_split
    with pytest.raises(ValueError, match=r"y must hold class indices"):
        train_test_split([[0.0, 0.0], [1.0, 1.0]], [0, float("inf")])
    with pytest.raises(ValueError, match=r"y must hold class indices"):
        accuracy([[1.0, 0.0], [0.0, 1.0]], [0, float("inf")])


def test_snapshot_epochs_checked_before_training():
    from dlmath.linear import train_mlp
    with pytest.raises(ValueError, match=r"snapshot_epochs\[0\] must be an integer"):
        train_mlp([[0.0, 0.0], [1.0, 1.0]], [0, 1], epochs=10**4, snapshot_epochs=(1.5,))


def test_sgd_flags_divergence_like_the_other_optimizers():
    from dlmath.optim import gradient_descent, quadratic_cost, sgd
    run = sgd([0.0, 0.5, 1.0, 2.0], [1.0, 2.0, 3.0, 5.0], 2, 50, 100.0, 0)
    assert run.diverged and run.diverged_at is not None
    assert np.all(np.isfinite(run.params)) and np.all(np.isfinite(run.loss))
    assert len(run.loss) == len(run.params) == len(run.batch_loss) + 1
    gd = gradient_descent(quadratic_cost([[2.0]]).grad, [1.0], 100.0, 50)
    assert gd.diverged
    calm = sgd([0.0, 0.5, 1.0, 2.0], [1.0, 2.0, 3.0, 5.0], 2, 5, 0.05, 0)
    assert not calm.diverged and calm.diverged_at is None and calm.steps == 10


@pytest.mark.parametrize("call, match", [
    (lambda: __import__("dlmath.linear", fromlist=["x"]).softmax_loss_grads(
        [[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0], [[1.0, 2.0]], [0], l2=float("nan")), r"\bl2\b"),
    (lambda: __import__("dlmath.optim", fromlist=["x"]).linear_data(5, 1.0, 0.0, float("nan"), 0), r"\bnoise\b"),
    (lambda: __import__("dlmath.optim", fromlist=["x"]).quadratic_cost([[1.0]], offset=float("nan")), r"\boffset\b"),
    (lambda: __import__("dlmath.optim", fromlist=["x"]).quadratic_cost([[1.0]], center=[float("nan")]), r"\bcenter\b"),
    (lambda: __import__("dlmath.convolution", fromlist=["x"]).rect(0, 1, float("nan")), r"\bheight\b"),
    (lambda: __import__("dlmath.convolution", fromlist=["x"]).correlate2d(
        np.ones((2, 3, 3)), np.ones((1, 2, 2, 2)), bias=[float("nan")]), r"\bbias\b"),
    (lambda: __import__("dlmath.diffusion", fromlist=["x"]).ink_drop(10, 5, float("nan"), 0.1, 0.1, 0), r"\bD\b"),
    (lambda: __import__("dlmath.diffusion", fromlist=["x"]).ink_drop(10, 5, 0.1, float("nan"), 0.1, 0), r"\bdt\b"),
    (lambda: __import__("dlmath.diffusion", fromlist=["x"]).ink_drop(10, 5, 0.1, 0.1, float("nan"), 0), r"\bsigma0\b"),
    (lambda: __import__("dlmath.diffusion", fromlist=["x"]).GaussianMixture.create(
        [1.0], [[0.0]], [float("nan")]), r"\bcovs\b"),
    (lambda: __import__("dlmath.linear", fromlist=["x"]).linear_map(np.eye(2), tol=float("inf")), r"\btol\b"),
    (lambda: __import__("dlmath.linear", fromlist=["x"]).init_mlp((2, 2.7, 2)), r"sizes\[1\]"),
    (lambda: __import__("dlmath.autodiff", fromlist=["x"]).init_mlp((2, 2.7, 2), "he"), r"sizes\[1\]"),
    (lambda: __import__("dlmath.autodiff", fromlist=["x"]).train_mlp(
        [np.ones((2, 2)), np.ones((1, 2))], [np.zeros(2), np.zeros(1)], [1.0, 2.0], [1.0], lr=1e308),
     r"\blr\b"),
    (lambda: __import__("dlmath.diffusion", fromlist=["x"]).cosine_schedule(10, s=float("inf")), r"\bs\b"),
    (lambda: __import__("dlmath.optim", fromlist=["x"]).adam(lambda w: 2 * w, [1.0], 0.1, 10**8), r"steps.*MAX_STEPS"),
    (lambda: __import__("dlmath.linear", fromlist=["x"]).train_mlp([[0.0], [1.0]], [0, 1], epochs=10**5), r"epochs.*MAX_TRAIN_STEPS"),
    (lambda: __import__("dlmath.diffusion", fromlist=["x"]).two_moons(10, seed=None), r"\bseed\b"),
    (lambda: __import__("dlmath.linear", fromlist=["x"]).make_dataset("xor", seed=None), r"\bseed\b"),
    (lambda: __import__("dlmath.convolution", fromlist=["x"]).conv1d(np.array([1 + 1j, 2]), [1]), r"\bx\b.*complex"),
    (lambda: __import__("dlmath.convolution", fromlist=["x"]).conv_output_size(float("nan"), 3), r"\bi\b"),
])
def test_issue_19_findings(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_no_matplotlib_in_dlmath():
    """dlmath is numpy + sympy: no module of it imports matplotlib (DESIGN.md)."""
    import pathlib
    import re
    root = pathlib.Path(V.__file__).parent
    for path in sorted(root.glob("*.py")):
        text = path.read_text()
        assert not re.search(r"^\s*(import|from)\s+matplotlib", text, re.M), path.name
