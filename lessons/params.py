"""A lesson's parameters: named, typed, documented, ranged — and refused when out of range.

A lesson declares its parameters as a frozen dataclass whose fields are made with
:func:`param`::

    @dataclass(frozen=True)
    class Conv1DFlipShiftParams(Params):
        x: tuple[float, ...] = param((1.0, 2.0, 3.0), "the signal x[k]",
                                     length=(1, 6), low=-99, high=99)

        def check(self) -> None:          # constraints between parameters, layout limits
            if len(self.x) + 2 * len(self.h) - 2 > 10:
                self.refuse("h", self.h, "x and h together may span at most 10 columns")

Values come from the command line (``--set x=1,2,3``, parsed by :meth:`Params.parse`),
from a TOML file (one table a scene, native TOML values) or from Python; every route
ends in :meth:`Params.build`, which converts, validates each field against its spec,
then calls :meth:`Params.check`. A bad value raises :class:`ParamError`, whose message
names the scene, the parameter, the value received and what is allowed.

No manim here: the pipeline lists, validates and hashes parameters without it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping

__all__ = ["ParamError", "ParamSpec", "Params", "param", "NoParams"]


class ParamError(ValueError):
    """A parameter value that a lesson refuses: names the scene, the parameter, the value
    received and what is allowed (exit code 2 on the command line)."""

    def __init__(self, scene: str, name: str, value: object, allowed: str):
        self.scene, self.name, self.value, self.allowed = scene, name, value, allowed
        where = f"{scene}: " if scene else ""
        if value is _UNKNOWN:
            super().__init__(f"{where}unknown parameter {name!r}; {allowed}")
        else:
            got = f" ({len(value)} values)" if isinstance(value, tuple) else ""
            super().__init__(f"{where}parameter {name!r} = {_show(value)}{got} refused: {allowed}")


_UNKNOWN = object()


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value)


@dataclass(frozen=True)
class ParamSpec:
    """What one parameter accepts (read from the field made by :func:`param`)."""

    name: str
    type: str
    """``float``, ``int``, ``bool``, ``str``, ``tuple[float, ...]``, ``tuple[int, ...]``,
    ``tuple[tuple[float, ...], ...]`` (a matrix: rows separated by ``;`` on the command line)."""
    default: object
    doc: str
    low: float | None = None
    """Smallest allowed value (of the number, or of every entry of a tuple)."""
    high: float | None = None
    """Largest allowed value."""
    choices: tuple | None = None
    length: tuple[int, int] | None = None
    """(min, max) number of entries of a tuple (rows of a matrix)."""
    width: tuple[int, int] | None = None
    """(min, max) number of columns of a matrix."""

    def allowed(self) -> str:
        """What is allowed, in words (``params`` prints it; errors quote it)."""
        parts = []
        if self.choices is not None:
            parts.append("one of " + ", ".join(map(str, self.choices)))
        if self.low is not None and self.high is not None:
            parts.append(f"{'entries ' if self.type.startswith('tuple') else ''}"
                         f"in [{self.low:g}, {self.high:g}]")
        elif self.low is not None:
            parts.append(f">= {self.low:g}")
        elif self.high is not None:
            parts.append(f"<= {self.high:g}")
        if self.length is not None:
            what = "rows" if self.type.startswith("tuple[tuple") else "values"
            parts.append(f"{self.length[0]}–{self.length[1]} {what}")
        if self.width is not None:
            parts.append(f"{self.width[0]}–{self.width[1]} columns")
        return "; ".join(parts) if parts else "any " + self.type

    def as_dict(self) -> dict:
        return {"name": self.name, "type": self.type, "default": _jsonable(self.default),
                "doc": self.doc, "allowed": self.allowed(),
                **{k: _jsonable(getattr(self, k)) for k in ("low", "high", "choices", "length",
                                                            "width")
                   if getattr(self, k) is not None}}


def _jsonable(v: object) -> object:
    return [_jsonable(x) for x in v] if isinstance(v, tuple) else v


def param(default: object, doc: str, *, low: float | None = None, high: float | None = None,
          choices: tuple | None = None, length: tuple[int, int] | None = None,
          width: tuple[int, int] | None = None) -> Any:
    """A parameter field: its default, a one-line doc and what is allowed.

    Parameters
    ----------
    default : object
        The value the scene shows when nobody changes it (the lecture notes' example).
    doc : str
        One line: what it is, in the scene's notation.
    low, high : float, optional
        Inclusive bounds of the number (of every entry of a tuple or matrix).
    choices : tuple, optional
        The accepted values (strings, usually).
    length : (int, int), optional
        Inclusive bounds of the number of entries (rows of a matrix).
    width : (int, int), optional
        Inclusive bounds of the number of columns of a matrix.
    """
    meta = {"doc": doc, "low": low, "high": high, "choices": choices, "length": length,
            "width": width}
    return field(default=default, metadata={"dlviz": meta})


_TYPES = {
    "float": "float", "int": "int", "bool": "bool", "str": "str",
    "tuple[float, ...]": "tuple[float, ...]", "tuple[int, ...]": "tuple[int, ...]",
    "tuple[str, ...]": "tuple[str, ...]",
    "tuple[tuple[float, ...], ...]": "tuple[tuple[float, ...], ...]",
}


def _type_name(hint: object) -> str:
    text = hint if isinstance(hint, str) else typing._type_repr(hint)  # type: ignore[attr-defined]
    text = text.replace("typing.", "").replace("Tuple", "tuple")
    if text not in _TYPES:
        raise TypeError(f"unsupported parameter type {text!r}; use one of {sorted(_TYPES)}")
    return _TYPES[text]


# ------------------------------------------------------------------ conversion


class _Bad(Exception):
    """A value of the wrong type: the message says what was expected."""


def _to_float(v: object) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise _Bad("a number")
    try:
        x = float(v)
    except ValueError:
        raise _Bad("a number") from None
    if not math.isfinite(x):
        raise _Bad("a finite number")
    return x


def _to_int(v: object) -> int:
    if isinstance(v, bool):
        raise _Bad("an integer")
    if isinstance(v, str):
        try:
            return int(v.strip())
        except ValueError:
            raise _Bad("an integer") from None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and math.isfinite(v) and v == int(v):
        return int(v)
    raise _Bad("an integer")


def _to_bool(v: object) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("true", "yes", "on", "1", "false", "no",
                                                     "off", "0"):
        return v.strip().lower() in ("true", "yes", "on", "1")
    raise _Bad("true or false")


def _to_str(v: object) -> str:
    if not isinstance(v, str):
        raise _Bad("a string")
    return v


def _split(v: object, sep: str) -> list:
    if isinstance(v, str):
        text = v.strip().strip("[]()")
        return [p for p in (s.strip() for s in text.split(sep)) if p != ""] if text else []
    if isinstance(v, (list, tuple)):
        return list(v)
    raise _Bad("a list")


_SCALAR = {"float": _to_float, "int": _to_int, "bool": _to_bool, "str": _to_str}


def _convert(kind: str, v: object) -> object:
    if kind in _SCALAR:
        return _SCALAR[kind](v)
    if kind == "tuple[tuple[float, ...], ...]":
        rows = _split(v, ";") if isinstance(v, str) else _split(v, ",")
        return tuple(tuple(_to_float(x) for x in _split(r, ",")) for r in rows)
    inner = kind[len("tuple["):-len(", ...]")]
    return tuple(_SCALAR[inner](x) for x in _split(v, ","))


# ------------------------------------------------------------------ the base class


class Params:
    """Base of every lesson's frozen parameter dataclass (see the module docstring)."""

    scene: ClassVar[str] = ""
    """The scene these parameters belong to (set by :class:`lessons.Lesson`)."""

    @classmethod
    def specs(cls) -> tuple[ParamSpec, ...]:
        """Every parameter's spec, in declaration order."""
        hints = typing.get_type_hints(cls)
        out = []
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            meta = f.metadata.get("dlviz")
            if meta is None:
                raise TypeError(f"{cls.__name__}.{f.name} must be declared with param()")
            out.append(ParamSpec(name=f.name, type=_type_name(hints[f.name]), default=f.default,
                                 **meta))
        return tuple(out)

    @classmethod
    def spec(cls, name: str) -> ParamSpec:
        for s in cls.specs():
            if s.name == name:
                return s
        raise cls._unknown(name)

    @classmethod
    def _unknown(cls, name: str) -> ParamError:
        names = ", ".join(s.name for s in cls.specs()) or "(this scene has none)"
        return ParamError(cls.scene, name, _UNKNOWN, f"valid: {names}")

    @classmethod
    def parse(cls, assignments: Mapping[str, str]) -> dict[str, object]:
        """Text values (``--set name=value``) converted to their types, not yet range-checked."""
        out = {}
        for name, text in assignments.items():
            s = cls.spec(name)
            out[name] = cls._convert(s, text)
        return out

    @classmethod
    def _convert(cls, s: ParamSpec, value: object) -> object:
        try:
            return _convert(s.type, value)
        except _Bad as exc:
            raise ParamError(cls.scene, s.name, value,
                             f"expected {exc} ({s.type}); allowed: {s.allowed()}") from None

    @classmethod
    def build(cls, values: Mapping[str, object] | None = None):
        """Parameters from ``values`` (others at their defaults), converted and validated."""
        values = dict(values or {})
        kwargs = {}
        for name, value in values.items():
            kwargs[name] = cls._convert(cls.spec(name), value)
        obj = cls(**kwargs)  # type: ignore[call-arg]
        obj.validate()
        return obj

    def validate(self) -> None:
        """Check every field against its spec, then :meth:`check` (raises :class:`ParamError`)."""
        for s in self.specs():
            self._check_spec(s, getattr(self, s.name))
        self.check()

    def _check_spec(self, s: ParamSpec, value: object) -> None:
        if s.choices is not None and value not in s.choices:
            self.refuse(s.name, value, s.allowed())
        if s.length is not None and isinstance(value, tuple) and not (
                s.length[0] <= len(value) <= s.length[1]):
            self.refuse(s.name, value, s.allowed())
        if s.width is not None and isinstance(value, tuple):
            widths = {len(r) for r in value}
            if len(widths) > 1:
                self.refuse(s.name, value, "every row must have the same number of columns")
            if widths and not s.width[0] <= widths.pop() <= s.width[1]:
                self.refuse(s.name, value, s.allowed())
        numbers = _flatten(value)
        if s.low is not None and any(x < s.low for x in numbers):
            self.refuse(s.name, value, s.allowed())
        if s.high is not None and any(x > s.high for x in numbers):
            self.refuse(s.name, value, s.allowed())

    def check(self) -> None:
        """Constraints between parameters and layout limits; override in a lesson."""

    def refuse(self, name: str, value: object, allowed: str) -> typing.NoReturn:
        """Raise the :class:`ParamError` for ``name``."""
        raise ParamError(self.scene, name, value, allowed)

    def changed(self) -> dict[str, object]:
        """The parameters that differ from their defaults, as JSON-ready values."""
        return {s.name: _jsonable(getattr(self, s.name)) for s in self.specs()
                if getattr(self, s.name) != s.default}

    def as_dict(self) -> dict[str, object]:
        return {s.name: _jsonable(getattr(self, s.name)) for s in self.specs()}

    def digest(self) -> str:
        """Short hash of the non-default values ('' for the defaults): names the variant."""
        changed = self.changed()
        if not changed:
            return ""
        return hashlib.sha256(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:8]


def _flatten(value: object) -> list[float]:
    if isinstance(value, bool) or isinstance(value, str):
        return []
    if isinstance(value, (int, float)):
        return [value]
    if isinstance(value, tuple):
        return [x for v in value for x in _flatten(v)]
    return []


@dataclass(frozen=True)
class NoParams(Params):
    """A scene with nothing to change."""
