"""Input validation shared by every dlmath module.

Each helper converts one public argument at the entry point of a public function and
raises, naming that argument, the value received and what is accepted::

    ValueError("lr must be a finite number > 0, got nan")
    TypeError("steps must be an integer >= 0, got 'ten' (a str)")

``TypeError`` when the value is of the wrong kind (a string, None, a bool or a complex
number where a real number is needed), ``ValueError`` when it is of the right kind but
out of range (NaN, inf, negative, non-integral, empty, wrong shape).

Conventions (the same in every module):

* integers: Python and numpy integers, and floats with an integral value (``3.0``); never
  bools, ``2.7``, NaN or inf.
* real numbers: Python/numpy/sympy reals; never bools, complex numbers, strings or None;
  finite unless a helper says otherwise.
* randomness: a ``seed`` is an int >= 0 or a ``numpy.random.Generator``; ``None`` (fresh
  entropy, a different result every call) is refused so every result is reproducible.
* work is bounded: loops and sizes are checked against :data:`MAX_STEPS` and
  :data:`MAX_ELEMENTS` up front, so a typo (``steps=10**8``) fails at once instead of
  running for minutes.
"""

from __future__ import annotations

import math
import numbers
from typing import Iterable, Sequence

import numpy as np

__all__ = [
    "ArgumentTypeError",
    "MAX_STEPS",
    "MAX_TRAIN_STEPS",
    "MAX_POINTS",
    "MAX_ELEMENTS",
    "show",
    "finite_float",
    "positive",
    "integer",
    "count",
    "steps",
    "flag",
    "choice",
    "array",
    "labels",
    "pair",
    "seed",
    "rng",
    "check_elements",
    "finite_result",
    "instance",
]

class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong kind. A TypeError, and also a ValueError so that callers
    written for dlmath's earlier ``ValueError``-only validation keep catching it."""


MAX_STEPS: int = 100_000
"""Largest number of iterations (steps, epochs, schedule length T) and of points or sizes a
dlmath function accepts: seconds of work at most; the scenes use a few hundred."""

MAX_TRAIN_STEPS: int = 20_000
"""Largest number of parameter updates of a training loop (``train_mlp``, ``train_softmax``):
each update is a full forward and backward pass, about half a millisecond."""

MAX_POINTS: int = 1_000_000
"""Largest number of points (samples, particles, data points) a dlmath function draws."""

MAX_ELEMENTS: int = 50_000_000
"""Largest number of array entries a dlmath function allocates (400 MB of float64)."""


def show(v: object, limit: int = 80) -> str:
    """A short ``repr`` of a received value, for error messages."""
    if isinstance(v, np.ndarray):
        text = repr(v.tolist()) if v.size <= 8 else f"an array of shape {v.shape}"
    else:
        try:
            text = repr(v)
        except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the real error
            text = f"a {type(v).__name__}"
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def _kind(v: object) -> str:
    """`` (a str)`` etc.: the type, for TypeError messages."""
    return f" (a {type(v).__name__})"


def _range_text(low, high, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        return f" in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f" {'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f" {'<' if high_open else '<='} {high:g}"
    return ""


def _is_real(v: object) -> bool:
    if isinstance(v, (bool, np.bool_)):
        return False
    if isinstance(v, np.ndarray):
        return v.ndim == 0 and v.dtype.kind in "iuf"
    return isinstance(v, numbers.Real)


def finite_float(name: str, v: object, low: float | None = None, high: float | None = None,
                 low_open: bool = False, high_open: bool = False,
                 allow_inf: bool = False) -> float:
    """``v`` as a finite float, optionally in a range (``low_open``: ``> low``, else ``>=``)."""
    what = f"a {'' if allow_inf else 'finite '}number" + _range_text(low, high, low_open, high_open)
    if not _is_real(v):
        if isinstance(v, (complex, np.complexfloating)):
            raise ArgumentTypeError(f"{name} must be {what}, got {show(v)} (complex numbers are not accepted)")
        raise ArgumentTypeError(f"{name} must be {what}, got {show(v)}{_kind(v)}")
    f = float(v)
    bad = math.isnan(f) or (not allow_inf and math.isinf(f))
    if not bad and low is not None:
        bad = f <= low if low_open else f < low
    if not bad and high is not None:
        bad = f >= high if high_open else f > high
    if bad:
        raise ValueError(f"{name} must be {what}, got {show(v)}")
    return f


def positive(name: str, v: object) -> float:
    """A finite float ``> 0``."""
    return finite_float(name, v, low=0.0, low_open=True)


def integer(name: str, v: object, low: int | None = None, high: int | None = None,
            high_name: str | None = None) -> int:
    """``v`` as a Python int in ``[low, high]`` (ints, numpy ints, integral floats)."""
    if high_name is None and high in (MAX_STEPS, MAX_POINTS):
        high_name = "dlmath's MAX_STEPS" if high == MAX_STEPS else "dlmath's MAX_POINTS"
    what = "an integer" + (f" >= {low}" if low is not None else "")
    if isinstance(v, np.ndarray) and v.ndim == 0:
        v = v.item()
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
        raise ArgumentTypeError(f"{name} must be {what}, got {show(v)}{_kind(v)}")
    if isinstance(v, numbers.Integral):
        i = int(v)
    else:
        f = float(v)
        if not math.isfinite(f) or not f.is_integer() or abs(f) > 2**53:
            raise ValueError(f"{name} must be {what}, got {show(v)}")
        i = int(f)
    if low is not None and i < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {show(v)}")
    if high is not None and i > high:
        limit = f" ({high_name})" if high_name else ""
        raise ValueError(f"{name} must be an integer <= {high}{limit}, got {show(v)}")
    return i


def count(name: str, v: object, low: int = 1, high: int = MAX_STEPS) -> int:
    """A size or a number of points: an integer in ``[low, high]`` (default ``1..MAX_STEPS``)."""
    return integer(name, v, low, high)


def steps(name: str, v: object, low: int = 0) -> int:
    """A number of iterations: an integer in ``[low, MAX_STEPS]``."""
    return integer(name, v, low, MAX_STEPS)


def flag(name: str, v: object) -> bool:
    """A bool (``True``/``False``, numpy bools, or the integers 0 and 1)."""
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, numbers.Integral) and int(v) in (0, 1):
        return bool(v)
    raise ArgumentTypeError(f"{name} must be True or False, got {show(v)}{_kind(v)}")


def choice(name: str, v: object, options: Sequence[str]) -> str:
    """One of ``options`` (strings)."""
    if not isinstance(v, str) or v not in options:
        raise ValueError(f"{name} must be one of {tuple(options)}, got {show(v)}")
    return v


def instance(name: str, v: object, cls: type | tuple[type, ...], what: str | None = None) -> object:
    """``v`` itself when it is an instance of ``cls``, else a TypeError naming ``name``."""
    if not isinstance(v, cls):
        if what is None:
            names = [c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,))]
            what = "a " + " or a ".join(names)
        raise ArgumentTypeError(f"{name} must be {what}, got {show(v)}{_kind(v)}")
    return v


def _as_real_array(name: str, v: object) -> np.ndarray:
    if type(v) is np.ndarray and v.dtype == np.float64:  # the fast path of inner loops
        return v
    if v is None or isinstance(v, (str, bytes)):
        raise ArgumentTypeError(f"{name} must be an array of real numbers, got {show(v)}{_kind(v)}")
    try:
        raw = np.asarray(v)
    except (ValueError, TypeError):
        raw = None
    if raw is not None and raw.dtype.kind == "c":
        raise ValueError(f"{name} must hold real numbers, got complex values {show(raw)}")
    if raw is not None and raw.dtype.kind in "biuf":
        return raw.astype(float, copy=False)
    try:
        arr = np.asarray(v, dtype=float)
    except (ValueError, TypeError) as err:
        if "inhomogeneous" in str(err) or "sequence" in str(err):
            raise ValueError(f"{name} must be a rectangular array of real numbers (rows of "
                             f"equal length), got {show(v)}") from None
        raise ArgumentTypeError(f"{name} must be an array of real numbers, got {show(v)}") from None
    return arr


def array(name: str, v: object, ndim: int | Iterable[int] | None = None,
          shape: tuple[int | None, ...] | None = None, finite: bool = True,
          nonempty: bool = True, max_size: int = MAX_ELEMENTS) -> np.ndarray:
    """``v`` as a float array; refuses strings, None, complex numbers and ragged rows.

    ``ndim`` (an int or several), ``shape`` (``None`` entries match any length), finite
    entries and at least one entry are checked unless switched off.
    """
    arr = _as_real_array(name, v)
    if shape is not None:
        ok = arr.ndim == len(shape) and all(s is None or s == t for s, t in zip(shape, arr.shape))
        if not ok:
            dims = ["n" if s is None else str(s) for s in shape]
            want = f"({dims[0]},)" if len(dims) == 1 else "(" + ", ".join(dims) + ")"
            raise ValueError(f"{name} must have shape {want}, got {arr.shape}")
    elif ndim is not None:
        dims = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in dims:
            want = "be 1-D" if dims == (1,) else f"have {' or '.join(map(str, dims))} dimensions"
            raise ValueError(f"{name} must {want}, got an array of shape {arr.shape}")
    if nonempty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if arr.size > max_size:
        raise ValueError(f"{name} has {arr.size} entries, more than dlmath's limit {max_size}")
    if finite and not np.isfinite(arr).all():
        raise ValueError(f"{name} must contain only finite numbers, got {show(arr)}")
    return arr


def labels(name: str, y: object, n: int | None = None, n_classes: int | None = None,
           points: str = "X") -> np.ndarray:
    """Class indices as a 1-D int array: finite, integral, ``>= 0`` (``< n_classes``), length ``n``.

    ``points`` names the argument whose rows the labels belong to (for the length message).
    Without ``n_classes`` the indices must stay below :data:`MAX_STEPS`."""
    if y is None or isinstance(y, (str, bytes)):
        raise ArgumentTypeError(f"{name} must be an array of class indices 0, 1, ..., got {show(y)}{_kind(y)}")
    arr = _as_real_array(name, y)
    if n is not None and arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) to match the points (one label per "
                         f"row of {points}), got {arr.shape}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if arr.size:
        bad = ~np.isfinite(arr) | (arr != np.round(arr)) | (arr < 0)
        bad |= arr >= (n_classes if n_classes is not None else MAX_STEPS)
        if np.any(bad):
            top = f" below n_classes = {n_classes}" if n_classes is not None else ""
            raise ValueError(f"{name} must hold class indices 0, 1, ...{top}, got "
                             f"{show(np.unique(arr[bad]))}")
    return arr.astype(int)


def pair(name: str, v: object, low: int, high: int | None = None) -> tuple[int, int]:
    """An integer or a pair of integers, each in ``[low, high]``, as a pair."""
    if isinstance(v, (tuple, list, np.ndarray)):
        if len(v) != 2:
            raise ValueError(f"{name} must be an integer or a pair of integers, got {show(v)}")
        return (integer(name, v[0], low, high), integer(name, v[1], low, high))
    n = integer(name, v, low, high)
    return (n, n)


def seed(name: str, v: object) -> int | np.random.Generator:
    """A reproducible seed: an int ``>= 0`` or a ``numpy.random.Generator`` (never None)."""
    if isinstance(v, np.random.Generator):
        return v
    if v is None:
        raise ArgumentTypeError(f"{name} must be an int >= 0 or a numpy Generator, got None "
                                f"(dlmath results are reproducible: pass a seed)")
    try:
        return integer(name, v, 0)
    except ValueError as err:
        raise type(err)(f"{name} must be an int >= 0 or a numpy Generator, got {show(v)}") from None


def rng(name: str, v: object) -> np.random.Generator:
    """A Generator from ``v`` (a Generator, or an int seed ``>= 0``)."""
    if isinstance(v, np.random.Generator):
        return v
    if v is None:
        raise ValueError(f"{name} must be a numpy Generator or an int seed >= 0, got None")
    try:
        return np.random.default_rng(integer(name, v, 0))
    except ValueError as err:
        raise type(err)(f"{name} must be a numpy Generator or an int seed >= 0, got {show(v)}") from None


def finite_result(names: str, *arrays: object) -> None:
    """Refuse a result that overflowed to inf/NaN from finite inputs, naming the inputs."""
    for a in arrays:
        if not np.isfinite(np.asarray(a, dtype=float)).all():
            raise ValueError(f"the result overflows to inf/NaN: {names} too large")


def check_elements(name: str, n: int, what: str = "values") -> None:
    """Refuse work that would allocate more than :data:`MAX_ELEMENTS` entries, naming ``name``."""
    if n > MAX_ELEMENTS:
        raise ValueError(f"{name} asks for {n} {what}, more than dlmath's limit {MAX_ELEMENTS}")
